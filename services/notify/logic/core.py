"""The ports bundle, exactly-once delivery and the sequence engine shared by events and the sweep."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from email.utils import formataddr
from typing import Any, Literal

from aws_lambda_powertools import Logger

from services.notify.domain.model import (
    DIGEST,
    TENANT_SCOPE,
    ActionItem,
    ActionKind,
    ContractView,
    MessageRecord,
    OutgoingEmail,
    OutgoingSms,
    ProjectView,
    SequenceKind,
    SequenceState,
    StaffMember,
    TenantView,
)
from services.notify.domain.plans import Step, first_step_on_or_after, plan
from services.notify.domain.policy import DEFAULT_POLICY, SequencePolicy, gate
from services.notify.domain.ports import (
    ConcurrentUpdateError,
    ContractDirectory,
    EmailSender,
    NotifyStore,
    SenderPauses,
    SmsSender,
)
from services.notify.rendering import TemplateRenderer, coverage_label, default_renderer
from shared.clock import Clock

# A Powertools child logger: its lines carry the keys the handler appends (event, tenant, correlation id).
logger = Logger(service="notify", child=True)

DeliveryOutcome = Literal["sent", "already_sent", "busy", "skipped", "paused"]
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
Audience = Literal["vendor", "staff", "approvers", "user", "admins"]


@dataclass(frozen=True)
class NotifyConfig:
    default_sender_email: str
    default_sender_name: str = "Insurance Compliance"
    due_shards: int = 4
    # A "sending" marker older than this is taken over by a retry (see `deliver`).
    send_lock_timeout_seconds: int = 300
    sweep_lookback_days: int = 3
    max_catch_up_days: int = 400


@dataclass
class Notifier:
    store: NotifyStore
    directory: ContractDirectory
    email: EmailSender
    sms: SmsSender
    clock: Clock
    config: NotifyConfig
    renderer: TemplateRenderer = field(default_factory=default_renderer)
    # Where a refused tenant sender is recorded (None: only logged).
    pauses: SenderPauses | None = None

    def policy(self, tenant_id: str) -> SequencePolicy:
        return self.store.tenant_policy(tenant_id) or DEFAULT_POLICY

    def shard_of(self, contract_id: str) -> int:
        return zlib.crc32(contract_id.encode()) % max(1, self.config.due_shards)


class Lookup:
    """Per-invocation cache of directory reads, so a sweep reads each tenant/project once."""

    def __init__(self, notifier: Notifier) -> None:
        self._n = notifier
        self._cache: dict[tuple[str, ...], Any] = {}

    def _get(self, key: tuple[str, ...], load: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def contract(self, tenant_id: str, contract_id: str) -> ContractView | None:
        result: ContractView | None = self._get(
            ("c", tenant_id, contract_id), lambda: self._n.directory.contract(tenant_id, contract_id)
        )
        return result

    def project(self, tenant_id: str, project_id: str) -> ProjectView | None:
        result: ProjectView | None = self._get(
            ("p", tenant_id, project_id), lambda: self._n.directory.project(tenant_id, project_id)
        )
        return result

    def tenant(self, tenant_id: str) -> TenantView:
        result: TenantView = self._get(
            ("t", tenant_id), lambda: self._n.directory.tenant(tenant_id) or TenantView(tenant_id, tenant_id)
        )
        return result

    def staff(self, tenant_id: str) -> list[StaffMember]:
        result: list[StaffMember] = self._get(("s", tenant_id), lambda: self._n.directory.staff(tenant_id))
        return result

    def policy(self, tenant_id: str) -> SequencePolicy:
        result: SequencePolicy = self._get(("policy", tenant_id), lambda: self._n.policy(tenant_id))
        return result

    def forget_contract(self, tenant_id: str, contract_id: str) -> None:
        self._cache.pop(("c", tenant_id, contract_id), None)


# ---------------------------------------------------------------- delivery


def sender_address(n: Notifier, tenant: TenantView, *, own_sender: bool = True) -> str:
    """The tenant's From; the service's own address when the tenant's is paused (staff mail)."""
    address = (tenant.sender_email if own_sender else None) or n.config.default_sender_email
    return formataddr((tenant.sender_name or tenant.name, address))


