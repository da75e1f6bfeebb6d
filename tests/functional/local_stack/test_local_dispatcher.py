"""The local dispatcher delivers what Lambda would: SQS batches with partial failures and
dead-letter redrive, and daily schedules by the local clock; the emulator gets only what it
can create."""

from __future__ import annotations

import json
import sys
import types
from datetime import UTC, datetime
from typing import Any

import boto3
from moto import mock_aws

from coi_cli.local.dispatcher import Dispatcher, QueueSubscription, Schedule, Wiring, wiring_from
from coi_cli.local.emulator import PROVISIONED_TYPES, local_cloudformation
from coi_cli.local.sam import translated_template
from coi_cli.local.stack import function_environment
from shared.clock import FixedClock


class RecordingHandler:
    """Fails every message whose body says so, like a Powertools batch handler would report."""

    def __init__(self) -> None:
        self.batches: list[dict[str, Any]] = []
        self.contexts: list[Any] = []

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self.batches.append(event)
        self.contexts.append(context)
        failed = [r["messageId"] for r in event["Records"] if r["body"] == "fail"]
        return {"batchItemFailures": [{"itemIdentifier": m} for m in failed]}


def _install(name: str, handler: Any) -> str:
    module = types.ModuleType(name)
    module.handler = handler  # type: ignore[attr-defined]
    sys.modules[name] = module
    return f"{name}.handler"


def _queue_with_dlq(sqs: Any) -> tuple[str, str]:
    dlq = sqs.create_queue(QueueName="work-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue = sqs.create_queue(
        QueueName="work",
        Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"})},
    )["QueueUrl"]
    return queue, dlq


def test_failed_messages_are_retried_then_dead_lettered_and_succeeded_ones_deleted(tmp_path):
    with mock_aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        queue, dlq = _queue_with_dlq(sqs)
        handler = RecordingHandler()
        subscription = QueueSubscription(
            "WorkFunction", _install("fake_work_handler", handler), "Work", 10, 30
        )
        dispatcher = Dispatcher(
            sqs, {"Work": queue}, Wiring([subscription], []), FixedClock(datetime(2026, 5, 1, tzinfo=UTC)),
            tmp_path / "schedules.json", retry_delay_seconds=0, poll_wait_seconds=0,
        )  # fmt: skip
        sqs.send_message(QueueUrl=queue, MessageBody="ok")
        sqs.send_message(QueueUrl=queue, MessageBody="fail")
        # WHEN the queue is polled until it is empty (the failing message is received twice)
        arn = "arn:aws:sqs:us-east-1:123456789012:work"
        for _ in range(4):
            dispatcher.poll_once(subscription, handler, queue, arn)
        # THEN the handler saw Lambda-shaped SQS records and a Lambda-like context
        record = handler.batches[0]["Records"][0]
        assert record["eventSource"] == "aws:sqs"
        assert {"messageId", "receiptHandle", "body", "attributes", "md5OfBody", "eventSourceARN"} <= set(
            record
        )
        assert handler.contexts[0].function_name == "WorkFunction"
        assert handler.contexts[0].get_remaining_time_in_millis() > 0
        # AND the succeeded message is gone while the failed one ended in the dead-letter queue
        bodies = [r["body"] for b in handler.batches for r in b["Records"]]
        assert bodies.count("ok") == 1
        assert bodies.count("fail") == 2
        assert "Messages" not in sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=0)
        dead = sqs.receive_message(QueueUrl=dlq, WaitTimeSeconds=0)["Messages"]
        assert [m["Body"] for m in dead] == ["fail"]


def test_a_handler_that_raises_fails_the_whole_batch(tmp_path):
    def broken(event: dict[str, Any], context: Any) -> None:
        raise RuntimeError("boom")

    with mock_aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        queue, _ = _queue_with_dlq(sqs)
        subscription = QueueSubscription("Broken", "x.handler", "Work", 10, 30)
        dispatcher = Dispatcher(
            sqs, {"Work": queue}, Wiring([subscription], []), FixedClock(datetime(2026, 5, 1, tzinfo=UTC)),
            tmp_path / "schedules.json", retry_delay_seconds=0, poll_wait_seconds=0,
        )  # fmt: skip
        sqs.send_message(QueueUrl=queue, MessageBody="a")
        dispatcher.poll_once(subscription, broken, queue, "arn:aws:sqs:us-east-1:123456789012:work")
        again = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=0)["Messages"]
        assert [m["Body"] for m in again] == ["a"]


