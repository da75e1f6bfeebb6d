"""The intake composition root: one `build(settings, **overrides)` wires both consumers; the
Textract completion consumer finishes an upload through the upload consumer's ports."""

from __future__ import annotations

import pytest

from services.intake import bootstrap
from services.intake.logic.upload import parse_upload_key
from services.intake.ports import Extraction, IntakePorts, StoredDocument
from services.intake.settings import IntakeSettings
from shared.events import CertificateExtracted
from tests.fakes.bus import InMemoryPublisher
from tests.fakes.intake import InMemoryPendingJobs

SETTINGS = IntakeSettings(table_name="workspace", event_bus_name="bus")


class _Documents:
    def fetch(self, bucket: str, key: str, max_bytes: int) -> StoredDocument:
        return StoredDocument(b"%PDF scanned pages", 18, "application/pdf", {"project-id": "p1"})


class _Contracts:
    def project_of(self, tenant_id: str, contract_id: str) -> str:
        return "p1"


def _never_called(data: bytes, filename: str, content_type: str) -> Extraction:
    raise AssertionError("the upload's own extract port must not read a finished job")


def _intake(pending: InMemoryPendingJobs | None) -> bootstrap.Intake:
    uploads = IntakePorts(_Documents(), _Contracts(), _never_called, InMemoryPublisher())
    return bootstrap.build(SETTINGS, uploads=uploads, pending=pending, textract=object())


def test_a_failed_job_records_its_upload_as_unreadable_through_the_upload_ports():
    # GIVEN an upload waiting for its Textract job
    pending = InMemoryPendingJobs()
    pending.remember("d1", parse_upload_key("documents", "uploads/t1/c1/d1.pdf"))
    intake = _intake(pending)
    # WHEN the job ends without results
    intake.completions().on_failure("d1", "the scan could not be read by OCR")  # type: ignore[misc]
    # THEN the upload is published as read, with the reason, once
    publisher = intake.uploads.publisher
    assert isinstance(publisher, InMemoryPublisher)
    (event,) = publisher.payloads(CertificateExtracted)
    assert (event.document_id, event.project_id, event.certificate) == ("d1", "p1", None)
    assert event.error == "the scan could not be read by OCR"


def test_without_an_idempotency_table_a_completion_cannot_find_its_upload():
    intake = _intake(pending=None)
    with pytest.raises(RuntimeError, match="IDEMPOTENCY_TABLE_NAME is not set"):
        intake.completions().on_failure("d1", "the scan could not be read by OCR")  # type: ignore[misc]


def test_an_override_that_names_no_dependency_is_refused():
    with pytest.raises(TypeError, match="Intake has no publishr"):
        bootstrap.build(SETTINGS, publishr=InMemoryPublisher())
