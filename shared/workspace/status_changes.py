"""Status changes of a contract: evaluating its compliance status, staging a change (with the
project's counts and the vendor's contract list) and the events that say so."""

from __future__ import annotations

from dataclasses import dataclass

from shared.events import ComplianceChanged, ContractChanged
from shared.events.catalog import CoverageSnapshot
from shared.events.envelope import EventPayload
from shared.workspace.access import Context
from shared.workspace.compliance import compliant_until, contract_status, requirement_states
from shared.workspace.entities import (
    Contract,
    ContractCompliance,
    Project,
    RequirementGroup,
    VendorContractRef,
)


def project_counts_move(project: Project, previous: str | None, status: str) -> None:
    counts = dict(project.contract_counts)
    if previous is not None:
        counts[previous] = max(0, counts.get(previous, 0) - 1)
    counts[status] = counts.get(status, 0) + 1
    project.contract_counts = {k: v for k, v in counts.items() if v}


def coverage_snapshots(ctx: Context, contract: Contract, group: RequirementGroup) -> list[CoverageSnapshot]:
    states = requirement_states(group, ctx.repo.coverage_records(contract.id), ctx.clock.today())
    snapshots = []
    for state in states:
        current = state.current
        snapshots.append(
            CoverageSnapshot(
                coverage=state.coverage,
                label=state.label,
                status=state.status.value,
                policy_number=current.policy_number if current else None,
                insurer_name=current.insurer_name if current else None,
                effective_date=current.effective_date if current else None,
                expiration_date=current.expiration_date if current else None,
                limits=current.limits if current else {},
            )
        )
    return snapshots


def evaluate_contract(
    ctx: Context,
    contract: Contract,
    group: RequirementGroup | None = None,
    *,
    needs_review: bool | None = None,
) -> ContractCompliance:
    """The contract's status today; also refreshes `contract.compliant_until` (not saved here)."""
    group = group or ctx.repo.requirement_group(contract.requirement_group_id)
    if needs_review is None:
        needs_review = ctx.repo.contract_has_document_needing_review(contract.id)
    records = ctx.repo.coverage_records(contract.id)
    contract.compliant_until = compliant_until(group, records, ctx.clock.today())
    return contract_status(
        contract, group, records, ctx.clock.today(), has_document_needing_review=needs_review
    )


@dataclass
class StatusChange:
    contract: Contract
    previous: ContractCompliance
    status: ContractCompliance
    reason: str | None


def stage_status(
    ctx: Context,
    contract: Contract,
    status: ContractCompliance,
    *,
    project: Project | None = None,
    reason: str | None = None,
) -> StatusChange | None:
    """Stage the contract's new status and the project's compliance counts; None when unchanged."""
    if status == contract.status:
        return None
    previous = contract.status
    contract.status = status
    contract.status_changed_at = ctx.clock.now()
    project = project or ctx.repo.project(contract.project_id)
    project_counts_move(project, previous, status)
    ctx.repo.save(project)
    vendor = ctx.repo.vendor_for_update(contract.vendor_id)
    vendor.contracts[contract.id] = VendorContractRef(
        project_id=contract.project_id, status=status, active=contract.active, number=contract.number
    )
    ctx.repo.save(vendor)
    ctx.audit(
        "contract.status_changed", "contract", contract.id, previous=previous, status=status, reason=reason
    )
    return StatusChange(contract, previous, status, reason)


def status_kept(contract: Contract, reason: str) -> StatusChange:
    """The status stays but the policies behind it changed (a renewal approved while compliant):
    a ComplianceChanged with previous == status still goes out, so Procore's insurance records
    and the renewal reminders follow the new policy dates."""
    return StatusChange(contract, contract.status, contract.status, reason)


def compliance_event(
    ctx: Context, change: StatusChange, group: RequirementGroup | None = None
) -> tuple[EventPayload, str]:
    contract = change.contract
    group = group or ctx.repo.requirement_group(contract.requirement_group_id)
    vendor = ctx.repo.vendor(contract.vendor_id)
    project = ctx.repo.project(contract.project_id)
    payload = ComplianceChanged(
        tenant_id=ctx.tenant_id,
        project_id=contract.project_id,
        contract_id=contract.id,
        vendor_id=contract.vendor_id,
        previous_status=change.previous,
        status=change.status,
        coverages=coverage_snapshots(ctx, contract, group),
        reason=change.reason,
        vendor_name=vendor.name,
        vendor_code=vendor.code,
        project_number=project.number,
        contract_number=contract.number,
    )
    return payload, f"compliance:{contract.id}:{change.status}:{contract.status_changed_at.isoformat()}"


def contract_changed(ctx: Context, contract: Contract, change: str) -> tuple[EventPayload, str]:
    payload = ContractChanged(
        tenant_id=ctx.tenant_id,
        project_id=contract.project_id,
        contract_id=contract.id,
        change=change,
        active=contract.active,
    )
    return payload, f"contract:{contract.id}:{change}:{ctx.clock.now().isoformat()}"


def recompute_contracts_using(
    ctx: Context, group: RequirementGroup, contracts: list[Contract] | None = None
) -> list[tuple[EventPayload, str]]:
    """After a requirement change, contracts using the group may change status."""
    if contracts is None:
        if not group.project_id:
            return []
        contracts = []
        cursor = None
        while True:
            page = ctx.repo.contracts_of_project(
                group.project_id, where=lambda c: c.requirement_group_id == group.id, cursor=cursor, limit=200
            )
            contracts += page.items
            cursor = page.next_cursor
            if cursor is None:
                break
    changes = []
    for contract in contracts:
        change = stage_status(
            ctx, contract, evaluate_contract(ctx, contract, group), reason="requirements changed"
        )
        if change:
            ctx.repo.save(contract)
            changes.append(change)
    ctx.repo.commit()
    return [compliance_event(ctx, c, group) for c in changes]
