"""The intake consumer against moto S3 and EventBridge: S3 notification in, CertificateExtracted out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from moto import mock_aws

from services.intake import ports as intake_ports
from services.intake.adapters.s3 import S3DocumentStore
from services.intake.handlers import upload as handler
from services.intake.logic import upload as intake_logic
from shared.aws.bus import EventBridgePublisher
from shared.contracts.certificate import Certificate
from shared.events import CertificateExtracted, Envelope
from tests.fakes.bus import InMemoryPublisher
from tests.lambda_events import sqs_event

BUCKET = "documents"
BUS = "coi-test"


@dataclass
class FakeContracts:
    projects: dict[tuple[str, str], str] = field(default_factory=dict)

    def project_of(self, tenant_id: str, contract_id: str) -> str:
        try:
            return self.projects[(tenant_id, contract_id)]
        except KeyError:
            raise intake_ports.UnknownContract(contract_id) from None


@dataclass
class FakeExtractor:
    unreadable: str | None = None
    calls: list[tuple[str, str, int]] = field(default_factory=list)

    def __call__(self, data: bytes, filename: str, content_type: str) -> intake_ports.Extraction:
        self.calls.append((filename, content_type, len(data)))
        if self.unreadable:
            raise intake_ports.Unreadable(self.unreadable)
        certificate = Certificate.model_validate({"insured": {"name": "Rivera Concrete LLC"}})
        return intake_ports.Extraction(certificate, ["policies.0.policy_number"])


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        events = boto3.client("events", region_name="us-east-1")
        sqs = boto3.client("sqs", region_name="us-east-1")
        events.create_event_bus(Name=BUS)
        queue_url = sqs.create_queue(QueueName="captured")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        events.put_rule(Name="all", EventBusName=BUS, EventPattern=json.dumps({"source": ["coi.intake"]}))
        events.put_targets(Rule="all", EventBusName=BUS, Targets=[{"Id": "q", "Arn": queue_arn}])
        yield {"s3": s3, "events": events, "sqs": sqs, "queue_url": queue_url}


def _ports(
    aws: dict[str, Any], extractor: FakeExtractor, contracts: FakeContracts | None = None
) -> intake_ports.IntakePorts:
    return intake_ports.IntakePorts(
        documents=S3DocumentStore(aws["s3"]),
        contracts=contracts or FakeContracts({("t1", "c1"): "p1"}),
        extract=extractor,
        publisher=EventBridgePublisher(aws["events"], BUS),
    )


def _notification(key: str, bucket: str = BUCKET) -> str:
    return json.dumps(
        {
            "Records": [
                {
                    "eventSource": "aws:s3",
                    "eventName": "ObjectCreated:Post",
                    "s3": {"bucket": {"name": bucket}, "object": {"key": key, "size": 10}},
                }
            ]
        }
    )


def _sqs_event(*bodies: str) -> dict[str, Any]:
    return sqs_event(*bodies, message_ids=[f"m{i}" for i in range(len(bodies))], queue="intake")


def _published(aws: dict[str, Any]) -> list[Envelope[CertificateExtracted]]:
    messages = (
        aws["sqs"].receive_message(QueueUrl=aws["queue_url"], MaxNumberOfMessages=10).get("Messages", [])
    )
    return [Envelope[CertificateExtracted].model_validate(json.loads(m["Body"])["detail"]) for m in messages]


def test_uploaded_pdf_is_extracted_and_announced_with_the_uploads_correlation_id(aws):
    # GIVEN a PDF uploaded through the portal with its correlation id in the object metadata
    aws["s3"].put_object(
        Bucket=BUCKET,
        Key="uploads/t1/c1/d1.pdf",
        Body=b"%PDF-1.7 certificate",
        Metadata={"correlation-id": "corr-42", "project-id": "p9", "channel": "staff"},
    )
    extractor = FakeExtractor()
    # WHEN the intake queue delivers the S3 notification
    result = handler.process_batch(
        _sqs_event(_notification("uploads/t1/c1/d1.pdf")), None, _ports(aws, extractor)
    )
    # THEN the batch succeeds and one CertificateExtracted is on the bus
    assert result == {"batchItemFailures": []}
    (envelope,) = _published(aws)
    assert envelope.metadata.correlation_id == "corr-42"
    assert envelope.metadata.idempotency_key == f"d1:{envelope.data.sha256}"
    assert envelope.data.project_id == "p9"
    assert envelope.data.channel == "staff"
    assert envelope.data.certificate is not None
    assert envelope.data.certificate.insured.name == "Rivera Concrete LLC"
    assert envelope.data.needs_human_review == ["policies.0.policy_number"]
    assert extractor.calls == [("d1.pdf", "application/pdf", 20)]


def test_url_encoded_keys_from_the_notification_are_decoded(aws):
    # GIVEN moto-style encoding of the key in the notification, no metadata on the object
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/t1/c1/d2.png", Body=b"\x89PNG")
    # WHEN it is processed
    handler.process_batch(
        _sqs_event(_notification("uploads%2Ft1%2Fc1%2Fd2.png")), None, _ports(aws, FakeExtractor())
    )
    # THEN the document id, content type and project (looked up) are right, correlation = document id
    (envelope,) = _published(aws)
    assert (envelope.data.document_id, envelope.data.content_type) == ("d2", "image/png")
    assert envelope.data.project_id == "p1"
    assert envelope.metadata.correlation_id == "d2"


def test_unreadable_document_is_announced_with_the_reason(aws):
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/t1/c1/d3.pdf", Body=b"%PDF garbage")
    handler.process_batch(
        _sqs_event(_notification("uploads/t1/c1/d3.pdf")),
        None,
        _ports(aws, FakeExtractor(unreadable="blank page")),
    )
    (envelope,) = _published(aws)
    assert envelope.data.certificate is None
    assert envelope.data.error == "blank page"


def test_unsupported_file_type_is_announced_without_extraction(aws):
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/t1/c1/d4.docx", Body=b"PK\x03\x04")
    extractor = FakeExtractor()
    handler.process_batch(_sqs_event(_notification("uploads/t1/c1/d4.docx")), None, _ports(aws, extractor))
    (envelope,) = _published(aws)
    assert envelope.data.error == "the file is not a PDF, PNG or JPEG"
    assert extractor.calls == []


def test_s3_test_event_is_acknowledged_and_publishes_nothing(aws):
    body = json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": BUCKET})
    result = handler.process_batch(_sqs_event(body), None, _ports(aws, FakeExtractor()))
    assert result == {"batchItemFailures": []}
    assert _published(aws) == []


def test_only_the_failing_record_is_reported_for_retry(aws):
    # GIVEN two uploads, the second in a bucket S3 cannot serve (our failure, worth a retry)
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/t1/c1/d5.pdf", Body=b"%PDF ok")
    event = _sqs_event(
        _notification("uploads/t1/c1/d5.pdf"), _notification("uploads/t1/c1/d6.pdf", bucket="gone-bucket")
    )
    # WHEN the batch is processed
    result = handler.process_batch(event, None, _ports(aws, FakeExtractor()))
    # THEN only the second message is retried and the first one's event went out
    assert result == {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert [e.data.document_id for e in _published(aws)] == ["d5"]


@dataclass
class _OversizedStore:
    def fetch(self, bucket: str, key: str, max_bytes: int) -> intake_ports.StoredDocument:
        return intake_ports.StoredDocument(None, max_bytes + 1, "application/pdf", {"project-id": "p1"})


def test_document_over_25_mb_is_refused_without_being_read():
    publisher = InMemoryPublisher()
    extractor = FakeExtractor()
    ports = intake_ports.IntakePorts(_OversizedStore(), FakeContracts(), extractor, publisher)
    intake_logic.process_upload(intake_logic.parse_upload_key(BUCKET, "uploads/t1/c1/d7.pdf"), ports)
    (event,) = publisher.payloads(CertificateExtracted)
    assert event.error == "the file is larger than 25 MB"
    assert extractor.calls == []


@pytest.mark.parametrize(
    "key", ["uploads/t1/c1.pdf", "exports/t1/c1/d.pdf", "uploads/t1/c1/x/d.pdf", "uploads/t 1/c1/d.pdf"]
)
def test_keys_outside_the_upload_layout_are_not_uploads(key):
    with pytest.raises(intake_logic.NotAnUpload):
        intake_logic.parse_upload_key(BUCKET, key)


def test_generated_digital_certificate_is_read_by_the_real_extraction(aws):
    # GIVEN a digital certificate uploaded under a contract's prefix
    from services.intake.adapters.extractor import extractor
    from tests.fixtures.certgen import generate

    document = generate(7, "flattened")
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/t1/c1/d8.pdf", Body=document.data)
    ports = intake_ports.IntakePorts(
        documents=S3DocumentStore(aws["s3"]),
        contracts=FakeContracts({("t1", "c1"): "p1"}),
        extract=extractor(ocr=None),  # a digital PDF never needs OCR
        publisher=EventBridgePublisher(aws["events"], BUS),
    )
    # WHEN intake processes its notification
    handler.process_batch(_sqs_event(_notification("uploads/t1/c1/d8.pdf")), None, ports)
    # THEN the published certificate is what the document says
    (envelope,) = _published(aws)
    assert envelope.data.error is None
    assert envelope.data.certificate is not None
    assert document.truth is not None
    assert envelope.data.certificate.insured.name == document.truth.insured.name
    assert {p.policy_number for p in envelope.data.certificate.policies} == {
        p.policy_number for p in document.truth.policies
    }
