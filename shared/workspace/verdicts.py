"""The automatic verdict: storing an extracted certificate as a document with the rules engine's
verdict and its coverage records, and approving it without a human when the tenant allows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.contracts import Verdict
from shared.contracts.changes import Change
from shared.events import CertificateExtracted, CertificateReviewed
from shared.events.catalog import SOURCE_REVIEW
from shared.events.envelope import EventPayload
from shared.workspace.access import Context
from shared.workspace.coverage_records import records_from_certificate, with_changes
from shared.workspace.entities import (
    Contract,
    Document,
    DocumentStatus,
    RequirementDecision,
    ReviewDecisionStatus,
    ReviewInput,
)
from shared.workspace.errors import NotFound
from shared.workspace.human_review import finish_review
from shared.workspace.status_changes import StatusChange, compliance_event, stage_status


@dataclass(frozen=True)
class AutomaticOutcome:
    document: Document
    created: bool
    duplicate: bool
    status_change: StatusChange | None
    events: list[tuple[EventPayload, str]]


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
        events.append((with_changes(event, document), f"compliance:{document.id}:automatic"))
    return events


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
    for record in records_from_certificate(document, contract, group):
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
    return finish_review(ctx, document.id, ReviewInput(decisions=decisions), source=SOURCE_REVIEW)
