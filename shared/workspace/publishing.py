"""Publishing a use case's events after its transaction commits."""

from __future__ import annotations

from shared.events import Envelope
from shared.events.catalog import SOURCE_API
from shared.events.envelope import EventPayload
from shared.workspace.access import Context


def publish(ctx: Context, payloads: list[tuple[EventPayload, str]], source: str = SOURCE_API) -> None:
    """Publish after commit; each payload comes with the idempotency key of the fact it states."""
    if not payloads:
        return
    ctx.publisher.publish(
        [
            Envelope.wrap(
                payload,
                source=source,
                correlation_id=ctx.correlation_id,
                idempotency_key=key,
                tenant_id=ctx.tenant_id,
            )
            for payload, key in payloads
        ]
    )
