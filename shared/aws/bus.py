"""Publishing events: the port and the EventBridge adapter (the tests' fake is `tests/fakes/bus.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from shared.events.envelope import Envelope

_PUT_EVENTS_BATCH = 10  # EventBridge's PutEvents limit


class PublishError(RuntimeError):
    """Some entries were not accepted by the bus; the caller's batch item should be retried."""


class EventPublisher(Protocol):
    def publish(self, events: Sequence[Envelope[Any]]) -> None: ...


class EventBridgePublisher:
    def __init__(self, client: Any, bus_name: str) -> None:
        self._client = client
        self._bus_name = bus_name

    def publish(self, events: Sequence[Envelope[Any]]) -> None:
        entries = [e.to_eventbridge_entry(self._bus_name) for e in events]
        for start in range(0, len(entries), _PUT_EVENTS_BATCH):
            response = self._client.put_events(Entries=entries[start : start + _PUT_EVENTS_BATCH])
            if response.get("FailedEntryCount"):
                failed = [r for r in response["Entries"] if r.get("ErrorCode")]
                first_error = failed[0].get("ErrorCode")
                raise PublishError(f"{len(failed)} event(s) rejected by the bus: {first_error}")
