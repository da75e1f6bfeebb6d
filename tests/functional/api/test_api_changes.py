"""Every change route succeeds once for an admin, with its documented status."""

from __future__ import annotations

from tests.functional.api.api_samples import body_for, fill
from tests.functional.api.conftest import World, build_scenario
from tests.functional.api.test_api_route_table import EXPECTED_STATUS, WRITES


def test_every_change_route_succeeds_for_an_admin(world: World):
    # GIVEN a tenant with a project, a contract and a document waiting for review
    scenario = build_scenario(world)
    admin = world.gc.admin
    from shared.workspace.repository import find_user_by_email

    reviewer = find_user_by_email(world.services.store, world.reviewer_email)
    standard = find_user_by_email(world.services.store, world.gc.standard)
    assert reviewer is not None
    assert standard is not None
    params = {
        "project_id": scenario.project_id,
        "contract_id": scenario.contract_id,
        "document_id": scenario.document_id,
        "group_id": scenario.group_id,
        "vendor_id": scenario.vendor_id,
        "user_id": standard.id,
        "token": scenario.token,
        "tenant_id": world.gc.tenant_id,
        "requirement_key": "umbrella",
    }
    entity = world.call("POST", "/api/legal-entities", admin, {"name": "Summit Builders of MA LLC"})
    params["entity_id"] = entity.json_body["id"]
    sample = world.call(
        "POST",
        f"/api/projects/{scenario.project_id}/sample-documents",
        admin,
        body_for(("POST", "/api/projects/{project_id}/sample-documents"), params),
    )
    params["sample_id"] = sample.json_body["sample_documents"][0]["id"]
    order = [r for r in WRITES if r[0] != "DELETE"] + [r for r in WRITES if r[0] == "DELETE"]
    failures = []

    # WHEN every change route is called once, deletions last
    for route in order:
        method, path = route
        route_params = dict(params)
        if route == ("DELETE", "/api/reviewer-grants/{user_id}"):
            route_params["user_id"] = reviewer.id
        if route == ("DELETE", "/api/contracts/{contract_id}"):
            # A reviewed contract cannot be removed; remove the one created above instead.
            fresh = world.call(
                "GET", f"/api/projects/{scenario.project_id}/contracts?status=needs_certificate", admin
            )
            route_params["contract_id"] = fresh.json_body["items"][0]["id"]
        response = world.call(method, fill(path, route_params), admin, body_for(route, params))
        if response.status_code != EXPECTED_STATUS[route]:
            failures.append((route, response.status_code, response.body))

    # THEN each answered with its documented success status
    assert failures == []
