"""Renewals compared with the certificate they replace, and integrity findings, in the review pipeline."""

from __future__ import annotations

from datetime import date

from services.review.handlers.review import process_batch
from shared import workspace
from shared.contracts import Certificate
from shared.contracts.certificate import IntegrityFinding
from shared.events import CertificateReviewed, ComplianceChanged
from shared.workspace import (
    DocumentStatus,
    RequirementDecision,
    ReviewDecisionStatus,
    ReviewInput,
    TenantRepository,
    TenantSettingsUpdate,
)
from tests.functional.review.conftest import ReviewWorld
from tests.functional.review.review_events import compliant_certificate, extracted_envelope, sqs_event_for


def _certificate(**overrides: object) -> Certificate:
    return compliant_certificate(
        "Rivera Concrete LLC",
        "Summit Builders Inc",
        ["Summit Builders Inc"],
        **overrides,  # type: ignore[arg-type]
    )


def _renewal() -> Certificate:
    return _certificate(effective=date(2027, 1, 1), expiration=date(2028, 1, 1))


def _on_renewal_day(world: ReviewWorld) -> None:
    """The renewal arrives the day it takes effect (the world starts on May 1, 2026)."""
    world.clock.advance(days=(date(2027, 1, 1) - world.clock.today()).days)


def _review(world: ReviewWorld, certificate: Certificate) -> str:
    envelope = extracted_envelope(
        tenant_id=world.contract.tenant_id,
        project_id=world.project.id,
        contract_id=world.contract.id,
        certificate=certificate,
    )
    process_batch(sqs_event_for(envelope), None, world.ports)
    return envelope.data.document_id


def _repo(world: ReviewWorld) -> TenantRepository:
    return TenantRepository(world.ports.store, world.contract.tenant_id)


def _auto_approving(world: ReviewWorld) -> None:
    workspace.update_tenant_settings(world.ctx, TenantSettingsUpdate(auto_approve_compliant=True))


def test_a_renewal_like_the_one_it_replaces_is_approved_automatically(review_world: ReviewWorld) -> None:
    _auto_approving(review_world)
    _review(review_world, _certificate())
    _on_renewal_day(review_world)
    renewal = _review(review_world, _renewal())

    document = _repo(review_world).document(renewal)
    assert document.changes == []
    assert document.status == DocumentStatus.REVIEWED


def test_a_renewal_with_a_lower_rated_carrier_waits_for_a_person(review_world: ReviewWorld) -> None:
    # GIVEN an approved certificate whose general liability is written by Travelers (A++)
    _auto_approving(review_world)
    _review(review_world, _certificate())
    # WHEN the renewal moves general liability to Liberty Mutual (A), still meeting the requirements
    renewed = _renewal()
    renewed.policies[0].insurer_letter = "B"
    review_world.publisher.published.clear()
    _on_renewal_day(review_world)
    renewal = _review(review_world, renewed)

    # THEN it is not approved automatically, and the review page has the change to show
    repo = _repo(review_world)
    document = repo.document(renewal)
    assert document.status == DocumentStatus.NEEDS_REVIEW
    assert document.verdict is not None
    assert document.verdict.compliant
    lower = next(c for c in document.changes if c.code == "CARRIER_RATING_LOWER")
    assert lower.message == (
        "The new general liability policy is written by Liberty Mutual Fire Ins Co, rated A XV; "
        "the previous one by Travelers Property Casualty Co, rated A++ XV."
    )
    # AND the audit trail says what changed
    (checked,) = [
        e
        for e in repo.audit_trail(entity_type="document", entity_id=renewal).items
        if e.action == "document.checked"
    ]
    audited = checked.changes["changes"]
    assert isinstance(audited, list)
    assert any("CARRIER_RATING_LOWER" in str(line) for line in audited)
    # AND the vendor-facing verdict carries only deficiencies (none here), not the change
    reviewed = review_world.publisher.payloads(CertificateReviewed)[-1]
    assert reviewed.verdict.deficiencies == []

    # WHEN a person approves it, the compliance change carries the warnings for Procore's notes
    records = [r for r in repo.coverage_records(review_world.contract.id) if r.document_id == renewal]
    decisions = [
        RequirementDecision(requirement_key=r.requirement_key, status=ReviewDecisionStatus.ACTIVE)
        for r in records
    ]
    workspace.complete_review(review_world.ctx, renewal, ReviewInput(decisions=decisions))
    changed = review_world.publisher.payloads(ComplianceChanged)[-1]
    assert "CARRIER_RATING_LOWER" in [c.code for c in changed.changes]


def test_a_first_certificate_has_nothing_to_compare(review_world: ReviewWorld) -> None:
    document = _repo(review_world).document(_review(review_world, _certificate()))
    assert document.changes == []


def test_an_integrity_finding_waits_for_a_person(review_world: ReviewWorld) -> None:
    _auto_approving(review_world)
    certificate = _certificate()
    certificate.integrity = [
        IntegrityFinding(
            code="HIDDEN_TEXT",
            page=1,
            detail="Text “500,000” is covered by an opaque box on page 1; shown there instead: “1,000,000”.",
            hidden_text="500,000",
            visible_text="1,000,000",
        )
    ]
    document = _repo(review_world).document(_review(review_world, certificate))
    assert document.status == DocumentStatus.NEEDS_REVIEW
    assert document.certificate is not None
    assert [f.hidden_text for f in document.certificate.integrity] == ["500,000"]


def test_the_review_raises_a_naic_number_of_another_carrier(review_world: ReviewWorld) -> None:
    _auto_approving(review_world)
    certificate = _certificate()
    certificate.insurers[0].naic = "23035"  # Liberty Mutual's number beside the Travelers name
    document = _repo(review_world).document(_review(review_world, certificate))
    assert document.status == DocumentStatus.NEEDS_REVIEW
    assert document.certificate is not None
    assert [f.code for f in document.certificate.integrity] == ["NAIC_NAME_MISMATCH"]
