"""Documents and reviews: storing the automatic verdict, the Needs Review queue, human review
(draft, done, later edits), waivers, and the coverage history they build."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from shared.contracts import Certificate, Policy, Verdict
from shared.contracts.changes import Change
from shared.events import CertificateExtracted, CertificateReviewed, ComplianceChanged, ReviewCompleted
from shared.events.catalog import SOURCE_REVIEW
from shared.events.envelope import EventPayload
from shared.workspace.access import Actor, Context, Permission
from shared.workspace.compliance import compliant_until, contract_status
from shared.workspace.entities import (
    DOCUMENT_PROBLEM_CODES,
    Contract,
    CoverageRecord,
    CoverageSpec,
    Document,
    DocumentStatus,
    ExcludedOfficers,
    RequiredDocument,
    RequirementDecision,
    RequirementGroup,
    Review,
    ReviewDecisionStatus,
    ReviewInput,
    ReviewState,
    WaiveInput,
    new_id,
    requirement_key,
)
from shared.workspace.errors import Conflict, InvalidInput, NotFound
from shared.workspace.repository import Page, TenantRepository, grants_for_reviewer
from shared.workspace.scope import require_contract_in_scope
from shared.workspace.store import ItemStore, Put
from shared.workspace.workflow import (
    StatusChange,
    compliance_event,
    evaluate_contract,
    publish,
    stage_status,
    status_kept,
)

_COVERAGE_NAMES = {
    "general_liability": "General liability",
    "auto_liability": "Automobile liability",
    "umbrella": "Umbrella liability",
    "excess": "Excess liability",
    "workers_comp": "Workers' compensation",
}


# ---------------------------------------------------------------- automatic verdict


@dataclass(frozen=True)
class AutomaticOutcome:
    document: Document
    created: bool
    duplicate: bool
    status_change: StatusChange | None
    events: list[tuple[EventPayload, str]]


def _policy_for(certificate: Certificate, key: str) -> Policy | None:
    """The certificate's policy for a requirement; with several, the one running longest."""
    candidates = [p for p in certificate.policies if requirement_key(p.coverage, p.label) == key]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (p.expiration_date or datetime.min.date(), p.policy_number or ""))


def _contract_record(
    contract: Contract, key: str, coverage: str, label: str | None, **fields: Any
) -> CoverageRecord:
    """A new coverage record of one of the contract's requirements; the contract fixes whose it is."""
    return CoverageRecord(
        id=new_id(),
        tenant_id=contract.tenant_id,
        project_id=contract.project_id,
        contract_id=contract.id,
        vendor_id=contract.vendor_id,
        vendor_name=contract.vendor_name,
        requirement_key=key,
        coverage=coverage,
        label=label,
        **fields,
    )


def _requirement_names(
    specs: dict[str, CoverageSpec], docs: dict[str, RequiredDocument], key: str
) -> tuple[str, str | None]:
    """(coverage, label) of a requirement: a coverage keeps its own, a required document is a
    "document" under its name."""
    spec = specs.get(key)
    return (spec.coverage, spec.label) if spec else ("document", docs[key].name)


def _records_from_certificate(
    document: Document, contract: Contract, group: RequirementGroup
) -> list[CoverageRecord]:
    certificate = document.certificate
    if certificate is None or certificate.document.kind != "acord25":
        return []
    records = []
    for spec in group.coverages:
        policy = _policy_for(certificate, spec.requirement_key)
        if policy is None:
            continue
        insurer = certificate.insurer(policy.insurer_letter)
        records.append(
            _contract_record(
                contract,
                spec.requirement_key,
                spec.coverage,
                spec.label,
                document_id=document.id,
                recorded_at=document.uploaded_at,
                policy_number=policy.policy_number,
                insurer_name=insurer.name if insurer else None,
                effective_date=policy.effective_date,
                expiration_date=policy.expiration_date,
                limits=policy.limits,
            )
        )
    return records


