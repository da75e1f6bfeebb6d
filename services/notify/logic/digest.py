"""The weekly action-needed digest to a tenant's Admins, grouped under the read model's titles."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from services.notify.domain.model import SequenceState
from services.notify.logic.delivery import deliver
from services.notify.logic.lookup import Lookup
from services.notify.logic.saves import try_save
from services.notify.ports import NotifyPorts
from shared.correspondence import ACTION_TITLES, TENANT_SCOPE, ActionItem


def digest_groups(lookup: Lookup, items: list[ActionItem]) -> list[dict[str, Any]]:
    groups = []
    for kind, title in ACTION_TITLES.items():
        rows = []
        for item in (i for i in items if i.kind == kind):
            contract = lookup.contract(item.tenant_id, item.contract_id)
            project = lookup.project(item.tenant_id, item.project_id) if item.project_id else None
            rows.append(
                {
                    "vendor_name": contract.vendor_name if contract else item.contract_id,
                    "project_name": project.name if project else "",
                    "detail": item.detail,
                    "since": item.created_at.date().isoformat(),
                }
            )
        if rows:
            groups.append({"title": title, "rows": rows})
    return groups


def send_digest(n: NotifyPorts, lookup: Lookup, state: SequenceState) -> int:
    """Send this week's digest (if anything is open) and schedule the next one."""
    items = n.store.list_actions(state.tenant_id)
    tenant = lookup.tenant(state.tenant_id)
    if not items and not tenant.sender_paused:
        # Nothing open: leave the due index; raising the next item re-arms the digest.
        try_save(n, state.evolve(status="done", due_on=None))
        return 0
    admins = [member.email for member in lookup.staff(state.tenant_id) if member.is_admin and member.email]
    assert state.due_on is not None
    outcome = deliver(
        n,
        tenant=tenant,
        contract_id=TENANT_SCOPE,
        key=f"{state.tenant_id}#{TENANT_SCOPE}#digest#{state.due_on.isoformat()}#0",
        template="action_digest",
        audience="admins",
        context={
            "tenant_name": tenant.name,
            "sender_paused": tenant.sender_paused,
            "items": items,
            "groups": digest_groups(lookup, items),
        },
        email_to=admins,
        sequence="digest",
    )
    if outcome in ("busy", "paused"):
        return 0  # a later sweep sends it (from the service's own address once paused)
    following = state.due_on + timedelta(days=7)
    while following <= n.clock.today():  # after an outage, one digest, not one per missed week
        following += timedelta(days=7)
    try_save(n, state.evolve(step=state.step + 1, due_on=following))
    return int(outcome == "sent")
