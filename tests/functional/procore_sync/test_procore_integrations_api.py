"""The staff API for Procore (`/api/integrations/procore...`, a project's Procore import and sync
log) through the Chalice app, on moto DynamoDB, talking to the fake Procore."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from shared.procore.install import verify_state
from shared.procore.staff import ProcoreForStaff
from tests.fakes.procore import FakeProcore
from tests.functional.api.conftest import World, build_world
from tests.functional.api.integrations import STATE_KEY, install_procore
from tests.unit.procore_sync.test_procore_imports import seeded


@pytest.fixture
def procore() -> Iterator[tuple[World, FakeProcore, ProcoreForStaff]]:
    with build_world() as world:
        fake = seeded()
        fake.add_project(12, "Old Depot", project_number="1990", active=False)
        yield world, fake, install_procore(world, fake)


def connect_through_consent_page(world: World, fake: FakeProcore, facade: ProcoreForStaff) -> None:
    started = world.call("POST", "/api/integrations/procore/authorize", world.gc.admin)
    assert started.status_code == 200
    url = started.json_body["authorize_url"]
    browser = httpx.Client(transport=fake.transport())
    assert "Authorize application" in browser.get(url).text
    form = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    answer = browser.post("https://login.procore.com/oauth/authorize", data={**form, "decision": "approve"})
    back = {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["Location"]).query).items()}
    # What the callback route does with Procore's redirect
    facade.apps.finish_authorization(
        verify_state(back["state"], key=STATE_KEY, now=world.clock.now()), back["code"]
    )


def test_connect_import_by_subcontract_and_read_the_sync_log(procore):
    world, fake, facade = procore
    admin = world.gc.admin
    # GIVEN nothing connected yet
    status = world.call("GET", "/api/integrations/procore", admin).json_body
    assert (status["status"], status["configured"]) == ("not_connected", True)
    assert world.call("GET", "/api/integrations/procore/projects", admin).json_body["projects"] == []
    # WHEN an admin connects through Procore's consent page
    connect_through_consent_page(world, fake, facade)
    status = world.call("GET", "/api/integrations/procore", admin).json_body
    assert status["status"] == "connected"
    assert status["connected_as"] == "Pat Morgan (pat.morgan@summit.example)"
    assert status["company"] == {"id": 1001, "name": "Summit Builders Inc"}
    # THEN staff see the company's active projects by default, inactive ones on request
    listed = world.call("GET", "/api/integrations/procore/projects", admin).json_body["projects"]
    assert [
        (p["procore_project_id"], p["name"], p["number"], p["status"], p["imported"]) for p in listed
    ] == [(11, "Harbor Point", "2231", "Active", False)]
    inactive = world.call("GET", "/api/integrations/procore/projects?status=inactive", admin).json_body
    assert [p["procore_project_id"] for p in inactive["projects"]] == [12]
    assert any(r.url.params.get("filters[by_status]") == "Inactive" for r in fake.requests)
    # WHEN a project is imported by Subcontract with only Approved commitments
    imported = world.call(
        "POST",
        "/api/integrations/procore/imports",
        world.gc.standard,
        {"procore_project_id": 11, "method": "subcontract", "statuses": ["Approved"]},
    )
    assert imported.status_code == 201, imported.body
    project_id = imported.json_body["project_id"]
    # THEN the project is in Draft with one contract per commitment that has an invoice contact
    project = world.call("GET", f"/api/projects/{project_id}", admin).json_body
    assert project["status"] == "draft"
    contracts = world.call("GET", f"/api/projects/{project_id}/contracts", admin).json_body["items"]
    assert [(c["number"], c["contact"]["email"]) for c in contracts] == [("SC-004", "rosa@rivera.example")]
    # AND the vendor without an invoice contact is in the project's sync log with its link
    log = world.call("GET", f"/api/projects/{project_id}/procore/sync-log", admin).json_body["entries"]
    assert [(e["contract_number"], e["vendor"], e["scope"]) for e in log] == [
        ("SC-005", "Apex Steel Inc", "Structural steel")
    ]
    assert log[0]["procore_url"] == "https://app.procore.com/11/project/commitments/work_order_contracts/902"
    assert log[0]["time"]
    assert "invoice contact" in log[0]["error"]
    # AND the project list marks it imported
    listed = world.call("GET", "/api/integrations/procore/projects", admin).json_body["projects"]
    assert listed[0]["imported"] is True
    assert listed[0]["project_id"] == project_id


def test_the_method_changes_later_and_staff_edits_survive_the_next_sync(procore):
    world, fake, facade = procore
    admin = world.gc.admin
    connect_through_consent_page(world, fake, facade)
    project_id = world.call(
        "POST",
        "/api/integrations/procore/imports",
        admin,
        {"procore_project_id": 11, "method": "subcontract"},
    ).json_body["project_id"]
    (contract,) = world.call("GET", f"/api/projects/{project_id}/contracts", admin).json_body["items"]
    # GIVEN staff corrected the contact's e-mail here, and Procore later renamed the scope
    edited = world.call(
        "PATCH",
        f"/api/contracts/{contract['id']}",
        admin,
        {"contact": {"name": "Rosa Rivera", "email": "certs@rivera.example"}},
    )
    assert edited.status_code == 200, edited.body
    fake.commitments["work_order_contracts"][901].update(
        title="Concrete and rebar", updated_at="2026-05-02T00:00:00Z"
    )
    # WHEN the import's method changes (the next sync follows it)
    changed = world.call(
        "PUT",
        f"/api/projects/{project_id}/procore",
        admin,
        {"method": "subcontract_or_purchase_order", "statuses": ["Approved"]},
    )
    assert changed.status_code == 200, changed.body
    assert changed.json_body["method"] == "subcontract_or_purchase_order"
    items = world.call("GET", f"/api/projects/{project_id}/contracts", admin).json_body["items"]
    by_number = {c["number"]: c for c in items}
    # THEN the purchase order arrived as its own contract, the staff e-mail stayed, Procore's title came in
    assert set(by_number) == {"SC-004", "PO-009"}
    assert by_number["SC-004"]["contact"]["email"] == "certs@rivera.example"
    assert by_number["SC-004"]["description"] == "Concrete and rebar"


def test_bad_choices_and_other_tenants_get_plain_errors(procore):
    world, fake, facade = procore
    admin = world.gc.admin
    # Not connected yet: a plain 409
    early = world.call(
        "POST",
        "/api/integrations/procore/imports",
        admin,
        {"procore_project_id": 11, "method": "subcontract"},
    )
    assert early.status_code == 409
    assert "connect Procore first" in early.json_body["error"]
    connect_through_consent_page(world, fake, facade)
    wrong = world.call(
        "POST",
        "/api/integrations/procore/imports",
        admin,
        {"procore_project_id": 11, "method": "subcontract", "statuses": ["Received"]},
    )
    assert wrong.status_code == 400
    assert "not a Procore status" in wrong.json_body["error"]
    missing = world.call(
        "POST", "/api/integrations/procore/imports", admin, {"procore_project_id": 999, "method": "directory"}
    )
    assert missing.status_code == 404
    bad_filter = world.call("GET", "/api/integrations/procore/projects?status=archived", admin)
    assert bad_filter.status_code == 400
    # Another tenant sees no connection and none of this tenant's projects
    assert (
        world.call("GET", "/api/integrations/procore", world.other.admin).json_body["status"]
        == "not_connected"
    )


def test_procore_failing_is_a_502_and_disconnect_cleans_up(procore):
    world, fake, facade = procore
    admin = world.gc.admin
    connect_through_consent_page(world, fake, facade)
    for _ in range(6):
        fake.fail_next(500, path_contains="/rest/v1.0/projects")
    failed = world.call("GET", "/api/integrations/procore/projects", admin)
    assert failed.status_code == 502
    assert "Procore could not answer" in failed.json_body["error"]
    fake.failures.clear()
    # WHEN an admin disconnects
    gone = world.call("DELETE", "/api/integrations/procore", admin)
    # THEN the hook is gone at Procore and the status says so
    assert gone.status_code == 200
    assert gone.json_body["status"] == "not_connected"
    assert fake.hooks == {}
    # AND only admins may connect or disconnect
    assert world.call("DELETE", "/api/integrations/procore", world.gc.standard).status_code == 403


def test_without_procore_set_up_the_status_says_so_and_connecting_is_refused(monkeypatch):
    # GIVEN a deployment whose Procore parameters were never created (the template's defaults)
    monkeypatch.delenv("PROCORE_CLIENT_ID", raising=False)
    monkeypatch.setenv("PROCORE_CLIENT_SECRET_PARAMETER", "/coi/procore/client-secret")
    monkeypatch.setenv("PROCORE_STATE_SECRET_PARAMETER", "/coi/procore/state-secret")
    with build_world() as world:
        # WHEN staff open Connected Apps (the facade built from the environment, as in AWS)
        status = world.call("GET", "/api/integrations/procore", world.gc.admin)
        connect = world.call("POST", "/api/integrations/procore/authorize", world.gc.admin)
    # THEN they read that Procore is not set up, and connecting says why
    assert status.status_code == 200
    assert (status.json_body["status"], status.json_body["configured"]) == ("not_connected", False)
    assert connect.status_code == 409
    assert "not set up" in connect.json_body["error"]
