"""Review of a newly extracted certificate: the rules engine's verdict, stored as a document in
Needs Review, then `CertificateReviewed` and `ComplianceChanged` on the bus.

Idempotent: the document is created once (conditional write on its id, and once per file hash
per contract); a redelivery republishes the same facts with the same idempotency keys (derived
from the document id) so consumers deduplicate.
"""

from __future__ import annotations

from datetime import date

from services.review.logic.renewal import renewal_checks, with_findings
from services.review.ports import ReviewPorts
from shared.contracts import Certificate, Requirements, Verdict
from shared.events import CertificateExtracted, Envelope
from shared.events.catalog import SOURCE_REVIEW
from shared.workspace import (
    AutomaticOutcome,
    Conflict,
    Context,
    DocumentStatus,
    NotFound,
    TenantRepository,
    auto_approve,
    carrier_table_for,
    publish,
    store_automatic_verdict,
    system_actor,
)

_CONFLICT_ATTEMPTS = 3


class UnknownContract(LookupError):
    """The event names a contract that does not exist (removed meanwhile): nothing to review."""


def requirements_for(repo: TenantRepository, data: CertificateExtracted, as_of: date) -> Requirements:
    """The contract's requirement group as the rules engine's contract: insured = the vendor's legal
    name, certificate holder = the project's legal entity (else the GC), the project's AIs."""
    contract = repo.contract(data.contract_id)
    group = repo.requirement_group(contract.requirement_group_id)
    project = repo.project(contract.project_id)
    vendor = repo.vendor(contract.vendor_id)
    holder = (
        repo.legal_entity(project.legal_entity_id).name if project.legal_entity_id else repo.tenant().name
    )
    return group.to_requirements(
        insured_name=vendor.name,
        certificate_holder=holder,
        additional_insureds=project.additional_insureds,
        as_of=as_of,
    )


def verdict_for(
    ports: ReviewPorts, repo: TenantRepository, data: CertificateExtracted, as_of: date
) -> Verdict:
    if data.error is not None or data.certificate is None:
        return ports.unreadable_verdict(data.error or "the document could not be read", as_of)
    certificate: Certificate = data.certificate
    # Only the certificate's insurers are read from the tenant's table (two reads at most).
    carriers = carrier_table_for(
        repo, fallback=ports.carriers, insurers=[(i.naic, i.name) for i in certificate.insurers]
    )
    return ports.check_certificate(
        certificate, requirements_for(repo, data, as_of), carriers=carriers, as_of=as_of
    )


def needs_a_person(data: CertificateExtracted) -> bool:
    """A value the reader was not sure of, or a certificate in a layout other than the ACORD grid:
    a person confirms it; the automatic approval never acts on a possible misread."""
    certificate = data.certificate
    if certificate is None:
        return False
    doubts = certificate.review.needs_human_review if certificate.review is not None else []
    return bool(data.needs_human_review or doubts) or certificate.document.kind == "certificate"


def review_extracted(envelope: Envelope[CertificateExtracted], ports: ReviewPorts) -> AutomaticOutcome:
    data = envelope.data
    for attempt in range(1, _CONFLICT_ATTEMPTS + 1):
        repo = TenantRepository(ports.store, data.tenant_id)
        ctx = Context(
            actor=system_actor(data.tenant_id),
            repo=repo,
            publisher=ports.publisher,
            clock=ports.clock,
            correlation_id=envelope.metadata.correlation_id,
        )
        try:
            as_of = ports.clock.today()
            checks = renewal_checks(repo, data, ports.carriers)
            verdict = verdict_for(ports, repo, data, as_of)
            outcome = store_automatic_verdict(
                ctx,
                with_findings(data, checks.integrity),
                verdict,
                received_at=envelope.metadata.created_at,
                changes=checks.changes,
            )
        except NotFound as exc:
            raise UnknownContract(str(exc)) from exc
        except Conflict:
            # Another document of the same project committed first (project counts); re-read and retry.
            if attempt == _CONFLICT_ATTEMPTS:
                raise
            continue
        publish(ctx, outcome.events, source=SOURCE_REVIEW)
        tenant = repo.tenant()
        if (
            tenant.settings.auto_approve_compliant
            and not outcome.duplicate
            and outcome.document.status == DocumentStatus.NEEDS_REVIEW
            and outcome.document.verdict is not None
            and outcome.document.verdict.compliant
            and not needs_a_person(data)
            and not checks.needs_person  # a weaker renewal or a doubtful file: a person decides
        ):
            auto_approve(ctx, outcome.document)
        return outcome
    raise AssertionError("unreachable")
