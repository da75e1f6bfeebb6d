"""The event publisher in memory: records what was published, for tests to assert on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shared.events.envelope import Envelope, EventPayload


class InMemoryPublisher:
    def __init__(self) -> None:
        self.published: list[Envelope[Any]] = []

    def publish(self, events: Sequence[Envelope[Any]]) -> None:
        self.published.extend(events)

    def payloads(self, kind: type[EventPayload] | None = None) -> list[Any]:
        return [e.data for e in self.published if kind is None or isinstance(e.data, kind)]
