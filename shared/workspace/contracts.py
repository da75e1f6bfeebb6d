"""Vendors and contracts: the vendor directory entries, contracts on a project, document requests."""

from __future__ import annotations

from shared.events.catalog import DocumentsRequested
from shared.workspace.access import Context, Permission
from shared.workspace.entities import (
    Contract,
    ContractUpdate,
    NewContract,
    RequirementGroup,
    Vendor,
    VendorContractRef,
    VendorInput,
    new_id,
)
from shared.workspace.errors import Conflict, InvalidInput
from shared.workspace.publishing import publish
from shared.workspace.repository import Page
from shared.workspace.requirement_groups import group_for_project
from shared.workspace.scope import require_contract_in_scope
from shared.workspace.status_changes import (
    compliance_event,
    contract_changed,
    evaluate_contract,
    project_counts_move,
    stage_status,
)


def list_vendors(
    ctx: Context, cursor: str | None = None, limit: int = 50, name_prefix: str | None = None
) -> Page[Vendor]:
    ctx.require(Permission.READ)
    return ctx.repo.vendors(cursor, limit, name_prefix)


def get_vendor(ctx: Context, vendor_id: str) -> Vendor:
    ctx.require(Permission.READ)
    return ctx.repo.vendor(vendor_id)


def update_vendor(ctx: Context, vendor_id: str, data: VendorInput) -> Vendor:
    """Rename or re-address a vendor; its contracts carry the name for sorting, so they follow."""
    ctx.require(Permission.WRITE)
    vendor = ctx.repo.vendor(vendor_id)
    before = vendor.model_dump(mode="json", include={"name", "address", "tax_id", "code"})
    vendor.name, vendor.address, vendor.tax_id, vendor.code = data.name, data.address, data.tax_id, data.code
    for contract in ctx.repo.contracts_of_vendor(vendor.id):
        if contract.vendor_name != vendor.name:
            contract.vendor_name = vendor.name
            ctx.repo.save(contract)
    ctx.repo.save(vendor)
    ctx.audit("vendor.updated", "vendor", vendor.id, before=before, after=data.model_dump(mode="json"))
    ctx.repo.commit()
    return vendor


def _find_or_create_vendor(ctx: Context, data: NewContract) -> Vendor:
    """The vendor, staged for saving (new vendors for creation)."""
    if data.vendor_id:
        vendor = ctx.repo.vendor(data.vendor_id)
        ctx.repo.save(vendor)
        return vendor
    assert data.vendor is not None
    existing = ctx.repo.vendor_named(data.vendor.name)
    if existing is not None:
        ctx.repo.save(existing)
        return existing
    vendor = Vendor(
        id=new_id(), tenant_id=ctx.tenant_id, created_at=ctx.clock.now(), **data.vendor.model_dump()
    )
    ctx.repo.add(vendor)
    ctx.audit("vendor.created", "vendor", vendor.id, name=vendor.name)
    return vendor


def create_contract(ctx: Context, project_id: str, data: NewContract) -> Contract:
    ctx.require(Permission.WRITE)
    project = ctx.repo.project(project_id)
    vendor = _find_or_create_vendor(ctx, data)
    group_id = data.requirement_group_id or project.requirement_group_id
    if group_id is None:
        raise InvalidInput("the project has no requirement group", {"requirement_group_id": "required"})
    group = group_for_project(ctx, project, group_id)
    contract = Contract(
        id=new_id(),
        tenant_id=ctx.tenant_id,
        project_id=project.id,
        vendor_id=vendor.id,
        vendor_name=vendor.name,
        number=data.number,
        description=data.description,
        contact=data.contact,
        requirement_group_id=group.id,
        active=data.active,
        status="needs_certificate" if data.active else "inactive",
        status_changed_at=ctx.clock.now(),
        created_at=ctx.clock.now(),
    )
    if data.active and not group.requirement_keys():
        contract.status = "compliant"
    vendor.contracts[contract.id] = VendorContractRef(
        project_id=project.id, status=contract.status, active=contract.active, number=contract.number
    )
    project_counts_move(project, None, contract.status)
    ctx.repo.save(project)
    ctx.repo.add(contract)
    ctx.audit("contract.created", "contract", contract.id, vendor=vendor.name, project=project.number)
    ctx.repo.commit()
    publish(ctx, [contract_changed(ctx, contract, "created")])
    return contract


def get_contract(ctx: Context, contract_id: str) -> Contract:
    if not ctx.actor.may(Permission.REVIEW):
        ctx.require(Permission.READ)
    contract = ctx.repo.contract(contract_id)
    require_contract_in_scope(ctx, contract.id)
    return contract


