"""Human review of a document: saving a draft, completing a review (and later edits), and the
coverage history the decisions build."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime

from shared.events import ReviewCompleted
from shared.events.envelope import EventPayload
from shared.workspace.access import Context, Permission
from shared.workspace.compliance import compliant_until, contract_status
from shared.workspace.coverage_records import COVERAGE_NAMES, contract_record, requirement_names, with_changes
from shared.workspace.documents import document_in_scope
from shared.workspace.entities import (
    Contract,
    ContractCompliance,
    CoverageRecord,
    Document,
    DocumentStatus,
    ExcludedOfficers,
    RequirementGroup,
    Review,
    ReviewDecisionStatus,
    ReviewInput,
    ReviewState,
)
from shared.workspace.errors import Conflict, InvalidInput
from shared.workspace.publishing import publish
from shared.workspace.repository import TenantRepository
from shared.workspace.review_checks import (
    APPROVED_DECISIONS,
    check_decided_and_explained,
    check_decisions,
    check_document_problems,
    check_overrides,
)
from shared.workspace.status_changes import compliance_event, stage_status, status_kept
from shared.workspace.store import Put


def get_review(ctx: Context, document_id: str) -> Review | None:
    ctx.require(Permission.REVIEW)
    document = document_in_scope(ctx, document_id)
    return ctx.repo.review(document.id)


def save_review_draft(ctx: Context, document_id: str, data: ReviewInput) -> Review:
    """Save work in progress ("Cancel" keeps it); nothing changes compliance until Done."""
    ctx.require(Permission.REVIEW)
    document = document_in_scope(ctx, document_id)
    contract = ctx.repo.contract(document.contract_id)
    check_decisions(ctx.repo.requirement_group(contract.requirement_group_id), data)
    review = ctx.repo.review(document.id)
    if review is None:
        review = Review(
            tenant_id=ctx.tenant_id,
            document_id=document.id,
            contract_id=contract.id,
            reviewer=ctx.actor.email,
            updated_at=ctx.clock.now(),
        )
        review.decisions, review.notes_to_vendor = data.decisions, data.notes_to_vendor
        review.document_decisions, review.notify_vendor = data.document_decisions, data.notify_vendor
        ctx.repo.add(review)
    else:
        review.decisions, review.notes_to_vendor = data.decisions, data.notes_to_vendor
        review.document_decisions, review.notify_vendor = data.document_decisions, data.notify_vendor
        review.state, review.reviewer, review.updated_at = ReviewState.DRAFT, ctx.actor.email, ctx.clock.now()
        ctx.repo.save(review)
    ctx.repo.commit()
    return review


def complete_review(ctx: Context, document_id: str, data: ReviewInput | None = None) -> Review:
    """ "Done": apply the decisions (given, or the saved draft) to the coverage history and compliance."""
    ctx.require(Permission.REVIEW)
    document_in_scope(ctx, document_id)
    if data is None or not (data.decisions or data.notes_to_vendor):
        # No decisions given: the saved draft, with the confirmation and e-mail choice of this call.
        draft = ctx.repo.review(document_id)
        if draft is None:
            raise InvalidInput("no decisions given and no draft saved", {"decisions": "required"})
        given = data.model_fields_set if data is not None else set()
        data = ReviewInput(
            decisions=draft.decisions,
            document_decisions=draft.document_decisions,
            notes_to_vendor=draft.notes_to_vendor,
            notify_vendor=data.notify_vendor if data and "notify_vendor" in given else draft.notify_vendor,
            confirm_override=bool(data and data.confirm_override),
        )
    finish_review(ctx, document_id, data)
    review = ctx.repo.review(document_id)
    assert review is not None
    return review


def finish_review(
    ctx: Context, document_id: str, data: ReviewInput, source: str | None = None
) -> list[tuple[EventPayload, str]]:
    repo = ctx.repo
    now = ctx.clock.now()
    document = repo.document(document_id)
    if document.status == DocumentStatus.DUPLICATE:
        raise Conflict(f"this file is a duplicate of document {document.duplicate_of}; review that one")
    contract = repo.contract(document.contract_id)
    group = repo.requirement_group(contract.requirement_group_id)
    check_decisions(group, data)
    check_document_problems(document, data)
    overridden = check_overrides(document, group, data)
    history = repo.coverage_records(contract.id)
    mine = {r.requirement_key: r for r in history if r.document_id == document.id}
    check_decided_and_explained(document, group, data, shown=set(mine))
    work = _Round(ctx, document, contract, group, data, history, mine, now)
    decided_records, fresh, rejected_reasons = _apply_decisions(work)

    for key in {r.requirement_key for r in decided_records}:
        stacked = {r.id: r for r in history if r.requirement_key == key}
        stacked.update({r.id: r for r in decided_records if r.requirement_key == key})
        _mark_superseded(repo, list(stacked.values()), fresh=fresh)

    review = _record_review(ctx, document, contract, data, now)

    was_pending = document.status == DocumentStatus.NEEDS_REVIEW
    document.status = DocumentStatus.REVIEWED
    document.reviewed_at, document.reviewed_by = now, ctx.actor.email
    repo.save(document)
    contract.reviewed = True

    status = _status_after_review(work)
    change = stage_status(ctx, contract, status, reason="review completed")
    repo.save(contract)
    ctx.audit(
        "review.completed",
        "document",
        document.id,
        contract_id=contract.id,
        round=review.rounds,
        first_review=was_pending,
        decisions=[d.model_dump(mode="json", exclude_none=True) for d in data.decisions],
        notes_to_vendor=data.notes_to_vendor,
        vendor_emailed=data.notify_vendor,
    )
    if overridden:
        ctx.audit("review.problems_overridden", "document", document.id, overridden=overridden)
    repo.commit()

    completed = ReviewCompleted(
        tenant_id=ctx.tenant_id,
        project_id=contract.project_id,
        contract_id=contract.id,
        document_id=document.id,
        reviewer=ctx.actor.email,
        rejected=bool(rejected_reasons),
        reasons=rejected_reasons,
        notes_to_vendor=data.notes_to_vendor,
        notify_vendor=data.notify_vendor,
    )
    events: list[tuple[EventPayload, str]] = [(completed, f"review-completed:{document.id}:{review.rounds}")]
    if change is not None:
        event, key = compliance_event(ctx, change, group)
        events.append((with_changes(event, document), key))
    elif any(r.decision in APPROVED_DECISIONS for r in decided_records):
        event, key = compliance_event(ctx, status_kept(contract, "certificate approved"), group)
        events.append((with_changes(event, document), f"{key}:{document.id}:{review.rounds}"))
    if source is None:
        publish(ctx, events)
    else:
        publish(ctx, events, source=source)
    return events


@dataclass(frozen=True)
class _Round:
    """One completion of a review: what it decides on, and the coverage history before it."""

    ctx: Context
    document: Document
    contract: Contract
    group: RequirementGroup
    data: ReviewInput
    history: list[CoverageRecord]
    mine: dict[str, CoverageRecord]  # this document's records, by requirement
    now: datetime


def _apply_decisions(work: _Round) -> tuple[list[CoverageRecord], set[str], list[str]]:
    """Stage this round's decision on each requirement's record (new records for requirements the
    certificate did not show) and the excluded officers; returns the decided records, the ids of
    the new ones and one sentence per rejected requirement."""
    ctx, document, contract, group, data, mine, now = (
        work.ctx,
        work.document,
        work.contract,
        work.group,
        work.data,
        work.mine,
        work.now,
    )
    repo = ctx.repo
    specs = {c.requirement_key: c for c in group.coverages}
    docs = {d.requirement_key: d for d in group.required_documents}
    rejected_reasons: list[str] = []
    decided_records: list[CoverageRecord] = []
    fresh: set[str] = set()
    for decision in data.decisions:
        record = mine.get(decision.requirement_key)
        if record is None:
            record = contract_record(
                contract,
                decision.requirement_key,
                *requirement_names(specs, docs, decision.requirement_key),
                document_id=document.id,
                recorded_at=document.uploaded_at,
            )
            repo.add(record)
            fresh.add(record.id)
        else:
            repo.save(record)
        record.decision = decision.status
        record.note = decision.note
        record.decided_by = ctx.actor.email
        record.decided_at = now
        for name in ("policy_number", "insurer_name", "effective_date", "expiration_date", "limits"):
            value = getattr(decision, name)
            if value is not None:
                setattr(record, name, value)
        decided_records.append(record)
        if decision.status == ReviewDecisionStatus.REJECTED:
            printed = specs[decision.requirement_key].label if decision.requirement_key in specs else None
            title = printed or COVERAGE_NAMES.get(record.coverage, record.label or decision.requirement_key)
            rejected_reasons.append(
                f"{title}: {decision.note}" if decision.note else f"{title} was not accepted."
            )
        if decision.excluded_officers:
            # Upsert: a later re-review of the same document replaces the list.
            repo.put(
                ExcludedOfficers(
                    tenant_id=ctx.tenant_id,
                    project_id=contract.project_id,
                    contract_id=contract.id,
                    vendor_name=contract.vendor_name,
                    document_id=document.id,
                    officers=decision.excluded_officers,
                    recorded_at=now,
                )
            )
    return decided_records, fresh, rejected_reasons


def _record_review(
    ctx: Context, document: Document, contract: Contract, data: ReviewInput, now: datetime
) -> Review:
    """Stage the review as done (a later edit of a done review is another round)."""
    repo = ctx.repo
    review = repo.review(document.id)
    if review is None:
        review = Review(
            tenant_id=ctx.tenant_id,
            document_id=document.id,
            contract_id=contract.id,
            reviewer=ctx.actor.email,
            updated_at=now,
        )
        repo.add(review)
    else:
        repo.save(review)
    review.decisions, review.notes_to_vendor = data.decisions, data.notes_to_vendor
    review.document_decisions, review.notify_vendor = data.document_decisions, data.notify_vendor
    review.state, review.reviewer, review.updated_at, review.completed_at = (
        ReviewState.DONE,
        ctx.actor.email,
        now,
        now,
    )
    review.rounds += 1
    return review


def _status_after_review(work: _Round) -> ContractCompliance:
    """The contract's status with this round's records in place of the stored ones; also refreshes
    `contract.compliant_until` (not saved here)."""
    ctx, document, contract, group, data = work.ctx, work.document, work.contract, work.group, work.data
    history, mine, repo = work.history, work.mine, ctx.repo
    updated = {r.id: r for r in history}
    for decision in data.decisions:
        record = mine.get(decision.requirement_key)
        if record is not None:
            updated[record.id] = record
    others_pending = repo.store.query(
        f"{repo.pk}#C#{contract.id}#DOCS",
        index="gsi1",
        where=lambda i: (
            i.body.get("status") == DocumentStatus.NEEDS_REVIEW.value and i.body.get("id") != document.id
        ),
        limit=1,
    ).items
    pending_records = [r for r in _staged_records(repo) if r.id not in updated]
    records_now = list(updated.values()) + pending_records
    contract.compliant_until = compliant_until(group, records_now, ctx.clock.today())
    status = contract_status(
        contract, group, records_now, ctx.clock.today(), has_document_needing_review=bool(others_pending)
    )
    return status


def _staged_records(repo: TenantRepository) -> list[CoverageRecord]:
    return [
        CoverageRecord.model_validate(w.item.body)
        for w in repo.staged
        if isinstance(w, Put) and w.item.entity == "CoverageRecord"
    ]


def _mark_superseded(
    repo: TenantRepository, stacked: list[CoverageRecord], *, fresh: AbstractSet[str] = frozenset()
) -> None:
    """Among one requirement's approved certificates the one running longest is current; earlier
    ones ending no later are superseded (they leave the company views, history keeps them).
    Recomputed on every review, so rejecting a renewal on re-review restores its predecessor."""
    approved = [r for r in stacked if r.decision in APPROVED_DECISIONS]
    # The id breaks ties (two approved certificates received together, running equally long), so
    # the one in force never depends on the order the records were read in.
    current = max(approved, key=lambda r: (r.expiration_date or date.max, r.recorded_at, r.id), default=None)
    for record in approved:
        superseded = (
            current is not None
            and record is not current
            and (record.expiration_date or date.max) <= (current.expiration_date or date.max)
        )
        if record.superseded != superseded:
            record.superseded = superseded
            _stage(repo, record, fresh)
    for record in stacked:
        if record.decision not in APPROVED_DECISIONS and record.superseded:
            record.superseded = False
            _stage(repo, record, fresh)


def _stage(repo: TenantRepository, record: CoverageRecord, fresh: AbstractSet[str]) -> None:
    # A record created by this very review is already staged as new (written as it is at commit);
    # saving it again would claim it was loaded.
    if record.id not in fresh:
        repo.save(record)
