"""Contract-level waivers: granting one, taking it back, and what the vendor is still asked for once
waivers count.

A waiver (`waive_requirement`) is a coverage record with the decision `waived` and no
document. Unwaiving removes those records, so the requirement is judged again on its certificates
alone; the audit trail keeps both steps.
"""

from __future__ import annotations

from shared.workspace.access import Context, Permission
from shared.workspace.compliance import compliant_until, contract_status
from shared.workspace.coverage_records import contract_record, requirement_names
from shared.workspace.entities import CoverageRecord, ReviewDecisionStatus, WaiveInput
from shared.workspace.errors import InvalidInput
from shared.workspace.publishing import publish
from shared.workspace.status_changes import compliance_event, stage_status


def waive_requirement(ctx: Context, contract_id: str, data: WaiveInput) -> CoverageRecord:
    """Waive a requirement for one contract, before or after any review."""
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    group = ctx.repo.requirement_group(contract.requirement_group_id)
    specs = {c.requirement_key: c for c in group.coverages}
    docs = {d.requirement_key: d for d in group.required_documents}
    if data.requirement_key not in specs and data.requirement_key not in docs:
        raise InvalidInput("not a requirement of this contract", {"requirement_key": "unknown"})
    now = ctx.clock.now()
    record = contract_record(
        contract,
        data.requirement_key,
        *requirement_names(specs, docs, data.requirement_key),
        recorded_at=now,
        decision=ReviewDecisionStatus.WAIVED,
        note=data.note,
        decided_by=ctx.actor.email,
        decided_at=now,
    )
    ctx.repo.add(record)
    needs_review = ctx.repo.contract_has_document_needing_review(contract.id)
    records_now = [*ctx.repo.coverage_records(contract.id), record]
    contract.compliant_until = compliant_until(group, records_now, ctx.clock.today())
    status = contract_status(
        contract, group, records_now, ctx.clock.today(), has_document_needing_review=needs_review
    )
    change = stage_status(ctx, contract, status, reason="requirement waived")
    ctx.repo.save(contract)
    ctx.audit(
        "requirement.waived", "contract", contract.id, requirement_key=data.requirement_key, note=data.note
    )
    ctx.repo.commit()
    if change is not None:
        publish(ctx, [compliance_event(ctx, change, group)])
    return record


def _is_contract_waiver(record: CoverageRecord) -> bool:
    return record.decision == ReviewDecisionStatus.WAIVED and record.document_id is None


def unwaive_requirement(ctx: Context, contract_id: str, requirement_key: str) -> None:
    """Take back the contract's waiver of one requirement, any time: certificates alone judge it again."""
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    group = ctx.repo.requirement_group(contract.requirement_group_id)
    records = ctx.repo.coverage_records(contract.id)
    waivers = [r for r in records if r.requirement_key == requirement_key and _is_contract_waiver(r)]
    if not waivers:
        if requirement_key in group.waived_keys():
            raise InvalidInput(
                "this requirement is waived by the requirement group; edit the group to require it",
                {"requirement_key": "waived by the group"},
            )
        raise InvalidInput(
            "this requirement is not waived for this contract", {"requirement_key": "not waived"}
        )
    for waiver in waivers:
        ctx.repo.remove(waiver)
    remaining = [r for r in records if r not in waivers]
    today = ctx.clock.today()
    contract.compliant_until = compliant_until(group, remaining, today)
    status = contract_status(
        contract,
        group,
        remaining,
        today,
        has_document_needing_review=ctx.repo.contract_has_document_needing_review(contract.id),
    )
    change = stage_status(ctx, contract, status, reason="waiver withdrawn")
    ctx.repo.save(contract)
    ctx.audit("requirement.unwaived", "contract", contract.id, requirement_key=requirement_key)
    ctx.repo.commit()
    if change is not None:
        publish(ctx, [compliance_event(ctx, change, group)])
