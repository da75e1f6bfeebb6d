"""What every entity shares: ids, names, amounts, e-mail addresses, the base models and the
contract statuses."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

ContractCompliance = Literal["needs_certificate", "needs_review", "compliant", "non_compliant", "inactive"]
CONTRACT_STATUSES: tuple[ContractCompliance, ...] = (
    "needs_certificate",
    "needs_review",
    "compliant",
    "non_compliant",
    "inactive",
)
UploadChannel = Literal["portal", "staff", "email", "procore"]

_ID_PATTERN = re.compile(r"^[a-z0-9]{8,64}$")
# The address syntax of the HTML standard (what a browser's type=email accepts): no spaces, commas
# or angle brackets, so a stored address can never smuggle a second recipient into a mail header.
_EMAIL_PATTERN = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)

# Request-body building blocks with lengths, so no request can grow an item past DynamoDB's 400 KB.
IdRef = Annotated[str, Field(min_length=1, max_length=64)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
LimitName = Annotated[str, Field(min_length=1, max_length=60)]
# Dollar amounts: DynamoDB numbers hold 38 digits, no limit on a certificate is near a trillion.
Amount = Annotated[int, Field(ge=0, le=10**12)]
Limits = Annotated[dict[LimitName, Amount], Field(max_length=20)]
MAX_LIST_ITEMS = 50


def is_email_address(value: str) -> bool:
    return len(value) <= 254 and bool(_EMAIL_PATTERN.fullmatch(value))


def new_id() -> str:
    return uuid.uuid4().hex


def is_valid_id(value: str) -> bool:
    """Ids are lowercase hex; anything else cannot exist (and must not reach a key)."""
    return bool(_ID_PATTERN.match(value))


def utcnow() -> datetime:
    return datetime.now(UTC)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def normalized_name(text: str) -> str:
    """For sorting and matching vendor names: case and punctuation ignored."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


class Entity(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class RequestBody(BaseModel):
    """Request bodies: unknown fields are an error so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
