"""A renewal against the certificate it replaces, and the integrity check that needs the carrier table.

    renewal_checks(repo, data, fallback_carriers) -> RenewalChecks(changes, integrity)
    with_findings(data, integrity) -> the extracted event with those findings on its certificate

The certificate replaced is the one behind the contract's approved coverage now in force (the
latest approved record not superseded). Nothing is compared when the contract has none (a first
certificate, or only rejected ones), or when the new certificate is older than that one.

`NAIC_NAME_MISMATCH` is raised here rather than in extraction: only the review service knows the
tenant's carrier table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.review.logic.changes import compare_certificates
from shared.contracts.carriers import CarrierTable, normalise_naic
from shared.contracts.certificate import Certificate, IntegrityFinding
from shared.contracts.changes import Change
from shared.events import CertificateExtracted
from shared.workspace import ReviewDecisionStatus, TenantRepository, carrier_table_for

_APPROVED = (ReviewDecisionStatus.ACTIVE, ReviewDecisionStatus.APPROVED_NON_COMPLIANT)


@dataclass(frozen=True)
class RenewalChecks:
    changes: list[Change] = field(default_factory=list)
    integrity: list[IntegrityFinding] = field(default_factory=list)

    @property
    def needs_person(self) -> bool:
        """A warning-level change or any integrity finding: no automatic approval."""
        return bool(self.integrity) or any(change.severity == "warning" for change in self.changes)


def previous_certificate(repo: TenantRepository, contract_id: str, document_id: str) -> Certificate | None:
    """The certificate of the contract's approved coverage in force, other than this document's."""
    records = [
        r
        for r in repo.coverage_records(contract_id)
        if r.document_id and r.document_id != document_id and r.decision in _APPROVED and not r.superseded
    ]
    latest = max(records, key=lambda r: r.recorded_at, default=None)
    if latest is None or latest.document_id is None:
        return None
    document = repo.find_document(latest.document_id)
    if document is None or document.certificate is None or document.certificate.document.kind != "acord25":
        return None
    return document.certificate


def renewal_checks(
    repo: TenantRepository, data: CertificateExtracted, fallback: CarrierTable
) -> RenewalChecks:
    """The changes from the certificate replaced and the carrier-table integrity findings, with the
    tenant's carrier table over `fallback` (only the rows of both certificates' insurers are read)."""
    current = data.certificate
    if current is None or current.document.kind != "acord25":
        return RenewalChecks()
    previous = previous_certificate(repo, data.contract_id, data.document_id)
    carriers = carrier_table_for(repo, fallback=fallback, insurers=insurers_of(current, previous))
    integrity = [*current.integrity, *naic_name_mismatches(current, carriers)]
    if previous is None or _older(current, previous):
        return RenewalChecks([], integrity)
    return RenewalChecks(compare_certificates(previous, current, carriers=carriers).changes, integrity)


def with_findings(data: CertificateExtracted, findings: list[IntegrityFinding]) -> CertificateExtracted:
    """The extracted event with the review's own integrity findings added to the certificate's."""
    if not findings or data.certificate is None:
        return data
    known = {(f.code, f.detail) for f in data.certificate.integrity}
    added = [f for f in findings if (f.code, f.detail) not in known]
    certificate = data.certificate.model_copy(update={"integrity": [*data.certificate.integrity, *added]})
    return data.model_copy(update={"certificate": certificate})


def insurers_of(*certificates: Certificate | None) -> list[tuple[str | None, str | None]]:
    """(naic, name) of every insurer, for reading only those rows of the tenant's carrier table."""
    return [(i.naic, i.name) for c in certificates if c is not None for i in c.insurers]


def _older(current: Certificate, previous: Certificate) -> bool:
    return bool(
        current.certificate_date
        and previous.certificate_date
        and current.certificate_date < previous.certificate_date
    )


def naic_name_mismatches(certificate: Certificate, carriers: CarrierTable) -> list[IntegrityFinding]:
    """Insurers whose NAIC number is one carrier's and whose name is another's, in the table."""
    findings = []
    for insurer in certificate.insurers:
        naic = normalise_naic(insurer.naic)
        if not naic or not insurer.name:
            continue
        by_naic = carriers.lookup(naic=naic)
        by_name = carriers.lookup(name=insurer.name)
        if by_naic is None or by_name is None or by_name.naic is None or by_naic.naic == by_name.naic:
            continue
        findings.append(
            IntegrityFinding(
                code="NAIC_NAME_MISMATCH",
                page=None,
                detail=f"Insurer {insurer.letter} is printed as “{insurer.name}” with NAIC {naic}, but NAIC "
                f"{naic} is {by_naic.name} and {by_name.name} is NAIC {by_name.naic}.",
            )
        )
    return findings
