"""Every upload gets a record: empty, deleted, damaged, malformed or over-budget files are announced
with a plain reason (review stores it as the document's `extraction_error`), never retried into
the dead-letter queue. Only our own failures retry. Intake over moto S3, with the real extractor
where the file's content matters."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from moto import mock_aws
from PIL import Image

from services.intake import ports as intake_ports
from services.intake.adapters.dynamodb import UnfinishedReads
from services.intake.adapters.extractor import extractor
from services.intake.adapters.s3 import S3DocumentStore
from services.intake.extraction.budgets import DecodingBudgets
from services.intake.extraction.ir import DocumentIR
from services.intake.handlers import upload as handler
from services.intake.logic import upload as intake_logic
from services.review.logic.review import review_extracted
from shared.contracts.verdict import DeficiencyCode
from shared.events import CertificateExtracted
from shared.workspace import TenantRepository
from tests.fakes.bus import InMemoryPublisher
from tests.fixtures import bombs
from tests.fixtures.certgen import generate
from tests.functional.review.conftest import ReviewWorld
from tests.functional.review.conftest import review_world as review_world_fixture  # noqa: F401  (registers it)
from tests.lambda_events import sqs_event

BUCKET = "documents"


@dataclass
class Contracts:
    projects: dict[tuple[str, str], str] = field(default_factory=lambda: {("t1", "c1"): "p1"})

    def project_of(self, tenant_id: str, contract_id: str) -> str:
        try:
            return self.projects[(tenant_id, contract_id)]
        except KeyError:
            raise intake_ports.UnknownContract(contract_id) from None


@dataclass
class RecordingExtract:
    inner: Callable[[bytes, str, str], intake_ports.Extraction] | None = None
    calls: list[int] = field(default_factory=list)

    def __call__(self, data: bytes, filename: str, content_type: str) -> intake_ports.Extraction:
        self.calls.append(len(data))
        if self.inner is None:
            raise AssertionError("nothing should have been read")
        return self.inner(data, filename, content_type)


@dataclass
class CrashingOcr:
    """An OCR engine that trips over the file the way a reader's bug would."""

    name: str = "crashing"

    def read_pdf(self, data: bytes, sha256: str) -> DocumentIR:
        raise IndexError("list index out of range")

    def read_image(self, data: bytes, sha256: str) -> DocumentIR:
        raise IndexError("list index out of range")


@pytest.fixture
def s3() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


def _notification(key: str, bucket: str = BUCKET) -> str:
    record = {"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": bucket}, "object": {"key": key}}}
    return json.dumps({"Records": [record]})


def _run(
    s3: Any, key: str, extract: RecordingExtract, contracts: Contracts | None = None
) -> tuple[dict[str, Any], list[CertificateExtracted]]:
    publisher = InMemoryPublisher()
    ports = intake_ports.IntakePorts(S3DocumentStore(s3), contracts or Contracts(), extract, publisher)
    event = sqs_event(_notification(key), message_ids=["m0"], queue="intake")
    result = handler.process_batch(event, None, ports)
    return result, publisher.payloads(CertificateExtracted)


def test_a_zero_byte_object_is_recorded_as_empty_and_not_retried(s3):
    # GIVEN an empty object under uploads/ (a ranged GET of it answers InvalidRange)
    s3.put_object(Bucket=BUCKET, Key="uploads/t1/c1/d1.pdf", Body=b"", Metadata={"channel": "email"})
    extract = RecordingExtract()
    # WHEN intake processes its notification
    result, events = _run(s3, "uploads/t1/c1/d1.pdf", extract)
    # THEN the message is done (no retry, no dead-letter queue) and the upload is announced as empty
    assert result == {"batchItemFailures": []}
    (event,) = events
    assert (event.document_id, event.error, event.certificate) == ("d1", "the file is empty", None)
    assert event.channel == "email"
    assert extract.calls == []


def test_an_object_deleted_before_it_was_read_is_recorded_with_its_contracts_project(s3):
    # GIVEN a notification for an object that no longer exists (NoSuchKey)
    extract = RecordingExtract()
    result, events = _run(s3, "uploads/t1/c1/d2.pdf", extract)
    # THEN the upload still gets a record, its project looked up from the contract
    assert result == {"batchItemFailures": []}
    (event,) = events
    assert event.error == "the file was deleted before it could be read"
    assert (event.project_id, event.content_type) == ("p1", "application/pdf")
    assert extract.calls == []


