"""What each compliance push did, where staff look: the contract page's read model
(shared.procore.pushes over DynamoDB) and, for a failed push, the project's Procore Sync Log."""

from __future__ import annotations

from dataclasses import replace

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

from services.procore_sync.bootstrap import idempotent_push
from services.procore_sync.handlers import compliance as outbound_handler
from shared.procore.adapters.dynamo_imports import DynamoSyncLog
from shared.procore.pushes import DynamoPushRecords
from tests.functional.procore_sync import test_procore_handlers as handlers

# The handler tests' world (fake Procore, moto tables, mapped ids), reused as fixtures.
clock, fake, deps = handlers.clock, handlers.fake, handlers.deps
NOW, TABLE, IDEMPOTENCY_TABLE = handlers.NOW, handlers.TABLE, handlers.IDEMPOTENCY_TABLE
compliance_envelope = handlers.compliance_envelope


@pytest.fixture
def logged_push(deps, aws):
    wired = replace(
        deps, log=DynamoSyncLog(aws["dynamodb"], TABLE), pushes=DynamoPushRecords(aws["dynamodb"], TABLE)
    )
    push = idempotent_push(
        wired, DynamoDBPersistenceLayer(table_name=IDEMPOTENCY_TABLE, boto3_client=aws["dynamodb"])
    )
    return wired, push


def test_a_push_records_the_insurance_records_and_commitment_status_with_their_time(
    fake,
    logged_push,
    make_sqs_event,
    make_eventbridge_body,
    lambda_context,
):
    wired, push = logged_push
    event = make_sqs_event(make_eventbridge_body(compliance_envelope(key="rev-1:c1"), "ComplianceChanged"))
    # WHEN a compliance change is pushed
    outbound_handler.handle_batch(event, lambda_context, push=push)
    # THEN the contract's push record holds each insurance record with Procore's own id, and the
    # commitment status, each with when it was sent
    pushed = wired.pushes.get("t1", "c1")
    (record,) = fake.insurances_for(5, project_id=11)
    (insurance,) = pushed.insurances
    assert (insurance.insurance_type, insurance.status, insurance.procore_id, insurance.policy_number) == (
        "General Liability",
        "non_compliant",
        record["id"],
        "GL-88120",
    )
    assert (pushed.insurances_at, pushed.commitment_status, pushed.commitment_at) == (
        NOW,
        "not_compliant",
        NOW,
    )
    assert pushed.failure is None
    assert wired.log.entries("t1", "p1") == []


def test_a_failed_push_goes_to_the_sync_log_is_retried_and_the_success_resolves_it(
    fake,
    logged_push,
    make_sqs_event,
    make_eventbridge_body,
    lambda_context,
):
    wired, push = logged_push
    # GIVEN Procore refuses the insurance sync on the first attempt
    fake.fail_next(422, path_contains="/insurances/sync")
    event = make_sqs_event(make_eventbridge_body(compliance_envelope(key="rev-2:c1"), "ComplianceChanged"))
    # WHEN the message is handled, it fails (SQS will redeliver it; after 5 receives, the DLQ)
    with pytest.raises(BatchProcessingError):
        outbound_handler.handle_batch(event, lambda_context, push=push)
    # THEN the project's sync log says so in plain words, with a link to the commitment in Procore
    (entry,) = wired.log.entries("t1", "p1")
    assert entry.key == "push:c1"
    assert "Compliance not sent to Procore (Procore answered HTTP 422)" in entry.error
    assert entry.procore_url.endswith("/11/project/commitments/work_order_contracts/900")
    assert entry.resolved_at is None
    assert wired.pushes.get("t1", "c1").failure == entry.error
    # WHEN SQS redelivers it and Procore accepts
    retried = outbound_handler.handle_batch(event, lambda_context, push=push)
    # THEN it was written, the log entry is resolved and the contract page shows no failure
    assert retried["batchItemFailures"] == []
    assert len(fake.insurances_for(5, project_id=11)) == 1
    (entry,) = wired.log.entries("t1", "p1")
    assert entry.resolved_at == NOW
    pushed = wired.pushes.get("t1", "c1")
    assert (pushed.failure, pushed.commitment_status) == (None, "not_compliant")