def _reviewed_events(ctx: Context, document: Document, contract: Contract) -> list[tuple[EventPayload, str]]:
    assert document.verdict is not None
    payload = CertificateReviewed(
        tenant_id=ctx.tenant_id,
        project_id=document.project_id,
        contract_id=document.contract_id,
        document_id=document.id,
        vendor_id=contract.vendor_id,
        verdict=document.verdict,
        channel=document.channel,
    )
    events: list[tuple[EventPayload, str]] = [(payload, f"certificate-reviewed:{document.id}")]
    if document.compliance_status and document.compliance_previous != document.compliance_status:
        change = StatusChange(
            contract,
            document.compliance_previous or contract.status,
            document.compliance_status,
            "new document",
        )
        event, _ = compliance_event(ctx, change)
        events.append((_with_changes(event, document), f"compliance:{document.id}:automatic"))
    return events


def _with_changes(event: EventPayload, document: Document) -> EventPayload:
    """A compliance event caused by this document carries what its certificate weakened."""
    if isinstance(event, ComplianceChanged) and document.changes:
        return event.model_copy(update={"changes": list(document.changes)})
    return event


def store_automatic_verdict(
    ctx: Context,
    extracted: CertificateExtracted,
    verdict: Verdict,
    *,
    received_at: datetime,
    changes: Sequence[Change] = (),
) -> AutomaticOutcome:
    """Store the document once (idempotent on document_id, once per hash per contract), put it in
    Needs Review and move the contract to needs_review. Publishing is left to the caller so that
    a redelivery after a failed publish publishes the same facts again (same idempotency keys)."""
    repo = ctx.repo
    contract = repo.contract(extracted.contract_id)
    if contract.project_id != extracted.project_id:
        raise NotFound("contract", extracted.contract_id)
    existing = repo.find_document(extracted.document_id)
    if existing is not None:
        events = (
            [] if existing.status == DocumentStatus.DUPLICATE else _reviewed_events(ctx, existing, contract)
        )
        return AutomaticOutcome(existing, False, existing.status == DocumentStatus.DUPLICATE, None, events)

    document = Document(
        id=extracted.document_id,
        tenant_id=ctx.tenant_id,
        project_id=contract.project_id,
        contract_id=contract.id,
        vendor_id=contract.vendor_id,
        bucket=extracted.bucket,
        key=extracted.key,
        sha256=extracted.sha256,
        content_type=extracted.content_type,
        channel=extracted.channel,
        uploaded_by=extracted.uploaded_by,
        uploaded_at=received_at,
        certificate=extracted.certificate,
        extraction_error=extracted.error,
        needs_human_review=list(extracted.needs_human_review),
        verdict=verdict,
        correlation_id=ctx.correlation_id,
        changes=list(changes),
    )
    same_file = repo.document_with_hash(contract.id, extracted.sha256)
    if same_file is not None:
        # The same file again: keep a pointer so the uploader sees the original's result.
        document.status = DocumentStatus.DUPLICATE
        document.duplicate_of = same_file
        repo.add(document)
        ctx.audit("document.duplicate", "document", document.id, duplicate_of=same_file)
        repo.commit()
        return AutomaticOutcome(document, True, True, None, [])

    group = repo.requirement_group(contract.requirement_group_id)
    project = repo.project(contract.project_id)
    for record in _records_from_certificate(document, contract, group):
        repo.add(record)
    contract.documents_count += 1
    change = None
    if contract.active:
        change = stage_status(ctx, contract, "needs_review", project=project, reason="new document")
    if change is not None:
        document.compliance_previous = change.previous
        document.compliance_status = change.status
    repo.save(contract)
    repo.add(document)
    repo.add_document_hash(document)
    ctx.audit(
        "document.checked",
        "document",
        document.id,
        contract_id=contract.id,
        compliant=verdict.compliant,
        deficiencies=[d.code for d in verdict.deficiencies],
        changes=[f"{c.code}: {c.message}" for c in changes],
        integrity=[f.detail for f in (document.certificate.integrity if document.certificate else [])],
    )
    repo.commit()
    return AutomaticOutcome(document, True, False, change, _reviewed_events(ctx, document, contract))


