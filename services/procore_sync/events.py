"""Parsing the SQS records this service consumes: the body is the EventBridge event, its
`detail` the envelope from shared/events (the one model for every consumer: `shared.runtime`)."""

from __future__ import annotations

from shared.events import ComplianceChanged
from shared.runtime import BusEvent, detail_type

ComplianceChangedEvent = BusEvent[ComplianceChanged]

__all__ = ["ComplianceChangedEvent", "detail_type"]
