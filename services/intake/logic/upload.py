"""From an object landing under `uploads/` to a `CertificateExtracted` event.

Ports are passed in (`IntakePorts`); the handler (`handlers/upload.py`) only parses SQS records.
Every upload gets a record: anything wrong with what was sent (empty, deleted before it was
read, too large, of another type, over a decoding budget, unreadable) still produces an event,
with `error` set to one plain line, so review stores the upload and the portal and staff see
why. Only our own failures raise (S3, DynamoDB or EventBridge unavailable) and the record retries.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePosixPath
from urllib.parse import unquote_plus

from services.intake.ports import (
    DocumentGone,
    IntakePorts,
    OcrDeferred,
    StoredDocument,
    Unreadable,
    UploadRef,
)
from shared.events import CertificateExtracted, Envelope
from shared.events.catalog import SOURCE_INTAKE
from shared.uploads import CHANNELS, EXTENSION_TYPES, MAX_UPLOAD_BYTES
from shared.uploads import parse_upload_key as parse_key

# The upload contract (key layout, size, types, channels) is shared with the API that presigns.
MAX_DOCUMENT_BYTES = MAX_UPLOAD_BYTES
# Reads of one upload that may end without finishing (the function timed out or ran out of memory
# inside a reader) before the upload is recorded as unreadable instead of retried into the DLQ.
MAX_UNFINISHED_READS = 2


class NotAnUpload(ValueError):
    """The object is not under `uploads/<tenant>/<contract>/<document>.<ext>`: nothing to do."""


def parse_upload_key(bucket: str, raw_key: str) -> UploadRef:
    """`uploads/<tenant>/<contract>/<document>.<ext>`; S3 notifications URL-encode the key."""
    key = unquote_plus(raw_key)
    parsed = parse_key(key)
    if parsed is None:
        raise NotAnUpload(f"not an upload key: {key!r}")
    return UploadRef(bucket, key, parsed.tenant_id, parsed.contract_id, parsed.document_id, parsed.extension)


def uploads_in_notification(body: str) -> list[UploadRef]:
    """The uploads an S3 event notification (an SQS message body) announces.

    S3 sends one `s3:TestEvent` when the notification is configured; it announces nothing.
    Keys outside `uploads/` cannot arrive (the prefix filter) but are skipped if they do.
    """
    message = json.loads(body)
    if message.get("Event") == "s3:TestEvent":
        return []
    uploads = []
    for record in message.get("Records", []):
        if not str(record.get("eventName", "")).startswith("ObjectCreated"):
            continue
        s3 = record["s3"]
        try:
            uploads.append(parse_upload_key(s3["bucket"]["name"], s3["object"]["key"]))
        except NotAnUpload:
            continue
    return uploads


def _problem(upload: UploadRef, stored: StoredDocument | None) -> str | None:
    if stored is None:
        return "the file was deleted before it could be read"
    if stored.data is None or stored.size > MAX_DOCUMENT_BYTES:
        return f"the file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB"
    if upload.extension not in EXTENSION_TYPES:
        return "the file is not a PDF, PNG or JPEG"
    if stored.size == 0:
        return "the file is empty"
    return None


def process_upload(upload: UploadRef, ports: IntakePorts) -> Envelope[CertificateExtracted] | None:
    """Read one uploaded document and publish what was found (or why nothing could be).

    None when the reading continues asynchronously (`OcrDeferred`): the Textract completion
    consumer calls this again with the job's results as its extract port.
    """
    stored: StoredDocument | None
    try:
        stored = ports.documents.fetch(upload.bucket, upload.key, MAX_DOCUMENT_BYTES)
    except DocumentGone:
        stored = None
    metadata = {k.lower(): v for k, v in (stored.metadata if stored else {}).items()}
    project_id = metadata.get("project-id") or ports.contracts.project_of(
        upload.tenant_id, upload.contract_id
    )
    content_type = EXTENSION_TYPES.get(upload.extension, stored.content_type if stored else None)
    data = stored.data if stored else None
    sha256 = hashlib.sha256(data or b"").hexdigest()

    certificate = None
    needs_human_review: list[str] = []
    error = _problem(upload, stored)
    if error is None and data is not None and content_type is not None:
        if ports.attempts is not None and ports.attempts.started(upload) > MAX_UNFINISHED_READS:
            error = "the file takes too long or too much memory to read"
        else:
            try:
                extraction = ports.extract(data, PurePosixPath(upload.key).name, content_type)
                certificate, needs_human_review = extraction.certificate, extraction.needs_human_review
            except Unreadable as exc:
                error = str(exc) or "the document could not be read"
            except OcrDeferred:
                if ports.async_ocr is None:
                    raise
                ports.async_ocr.start(upload, sha256)
                return None
            finally:
                if ports.attempts is not None:
                    ports.attempts.finished(upload)

    channel = metadata.get("channel", "portal")
    event = CertificateExtracted(
        tenant_id=upload.tenant_id,
        project_id=project_id,
        contract_id=upload.contract_id,
        document_id=upload.document_id,
        bucket=upload.bucket,
        key=upload.key,
        sha256=sha256,
        content_type=content_type,
        channel=channel if channel in CHANNELS else "portal",
        uploaded_by=metadata.get("uploaded-by"),
        certificate=certificate,
        error=error,
        needs_human_review=needs_human_review,
    )
    envelope = Envelope.wrap(
        event,
        source=SOURCE_INTAKE,
        correlation_id=metadata.get("correlation-id") or upload.document_id,
        # The same object redelivered is the same fact; a new version of it is a new one.
        idempotency_key=f"{upload.document_id}:{sha256}",
        tenant_id=upload.tenant_id,
    )
    ports.publisher.publish([envelope])
    return envelope
