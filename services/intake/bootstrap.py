"""Composition root of the intake service: settings from the environment and the adapters, built
lazily once per cold start. Also wires the Textract completion consumer (`textract_handler.py`),
which finishes the uploads that needed asynchronous OCR."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.intake.extraction.budgets import DecodingBudgets
from services.intake.logic import (
    MAX_DOCUMENT_BYTES,
    ContractDirectory,
    DocumentGone,
    Extraction,
    IntakePorts,
    OcrDeferred,
    ReadAttempts,
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
_READ_ATTEMPT_PREFIX = "intake-read#"
_READ_ATTEMPT_TTL_SECONDS = 2 * 24 * 3600  # longer than the queue keeps retrying
_PENDING_JOB_TTL_SECONDS = 8 * 24 * 3600  # Textract keeps results 7 days
_MISSING_OBJECT_CODES = {"NoSuchKey", "404", "NotFound"}

logger = Logger(service="intake")


class IntakeSettings(BaseSettings):
    # Nested values from the environment: `DECODING__MAX_IMAGE_PIXELS=40000000`.
    model_config = SettingsConfigDict(extra="ignore", frozen=True, env_nested_delimiter="__")

    table_name: str
    event_bus_name: str
    extraction_ocr: Literal["tesseract", "textract"] = "tesseract"
    idempotency_table_name: str | None = None
    textract_sns_topic_arn: str | None = None
    textract_role_arn: str | None = None
    # Pages, pixels and unpacked bytes one document may make us decode (validated here, at start).
    decoding: DecodingBudgets = DecodingBudgets()


class S3DocumentStore:
    def __init__(self, client: Any) -> None:
        self._client = client

    def fetch(self, bucket: str, key: str, max_bytes: int) -> StoredDocument:
        """One GET: size, type and metadata of the version read, and at most `max_bytes + 1` bytes
        of it (an empty object is simply empty; a ranged GET would answer InvalidRange)."""
        try:
            response = self._client.get_object(Bucket=bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING_OBJECT_CODES:
                raise DocumentGone(key) from None
            raise
        size = int(response.get("ContentLength", 0))
        content_type, metadata = response.get("ContentType"), response.get("Metadata", {})
        body = response["Body"]
        try:
            data = body.read(max_bytes + 1) if 0 < size <= max_bytes else b""
        finally:
            body.close()
        if size > max_bytes or len(data) > max_bytes:
            return StoredDocument(None, max(size, len(data)), content_type, metadata)
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


class UnfinishedReads:
    """`ReadAttempts` in the idempotency table (key `id`, TTL `expiration`): a counter per upload,
    added to when a read starts and deleted when it ends, so what is left counts the reads that
    were killed (Lambda timeout, out of memory)."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def started(self, upload: UploadRef) -> int:
        response = self._client.update_item(
            TableName=self._table,
            Key={"id": {"S": _READ_ATTEMPT_PREFIX + upload.key}},
            UpdateExpression="ADD attempts :one SET expiration = :expiration",
            ExpressionAttributeValues={
                ":one": {"N": "1"},
                ":expiration": {"N": str(int(time.time()) + _READ_ATTEMPT_TTL_SECONDS)},
            },
            ReturnValues="UPDATED_NEW",
        )
        return int(response["Attributes"]["attempts"]["N"])

    def finished(self, upload: UploadRef) -> None:
        self._client.delete_item(TableName=self._table, Key={"id": {"S": _READ_ATTEMPT_PREFIX + upload.key}})


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


def ocr_engine(settings: IntakeSettings) -> Any:
    if settings.extraction_ocr == "textract":
        from services.intake.extraction.textract import TextractEngine

        return TextractEngine(aws_client("textract"))
    from services.intake.extraction.ocr import OcrSettings, TesseractEngine

    # Pages bigger than the render budget are rendered at a lower resolution.
    return TesseractEngine(OcrSettings(max_pixels=settings.decoding.max_render_pixels))


