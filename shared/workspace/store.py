"""The item store port: the few single-table operations the repositories need.

The adapter is `DynamoItemStore` (pynamodb, `dynamo.py`). The tests' fake, `InMemoryItemStore` in
`tests/fakes/item_store.py`, behaves the same way (key order, prefixes, create-once and version
conditions, all-or-nothing transactions) so unit tests exercise the real repositories and key design
without AWS.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from shared.workspace.errors import InvalidInput, TooLarge

IndexName = Literal["table", "gsi1", "gsi2"]
INDEX_KEYS: dict[str, tuple[str, str]] = {
    "table": ("pk", "sk"),
    "gsi1": ("gsi1pk", "gsi1sk"),
    "gsi2": ("gsi2pk", "gsi2sk"),
}


@dataclass(frozen=True)
class Item:
    pk: str
    sk: str
    entity: str
    body: dict[str, Any]
    version: int = 0
    gsi1pk: str | None = None
    gsi1sk: str | None = None
    gsi2pk: str | None = None
    gsi2sk: str | None = None
    expires_at: int | None = None
    # Counter items (updated with atomic ADD, never Put by workflows).
    tally: int | None = None

    def key_for(self, index: str) -> dict[str, str]:
        """The exclusive start key DynamoDB expects to resume a query on `index` after this item."""
        keys = {"pk": self.pk, "sk": self.sk}
        if index != "table":
            hash_name, range_name = INDEX_KEYS[index]
            keys[hash_name] = getattr(self, hash_name)
            keys[range_name] = getattr(self, range_name)
        return keys


# DynamoDB refuses items over 400 KB (names and values, UTF-8); AWS documents 400,000 bytes, the
# real edge is near 409,600: the documented figure keeps the check never looser than AWS.
MAX_ITEM_BYTES = 400_000


def item_size(item: Item) -> int:
    """The stored size of `item` as DynamoDB counts it (the body is one JSON string attribute)."""
    body = json.dumps(item.body, default=str)
    keys = (item.pk, item.sk, item.entity, item.gsi1pk, item.gsi1sk, item.gsi2pk, item.gsi2sk)
    return len(body.encode()) + sum(len((k or "").encode()) for k in keys) + 64


def check_item_size(item: Item) -> None:
    """Refuse, before any write, an item DynamoDB would refuse (a clear 413 instead of a 500)."""
    size = item_size(item)
    if size > MAX_ITEM_BYTES:
        raise TooLarge(
            f"this {item.entity or 'record'} would be {size // 1000} KB; the limit is "
            f"{MAX_ITEM_BYTES // 1000} KB: shorten its text or lists",
            {"body": "too large"},
        )


@dataclass(frozen=True)
class Put:
    """Write `item`. `expected_version` 0 means create-only; otherwise the stored version must match."""

    item: Item
    expected_version: int | None = 0


@dataclass(frozen=True)
class Delete:
    pk: str
    sk: str
    expected_version: int | None = None


@dataclass(frozen=True)
class Check:
    """Fail the transaction unless the item exists with this version."""

    pk: str
    sk: str
    expected_version: int


@dataclass(frozen=True)
class Add:
    """Atomically add `amount` to the counter item's tally (created at 0 when missing)."""

    pk: str
    sk: str
    amount: int


Write = Put | Delete | Check | Add


@dataclass(frozen=True)
class QueryPage:
    items: list[Item]
    # Resume key of the last returned item, or None when nothing is left.
    next_key: dict[str, str] | None


@dataclass
class ReadCounter:
    """Read calls made against the store (GetItem, BatchGetItem, Query pages)."""

    local: threading.local = field(default_factory=threading.local)

    def add(self, n: int = 1) -> None:
        self.local.count = getattr(self.local, "count", 0) + n

    def reset(self) -> int:
        count = getattr(self.local, "count", 0)
        self.local.count = 0
        return count

    @property
    def count(self) -> int:
        return int(getattr(self.local, "count", 0))


class ItemStore(Protocol):
    reads: ReadCounter

    def get(self, pk: str, sk: str) -> Item | None: ...

    def batch_get(self, keys: Sequence[tuple[str, str]]) -> list[Item]: ...

    def query(  # noqa: PLR0913  keyword-only options of a DynamoDB Query
        self,
        pk: str,
        *,
        index: IndexName = "table",
        prefix: str | None = None,
        between: tuple[str, str] | None = None,
        start_key: dict[str, str] | None = None,
        limit: int | None = None,
        forward: bool = True,
        where: Callable[[Item], bool] | None = None,
    ) -> QueryPage: ...

    def count(
        self, pk: str, *, index: IndexName = "table", between: tuple[str, str] | None = None
    ) -> int: ...

    def transact(self, writes: Sequence[Write]) -> None: ...

    def put_many(self, items: Iterable[Item]) -> None:
        """Unconditional bulk load (seeding, benchmarks); not for workflow writes."""
        ...

    def delete_many(self, keys: Iterable[tuple[str, str]]) -> None:
        """Unconditional bulk delete of items nothing can reach any more (a superseded carrier table)."""
        ...


# ---------------------------------------------------------------- cursors


def encode_cursor(key: dict[str, str] | None) -> str | None:
    if key is None:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, *, pk_name: str, pk_value: str) -> dict[str, str] | None:
    """Cursors are opaque to clients; one that does not belong to this query is bad input."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput("invalid cursor", {"cursor": "not a cursor this list issued"}) from exc
    if (
        not isinstance(key, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in key.items())
        or key.get(pk_name) != pk_value
    ):
        raise InvalidInput("invalid cursor", {"cursor": "not a cursor this list issued"})
    return key
