"""Multi-page scans on Textract: intake starts a job and remembers the upload; the completion
consumer finds the upload again and publishes as usual."""

from __future__ import annotations

from dataclasses import dataclass, field

import boto3
import pytest
from moto import mock_aws

from services.intake import logic
from services.intake.bootstrap import PendingOcrJobs, TextractAsyncOcr
from shared.aws.bus import InMemoryPublisher


@dataclass
class FakeAsyncOcr:
    started: list[tuple[str, str]] = field(default_factory=list)

    def start(self, upload: logic.UploadRef, sha256: str) -> str:
        self.started.append((upload.document_id, sha256))
        return "job-1"


class _Documents:
    def fetch(self, bucket: str, key: str, max_bytes: int) -> logic.StoredDocument:
        return logic.StoredDocument(b"%PDF scanned pages", 18, "application/pdf", {"project-id": "p1"})


class _Contracts:
    def project_of(self, tenant_id: str, contract_id: str) -> str:
        return "p1"


def _needs_async(data: bytes, filename: str, content_type: str) -> logic.Extraction:
    raise logic.OcrDeferred(filename)


def test_scan_needing_async_ocr_starts_a_job_and_publishes_nothing_yet():
    publisher, async_ocr = InMemoryPublisher(), FakeAsyncOcr()
    ports = logic.IntakePorts(_Documents(), _Contracts(), _needs_async, publisher, async_ocr)
    result = logic.process_upload(logic.parse_upload_key("b", "uploads/t1/c1/d1.pdf"), ports)
    assert result is None
    assert publisher.published == []
    assert [doc for doc, _ in async_ocr.started] == ["d1"]


def test_without_async_ocr_the_deferral_is_a_retryable_failure():
    ports = logic.IntakePorts(_Documents(), _Contracts(), _needs_async, InMemoryPublisher())
    with pytest.raises(logic.OcrDeferred):
        logic.process_upload(logic.parse_upload_key("b", "uploads/t1/c1/d1.pdf"), ports)


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
        upload = logic.parse_upload_key("documents", "uploads/t1/c1/0123abcd0123abcd.pdf")
        # WHEN intake starts the job
        job_id = async_ocr.start(upload, "ab" * 32)
        # THEN a job exists and the completion (tagged with the document id) leads back to the upload
        assert job_id
        assert pending.upload_for("0123abcd0123abcd") == upload
        with pytest.raises(LookupError):
            pending.upload_for("unknown")
