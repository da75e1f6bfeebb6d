"""The review handler: SQS batch of EventBridge events carrying CertificateExtracted envelopes."""

from __future__ import annotations

import json

from services.review.handlers.review import process_batch
from shared import workspace
from shared.contracts.certificate import Review
from shared.events import CertificateReviewed, ComplianceChanged, ReviewCompleted
from shared.workspace import DocumentStatus, TenantRepository, TenantSettingsUpdate
from tests.functional.review.conftest import ReviewWorld
from tests.functional.review.review_events import (
    compliant_certificate,
    extracted_envelope,
    sqs_batch,
    sqs_event_for,
)


def _envelope(world: ReviewWorld, **overrides: object):
    certificate = compliant_certificate("Rivera Concrete LLC", "Summit Builders Inc", ["Summit Builders Inc"])
    values: dict[str, object] = {
        "tenant_id": world.contract.tenant_id,
        "project_id": world.project.id,
        "contract_id": world.contract.id,
        "certificate": certificate,
    }
    values.update(overrides)
    return extracted_envelope(**values)  # type: ignore[arg-type]


def _repo(world: ReviewWorld) -> TenantRepository:
    return TenantRepository(world.ports.store, world.contract.tenant_id)


def test_extracted_certificate_is_stored_in_needs_review_and_events_carry_correlation(
    review_world: ReviewWorld,
):
    # GIVEN a CertificateExtracted event for the contract
    envelope = _envelope(review_world, correlation_id="corr-123")

    # WHEN the handler processes the batch
    response = process_batch(sqs_event_for(envelope), None, review_world.ports)

    # THEN nothing failed, the document waits for review with the engine's verdict
    assert response == {"batchItemFailures": []}
    repo = _repo(review_world)
    document = repo.document(envelope.data.document_id)
    assert document.status == DocumentStatus.NEEDS_REVIEW
    assert document.verdict is not None
    assert document.verdict.compliant
    assert [d.id for d in repo.needs_review().items] == [document.id]
    assert repo.contract(review_world.contract.id).status == "needs_review"
    # AND CertificateReviewed and ComplianceChanged were published with the upload's correlation id
    names = [e.metadata.name for e in review_world.publisher.published]
    assert names == ["CertificateReviewed", "ComplianceChanged"]
    assert {e.metadata.correlation_id for e in review_world.publisher.published} == {"corr-123"}
    keys = [e.metadata.idempotency_key for e in review_world.publisher.published]
    assert keys == [f"certificate-reviewed:{document.id}", f"compliance:{document.id}:automatic"]
    changed = review_world.publisher.payloads(ComplianceChanged)[0]
    assert (changed.previous_status, changed.status) == ("needs_certificate", "needs_review")
    assert changed.vendor_name == "Rivera Concrete LLC"
    assert changed.project_number == "2231"


def test_redelivered_event_stores_nothing_new_and_republishes_the_same_facts(review_world: ReviewWorld):
    # GIVEN an event already processed once
    envelope = _envelope(review_world)
    process_batch(sqs_event_for(envelope), None, review_world.ports)
    first = [(e.metadata.name, e.metadata.idempotency_key) for e in review_world.publisher.published]
    review_world.publisher.published.clear()

    # WHEN SQS delivers it again
    response = process_batch(sqs_event_for(envelope), None, review_world.ports)

    # THEN one document exists and the republished events have the same idempotency keys
    assert response == {"batchItemFailures": []}
    repo = _repo(review_world)
    assert len(repo.documents_of_contract(review_world.contract.id).items) == 1
    assert repo.contract(review_world.contract.id).documents_count == 1
    again = [(e.metadata.name, e.metadata.idempotency_key) for e in review_world.publisher.published]
    assert again == first


def test_unreadable_document_gets_an_unreadable_verdict(review_world: ReviewWorld):
    # GIVEN an extraction that could not read the file
    envelope = _envelope(review_world, certificate=None, error="the PDF is encrypted")

    # WHEN it is reviewed
    process_batch(sqs_event_for(envelope), None, review_world.ports)

    # THEN the stored verdict says UNREADABLE and the document still waits for a human
    document = _repo(review_world).document(envelope.data.document_id)
    assert document.verdict is not None
    assert [d.code for d in document.verdict.deficiencies] == ["UNREADABLE"]
    assert document.extraction_error == "the PDF is encrypted"
    assert document.status == DocumentStatus.NEEDS_REVIEW
    reviewed = review_world.publisher.payloads(CertificateReviewed)[0]
    assert reviewed.verdict.compliant is False


def test_same_file_uploaded_twice_is_stored_once(review_world: ReviewWorld):
    # GIVEN a document already stored, and a second upload of the same bytes
    first = _envelope(review_world, sha256="a" * 64)
    second = _envelope(review_world, sha256="a" * 64)
    process_batch(sqs_event_for(first), None, review_world.ports)
    review_world.publisher.published.clear()

    # WHEN the second is reviewed
    process_batch(sqs_event_for(second), None, review_world.ports)

    # THEN it points to the first, is not queued, and nothing is announced again
    repo = _repo(review_world)
    duplicate = repo.document(second.data.document_id)
    assert duplicate.status == DocumentStatus.DUPLICATE
    assert duplicate.duplicate_of == first.data.document_id
    assert [d.id for d in repo.needs_review().items] == [first.data.document_id]
    assert review_world.publisher.published == []


