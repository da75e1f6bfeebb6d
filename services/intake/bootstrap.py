"""Composition root of the intake service: settings from the environment and the adapters, built
lazily once per cold start. Also wires the Textract completion consumer (`textract_handler.py`),
which finishes the uploads that needed asynchronous OCR."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

from services.intake.logic import (
    MAX_DOCUMENT_BYTES,
    ContractDirectory,
    Extraction,
    IntakePorts,
    OcrDeferred,
    StoredDocument,
    UnknownContract,
    Unreadable,
    UploadRef,
    parse_upload_key,
    process_upload,
)
from shared.aws.bus import EventBridgePublisher
from shared.aws.clients import aws_client

_PENDING_JOB_PREFIX = "textract-job#"
_PENDING_JOB_TTL_SECONDS = 8 * 24 * 3600  # Textract keeps results 7 days


class IntakeSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    table_name: str
    event_bus_name: str
    extraction_ocr: Literal["tesseract", "textract"] = "tesseract"
    idempotency_table_name: str | None = None
    textract_sns_topic_arn: str | None = None
    textract_role_arn: str | None = None


class S3DocumentStore:
    def __init__(self, client: Any) -> None:
        self._client = client

    def fetch(self, bucket: str, key: str, max_bytes: int) -> StoredDocument:
        head = self._client.head_object(Bucket=bucket, Key=key)
        size = int(head["ContentLength"])
        content_type, metadata = head.get("ContentType"), head.get("Metadata", {})
        if size > max_bytes:
            return StoredDocument(None, size, content_type, metadata)
        # Read exactly the bytes HEAD saw, even if the object grew since (bounded memory).
        body = self._client.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{max(size - 1, 0)}")
        data = body["Body"].read(max_bytes + 1) if size else b""
        return StoredDocument(data, len(data), content_type, metadata)


class WorkspaceContractDirectory:
    def __init__(self, table_name: str) -> None:
        from shared.workspace.dynamo import DynamoItemStore, workspace_model

        self._store = DynamoItemStore(workspace_model(table_name))

    def project_of(self, tenant_id: str, contract_id: str) -> str:
        from shared.workspace.errors import NotFound
        from shared.workspace.repository import TenantRepository

        try:
            return TenantRepository(self._store, tenant_id).contract(contract_id).project_id
        except NotFound:
            raise UnknownContract(f"no contract {contract_id} in tenant {tenant_id}") from None


class PendingOcrJobs:
    """Which upload an asynchronous Textract job reads, kept in the idempotency table (key `id`,
    TTL `expiration`) under its own prefix until the completion arrives."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def remember(self, job_tag: str, upload: UploadRef) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "id": {"S": _PENDING_JOB_PREFIX + job_tag},
                "bucket": {"S": upload.bucket},
                "key": {"S": upload.key},
                "expiration": {"N": str(int(time.time()) + _PENDING_JOB_TTL_SECONDS)},
            },
        )

    def upload_for(self, job_tag: str) -> UploadRef:
        item = self._client.get_item(
            TableName=self._table, Key={"id": {"S": _PENDING_JOB_PREFIX + job_tag}}, ConsistentRead=True
        ).get("Item")
        if item is None:
            raise LookupError(f"no pending upload for Textract job tag {job_tag}")
        return parse_upload_key(item["bucket"]["S"], item["key"]["S"])


@dataclass(frozen=True)
class TextractAsyncOcr:
    client: Any
    pending: PendingOcrJobs
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


def _ocr_engine(settings: IntakeSettings) -> Any:
    if settings.extraction_ocr == "textract":
        from services.intake.extraction.textract import TextractEngine

        return TextractEngine(aws_client("textract"))
    from services.intake.extraction.ocr import TesseractEngine

    return TesseractEngine()


def extractor(ocr: Any) -> Any:
    """The extract port over the extraction API: its UnreadableDocument becomes `Unreadable`, the
    Textract engine's request for an asynchronous job becomes `OcrDeferred`."""
    from services.intake.extraction.api import UnreadableDocument, extract_document
    from services.intake.extraction.textract import TextractAsyncRequired

    def extract(data: bytes, filename: str, content_type: str) -> Extraction:
        try:
            result = extract_document(data, filename=filename, content_type=content_type, ocr=ocr)
        except TextractAsyncRequired:
            raise OcrDeferred(filename) from None
        except UnreadableDocument as exc:
            raise Unreadable(str(exc)) from None
        return Extraction(result.certificate, list(result.needs_human_review))

    return extract


@cache
def settings() -> IntakeSettings:
    return IntakeSettings()  # read from the environment


@cache
def pending_jobs() -> PendingOcrJobs | None:
    table = settings().idempotency_table_name
    return PendingOcrJobs(aws_client("dynamodb"), table) if table else None


@cache
def intake_ports() -> IntakePorts:
    config = settings()
    contracts: ContractDirectory = WorkspaceContractDirectory(config.table_name)
    pending = pending_jobs()
    async_ocr = None
    if (
        config.extraction_ocr == "textract"
        and config.textract_sns_topic_arn
        and config.textract_role_arn
        and pending
    ):
        async_ocr = TextractAsyncOcr(
            aws_client("textract"), pending, config.textract_sns_topic_arn, config.textract_role_arn
        )
    return IntakePorts(
        documents=S3DocumentStore(aws_client("s3")),
        contracts=contracts,
        extract=extractor(_ocr_engine(config)),
        publisher=EventBridgePublisher(aws_client("events"), config.event_bus_name),
        async_ocr=async_ocr,
    )


def continue_after_ocr(job_tag: str, ir: Any) -> None:
    """The Textract job for an upload finished: extract from its results and publish as usual."""
    pending = pending_jobs()
    if pending is None:
        raise RuntimeError("IDEMPOTENCY_TABLE_NAME is not set; pending Textract jobs cannot be found")
    upload = pending.upload_for(job_tag)
    ports = replace(intake_ports(), extract=extractor(PrecomputedOcr(ir)), async_ocr=None)
    process_upload(upload, ports)


def textract_completion_ports() -> Any:
    from services.intake.textract_handler import TextractCompletionPorts

    documents = S3DocumentStore(aws_client("s3"))

    def load_document(bucket: str, key: str) -> bytes:
        stored = documents.fetch(bucket, key, MAX_DOCUMENT_BYTES)
        if stored.data is None:
            raise Unreadable(f"the file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
        return stored.data

    return TextractCompletionPorts(
        textract=aws_client("textract"), load_document=load_document, on_document=continue_after_ocr
    )
