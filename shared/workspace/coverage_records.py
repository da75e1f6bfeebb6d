"""Coverage records built from a certificate or a decision: one per requirement of a contract,
named as the requirement group names it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.contracts import Certificate, Policy
from shared.events import ComplianceChanged
from shared.events.envelope import EventPayload
from shared.workspace.entities import (
    Contract,
    CoverageRecord,
    CoverageSpec,
    Document,
    RequiredDocument,
    RequirementGroup,
    new_id,
    requirement_key,
)

COVERAGE_NAMES = {
    "general_liability": "General liability",
    "auto_liability": "Automobile liability",
    "umbrella": "Umbrella liability",
    "excess": "Excess liability",
    "workers_comp": "Workers' compensation",
}


def policy_for(certificate: Certificate, key: str) -> Policy | None:
    """The certificate's policy for a requirement; with several, the one running longest."""
    candidates = [p for p in certificate.policies if requirement_key(p.coverage, p.label) == key]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (p.expiration_date or datetime.min.date(), p.policy_number or ""))


def contract_record(
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


def requirement_names(
    specs: dict[str, CoverageSpec], docs: dict[str, RequiredDocument], key: str
) -> tuple[str, str | None]:
    """(coverage, label) of a requirement: a coverage keeps its own, a required document is a
    "document" under its name."""
    spec = specs.get(key)
    return (spec.coverage, spec.label) if spec else ("document", docs[key].name)


def records_from_certificate(
    document: Document, contract: Contract, group: RequirementGroup
) -> list[CoverageRecord]:
    certificate = document.certificate
    if certificate is None or certificate.document.kind != "acord25":
        return []
    records = []
    for spec in group.coverages:
        policy = policy_for(certificate, spec.requirement_key)
        if policy is None:
            continue
        insurer = certificate.insurer(policy.insurer_letter)
        records.append(
            contract_record(
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


def with_changes(event: EventPayload, document: Document) -> EventPayload:
    """A compliance event caused by this document carries what its certificate weakened."""
    if isinstance(event, ComplianceChanged) and document.changes:
        return event.model_copy(update={"changes": list(document.changes)})
    return event