CONTRACT_FILTERS = ("needs_certificate", "needs_review", "compliant", "non_compliant", "inactive")


def list_contracts(
    ctx: Context,
    *,
    project_id: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Contract]:
    ctx.require(Permission.READ)
    if status is not None and status not in CONTRACT_FILTERS:
        raise InvalidInput("unknown filter", {"status": f"one of {', '.join(CONTRACT_FILTERS)}"})
    if project_id:
        ctx.repo.project(project_id)
        where = (lambda c: c.status == status) if status else None
        return ctx.repo.contracts_of_project(project_id, where=where, cursor=cursor, limit=limit)
    return ctx.repo.contracts(status=status, cursor=cursor, limit=limit)


def update_contract(ctx: Context, contract_id: str, change: ContractUpdate) -> Contract:
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    project = ctx.repo.project(contract.project_id)
    values = change.model_dump(exclude_unset=True)
    changes: list[str] = []
    if "contact" in values and change.contact is not None:
        contract.contact = change.contact
        changes.append("contact_updated")
    renumbered = "number" in values and values["number"] != contract.number
    for name in ("number", "description"):
        if name in values:
            setattr(contract, name, values[name])
    group: RequirementGroup | None = None
    if values.get("requirement_group_id") and values["requirement_group_id"] != contract.requirement_group_id:
        group = group_for_project(ctx, project, values["requirement_group_id"])
        contract.requirement_group_id = group.id
        changes.append("requirements_changed")
    if "active" in values and values["active"] is not None and values["active"] != contract.active:
        contract.active = values["active"]
        changes.append("activated" if contract.active else "deactivated")
    status_change = None
    if any(c in changes for c in ("requirements_changed", "activated", "deactivated")):
        status_change = stage_status(
            ctx, contract, evaluate_contract(ctx, contract, group), project=project, reason=", ".join(changes)
        )
    if renumbered and status_change is None:
        _renumber_on_vendor(ctx, contract)
    ctx.repo.save(contract)
    ctx.audit(
        "contract.updated", "contract", contract.id, **change.model_dump(mode="json", exclude_unset=True)
    )
    ctx.repo.commit()
    events = [contract_changed(ctx, contract, c) for c in changes]
    if status_change:
        events.append(compliance_event(ctx, status_change, group))
    publish(ctx, events)
    return contract


def _renumber_on_vendor(ctx: Context, contract: Contract) -> None:
    """The vendor directory names contracts from the vendor's own copy, so a new number goes
    there too (a status change already rewrites that copy, number included)."""
    vendor = ctx.repo.vendor_for_update(contract.vendor_id)
    ref = vendor.contracts.get(contract.id)
    if ref is not None:
        vendor.contracts[contract.id] = ref.model_copy(update={"number": contract.number})
        ctx.repo.save(vendor)


def remove_contract(ctx: Context, contract_id: str) -> None:
    """Only while nothing on it was reviewed: afterwards the evidence must stay (deactivate instead)."""
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    if contract.reviewed:
        raise Conflict("this contract has reviewed documents; deactivate it instead")
    project = ctx.repo.project(contract.project_id)
    counts = dict(project.contract_counts)
    counts[contract.status] = max(0, counts.get(contract.status, 0) - 1)
    project.contract_counts = {k: v for k, v in counts.items() if v}
    ctx.repo.save(project)
    vendor = ctx.repo.vendor(contract.vendor_id)
    vendor.contracts.pop(contract.id, None)
    ctx.repo.save(vendor)
    ctx.repo.remove(contract)
    link = ctx.repo.portal_link(contract.id)
    if link is not None:
        ctx.repo.remove(link)
    ctx.audit("contract.removed", "contract", contract.id, vendor=contract.vendor_name)
    ctx.repo.commit()
    contract.active = False
    publish(ctx, [contract_changed(ctx, contract, "removed")])


def request_documents(ctx: Context, contract_id: str, message: str | None = None) -> None:
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    if not contract.active:
        raise Conflict("the contract is inactive; activate it to send requests")
    ctx.audit("contract.documents_requested", "contract", contract.id, message=message)
    ctx.repo.commit()
    payload = DocumentsRequested(
        tenant_id=ctx.tenant_id,
        project_id=contract.project_id,
        contract_id=contract.id,
        requested_by=ctx.actor.email,
        message=message,
    )
    publish(ctx, [(payload, f"documents-requested:{contract.id}:{ctx.clock.now().isoformat()}")])
