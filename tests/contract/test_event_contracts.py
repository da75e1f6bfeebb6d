"""Every event a producer emits, carried the way AWS carries it (PutEvents entry -> EventBridge
event -> SQS message body -> Lambda SQS record), parses with the model of every consumer the
template routes it to."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser import parse
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel, SqsModel, SqsRecordModel
from pydantic import Json

from coi_cli.local.sam import load_sam_template
from services.intake import ports as intake
from services.intake.logic import upload as intake_upload
from shared.contracts.certificate import Certificate
from shared.contracts.verdict import Verdict
from shared.events import EVENT_TYPES, Envelope, EventPayload, catalog
from tests.fakes.bus import InMemoryPublisher
from tests.lambda_events import eventbridge_event, sqs_record

REF = {"tenant_id": "t1", "project_id": "p1", "contract_id": "c1"}


class _Contracts:
    def project_of(self, tenant_id: str, contract_id: str) -> str:
        return "p1"


class _Documents:
    def fetch(self, bucket: str, key: str, max_bytes: int) -> intake.StoredDocument:
        return intake.StoredDocument(b"%PDF-1.7", 8, "application/pdf", {"correlation-id": "corr-1"})


def _extracted_by_intake() -> Envelope[Any]:
    """The real producer: intake's logic with in-memory ports."""
    publisher = InMemoryPublisher()
    certificate = Certificate.model_validate({"insured": {"name": "Rivera Concrete LLC"}})
    ports = intake.IntakePorts(
        _Documents(), _Contracts(), lambda *_: intake.Extraction(certificate, []), publisher
    )
    intake_upload.process_upload(intake_upload.parse_upload_key("documents", "uploads/t1/c1/d1.pdf"), ports)
    (envelope,) = publisher.published
    return envelope


_VERDICT = Verdict(compliant=True, as_of=date(2026, 5, 1))

SAMPLES: dict[str, Callable[[], EventPayload]] = {
    "CertificateReviewed": lambda: catalog.CertificateReviewed(
        **REF, document_id="d1", vendor_id="v1", verdict=_VERDICT
    ),
    "ComplianceChanged": lambda: catalog.ComplianceChanged(
        **REF,
        vendor_id="v1",
        previous_status="needs_review",
        status="compliant",
        coverages=[
            catalog.CoverageSnapshot(
                coverage="general_liability",
                status="compliant",
                policy_number="GL-1",
                expiration_date=date(2027, 1, 1),
                limits={"each_occurrence": 1_000_000},
            )
        ],
    ),
    "ReviewCompleted": lambda: catalog.ReviewCompleted(
        **REF, document_id="d1", reviewer="u1", rejected=True, reasons=["General liability limit too low"]
    ),
    "ContractChanged": lambda: catalog.ContractChanged(**REF, change="created", active=True),
    "ProjectStatusChanged": lambda: catalog.ProjectStatusChanged(
        tenant_id="t1", project_id="p1", previous_status="active", status="closed"
    ),
    "DocumentsRequested": lambda: catalog.DocumentsRequested(**REF, requested_by="u1", message="Please send"),
    "ContractNoteAdded": lambda: catalog.ContractNoteAdded(**REF, note_id="n1", author="u1", text="Called"),
    "OverrideRequested": lambda: catalog.OverrideRequested(
        **REF, request_id="r1", reason="Umbrella covers it", requested_by="vendor@example.com"
    ),
    "OverrideDecided": lambda: catalog.OverrideDecided(
        **REF, request_id="r1", approved=True, decided_by="u1"
    ),
    "ErpExportRequested": lambda: catalog.ErpExportRequested(
        tenant_id="t1", export_id="20260501T120000Z-vista-0a1b2c", erp="vista", requested_by="ap@example.com"
    ),
    "ErpDeliveryRetryRequested": lambda: catalog.ErpDeliveryRetryRequested(
        tenant_id="t1", export_id="20260501T120000Z-vista-0a1b2c", requested_by="ap@example.com"
    ),
}