def auto_approve(ctx: Context, document: Document) -> list[tuple[EventPayload, str]]:
    """Approve every requirement the certificate shows (tenant setting; verdict had no deficiency)."""
    contract = ctx.repo.contract(document.contract_id)
    records = [r for r in ctx.repo.coverage_records(contract.id) if r.document_id == document.id]
    decisions = [
        RequirementDecision(requirement_key=r.requirement_key, status=ReviewDecisionStatus.ACTIVE)
        for r in records
    ]
    return _complete(ctx, document.id, ReviewInput(decisions=decisions), source=SOURCE_REVIEW)


# ---------------------------------------------------------------- reading documents


def get_document(ctx: Context, document_id: str) -> Document:
    if not ctx.actor.may(Permission.REVIEW):
        ctx.require(Permission.READ)
    return _document_in_scope(ctx, document_id)


def _document_in_scope(ctx: Context, document_id: str) -> Document:
    """The document, if the caller's scope includes its contract (see `scope`); else 404."""
    document = ctx.repo.document(document_id)
    try:
        require_contract_in_scope(ctx, document.contract_id)
    except NotFound:
        raise NotFound("document", document_id) from None
    return document


def list_documents(
    ctx: Context, contract_id: str, cursor: str | None = None, limit: int = 50
) -> Page[Document]:
    if not ctx.actor.may(Permission.REVIEW):
        ctx.require(Permission.READ)
    contract = ctx.repo.contract(contract_id)
    require_contract_in_scope(ctx, contract.id)
    return ctx.repo.documents_of_contract(contract.id, cursor, limit)


def needs_review_queue(ctx: Context, cursor: str | None = None, limit: int = 50) -> Page[Document]:
    ctx.require(Permission.REVIEW)
    return ctx.repo.needs_review(cursor, limit)


@dataclass(frozen=True)
class QueueEntry:
    tenant_id: str
    document: Document


def reviewer_queue(store: ItemStore, actor: Actor, *, limit: int = 50) -> list[QueueEntry]:
    """Every granted tenant's Needs Review queue, oldest first (a Reviewer works across clients)."""
    tenants = [actor.tenant_id] + [g.tenant_id for g in grants_for_reviewer(store, actor.user_id)]
    entries: list[QueueEntry] = []
    for tenant_id in dict.fromkeys(tenants):
        page = TenantRepository(store, tenant_id).needs_review(limit=limit)
        entries += [QueueEntry(tenant_id, d) for d in page.items]
    entries.sort(key=lambda e: e.document.uploaded_at)
    return entries[:limit]


def reviewer_queue_page(
    store: ItemStore, actor: Actor, *, cursor: str | None = None, limit: int = 50
) -> Page[QueueEntry]:
    """The cross-tenant queue page by page: tenant by tenant (own first, then granted clients in id
    order), oldest first inside each; the cursor remembers the tenant and its own cursor."""
    tenants = list(
        dict.fromkeys(
            [actor.tenant_id, *sorted(g.tenant_id for g in grants_for_reviewer(store, actor.user_id))]
        )
    )
    position = _decode_queue_cursor(cursor, tenants)
    index, inner = (tenants.index(position[0]), position[1]) if position else (0, None)
    entries: list[QueueEntry] = []
    while index < len(tenants) and len(entries) < limit:
        page = TenantRepository(store, tenants[index]).needs_review(cursor=inner, limit=limit - len(entries))
        entries += [QueueEntry(tenants[index], d) for d in page.items]
        if page.next_cursor is not None:
            return Page(entries, _encode_queue_cursor(tenants[index], page.next_cursor))
        index, inner = index + 1, None
    more = index < len(tenants)
    return Page(entries, _encode_queue_cursor(tenants[index], None) if more else None)


