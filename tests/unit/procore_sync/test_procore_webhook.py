"""Accepting Procore webhook deliveries: auth, parsing, dedup, echo suppression."""

from __future__ import annotations

import json

import pytest

from shared.procore import webhook
from shared.procore.records import ProcoreChange
from shared.procore.webhook import InvalidWebhookError, WebhookRejectedError, accept_webhook
from tests.fakes.procore import FakeProcore
from tests.fakes.procore_stores import InMemoryChangeQueue, InMemoryDeliveryLedger

SECRET = "Bearer s3cret-hook-value"
OUR_APP = "app-42"


@pytest.fixture
def ledger() -> InMemoryDeliveryLedger:
    return InMemoryDeliveryLedger()


@pytest.fixture
def queue() -> InMemoryChangeQueue:
    return InMemoryChangeQueue()


def deliver(payload, ledger, queue, *, authorization: str | None = SECRET):
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    return accept_webhook(
        headers,
        json.dumps(payload),
        tenant_id="t1",
        expected_authorization=SECRET,
        own_application_id=OUR_APP,
        ledger=ledger,
        queue=queue,
    )


def test_a_v2_delivery_is_queued_as_a_normalised_change(ledger, queue):
    # GIVEN a v2.0 work order contract update
    payload = FakeProcore().webhook_payload("Work Order Contracts", 54321, project_id=11)
    # WHEN it is delivered with the right header
    result = deliver(payload, ledger, queue)
    # THEN one change is queued with Procore's ids
    assert result.outcome == "accepted"
    (change,) = queue.changes
    assert change == ProcoreChange(
        tenant_id="t1",
        company_id=1001,
        resource_name="Work Order Contracts",
        resource_id=54321,
        event_type="update",
        project_id=11,
        delivery_key=payload["ulid"],
        occurred_at=change.occurred_at,
    )


def test_a_v4_delivery_with_string_ids_and_upper_case_reason_is_understood(ledger, queue):
    # GIVEN a v4.0 payload (string ids, resource_type, reason, no metadata) with an upper-case reason
    payload = FakeProcore().webhook_payload("Company Vendors", 77, api_version="v4.0", event_type="UPDATE")
    # WHEN it is delivered
    deliver(payload, ledger, queue)
    # THEN the ids are integers and the event type normalised
    (change,) = queue.changes
    assert (change.resource_name, change.resource_id, change.event_type, change.company_id) == (
        "Company Vendors",
        77,
        "update",
        1001,
    )
    assert change.project_id is None
    assert "metadata" not in payload
    assert "event_type" not in payload
    assert change.delivery_key == payload["id"]
    assert len(payload["id"]) == 26


@pytest.mark.parametrize("authorization", [None, "", "Bearer wrong", SECRET + " ", SECRET.lower()])
def test_a_missing_or_wrong_authorization_header_is_rejected_and_nothing_queued(ledger, queue, authorization):
    payload = FakeProcore().webhook_payload("Company Vendors", 77)
    with pytest.raises(WebhookRejectedError):
        deliver(payload, ledger, queue, authorization=authorization)
    assert queue.changes == []
    assert ledger.seen == set()


def test_a_tenant_without_a_configured_secret_accepts_nothing(ledger, queue):
    payload = FakeProcore().webhook_payload("Company Vendors", 77)
    with pytest.raises(WebhookRejectedError):
        accept_webhook(
            {"Authorization": ""},
            json.dumps(payload),
            tenant_id="t1",
            expected_authorization="",
            own_application_id=None,
            ledger=ledger,
            queue=queue,
        )


def test_the_header_is_compared_in_constant_time(ledger, queue, monkeypatch):
    # GIVEN a spy around hmac.compare_digest as the webhook module uses it
    calls = []
    real = webhook.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(webhook.hmac, "compare_digest", spy)
    # WHEN a delivery is checked
    deliver(FakeProcore().webhook_payload("Company Vendors", 77), ledger, queue)
    # THEN the comparison went through compare_digest
    assert calls == [(SECRET.encode(), SECRET.encode())]


def test_the_header_name_is_matched_case_insensitively(ledger, queue):
    payload = FakeProcore().webhook_payload("Company Vendors", 77)
    result = accept_webhook(
        {"authorization": SECRET},
        json.dumps(payload),
        tenant_id="t1",
        expected_authorization=SECRET,
        own_application_id=None,
        ledger=ledger,
        queue=queue,
    )
    assert result.outcome == "accepted"


def test_a_redelivered_event_is_queued_once(ledger, queue):
    # GIVEN the same delivery sent twice (Procore retries)
    payload = FakeProcore().webhook_payload("Company Vendors", 77)
    # WHEN both arrive
    first = deliver(payload, ledger, queue)
    second = deliver(payload, ledger, queue)
    # THEN the second is recognised by its ulid
    assert (first.outcome, second.outcome) == ("accepted", "duplicate")
    assert len(queue.changes) == 1


def test_without_a_ulid_the_delivery_id_deduplicates(ledger, queue):
    payload = FakeProcore().webhook_payload("Company Vendors", 77, delivery_id=9001)
    del payload["ulid"]
    deliver(payload, ledger, queue)
    assert deliver(payload, ledger, queue).outcome == "duplicate"
    assert queue.changes[0].delivery_key == "9001"


def test_events_caused_by_this_app_are_ignored(ledger, queue):
    # GIVEN a delivery whose source application is ours (our own insurance sync echoing back)
    payload = FakeProcore().webhook_payload("Company Vendors", 77, source_application_id=OUR_APP)
    # WHEN it is delivered
    result = deliver(payload, ledger, queue)
    # THEN nothing is queued
    assert result.outcome == "self_originated"
    assert queue.changes == []


