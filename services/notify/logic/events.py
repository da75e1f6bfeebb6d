"""What notify does with each event from the bus. One function per event, dispatched by type."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from services.notify.domain.model import REJECTION, REQUEST, ContractView, StaffMember, renewal_key
from services.notify.domain.policy import staff_notices_allowed
from services.notify.logic.actions import raise_action
from services.notify.logic.delivery import deliver
from services.notify.logic.lookup import Lookup
from services.notify.logic.sequences import SequenceStart, end_sequences, resume_paused, start_sequence
from services.notify.ports import NotifyPorts
from shared.correspondence import ActionKind, Audience
from shared.events.catalog import (
    CertificateReviewed,
    ComplianceChanged,
    ContractChanged,
    ContractNoteAdded,
    DocumentsRequested,
    OverrideDecided,
    OverrideRequested,
    ProjectStatusChanged,
    ReviewCompleted,
)
from shared.events.envelope import Envelope, EventPayload

logger = logging.getLogger(__name__)

NEEDS_CERTIFICATE = (None, "needs_certificate")
RESOLVED_BY_UPLOAD: tuple[ActionKind, ...] = ("non_responsive_request", "non_responsive_rejection")


def handle_event(n: NotifyPorts, envelope: Envelope[Any]) -> None:
    handler = _HANDLERS.get(type(envelope.data))
    if handler is None:
        logger.info("notify ignores %s", envelope.metadata.name)
        return
    handler(n, Lookup(n), envelope.data, envelope.metadata.idempotency_key)


def _contract(lookup: Lookup, tenant_id: str, contract_id: str) -> ContractView | None:
    contract = lookup.contract(tenant_id, contract_id)
    if contract is None:
        logger.warning("contract %s of tenant %s not found; nothing to send", contract_id, tenant_id)
    return contract


def _start_automatic_request(n: NotifyPorts, lookup: Lookup, contract: ContractView, run: str) -> None:
    """A document request the system sends on its own, unless the tenant switched those off."""
    if not lookup.policy(contract.tenant_id).requests_enabled:
        return
    start_sequence(n, lookup, contract, _request(n, run, restart=False))


def _request(n: NotifyPorts, run: str, *, restart: bool, message: str | None = None) -> SequenceStart:
    return SequenceStart(
        key=REQUEST, kind="request", run=run, anchor=n.clock.today(), restart=restart, message=message
    )


def on_contract_changed(n: NotifyPorts, lookup: Lookup, event: ContractChanged, event_key: str) -> None:
    if event.change in ("deactivated", "removed") or not event.active:
        end_sequences(n, event.tenant_id, event.contract_id, status="stopped")
        n.store.resolve_actions(
            event.tenant_id,
            event.contract_id,
            (
                *RESOLVED_BY_UPLOAD,
                "non_responsive_expiration",
                "non_compliant_submissions",
                "contact_unreachable",
            ),
        )
        return
    if event.change == "contact_updated":
        n.store.resolve_actions(
            event.tenant_id,
            event.contract_id,
            ("contact_bounced", "contact_complained", "contact_unsubscribed", "contact_unreachable"),
        )
        return
    if event.change not in ("created", "activated"):
        return
    contract = _contract(lookup, event.tenant_id, event.contract_id)
    if contract is None or not contract.active:
        return
    project = lookup.project(event.tenant_id, contract.project_id)
    if project is None or project.status.lower() != "active":
        return  # the request starts when the project goes Active
    resume_paused(n, lookup, contract, reactivated=event.change == "activated")
    if contract.compliance in NEEDS_CERTIFICATE:
        _start_automatic_request(n, lookup, contract, run=event_key)


def on_project_status_changed(
    n: NotifyPorts, lookup: Lookup, event: ProjectStatusChanged, event_key: str
) -> None:
    # Pausing (Draft, Frozen) and stopping (Closed, Warranty except GL renewals) happen lazily when a
    # step falls due, so a status change costs nothing per contract; going Active must start work.
    if event.status.lower() != "active":
        return
    for contract in n.directory.contracts_in_project(event.tenant_id, event.project_id):
        if not contract.active:
            continue
        resume_paused(n, lookup, contract)
        if contract.compliance in NEEDS_CERTIFICATE:
            _start_automatic_request(n, lookup, contract, run=f"{event_key}:{contract.contract_id}")


def _uploaded(n: NotifyPorts, tenant_id: str, contract_id: str, document_id: str | None = None) -> None:
    """Something new arrived: stop chasing. A rejection of this very document (its events can
    arrive out of order) is not answered by the document itself."""
    end_sequences(n, tenant_id, contract_id, status="answered", kinds=("request",))
    rejection = n.store.get_sequence(tenant_id, contract_id, REJECTION)
    if rejection is not None and (document_id is None or rejection.run != document_id):
        end_sequences(n, tenant_id, contract_id, status="answered", keys=(REJECTION,))
    n.store.resolve_actions(tenant_id, contract_id, RESOLVED_BY_UPLOAD)


def on_certificate_reviewed(
    n: NotifyPorts, lookup: Lookup, event: CertificateReviewed, event_key: str
) -> None:
    _uploaded(n, event.tenant_id, event.contract_id, event.document_id)
    policy = lookup.policy(event.tenant_id)
    compliant = event.verdict.compliant
    in_a_row = n.store.record_submission(event.tenant_id, event.contract_id, event.document_id, compliant)
    if compliant:
        n.store.resolve_actions(event.tenant_id, event.contract_id, ("non_compliant_submissions",))
    elif in_a_row >= policy.non_compliant_submissions_for_action:
        raise_action(
            n,
            tenant_id=event.tenant_id,
            kind="non_compliant_submissions",
            contract_id=event.contract_id,
            ref="submissions",
            project_id=event.project_id,
            detail=f"{in_a_row} non-compliant submissions in a row",
        )
    contract = lookup.contract(event.tenant_id, event.contract_id)
    project = lookup.project(event.tenant_id, event.project_id)
    if not policy.staff_submission_notices or contract is None:
        return
    if not staff_notices_allowed(
        project_status=project.status if project else None, contract_active=contract.active
    ):
        return
    recipients = _submission_recipients(lookup.staff(event.tenant_id))
    tenant = lookup.tenant(event.tenant_id)
    deliver(
        n,
        tenant=tenant,
        contract_id=event.contract_id,
        key=f"{event.tenant_id}#{event.contract_id}#submission#{event.document_id}#0",
        template="submission_received",
        audience="staff",
        context={
            "tenant_name": tenant.name,
            "vendor_name": contract.vendor_name,
            "project_name": project.name if project else "",
            "compliant": compliant,
            "deficiencies": [d.message for d in event.verdict.deficiencies],
            "document_id": event.document_id,
            "channel": event.channel,
        },
        email_to=[m.email for m in recipients],
    )


def _submission_recipients(staff: list[StaffMember]) -> list[StaffMember]:
    opted_in = [m for m in staff if m.notify_on_submission]
    return opted_in or [m for m in staff if m.is_admin]


def on_compliance_changed(n: NotifyPorts, lookup: Lookup, event: ComplianceChanged, event_key: str) -> None:
    if event.status == "inactive":
        end_sequences(n, event.tenant_id, event.contract_id, status="stopped")
        return
    # needs_review means a new document is waiting; compliant leaves nothing to chase. Not
    # non_compliant: it comes with a rejection (or an expiry), which must keep its reminders.
    if event.status in ("needs_review", "compliant"):
        _uploaded(n, event.tenant_id, event.contract_id)
    if event.status != "compliant":
        return
    contract = _contract(lookup, event.tenant_id, event.contract_id)
    if contract is None:
        return
    tracked: set[str] = set()
    renewals_enabled = lookup.policy(event.tenant_id).renewals_enabled
    for coverage in event.coverages:
        if coverage.expiration_date is None or not renewals_enabled:
            continue
        key = renewal_key(coverage.coverage, coverage.label)
        tracked.add(key)
        previous = n.store.get_sequence(event.tenant_id, event.contract_id, key)
        # A compliant certificate with a new expiration date is a renewal: the old run's renewal
        # and expiry reminders stop and a new run tracks the new date.
        renewal = SequenceStart(
            key=key,
            kind="renewal",
            run=coverage.expiration_date.isoformat(),
            anchor=coverage.expiration_date,
            restart=True,
            coverage=coverage.coverage,
            label=coverage.label,
            policy_number=coverage.policy_number,
        )
        state = start_sequence(n, lookup, contract, renewal)
        if previous is not None and state is not None and previous.run != state.run:
            n.store.resolve_actions(
                event.tenant_id, event.contract_id, ("non_responsive_expiration",), ref=key
            )
    # Policies no longer required or reported stop being chased.
    stale = tuple(
        s.key
        for s in n.store.list_sequences(event.tenant_id, event.contract_id)
        if s.kind == "renewal" and s.key not in tracked
    )
    if stale:
        end_sequences(n, event.tenant_id, event.contract_id, status="stopped", keys=stale)


def on_review_completed(n: NotifyPorts, lookup: Lookup, event: ReviewCompleted, event_key: str) -> None:
    if not event.rejected:
        _uploaded(n, event.tenant_id, event.contract_id)
        return
    if not event.notify_vendor:
        # The reviewer chose not to tell the vendor now: no rejection notice; the requests run on.
        return
    end_sequences(n, event.tenant_id, event.contract_id, status="answered", kinds=("request",))
    n.store.resolve_actions(event.tenant_id, event.contract_id, RESOLVED_BY_UPLOAD)
    contract = _contract(lookup, event.tenant_id, event.contract_id)
    if contract is None or not lookup.policy(event.tenant_id).rejections_enabled:
        return
    reasons = tuple(event.reasons) or (
        "The certificate does not meet the contract's insurance requirements.",
    )
    rejection = SequenceStart(
        key=REJECTION,
        kind="rejection",
        run=event.document_id,
        anchor=n.clock.today(),
        restart=True,
        reasons=reasons,
        message=event.notes_to_vendor,
    )
    start_sequence(n, lookup, contract, rejection)


def on_documents_requested(n: NotifyPorts, lookup: Lookup, event: DocumentsRequested, event_key: str) -> None:
    contract = _contract(lookup, event.tenant_id, event.contract_id)
    if contract is None:
        return
    start_sequence(n, lookup, contract, _request(n, event_key, restart=True, message=event.message))


def on_contract_note_added(n: NotifyPorts, lookup: Lookup, event: ContractNoteAdded, event_key: str) -> None:
    if not event.email_user_id:
        return
    # A note a colleague chose to email is deliberate internal mail: it goes out whatever the
    # project's status (the Draft/Closed silence is about automatic vendor correspondence).
    user = next((m for m in lookup.staff(event.tenant_id) if m.user_id == event.email_user_id), None)
    if user is None:
        logger.warning(
            "note %s: user %s not found in tenant %s", event.note_id, event.email_user_id, event.tenant_id
        )
        return
    _mail_staff(
        n,
        lookup,
        event,
        what=f"note#{event.note_id}",
        template="contract_note",
        audience="user",
        context={"author": event.author, "text": event.text},
        email_to=[user.email],
    )


def on_override_requested(n: NotifyPorts, lookup: Lookup, event: OverrideRequested, event_key: str) -> None:
    # Forwarded to approvers and listed as pending until an OverrideDecided arrives; never approved here.
    raise_action(
        n,
        tenant_id=event.tenant_id,
        kind="override_pending",
        contract_id=event.contract_id,
        ref=event.request_id,
        project_id=event.project_id,
        detail=f"{event.kind}{f' for {event.requirement}' if event.requirement else ''}: {event.reason}",
    )
    staff = lookup.staff(event.tenant_id)
    approvers = [m for m in staff if m.approves_overrides] or [m for m in staff if m.is_admin]
    _mail_staff(
        n,
        lookup,
        event,
        what=f"override#{event.request_id}",
        template="override_requested",
        audience="approvers",
        context={
            "request_kind": event.kind,
            "requirement": event.requirement,
            "reason": event.reason,
            "requested_by": event.requested_by,
        },
        email_to=[m.email for m in approvers],
    )


def _mail_staff(  # noqa: PLR0913  keyword-only message parts handed to deliver()
    n: NotifyPorts,
    lookup: Lookup,
    about: ContractNoteAdded | OverrideRequested,
    *,
    what: str,
    template: str,
    audience: Audience,
    context: dict[str, Any],
    email_to: list[str],
) -> None:
    """Internal mail about the event's contract: its vendor, project and tenant named the same
    way in every template; `what` (the note, the request) makes the message's send key."""
    tenant_id, contract_id = about.tenant_id, about.contract_id
    contract = lookup.contract(tenant_id, contract_id)
    project = lookup.project(tenant_id, about.project_id)
    tenant = lookup.tenant(tenant_id)
    deliver(
        n,
        tenant=tenant,
        contract_id=contract_id,
        key=f"{tenant_id}#{contract_id}#{what}#0",
        template=template,
        audience=audience,
        context={
            "tenant_name": tenant.name,
            "vendor_name": contract.vendor_name if contract else contract_id,
            "project_name": project.name if project else "",
            **context,
        },
        email_to=email_to,
    )


def on_override_decided(n: NotifyPorts, lookup: Lookup, event: OverrideDecided, event_key: str) -> None:
    n.store.resolve_actions(event.tenant_id, event.contract_id, ("override_pending",), ref=event.request_id)


_HANDLERS: dict[type[EventPayload], Callable[..., None]] = {
    ContractChanged: on_contract_changed,
    ProjectStatusChanged: on_project_status_changed,
    CertificateReviewed: on_certificate_reviewed,
    ComplianceChanged: on_compliance_changed,
    ReviewCompleted: on_review_completed,
    DocumentsRequested: on_documents_requested,
    ContractNoteAdded: on_contract_note_added,
    OverrideRequested: on_override_requested,
    OverrideDecided: on_override_decided,
}
