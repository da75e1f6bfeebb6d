"""Every change route succeeds once for an admin, with its documented status."""

from __future__ import annotations

from tests.functional.api.api_samples import body_for, fill
from tests.functional.api.conftest import World, build_scenario
from tests.functional.api.integrations import install_ap_mailer, install_fake_procore
from tests.functional.api.test_api_route_table import EXPECTED_STATUS, WRITES

# Procore routes each need the one before: configured, connected, a company chosen, a project imported.
PROCORE_IN_ORDER = [
    ("POST", "/api/integrations/procore/authorize"),
    ("POST", "/api/integrations/procore/service-account"),
    ("PUT", "/api/integrations/procore/company"),
    ("POST", "/api/integrations/procore/imports"),
    ("PUT", "/api/projects/{project_id}/procore"),
]


def test_every_change_route_succeeds_for_an_admin(world: World):
    # GIVEN a tenant with a project, a contract and a document waiting for review
    scenario = build_scenario(world)
    admin = world.gc.admin
    from shared.workspace import find_user_by_email

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
    # AND Procore set up for the installation (the fake Procore behind it)
    install_fake_procore(world)
    # AND an ERP export whose e-mail to accounts payable failed, so there is a delivery to retry
    mailer = install_ap_mailer(world)
    world.call(
        "PUT",
        "/api/erp/settings",
        admin,
        {"erps": ["vista"], "email_files": True, "ap_emails": ["ap@summit.example"]},
    )
    mailer.fail = True
    failed = world.call("POST", "/api/erp/exports", admin, {"erp": "vista"})
    assert failed.status_code == 201, failed.body
    assert [d["status"] for d in failed.json_body["deliveries"]] == ["failed"]
    mailer.fail = False
    params["export_id"] = failed.json_body["id"]
    # AND a Draft project whose go-live checklist passes (the scenario's project is already Active)
    draft = world.call(
        "POST",
        "/api/projects",
        admin,
        {"number": "3108", "name": "Lakeside Annex", "additional_insureds": ["Lakeside Library Trust"]},
    ).json_body
    world.call(
        "POST",
        f"/api/projects/{draft['id']}/contracts",
        admin,
        {"vendor": {"name": "Lakeside Roofing Co"}, "contact": {"email": "certs@lakesideroofing.example"}},
    )
    writes = [r for r in WRITES if r[0] != "DELETE" and r not in PROCORE_IN_ORDER]
    order = writes + PROCORE_IN_ORDER + [r for r in WRITES if r[0] == "DELETE"]
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
        if route == ("PUT", "/api/projects/{project_id}/procore"):
            # Only a project imported from Procore has an import to change: the one imported above.
            route_params["project_id"] = params["imported_project_id"]
        if route == ("POST", "/api/projects/{project_id}/go-live"):
            route_params["project_id"] = draft["id"]
        response = world.call(method, fill(path, route_params), admin, body_for(route, params))
        if response.status_code != EXPECTED_STATUS[route]:
            failures.append((route, response.status_code, response.body))
        elif route == ("POST", "/api/integrations/procore/imports"):
            params["imported_project_id"] = response.json_body["project_id"]

    # THEN each answered with its documented success status
    assert failures == []
    # AND the retry really delivered the export that had failed
    exports = world.call("GET", "/api/erp/exports", admin).json_body["items"]
    retried = next(e for e in exports if e["id"] == params["export_id"])
    assert [d["status"] for d in retried["deliveries"]] == ["sent"]
