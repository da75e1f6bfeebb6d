"""SES delivery, bounce and complaint events mark the message in the contract's history."""

from __future__ import annotations

from notify_world import CONTRACT, PROJECT, TENANT, VENDOR_EMAIL, World

from services.notify.logic.feedback import handle_ses_notification
from shared.events.catalog import ContractChanged


def _event(kind: str, message_id: str, contract: str = CONTRACT, **detail: object) -> dict[str, object]:
    mail = {
        "messageId": message_id,
        "destination": [VENDOR_EMAIL],
        "tags": {"tenant": [TENANT], "contract": [contract]},
    }
    return {"eventType": kind, "mail": mail, **detail}


def _request_sent(world: World) -> str:
    world.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="created", active=True
        )
    )
    [message] = [m for m in world.store.list_messages(TENANT, CONTRACT) if m.state == "sent"]
    assert message.email_message_id
    return message.email_message_id


def test_a_delivery_event_marks_the_message_delivered(world: World) -> None:
    message_id = _request_sent(world)
    handle_ses_notification(
        world.notifier, _event("Delivery", message_id, delivery={"recipients": [VENDOR_EMAIL]})
    )
    [row] = world.message_rows()
    assert row["state"] == "delivered"
    assert world.store.suppression(VENDOR_EMAIL) is None


def test_a_complaint_after_delivery_wins_and_a_late_delivery_never_hides_it(world: World) -> None:
    message_id = _request_sent(world)
    handle_ses_notification(world.notifier, _event("Delivery", message_id))
    complaint = {"complainedRecipients": [{"emailAddress": VENDOR_EMAIL}]}
    handle_ses_notification(world.notifier, _event("Complaint", message_id, complaint=complaint))
    handle_ses_notification(world.notifier, _event("Delivery", message_id))  # redelivered SQS message
    [message] = world.store.list_messages(TENANT, CONTRACT)
    assert message.state == "complained"
    assert message.outcome_at is not None
    assert world.store.suppression(VENDOR_EMAIL) == "complained"


def test_a_bounce_marks_the_message_bounced_even_when_transient(world: World) -> None:
    message_id = _request_sent(world)
    bounce = {"bounceType": "Transient", "bouncedRecipients": [{"emailAddress": VENDOR_EMAIL}]}
    handle_ses_notification(world.notifier, _event("Bounce", message_id, bounce=bounce))
    [message] = world.store.list_messages(TENANT, CONTRACT)
    assert message.state == "bounced"
    assert world.store.suppression(VENDOR_EMAIL) is None  # a soft bounce does not stop correspondence


def test_an_event_for_another_contract_or_an_unknown_message_changes_nothing(world: World) -> None:
    message_id = _request_sent(world)
    handle_ses_notification(world.notifier, _event("Delivery", message_id, contract="someone-else"))
    handle_ses_notification(world.notifier, _event("Delivery", "not-ours@email.amazonses.com"))
    [message] = world.store.list_messages(TENANT, CONTRACT)
    assert message.state == "sent"


def test_an_event_that_overtakes_the_send_record_is_retried_later(world: World) -> None:
    from dataclasses import replace

    import pytest

    from services.notify.logic.feedback import OutcomeTooEarly

    message_id = _request_sent(world)
    [sent] = world.store.list_messages(TENANT, CONTRACT)
    # GIVEN notify is between SES's answer and recording the message id (state still "sending")
    world.store.messages[(TENANT, CONTRACT, sent.idempotency_key)] = replace(
        sent, state="sending", email_message_id=None
    )
    # WHEN the Delivery event arrives THEN it is refused for a later redelivery, not dropped
    with pytest.raises(OutcomeTooEarly):
        handle_ses_notification(world.notifier, _event("Delivery", message_id))
    world.store.messages[(TENANT, CONTRACT, sent.idempotency_key)] = sent
    handle_ses_notification(world.notifier, _event("Delivery", message_id))
    assert world.store.list_messages(TENANT, CONTRACT)[0].state == "delivered"
