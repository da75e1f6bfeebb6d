"""ERP exports: the settings Admins keep (which ERPs, schedule, AP e-mail, codes per ERP with each
ERP's rules, matching the ERP's vendor list), the generated files with short-lived download links,
"export now", retrying a failed delivery; and the Sage-shaped Company Coverages CSV that the
company routes serve.

The use cases live in `shared.erp.console` (the API imports no service: export now and retry are
requests erp_export runs, by event); this module gathers the workspace's vendors, projects and
contracts for them and checks permissions (settings: Admin; exports: read; export now and retry:
write).
"""

from __future__ import annotations

from typing import Any, cast

from chalice import Blueprint
from pydantic import BaseModel, ConfigDict, Field

from services.api.bootstrap import ApiServices
from services.api.http import ApiRequest, api_route
from shared.erp import (
    CODE_KINDS,
    ERP_NAMES,
    ERP_TITLES,
    RULES,
    CodeKind,
    ConsolePorts,
    CoverageLine,
    DynamoErpCodeStore,
    DynamoErpConfigStore,
    DynamoExportLog,
    Entity,
    ErpConsole,
    ErpName,
    ErpSettingsInput,
    S3FileLinks,
    format_sage_coverages,
    kinds_for,
)
from shared.workspace.access import Context, Permission
from shared.workspace.entities import ReviewDecisionStatus
from shared.workspace.errors import InvalidInput
from shared.workspace.views import all_projects

bp = Blueprint(__name__)
_CONSOLES: dict[int, tuple[ApiServices, ErpConsole]] = {}


def console_for(services: ApiServices) -> ErpConsole:
    """The ERP console on the API's table, bucket, bus and clock (built once per services object)."""
    known = _CONSOLES.get(id(services))
    if known is not None and known[0] is services:
        return known[1]
    from shared.aws.clients import aws_client

    dynamodb, table = aws_client("dynamodb"), services.settings.table_name
    console = ErpConsole(
        ConsolePorts(
            configs=DynamoErpConfigStore(dynamodb, table),
            codes=DynamoErpCodeStore(dynamodb, table),
            log=DynamoExportLog(dynamodb, table),
            links=S3FileLinks(services.s3, services.settings.documents_bucket),
            publisher=services.publisher,
            clock=services.clock,
        )
    )
    install_console(services, console)
    return console


def install_console(services: ApiServices, console: ErpConsole) -> None:
    """Tests put their own ports here (a bus that runs erp_export in-process, say)."""
    _CONSOLES.clear()
    _CONSOLES[id(services)] = (services, console)


# ---------------------------------------------------------------- the workspace's side


def vendors_of(ctx: Context) -> list[Entity]:
    found: list[Entity] = []
    cursor = None
    while True:
        page = ctx.repo.vendors(cursor, limit=200)
        for v in page.items:
            active = sum(1 for c in v.contracts.values() if c.active)
            found.append(Entity(v.id, v.name, v.code, f"{active} active contract(s)"))
        cursor = page.next_cursor
        if not cursor:
            return sorted(found, key=lambda e: e.name.lower())


def entities_of(ctx: Context, kind: CodeKind) -> list[Entity]:
    if kind == "vendor":
        return vendors_of(ctx)
    projects = all_projects(ctx)
    if kind == "job":
        return [Entity(p.id, p.name, p.number, f"project {p.number}") for p in projects.values()]
    found: list[Entity] = []
    cursor = None
    while True:
        page = ctx.repo.contracts(cursor=cursor, limit=200)
        for c in page.items:
            project = projects.get(c.project_id)
            where = f"{project.number} {project.name}" if project else ""
            found.append(Entity(c.id, c.vendor_name, c.number, f"{where}: {c.description or ''}".strip(": ")))
        cursor = page.next_cursor
        if not cursor:
            return sorted(found, key=lambda e: (e.detail, e.name.lower()))


def entity(ctx: Context, kind: CodeKind, entity_id: str) -> Entity:
    """One vendor, project or contract of the caller's tenant (NotFound for another's)."""
    if kind == "vendor":
        vendor = ctx.repo.vendor(entity_id)
        return Entity(vendor.id, vendor.name, vendor.code)
    if kind == "job":
        project = ctx.repo.project(entity_id)
        return Entity(project.id, project.name, project.number)
    contract = ctx.repo.contract(entity_id)
    return Entity(contract.id, contract.vendor_name, contract.number)


