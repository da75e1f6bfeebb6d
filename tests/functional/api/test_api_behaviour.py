"""API behaviours beyond the route table: the vendor portal, uploads, sign-in, paging, rejection."""

from __future__ import annotations

from shared.events import ReviewCompleted
from tests.functional.api.conftest import Scenario, World, deliver_certificate


def test_portal_shows_requirements_and_tracks_an_upload(world: World, scenario: Scenario):
    token = scenario.token

    # WHEN the vendor opens the link
    page = world.call("GET", f"/api/portal/{token}")

    # THEN it shows the project and the requirements in plain words, without login
    assert page.status_code == 200
    assert page.json_body["project"] == {
        "number": "2231",
        "name": "Harbor Point",
        "address": "100 Harbor Way, Boston",
    }
    assert any(line.startswith("General liability") for line in page.json_body["requirements"])

    # WHEN they ask to upload a PDF
    ticket = world.call("POST", f"/api/portal/{token}/uploads", body={"content_type": "application/pdf"})

    # THEN the presigned POST is fixed to this contract's prefix, size and type
    assert ticket.status_code == 201
    fields = ticket.json_body["fields"]
    assert (
        fields["key"]
        == f"uploads/{world.gc.tenant_id}/{scenario.contract_id}/{ticket.json_body['document_id']}.pdf"
    )
    assert fields["Content-Type"] == "application/pdf"
    assert fields["x-amz-meta-channel"] == "portal"
    assert fields["x-amz-meta-project-id"] == scenario.project_id
    assert ticket.json_body["max_bytes"] == 25 * 1024 * 1024
    # AND until review stored it the status says processing; the stored one has its result
    pending = world.call("GET", f"/api/portal/{token}/documents/{ticket.json_body['document_id']}")
    assert (pending.status_code, pending.json_body["status"]) == (202, "processing")
    done = world.call("GET", f"/api/portal/{token}/documents/{scenario.document_id}")
    assert done.json_body == {
        "document_id": scenario.document_id,
        "status": "needs_review",
        "compliant": True,
        "problems": [],
        "unreadable": False,
        "review": None,
    }


def test_uploads_accept_only_pdf_png_jpeg(world: World, scenario: Scenario):
    response = world.call(
        "POST",
        f"/api/contracts/{scenario.contract_id}/uploads",
        world.gc.standard,
        {"content_type": "image/gif"},
    )
    assert response.status_code == 400
    assert response.json_body["fields"] == {"content_type": "only PDF, PNG or JPEG files can be uploaded"}


def test_revoked_or_regenerated_links_stop_working(world: World, scenario: Scenario):
    admin = world.gc.admin
    fresh = world.call("POST", f"/api/contracts/{scenario.contract_id}/portal-link", admin).json_body["token"]
    # The replaced link no longer opens the portal; it says so (410), with the way forward
    replaced = world.call("GET", f"/api/portal/{scenario.token}")
    assert replaced.status_code == 410
    assert "latest email from Summit Builders Inc" in replaced.json_body["error"]
    assert world.call("GET", f"/api/portal/{fresh}").status_code == 200

    world.call("DELETE", f"/api/contracts/{scenario.contract_id}/portal-link", admin)

    gone = world.call("GET", f"/api/portal/{fresh}")
    assert gone.status_code == 410
    assert "revoked" in gone.json_body["error"]
    state = world.call("GET", f"/api/contracts/{scenario.contract_id}/portal-link", admin).json_body
    assert state["portal_link"]["revoked_at"] is not None
    assert "token" not in state["portal_link"]


def test_local_sign_in_issues_a_token_for_seeded_users_only(world: World):
    signed = world.call("POST", "/api/auth/token", body={"email": world.gc.standard})
    unknown = world.call("POST", "/api/auth/token", body={"email": "nobody@summit.example"})

    assert signed.status_code == 200
    me = world.call("GET", "/api/me", headers={"Authorization": f"Bearer {signed.json_body['token']}"})
    assert me.json_body["user"]["email"] == world.gc.standard
    assert me.json_body["tenants"] == [{"tenant_id": world.gc.tenant_id, "name": "Summit Builders Inc"}]
    assert unknown.status_code == 404


def test_deactivated_user_is_refused_at_once(world: World):
    admin = world.gc.admin
    users = world.call("GET", "/api/users", admin).json_body["items"]
    pm = next(u for u in users if u["email"] == world.gc.standard)
    headers = world.headers(world.gc.standard)

    world.call("PATCH", f"/api/users/{pm['id']}", admin, {"active": False})

    assert world.call("GET", "/api/projects", headers=headers).status_code == 401


def test_rejection_through_the_api_announces_what_to_fix(world: World, scenario: Scenario):
    world.publisher.published.clear()
    decisions = [
        {
            "requirement_key": "general_liability",
            "status": "rejected",
            "note": "Add the owner as additional insured.",
        },
        {"requirement_key": "auto_liability", "status": "active"},
        {"requirement_key": "umbrella", "status": "waived", "note": "Not needed for this scope."},
        {"requirement_key": "workers_comp", "status": "approved_non_compliant"},
    ]

    missing_note = world.call(
        "POST",
        f"/api/documents/{scenario.document_id}/review/done",
        world.gc.standard,
        {"decisions": decisions},
    )
    decisions[3]["note"] = "State fund; accepted by risk manager."
    done = world.call(
        "POST",
        f"/api/documents/{scenario.document_id}/review/done",
        world.gc.standard,
        {"decisions": decisions},
    )

    assert missing_note.status_code == 400
    assert "decisions.3.note" in missing_note.json_body["fields"]
    assert done.status_code == 200
    completed = world.publisher.payloads(ReviewCompleted)
    assert [c.reasons for c in completed] == [["General liability: Add the owner as additional insured."]]
    detail = world.call("GET", f"/api/contracts/{scenario.contract_id}", world.gc.standard).json_body
    assert detail["contract"]["status"] == "non_compliant"
    statuses = {r["requirement_key"]: r["status"] for r in detail["requirements"]}
    assert statuses["general_liability"] == "inactive"
    assert statuses["workers_comp"] == "approved_non_compliant"
    assert (
        world.call("GET", "/api/coverages/summary", world.gc.admin).json_body["buckets"][
            "approved_non_compliant"
        ]
        == 1
    )


def test_renewal_upload_re_enters_the_queue_and_lists_page(world: World, scenario: Scenario):
    # GIVEN a second certificate (renewal) for the same contract
    second = deliver_certificate(world, scenario.project_id, scenario.contract_id)

    # WHEN the queue is read one item per page
    first_page = world.call("GET", "/api/review-queue?limit=1", world.gc.standard).json_body
    second_page = world.call(
        "GET", f"/api/review-queue?limit=1&cursor={first_page['next_cursor']}", world.gc.standard
    ).json_body

    # THEN both documents come, oldest first, across two pages
    assert [d["id"] for d in first_page["items"] + second_page["items"]] == [scenario.document_id, second]
