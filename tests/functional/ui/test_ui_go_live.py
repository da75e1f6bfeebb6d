"""Draft by default and a go-live step: a new project sends nothing until staff go live through the
customer's checklist; only then does it turn Active (and the requests go out)."""

from __future__ import annotations

from shared import workspace
from shared.events import ProjectStatusChanged
from shared.workspace import Contact, ContractUpdate, NewContract, NewProject, VendorInput
from tests.functional.ui.conftest import ADMIN, Site


def _draft_project(site: Site, cookie: str) -> str:
    created = site.post(
        "/projects", cookie, {"number": "3107", "name": "Lakeside Library", "status": "active"}
    )
    assert created.status_code == 303
    return created.headers["Location"].split("/projects/")[1].split("?")[0]


def test_a_project_created_from_the_page_starts_in_draft_and_says_requests_are_queued(site: Site):
    cookie = site.sign_in(ADMIN)
    project_id = _draft_project(site, cookie)
    assert workspace.get_project(site.ctx(), project_id).status == "draft"
    page = site.get(f"/projects/{project_id}", cookie).body.decode()
    assert "requests to vendors are queued until the project goes live" in page
    assert f'href="/projects/{project_id}/go-live"' in page


def test_go_live_shows_the_checklist_and_turns_active_only_when_it_is_met(site: Site):
    cookie = site.sign_in(ADMIN)
    project_id = _draft_project(site, cookie)
    page = site.get(f"/projects/{project_id}/go-live", cookie).body.decode()
    for item in (
        "Requirement group set",
        "Additional insureds entered",
        "Sample documents added (if any)",
        "At least one active contract",
        "Contacts verified",
        "Procore Sync Log clear",
    ):
        assert item in page
    assert "Go live and send requests" not in page
    # Neither the status form nor a forged go-live turns it Active before the checklist is met
    site.post(f"/projects/{project_id}/status", cookie, {"status": "active"})
    refused = site.post(f"/projects/{project_id}/go-live", cookie, {})
    assert refused.status_code == 400
    assert "not ready to go live" in refused.body.decode()
    assert workspace.get_project(site.ctx(), project_id).status == "draft"

    contract = workspace.create_contract(
        site.ctx(), project_id, NewContract(vendor=VendorInput(name="Lakeside Roofing Co"))
    )
    assert (
        "no e-mail for Lakeside Roofing Co"
        in site.get(f"/projects/{project_id}/go-live", cookie).body.decode()
    )
    workspace.update_contract(
        site.ctx(), contract.id, ContractUpdate(contact=Contact(email="certs@lakesideroofing.example"))
    )
    ready = site.get(f"/projects/{project_id}/go-live", cookie).body.decode()
    assert "Go live and send requests" in ready
    went = site.post(f"/projects/{project_id}/go-live", cookie, {})
    assert went.status_code == 303
    assert workspace.get_project(site.ctx(), project_id).status == "active"
    # The event notify answers by sending the requests queued while in Draft
    changes = site.services.publisher.payloads(ProjectStatusChanged)
    assert [(c.previous_status, c.status) for c in changes if c.project_id == project_id] == [
        (None, "draft"),
        ("draft", "active"),
    ]


def test_the_api_still_creates_an_active_project_when_asked_explicitly(site: Site):
    project = workspace.create_project(site.ctx(), NewProject(number="1", name="Explicit", status="active"))
    assert project.status == "active"
    assert workspace.create_project(site.ctx(), NewProject(number="2", name="Default")).status == "draft"
