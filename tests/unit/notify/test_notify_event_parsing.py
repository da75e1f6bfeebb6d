"""Parsing notify's queue messages (the shared EventBridge model): events whose detail is the envelope."""

from __future__ import annotations

import json

import pytest

from shared.events.catalog import ContractChanged
from shared.events.envelope import Envelope
from shared.runtime import BusEventError, parse_bus_event
from tests.lambda_events import eventbridge_event

CHANGED = ContractChanged(tenant_id="t", project_id="p", contract_id="c", change="created", active=True)


def _body(detail: object, name: str = "ContractChanged") -> str:
    """The event as the bus puts it on notify's queue; `detail` as given (an object or a string)."""
    return json.dumps({**eventbridge_event(name, {}, source="coi.api"), "detail": detail})


def test_detail_object_or_string_parses_to_the_typed_payload() -> None:
    envelope = Envelope.wrap(CHANGED, source="coi.api", correlation_id="x", idempotency_key="k")
    as_object = parse_bus_event(_body(json.loads(envelope.model_dump_json())))
    as_string = parse_bus_event(_body(envelope.model_dump_json()))
    assert as_object is not None
    assert as_string is not None
    assert as_object.data == CHANGED
    assert as_string.metadata.idempotency_key == "k"


def test_events_notify_does_not_know_are_ignored() -> None:
    assert parse_bus_event(_body({}, name="SomethingElse")) is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "not an EventBridge event"),
        (json.dumps({"detail": {}}), "not an EventBridge event"),
        (_body({"metadata": {}, "data": {}}), "invalid ContractChanged"),
    ],
)
def test_bad_messages_fail_with_a_one_line_reason(body: str, message: str) -> None:
    with pytest.raises(BusEventError, match=message) as failure:
        parse_bus_event(body)
    assert "\n" not in str(failure.value)