def _our_failures() -> tuple[type[BaseException], ...]:
    """Exceptions that are ours, not the document's: AWS unavailable, Tesseract not installed."""
    failures: tuple[type[BaseException], ...] = (BotoCoreError, ClientError)
    try:
        from pytesseract import TesseractNotFoundError
    except ImportError:
        return failures
    return (*failures, TesseractNotFoundError)


def extractor(ocr: Any, budgets: DecodingBudgets | None = None) -> Any:
    """The extract port over the extraction API: its UnreadableDocument becomes `Unreadable`, the
    Textract engine's request for an asynchronous job becomes `OcrDeferred`.

    Any other error while reading the bytes is the document's doing too (a reader tripping over a
    malformed file fails the same way on every retry): it is logged with its traceback and the
    upload recorded as unreadable, instead of retrying into the dead-letter queue. Only our own
    failures (AWS calls, a missing Tesseract) raise."""
    from services.intake.extraction.api import UnreadableDocument, extract_document
    from services.intake.extraction.textract import TextractAsyncRequired

    limits = budgets or DecodingBudgets()
    ours = _our_failures()

    def extract(data: bytes, filename: str, content_type: str) -> Extraction:
        try:
            result = extract_document(
                data, filename=filename, content_type=content_type, ocr=ocr, budgets=limits
            )
        except TextractAsyncRequired:
            raise OcrDeferred(filename) from None
        except UnreadableDocument as exc:
            raise Unreadable(str(exc)) from None
        except ours:
            raise
        except Exception:  # MemoryError included: a retry would run out the same way
            logger.exception("the document could not be read", document=filename)
            raise Unreadable("the file is damaged or malformed and could not be read") from None
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
    attempts: ReadAttempts | None = None
    if config.idempotency_table_name:
        attempts = UnfinishedReads(aws_client("dynamodb"), config.idempotency_table_name)
    return IntakePorts(
        documents=S3DocumentStore(aws_client("s3")),
        contracts=contracts,
        extract=extractor(ocr_engine(config), config.decoding),
        publisher=EventBridgePublisher(aws_client("events"), config.event_bus_name),
        async_ocr=async_ocr,
        attempts=attempts,
    )


def continue_after_ocr(job_tag: str, ir: Any) -> None:
    """The Textract job for an upload finished: extract from its results and publish as usual."""
    pending = pending_jobs()
    if pending is None:
        raise RuntimeError("IDEMPOTENCY_TABLE_NAME is not set; pending Textract jobs cannot be found")
    upload = pending.upload_for(job_tag)
    ports = replace(
        intake_ports(), extract=extractor(PrecomputedOcr(ir), settings().decoding), async_ocr=None
    )
    process_upload(upload, ports)


def fail_after_ocr(job_tag: str, reason: str) -> None:
    """The Textract job for an upload ended without results: record the upload as unreadable."""
    pending = pending_jobs()
    if pending is None:
        raise RuntimeError("IDEMPOTENCY_TABLE_NAME is not set; pending Textract jobs cannot be found")

    def unreadable(data: bytes, filename: str, content_type: str) -> Extraction:
        raise Unreadable(reason)

    process_upload(pending.upload_for(job_tag), replace(intake_ports(), extract=unreadable, async_ocr=None))


def textract_completion_ports() -> Any:
    from services.intake.textract_handler import TextractCompletionPorts

    documents = S3DocumentStore(aws_client("s3"))

    def load_document(bucket: str, key: str) -> bytes:
        stored = documents.fetch(bucket, key, MAX_DOCUMENT_BYTES)
        if stored.data is None:
            raise Unreadable(f"the file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
        return stored.data

    return TextractCompletionPorts(
        textract=aws_client("textract"),
        load_document=load_document,
        on_document=continue_after_ocr,
        on_failure=fail_after_ocr,
    )