def _sender_refusal(exc: Exception) -> str | None:
    """SES's reason when it refused the From address itself, else None (a failure to retry)."""
    response = getattr(exc, "response", None)
    error = response.get("Error", {}) if isinstance(response, dict) else {}
    if error.get("Code") in SENDER_REFUSALS:
        return f"{error.get('Code')}: {error.get('Message', '')}".strip(": ")
    return None


def contract_reply_to(n: Notifier, tenant: TenantView, contract_id: str) -> str:
    """Replies land in the GC's mailbox, plus-addressed with the contract so they can be filed."""
    mailbox = tenant.reply_to_email or tenant.sender_email or n.config.default_sender_email
    local, _, domain = mailbox.partition("@")
    return f"{local.split('+')[0]}+{contract_id}@{domain}" if domain else mailbox


def deliver(
    n: Notifier,
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
) -> DeliveryOutcome:
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
        refusal = _sender_refusal(exc)
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


# ---------------------------------------------------------------- action needed


def raise_action(
    n: Notifier,
    *,
    tenant_id: str,
    kind: ActionKind,
    contract_id: str,
    ref: str,
    project_id: str | None,
    detail: str = "",
) -> bool:
    raised = n.store.put_action(
        ActionItem(
            tenant_id=tenant_id,
            kind=kind,
            contract_id=contract_id,
            ref=ref,
            created_at=n.clock.now(),
            project_id=project_id,
            detail=detail,
        )
    )
    if raised:
        arm_digest(n, tenant_id)
    return raised


