"""Tenants, their settings, users, reviewer grants and legal entities."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from pydantic import Field, field_validator

from shared.workspace.entities.common import Entity, RequestBody, is_email_address, utcnow


class Role(StrEnum):
    ADMIN = "admin"
    STANDARD = "standard"
    READ_ONLY = "read_only"
    REVIEWER = "reviewer"


class TenantSettings(Entity):
    sender_name: str | None = None
    sender_email: str | None = None
    reply_to: str | None = None
    # Whether an automatic verdict without deficiencies approves the document without a human.
    auto_approve_compliant: bool = False
    expiring_soon_days: int = Field(default=30, ge=1, le=365)
    portal_link_days: int = Field(default=180, ge=1, le=3650)


class Tenant(Entity):
    id: str
    name: str
    settings: TenantSettings = Field(default_factory=TenantSettings)
    created_at: datetime = Field(default_factory=utcnow)
    # Set by notify when SES refuses the tenant's sender address (unverified, rejected): vendor
    # e-mails wait instead of failing into a dead-letter queue; saving the sender clears it.
    sender_paused_reason: str | None = None
    sender_paused_at: datetime | None = None


class User(Entity):
    id: str
    tenant_id: str
    email: str
    name: str
    role: Role
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class ReviewerGrant(Entity):
    """A client tenant lets a managed-service reviewer (from another tenant) work its queue."""

    tenant_id: str
    reviewer_user_id: str
    reviewer_email: str
    granted_by: str
    granted_at: datetime = Field(default_factory=utcnow)


class LegalEntity(Entity):
    id: str
    tenant_id: str
    name: str
    address: str | None = None


class UserInput(RequestBody):
    email: str = Field(min_length=3, max_length=254)
    name: str = Field(min_length=1, max_length=200)
    role: Role

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("not an email address")
        return value.lower()


class UserUpdate(RequestBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    active: bool | None = None


class LegalEntityInput(RequestBody):
    name: str = Field(min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=500)


class TenantSettingsUpdate(RequestBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    sender_name: str | None = Field(default=None, max_length=100)
    sender_email: str | None = Field(default=None, max_length=254)
    reply_to: str | None = Field(default=None, max_length=254)
    auto_approve_compliant: bool | None = None
    expiring_soon_days: int | None = Field(default=None, ge=1, le=365)
    portal_link_days: int | None = Field(default=None, ge=1, le=3650)

    @field_validator("sender_email", "reply_to")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        # "" clears the setting; anything else must be one plain address.
        if value is None or value == "":
            return value
        if not is_email_address(value):
            raise ValueError("not an email address (name@example.com)")
        return value.lower()

    @field_validator("sender_name")
    @classmethod
    def _display_name(cls, value: str | None) -> str | None:
        # The name goes into the From header: no line breaks, quotes or angle brackets.
        if value and any(ch in value for ch in '\r\n"<>'):
            raise ValueError("no line breaks, quotes or angle brackets")
        return value
