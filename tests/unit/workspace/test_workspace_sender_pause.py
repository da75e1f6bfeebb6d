"""The tenant's paused sender: recorded once by notify, cleared when an Admin saves the sender."""

from __future__ import annotations

from shared import workspace
from shared.workspace import TenantSettingsUpdate, pause_sender
from tests.unit.workspace.conftest import Desk


def test_a_pause_is_recorded_once_and_cleared_by_saving_the_sender(desk: Desk):
    tenant_id = desk.admin.tenant_id
    assert pause_sender(desk.store, desk.clock, tenant_id, "SES refused a@b.example:\n MessageRejected")
    assert not pause_sender(desk.store, desk.clock, tenant_id, "again")
    tenant = desk.admin.repo.tenant()
    assert tenant.sender_paused_reason == "SES refused a@b.example: MessageRejected"
    assert tenant.sender_paused_at == desk.clock.now()

    # Other settings leave it paused; saving the sender clears it
    workspace.update_tenant_settings(desk.admin, TenantSettingsUpdate(expiring_soon_days=20))
    assert workspace.get_tenant(desk.admin).sender_paused_reason is not None
    workspace.update_tenant_settings(desk.admin, TenantSettingsUpdate(sender_email="coi@summit.example"))
    assert workspace.get_tenant(desk.admin).sender_paused_reason is None
