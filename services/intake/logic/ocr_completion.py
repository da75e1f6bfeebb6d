"""An asynchronous Textract job finished: its results go back into the upload pipeline.

A job that ended without results, or whose original was deleted meanwhile, is the document's
fate, not ours: with an `on_failure` port the upload is recorded as unreadable (a retry would end
the same way). Without one, it raises and the record retries.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from services.intake.extraction.ir import DocumentIR
from services.intake.extraction.textract import pdf_page_sizes
from services.intake.extraction.textract_jobs import JobCompletion, TextractJobFailed, collect_job
from services.intake.logic.upload import process_upload
from services.intake.ports import (
    DocumentGone,
    Extract,
    Extraction,
    IntakePorts,
    PendingJobs,
    TextractCompletionPorts,
    Unreadable,
)


def handle_job_completion(completion: JobCompletion, ports: TextractCompletionPorts) -> DocumentIR | None:
    """Collect a finished job's results as the IR and hand them on; a failed job is recorded through
    `on_failure` (None returned), or raises when there is no such port."""
    if completion.status != "SUCCEEDED":
        if ports.on_failure is None:
            raise TextractJobFailed(f"Textract job {completion.job_id} ended {completion.status}")
        ports.on_failure(completion.job_tag, "the scan could not be read by OCR")
        return None
    sha256 = ""
    page_sizes = None
    if completion.bucket and completion.key:
        try:
            original = ports.load_document(completion.bucket, completion.key)
        except DocumentGone:
            if ports.on_failure is None:
                raise
            ports.on_failure(completion.job_tag, "the file was deleted before it could be read")
            return None
        sha256 = hashlib.sha256(original).hexdigest()
        page_sizes = pdf_page_sizes(original)
    ir = collect_job(ports.textract, completion.job_id, sha256=sha256, page_sizes=page_sizes)
    ports.on_document(completion.job_tag, ir)
    return ir


def finish_upload(job_tag: str, extract: Extract, ports: IntakePorts, pending: PendingJobs) -> None:
    """The upload the job read, extracted with `extract` (over the job's results) and published as
    usual; no second asynchronous job."""
    process_upload(pending.upload_for(job_tag), replace(ports, extract=extract, async_ocr=None))


def fail_upload(job_tag: str, reason: str, ports: IntakePorts, pending: PendingJobs) -> None:
    """The job ended without results: the upload is recorded as unreadable, `reason` shown."""

    def unreadable(data: bytes, filename: str, content_type: str) -> Extraction:
        raise Unreadable(reason)

    finish_upload(job_tag, unreadable, ports, pending)
