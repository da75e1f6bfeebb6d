"""Pages of results, page sizes and the tenant partition key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")

MAX_PAGE = 200
DEFAULT_PAGE = 50


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None

    def to_json(self, dump: Callable[[T], Any] | None = None) -> dict[str, Any]:
        render = dump or (lambda e: cast(Any, e).model_dump(mode="json"))
        return {"items": [render(i) for i in self.items], "next_cursor": self.next_cursor}


def tenant_pk(tenant_id: str) -> str:
    return f"T#{tenant_id}"
