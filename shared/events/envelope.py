"""One envelope for every event on the bus.

On EventBridge an event is published with `DetailType` = `metadata.name`, `Source` =
`metadata.source` and `Detail` = the envelope as JSON. Consumers parse the envelope with the
event's own model so that a contract test can check every producer against every consumer.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class EventPayload(BaseModel):
    """Base of every event payload. Subclasses set NAME and VERSION."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    NAME: ClassVar[str]
    VERSION: ClassVar[int] = 1


class EventMetadata(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    name: str
    version: int
    source: str
    correlation_id: str
    # Set by the producer; identical for every redelivery of the same logical fact, so
    # consumers that write outside the system deduplicate on it.
    idempotency_key: str
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    tenant_id: str | None = None


PayloadT = TypeVar("PayloadT", bound=EventPayload)


class Envelope(BaseModel, Generic[PayloadT]):
    model_config = ConfigDict(extra="forbid", frozen=True)

    metadata: EventMetadata
    data: PayloadT

    @classmethod
    def wrap(  # noqa: PLR0913  keyword-only EventMetadata fields the caller supplies
        cls,
        data: PayloadT,
        *,
        source: str,
        correlation_id: str,
        idempotency_key: str,
        tenant_id: str | None = None,
        created_at: datetime | None = None,
    ) -> Envelope[PayloadT]:
        metadata = EventMetadata(
            name=data.NAME,
            version=data.VERSION,
            source=source,
            correlation_id=correlation_id,
            idempotency_key=idempotency_key,
            tenant_id=tenant_id,
            **({"created_at": created_at} if created_at else {}),
        )
        # Parametrised by the payload's own class so that dumping keeps the subclass's fields.
        envelope_type: Any = Envelope[type(data)]  # type: ignore[misc]
        result: Envelope[PayloadT] = envelope_type(metadata=metadata, data=data)
        return result

    def to_eventbridge_entry(self, bus_name: str) -> dict[str, Any]:
        return {
            "EventBusName": bus_name,
            "Source": self.metadata.source,
            "DetailType": self.metadata.name,
            "Detail": self.model_dump_json(),
        }
