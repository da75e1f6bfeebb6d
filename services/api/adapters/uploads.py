"""Presigned S3 POSTs for portal, staff and sample uploads, and short-lived download links.

The key, size range, content type and metadata come from the shared upload contract
(`shared.uploads`) and are all pinned in the signed policy, so S3 itself refuses anything else;
intake reads the same contract back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from services.api.ports import UploadRejected, UploadTarget, UploadTicket
from shared.uploads import (
    CHANNELS,
    MAX_UPLOAD_BYTES,
    UNSUPPORTED_TYPE,
    normalised_content_type,
    sample_key,
    upload_key,
)

UPLOAD_EXPIRY_SECONDS = 15 * 60


def _accepted_type(content_type: str | None) -> str:
    accepted = normalised_content_type(content_type)
    if accepted is None:
        raise UploadRejected(UNSUPPORTED_TYPE, "content_type")
    return accepted


def presign_download(s3: Any, bucket: str, key: str, *, expires_in: int = 300) -> str:
    """A short-lived link to read a stored document (staff download, portal sample documents)."""
    return str(
        s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires_in)
    )


@dataclass(frozen=True)
class S3Uploads:
    """The `Uploads` port on one S3 client and the documents bucket."""

    s3: Any
    bucket: str
    expires_in: int = UPLOAD_EXPIRY_SECONDS

    def upload(self, target: UploadTarget, content_type: str) -> UploadTicket:
        """A certificate upload (portal, staff, e-mail channel) to one contract."""
        content_type = _accepted_type(content_type)
        if target.channel not in CHANNELS:
            raise UploadRejected(f"unknown upload channel {target.channel!r}", "channel")
        document_id = uuid.uuid4().hex
        key = upload_key(target.tenant_id, target.contract_id, document_id, content_type)
        metadata = {
            "x-amz-meta-tenant-id": target.tenant_id,
            "x-amz-meta-project-id": target.project_id,
            "x-amz-meta-contract-id": target.contract_id,
            "x-amz-meta-document-id": document_id,
            "x-amz-meta-channel": target.channel,
            "x-amz-meta-uploaded-by": (target.uploaded_by or "")[:200],
        }
        return self._ticket(document_id, key, content_type, metadata)

    def sample_upload(self, *, tenant_id: str, project_id: str, content_type: str) -> UploadTicket:
        """Staff upload of a sample document shown to vendors on the project's portal page."""
        content_type = _accepted_type(content_type)
        sample_id = uuid.uuid4().hex
        return self._ticket(
            sample_id, sample_key(tenant_id, project_id, sample_id, content_type), content_type, {}
        )

    def download(self, key: str, *, bucket: str | None = None, expires_in: int = 300) -> str:
        return presign_download(self.s3, bucket or self.bucket, key, expires_in=expires_in)

    def _ticket(
        self, document_id: str, key: str, content_type: str, metadata: dict[str, str]
    ) -> UploadTicket:
        """The presigned POST for exactly this key, a size within the limit, this type and metadata."""
        conditions: list[Any] = [
            {"bucket": self.bucket},
            ["eq", "$key", key],
            ["content-length-range", 1, MAX_UPLOAD_BYTES],
            ["eq", "$Content-Type", content_type],
            *({name: value} for name, value in metadata.items()),
        ]
        issued = datetime.now(UTC)
        post = self.s3.generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"Content-Type": content_type, **metadata},
            Conditions=conditions,
            ExpiresIn=self.expires_in,
        )
        return UploadTicket(
            document_id=document_id,
            key=key,
            url=post["url"],
            fields=post["fields"],
            expires_at=issued + timedelta(seconds=self.expires_in),
        )


__all__ = [
    "UPLOAD_EXPIRY_SECONDS",
    "S3Uploads",
    "UploadRejected",
    "UploadTarget",
    "UploadTicket",
    "presign_download",
]
