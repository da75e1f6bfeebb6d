"""Asynchronous OCR on Textract: starting a job for an upload, and an OCR engine that returns
what a finished job already read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.intake.ports import PendingJobs, UploadRef


@dataclass(frozen=True)
class TextractAsyncOcr:
    client: Any
    pending: PendingJobs
    sns_topic_arn: str
    role_arn: str

    def start(self, upload: UploadRef, sha256: str) -> str:
        from services.intake.extraction.textract_jobs import NotificationChannel, start_job

        # The document id is unique per upload and fits Textract's 64-character job tag.
        self.pending.remember(upload.document_id, upload)
        return start_job(
            self.client,
            bucket=upload.bucket,
            key=upload.key,
            job_tag=upload.document_id,
            notification=NotificationChannel(self.sns_topic_arn, self.role_arn),
            client_request_token=sha256,
        )


@dataclass(frozen=True)
class PrecomputedOcr:
    """An OcrEngine that returns what an asynchronous job already read."""

    ir: Any
    name: str = "textract"

    def read_pdf(self, data: bytes, sha256: str) -> Any:
        return self.ir

    def read_image(self, data: bytes, sha256: str) -> Any:
        return self.ir
