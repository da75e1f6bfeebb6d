"""Action-needed items for a tenant's people, and the weekly digest that reports them: raising
an item (or pausing the tenant's sender) makes sure the digest is scheduled."""

from __future__ import annotations

from datetime import date, timedelta

from aws_lambda_powertools import Logger

from services.notify.domain.model import DIGEST, SequenceState
from services.notify.domain.policy import DEFAULT_POLICY
from services.notify.ports import ConcurrentUpdateError, NotifyPorts
from shared.correspondence import TENANT_SCOPE, ActionItem, ActionKind

logger = Logger(service="notify", child=True)


def raise_action(  # noqa: PLR0913  keyword-only fields of the ActionItem it records
    n: NotifyPorts,
    *,
    tenant_id: str,
    kind: ActionKind,
    contract_id: str,
    ref: str,
    project_id: str | None,
    detail: str = "",
) -> bool:
    raised = n.store.put_action(
        ActionItem(
            tenant_id=tenant_id,
            kind=kind,
            contract_id=contract_id,
            ref=ref,
            created_at=n.clock.now(),
            project_id=project_id,
            detail=detail,
        )
    )
    if raised:
        arm_digest(n, tenant_id)
    return raised


def next_digest_day(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def arm_digest(n: NotifyPorts, tenant_id: str) -> None:
    """Make sure the tenant's weekly digest is on the due index (it leaves it when nothing is open)."""
    existing = n.store.get_sequence(tenant_id, TENANT_SCOPE, DIGEST)
    if existing and existing.status == "active":
        return
    policy = n.store.tenant_policy(tenant_id) or DEFAULT_POLICY
    due = next_digest_day(n.clock.today(), policy.digest_weekday)
    state = SequenceState(
        tenant_id=tenant_id,
        contract_id=TENANT_SCOPE,
        project_id="",
        key=DIGEST,
        kind="digest",
        run="weekly",
        anchor=due,
        due_on=due,
        version=existing.version if existing else 0,
    )
    try:
        n.store.save_sequence(state)
    except ConcurrentUpdateError:
        logger.info("digest for %s armed concurrently", tenant_id)
