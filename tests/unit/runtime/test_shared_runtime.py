"""shared/runtime: the one SQS consumer, the one EventBridge event model, building and caching
composition roots."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from shared.events import CertificateReviewed, ComplianceChanged, ContractChanged, Envelope
from shared.runtime import (
    BusEventError,
    assemble,
    built_once,
    consume_sqs_batch,
    detail_type,
    parse_bus_event,
)
from tests.contract.test_event_contracts import SAMPLES
from tests.lambda_events import eventbridge_event_for, sqs_event


def _body(envelope: Envelope[ComplianceChanged]) -> str:
    return json.dumps(eventbridge_event_for(envelope))


@pytest.fixture
def compliance_changed() -> Envelope[ComplianceChanged]:
    payload = SAMPLES["ComplianceChanged"]()
    assert isinstance(payload, ComplianceChanged)
    return Envelope.wrap(payload, source="coi.review", correlation_id="corr-1", idempotency_key="k1")


def test_an_event_parses_into_its_catalogue_class(compliance_changed):
    parsed = parse_bus_event(_body(compliance_changed))
    assert parsed is not None
    assert isinstance(parsed.data, ComplianceChanged)
    assert parsed == compliance_changed
    assert detail_type(_body(compliance_changed)) == "ComplianceChanged"


def test_an_event_of_another_name_is_not_parsed(compliance_changed):
    assert parse_bus_event(_body(compliance_changed), CertificateReviewed, ContractChanged) is None
    unknown = json.loads(_body(compliance_changed)) | {"detail-type": "SomethingElse"}
    assert parse_bus_event(unknown) is None


def test_a_detail_sent_as_a_string_parses_like_an_object(compliance_changed):
    event = json.loads(_body(compliance_changed))
    event["detail"] = json.dumps(event["detail"])
    assert parse_bus_event(event) == compliance_changed


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "not an EventBridge event: JSONDecodeError"),
        ("[1, 2]", "not an EventBridge event: not an object"),
        (json.dumps({"detail": {}}), "not an EventBridge event: no detail-type"),
        (
            json.dumps({"detail-type": "ComplianceChanged", "detail": {"metadata": {}}}),
            "invalid ComplianceChanged",
        ),
    ],
)
def test_a_malformed_event_says_why_in_one_line(body, message):
    with pytest.raises(BusEventError) as raised:
        parse_bus_event(body)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_only_the_failing_record_is_reported_for_retry():
    event = sqs_event("ok", "fail", "ok", message_ids=["m1", "m2", "m3"])
    seen: list[str] = []

    def handle(record):
        seen.append(record.body)
        if record.body == "fail":
            raise ValueError("this one")

    assert consume_sqs_batch(event, None, handle) == {"batchItemFailures": [{"itemIdentifier": "m2"}]}
    assert seen == ["ok", "fail", "ok"]


@dataclass(frozen=True)
class _Deps:
    store: str
    mailer: str


def test_an_overridden_dependency_is_never_built():
    def no_store() -> str:
        raise AssertionError("overridden: must not be built")

    deps = assemble(_Deps, {"store": "fake store"}, store=no_store, mailer=lambda: "real mailer")
    assert deps == _Deps("fake store", "real mailer")


def test_an_unknown_override_is_refused():
    with pytest.raises(TypeError, match="_Deps has no mailr"):
        assemble(_Deps, {"mailr": "x"}, store=lambda: "s", mailer=lambda: "m")


def test_a_built_service_is_kept_until_its_settings_change():
    settings = ["table-a"]
    builds: list[str] = []

    def build(table: str) -> str:
        builds.append(table)
        return f"service over {table}"

    service = built_once(build, lambda: settings[0])
    assert service() == service() == "service over table-a"
    settings[0] = "table-b"
    assert service() == "service over table-b"
    assert builds == ["table-a", "table-b"]