def next_digest_day(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def arm_digest(n: Notifier, tenant_id: str) -> None:
    """Make sure the tenant's weekly digest is on the due index (it leaves it when nothing is open)."""
    existing = n.store.get_sequence(tenant_id, TENANT_SCOPE, DIGEST)
    if existing and existing.status == "active":
        return
    due = next_digest_day(n.clock.today(), n.policy(tenant_id).digest_weekday)
    state = SequenceState(
        tenant_id=tenant_id,
        contract_id=TENANT_SCOPE,
        project_id="",
        key=DIGEST,
        kind="digest",
        run="weekly",
        anchor=due,
        due_on=due,
        version=existing.version if existing else 0,
    )
    try:
        n.store.save_sequence(state)
    except ConcurrentUpdateError:
        logger.info("digest for %s armed concurrently", tenant_id)


# ---------------------------------------------------------------- sequences


def vendor_context(
    tenant: TenantView, project: ProjectView | None, contract: ContractView, policy: SequencePolicy
) -> dict[str, Any]:
    return {
        "tenant_name": tenant.name,
        "project_name": project.name if project else "",
        "vendor_name": contract.vendor_name,
        "contact_name": contract.contact.name,
        "upload_url": contract.upload_url,
        "reminder_total": policy.unanswered_reminders_before_non_responsive,
        "message": None,
    }


def start_sequence(
    n: Notifier,
    lookup: Lookup,
    contract: ContractView,
    *,
    key: str,
    kind: SequenceKind,
    run: str,
    anchor: date,
    restart: bool,
    coverage: str | None = None,
    label: str | None = None,
    policy_number: str | None = None,
    reasons: tuple[str, ...] = (),
    message: str | None = None,
) -> SequenceState | None:
    """Start (or restart) a sequence and send what is due today. Idempotent per `run`."""
    today = n.clock.today()
    existing = n.store.get_sequence(contract.tenant_id, contract.contract_id, key)
    if existing and existing.run == run:
        if existing.status == "active" and existing.due_on and existing.due_on <= today:
            advance(n, lookup, existing)
        return existing
    if existing and existing.status == "active" and not restart:
        return existing
    policy = lookup.policy(contract.tenant_id)
    first = first_step_on_or_after(plan(kind, anchor, policy), today)
    state = SequenceState(
        tenant_id=contract.tenant_id,
        contract_id=contract.contract_id,
        project_id=contract.project_id,
        key=key,
        kind=kind,
        run=run,
        anchor=anchor,
        step=first.index if first else 0,
        status="active" if first else "done",
        due_on=first.due_on if first else None,
        coverage=coverage,
        label=label,
        policy_number=policy_number,
        reasons=reasons,
        message=message,
        version=existing.version if existing else 0,
    )
    saved = n.store.save_sequence(state)
    # The first sweep after the first scheduled work must cover every day since (local stacks
    # whose clock jumps forward before any sweep ran).
    n.store.ensure_sweep_watermark(today)
    if saved.due_on and saved.due_on <= today:
        advance(n, lookup, saved)
    return saved


def end_sequences(
    n: Notifier,
    tenant_id: str,
    contract_id: str,
    *,
    status: Literal["answered", "stopped"],
    kinds: tuple[SequenceKind, ...] | None = None,
    keys: tuple[str, ...] | None = None,
) -> list[SequenceState]:
    ended = []
    for state in n.store.list_sequences(tenant_id, contract_id):
        if kinds is not None and state.kind not in kinds:
            continue
        if keys is not None and state.key not in keys:
            continue
        if state.status not in ("active", "paused"):
            continue
        ended.append(_save_until_settled(n, state, lambda s: s.evolve(status=status, due_on=None)))
    return ended


def _save_until_settled(n: Notifier, state: SequenceState, change: Any) -> SequenceState:
    for _ in range(3):
        try:
            saved: SequenceState = n.store.save_sequence(change(state))
            return saved
        except ConcurrentUpdateError:
            fresh = n.store.get_sequence(state.tenant_id, state.contract_id, state.key)
            if fresh is None:
                return state
            state = fresh
    raise ConcurrentUpdateError(f"sequence {state.key} of {state.contract_id} keeps changing")


def resume_paused(n: Notifier, lookup: Lookup, contract: ContractView, *, reactivated: bool = False) -> None:
    """A project back to Active: paused sequences continue where they stopped, from today. A
    reactivated contract also resumes the renewal tracking its deactivation stopped."""
    today = n.clock.today()
    policy = lookup.policy(contract.tenant_id)
    for state in n.store.list_sequences(contract.tenant_id, contract.contract_id):
        resumable = state.status == "paused" or (
            reactivated and state.kind == "renewal" and state.status == "stopped"
        )
        if not resumable or state.kind == "digest":
            continue
        steps = plan(state.kind, state.anchor, policy)
        if state.step >= len(steps):
            continue
        if state.kind == "renewal":
            # Renewal steps are tied to the calendar: rejoin at the first step not yet past.
            found = first_step_on_or_after(steps, today) or steps[-1]
            index = max(state.step, found.index)
            resumed = state.evolve(status="active", step=index, due_on=max(today, steps[index].due_on))
        else:
            # Chasing steps are relative: shift the run so the pending step is due today.
            shift = today - steps[state.step].due_on
            resumed = state.evolve(status="active", anchor=state.anchor + shift, due_on=today)
        saved = _save_until_settled(n, state, lambda _s, r=resumed: r)
        advance(n, lookup, saved)


def advance(n: Notifier, lookup: Lookup, state: SequenceState) -> int:
    """Run every step of one sequence that is due by today; returns how many messages went out."""
    today = n.clock.today()
    sent = 0
    for _ in range(64):  # a sequence has a handful of steps; this bounds a corrupt record
        current = n.store.get_sequence(state.tenant_id, state.contract_id, state.key)
        if current is None or current.status != "active" or current.due_on is None or current.due_on > today:
            return sent
        if current.kind == "digest":
            return sent + _run_digest(n, lookup, current)
        contract = lookup.contract(current.tenant_id, current.contract_id)
        project = lookup.project(current.tenant_id, current.project_id) if contract else None
        decision = gate(
            project_status=project.status if project else None,
            contract_active=contract.active if contract else None,
            kind=current.kind,
            coverage=current.coverage,
        )
        if decision != "send" or contract is None:
            status: Literal["paused", "stopped"] = "paused" if decision == "pause" else "stopped"
            _try_save(n, current.evolve(status=status, due_on=None))
            return sent
        policy = lookup.policy(current.tenant_id)
        steps = plan(current.kind, current.anchor, policy)
        if current.step >= len(steps):
            _try_save(n, current.evolve(status="done", due_on=None))
            return sent
        step = steps[current.step]
        if step.due_on > today:  # the tenant's policy changed since this was scheduled
            _try_save(n, current.evolve(due_on=step.due_on))
            return sent
        if step.action == "send":
            outcome = _send_step(n, lookup, current, step=step, contract=contract, project=project)
            if outcome in ("busy", "paused"):
                # Another worker holds it, or the tenant's sender is paused: a later sweep retries.
                return sent
            sent += outcome == "sent"
            following = current.step + 1
            if following < len(steps):
                changed = current.evolve(step=following, due_on=steps[following].due_on)
            else:
                changed = current.evolve(step=following, status="done", due_on=None)
        else:
            assert step.escalation is not None
            raise_action(
                n,
                tenant_id=current.tenant_id,
                kind=step.escalation,
                contract_id=current.contract_id,
                ref=current.key,
                project_id=current.project_id,
                detail=_escalation_detail(current, policy),
            )
            changed = current.evolve(step=current.step + 1, status="non_responsive", due_on=None)
        if not _try_save(n, changed):
            return sent
        if changed.status != "active" or changed.due_on is None or changed.due_on > today:
            return sent  # nothing more due today: skip re-reading what was just written
    return sent


def _try_save(n: Notifier, state: SequenceState) -> bool:
    try:
        n.store.save_sequence(state)
        return True
    except ConcurrentUpdateError:
        return False  # someone else advanced or stopped it; their write wins


def _escalation_detail(state: SequenceState, policy: SequencePolicy) -> str:
    if state.kind == "renewal":
        return (
            f"{coverage_label(state.coverage, state.label)} expired {state.anchor.isoformat()}; "
            f"no renewal after {policy.expired_reminders} reminders"
        )
    what = "document request" if state.kind == "request" else "rejection notice"
    return (
        f"no upload after the {what} of {state.anchor.isoformat()} and "
        f"{policy.unanswered_reminders_before_non_responsive} reminders"
    )


def _send_step(
    n: Notifier,
    lookup: Lookup,
    state: SequenceState,
    *,
    step: Step,
    contract: ContractView,
    project: ProjectView | None,
) -> DeliveryOutcome:
    tenant = lookup.tenant(state.tenant_id)
    policy = lookup.policy(state.tenant_id)
    context = vendor_context(tenant, project, contract, policy)
    context.update(
        reminder_number=step.reminder_number,
        reasons=list(state.reasons),
        notes_to_vendor=state.message if state.kind == "rejection" else None,
        message=state.message if state.kind == "request" else None,
        coverage_label=coverage_label(state.coverage, state.label),
        policy_number=state.policy_number,
        expiration_date=state.anchor.isoformat(),
        days_before_expiry=step.days_before_expiry,
    )
    if step.template == "expired_reminder":
        context["reminder_total"] = policy.expired_reminders
    if state.kind == "rejection":
        context.update(_open_items_context(n, state))
    contact = contract.contact
    sms_to = (
        contact.mobile_phone if (contact.sms_opt_in and contact.mobile_phone and policy.sms_enabled) else None
    )
    outcome = deliver(
        n,
        tenant=tenant,
        contract_id=state.contract_id,
        key=state.step_key(step.index),
        template=step.template,
        audience="vendor",
        context=context,
        email_to=[contact.email] if contact.email else [],
        sms_to=sms_to,
        sequence=state.key,
        step=step.index,
    )
    if outcome == "skipped" and not contact.email and not sms_to:
        # (A suppressed address already raised its own bounce/complaint/unsubscribe item.)
        raise_action(
            n,
            tenant_id=state.tenant_id,
            kind="contact_unreachable",
            contract_id=state.contract_id,
            ref="contact",
            project_id=state.project_id,
            detail="the vendor contact has no email address",
        )
    return outcome


def _open_items_context(n: Notifier, state: SequenceState) -> dict[str, Any]:
    """What is still open when the message is written: a reminder repeats only that, and a
    requirement waived or accepted since the rejection drops out. Without the workspace's view
    (None), the reasons the review sent stand."""
    todo = n.directory.vendor_todo(state.tenant_id, state.contract_id)
    if todo is None or not (todo.items or todo.certificate_problems):
        return {"items": [], "certificate_problems": [], "endorsements": [], "samples": []}
    return {
        "items": list(todo.items),
        "certificate_problems": list(todo.certificate_problems),
        "endorsements": list(todo.endorsements),
        "samples": list(todo.sample_documents),
        "notes_to_vendor": state.message or todo.notes_to_vendor,
    }


def _run_digest(n: Notifier, lookup: Lookup, state: SequenceState) -> int:
    # Imported here: the digest module builds on this one (deliver, Lookup).
    from services.notify.logic.digest import send_digest

    return send_digest(n, lookup, state)
