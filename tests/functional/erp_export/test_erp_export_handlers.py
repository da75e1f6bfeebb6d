"""erp_export's SQS consumer in-process on moto: keeping per-contract state (the exports
themselves: test_erp_exports.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.erp_export.adapters.dynamodb import DynamoExportStateStore
from services.erp_export.handlers import compliance as erp_handler
from shared.events import ComplianceChanged, ContractChanged, CoverageSnapshot, Envelope

TABLE = "coi-workspace-erp-test"
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def envelope(
    contract_id: str, status: str, *, at: datetime = NOW, tenant_id: str = "t1", vendor: str = "v1"
) -> str:
    data = ComplianceChanged(
        tenant_id=tenant_id,
        project_id="p1",
        contract_id=contract_id,
        vendor_id=vendor,
        vendor_name="Rivera Concrete LLC",
        vendor_code="RIV001",
        project_number="2231",
        contract_number=f"SC-{contract_id}",
        status=status,
        coverages=[
            CoverageSnapshot(
                coverage="general_liability",
                status="met" if status == "compliant" else "deficient",
                policy_number="GL-88120",
                insurer_name="Travelers",
                effective_date=date(2026, 1, 1),
                expiration_date=date(2027, 1, 1),
                limits={"each_occurrence": 1000000},
            )
        ],
    )
    return Envelope.wrap(
        data,
        source="coi.review",
        correlation_id="corr",
        idempotency_key=f"{contract_id}:{status}",
        created_at=at,
    ).model_dump_json()


@pytest.fixture
def store(aws) -> DynamoExportStateStore:
    return DynamoExportStateStore(aws["dynamodb"], TABLE)


def test_the_consumer_keeps_each_contracts_latest_compliance_and_fails_bad_records_alone(
    store, make_sqs_event, make_eventbridge_body
):
    # GIVEN a batch: two contracts, a malformed record and an unrelated event
    contract_changed = Envelope.wrap(
        ContractChanged(tenant_id="t1", project_id="p1", contract_id="c1", change="activated", active=True),
        source="coi.api",
        correlation_id="c",
        idempotency_key="k",
    ).model_dump_json()
    event = make_sqs_event(
        make_eventbridge_body(envelope("c1", "non_compliant"), "ComplianceChanged"),
        make_eventbridge_body('{"metadata": {"name": "ComplianceChanged"}}', "ComplianceChanged"),
        make_eventbridge_body(envelope("c2", "compliant"), "ComplianceChanged"),
        make_eventbridge_body(contract_changed, "ContractChanged"),
    )
    # WHEN the consumer runs
    response = erp_handler.handle_batch(event, None, store=store)
    # THEN only the malformed record failed and both contracts are kept
    assert response["batchItemFailures"] == [{"itemIdentifier": event["Records"][1]["messageId"]}]
    states = {s.contract_id: s for s in store.contracts("t1")}
    assert {cid: s.status for cid, s in states.items()} == {"c1": "non_compliant", "c2": "compliant"}
    assert states["c1"].coverages[0].policy_number == "GL-88120"
    assert store.contracts("other-tenant") == []


def test_an_older_change_delivered_late_does_not_overwrite_a_newer_one(
    store, make_sqs_event, make_eventbridge_body
):
    # GIVEN the contract became compliant at noon
    erp_handler.handle_batch(
        make_sqs_event(make_eventbridge_body(envelope("c1", "compliant"), "ComplianceChanged")),
        None,
        store=store,
    )
    # WHEN the morning's non-compliant change arrives afterwards
    late = envelope("c1", "non_compliant", at=NOW - timedelta(hours=3))
    response = erp_handler.handle_batch(
        make_sqs_event(make_eventbridge_body(late, "ComplianceChanged")), None, store=store
    )
    # THEN it is acknowledged and ignored
    assert response["batchItemFailures"] == []
    (state,) = store.contracts("t1")
    assert state.status == "compliant"


def test_a_removed_contract_leaves_the_exports_and_a_late_change_cannot_revive_it(
    store, make_sqs_event, make_eventbridge_body
):
    # GIVEN a contract in the export state
    erp_handler.handle_batch(
        make_sqs_event(make_eventbridge_body(envelope("c1", "non_compliant"), "ComplianceChanged")),
        None,
        store=store,
    )
    # WHEN it is removed from the workspace, and a change older than the removal arrives late
    removed = Envelope.wrap(
        ContractChanged(tenant_id="t1", project_id="p1", contract_id="c1", change="removed", active=False),
        source="coi.api",
        correlation_id="c",
        idempotency_key="contract:c1:removed",
        created_at=NOW + timedelta(minutes=5),
    ).model_dump_json()
    late = envelope("c1", "compliant", at=NOW + timedelta(minutes=1))
    response = erp_handler.handle_batch(
        make_sqs_event(
            make_eventbridge_body(removed, "ContractChanged"),
            make_eventbridge_body(late, "ComplianceChanged"),
        ),
        None,
        store=store,
    )
    # THEN the contract is gone from what the exports read
    assert response["batchItemFailures"] == []
    assert store.contracts("t1") == []
