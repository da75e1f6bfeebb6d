"""Admin settings pages: Team with the sender's SES verification state, legal entities, the
default requirement group and auto-approve; a contract's message history."""

from __future__ import annotations

from datetime import UTC, datetime

from shared import workspace
from shared.correspondence import ActionItem, MessageRecord
from shared.workspace import LegalEntityInput, ProjectUpdate, RequirementGroupInput
from tests.functional.ui.conftest import STANDARD, Site


class _Ses:
    """SES's answer per address: verified only for the summit.example domain."""

    def verification(self, address: str) -> str:
        return "verified" if address.endswith("@summit.example") else "not_verified"


def test_team_settings_save_a_verified_sender_and_refuse_an_unverified_one(site: Site):
    site.services.sender_identities = _Ses()
    cookie = site.sign_in()
    # WHEN the admin saves a sender SES has verified
    saved = site.post(
        "/settings",
        cookie,
        {
            "name": "Summit Builders Inc",
            "sender_name": "Summit Compliance",
            "sender_email": "compliance@summit.example",
            "reply_to": "coi@summit.example",
            "expiring_soon_days": "30",
            "portal_link_days": "180",
        },
    )
    assert saved.status_code == 303
    page = site.get("/settings?saved=1", cookie).body.decode()
    # THEN the page shows it with its verification state
    assert 'value="compliance@summit.example"' in page
    assert 'data-verification="verified"' in page
    assert "Verified in Amazon SES" in page
    # WHEN they try an address SES has not verified
    refused = site.post(
        "/settings",
        cookie,
        {"name": "Summit Builders Inc", "sender_email": "me@gmail.example", "expiring_soon_days": "30"},
    )
    # THEN it is refused in one sentence and the saved sender stays
    assert refused.status_code == 400
    assert "is not verified in Amazon SES" in refused.body.decode()
    assert workspace.get_tenant(site.ctx()).settings.sender_email == "compliance@summit.example"


def test_only_admins_open_team_settings(site: Site):
    assert site.get("/settings", site.sign_in(STANDARD)).status_code == 403


def test_legal_entities_are_listed_with_their_projects_and_can_be_added(site: Site):
    project = site.project()
    entity = workspace.create_legal_entity(site.ctx(), LegalEntityInput(name="Summit West LLC"))
    workspace.update_project(site.ctx(), project.id, ProjectUpdate(legal_entity_id=entity.id))
    cookie = site.sign_in()
    assert site.post("/settings/legal-entities", cookie, {"name": "Summit East LLC"}).status_code == 303
    page = site.get("/settings/legal-entities", cookie).body.decode()
    assert 'data-entity="Summit East LLC"' in page
    west = page.split('data-entity="Summit West LLC"')[1].split("</tr>")[0]
    assert "2231 Harbor Point" in west
    # a blank name is a clear 400, not a traceback
    assert site.post("/settings/legal-entities", cookie, {"name": ""}).status_code == 400


def test_default_group_and_auto_approve_are_set_on_one_page(site: Site):
    other = workspace.create_requirement_group(site.ctx(), RequirementGroupInput(name="Light trades"))
    cookie = site.sign_in()
    response = site.post("/settings/review", cookie, {"default_group": other.id, "auto_approve": "on"})
    assert response.status_code == 303
    assert workspace.get_requirement_group(site.ctx(), other.id).is_default
    assert workspace.get_tenant(site.ctx()).settings.auto_approve_compliant is True
    page = site.get("/settings/review", cookie).body.decode()
    assert f'value="{other.id}" checked' in page


def test_a_contracts_message_history_lists_every_message_with_its_state(site: Site):
    contract = site.contract(site.project())
    at = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    store = site.services.correspondence
    store.begin_delivery(
        MessageRecord(
            tenant_id=contract.tenant_id,
            contract_id=contract.id,
            idempotency_key="k1",
            template="rejection_notice",
            audience="vendor",
            state="sending",
            created_at=at,
        ),
        60,
    )
    store.finish_delivery(
        MessageRecord(
            tenant_id=contract.tenant_id,
            contract_id=contract.id,
            idempotency_key="k1",
            template="rejection_notice",
            audience="vendor",
            state="sent",
            created_at=at,
            subject="Your certificate for Harbor Point needs changes",
            text="1. General liability",
            email_to=("ops@rivera.example",),
            sent_at=at,
        )
    )
    page = site.get(f"/contracts/{contract.id}/messages", site.sign_in()).body.decode()
    assert "Your certificate for Harbor Point needs changes" in page
    assert "ops@rivera.example" in page
    assert "05/01/2026 09:00 UTC" in page
    assert ">Sent<" in page
    # WHEN SES reports the vendor's address bounced, THEN the history says so above the messages
    store.put_action(
        ActionItem(
            tenant_id=contract.tenant_id,
            kind="contact_bounced",
            contract_id=contract.id,
            ref="ops@rivera.example",
            created_at=at,
            detail="ops@rivera.example bounced (Permanent)",
        )
    )
    page = site.get(f"/contracts/{contract.id}/messages", site.sign_in()).body.decode()
    assert 'data-delivery="contact_bounced"' in page
    assert "ops@rivera.example bounced (Permanent)" in page
