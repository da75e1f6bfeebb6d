"""The upload contract between the API (which presigns uploads) and intake (which reads them).

An uploaded certificate lives at `uploads/<tenant>/<contract>/<document>.<ext>`; the API fixes the
whole key, so a client can neither choose another contract's prefix nor overwrite a document.
Both sides take the key layout, the size limit, the accepted types and the channels from here.
The object's metadata carries the rest (`x-amz-meta-tenant-id`, `-project-id`, `-contract-id`,
`-document-id`, `-channel`, `-uploaded-by`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UPLOAD_PREFIX = "uploads/"
SAMPLE_PREFIX = "samples/"
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
# What may be uploaded, and the extension the key gets for it.
CONTENT_TYPES: dict[str, str] = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
}
# What an extension found on a key is read as (`.jpeg` too: keys written by other tools).
EXTENSION_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
CHANNELS = ("portal", "staff", "email", "procore")
UNSUPPORTED_TYPE = "only PDF, PNG or JPEG files can be uploaded"

# Ids as any producer of upload keys writes them; the extension is whatever follows the last dot
# (intake records a key of another type with a plain error instead of ignoring it).
_ID = r"[A-Za-z0-9_-]{1,64}"
_KEY = re.compile(
    rf"^uploads/(?P<tenant_id>{_ID})/(?P<contract_id>{_ID})/(?P<document_id>{_ID})(?P<extension>\.[^./]+)?$"
)


@dataclass(frozen=True)
class UploadKey:
    tenant_id: str
    contract_id: str
    document_id: str
    extension: str  # lower case, with its dot (".pdf"); "" when the key has none


def normalised_content_type(content_type: str | None) -> str | None:
    """The accepted content type `content_type` names, or None for one that may not be uploaded."""
    normalised = (content_type or "").strip().lower()
    return normalised if normalised in CONTENT_TYPES else None


def upload_key(tenant_id: str, contract_id: str, document_id: str, content_type: str) -> str:
    return f"{UPLOAD_PREFIX}{tenant_id}/{contract_id}/{document_id}.{CONTENT_TYPES[content_type]}"


def sample_key(tenant_id: str, project_id: str, sample_id: str, content_type: str) -> str:
    """Where a project's sample document (shown to vendors on the portal) is stored."""
    return f"{SAMPLE_PREFIX}{tenant_id}/{project_id}/{sample_id}.{CONTENT_TYPES[content_type]}"


def parse_upload_key(key: str) -> UploadKey | None:
    """The ids an upload key encodes, or None for a key that is not an upload."""
    match = _KEY.match(key)
    if match is None:
        return None
    return UploadKey(
        match["tenant_id"], match["contract_id"], match["document_id"], (match["extension"] or "").lower()
    )
