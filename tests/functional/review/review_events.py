"""Builders shared by the review and API tests: a certificate from `shared.contracts` models that
meets the default requirement group, and the SQS batch Lambda receives for a CertificateExtracted
event (body = the EventBridge event, `detail` = the envelope)."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date
from typing import Any

from shared.contracts import Certificate, DocumentInfo, Endorsement, Insurer, Party, Policy
from shared.contracts.carriers import Carrier, CarrierTable
from shared.events import CertificateExtracted, Envelope
from shared.events.catalog import SOURCE_INTAKE
from tests.lambda_events import eventbridge_event_for, sqs_event

CARRIERS = CarrierTable(
    [
        Carrier(naic="25674", name="Travelers Property Casualty Co", am_best_rating="A++", am_best_size="XV"),
        Carrier(naic="23035", name="Liberty Mutual Fire Ins Co", am_best_rating="A", am_best_size="XV"),
    ]
)


def compliant_certificate(
    insured: str,
    holder: str,
    additional_insureds: list[str],
    *,
    effective: date = date(2026, 1, 1),
    expiration: date = date(2027, 1, 1),
    each_occurrence: int = 1_000_000,
) -> Certificate:
    """A certificate meeting the tenant default group (coi_domain.md's typical requirements)."""
    period = {"effective_date": effective, "expiration_date": expiration}
    return Certificate(
        document=DocumentInfo(pages=2, kind="acord25", engine="pdf-form", sha256="0" * 64),
        certificate_date=effective,
        certificate_number="CN-1",
        insured=Party(name=insured, address="1 Main St, Springfield, IL 62701"),
        insurers=[
            Insurer(letter="A", name="Travelers Property Casualty Co", naic="25674"),
            Insurer(letter="B", name="Liberty Mutual Fire Ins Co", naic="23035"),
        ],
        policies=[
            Policy(
                coverage="general_liability",
                insurer_letter="A",
                policy_number="GL-88120",
                additional_insured=True,
                subrogation_waived=True,
                claims_made=False,
                aggregate_applies_per="project",
                limits={
                    "each_occurrence": each_occurrence,
                    "general_aggregate": 2_000_000,
                    "products_completed_operations_aggregate": 2_000_000,
                },
                **period,
            ),
            Policy(
                coverage="auto_liability",
                insurer_letter="A",
                policy_number="CA-2231",
                auto_types=["any"],
                additional_insured=True,
                subrogation_waived=True,
                limits={"combined_single_limit": 1_000_000},
                **period,
            ),
            Policy(
                coverage="umbrella",
                insurer_letter="A",
                policy_number="CUP-77",
                claims_made=False,
                limits={"each_occurrence": 5_000_000, "aggregate": 5_000_000},
                **period,
            ),
            Policy(
                coverage="workers_comp",
                insurer_letter="B",
                policy_number="WC-5512",
                per_statute=True,
                officers_excluded=False,
                subrogation_waived=True,
                limits={
                    "el_each_accident": 1_000_000,
                    "el_disease_each_employee": 1_000_000,
                    "el_disease_policy_limit": 1_000_000,
                },
                **period,
            ),
        ],
        description_of_operations=(
            f"Re: all operations. {', '.join(additional_insureds)} are included as additional insured "
            "on a primary and non-contributory basis, including completed operations, per forms "
            "CG 20 10 04 13 and CG 20 37 04 13. Waiver of subrogation applies in favor of the "
            "additional insureds per CG 24 04. Aggregate applies per project per CG 25 03."
        ),
        certificate_holder=Party(name=holder, address="100 Harbor Way, Boston, MA 02110"),
        endorsements=[
            Endorsement(form="CG 20 10", edition="04 13", page=2),
            Endorsement(form="CG 20 37", edition="04 13", page=2),
            Endorsement(form="CG 20 01", edition="04 13", page=None),
            Endorsement(form="CG 24 04", edition="05 09", page=None),
            Endorsement(form="CG 25 03", edition="05 09", page=None),
            Endorsement(form="WC 00 03 13", edition=None, page=None),
        ],
    )


def extracted_envelope(
    *,
    tenant_id: str,
    project_id: str,
    contract_id: str,
    certificate: Certificate | None,
    document_id: str | None = None,
    sha256: str | None = None,
    error: str | None = None,
    bucket: str = "coi-documents-test",
    correlation_id: str | None = None,
) -> Envelope[CertificateExtracted]:
    document_id = document_id or uuid.uuid4().hex
    data = CertificateExtracted(
        tenant_id=tenant_id,
        project_id=project_id,
        contract_id=contract_id,
        document_id=document_id,
        bucket=bucket,
        key=f"uploads/{tenant_id}/{contract_id}/{document_id}.pdf",
        sha256=sha256 or hashlib.sha256(document_id.encode()).hexdigest(),
        content_type="application/pdf",
        channel="portal",
        certificate=certificate,
        error=error,
    )
    return Envelope.wrap(
        data,
        source=SOURCE_INTAKE,
        correlation_id=correlation_id or uuid.uuid4().hex,
        idempotency_key=f"extracted:{document_id}",
        tenant_id=tenant_id,
    )


def eventbridge_event(envelope: Envelope[Any]) -> dict[str, Any]:
    return eventbridge_event_for(envelope)


def sqs_batch(*bodies: str) -> dict[str, Any]:
    return sqs_event(*bodies, message_ids=[f"msg-{i}" for i in range(len(bodies))], queue="coi-review")


def sqs_event_for(*envelopes: Envelope[Any]) -> dict[str, Any]:
    return sqs_batch(*(json.dumps(eventbridge_event(e)) for e in envelopes))