def test_events_from_other_apps_are_accepted(ledger, queue):
    payload = FakeProcore().webhook_payload("Company Vendors", 77, source_application_id="someone-else")
    assert deliver(payload, ledger, queue).outcome == "accepted"


class BrokenQueue:
    def enqueue(self, change: ProcoreChange) -> None:
        raise ConnectionError("queue down")


def test_a_delivery_that_could_not_be_queued_is_accepted_on_redelivery(ledger, queue):
    # GIVEN the queue fails on the first delivery
    payload = FakeProcore().webhook_payload("Company Vendors", 77)
    with pytest.raises(ConnectionError):
        deliver(payload, ledger, BrokenQueue())
    # WHEN Procore redelivers
    result = deliver(payload, ledger, queue)
    # THEN it is not mistaken for a duplicate
    assert result.outcome == "accepted"
    assert len(queue.changes) == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        (
            json.dumps({"event_type": "update", "resource_id": 1, "company_id": 1, "ulid": "x"}),
            "resource_name",
        ),
        (
            json.dumps({"resource_name": "Projects", "event_type": "archive", "resource_id": 1, "ulid": "x"}),
            "event_type",
        ),
        (
            json.dumps(
                {"resource_name": "Projects", "event_type": "update", "resource_id": "abc", "ulid": "x"}
            ),
            "resource_id",
        ),
    ],
)
def test_malformed_payloads_raise_a_one_line_error(ledger, queue, body, message):
    with pytest.raises(InvalidWebhookError, match=message):
        accept_webhook(
            {"Authorization": SECRET},
            body,
            tenant_id="t1",
            expected_authorization=SECRET,
            own_application_id=None,
            ledger=ledger,
            queue=queue,
        )
    assert queue.changes == []


def test_a_v4_reason_other_than_create_update_delete_is_acknowledged_and_not_queued(ledger, queue):
    # GIVEN a v4.0 delivery with one of the "richer" reasons Procore may add
    payload = FakeProcore().webhook_payload("Projects", 5, api_version="v4.0", event_type="archive")
    # WHEN it is delivered THEN it is acknowledged as ignored, nothing queued or remembered
    assert deliver(payload, ledger, queue).outcome == "ignored"
    assert queue.changes == []
    assert ledger.seen == set()


def _valid() -> dict:
    return FakeProcore().webhook_payload("Work Order Contracts", 54321, project_id=11)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "larger than 16 KB"),
        ("[" * 5_000 + "]" * 5_000, "nested too deeply"),
        (json.dumps(_valid()).replace('"resource_id": 54321', '"resource_id": 1e400'), "resource_id"),
        (json.dumps(_valid()).replace('"resource_id": 54321', '"resource_id": 54321.5'), "resource_id"),
        (json.dumps(_valid()).replace('"resource_id": 54321', '"resource_id": NaN'), "NaN"),
        (json.dumps(_valid()).replace('"resource_id": 54321', '"resource_id": true'), "resource_id"),
        (json.dumps({**_valid(), "resource_id": "9" * 30}), "resource_id"),
        (json.dumps({**_valid(), "company_id": -4}), "company_id"),
        (json.dumps({**_valid(), "ulid": "U" * 100_000}), "larger than 16 KB"),
        (json.dumps({**_valid(), "ulid": "U" * 2_000}), "not a delivery id"),
        (json.dumps({**_valid(), "ulid": {"nested": 1}}), "ulid"),
        (json.dumps({**_valid(), "resource_name": "R" * 5_000}), "resource_name"),
        (b"\xff\xfe not utf-8", "not JSON"),
    ],
    ids=[
        "nested-100000",
        "nested-5000",
        "1e400",
        "float-id",
        "nan",
        "bool-id",
        "30-digit-id",
        "negative-company",
        "ulid-100000",
        "ulid-2000",
        "ulid-object",
        "long-resource-name",
        "not-utf8",
    ],
)
def test_poison_payloads_with_the_right_secret_raise_a_short_one_line_error(ledger, queue, body, message):
    # WHEN a payload that can never be processed arrives with the right secret
    with pytest.raises(InvalidWebhookError, match=message) as raised:
        accept_webhook(
            {"Authorization": SECRET},
            body,
            tenant_id="t1",
            expected_authorization=SECRET,
            own_application_id=None,
            ledger=ledger,
            queue=queue,
        )
    # THEN the error is one short line and nothing is queued or remembered
    assert "\n" not in str(raised.value)
    assert len(str(raised.value)) < 120
    assert queue.changes == []
    assert ledger.seen == set()


def test_poison_payloads_without_the_secret_are_refused_as_unauthorized_first(ledger, queue):
    with pytest.raises(WebhookRejectedError):
        deliver({"resource_id": 1e300}, ledger, queue, authorization="Bearer wrong")


@pytest.mark.parametrize("api_version", ["v4.0", "v2", "v2.0", "v3.0"])
def test_deliveries_of_a_hook_in_any_payload_version_are_queued_alike(ledger, queue, api_version):
    # GIVEN hooks are created with payload v4.0 now, and older hooks still deliver v2.0/v3.0
    fake = FakeProcore()
    fake.hooks[1] = {"id": 1, "api_version": api_version}
    payload = fake.delivery_for_hook(1, "Work Order Contracts", 901, project_id=11, event_type="create")
    # WHEN Procore delivers it
    deliver(payload, ledger, queue)
    # THEN the same change is queued whatever the format
    (change,) = queue.changes
    assert (change.resource_name, change.resource_id, change.event_type, change.project_id) == (
        "Work Order Contracts",
        901,
        "create",
        11,
    )