def test_daily_schedule_fires_once_per_local_day(tmp_path):
    calls: list[dict[str, Any]] = []
    dotted = _install("fake_sweep_handler", lambda event, context: calls.append(event))
    clock = FixedClock(datetime(2026, 5, 1, 9, tzinfo=UTC))
    schedule = Schedule("SweepDaily", "SweepFunction", dotted, "cron(0 13 * * ? *)", 300)
    state = tmp_path / "schedules.json"
    state.write_text(json.dumps({"SweepDaily": "2026-05-01"}))
    dispatcher = Dispatcher(None, {}, Wiring([], [schedule]), clock, state)
    # GIVEN it already ran today  THEN nothing fires
    assert dispatcher.fire_due_schedules() == []
    # WHEN the local clock moves to the next day  THEN it fires once, with a Scheduled Event
    clock.advance(days=1)
    assert dispatcher.fire_due_schedules() == ["SweepDaily"]
    assert dispatcher.fire_due_schedules() == []
    assert calls[0]["detail-type"] == "Scheduled Event"
    assert calls[0]["source"] == "aws.events"
    assert json.loads(state.read_text()) == {"SweepDaily": "2026-05-02"}


def test_wiring_runs_every_consumer_and_schedule_the_template_declares():
    wiring = wiring_from(translated_template())
    assert {s.queue for s in wiring.subscriptions} == {
        "IntakeQueue", "TextractCompletionQueue", "ReviewQueue", "NotifyQueue",
        "SesFeedbackQueue", "ProcoreQueue", "ProcoreInboundQueue", "ErpQueue", "ErpRequestQueue",
    }  # fmt: skip
    assert {s.handler for s in wiring.schedules} == {
        "services.notify.handlers.sweep.handler",
        "services.review.handlers.daily.handler",
        "services.procore_sync.handlers.reconcile.handler",
        "services.erp_export.handlers.scheduled.handler",
    }


def test_emulator_gets_only_the_resources_it_can_create_and_nothing_dangles():
    template = local_cloudformation(translated_template())
    assert {r["Type"] for r in template["Resources"].values()} <= PROVISIONED_TYPES
    assert "DocumentsBucket" in template["Resources"]
    assert not any("ScheduleExpression" in r.get("Properties", {}) for r in template["Resources"].values())


def test_functions_get_the_documented_environment_resolved_against_the_local_stack():
    physical = {
        "WorkspaceTable": "coi-workspace-local",
        "IdempotencyTable": "coi-idempotency-local",
        "DocumentsBucket": "docs",
        "EventBus": "coi-local",
    }
    env = function_environment(translated_template(), physical, {"PortalBaseUrl": "http://x/portal"})
    assert env["TABLE_NAME"] == "coi-workspace-local"
    assert env["IDEMPOTENCY_TABLE_NAME"] == "coi-idempotency-local"
    assert env["DOCUMENTS_BUCKET"] == "docs"
    assert env["EVENT_BUS_NAME"] == "coi-local"
    assert env["PORTAL_BASE_URL"] == "http://x/portal"
    assert "POWERTOOLS_SERVICE_NAME" not in env


def test_a_failing_schedule_is_recorded_for_advance_to_report(tmp_path):
    def failing(event: dict[str, Any], context: Any) -> None:
        raise RuntimeError("table missing")

    clock = FixedClock(datetime(2026, 5, 1, 9, tzinfo=UTC))
    handler = _install("fake_failing_sweep", failing)
    schedule = Schedule("SweepDaily", "SweepFunction", handler, "rate(1 day)", 300)
    state = tmp_path / "schedules.json"
    dispatcher = Dispatcher(None, {}, Wiring([], [schedule]), clock, state)
    assert dispatcher.fire_due_schedules() == ["SweepDaily"]
    failures = json.loads((tmp_path / "schedule-failures.json").read_text())
    assert failures == {"SweepDaily": {"date": "2026-05-01", "error": "RuntimeError: table missing"}}
