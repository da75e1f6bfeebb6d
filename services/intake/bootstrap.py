"""Composition root of the intake service: `build(settings, **overrides)` wires its adapters once
per cold start (the handlers keep the result); tests pass fakes for any field as overrides.

Both consumers share it: the upload consumer takes `uploads`, the Textract completion consumer
`completions()`, which finishes the uploads that needed asynchronous OCR through the same ports.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from services.intake.extraction.budgets import DecodingBudgets
from services.intake.extraction.ir import DocumentIR
from services.intake.logic.ocr_completion import fail_upload, finish_upload
from services.intake.logic.upload import MAX_DOCUMENT_BYTES
from services.intake.ports import (
    AsyncOcr,
    IntakePorts,
    PendingJobs,
    ReadAttempts,
    TextractCompletionPorts,
    Unreadable,
)
from services.intake.settings import IntakeSettings
from shared.aws.clients import aws_client
from shared.runtime import assemble


@dataclass(frozen=True)
class Intake:
    uploads: IntakePorts  # the upload consumer's ports
    decoding: DecodingBudgets
    # None without an idempotency table: no asynchronous OCR, no count of unfinished reads.
    pending: PendingJobs | None
    textract: Any | None  # boto3 Textract client where the settings choose Textract

    def completions(self) -> TextractCompletionPorts:
        from services.intake.adapters.extractor import extractor
        from services.intake.adapters.textract import PrecomputedOcr

        def pending() -> PendingJobs:
            if self.pending is None:
                raise RuntimeError("IDEMPOTENCY_TABLE_NAME is not set; pending Textract jobs cannot be found")
            return self.pending

        def load_document(bucket: str, key: str) -> bytes:
            stored = self.uploads.documents.fetch(bucket, key, MAX_DOCUMENT_BYTES)
            if stored.data is None:
                raise Unreadable(f"the file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
            return stored.data

        def on_document(job_tag: str, ir: DocumentIR) -> None:
            finish_upload(job_tag, extractor(PrecomputedOcr(ir), self.decoding), self.uploads, pending())

        def on_failure(job_tag: str, reason: str) -> None:
            fail_upload(job_tag, reason, self.uploads, pending())

        return TextractCompletionPorts(
            textract=self.textract if self.textract is not None else aws_client("textract"),
            load_document=load_document,
            on_document=on_document,
            on_failure=on_failure,
        )


def build(settings: IntakeSettings | None = None, **overrides: Any) -> Intake:
    """Intake's dependencies from `settings` (the environment when None); any field of `Intake`
    given in `overrides` (`uploads=IntakePorts(...)` with fakes, `pending`, `textract`) is used as
    is and its adapters never built."""
    config = cache(lambda: settings if settings is not None else IntakeSettings())

    @cache
    def pending() -> PendingJobs | None:
        if "pending" in overrides:
            jobs: PendingJobs | None = overrides["pending"]
            return jobs
        from services.intake.adapters.dynamodb import PendingOcrJobs

        table = config().idempotency_table_name
        return PendingOcrJobs(aws_client("dynamodb"), table) if table else None

    def uploads() -> IntakePorts:
        from services.intake.adapters.dynamodb import UnfinishedReads
        from services.intake.adapters.extractor import extractor, ocr_engine
        from services.intake.adapters.s3 import S3DocumentStore
        from services.intake.adapters.textract import TextractAsyncOcr
        from services.intake.adapters.workspace import WorkspaceContractDirectory
        from shared.aws.bus import EventBridgePublisher

        settings = config()
        jobs = pending()
        topic, role = settings.textract_sns_topic_arn, settings.textract_role_arn
        async_ocr: AsyncOcr | None = None
        if settings.extraction_ocr == "textract" and topic and role and jobs:
            async_ocr = TextractAsyncOcr(aws_client("textract"), jobs, topic, role)
        attempts: ReadAttempts | None = None
        if settings.idempotency_table_name:
            attempts = UnfinishedReads(aws_client("dynamodb"), settings.idempotency_table_name)
        return IntakePorts(
            documents=S3DocumentStore(aws_client("s3")),
            contracts=WorkspaceContractDirectory(settings.table_name),
            extract=extractor(ocr_engine(settings), settings.decoding),
            publisher=EventBridgePublisher(aws_client("events"), settings.event_bus_name),
            async_ocr=async_ocr,
            attempts=attempts,
        )

    def textract() -> Any | None:
        return aws_client("textract") if config().extraction_ocr == "textract" else None

    return assemble(
        Intake,
        overrides,
        uploads=uploads,
        decoding=lambda: config().decoding,
        pending=pending,
        textract=textract,
    )
