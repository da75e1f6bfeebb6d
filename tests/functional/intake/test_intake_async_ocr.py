"""Multi-page scans on Textract: intake starts a job and remembers the upload; the completion
consumer finds the upload again and publishes as usual."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import boto3
import pytest
from moto import mock_aws

from services.intake import ports as intake_ports
from services.intake.adapters.dynamodb import PendingOcrJobs
from services.intake.adapters.textract import TextractAsyncOcr
from services.intake.extraction.textract_jobs import JobCompletion
from services.intake.logic import upload as intake_logic
from services.intake.logic.ocr_completion import handle_job_completion
from services.intake.ports import TextractCompletionPorts
from shared.events import CertificateExtracted
from tests.fakes.bus import InMemoryPublisher


@dataclass
class FakeAsyncOcr:
    started: list[tuple[str, str]] = field(default_factory=list)

    def start(self, upload: intake_ports.UploadRef, sha256: str) -> str:
        self.started.append((upload.document_id, sha256))
        return "job-1"


class _Documents:
    def fetch(self, bucket: str, key: str, max_bytes: int) -> intake_ports.StoredDocument:
        return intake_ports.StoredDocument(b"%PDF scanned pages", 18, "application/pdf", {"project-id": "p1"})


class _Contracts:
    def project_of(self, tenant_id: str, contract_id: str) -> str:
        return "p1"


def _needs_async(data: bytes, filename: str, content_type: str) -> intake_ports.Extraction:
    raise intake_ports.OcrDeferred(filename)


def test_scan_needing_async_ocr_starts_a_job_and_publishes_nothing_yet():
    publisher, async_ocr = InMemoryPublisher(), FakeAsyncOcr()
    ports = intake_ports.IntakePorts(_Documents(), _Contracts(), _needs_async, publisher, async_ocr)
    result = intake_logic.process_upload(intake_logic.parse_upload_key("b", "uploads/t1/c1/d1.pdf"), ports)
    assert result is None
    assert publisher.published == []
    assert [doc for doc, _ in async_ocr.started] == ["d1"]


def test_without_async_ocr_the_deferral_is_a_retryable_failure():
    ports = intake_ports.IntakePorts(_Documents(), _Contracts(), _needs_async, InMemoryPublisher())
    with pytest.raises(intake_ports.OcrDeferred):
        intake_logic.process_upload(intake_logic.parse_upload_key("b", "uploads/t1/c1/d1.pdf"), ports)


def test_textract_job_is_started_on_the_object_and_its_upload_found_again():
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")
        dynamodb.create_table(
            TableName="idem",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        pending = PendingOcrJobs(dynamodb, "idem")
        async_ocr = TextractAsyncOcr(
            boto3.client("textract", region_name="us-east-1"),
            pending,
            "arn:aws:sns:us-east-1:123456789012:AmazonTextract-coi",
            "arn:aws:iam::123456789012:role/textract",
        )
        upload = intake_logic.parse_upload_key("documents", "uploads/t1/c1/0123abcd0123abcd.pdf")
        # WHEN intake starts the job
        job_id = async_ocr.start(upload, "ab" * 32)
        # THEN a job exists and the completion (tagged with the document id) leads back to the upload
        assert job_id
        assert pending.upload_for("0123abcd0123abcd") == upload
        with pytest.raises(LookupError):
            pending.upload_for("unknown")


def _completion(status: str) -> JobCompletion:
    return JobCompletion(
        job_id="job-9",
        status=status,
        job_tag="d9",
        api="StartDocumentAnalysis",
        bucket="documents",
        key="uploads/t1/c1/d9.pdf",
    )


@dataclass
class _Outcomes:
    documents: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def on_document(self, job_tag: str, ir: object) -> None:
        self.documents.append(job_tag)

    def on_failure(self, job_tag: str, reason: str) -> None:
        self.failures.append((job_tag, reason))


@pytest.mark.parametrize("status", ["FAILED", "ERROR"])
def test_a_failed_textract_job_records_the_upload_as_unreadable_instead_of_retrying(status):
    # GIVEN the completion of a job that ended without results (it would end so on every retry)
    outcomes = _Outcomes()
    ports = TextractCompletionPorts(
        textract=None,
        load_document=lambda bucket, key: b"%PDF",
        on_document=outcomes.on_document,
        on_failure=outcomes.on_failure,
    )
    # WHEN it is handled THEN the upload is recorded with a plain reason, nothing raises
    assert handle_job_completion(_completion(status), ports) is None
    assert outcomes.failures == [("d9", "the scan could not be read by OCR")]
    assert outcomes.documents == []


def test_an_original_deleted_during_ocr_records_the_upload():
    outcomes = _Outcomes()

    def deleted(bucket: str, key: str) -> bytes:
        raise intake_ports.DocumentGone(key)

    ports = TextractCompletionPorts(
        textract=None, load_document=deleted, on_document=outcomes.on_document, on_failure=outcomes.on_failure
    )
    assert handle_job_completion(_completion("SUCCEEDED"), ports) is None
    assert outcomes.failures == [("d9", "the file was deleted before it could be read")]


def test_the_failure_port_records_through_the_intake_pipeline():
    # GIVEN the recorded upload of a job that failed, the contract known to the workspace
    publisher = InMemoryPublisher()
    ports = intake_ports.IntakePorts(_Documents(), _Contracts(), _needs_async, publisher)

    def unreadable(data: bytes, filename: str, content_type: str) -> intake_ports.Extraction:
        raise intake_ports.Unreadable("the scan could not be read by OCR")

    # WHEN intake processes it with the failing extract port (what `fail_after_ocr` wires)
    intake_logic.process_upload(
        intake_logic.parse_upload_key("b", "uploads/t1/c1/d9.pdf"), replace(ports, extract=unreadable)
    )
    # THEN the upload is announced with the reason
    (event,) = publisher.payloads(CertificateExtracted)
    assert (event.document_id, event.error) == ("d9", "the scan could not be read by OCR")
