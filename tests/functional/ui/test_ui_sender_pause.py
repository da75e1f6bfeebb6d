"""Admins see on every page that the tenant's vendor e-mails are paused, and why."""

from __future__ import annotations

from shared.workspace import pause_sender
from tests.functional.ui.conftest import STANDARD, Site

REASON = "SES refused coi@summit.example: MessageRejected: Email address is not verified."


def test_admins_see_the_paused_sender_banner_and_others_do_not(site: Site):
    tenant_id = site.ctx().tenant_id
    admin = site.sign_in()
    assert "E-mails to vendors are paused" not in site.get("/projects", admin).body.decode()

    pause_sender(site.services.store, site.clock, tenant_id, REASON)

    for path in ("/projects", "/review", "/action-needed"):
        page = site.get(path, admin).body.decode()
        assert "E-mails to vendors are paused: SES refused coi@summit.example" in page, path
        assert 'href="/settings"' in page
    standard = site.sign_in(STANDARD)
    assert "E-mails to vendors are paused" not in site.get("/projects", standard).body.decode()
