"""What intake's use cases are given, and what those ports exchange.

The upload consumer gets `IntakePorts`; the Textract completion consumer `TextractCompletionPorts`.
Adapters live in `adapters/`; tests pass in-memory fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from services.intake.extraction.ir import DocumentIR
from shared.aws.bus import EventPublisher


class UnknownContract(LookupError):
    """The key names a contract the workspace does not have."""


class DocumentGone(LookupError):
    """Raised by the document store: the object was deleted between its notification and the read."""


class Unreadable(Exception):
    """Raised by the extract port when the document cannot be read; the message is for the vendor."""


class OcrDeferred(Exception):
    """Raised by the extract port when the document must go through asynchronous OCR (a multi-page
    scan on Textract); the event is published when the job completes."""


@dataclass(frozen=True)
class UploadRef:
    bucket: str
    key: str
    tenant_id: str
    contract_id: str
    document_id: str
    extension: str


@dataclass(frozen=True)
class StoredDocument:
    data: bytes | None  # None when the object is larger than the limit (not read)
    size: int
    content_type: str | None
    metadata: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Extraction:
    certificate: Any  # shared.contracts.Certificate
    needs_human_review: list[str]


class DocumentStore(Protocol):
    def fetch(self, bucket: str, key: str, max_bytes: int) -> StoredDocument: ...


class ContractDirectory(Protocol):
    def project_of(self, tenant_id: str, contract_id: str) -> str:
        """The contract's project id; raises UnknownContract."""
        ...


class AsyncOcr(Protocol):
    def start(self, upload: UploadRef, sha256: str) -> str:
        """Start the job (idempotently for the same upload) and remember the upload; the job id."""
        ...


class PendingJobs(Protocol):
    """Which upload an asynchronous OCR job reads, until its completion arrives."""

    def remember(self, job_tag: str, upload: UploadRef) -> None: ...

    def upload_for(self, job_tag: str) -> UploadRef:
        """Raises LookupError for a job tag never remembered (or expired)."""
        ...


class ReadAttempts(Protocol):
    """Counts reads of an upload that started and never finished: a file that kills the reader
    (a timeout, memory) raises nothing we can catch, so only the next delivery can tell."""

    def started(self, upload: UploadRef) -> int:
        """Note a read starting; how many reads of it have started and not finished, this one included."""
        ...

    def finished(self, upload: UploadRef) -> None: ...


Extract = Callable[[bytes, str, str], Extraction]  # (data, filename, content_type) -> Extraction


@dataclass(frozen=True)
class IntakePorts:
    documents: DocumentStore
    contracts: ContractDirectory
    extract: Extract
    publisher: EventPublisher
    # None where there is no asynchronous OCR (Tesseract reads every page synchronously).
    async_ocr: AsyncOcr | None = None
    # None where nothing can kill a read unnoticed (tests, the local stack's in-process dispatcher).
    attempts: ReadAttempts | None = None


OnDocument = Callable[[str, DocumentIR], None]
OnFailure = Callable[[str, str], None]  # (job_tag, reason for the vendor): record the upload unread
LoadDocument = Callable[[str, str], bytes]  # (bucket, key) -> the document's bytes


@dataclass(frozen=True)
class TextractCompletionPorts:
    textract: Any  # boto3 Textract client
    load_document: LoadDocument  # reads the original from S3: its sha256 and page sizes
    on_document: OnDocument  # the intake pipeline's continuation: (job_tag, ir)
    on_failure: OnFailure | None = None  # without it a failed job raises (and the record retries)
