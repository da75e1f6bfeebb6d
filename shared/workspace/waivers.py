"""Contract-level waivers taken back, and what the vendor is still asked for once waivers count.

A waiver (see `reviews.waive_requirement`) is a coverage record with the decision `waived` and no
document. Unwaiving removes those records, so the requirement is judged again on its certificates
alone; the audit trail keeps both steps.
"""

from __future__ import annotations

from shared.workspace.access import Context, Permission
from shared.workspace.compliance import compliant_until, contract_status
from shared.workspace.entities import CoverageRecord, ReviewDecisionStatus
from shared.workspace.errors import InvalidInput
from shared.workspace.workflow import compliance_event, publish, stage_status


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
