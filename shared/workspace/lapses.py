"""Lapse refresh: contracts re-evaluated on today's date so coverage that ran out overnight
turns them non-compliant."""

from __future__ import annotations

from shared.workspace.access import Context
from shared.workspace.entities import Contract
from shared.workspace.publishing import publish
from shared.workspace.status_changes import compliance_event, evaluate_contract, stage_status


def refresh_contract_status(ctx: Context, contract_id: str) -> Contract:
    """Re-evaluate a contract on today's date (coverage expiring overnight); used by the daily sweep."""
    contract = ctx.repo.contract(contract_id)
    before = contract.compliant_until
    change = stage_status(ctx, contract, evaluate_contract(ctx, contract), reason="daily re-evaluation")
    if change is None and contract.compliant_until == before:
        return contract
    ctx.repo.save(contract)
    ctx.repo.commit()
    if change is not None:
        publish(ctx, [compliance_event(ctx, change)])
    return contract


def refresh_lapsed_contracts(ctx: Context) -> list[Contract]:
    """Daily: compliant contracts whose approved coverage ran out (`compliant_until` before today)
    become non-compliant, with ComplianceChanged for each. Returns the contracts changed."""
    today = ctx.clock.today()
    changed: list[Contract] = []
    cursor = None
    while True:
        page = ctx.repo.contracts(
            status="compliant",
            where=lambda c: c.compliant_until is not None and c.compliant_until < today,
            cursor=cursor,
            limit=100,
        )
        for contract in page.items:
            changed.append(refresh_contract_status(ctx, contract.id))
        cursor = page.next_cursor
        if cursor is None:
            return changed