def _encode_queue_cursor(tenant_id: str, inner: str | None) -> str:
    raw = json.dumps({"t": tenant_id, "c": inner}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_queue_cursor(cursor: str | None, tenants: list[str]) -> tuple[str, str | None] | None:
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        tenant_id, inner = data["t"], data["c"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput("invalid cursor", {"cursor": "not a cursor this list issued"}) from exc
    if tenant_id not in tenants or not (inner is None or isinstance(inner, str)):
        raise InvalidInput("invalid cursor", {"cursor": "not a cursor this list issued"})
    return tenant_id, inner


# ---------------------------------------------------------------- human review


def _check_decisions(group: RequirementGroup, review: ReviewInput) -> None:
    known = set(group.requirement_keys())
    unknown = {
        f"decisions.{i}.requirement_key": "not a requirement of this contract"
        for i, d in enumerate(review.decisions)
        if d.requirement_key not in known
    }
    if unknown:
        raise InvalidInput("decisions name requirements this contract does not have", unknown)


_PROBLEM_WORDS = {
    "INSURED_NAME_MISMATCH": "insured name",
    "CERTIFICATE_HOLDER_MISMATCH": "certificate holder",
}


def open_document_problems(document: Document) -> dict[str, str]:
    """The certificate-level problems the automatic check found: code -> its sentence."""
    found = document.verdict.deficiencies if document.verdict else []
    return {str(d.code): d.message for d in found if str(d.code) in DOCUMENT_PROBLEM_CODES}


def check_document_problems(document: Document, data: ReviewInput) -> None:
    """No policy on a certificate is approved while its insured name or holder problem is
    undecided or rejected: a certificate naming another company cannot make a contract compliant."""
    if not any(d.status in _APPROVED_DECISIONS for d in data.decisions):
        return
    decided: dict[str, Any] = {d.code: d for d in data.document_decisions}
    fields: dict[str, str] = {}
    for code in open_document_problems(document):
        decision = decided.get(code)
        if decision is None:
            fields[f"document_decisions.{code}"] = "accept it with a note, or reject the certificate"
        elif decision.status == "rejected":
            fields[f"document_decisions.{code}"] = "rejected: no policy on this certificate can be approved"
    if fields:
        names = " and ".join(_PROBLEM_WORDS[k.split(".")[1]] for k in fields)
        raise InvalidInput(f"decide the certificate's {names} before approving a policy on it", fields)


def problems_by_requirement(document: Document, group: RequirementGroup) -> dict[str, list[str]]:
    """The automatic check's open problems per requirement of the group (what approving as plain
    Active overrides)."""
    found = document.verdict.deficiencies if document.verdict else []
    return {
        spec.requirement_key: [d.message for d in found if d.coverage == spec.coverage]
        for spec in group.coverages
    }


def _check_overrides(document: Document, group: RequirementGroup, data: ReviewInput) -> dict[str, list[str]]:
    """Requirements approved as plain Active over open problems; refused unless confirmed."""
    problems = problems_by_requirement(document, group)
    overridden = {
        d.requirement_key: problems[d.requirement_key]
        for d in data.decisions
        if d.status == ReviewDecisionStatus.ACTIVE and problems.get(d.requirement_key)
    }
    if overridden and not data.confirm_override:
        raise InvalidInput(
            "approving over open problems needs your confirmation",
            {"confirm_override": "approving over open problems needs your confirmation"}
            | {f"decisions[{key}]": "; ".join(found) for key, found in overridden.items()},
        )
    return overridden


def get_review(ctx: Context, document_id: str) -> Review | None:
    ctx.require(Permission.REVIEW)
    document = _document_in_scope(ctx, document_id)
    return ctx.repo.review(document.id)


def save_review_draft(ctx: Context, document_id: str, data: ReviewInput) -> Review:
    """Save work in progress ("Cancel" keeps it); nothing changes compliance until Done."""
    ctx.require(Permission.REVIEW)
    document = _document_in_scope(ctx, document_id)
    contract = ctx.repo.contract(document.contract_id)
    _check_decisions(ctx.repo.requirement_group(contract.requirement_group_id), data)
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
    _document_in_scope(ctx, document_id)
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
    _complete(ctx, document_id, data)
    review = ctx.repo.review(document_id)
    assert review is not None
    return review


def _complete(
    ctx: Context, document_id: str, data: ReviewInput, source: str | None = None
) -> list[tuple[EventPayload, str]]:
    repo = ctx.repo
    now = ctx.clock.now()
    document = repo.document(document_id)
    if document.status == DocumentStatus.DUPLICATE:
        raise Conflict(f"this file is a duplicate of document {document.duplicate_of}; review that one")
    contract = repo.contract(document.contract_id)
    group = repo.requirement_group(contract.requirement_group_id)
    _check_decisions(group, data)
    check_document_problems(document, data)
    overridden = _check_overrides(document, group, data)
    history = repo.coverage_records(contract.id)
    mine = {r.requirement_key: r for r in history if r.document_id == document.id}
    decided = {d.requirement_key for d in data.decisions}
    undecided = sorted(set(mine) - decided)
    if undecided:
        raise InvalidInput(
            "decide every requirement this document shows",
            {f"decisions[{key}]": "a decision is required" for key in undecided},
        )
    if not data.decisions:
        raise InvalidInput("a review needs at least one decision", {"decisions": "required"})
    found = problems_by_requirement(document, group)
    unexplained: dict[str, str] = {}
    for i, d in enumerate(data.decisions):
        if (d.note or "").strip():
            continue
        if d.status == ReviewDecisionStatus.WAIVED:
            unexplained[f"decisions.{i}.note"] = "a note is required to waive a requirement"
        elif d.status == ReviewDecisionStatus.REJECTED and not (
            found.get(d.requirement_key) or (data.notes_to_vendor or "").strip()
        ):
            # The vendor must learn what to fix: the automatic check's problem or the reviewer's words.
            unexplained[f"decisions.{i}.note"] = (
                "say why it is rejected (the automatic check found no problem)"
            )
    if unexplained:
        raise InvalidInput("say why each waived or rejected requirement is decided so", unexplained)
    specs = {c.requirement_key: c for c in group.coverages}
    docs = {d.requirement_key: d for d in group.required_documents}
    rejected_reasons: list[str] = []
    decided_records: list[CoverageRecord] = []
    fresh: set[str] = set()
    for decision in data.decisions:
        record = mine.get(decision.requirement_key)
        if record is None:
            record = _contract_record(
                contract,
                decision.requirement_key,
                *_requirement_names(specs, docs, decision.requirement_key),
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
            title = printed or _COVERAGE_NAMES.get(record.coverage, record.label or decision.requirement_key)
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

    for key in {r.requirement_key for r in decided_records}:
        stacked = {r.id: r for r in history if r.requirement_key == key}
        stacked.update({r.id: r for r in decided_records if r.requirement_key == key})
        _mark_superseded(repo, list(stacked.values()), fresh=fresh)

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

    was_pending = document.status == DocumentStatus.NEEDS_REVIEW
    document.status = DocumentStatus.REVIEWED
    document.reviewed_at, document.reviewed_by = now, ctx.actor.email
    repo.save(document)
    contract.reviewed = True

    # Re-evaluate with this round's records in place of the stored ones.
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
        events.append((_with_changes(event, document), key))
    elif any(r.decision in _APPROVED_DECISIONS for r in decided_records):
        event, key = compliance_event(ctx, status_kept(contract, "certificate approved"), group)
        events.append((_with_changes(event, document), f"{key}:{document.id}:{review.rounds}"))
    if source is None:
        publish(ctx, events)
    else:
        publish(ctx, events, source=source)
    return events


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
    approved = [r for r in stacked if r.decision in _APPROVED_DECISIONS]
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
        if record.decision not in _APPROVED_DECISIONS and record.superseded:
            record.superseded = False
            _stage(repo, record, fresh)


def _stage(repo: TenantRepository, record: CoverageRecord, fresh: AbstractSet[str]) -> None:
    # A record created by this very review is already staged as new (written as it is at commit);
    # saving it again would claim it was loaded.
    if record.id not in fresh:
        repo.save(record)


_APPROVED_DECISIONS = (ReviewDecisionStatus.ACTIVE, ReviewDecisionStatus.APPROVED_NON_COMPLIANT)


def waive_requirement(ctx: Context, contract_id: str, data: WaiveInput) -> CoverageRecord:
    """Waive a requirement for one contract, before or after any review."""
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    group = ctx.repo.requirement_group(contract.requirement_group_id)
    specs = {c.requirement_key: c for c in group.coverages}
    docs = {d.requirement_key: d for d in group.required_documents}
    if data.requirement_key not in specs and data.requirement_key not in docs:
        raise InvalidInput("not a requirement of this contract", {"requirement_key": "unknown"})
    now = ctx.clock.now()
    record = _contract_record(
        contract,
        data.requirement_key,
        *_requirement_names(specs, docs, data.requirement_key),
        recorded_at=now,
        decision=ReviewDecisionStatus.WAIVED,
        note=data.note,
        decided_by=ctx.actor.email,
        decided_at=now,
    )
    ctx.repo.add(record)
    needs_review = ctx.repo.contract_has_document_needing_review(contract.id)
    records_now = [*ctx.repo.coverage_records(contract.id), record]
    contract.compliant_until = compliant_until(group, records_now, ctx.clock.today())
    status = contract_status(
        contract, group, records_now, ctx.clock.today(), has_document_needing_review=needs_review
    )
    change = stage_status(ctx, contract, status, reason="requirement waived")
    ctx.repo.save(contract)
    ctx.audit(
        "requirement.waived", "contract", contract.id, requirement_key=data.requirement_key, note=data.note
    )
    ctx.repo.commit()
    if change is not None:
        publish(ctx, [compliance_event(ctx, change, group)])
    return record


def refresh_contract_status(ctx: Context, contract_id: str) -> Contract:
    """Re-evaluate a contract on today's date (coverage expiring overnight); used by the daily sweep."""
    contract = ctx.repo.contract(contract_id)
    before = contract.compliant_until
    change = stage_status(ctx, contract, evaluate_contract(ctx, contract), reason="daily re-evaluation")
    if change is None and contract.compliant_until == before:
        return contract
    ctx.repo.save(contract)
    ctx.repo.commit()
    if change is not None:
        publish(ctx, [compliance_event(ctx, change)])
    return contract


def refresh_lapsed_contracts(ctx: Context) -> list[Contract]:
    """Daily: compliant contracts whose approved coverage ran out (`compliant_until` before today)
    become non-compliant, with ComplianceChanged for each. Returns the contracts changed."""
    today = ctx.clock.today()
    changed: list[Contract] = []
    cursor = None
    while True:
        page = ctx.repo.contracts(
            status="compliant",
            where=lambda c: c.compliant_until is not None and c.compliant_until < today,
            cursor=cursor,
            limit=100,
        )
        for contract in page.items:
            changed.append(refresh_contract_status(ctx, contract.id))
        cursor = page.next_cursor
        if cursor is None:
            return changed


# ---------------------------------------------------------------- what the vendor sees


def review_outcome_for_vendor(
    repo: TenantRepository, group: RequirementGroup, document: Document
) -> dict[str, object] | None:
    """The human decision on a document as the vendor's portal shows it, once the review is done.

    `{"accepted": bool, "reasons": [one sentence per rejected requirement], "notes_to_vendor": ...}`;
    None while nobody has finished reviewing it (drafts are not shown).
    """
    review = repo.review(document.id)
    if review is None or review.state != ReviewState.DONE:
        return None
    labels = {c.requirement_key: c.label for c in group.coverages if c.label}
    labels |= {d.requirement_key: d.name for d in group.required_documents}
    reasons = []
    for decision in review.decisions:
        if decision.status != ReviewDecisionStatus.REJECTED:
            continue
        key = decision.requirement_key
        title = labels.get(key) or _COVERAGE_NAMES.get(key, key)
        reasons.append(f"{title}: {decision.note}" if decision.note else f"{title} was not accepted.")
    return {"accepted": not reasons, "reasons": reasons, "notes_to_vendor": review.notes_to_vendor}
