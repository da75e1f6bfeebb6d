"""SES feedback: deliveries mark the message delivered; bounces and complaints mark the message
and the address (suppressed) and raise action items; unsubscribes suppress the address."""

from __future__ import annotations

import logging
from typing import Any

from services.notify.logic.actions import raise_action
from services.notify.ports import NotifyPorts
from shared.correspondence import TENANT_SCOPE, ActionKind, DeliveryOutcome

logger = logging.getLogger(__name__)


class FeedbackError(ValueError):
    """The message is not an SES notification notify understands."""


class OutcomeTooEarly(RuntimeError):
    """SES reported on a message whose send notify has not finished recording yet (the event
    overtook `finish_delivery`): raised so the queue delivers the event again later."""


def _tag(mail: dict[str, Any], name: str) -> str | None:
    values = (mail.get("tags") or {}).get(name) or []
    return str(values[0]) if values else None


def _kind(notification: dict[str, Any]) -> Any:
    return notification.get("eventType") or notification.get("notificationType")


# What an event says about the message itself. Any bounce counts: SES reports a transient one
# only once it gave up retrying, so that message was not delivered either.
_OUTCOMES: dict[str, DeliveryOutcome] = {
    "Delivery": "delivered",
    "Bounce": "bounced",
    "Complaint": "complained",
}


def _record_outcome(n: NotifyPorts, notification: dict[str, Any]) -> bool:
    outcome = _OUTCOMES.get(str(_kind(notification)))
    mail = notification.get("mail") or {}
    tenant_id, contract_id, message_id = _tag(mail, "tenant"), _tag(mail, "contract"), mail.get("messageId")
    if outcome is None or not (tenant_id and contract_id and message_id):
        return False
    if n.store.record_outcome(tenant_id, contract_id, str(message_id), outcome, n.clock.now()):
        return True
    history = n.store.list_messages(tenant_id, contract_id)
    known = any(m.email_message_id == message_id for m in history)
    if not known and any(m.state == "sending" for m in history):
        raise OutcomeTooEarly(f"message {message_id} of contract {contract_id} is still being recorded")
    return False


def _affected(notification: dict[str, Any]) -> tuple[ActionKind, str, list[str]] | None:
    kind = _kind(notification)
    if kind == "Bounce":
        bounce = notification.get("bounce") or {}
        if bounce.get("bounceType") != "Permanent":
            return None  # soft bounces (mailbox full, throttling) resolve themselves
        emails = [r.get("emailAddress", "") for r in bounce.get("bouncedRecipients") or []]
        return "contact_bounced", "bounced", emails
    if kind == "Complaint":
        complaint = notification.get("complaint") or {}
        emails = [r.get("emailAddress", "") for r in complaint.get("complainedRecipients") or []]
        return "contact_complained", "complained", emails
    if kind == "Subscription":
        mail = notification.get("mail") or {}
        return "contact_unsubscribed", "unsubscribed", list(mail.get("destination") or [])
    if kind in ("Delivery", "Send", "Open", "Click", "DeliveryDelay", "Reject", "Rendering Failure"):
        return None
    raise FeedbackError(f"not an SES notification (type {kind!r})")


def handle_ses_notification(n: NotifyPorts, notification: dict[str, Any]) -> int:
    """Returns how many addresses were suppressed."""
    affected = _affected(notification)  # first: raises for what is not an SES notification at all
    _record_outcome(n, notification)
    if affected is None:
        return 0
    action, reason, emails = affected
    mail = notification.get("mail") or {}
    tenant_id, contract_id = _tag(mail, "tenant"), _tag(mail, "contract")
    suppressed = 0
    for email in (e.strip().lower() for e in emails if e and "@" in e):
        n.store.suppress_address(email, reason, n.clock.now())
        suppressed += 1
        if tenant_id and contract_id and contract_id != TENANT_SCOPE:
            contract = n.directory.contract(tenant_id, contract_id)
            raise_action(
                n,
                tenant_id=tenant_id,
                kind=action,
                contract_id=contract_id,
                ref="contact",
                project_id=contract.project_id if contract else None,
                detail=f"{email} {reason}; correspondence to it has stopped",
            )
        else:
            logger.warning("%s %s without tenant/contract tags; address suppressed only", email, reason)
    return suppressed
