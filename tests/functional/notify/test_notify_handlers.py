"""The notify Lambda handlers end to end against moto (DynamoDB, SES v2, SNS)."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from notify_stack import CONTRACT, PROJECT, TABLE, TENANT, VENDOR_EMAIL, Stack, sqs_event, sqs_record

from services.notify import bootstrap
from services.notify.handlers import events as handler
from services.notify.handlers import ses_feedback, sweep
from services.notify.logic.sweep import run_sweep
from shared.contracts.verdict import Verdict
from shared.correspondence import (
    CorrespondenceTable,
    correspondence_model,
    message_history,
    message_row,
    open_actions,
)
from shared.events.catalog import CertificateReviewed, ComplianceChanged, ContractChanged, CoverageSnapshot
from tests.lambda_events import LambdaContext

# Handlers called without a Lambda context: Powertools cannot bound in-progress records by it.
pytestmark = pytest.mark.filterwarnings("ignore:Couldn't determine the remaining time")


def list_messages(tenant_id: str, contract_id: str) -> list[dict[str, object]]:
    """The contract's history as the API reads it (the shared read model over the table)."""
    table = CorrespondenceTable(correspondence_model(TABLE))
    return [message_row(m) for m in message_history(table, tenant_id, contract_id)]


def action_kinds(tenant_id: str) -> list[str]:
    """The kinds of the tenant's open action items, oldest first, as the API lists them."""
    return [a.kind for a in open_actions(CorrespondenceTable(correspondence_model(TABLE)), tenant_id)]


CREATED = ContractChanged(
    tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="created", active=True
)


def test_contract_created_sends_the_request_by_email_and_sms_from_the_gc_identity(stack: Stack) -> None:
    # WHEN the queue delivers ContractChanged(created) for a contract of an Active project
    result = handler.handler(sqs_event(CREATED), LambdaContext("notify", remaining_ms=30_000))
    # THEN no record failed, one email went out from the GC's identity, and one SMS (opted in)
    assert result == {"batchItemFailures": []}
    emails = stack.vendor_emails()
    assert len(emails) == 1
    assert emails[0].source == "Summit Compliance <compliance@summit.example>"
    assert "Harbor Tower" in emails[0].subject
    assert "Rivera Concrete LLC" in emails[0].body  # moto keeps the HTML part
    assert [phone for phone, _ in stack.sent_sms()] == ["+15555550100"]
    # and the message is in the contract's history
    history = list_messages(TENANT, CONTRACT)
    assert [(h["template"], h["state"], h["email_to"]) for h in history] == [
        ("document_request", "sent", [VENDOR_EMAIL])
    ]


def test_redelivered_event_sends_nothing_twice(stack: Stack) -> None:
    event = sqs_event(CREATED, keys=["same-key"])
    handler.handler(event, None)
    handler.handler(event, None)
    handler.process_batch(event, None, bootstrap.build())  # a new cold start, same event again
    assert len(stack.vendor_emails()) == 1
    assert len(stack.sent_sms()) == 1


def test_bad_record_fails_alone_and_good_records_are_processed(stack: Stack) -> None:
    event = sqs_event(CREATED)
    event["Records"].insert(0, sqs_record("not json", "bad-1"))
    event["Records"].append(sqs_record(json.dumps({"detail-type": "ContractChanged", "detail": {}}), "bad-2"))
    result = handler.handler(event, None)
    assert result == {"batchItemFailures": [{"itemIdentifier": "bad-1"}, {"itemIdentifier": "bad-2"}]}
    assert len(stack.vendor_emails()) == 1


def test_daily_sweep_sends_reminders_as_the_local_clock_advances(stack: Stack) -> None:
    handler.handler(sqs_event(CREATED), None)
    # WHEN `coi local advance --days 7` moves the clock and the schedule runs the sweep
    stack.clock.advance(7)
    report = sweep.handler(
        {"source": "aws.events", "detail-type": "Scheduled Event"},
        LambdaContext("notify", remaining_ms=30_000),
    )
    # THEN reminder 1 went out
    assert report["messages_sent"] == 1
    assert stack.vendor_emails()[-1].subject.startswith("Reminder 1:")
    # WHEN three more weeks pass in one jump
    stack.clock.advance(21)
    report = sweep.handler({}, None)
    # THEN reminders 2 and 3 went out and the contract is non-responsive
    assert report["messages_sent"] == 2
    assert action_kinds(TENANT) == ["non_responsive_request"]
    # and sweeping again the same day sends nothing
    assert sweep.handler({}, None)["messages_sent"] == 0


