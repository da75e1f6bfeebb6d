"""What an Admin can change in the ERP settings (`PUT /api/erp/settings`, the settings page), checked
before anything is stored."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.erp.records import ErpName, Schedule

_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


class ErpSettingsInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    erps: list[ErpName] = Field(default_factory=list)
    schedule: Schedule = "nightly"
    weekly_day: int = Field(default=0, ge=0, le=6)
    ap_emails: list[str] = Field(default_factory=list, max_length=10)
    email_files: bool = False
    compliance_codes: dict[str, str] | None = None
    overall_code: str = Field(default="COI", min_length=1, max_length=20)
    cmic_company_code: str = Field(default="01", min_length=1, max_length=10)
    vista_sl_company: int = Field(default=1, ge=1, le=255)
    vista_ap_company: int = Field(default=1, ge=1, le=255)
    vista_vendor_group: int = Field(default=1, ge=1, le=255)
    intacct_send: bool = False
    intacct_credentials_parameter: str | None = Field(default=None, max_length=2048)

    @field_validator("ap_emails")
    @classmethod
    def _emails(cls, value: list[str]) -> list[str]:
        cleaned = [v.strip() for v in value if v.strip()]
        bad = [v for v in cleaned if not _EMAIL.match(v)]
        if bad:
            raise ValueError(f"not an e-mail address: {bad[0]}")
        return cleaned

    @field_validator("intacct_credentials_parameter")
    @classmethod
    def _parameter(cls, value: str | None) -> str | None:
        value = (value or "").strip() or None
        if value and not re.fullmatch(r"/[A-Za-z0-9_.\-/]+", value):
            raise ValueError("an SSM parameter name such as /coi/intacct/<tenant>")
        return value
