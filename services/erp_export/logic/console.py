"""What the staff API and pages do with the ERP exports: read and save the ERP settings, set codes
(each checked against the ERP's rule, the rule named in the error), match the ERP's vendor list,
list exports with short-lived download links, export now, retry a failed delivery.

The caller (the API) passes the workspace's vendors, projects and contracts as `Entity`s and
checks the caller's permission; everything here is scoped to the tenant it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.erp_export.codes import REQUIRED, CodeKind, code_problem, normalize
from services.erp_export.logic.exporter import ExportPorts, deliver, export_erp
from services.erp_export.logic.vendor_match import Match, match_vendors, parse_vendor_list
from services.erp_export.models import ERP_TITLES, ErpName, ExportRecord, Schedule, TenantErpConfig
from shared.workspace.errors import Conflict, InvalidInput, NotFound

# Presigned download links live this long: enough to click, too short to forward around.
DOWNLOAD_SECONDS = 300
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


@dataclass(frozen=True)
class Entity:
    """A vendor, project or contract as the code pages show it, with the workspace's own code
    (vendor code, project number, contract number) that serves when no ERP code is set."""

    id: str
    name: str
    workspace_code: str | None = None
    detail: str = ""


class ErpSettingsInput(BaseModel):
    """What an Admin can change (`PUT /api/erp/settings`)."""

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


class ErpConsole:
    def __init__(self, ports: ExportPorts, *, download_seconds: int = DOWNLOAD_SECONDS) -> None:
        self.ports = ports
        self.download_seconds = download_seconds

    # ------------------------------------------------------------ settings

    def settings(self, tenant_id: str) -> TenantErpConfig:
        return self.ports.configs.get(tenant_id) or TenantErpConfig(tenant_id=tenant_id)

    def save_settings(self, tenant_id: str, given: ErpSettingsInput) -> TenantErpConfig:
        if given.email_files and not given.ap_emails:
            raise InvalidInput("add an AP e-mail address to e-mail the files", {"ap_emails": "required"})
        if given.intacct_send and not given.intacct_credentials_parameter:
            raise InvalidInput(
                "sending to Intacct needs the SSM parameter holding its credentials",
                {"intacct_credentials_parameter": "required when intacct_send is on"},
            )
        values: dict[str, Any] = given.model_dump(exclude_none=True)
        current = self.settings(tenant_id)
        if given.compliance_codes is None:
            values["compliance_codes"] = current.compliance_codes
        config = TenantErpConfig(tenant_id=tenant_id, **values)
        self.ports.configs.put(config)
        return config

    # ------------------------------------------------------------ codes

    def code_rows(
        self, tenant_id: str, erp: ErpName, kind: CodeKind, entities: list[Entity]
    ) -> list[dict[str, Any]]:
        """Each vendor (project, contract) with its ERP code, the code the export will use, and why
        it has none."""
        _check_erp(erp)
        stored = self.ports.codes.codes(tenant_id, erp).of(erp, kind)
        rows = []
        for entity in entities:
            code = stored.get(entity.id)
            fallback = entity.workspace_code.strip() if entity.workspace_code else None
            fallback_ok = bool(fallback) and code_problem(erp, kind, fallback or "") is None
            used = code or (normalize(erp, kind, fallback) if fallback and fallback_ok else None)
            rows.append(
                {
                    "id": entity.id,
                    "name": entity.name,
                    "detail": entity.detail,
                    "code": code,
                    "workspace_code": entity.workspace_code,
                    "export_code": used,
                    "needs_code": used is None,
                    "problem": None
                    if used or not fallback
                    else f"the workspace code cannot be used: {code_problem(erp, kind, fallback)}",
                }
            )
        return rows

    def set_code(
        self,
        tenant_id: str,
        erp: ErpName,
        kind: CodeKind,
        entity: Entity,
        code: str | None,
        *,
        by: str,
        taken: dict[str, str] | None = None,
    ) -> str | None:
        """Save one code after checking the ERP's rule and, for vendors, that no other vendor has
        it. `taken` (our id -> code, kept up to date here) spares a read per code when saving many."""
        _check_erp(erp)
        if kind not in ("vendor", "job", "commitment"):
            raise NotFound("code kind", kind)
        cleaned = normalize(erp, kind, code) if code and code.strip() else None
        if cleaned is not None:
            problem = code_problem(erp, kind, cleaned)
            if problem:
                raise InvalidInput(problem, {"code": problem})
            if kind == "vendor":
                current = (
                    taken if taken is not None else dict(self.ports.codes.codes(tenant_id, erp).of(erp, kind))
                )
                owner = next((i for i, c in current.items() if c == cleaned), None)
                if owner is not None and owner != entity.id:
                    raise Conflict(f"{ERP_TITLES[erp]} vendor code {cleaned} is already another vendor's")
        self.ports.codes.put_code(tenant_id, erp, kind, entity.id, cleaned, by=by)
        if taken is not None:
            if cleaned:
                taken[entity.id] = cleaned
            else:
                taken.pop(entity.id, None)
        return cleaned

    def taken_codes(self, tenant_id: str, erp: ErpName, kind: CodeKind) -> dict[str, str]:
        return dict(self.ports.codes.codes(tenant_id, erp).of(erp, kind))

    def match_vendor_list(self, erp: ErpName, csv_text: str, vendors: list[Entity]) -> list[Match]:
        _check_erp(erp)
        return match_vendors(erp, [(v.id, v.name) for v in vendors], parse_vendor_list(csv_text))

    # ------------------------------------------------------------ exports

    def exports(self, tenant_id: str, *, limit: int = 100) -> list[dict[str, Any]]:
        return [self.entry(r) for r in self.ports.log.records(tenant_id, limit=limit)]

    def entry(self, record: ExportRecord) -> dict[str, Any]:
        files = [
            {
                "name": key.rsplit("/", 1)[-1],
                "download_url": self.ports.sink.download_url(
                    key, key.rsplit("/", 1)[-1], expires_seconds=self.download_seconds
                ),
            }
            for key in record.keys
        ]
        left_out = [
            {
                **e.model_dump(mode="json"),
                "fix_url": _fix_url(record.erp, e.missing, e),
            }
            for e in record.left_out
        ]
        return {
            "id": record.id,
            "erp": record.erp,
            "erp_name": ERP_TITLES[record.erp],
            "created_at": record.created_at.isoformat(),
            "trigger": record.trigger,
            "rows": record.rows,
            "held": record.held,
            "vendors": record.vendors,
            "left_out": left_out,
            "left_out_vendors": len({e.vendor_id for e in record.left_out}),
            "download_url": files[0]["download_url"] if files else None,
            "download_expires_in": self.download_seconds,
            "files": files,
            "deliveries": [d.model_dump(mode="json") for d in record.deliveries],
            "requested_by": record.requested_by,
        }

    def export_now(self, tenant_id: str, erp: ErpName, *, by: str) -> dict[str, Any]:
        """Any ERP may be exported on request (trying one out before turning it on); the nightly
        run writes only the ERPs turned on in the settings."""
        _check_erp(erp)
        config = self.settings(tenant_id)
        return self.entry(export_erp(config, erp, self.ports, trigger="manual", requested_by=by))

    def retry(self, tenant_id: str, export_id: str) -> dict[str, Any]:
        record = self._record(tenant_id, export_id)
        if all(d.status == "sent" for d in record.deliveries):
            raise Conflict("nothing to retry: every delivery of this export went through")
        return self.entry(deliver(record, self.settings(tenant_id), self.ports))

    def download_url(self, tenant_id: str, export_id: str, index: int = 0) -> str:
        record = self._record(tenant_id, export_id)
        if not 0 <= index < len(record.keys):
            raise NotFound("export file", str(index))
        key = record.keys[index]
        return self.ports.sink.download_url(
            key, key.rsplit("/", 1)[-1], expires_seconds=self.download_seconds
        )

    def _record(self, tenant_id: str, export_id: str) -> ExportRecord:
        if not re.fullmatch(r"[0-9TZ]{16}-[a-z0-9]+-[0-9a-f]{6}", export_id):
            raise NotFound("export", export_id)
        record = self.ports.log.get(tenant_id, export_id)
        if record is None:
            raise NotFound("export", export_id)
        return record


def _check_erp(erp: str) -> None:
    if erp not in ERP_TITLES:
        raise NotFound("ERP", erp)


def _fix_url(erp: str, missing: str, entry: Any) -> str:
    target = (
        entry.vendor_id
        if missing == "vendor"
        else entry.contract_id
        if missing == "commitment"
        else entry.project_id
    )
    return f"/erp/codes/{erp}/{missing}#code-{target}"


def kinds_for(erp: str) -> tuple[CodeKind, ...]:
    """The code kinds an ERP's settings page asks for (vendor always; job/commitment where the
    ERP keys holds by them)."""
    return REQUIRED.get(erp, ("vendor",))
