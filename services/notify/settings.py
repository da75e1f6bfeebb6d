"""Notify's settings, read from the environment once, in the composition root."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class NotifySettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False, frozen=True)

    table_name: str = Field(min_length=3)
    idempotency_table_name: str = Field(min_length=3)
    sender_email: str = Field(min_length=3)
    sender_name: str = "Insurance Compliance"
    portal_base_url: str | None = None
    # The API's key for vendor link tokens (same value), or the SSM SecureString parameter holding
    # it; with PORTAL_BASE_URL it lets vendor emails carry the contract's upload link.
    portal_token_secret: SecretStr | None = Field(default=None, min_length=32)
    portal_token_secret_parameter: str | None = None
    coi_clock_file: Path | None = None
    # SES configuration set whose event destination sends bounces/complaints to SNS -> SQS.
    ses_configuration_set: str | None = None
    # Optional SES contact list: SES then adds an unsubscribe link and reports unsubscribes.
    ses_contact_list: str | None = None
    sms_sender_id: str | None = None
    notify_due_shards: int = Field(default=4, ge=1, le=64)
    notify_send_lock_timeout_seconds: int = Field(default=300, ge=30)
    notify_sweep_lookback_days: int = Field(default=3, ge=0, le=30)
