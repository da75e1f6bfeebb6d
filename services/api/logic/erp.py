"""The ERP use cases the JSON routes (`routes/erp.py`) and the ERP and company pages share: the
console on the API's table, bucket and bus; the workspace's vendors, projects and contracts as the
entities ERP codes belong to; checking an ERP and code kind; saving confirmed vendor matches; the
Sage-shaped Company Coverages CSV.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

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
    S3FileLinks,
    format_sage_coverages,
    kinds_for,
)
from shared.workspace import Context, InvalidInput, Permission, ReviewDecisionStatus, all_projects

if TYPE_CHECKING:
    from services.api.bootstrap import ApiServices

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