def test_a_damaged_pdf_is_recorded_as_unreadable(s3):
    s3.put_object(Bucket=BUCKET, Key="uploads/t1/c1/d3.pdf", Body=b"%PDF-1.7\n1 0 obj << /Type /Cat")
    result, events = _run(s3, "uploads/t1/c1/d3.pdf", RecordingExtract(extractor(CrashingOcr())))
    assert result == {"batchItemFailures": []}
    (event,) = events
    assert event.error == "the PDF is damaged and cannot be opened"


def test_a_reader_tripping_over_a_malformed_file_records_it_instead_of_retrying(s3):
    # GIVEN a scan whose OCR fails with an unexpected error (it would fail the same way on every retry)
    s3.put_object(Bucket=BUCKET, Key="uploads/t1/c1/d4.pdf", Body=generate(3, "scanned").data)
    result, events = _run(s3, "uploads/t1/c1/d4.pdf", RecordingExtract(extractor(CrashingOcr())))
    # THEN the upload is recorded as unreadable, with a reason fit for the vendor (no internals)
    assert result == {"batchItemFailures": []}
    (event,) = events
    assert event.error == "the file is damaged or malformed and could not be read"


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (bombs.image_bomb_pdf, "the file holds an image of 40,000 × 40,000 pixels"),
        (bombs.jpeg_header_pdf, "the file holds an image of 40,000 × 40,000 pixels"),
        (bombs.content_bomb_pdf, "the file holds content that unpacks to more than 32 MB"),
    ],
)
def test_a_decompression_bomb_is_recorded_with_the_budget_it_exceeds(s3, build, reason):
    data = build()
    assert len(data) < 4_000  # a few kilobytes that would unpack to gigabytes
    s3.put_object(Bucket=BUCKET, Key="uploads/t1/c1/d5.pdf", Body=data)
    extract = RecordingExtract(extractor(CrashingOcr(), DecodingBudgets()))
    result, events = _run(s3, "uploads/t1/c1/d5.pdf", extract)
    assert result == {"batchItemFailures": []}
    (event,) = events
    assert event.error is not None
    assert event.error.startswith(reason)
    assert "\n" not in event.error


def test_budgets_from_the_settings_apply_to_raster_uploads(s3):
    # GIVEN a tighter pixel budget than the default, and a 1,500 x 1,000 pixel photo
    buffer = io.BytesIO()
    Image.new("L", (1500, 1000), 255).save(buffer, "PNG")
    path = "uploads/t1/c1/d6.png"
    s3.put_object(Bucket=BUCKET, Key=path, Body=buffer.getvalue())
    extract = RecordingExtract(extractor(CrashingOcr(), DecodingBudgets(max_image_pixels=1_000_000)))
    _, (event,) = _run(s3, path, extract)
    assert (
        event.error == "the image is too large to read: 1,500 × 1,000 pixels, more than the 1 million we read"
    )


def test_an_upload_for_a_removed_contract_is_acknowledged_without_an_event(s3):
    s3.put_object(Bucket=BUCKET, Key="uploads/t1/gone/d7.pdf", Body=b"%PDF-1.7")
    result, events = _run(s3, "uploads/t1/gone/d7.pdf", RecordingExtract())
    assert result == {"batchItemFailures": []}
    assert events == []


