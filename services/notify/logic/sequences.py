"""The sequence engine: start, end, resume and advance a contract's correspondence sequences
(document requests, rejections, renewals) step by step, as events arrive and the sweep runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from services.notify.domain.model import ContractView, ProjectView, SequenceKind, SequenceState, TenantView
from services.notify.domain.plans import Step, first_step_on_or_after, plan
from services.notify.domain.policy import SequencePolicy, gate
from services.notify.logic.actions import raise_action
from services.notify.logic.delivery import SendResult, deliver
from services.notify.logic.digest import send_digest
from services.notify.logic.lookup import Lookup
from services.notify.logic.saves import save_until_settled, try_save
from services.notify.ports import NotifyPorts
from services.notify.rendering import coverage_label


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


@dataclass(frozen=True)
class SequenceStart:
    """What a new run of a sequence is about; `run` makes starting it idempotent."""

    key: str
    kind: SequenceKind
    run: str
    anchor: date
    restart: bool
    coverage: str | None = None
    label: str | None = None
    policy_number: str | None = None
    reasons: tuple[str, ...] = ()
    message: str | None = None


def start_sequence(
    n: NotifyPorts, lookup: Lookup, contract: ContractView, start: SequenceStart
) -> SequenceState | None:
    """Start (or restart) a sequence and send what is due today. Idempotent per `run`."""
    today = n.clock.today()
    existing = n.store.get_sequence(contract.tenant_id, contract.contract_id, start.key)
    if existing and existing.run == start.run:
        if existing.status == "active" and existing.due_on and existing.due_on <= today:
            advance(n, lookup, existing)
        return existing
    if existing and existing.status == "active" and not start.restart:
        return existing
    policy = lookup.policy(contract.tenant_id)
    first = first_step_on_or_after(plan(start.kind, start.anchor, policy), today)
    state = SequenceState(
        tenant_id=contract.tenant_id,
        contract_id=contract.contract_id,
        project_id=contract.project_id,
        key=start.key,
        kind=start.kind,
        run=start.run,
        anchor=start.anchor,
        step=first.index if first else 0,
        status="active" if first else "done",
        due_on=first.due_on if first else None,
        coverage=start.coverage,
        label=start.label,
        policy_number=start.policy_number,
        reasons=start.reasons,
        message=start.message,
        version=existing.version if existing else 0,
    )
    saved = n.store.save_sequence(state)
    # The first sweep after the first scheduled work must cover every day since (local stacks
    # whose clock jumps forward before any sweep ran).
    n.store.ensure_sweep_watermark(today)
    if saved.due_on and saved.due_on <= today:
        advance(n, lookup, saved)
    return saved


def end_sequences(  # noqa: PLR0913  the contract plus two optional keyword-only filters (kinds, keys)
    n: NotifyPorts,
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
        ended.append(save_until_settled(n, state, lambda s: s.evolve(status=status, due_on=None)))
    return ended


def resume_paused(
    n: NotifyPorts, lookup: Lookup, contract: ContractView, *, reactivated: bool = False
) -> None:
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
        saved = save_until_settled(n, state, _becomes(resumed))
        advance(n, lookup, saved)


def _becomes(resumed: SequenceState) -> Callable[[SequenceState], SequenceState]:
    return lambda _stored: resumed


def advance(n: NotifyPorts, lookup: Lookup, state: SequenceState) -> int:
    """Run every step of one sequence that is due by today; returns how many messages went out."""
    today = n.clock.today()
    sent = 0
    for _ in range(64):  # a sequence has a handful of steps; this bounds a corrupt record
        current = n.store.get_sequence(state.tenant_id, state.contract_id, state.key)
        if current is None or not _is_due(current, today):
            return sent
        if current.kind == "digest":
            return sent + send_digest(n, lookup, current)
        changed, went_out = _run_due_step(n, lookup, current, today)
        sent += went_out
        if changed is None or not try_save(n, changed):
            return sent
        if not _is_due(changed, today):
            return sent  # nothing more due today: skip re-reading what was just written
    return sent


def _is_due(state: SequenceState, today: date) -> bool:
    return state.status == "active" and state.due_on is not None and state.due_on <= today


def _run_due_step(
    n: NotifyPorts, lookup: Lookup, current: SequenceState, today: date
) -> tuple[SequenceState | None, int]:
    """Take the pending step of a due sequence.

    Returns the state to save next (None when this run ends here, having saved whatever the
    sequence became) and how many messages went out.
    """
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
        try_save(n, current.evolve(status=status, due_on=None))
        return None, 0
    policy = lookup.policy(current.tenant_id)
    steps = plan(current.kind, current.anchor, policy)
    if current.step >= len(steps):
        try_save(n, current.evolve(status="done", due_on=None))
        return None, 0
    step = steps[current.step]
    if step.due_on > today:  # the tenant's policy changed since this was scheduled
        try_save(n, current.evolve(due_on=step.due_on))
        return None, 0
    if step.action != "send":
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
        return current.evolve(step=current.step + 1, status="non_responsive", due_on=None), 0
    outcome = _send_step(n, lookup, current, step=step, contract=contract)
    if outcome in ("busy", "paused"):
        # Another worker holds it, or the tenant's sender is paused: a later sweep retries.
        return None, 0
    following = current.step + 1
    if following < len(steps):
        changed = current.evolve(step=following, due_on=steps[following].due_on)
    else:
        changed = current.evolve(step=following, status="done", due_on=None)
    return changed, int(outcome == "sent")


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
    n: NotifyPorts,
    lookup: Lookup,
    state: SequenceState,
    *,
    step: Step,
    contract: ContractView,
) -> SendResult:
    tenant = lookup.tenant(state.tenant_id)
    project = lookup.project(state.tenant_id, state.project_id)  # cached: the gate just read it
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


def _open_items_context(n: NotifyPorts, state: SequenceState) -> dict[str, Any]:
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
