"""What the staff API and pages do with the ERP exports: read and save the ERP settings, set codes
(each checked against the ERP's rule, the rule named in the error), match the ERP's vendor list,
list exports with short-lived download links, and ask erp_export to export now or retry a failed
delivery.

"Export now" and "Retry" are requests: the console stores the export as queued, publishes
`ErpExportRequested` / `ErpDeliveryRetryRequested`, and waits a few seconds for erp_export to
settle the record (done or failed), so the page usually shows the finished export; if it takes
longer the entry says queued or running and the page shows it when done.

The caller (the API) passes the workspace's vendors, projects and contracts as `Entity`s and
checks the caller's permission; everything here is scoped to the tenant it is given.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shared.aws.bus import EventPublisher
from shared.clock import Clock
from shared.erp.codes import CodeKind, code_problem, kinds_for, normalize
from shared.erp.ports import ErpCodeStore, ErpConfigStore, ExportLog, FileLinks
from shared.erp.records import (
    ERP_TITLES,
    SETTLED,
    ErpName,
    ExportRecord,
    TenantErpConfig,
    is_export_id,
)
from shared.erp.settings_input import ErpSettingsInput
from shared.erp.vendor_match import Match, match_vendors, parse_vendor_list
from shared.events import Envelope, EventPayload
from shared.events.catalog import SOURCE_API, ErpDeliveryRetryRequested, ErpExportRequested
from shared.workspace import Conflict, InvalidInput, NotFound

__all__ = ["ConsolePorts", "Entity", "ErpConsole", "ErpSettingsInput", "kinds_for"]

# Presigned download links live this long: enough to click, too short to forward around.
DOWNLOAD_SECONDS = 300
# How long "Export now" and "Retry" wait for erp_export before answering with a queued or
# running export (API Gateway gives a request 29 seconds).
WAIT_SECONDS = 12.0
_FIRST_POLL_SECONDS = 0.1
_LONGEST_POLL_SECONDS = 1.0


@dataclass(frozen=True)
class Entity:
    """A vendor, project or contract as the code pages show it, with the workspace's own code
    (vendor code, project number, contract number) that serves when no ERP code is set."""

    id: str
    name: str
    workspace_code: str | None = None
    detail: str = ""


@dataclass
class ConsolePorts:
    configs: ErpConfigStore
    codes: ErpCodeStore
    log: ExportLog
    links: FileLinks
    publisher: EventPublisher
    clock: Clock
    sleep: Callable[[float], None] = field(default=time.sleep)
    wait_seconds: float = WAIT_SECONDS


class ErpConsole:
    def __init__(self, ports: ConsolePorts, *, download_seconds: int = DOWNLOAD_SECONDS) -> None:
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

    def set_code(  # noqa: PLR0913  the code's full key (tenant, ERP, kind, entity), its value, who set it
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
                "download_url": self.ports.links.download_url(
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
            "status": record.status,
            "error": record.error,
        }

    def export_now(self, tenant_id: str, erp: ErpName, *, by: str) -> dict[str, Any]:
        """Any ERP may be exported on request (trying one out before turning it on); the nightly
        run writes only the ERPs turned on in the settings."""
        _check_erp(erp)
        record = ExportRecord.requested(tenant_id, erp, now=self.ports.clock.now(), by=by)
        self.ports.log.add(record)
        request = ErpExportRequested(tenant_id=tenant_id, export_id=record.id, erp=erp, requested_by=by)
        return self.entry(self._ask(record, request, key=record.id))

    def retry(self, tenant_id: str, export_id: str, *, by: str | None = None) -> dict[str, Any]:
        record = self._record(tenant_id, export_id)
        if record.status not in SETTLED:
            raise Conflict("this export is still being written or delivered; try again when it is done")
        if all(d.status == "sent" for d in record.deliveries):
            raise Conflict("nothing to retry: every delivery of this export went through")
        queued = record.model_copy(update={"status": "queued", "error": None})
        if not self.ports.log.swap(queued, expected=record.status):
            raise Conflict("a retry of this export is already under way")
        request = ErpDeliveryRetryRequested(tenant_id=tenant_id, export_id=export_id, requested_by=by)
        return self.entry(self._ask(queued, request, key=f"{export_id}:retry:{uuid.uuid4().hex}"))

    def _ask(self, record: ExportRecord, request: EventPayload, *, key: str) -> ExportRecord:
        """Publish the request, then wait (bounded) for erp_export to settle the record."""
        envelope = Envelope.wrap(
            request,
            source=SOURCE_API,
            correlation_id=record.id,
            idempotency_key=key,
            tenant_id=record.tenant_id,
        )
        try:
            self.ports.publisher.publish([envelope])
        except Exception as exc:  # the request never left: say so on the export instead of a 500
            failed = record.model_copy(
                update={
                    "status": "failed",
                    "error": f"the export service could not be asked: {type(exc).__name__}",
                }
            )
            self.ports.log.replace(failed)
            return failed
        waited, delay = 0.0, _FIRST_POLL_SECONDS
        while True:
            record = self.ports.log.get(record.tenant_id, record.id) or record
            if record.status in SETTLED or waited >= self.ports.wait_seconds:
                return record
            self.ports.sleep(delay)
            waited += delay
            delay = min(delay * 2, _LONGEST_POLL_SECONDS)

    def download_url(self, tenant_id: str, export_id: str, index: int = 0) -> str:
        record = self._record(tenant_id, export_id)
        if not 0 <= index < len(record.keys):
            raise NotFound("export file", str(index))
        key = record.keys[index]
        return self.ports.links.download_url(
            key, key.rsplit("/", 1)[-1], expires_seconds=self.download_seconds
        )

    def _record(self, tenant_id: str, export_id: str) -> ExportRecord:
        if not is_export_id(export_id):
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