@pytest.mark.slow
def test_two_concurrent_sweeps_send_each_reminder_once(stack: Stack) -> None:
    # GIVEN 8 contracts whose first reminder is due
    from notify_stack import seed_more_contracts

    contract_ids = seed_more_contracts(stack, 8)
    handler.handler(
        sqs_event(
            *[
                ContractChanged(
                    tenant_id=TENANT, project_id=PROJECT, contract_id=c, change="created", active=True
                )
                for c in contract_ids
            ]
        ),
        None,
    )
    assert len(stack.sent_emails()) == 8
    stack.clock.advance(7)
    # WHEN two sweeps (separate cold starts) run at once
    notifiers = [bootstrap.build(), bootstrap.build()]
    threads = [threading.Thread(target=run_sweep, args=(n,)) for n in notifiers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # THEN each contract got exactly one reminder
    reminders = [m for m in stack.sent_emails() if m.subject.startswith("Reminder 1:")]
    assert sorted(m.destinations["ToAddresses"][0] for m in reminders) == sorted(
        f"{c}@vendor.example" for c in contract_ids
    )


def test_crash_between_send_and_sent_mark_does_not_send_again(stack: Stack) -> None:
    # GIVEN a reminder whose send succeeded but whose worker died before marking it sent
    handler.handler(sqs_event(CREATED), None)
    stack.clock.advance(7)
    notifier = bootstrap.build()
    real_finish = notifier.store.finish_delivery

    def crash(record: object) -> None:
        raise RuntimeError("worker killed")

    notifier.store.finish_delivery = crash  # type: ignore[method-assign]
    run_sweep(notifier)
    assert len(stack.vendor_emails()) == 2
    # WHEN a sweep retries within the lock timeout, and again after it
    notifier.store.finish_delivery = real_finish  # type: ignore[method-assign]
    assert run_sweep(bootstrap.build()).messages_sent == 0
    stack.clock.advance(1)
    run_sweep(bootstrap.build())
    # THEN the reminder was provider-sent once (the idempotent sender returned the stored result)
    assert len(stack.vendor_emails()) == 2
    history = list_messages(TENANT, CONTRACT)
    assert [h["state"] for h in history] == ["sent", "sent"]


def test_ses_bounce_via_sns_marks_the_contact_and_raises_an_action_item(stack: Stack) -> None:
    notification = {
        "eventType": "Bounce",
        "bounce": {"bounceType": "Permanent", "bouncedRecipients": [{"emailAddress": VENDOR_EMAIL}]},
        "mail": {"destination": [VENDOR_EMAIL], "tags": {"tenant": [TENANT], "contract": [CONTRACT]}},
    }
    sns_body = json.dumps({"Type": "Notification", "Message": json.dumps(notification)})
    result = ses_feedback.handler({"Records": [sqs_record(sns_body, "b1"), sqs_record("{]", "b2")]}, None)
    assert result == {"batchItemFailures": [{"itemIdentifier": "b2"}]}
    assert action_kinds(TENANT) == ["contact_bounced"]
    # and a later request is not emailed to the bounced address
    handler.handler(sqs_event(CREATED), None)
    assert stack.vendor_emails() == []


def test_ses_delivery_then_complaint_mark_the_stored_message(stack: Stack) -> None:
    handler.handler(sqs_event(CREATED), None)
    [sent] = bootstrap.build().store.list_messages(TENANT, CONTRACT)
    assert sent.state == "sent"
    assert sent.email_message_id

    def event(kind: str, **detail: object) -> dict[str, object]:
        mail = {"messageId": sent.email_message_id, "tags": {"tenant": [TENANT], "contract": [CONTRACT]}}
        body = json.dumps(
            {"Type": "Notification", "Message": json.dumps({"eventType": kind, "mail": mail, **detail})}
        )
        return {"Records": [sqs_record(body, kind)]}

    assert ses_feedback.handler(event("Delivery"), None) == {"batchItemFailures": []}
    assert [h["state"] for h in list_messages(TENANT, CONTRACT)] == ["delivered"]
    complaint = {"complainedRecipients": [{"emailAddress": VENDOR_EMAIL}]}
    ses_feedback.handler(event("Complaint", complaint=complaint), None)
    ses_feedback.handler(event("Delivery"), None)  # a late or redelivered event never moves it back
    [history] = list_messages(TENANT, CONTRACT)
    assert history["state"] == "complained"
    assert history["outcome_at"] is not None


def test_compliant_certificate_schedules_renewal_reminders_on_the_due_index(stack: Stack) -> None:
    expires = stack.today() + timedelta(days=45)
    handler.handler(
        sqs_event(
            CertificateReviewed(
                tenant_id=TENANT,
                project_id=PROJECT,
                contract_id=CONTRACT,
                document_id="doc1",
                verdict=Verdict(compliant=True, as_of=stack.today()),
            ),
            ComplianceChanged(
                tenant_id=TENANT,
                project_id=PROJECT,
                contract_id=CONTRACT,
                vendor_id="v",
                status="compliant",
                coverages=[
                    CoverageSnapshot(coverage="general_liability", status="active", expiration_date=expires)
                ],
            ),
        ),
        None,
    )
    # The Admin heard of the submission (no one opted in, so Admins get it).
    assert [m.destinations["ToAddresses"] for m in stack.sent_emails()] == [["admin@summit.example"]]
    stack.clock.advance(15)
    assert sweep.handler({}, None)["messages_sent"] == 1
    assert "expires in 30 days" in stack.vendor_emails()[-1].subject
