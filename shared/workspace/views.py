"""Read models: contract detail with coverage history, company coverage buckets, vendor directory,
CSV exports, the Do-Not-Pay list and the excluded-officers list."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from shared.workspace.access import Context, Permission
from shared.workspace.compliance import RequirementState, requirement_states
from shared.workspace.entities import (
    Contract,
    CoverageRecord,
    Document,
    ExcludedOfficers,
    PortalLink,
    Project,
    RequirementGroup,
    ReviewDecisionStatus,
    Vendor,
)
from shared.workspace.errors import InvalidInput
from shared.workspace.repository import Page
from shared.workspace.scope import require_contract_in_scope

# ---------------------------------------------------------------- contract detail


@dataclass
class ContractDetail:
    contract: Contract
    project: Project
    vendor: Vendor
    group: RequirementGroup
    requirements: list[RequirementState]
    documents: Page[Document]
    portal_link: PortalLink | None


def contract_detail(ctx: Context, contract_id: str) -> ContractDetail:
    if not ctx.actor.may(Permission.REVIEW):
        ctx.require(Permission.READ)
    repo = ctx.repo
    # Four reads: contract + history (one query), group/project/vendor/link (one batch), documents.
    contract, records = repo.contract_with_history(contract_id)
    require_contract_in_scope(ctx, contract.id)
    group, project, vendor, link = repo.contract_surroundings(contract)
    return ContractDetail(
        contract=contract,
        project=project,
        vendor=vendor,
        group=group,
        requirements=requirement_states(group, records, ctx.clock.today()),
        documents=repo.documents_of_contract(contract.id, limit=20),
        portal_link=link,
    )


def requirement_state_json(state: RequirementState) -> dict[str, Any]:
    return {
        "requirement_key": state.requirement_key,
        "coverage": state.coverage,
        "label": state.label,
        "status": state.status.value,
        "waived_by_group": state.waived_by_group,
        "current": state.current.model_dump(mode="json") if state.current else None,
        "history": [r.model_dump(mode="json") for r in state.history],
    }


# ---------------------------------------------------------------- company coverage buckets


class Bucket(StrEnum):
    ACTIVE = "active"
    EXPIRING_SOON = "expiring_soon"
    EXPIRED = "expired"
    WAIVED = "waived"
    APPROVED_NON_COMPLIANT = "approved_non_compliant"


def _bucket_query(
    bucket: Bucket, today: date, soon_days: int
) -> tuple[ReviewDecisionStatus, tuple[str, str]]:
    """Buckets are ranges of expiration dates inside the approved-coverage index (gsi2)."""
    soon = today + timedelta(days=soon_days)
    everything = ("0000", "9999-12-31~")
    match bucket:
        case Bucket.ACTIVE:
            return ReviewDecisionStatus.ACTIVE, (f"{(soon + timedelta(days=1)).isoformat()}", everything[1])
        case Bucket.EXPIRING_SOON:
            return ReviewDecisionStatus.ACTIVE, (today.isoformat(), f"{soon.isoformat()}~")
        case Bucket.EXPIRED:
            return ReviewDecisionStatus.ACTIVE, (everything[0], f"{(today - timedelta(days=1)).isoformat()}~")
        case Bucket.WAIVED:
            return ReviewDecisionStatus.WAIVED, everything
        case Bucket.APPROVED_NON_COMPLIANT:
            return ReviewDecisionStatus.APPROVED_NON_COMPLIANT, everything
    raise InvalidInput("unknown bucket", {"bucket": f"one of {', '.join(b.value for b in Bucket)}"})


def coverage_bucket_counts(ctx: Context) -> dict[str, int]:
    ctx.require(Permission.READ)
    soon_days = ctx.repo.tenant().settings.expiring_soon_days
    today = ctx.clock.today()
    counts = {}
    for bucket in Bucket:
        decision, between = _bucket_query(bucket, today, soon_days)
        counts[bucket.value] = ctx.repo.count_coverage_bucket(decision, between)
    return counts


def coverages_in_bucket(
    ctx: Context, bucket: str, cursor: str | None = None, limit: int = 50
) -> Page[CoverageRecord]:
    ctx.require(Permission.READ)
    try:
        chosen = Bucket(bucket)
    except ValueError as exc:
        raise InvalidInput(
            "unknown bucket", {"bucket": f"one of {', '.join(b.value for b in Bucket)}"}
        ) from exc
    decision, between = _bucket_query(
        chosen, ctx.clock.today(), ctx.repo.tenant().settings.expiring_soon_days
    )
    return ctx.repo.coverage_bucket(decision, expiring_between=between, cursor=cursor, limit=limit)


# ---------------------------------------------------------------- vendor directory


@dataclass(frozen=True)
class VendorContract:
    id: str
    project_id: str
    status: str
    active: bool
    number: str | None = None


@dataclass
class VendorEntry:
    vendor: Vendor

    @property
    def contracts(self) -> list[VendorContract]:
        return [
            VendorContract(contract_id, ref.project_id, ref.status, ref.active, ref.number)
            for contract_id, ref in self.vendor.contracts.items()
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            **self.vendor.model_dump(mode="json", exclude={"contracts"}),
            "projects": [
                {"contract_id": contract_id, **ref.model_dump(mode="json")}
                for contract_id, ref in self.vendor.contracts.items()
            ],
        }


def vendor_directory(
    ctx: Context, cursor: str | None = None, limit: int = 25, name_prefix: str | None = None
) -> Page[VendorEntry]:
    """Vendors by name with their status on every project (kept on the vendor: one read a page)."""
    ctx.require(Permission.READ)
    vendors = ctx.repo.vendors(cursor, limit, name_prefix)
    return Page([VendorEntry(v) for v in vendors.items], vendors.next_cursor)


# ---------------------------------------------------------------- exports


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        # Cells a spreadsheet would run as formulas are quoted with a leading apostrophe.
        writer.writerow([f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in row])
    return out.getvalue()


_COMPLIANCE_WORDS = {
    "needs_certificate": "Needs certificate",
    "needs_review": "Needs review",
    "compliant": "Compliant",
    "non_compliant": "Non-compliant",
    "inactive": "Inactive",
}


def all_projects(ctx: Context) -> dict[str, Project]:
    """Every project of the tenant by id, read page by page."""
    projects: dict[str, Project] = {}
    cursor = None
    while True:
        page = ctx.repo.projects(cursor=cursor, limit=200)
        projects.update({p.id: p for p in page.items})
        cursor = page.next_cursor
        if not cursor:
            return projects


def _us_date(day: date | None) -> str:
    """MM/DD/YYYY: the exports' readers are American accounting and project teams."""
    return day.strftime("%m/%d/%Y") if day else ""