def test_event_for_an_unknown_contract_is_dropped_not_retried(review_world: ReviewWorld):
    # GIVEN an event naming a contract that does not exist
    envelope = _envelope(review_world, contract_id="f" * 32)

    # WHEN processed
    response = process_batch(sqs_event_for(envelope), None, review_world.ports)

    # THEN the record succeeds (no retry loop) and nothing is stored or published
    assert response == {"batchItemFailures": []}
    assert review_world.publisher.published == []


def test_malformed_record_fails_alone_while_the_good_one_is_processed(review_world: ReviewWorld):
    # GIVEN a batch with a good event and a body that is not an EventBridge event
    good = _envelope(review_world)
    batch = sqs_batch(json.dumps({"detail": {"nonsense": True}}), sqs_event_for(good)["Records"][0]["body"])

    # WHEN processed
    response = process_batch(batch, None, review_world.ports)

    # THEN only the malformed record is reported for retry
    assert response == {"batchItemFailures": [{"itemIdentifier": "msg-0"}]}
    assert _repo(review_world).find_document(good.data.document_id) is not None


def test_deficient_certificate_keeps_the_deficiencies_for_the_reviewer(review_world: ReviewWorld):
    # GIVEN a certificate whose GL each-occurrence limit is below the requirement
    certificate = compliant_certificate(
        "Rivera Concrete LLC", "Summit Builders Inc", ["Summit Builders Inc"], each_occurrence=500_000
    )
    envelope = _envelope(review_world, certificate=certificate)

    # WHEN reviewed
    process_batch(sqs_event_for(envelope), None, review_world.ports)

    # THEN the verdict lists the limit problem (umbrella stacking may still satisfy it) or is compliant,
    # and the document waits for a human either way: automatic verdicts never approve by default
    document = _repo(review_world).document(envelope.data.document_id)
    assert document.status == DocumentStatus.NEEDS_REVIEW
    assert review_world.publisher.payloads(ReviewCompleted) == []


def test_tenant_setting_lets_a_compliant_verdict_approve_automatically(review_world: ReviewWorld):
    # GIVEN a tenant that chose automatic approval of compliant certificates
    workspace.update_tenant_settings(review_world.ctx, TenantSettingsUpdate(auto_approve_compliant=True))
    envelope = _envelope(review_world)

    # WHEN a compliant certificate is reviewed
    process_batch(sqs_event_for(envelope), None, review_world.ports)

    # THEN the document is reviewed, the requirements it shows are Active, and a review is announced
    repo = _repo(review_world)
    assert repo.document(envelope.data.document_id).status == DocumentStatus.REVIEWED
    completed = review_world.publisher.payloads(ReviewCompleted)
    assert len(completed) == 1
    assert completed[0].rejected is False
    statuses = {r.requirement_key: r.decision for r in repo.coverage_records(review_world.contract.id)}
    assert set(statuses) == {"general_liability", "auto_liability", "umbrella", "workers_comp"}
    assert set(statuses.values()) == {"active"}
    # AND the W-9 (a document without expiry) is still missing, so the contract is not compliant yet
    assert repo.contract(review_world.contract.id).status == "non_compliant"


def test_a_certificate_with_values_to_check_waits_for_a_person_even_when_compliant(review_world: ReviewWorld):
    # GIVEN a tenant that approves compliant certificates automatically
    workspace.update_tenant_settings(review_world.ctx, TenantSettingsUpdate(auto_approve_compliant=True))
    # AND a compliant certificate whose reader was not sure of one value
    certificate = compliant_certificate("Rivera Concrete LLC", "Summit Builders Inc", ["Summit Builders Inc"])
    certificate.review = Review(needs_human_review=["policies[0].limits.each_occurrence"])
    envelope = _envelope(review_world, certificate=certificate)

    # WHEN it is reviewed
    process_batch(sqs_event_for(envelope), None, review_world.ports)

    # THEN it is not approved automatically: it waits in Needs Review for a person
    repo = _repo(review_world)
    assert repo.document(envelope.data.document_id).status == DocumentStatus.NEEDS_REVIEW
    assert review_world.publisher.payloads(ReviewCompleted) == []


def test_a_certificate_in_another_layout_waits_for_a_person(review_world: ReviewWorld):
    workspace.update_tenant_settings(review_world.ctx, TenantSettingsUpdate(auto_approve_compliant=True))
    certificate = compliant_certificate("Rivera Concrete LLC", "Summit Builders Inc", ["Summit Builders Inc"])
    certificate.document.kind = "certificate"
    envelope = _envelope(review_world, certificate=certificate)

    process_batch(sqs_event_for(envelope), None, review_world.ports)

    document = _repo(review_world).document(envelope.data.document_id)
    assert document.status == DocumentStatus.NEEDS_REVIEW
    assert document.verdict is not None
    assert all(d.code != "NOT_A_CERTIFICATE" for d in document.verdict.deficiencies)
