"""What every Lambda entrypoint shares: SQS batch consumption with partial failures, the
EventBridge event model that carries our envelopes, and the one way composition roots are built
and cached. Imports no service."""

from shared.runtime.composition import assemble, built_once
from shared.runtime.events import BusEvent, BusEventError, detail_type, parse_bus_event
from shared.runtime.sqs import consume_sqs_batch

__all__ = [
    "BusEvent",
    "BusEventError",
    "assemble",
    "built_once",
    "consume_sqs_batch",
    "detail_type",
    "parse_bus_event",
]
