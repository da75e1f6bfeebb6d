"""The tenant's paused sender: notify records it when SES refuses the tenant's From address, so
vendor e-mails wait (nothing retries into a dead-letter queue) and Admins see why in the staff
UI and the weekly digest. Saving the sender in the tenant settings clears it."""

from __future__ import annotations

from shared.clock import Clock
from shared.workspace.errors import Conflict
from shared.workspace.repository import TenantRepository
from shared.workspace.store import ItemStore

MAX_REASON = 300


def pause_sender(store: ItemStore, clock: Clock, tenant_id: str, reason: str) -> bool:
    """Record that the tenant's mail cannot be sent; False when it was already paused."""
    for _attempt in range(3):
        repo = TenantRepository(store, tenant_id)
        tenant = repo.tenant()
        if tenant.sender_paused_reason:
            return False
        tenant.sender_paused_reason = " ".join(reason.split())[:MAX_REASON] or "SES refused the sender"
        tenant.sender_paused_at = clock.now()
        repo.save(tenant)
        try:
            repo.commit()
        except Conflict:
            continue  # an Admin saved the settings at the same moment: read again
        return True
    return False
