"""procore_sync's handlers in-process: SQS batches with partial failures, Powertools idempotency on
DynamoDB (moto), the DynamoDB adapters, and the fake Procore behind the real client."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

from services.procore_sync.adapters.dynamodb import DynamoCursorStore, DynamoPushWatermark
from services.procore_sync.bootstrap import idempotent_push
from services.procore_sync.handlers import compliance as outbound_handler
from services.procore_sync.handlers import inbound as inbound_handler
from services.procore_sync.ports import ProcorePorts
from shared.clock import FixedClock
from shared.events import ComplianceChanged, ContractChanged, CoverageSnapshot, Envelope
from shared.events.catalog import SOURCE_REVIEW
from shared.procore.adapters.dynamodb import (
    DynamoConnectionStore,
    DynamoDeliveryLedger,
    DynamoIdMap,
    DynamoTokenStore,
)
from shared.procore.adapters.sqs import SqsChangeQueue
from shared.procore.adapters.token_cipher import TokenCipher
from shared.procore.auth import ProcoreAuthError, StoredToken, TokenConflictError
from shared.procore.records import ProcoreChange, ProcoreConnection, ProcoreRef
from shared.procore.webhook import change_to_message
from tests.fakes.procore import FakeProcore, connected_client_factory
from tests.fakes.procore_stores import InMemoryWorkspaceSink

CIPHER = TokenCipher(b"test-state-secret")
TABLE = "coi-workspace-test"
IDEMPOTENCY_TABLE = "coi-idempotency-test"

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def fake(clock) -> FakeProcore:
    fake = FakeProcore(now=clock.now)
    fake.add_project(11, "Harbor Point")
    fake.add_vendor(5, "Rivera Concrete LLC")
    fake.add_commitment("work_order_contracts", 900, project_id=11, vendor_id=5)
    return fake


@pytest.fixture
def deps(aws, fake, clock) -> ProcorePorts:
    dynamodb = aws["dynamodb"]
    connections = DynamoConnectionStore(dynamodb, TABLE)
    connections.put(ProcoreConnection("t1", 1001, "client_credentials", "Bearer hook-secret"))
    ids = DynamoIdMap(dynamodb, TABLE)
    ids.remember("t1", "project", "p1", ProcoreRef(11))
    ids.remember("t1", "vendor", "v1", ProcoreRef(5))
    ids.remember("t1", "contract", "c1", ProcoreRef(900, "work_order_contracts", 11))
    return ProcorePorts(
        connections=connections,
        ids=ids,
        sink=InMemoryWorkspaceSink(),
        cursors=DynamoCursorStore(dynamodb, TABLE),
        ledger=DynamoDeliveryLedger(dynamodb, TABLE, clock),
        queue=SqsChangeQueue(aws["sqs"], aws["queue_url"]),
        clock=clock,
        client_for=connected_client_factory(
            fake, clock=clock, tokens=DynamoTokenStore(dynamodb, TABLE, CIPHER)
        ),
        idempotency_table_name=IDEMPOTENCY_TABLE,
        watermark=DynamoPushWatermark(dynamodb, TABLE),
    )


@pytest.fixture
def push(deps, aws):
    return idempotent_push(
        deps, DynamoDBPersistenceLayer(table_name=IDEMPOTENCY_TABLE, boto3_client=aws["dynamodb"])
    )


def compliance_envelope(
    tenant_id: str = "t1", status: str = "non_compliant", key: str = "rev-1:c1", at: datetime | None = None
) -> str:
    data = ComplianceChanged(
        tenant_id=tenant_id,
        project_id="p1",
        contract_id="c1",
        vendor_id="v1",
        status=status,
        coverages=[
            CoverageSnapshot(
                coverage="general_liability",
                status="deficient",
                policy_number="GL-88120",
                insurer_name="Travelers",
                effective_date=date(2026, 1, 1),
                expiration_date=date(2027, 1, 1),
                limits={"each_occurrence": 500000},
            )
        ],
    )
    envelope = Envelope.wrap(
        data,
        source=SOURCE_REVIEW,
        correlation_id="corr-1",
        idempotency_key=key,
        tenant_id=tenant_id,
        created_at=at,
    )
    return envelope.model_dump_json()


def test_a_compliance_change_reaches_procore_and_a_bad_record_fails_alone(
    fake, push, make_sqs_event, make_eventbridge_body, lambda_context
):
    # GIVEN a batch: a good change, a malformed record, a tenant without Procore, an unrelated event
    contract_changed = Envelope.wrap(
        ContractChanged(tenant_id="t1", project_id="p1", contract_id="c1", change="activated", active=True),
        source="coi.api",
        correlation_id="c",
        idempotency_key="k",
    ).model_dump_json()
    event = make_sqs_event(
        make_eventbridge_body(compliance_envelope(), "ComplianceChanged"),
        make_eventbridge_body('{"metadata": {}, "data": {}}', "ComplianceChanged"),
        make_eventbridge_body(
            compliance_envelope(tenant_id="t-no-procore", key="other"), "ComplianceChanged"
        ),
        make_eventbridge_body(contract_changed, "ContractChanged"),
    )
    # WHEN the handler runs
    response = outbound_handler.handle_batch(event, lambda_context, push=push)
    # THEN only the malformed record is reported failed
    assert response["batchItemFailures"] == [{"itemIdentifier": event["Records"][1]["messageId"]}]
    # AND Procore holds the insurance and the commitment's pay gate
    (insurance,) = fake.insurances_for(5, project_id=11)
    assert (insurance["insurance_type"], insurance["status"], insurance["limit"]) == (
        "General Liability",
        "non_compliant",
        "500000",
    )
    assert fake.compliance[("work_order_contracts", 900)]["insurance_status"] == "not_compliant"


def test_a_redelivered_event_writes_to_procore_once(
    fake, push, make_sqs_event, make_eventbridge_body, lambda_context
):
    # GIVEN the same logical event delivered twice (two EventBridge ids, one idempotency key)
    body = compliance_envelope(key="rev-7:c1")
    first = make_sqs_event(make_eventbridge_body(body, "ComplianceChanged"))
    again = make_sqs_event(make_eventbridge_body(body, "ComplianceChanged"))
    # WHEN both are handled
    outbound_handler.handle_batch(first, lambda_context, push=push)
    writes_after_first = len(fake.writes())
    outbound_handler.handle_batch(again, lambda_context, push=push)
    # THEN the second delivery made no Procore call at all
    assert writes_after_first == 2  # insurance sync + commitment compliance
    assert len(fake.writes()) == writes_after_first


def test_a_failed_push_is_retried_later_and_then_written(
    fake, push, make_sqs_event, make_eventbridge_body, lambda_context
):
    # GIVEN Procore down for the whole first attempt
    for _ in range(5):
        fake.fail_next(500, path_contains="/insurances/sync")
    event = make_sqs_event(make_eventbridge_body(compliance_envelope(key="rev-9:c1"), "ComplianceChanged"))
    # WHEN the message is handled and fails (a whole failed batch fails the invocation)
    with pytest.raises(BatchProcessingError):
        outbound_handler.handle_batch(event, lambda_context, push=push)
    # AND SQS redelivers it
    retried = outbound_handler.handle_batch(event, lambda_context, push=push)
    # THEN the failure did not poison the idempotency record: the retry wrote
    assert retried["batchItemFailures"] == []
    assert len(fake.insurances_for(5, project_id=11)) == 1


def test_the_inbound_worker_applies_queued_webhook_changes(deps, fake, make_sqs_event):
    # GIVEN a queued change for a known tenant and one for a tenant that disconnected
    change = ProcoreChange("t1", 1001, "Work Order Contracts", 900, "update", 11, "u1")
    gone = ProcoreChange("t-gone", 1001, "Company Vendors", 5, "update", None, "u2")
    event = make_sqs_event(json.dumps(change_to_message(change)), json.dumps(change_to_message(gone)))
    # WHEN the worker runs
    response = inbound_handler.handle_batch(event, None, deps=deps)
    # THEN the contract landed with its project and vendor; the orphan was dropped quietly
    assert response["batchItemFailures"] == []
    sink = deps.sink
    assert isinstance(sink, InMemoryWorkspaceSink)
    assert ("t1", 900) in sink.contracts
    assert deps.ids.procore_ref("t1", "contract", sink.contracts[("t1", 900)][0]) == ProcoreRef(
        900, "work_order_contracts", 11
    )


def test_the_token_store_refuses_a_save_on_a_stale_version(aws):
    # GIVEN a stored token at version 1
    store = DynamoTokenStore(aws["dynamodb"], TABLE, CIPHER)
    first = StoredToken("a1", NOW + timedelta(hours=1), "r1", version=1)
    store.save("t1", first, previous_version=None)
    # WHEN two refreshes both read version 1 and save
    store.save("t1", StoredToken("a2", NOW + timedelta(hours=2), "r2", version=2), previous_version=1)
    # THEN the second is refused and the first winner stays
    with pytest.raises(TokenConflictError):
        store.save("t1", StoredToken("a3", NOW + timedelta(hours=2), "r3", version=2), previous_version=1)
    loaded = store.load("t1")
    assert loaded is not None
    assert (loaded.access_token, loaded.refresh_token, loaded.version) == ("a2", "r2", 2)
    with pytest.raises(TokenConflictError):
        store.save("t1", first, previous_version=None)


def test_tokens_are_stored_encrypted_and_bound_to_their_tenant(aws):
    # GIVEN a token pair saved for t1
    store = DynamoTokenStore(aws["dynamodb"], TABLE, CIPHER)
    store.save("t1", StoredToken("access-plain", NOW, "refresh-plain", version=1), previous_version=None)
    # THEN neither token is readable in the table item
    item = aws["dynamodb"].get_item(TableName=TABLE, Key={"pk": {"S": "T#t1#PROCORE"}, "sk": {"S": "TOKEN"}})[
        "Item"
    ]
    assert "plain" not in json.dumps(item)
    # AND the item copied to another tenant does not decrypt there
    aws["dynamodb"].put_item(TableName=TABLE, Item={**item, "pk": {"S": "T#t2#PROCORE"}})
    with pytest.raises(ProcoreAuthError, match="reconnect"):
        store.load("t2")
    # AND another key cannot read it
    with pytest.raises(ProcoreAuthError):
        DynamoTokenStore(aws["dynamodb"], TABLE, TokenCipher(b"another-secret")).load("t1")
    # AND disconnecting deletes it
    store.delete("t1")
    assert store.load("t1") is None


def test_rotated_tokens_round_trip_through_dynamodb(deps, fake, clock):
    # GIVEN an authorization-code connection installed with a refresh token
    store = DynamoTokenStore(deps.connections._client, TABLE, CIPHER)
    store.save(
        "t1",
        StoredToken("old", NOW - timedelta(minutes=1), fake.issue_refresh_token(), 1),
        previous_version=None,
    )
    connection = ProcoreConnection("t1", 1001, "authorization_code", "x")
    client = connected_client_factory(fake, clock=clock, tokens=store)(connection)
    # WHEN a call needs a fresh token
    client.get_project(11)
    # THEN the rotated pair is in DynamoDB at the next version and is valid at Procore
    stored = store.load("t1")
    assert stored is not None
    assert stored.version == 2
    assert fake.refresh_tokens[stored.refresh_token or ""] is True


def test_connections_are_listed_across_tenants(aws):
    store = DynamoConnectionStore(aws["dynamodb"], TABLE)
    store.put(ProcoreConnection("t1", 1, "client_credentials", "Bearer a", insurance_scope="company"))
    store.put(ProcoreConnection("t2", 2, "authorization_code", "Bearer b", enabled=False))
    assert sorted(c.tenant_id for c in store.all()) == ["t1", "t2"]
    assert store.get("t1") == ProcoreConnection(
        "t1", 1, "client_credentials", "Bearer a", insurance_scope="company"
    )
    assert store.get("nobody") is None


def test_the_delivery_ledger_records_a_key_once(aws, clock):
    ledger = DynamoDeliveryLedger(aws["dynamodb"], TABLE, clock)
    assert ledger.first_time("t1", "01HX") is True
    assert ledger.first_time("t1", "01HX") is False
    assert ledger.first_time("t2", "01HX") is True  # tenant-scoped
    ledger.forget("t1", "01HX")
    assert ledger.first_time("t1", "01HX") is True


def test_the_cursor_store_keeps_the_last_poll(aws):
    cursors = DynamoCursorStore(aws["dynamodb"], TABLE)
    assert cursors.last_polled("t1") is None
    cursors.save("t1", NOW)
    assert cursors.last_polled("t1") == NOW


def test_the_push_watermark_keeps_the_newest_change_time(aws):
    watermark = DynamoPushWatermark(aws["dynamodb"], TABLE)
    assert watermark.is_stale("t1", "c1", NOW) is False
    watermark.advance("t1", "c1", NOW)
    watermark.advance("t1", "c1", NOW - timedelta(hours=1))  # late and older: ignored
    assert watermark.is_stale("t1", "c1", NOW - timedelta(minutes=1)) is True
    assert watermark.is_stale("t1", "c1", NOW) is False
    assert watermark.is_stale("t1", "c2", NOW - timedelta(days=9)) is False


def test_a_late_older_change_is_acknowledged_without_writing(
    fake, push, make_sqs_event, make_eventbridge_body, lambda_context
):
    # GIVEN the noon change was pushed
    newer = compliance_envelope(status="compliant", key="noon", at=NOW)
    outbound_handler.handle_batch(
        make_sqs_event(make_eventbridge_body(newer, "ComplianceChanged")), lambda_context, push=push
    )
    writes = len(fake.writes())
    # WHEN the morning's change arrives late
    older = compliance_envelope(status="non_compliant", key="morning", at=NOW - timedelta(hours=4))
    response = outbound_handler.handle_batch(
        make_sqs_event(make_eventbridge_body(older, "ComplianceChanged")), lambda_context, push=push
    )
    # THEN it succeeds without touching Procore
    assert response["batchItemFailures"] == []
    assert len(fake.writes()) == writes
    assert fake.compliance[("work_order_contracts", 900)]["insurance_status"] == "compliant"
