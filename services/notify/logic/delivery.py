"""Sending one message at most once, and recording it in the contract's history."""

from __future__ import annotations

from dataclasses import replace
from email.utils import formataddr
from typing import Any, Literal

from aws_lambda_powertools import Logger

from services.notify.domain.model import OutgoingEmail, OutgoingSms, TenantView
from services.notify.logic.actions import arm_digest
from services.notify.ports import NotifyPorts
from shared.correspondence import Audience, MessageRecord

# A Powertools child logger: its lines carry the keys the handler appends (event, tenant, correlation id).
logger = Logger(service="notify", child=True)

SendResult = Literal["sent", "already_sent", "busy", "skipped", "paused"]
# SES errors that mean "this From address cannot send" (the tenant's to fix, not ours to retry).
# AccessDenied too: the function's IAM policy allows sending only from the SES identity it was
# deployed with, so a tenant sender outside it is refused that way.
SENDER_REFUSALS = frozenset(
    {
        "MessageRejected",
        "MailFromDomainNotVerifiedException",
        "MailFromDomainNotVerified",
        "AccessDeniedException",
        "AccessDenied",
    }
)


def sender_address(n: NotifyPorts, tenant: TenantView, *, own_sender: bool = True) -> str:
    """The tenant's From; the service's own address when the tenant's is paused (staff mail)."""
    address = (tenant.sender_email if own_sender else None) or n.config.default_sender_email
    return formataddr((tenant.sender_name or tenant.name, address))


def sender_refusal(exc: Exception) -> str | None:
    """SES's reason when it refused the From address itself, else None (a failure to retry)."""
    response = getattr(exc, "response", None)
    error = response.get("Error", {}) if isinstance(response, dict) else {}
    if error.get("Code") in SENDER_REFUSALS:
        return f"{error.get('Code')}: {error.get('Message', '')}".strip(": ")
    return None


def contract_reply_to(n: NotifyPorts, tenant: TenantView, contract_id: str) -> str:
    """Replies land in the GC's mailbox, plus-addressed with the contract so they can be filed."""
    mailbox = tenant.reply_to_email or tenant.sender_email or n.config.default_sender_email
    local, _, domain = mailbox.partition("@")
    return f"{local.split('+')[0]}+{contract_id}@{domain}" if domain else mailbox


def deliver(  # noqa: PLR0913  keyword-only fields of the MessageRecord it writes
    n: NotifyPorts,
    *,
    tenant: TenantView,
    contract_id: str,
    key: str,
    template: str,
    audience: Audience,
    context: dict[str, Any],
    email_to: list[str],
    sms_to: str | None = None,
    sequence: str | None = None,
    step: int | None = None,
) -> SendResult:
    """Send one message at most once for `key`.

    Two guards, because either alone has a crash window:
    1. a "sending" marker put with a condition (absent, or "sending" and older than the lock
       timeout) so concurrent sweeps and redeliveries race for it and only one sends;
    2. each channel goes through the idempotent sender (Powertools idempotency keyed on
       `key#email` / `key#sms`), so a taker-over after a crash between the provider's accept and the
       "sent" mark gets the stored result instead of sending again.
    The marker is then rewritten as "sent" and becomes the message's history record. A failed
    send deletes the marker so the retry starts clean.
    """
    rendered = n.renderer.render(template, context)
    now = n.clock.now()
    recipients = [address for address in dict.fromkeys(email_to) if address]
    deliverable = [address for address in recipients if not n.store.suppression(address)]
    record = MessageRecord(
        tenant_id=tenant.tenant_id,
        contract_id=contract_id,
        idempotency_key=key,
        template=template,
        audience=audience,
        state="sending",
        created_at=now,
        subject=rendered.subject,
        text=rendered.text,
        email_to=tuple(deliverable),
        sms_to=sms_to if rendered.sms else None,
        sequence=sequence,
        step=step,
    )
    # A paused tenant sender: vendor mail waits (a later sweep retries it once an Admin saved a
    # verified sender); staff mail still goes, from the service's own address.
    own_sender = not tenant.sender_paused
    if not own_sender and audience == "vendor":
        return "paused"
    started = n.store.begin_delivery(record, n.config.send_lock_timeout_seconds)
    if started != "acquired":
        return started
    if not deliverable and not record.sms_to:
        reason = (
            "recipient suppressed (bounce/complaint/unsubscribe)" if recipients else "no recipient address"
        )
        n.store.finish_delivery(replace(record, state="skipped", skipped_reason=reason))
        return "skipped"
    try:
        email_id = None
        if deliverable:
            email_id = n.email.send(
                OutgoingEmail(
                    idempotency_key=f"{key}#email",
                    from_address=sender_address(n, tenant, own_sender=own_sender),
                    to=tuple(deliverable),
                    subject=rendered.subject,
                    text=rendered.text,
                    html=rendered.html,
                    reply_to=(contract_reply_to(n, tenant, contract_id),),
                    tags={"tenant": tenant.tenant_id, "contract": contract_id, "template": template},
                )
            )
        sms_id = None
        if record.sms_to and rendered.sms:
            sms_id = n.sms.send(OutgoingSms(f"{key}#sms", record.sms_to, rendered.sms))
    except Exception as exc:
        n.store.abandon_delivery(tenant.tenant_id, contract_id, key)
        refusal = sender_refusal(exc)
        if refusal is None or not (own_sender and tenant.sender_email):
            raise  # ours to fix or retry (the service's own sender, throttling, an outage)
        # The tenant's sender was refused: retrying cannot help, so pause instead of raising.
        if n.pauses is not None and n.pauses.pause(
            tenant.tenant_id, f"SES refused {tenant.sender_email}: {refusal}"
        ):
            arm_digest(n, tenant.tenant_id)  # Admins hear of it by e-mail too, from our own address
        logger.warning("tenant sender refused; vendor e-mails paused", extra={"reason": refusal})
        return "paused"
    n.store.finish_delivery(
        replace(record, state="sent", sent_at=n.clock.now(), email_message_id=email_id, sms_message_id=sms_id)
    )
    # No addresses or message text in the log: ids are enough to follow a message.
    logger.info(
        "message sent",
        extra={
            "template": template,
            "contract_id": contract_id,
            "email_message_id": email_id,
            "sms": bool(sms_id),
        },
    )
    return "sent"
