"""Upload policy: presigned S3 POSTs for portal and staff uploads.

The server fixes the whole key (`uploads/<tenant>/<contract>/<document>.<ext>`), so a client can
neither choose another contract's prefix nor overwrite a document; S3 enforces the size range and
the content type in the signed policy. Intake reads the object metadata back
(`x-amz-meta-tenant-id`, `-project-id`, `-contract-id`, `-document-id`, `-channel`, `-uploaded-by`).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
UPLOAD_EXPIRY_SECONDS = 15 * 60
CONTENT_TYPES: dict[str, str] = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
}
CHANNELS = ("portal", "staff", "email", "procore")
_KEY_PATTERN = re.compile(
    r"^uploads/(?P<tenant_id>[a-z0-9]{8,64})/(?P<contract_id>[a-z0-9]{8,64})/(?P<document_id>[a-z0-9]{8,64})\.(pdf|png|jpg)$"
)


class UploadRejected(ValueError):
    """The requested upload cannot be allowed (wrong type, channel); the message says why."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class UploadTicket:
    document_id: str
    key: str
    url: str
    fields: dict[str, str]
    expires_at: datetime
    max_bytes: int = MAX_UPLOAD_BYTES

    def to_json(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "key": self.key,
            "url": self.url,
            "fields": self.fields,
            "expires_at": self.expires_at.isoformat(),
            "max_bytes": self.max_bytes,
        }


def upload_key(tenant_id: str, contract_id: str, document_id: str, content_type: str) -> str:
    return f"uploads/{tenant_id}/{contract_id}/{document_id}.{CONTENT_TYPES[content_type]}"


def parse_upload_key(key: str) -> dict[str, str] | None:
    """The ids encoded in an upload key, or None for a key this policy never issues."""
    match = _KEY_PATTERN.match(key)
    return match.groupdict() if match else None


def presign_upload(
    s3: Any,
    bucket: str,
    *,
    tenant_id: str,
    project_id: str,
    contract_id: str,
    content_type: str,
    channel: str,
    uploaded_by: str | None,
    now: datetime | None = None,
    expires_in: int = UPLOAD_EXPIRY_SECONDS,
) -> UploadTicket:
    content_type = (content_type or "").strip().lower()
    if content_type not in CONTENT_TYPES:
        raise UploadRejected("only PDF, PNG or JPEG files can be uploaded", "content_type")
    if channel not in CHANNELS:
        raise UploadRejected(f"unknown upload channel {channel!r}", "channel")
    document_id = uuid.uuid4().hex
    key = upload_key(tenant_id, contract_id, document_id, content_type)
    metadata = {
        "x-amz-meta-tenant-id": tenant_id,
        "x-amz-meta-project-id": project_id,
        "x-amz-meta-contract-id": contract_id,
        "x-amz-meta-document-id": document_id,
        "x-amz-meta-channel": channel,
        "x-amz-meta-uploaded-by": (uploaded_by or "")[:200],
    }
    fields = {"Content-Type": content_type, **metadata}
    conditions: list[Any] = [
        {"bucket": bucket},
        ["eq", "$key", key],
        ["content-length-range", 1, MAX_UPLOAD_BYTES],
        ["eq", "$Content-Type", content_type],
        *({name: value} for name, value in metadata.items()),
    ]
    post = s3.generate_presigned_post(
        Bucket=bucket, Key=key, Fields=fields, Conditions=conditions, ExpiresIn=expires_in
    )
    issued = now or datetime.now(UTC)
    return UploadTicket(
        document_id=document_id,
        key=key,
        url=post["url"],
        fields=post["fields"],
        expires_at=issued + timedelta(seconds=expires_in),
    )


def presign_download(s3: Any, bucket: str, key: str, *, expires_in: int = 300) -> str:
    """A short-lived link to read a stored document (staff download, portal sample documents)."""
    return str(
        s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires_in)
    )


def presign_sample_upload(
    s3: Any,
    bucket: str,
    *,
    tenant_id: str,
    project_id: str,
    content_type: str,
    expires_in: int = UPLOAD_EXPIRY_SECONDS,
) -> UploadTicket:
    """Staff upload of a sample document shown to vendors on the project's portal page."""
    content_type = (content_type or "").strip().lower()
    if content_type not in CONTENT_TYPES:
        raise UploadRejected("only PDF, PNG or JPEG files can be uploaded", "content_type")
    sample_id = uuid.uuid4().hex
    key = f"samples/{tenant_id}/{project_id}/{sample_id}.{CONTENT_TYPES[content_type]}"
    post = s3.generate_presigned_post(
        Bucket=bucket,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[
            {"bucket": bucket},
            ["eq", "$key", key],
            ["content-length-range", 1, MAX_UPLOAD_BYTES],
            ["eq", "$Content-Type", content_type],
        ],
        ExpiresIn=expires_in,
    )
    return UploadTicket(
        sample_id, key, post["url"], post["fields"], datetime.now(UTC) + timedelta(seconds=expires_in)
    )