def _produced(name: str) -> Envelope[Any]:
    if name == "CertificateExtracted":
        return _extracted_by_intake()
    return Envelope.wrap(
        SAMPLES[name](), source=catalog.SOURCE_API, correlation_id="corr-1", idempotency_key=str(uuid.uuid4())
    )


def _as_sqs_record(entry: dict[str, Any]) -> dict[str, Any]:
    """What the consumer's Lambda receives for one PutEvents entry routed to its queue."""
    event = eventbridge_event(
        entry["DetailType"],
        json.loads(entry["Detail"]),
        source=entry["Source"],
        time=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    return sqs_record(json.dumps(event))


def _routes() -> list[tuple[str, str]]:
    """(event name, target queue) for every routing rule in the template."""
    routes = []
    for resource in load_sam_template()["Resources"].values():
        pattern = (
            resource.get("Properties", {}).get("EventPattern")
            if resource["Type"] == "AWS::Events::Rule"
            else None
        )
        for name in (pattern or {}).get("detail-type", []):
            for target in resource["Properties"]["Targets"]:
                routes.append((name, target["Arn"]["Fn::GetAtt"][0]))
    return sorted(routes)


def _powertools_model(payload: type[EventPayload]) -> type[SqsModel]:
    """The parser model a consumer declares: SQS record whose body is the EventBridge event."""
    event_model = type(
        f"{payload.__name__}Event", (EventBridgeModel,), {"__annotations__": {"detail": Envelope[payload]}}
    )  # type: ignore[valid-type]
    record_model = type(
        f"{payload.__name__}Record", (SqsRecordModel,), {"__annotations__": {"body": Json[event_model]}}
    )  # type: ignore[valid-type]
    return type(f"{payload.__name__}Batch", (SqsModel,), {"__annotations__": {"Records": list[record_model]}})  # type: ignore[valid-type]


def _service_parser(queue: str, name: str) -> Callable[[str], Envelope[Any] | None] | None:
    """The consumer service's own parser, where it has one (imported lazily: services build in parallel)."""
    if queue in ("ErpQueue", "ErpRequestQueue", "ReviewQueue", "ProcoreQueue", "NotifyQueue"):
        # every consumer parses with the shared EventBridge model (`shared.runtime`)
        from shared.runtime import parse_bus_event

        return parse_bus_event
    return None


def test_every_catalog_event_has_a_contract_sample():
    assert set(EVENT_TYPES) == set(SAMPLES) | {"CertificateExtracted"}


def test_every_catalog_event_is_routed_somewhere():
    assert {name for name, _ in _routes()} == set(EVENT_TYPES)


@pytest.mark.parametrize(("name", "queue"), _routes())
def test_produced_event_parses_with_the_consumers_model(name: str, queue: str):
    # GIVEN the event as its producer emits it, carried through EventBridge into the consumer's queue
    envelope = _produced(name)
    record = _as_sqs_record(envelope.to_eventbridge_entry("coi-test"))
    # WHEN the consumer parses the batch with the Powertools parser model
    batch = parse(event={"Records": [record]}, model=_powertools_model(EVENT_TYPES[name]))
    parsed = batch.Records[0].body.detail
    # THEN the envelope round-trips unchanged
    assert parsed.metadata == envelope.metadata
    assert parsed.data == envelope.data
    assert batch.Records[0].body.detail_type == name
    # AND the consumer service's own parser (where it exposes one) agrees
    try:
        service_parser = _service_parser(queue, name)
    except ModuleNotFoundError as exc:
        pytest.skip(f"{queue}'s consumer is not built yet ({exc.name})")
    if service_parser is not None:
        from_service = service_parser(record["body"])
        assert from_service is not None
        assert from_service.metadata.idempotency_key == envelope.metadata.idempotency_key
        assert from_service.data == envelope.data


def test_intake_event_carries_the_uploads_correlation_and_a_content_idempotency_key():
    envelope = _extracted_by_intake()
    assert envelope.metadata.correlation_id == "corr-1"
    assert envelope.metadata.idempotency_key == f"d1:{envelope.data.sha256}"
    assert envelope.metadata.source == catalog.SOURCE_INTAKE