def test_our_own_failure_still_retries(s3):
    # GIVEN an empty upload, and one in a bucket S3 cannot serve (not the vendor's doing)
    s3.put_object(Bucket=BUCKET, Key="uploads/t1/c1/d8.pdf", Body=b"")
    publisher = InMemoryPublisher()
    ports = intake_ports.IntakePorts(S3DocumentStore(s3), Contracts(), RecordingExtract(), publisher)
    bodies = (_notification("uploads/t1/c1/d8.pdf"), _notification("uploads/t1/c1/d9.pdf", bucket="nowhere"))
    event = sqs_event(*bodies, message_ids=["m0", "m1"], queue="intake")
    # THEN only the second is reported for retry; the empty one is announced
    assert handler.process_batch(event, None, ports) == {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert [e.document_id for e in publisher.payloads(CertificateExtracted)] == ["d8"]


def test_a_large_object_is_not_read(s3):
    s3.put_object(Bucket=BUCKET, Key="uploads/t1/c1/d9.pdf", Body=b"%PDF" + b"0" * 60)
    stored = S3DocumentStore(s3).fetch(BUCKET, "uploads/t1/c1/d9.pdf", max_bytes=32)
    assert (stored.data, stored.size) == (None, 64)


def test_the_failed_upload_is_stored_with_its_reason_for_the_portal_and_staff(
    request: pytest.FixtureRequest,
) -> None:
    world: ReviewWorld = request.getfixturevalue("review_world_fixture")  # moto DynamoDB, one contract
    # GIVEN an empty object uploaded for a real contract (moto S3 and DynamoDB)
    tenant_id, contract = world.ctx.tenant_id, world.contract
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    document_id = uuid.uuid4().hex
    key = f"uploads/{tenant_id}/{contract.id}/{document_id}.pdf"
    s3.put_object(Bucket=BUCKET, Key=key, Body=b"", Metadata={"project-id": world.project.id})
    publisher = InMemoryPublisher()
    ports = intake_ports.IntakePorts(S3DocumentStore(s3), Contracts(), RecordingExtract(), publisher)
    # WHEN intake announces it and review stores it
    envelope = intake_logic.process_upload(intake_logic.parse_upload_key(BUCKET, key), ports)
    assert envelope is not None
    review_extracted(envelope, world.ports)
    # THEN the document exists with the reason, and its automatic check says it could not be read
    document = TenantRepository(world.ports.store, tenant_id).find_document(document_id)
    assert document is not None
    assert document.extraction_error == "the file is empty"
    assert document.verdict is not None
    assert [d.code for d in document.verdict.deficiencies] == [DeficiencyCode.UNREADABLE]
    assert "the file is empty" in document.verdict.deficiencies[0].message


@pytest.fixture
def reads() -> Iterator[UnfinishedReads]:
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")
        dynamodb.create_table(
            TableName="idem",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield UnfinishedReads(dynamodb, "idem")


def test_a_file_that_killed_the_reader_twice_is_recorded_instead_of_read_again(s3, reads):
    # GIVEN an upload whose two earlier reads never finished (the function timed out inside pdfium)
    s3.put_object(Bucket=BUCKET, Key="uploads/t1/c1/d10.pdf", Body=b"%PDF-1.7 heavy")
    upload = intake_logic.parse_upload_key(BUCKET, "uploads/t1/c1/d10.pdf")
    assert [reads.started(upload), reads.started(upload)] == [1, 2]
    extract, publisher = RecordingExtract(), InMemoryPublisher()
    ports = intake_ports.IntakePorts(S3DocumentStore(s3), Contracts(), extract, publisher, attempts=reads)
    # WHEN it is delivered a third time
    intake_logic.process_upload(upload, ports)
    # THEN it is not read again but recorded, so the message ends here and not in the DLQ
    (event,) = publisher.payloads(CertificateExtracted)
    assert event.error == "the file takes too long or too much memory to read"
    assert extract.calls == []


def test_reads_that_finish_do_not_count_when_only_publishing_failed(s3, reads):
    # GIVEN an upload read fine three times, each time our publishing failed afterwards
    s3.put_object(Bucket=BUCKET, Key="uploads/t1/c1/d11.pdf", Body=b"%PDF-1.7 fine")
    upload = intake_logic.parse_upload_key(BUCKET, "uploads/t1/c1/d11.pdf")

    def unreadable(data: bytes, filename: str, content_type: str) -> intake_ports.Extraction:
        raise intake_ports.Unreadable("blank page")

    extract = RecordingExtract(unreadable)

    class FlakyPublisher(InMemoryPublisher):
        failures = 3

        def publish(self, events: Any) -> None:
            if self.failures:
                self.failures -= 1
                raise ConnectionError("EventBridge unavailable")
            super().publish(events)

    publisher = FlakyPublisher()
    ports = intake_ports.IntakePorts(S3DocumentStore(s3), Contracts(), extract, publisher, attempts=reads)
    for _ in range(3):
        with pytest.raises(ConnectionError):
            intake_logic.process_upload(upload, ports)
    # WHEN it is delivered a fourth time THEN it is read again, with its real reason
    intake_logic.process_upload(upload, ports)
    (event,) = publisher.payloads(CertificateExtracted)
    assert event.error == "blank page"
    assert len(extract.calls) == 4
