"""Go-live through the API, as in the UI: a Draft project shows the customer's checklist and turns
Active (sending the queued requests) only once every required item is met; there is no override,
and the status route does not bypass the checklist."""

from __future__ import annotations

from shared.events import ProjectStatusChanged
from tests.functional.api.conftest import World

ITEMS = [
    "requirement_group",
    "additional_insureds",
    "sample_documents",
    "active_contract",
    "contacts",
    "procore_sync",
]


def _draft_project(world: World) -> str:
    created = world.call(
        "POST",
        "/api/projects",
        world.gc.admin,
        {"number": "3107", "name": "Lakeside Library", "additional_insureds": ["Lakeside Library Trust"]},
    )
    assert created.json_body["status"] == "draft"
    project_id: str = created.json_body["id"]
    return project_id


def test_the_checklist_lists_every_item_and_go_live_waits_for_it(world: World):
    project_id = _draft_project(world)
    path = f"/api/projects/{project_id}/go-live"

    # WHEN the checklist is read before any contract exists
    checklist = world.call("GET", path, world.gc.standard)

    # THEN it lists the customer's items with key, label, ok and detail, and is not ready
    assert checklist.status_code == 200
    body = checklist.json_body
    assert [i["key"] for i in body["items"]] == ITEMS
    assert set(body["items"][0]) >= {"key", "label", "ok", "detail"}
    assert (body["status"], body["ready"]) == ("draft", False)
    by_key = {i["key"]: i for i in body["items"]}
    assert by_key["active_contract"]["ok"] is False
    assert by_key["additional_insureds"]["ok"] is True

    # WHEN staff try to go live anyway
    refused = world.call("POST", path, world.gc.standard)

    # THEN 409 names the failing items, and the project stays in Draft
    assert refused.status_code == 409
    assert {i["key"] for i in refused.json_body["failing"]} == {"active_contract", "contacts"}
    assert "active_contract" in refused.json_body["fields"]
    assert world.call("GET", f"/api/projects/{project_id}", world.gc.standard).json_body["status"] == "draft"


def test_there_is_no_override_and_the_status_route_does_not_bypass_the_checklist(world: World):
    project_id = _draft_project(world)

    override = world.call(
        "POST", f"/api/projects/{project_id}/go-live", world.gc.admin, {"override": True, "note": "rush"}
    )
    bypass = world.call("POST", f"/api/projects/{project_id}/status", world.gc.admin, {"status": "active"})

    assert override.status_code == 400
    assert "override" in override.json_body["fields"]
    assert bypass.status_code == 409
    assert "go-live" in bypass.json_body["error"]
    assert world.call("GET", f"/api/projects/{project_id}", world.gc.admin).json_body["status"] == "draft"


def test_once_the_checklist_passes_the_project_goes_live_and_the_requests_go_out(world: World):
    project_id = _draft_project(world)
    world.call(
        "POST",
        f"/api/projects/{project_id}/contracts",
        world.gc.admin,
        {"vendor": {"name": "Lakeside Roofing Co"}, "contact": {"email": "certs@lakesideroofing.example"}},
    )
    assert world.call("GET", f"/api/projects/{project_id}/go-live", world.gc.admin).json_body["ready"]
    world.publisher.published.clear()

    went = world.call("POST", f"/api/projects/{project_id}/go-live", world.gc.standard)

    assert went.status_code == 200
    assert went.json_body["status"] == "active"
    changes = world.publisher.payloads(ProjectStatusChanged)
    assert [(c.previous_status, c.status) for c in changes] == [("draft", "active")]
    # AND a second go-live is a conflict (it is no longer Draft)
    again = world.call("POST", f"/api/projects/{project_id}/go-live", world.gc.standard)
    assert again.status_code == 409


def test_read_only_users_read_the_checklist_but_cannot_go_live(world: World):
    project_id = _draft_project(world)
    path = f"/api/projects/{project_id}/go-live"
    assert world.call("GET", path, world.gc.read_only).status_code == 200
    assert world.call("POST", path, world.gc.read_only).status_code == 403


def test_the_openapi_document_describes_both_go_live_routes(world: World):
    paths = world.call("GET", "/api/openapi.json").json_body["paths"]
    operations = paths["/api/projects/{project_id}/go-live"]
    assert set(operations) == {"get", "post"}
    assert "409" in operations["post"]["responses"]
    assert "checklist" in operations["get"]["summary"]