def erp_name(erp: str) -> ErpName:
    if erp not in ERP_TITLES:
        raise InvalidInput(f"unknown ERP {erp!r}", {"erp": f"one of {', '.join(ERP_NAMES)}"})
    return cast(ErpName, erp)


def code_kind(kind: str) -> CodeKind:
    if kind not in CODE_KINDS:
        raise InvalidInput(f"unknown code kind {kind!r}", {"kind": "vendor, job or commitment"})
    return cast(CodeKind, kind)


def settings_json(console: ErpConsole, tenant_id: str) -> dict[str, Any]:
    config = console.settings(tenant_id)
    return {
        **config.model_dump(mode="json", exclude={"tenant_id"}),
        "available_erps": [{"erp": e, "name": ERP_TITLES[e], "codes": list(kinds_for(e))} for e in ERP_NAMES],
        "rules": {f"{erp}.{kind}": rule.text for (erp, kind), rule in RULES.items()},
    }


# ---------------------------------------------------------------- settings (Admin)


@api_route(bp, "/erp/settings", summary="ERP settings: ERPs, schedule, AP e-mail, options", tag="erp")
def get_settings(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    return settings_json(console_for(req.services), req.ctx.tenant_id)


@api_route(bp, "/erp/settings", "PUT", summary="Change the ERP settings", tag="erp", body=ErpSettingsInput)
def put_settings(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    console = console_for(req.services)
    console.save_settings(req.ctx.tenant_id, req.body)
    return settings_json(console, req.ctx.tenant_id)


@api_route(
    bp,
    "/erp/codes",
    summary="Each vendor (kind=vendor), project (job) or contract (commitment) with its code in one ERP",
    tag="erp",
    query=("erp", "kind"),
)
def list_codes(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    erp, kind = erp_name(req.query.get("erp", "")), code_kind(req.query.get("kind", "vendor"))
    rows = console_for(req.services).code_rows(req.ctx.tenant_id, erp, kind, entities_of(req.ctx, kind))
    return {"erp": erp, "kind": kind, "rule": RULES[(erp, kind)].text, "items": rows}


class CodeChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    erp: str = Field(min_length=1, max_length=20)
    kind: str = Field(default="vendor", max_length=20)
    id: str = Field(min_length=1, max_length=64)
    code: str | None = Field(default=None, max_length=64)


@api_route(
    bp,
    "/erp/codes",
    "PUT",
    summary="Set (or with a null code clear) one ERP code; checked against that ERP's rule",
    tag="erp",
    body=CodeChange,
)
def put_code(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    body: CodeChange = req.body
    erp, kind = erp_name(body.erp), code_kind(body.kind)
    target = entity(req.ctx, kind, body.id)
    saved = console_for(req.services).set_code(
        req.ctx.tenant_id, erp, kind, target, body.code, by=req.ctx.actor.email
    )
    return {"erp": erp, "kind": kind, "id": target.id, "code": saved}


class VendorListInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    erp: str = Field(min_length=1, max_length=20)
    csv: str = Field(min_length=1, max_length=2_000_000)


@api_route(
    bp,
    "/erp/vendor-matches",
    "POST",
    summary="Match the ERP's vendor list (CSV) to our vendors by name, for confirmation",
    tag="erp",
    body=VendorListInput,
)
def vendor_matches(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    erp = erp_name(req.body.erp)
    matches = console_for(req.services).match_vendor_list(erp, req.body.csv, vendors_of(req.ctx))
    return {"erp": erp, "items": [m.__dict__ for m in matches]}


class ConfirmedMatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vendor_id: str = Field(min_length=1, max_length=64)
    code: str = Field(min_length=1, max_length=64)


class ConfirmMatchesInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    erp: str = Field(min_length=1, max_length=20)
    matches: list[ConfirmedMatch] = Field(max_length=5000)


@api_route(
    bp,
    "/erp/vendor-matches/confirm",
    "POST",
    summary="Save the confirmed matches as vendor codes (each checked against the ERP's rule)",
    tag="erp",
    body=ConfirmMatchesInput,
)
def confirm_matches(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    return confirm(
        req.ctx,
        console_for(req.services),
        erp_name(req.body.erp),
        [(m.vendor_id, m.code) for m in req.body.matches],
    )


def confirm(ctx: Context, console: ErpConsole, erp: ErpName, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    vendors = {v.id: v for v in vendors_of(ctx)}
    saved, errors = 0, {}
    taken = console.taken_codes(ctx.tenant_id, erp, "vendor")
    for vendor_id, code in pairs:
        vendor = vendors.get(vendor_id)
        if vendor is None:
            errors[vendor_id] = "vendor not found"
            continue
        try:
            console.set_code(ctx.tenant_id, erp, "vendor", vendor, code, by=ctx.actor.email, taken=taken)
            saved += 1
        except Exception as exc:  # reported per vendor; the others are saved
            errors[vendor_id] = str(exc)
    return {"saved": saved, "errors": errors}


# ---------------------------------------------------------------- exports


class ExportNowInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    erp: str = Field(min_length=1, max_length=20)


@api_route(
    bp, "/erp/exports", summary="Every generated ERP file, newest first, with download links", tag="erp"
)
def list_exports(req: ApiRequest) -> Any:
    req.ctx.require(Permission.READ)
    return {"items": console_for(req.services).exports(req.ctx.tenant_id), "next_cursor": None}


@api_route(
    bp,
    "/erp/exports",
    "POST",
    summary="Export now: erp_export writes one ERP's file; the entry (done, or queued/running if slow)",
    tag="erp",
    body=ExportNowInput,
    status=201,
)
def export_now(req: ApiRequest) -> Any:
    req.ctx.require(Permission.WRITE)
    erp = erp_name(req.body.erp)
    return console_for(req.services).export_now(req.ctx.tenant_id, erp, by=req.ctx.actor.email)


class RetryInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    export_id: str = Field(min_length=1, max_length=64)


@api_route(
    bp,
    "/erp/exports/retry",
    "POST",
    summary="Retry an export's failed delivery (Intacct, e-mail)",
    tag="erp",
    body=RetryInput,
)
def retry_delivery(req: ApiRequest) -> Any:
    req.ctx.require(Permission.WRITE)
    return console_for(req.services).retry(req.ctx.tenant_id, req.body.export_id, by=req.ctx.actor.email)


def sage_coverages_csv(ctx: Context, console: ErpConsole) -> bytes:
    """The Company Coverages CSV (`/exports/coverages.csv`, `/api/exports/coverages.csv`), shaped
    for Sage users: the vendor's Sage 300 CRE code, job number and name, MM/DD/YYYY, a column per
    limit, status and the waived / approved-non-compliant flags."""
    from datetime import timedelta

    ctx.require(Permission.READ)
    today = ctx.clock.today()
    soon = today + timedelta(days=ctx.repo.tenant().settings.expiring_soon_days)
    codes = console.ports.codes.codes(ctx.tenant_id, "sage300cre")
    vendors = {v.id: v for v in vendors_of(ctx)}
    projects = all_projects(ctx)
    contracts: dict[str, Any] = {}
    lines = []
    for record in ctx.repo.all_current_coverages():
        if record.superseded:
            continue
        if record.contract_id not in contracts:
            contracts[record.contract_id] = ctx.repo.contract(record.contract_id)
        vendor = vendors.get(record.vendor_id)
        project = projects.get(record.project_id)
        contract = contracts[record.contract_id]
        waived = record.decision == ReviewDecisionStatus.WAIVED
        anc = record.decision == ReviewDecisionStatus.APPROVED_NON_COMPLIANT
        expiry = record.expiration_date
        status = (
            "Waived"
            if waived
            else "Approved non-compliant"
            if anc
            else "Expired"
            if expiry is not None and expiry < today
            else "Expiring soon"
            if expiry is not None and expiry <= soon
            else "Active"
        )
        lines.append(
            CoverageLine(
                vendor_code=codes.get("sage300cre", "vendor", record.vendor_id)
                or (vendor.workspace_code if vendor else None)
                or "",
                vendor_name=record.vendor_name,
                job=codes.get("sage300cre", "job", record.project_id) or (project.number if project else ""),
                job_name=project.name if project else "",
                commitment=codes.get("sage300cre", "commitment", record.contract_id) or contract.number or "",
                coverage=record.label or record.coverage.replace("_", " ").title(),
                policy_number=record.policy_number,
                insurer=record.insurer_name,
                effective_date=record.effective_date,
                expiration_date=expiry,
                status=status,
                waived=waived,
                approved_non_compliant=anc,
                limits=record.limits,
            )
        )
    return format_sage_coverages(lines)