def export_vendors_csv(ctx: Context) -> str:
    """The vendor directory as people read it: one row per vendor and project, with project
    number and name, the contract number, compliance in words and dates as MM/DD/YYYY."""
    ctx.require(Permission.READ)
    projects = all_projects(ctx)
    rows = []
    cursor = None
    while True:
        page = ctx.repo.vendors(cursor, limit=200)
        contracts = {
            c.id: c for c in ctx.repo.contracts_by_id([cid for v in page.items for cid in v.contracts])
        }
        for vendor in page.items:
            if not vendor.contracts:
                rows.append([vendor.name, vendor.code or "", "", "", "", "", "", "", "", "", ""])
            for contract_id, ref in vendor.contracts.items():
                contract = contracts.get(contract_id)
                project = projects.get(ref.project_id)
                contact = contract.contact if contract else None
                rows.append(
                    [
                        vendor.name,
                        vendor.code or "",
                        project.number if project else "",
                        project.name if project else "",
                        (contract.number or "") if contract else "",
                        _COMPLIANCE_WORDS.get(ref.status, ref.status),
                        _us_date(contract.compliant_until) if contract else "",
                        "Yes" if contract is None or contract.active else "No",
                        (contact.name or "") if contact else "",
                        (contact.email or "") if contact else "",
                        (contact.phone or "") if contact else "",
                    ]
                )
        cursor = page.next_cursor
        if cursor is None:
            break
    rows.sort(key=lambda r: (str(r[0]).lower(), str(r[2])))
    header = [
        "Vendor",
        "Vendor code",
        "Project number",
        "Project name",
        "Contract number",
        "Compliance",
        "Compliant until",
        "Active",
        "Contact name",
        "Contact email",
        "Contact phone",
    ]
    return _csv(header, rows)


# ---------------------------------------------------------------- do not pay


def do_not_pay(ctx: Context, on: date, cursor: str | None = None, limit: int = 100) -> Page[Contract]:
    """Active contracts not compliant on `on` (today or a pay date ahead: expiries count).

    Reads only contracts: each carries the last day its approved coverage keeps it compliant.
    """
    ctx.require(Permission.READ)

    def blocked(contract: Contract) -> bool:
        return contract.active and (contract.compliant_until is None or contract.compliant_until < on)

    return ctx.repo.contracts(where=blocked, cursor=cursor, limit=limit)


# ---------------------------------------------------------------- projects


def excluded_officers(ctx: Context, project_id: str) -> list[ExcludedOfficers]:
    ctx.require(Permission.READ)
    project = ctx.repo.project(project_id)
    return ctx.repo.excluded_officers(project.id)


def excluded_officers_page(
    ctx: Context, project_id: str, cursor: str | None = None, limit: int = 50
) -> Page[ExcludedOfficers]:
    ctx.require(Permission.READ)
    project = ctx.repo.project(project_id)
    return ctx.repo.excluded_officers_page(project.id, cursor, limit)


def project_json(project: Project) -> dict[str, Any]:
    bar = project.compliance_bar
    return {
        **project.model_dump(mode="json"),
        "compliance": {
            "active_contracts": bar.active_contracts,
            "compliant_contracts": bar.compliant_contracts,
            "percent": bar.percent,
        },
    }
