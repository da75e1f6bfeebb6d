"""What the API's use cases (`logic/`) need from outside, as Protocols, and the data they exchange."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from shared.uploads import MAX_UPLOAD_BYTES

Verification = Literal["verified", "not_verified", "unknown"]


class UploadRejected(ValueError):
    """The requested upload cannot be allowed (wrong type, channel); the message says why."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class UploadTicket:
    """A presigned POST: where and with which form fields the browser sends the file."""

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


@dataclass(frozen=True)
class UploadTarget:
    """Where an uploaded certificate belongs and who sent it: each is pinned by the signed policy
    and recorded on the object as metadata (intake reads them back)."""

    tenant_id: str
    project_id: str
    contract_id: str
    channel: str
    uploaded_by: str | None = None


class Uploads(Protocol):
    """Presigned uploads to, and links to read from, the documents bucket."""

    def upload(self, target: UploadTarget, content_type: str) -> UploadTicket:
        """Raises `UploadRejected` for a type or channel the upload contract does not accept."""
        ...

    def sample_upload(self, *, tenant_id: str, project_id: str, content_type: str) -> UploadTicket: ...

    def download(self, key: str, *, bucket: str | None = None, expires_in: int = 300) -> str:
        """A short-lived link to read `key` (in the documents bucket unless `bucket` is given)."""
        ...


class SenderIdentities(Protocol):
    """Whether SES will send from an address (the address or its domain verified)."""

    def verification(self, address: str) -> Verification: ...


class TokenExchange(Protocol):
    """The ID token for a hosted-UI authorization code (Cognito's token endpoint in AWS)."""

    def __call__(self, domain: str, client_id: str, code: str, redirect_uri: str, verifier: str) -> str: ...
