"""Settings read from the environment, only in the composition root (`bootstrap.py`)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class ErpSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    table_name: str
    idempotency_table_name: str = ""
    documents_bucket: str = ""
    # Where export files go; defaults to the documents bucket (under `exports/`).
    erp_export_bucket: str = ""
    intacct_gateway_url: str = "https://api.intacct.com/ia/xml/xmlgw.phtml"
    intacct_timeout_seconds: float = 30.0
    # The From address of export e-mails to accounts payable (none: e-mail is not offered).
    sender_email: str | None = None
    aws_region: str = "us-east-1"
    aws_endpoint_url: str | None = None
    # The local stack's movable clock (`coi local advance`).
    coi_clock_file: Path | None = None

    @property
    def bucket(self) -> str:
        return self.erp_export_bucket or self.documents_bucket
