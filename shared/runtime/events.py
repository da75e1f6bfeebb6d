"""The EventBridge event that carries one of our envelopes, as a consumer's queue receives it.

`BusEvent[ComplianceChanged]` is the Powertools `EventBridgeModel` (AWS's names: `detail-type`,
`source`, `detail`) whose `detail` is the versioned envelope of `shared/events`; `parse_bus_event`
picks the payload class from the catalogue by `detail-type`. Every consumer parses this one way,
so a contract test checks every producer against every consumer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Generic

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import ValidationError

from shared.events.catalog import EVENT_TYPES
from shared.events.envelope import Envelope, EventPayload, PayloadT


class BusEventError(ValueError):
    """A message that is not an EventBridge event carrying a valid envelope: it never will be."""


class BusEvent(EventBridgeModel, Generic[PayloadT]):
    detail: Envelope[PayloadT]


def _as_mapping(body: str | bytes | Mapping[str, Any]) -> dict[str, Any]:
    try:
        event = json.loads(body) if isinstance(body, str | bytes) else dict(body)
    except ValueError as exc:
        raise BusEventError(f"not an EventBridge event: {exc.__class__.__name__}") from None
    if not isinstance(event, dict):
        raise BusEventError("not an EventBridge event: not an object")
    return event


def detail_type(body: str | bytes | Mapping[str, Any]) -> str:
    """The event's name (`detail-type`; `detail_type` as Powertools dumps it), or ""."""
    event = _as_mapping(body)
    return str(event.get("detail-type") or event.get("detail_type") or "")


def parse_bus_event(
    body: str | bytes | Mapping[str, Any], *wanted: type[EventPayload]
) -> Envelope[Any] | None:
    """The envelope the event carries, typed by its catalogue class; None for an event of another
    name (or not among `wanted`, when given). Raises BusEventError for a malformed event."""
    event = _as_mapping(body)
    name = str(event.get("detail-type") or event.get("detail_type") or "")
    if not name:  # every EventBridge event has one: this message is malformed, not another event
        raise BusEventError("not an EventBridge event: no detail-type")
    payload_type = EVENT_TYPES.get(name)
    if payload_type is None or (wanted and payload_type not in wanted):
        return None
    # EventBridge delivers `detail` as an object; a hand-sent message may carry it as a string.
    if isinstance(event.get("detail"), str):
        event = {**event, "detail": _as_mapping(event["detail"])}
    try:
        parsed: BusEvent[Any] = BusEvent[payload_type].model_validate(event)  # type: ignore[valid-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        raise BusEventError(f"invalid {name}: {first['loc']} {first['msg']}") from None
    return parsed.detail
