"""From project creation to a compliant contract, through the API and the review handler."""

from __future__ import annotations

from shared.events import ComplianceChanged, ReviewCompleted
from tests.functional.api.conftest import World, deliver_certificate


def test_project_to_compliant_contract(world: World):
    admin, pm = world.gc.admin, world.gc.standard

    # GIVEN an active project (the tenant default requirements are copied in) and a vendor on it
    project = world.call(
        "POST",
        "/api/projects",
        pm,
        {
            "number": "2231",
            "name": "Harbor Point",
            "status": "active",
            "additional_insureds": ["Harbor Point Owner LLC"],
        },
    )
    assert project.status_code == 201
    project_id = project.json_body["id"]
    assert project.json_body["additional_insureds"] == ["Summit Builders Inc", "Harbor Point Owner LLC"]
    contract = world.call(
        "POST",
        f"/api/projects/{project_id}/contracts",
        pm,
        {"vendor": {"name": "Rivera Concrete LLC"}, "contact": {"email": "rosa@rivera.example"}},
    )
    assert contract.status_code == 201
    contract_id = contract.json_body["id"]
    assert contract.json_body["status"] == "needs_certificate"

    # WHEN staff drop a file (presigned POST under the contract's prefix) and intake extracts it
    ticket = world.call(
        "POST", f"/api/contracts/{contract_id}/uploads", pm, {"content_type": "application/pdf"}
    )
    assert ticket.status_code == 201
    assert ticket.json_body["key"].startswith(f"uploads/{world.gc.tenant_id}/{contract_id}/")
    document_id = deliver_certificate(world, project_id, contract_id)

    # THEN the document waits in Needs Review with a compliant automatic verdict
    queue = world.call("GET", "/api/review-queue", pm).json_body["items"]
    assert [d["id"] for d in queue] == [document_id]
    assert queue[0]["verdict"]["compliant"] is True
    detail = world.call("GET", f"/api/contracts/{contract_id}", pm).json_body
    assert detail["contract"]["status"] == "needs_review"
    statuses = {r["requirement_key"]: r["status"] for r in detail["requirements"]}
    assert statuses == {
        "general_liability": "unreviewed",
        "auto_liability": "unreviewed",
        "umbrella": "unreviewed",
        "workers_comp": "unreviewed",
        "document:w9": "missing",
    }

    # WHEN the reviewer saves a draft, cancels, and later presses Done approving everything
    decisions = [{"requirement_key": key, "status": "active"} for key in statuses]
    draft = world.call("PUT", f"/api/documents/{document_id}/review", pm, {"decisions": decisions})
    assert draft.status_code == 200
    assert (
        world.call("GET", f"/api/contracts/{contract_id}", pm).json_body["contract"]["status"]
        == "needs_review"
    )
    world.publisher.published.clear()
    done = world.call("POST", f"/api/documents/{document_id}/review/done", pm, {})
    assert done.status_code == 200
    assert done.json_body["state"] == "done"

    # THEN the contract is compliant, the project bar is full, nothing waits for review
    detail = world.call("GET", f"/api/contracts/{contract_id}", pm).json_body
    assert detail["contract"]["status"] == "compliant"
    assert {r["status"] for r in detail["requirements"]} == {"active"}
    gl = next(r for r in detail["requirements"] if r["requirement_key"] == "general_liability")
    assert gl["current"]["policy_number"] == "GL-88120"
    assert gl["current"]["expiration_date"] == "2027-01-01"
    assert world.call("GET", f"/api/projects/{project_id}", pm).json_body["compliance"] == {
        "active_contracts": 1,
        "compliant_contracts": 1,
        "percent": 100,
    }
    assert world.call("GET", "/api/review-queue", pm).json_body["items"] == []
    assert world.call("GET", "/api/contracts?status=compliant", pm).json_body["items"][0]["id"] == contract_id
    # AND the facts were announced for notify, Procore and ERP consumers
    completed = world.publisher.payloads(ReviewCompleted)
    assert [c.rejected for c in completed] == [False]
    changed = world.publisher.payloads(ComplianceChanged)
    assert [(c.previous_status, c.status) for c in changed] == [("needs_review", "compliant")]
    # AND company views reflect it; the audit trail records who decided
    summary = world.call("GET", "/api/coverages/summary", admin).json_body["buckets"]
    assert summary["active"] == 5
    assert world.call("GET", "/api/do-not-pay", admin).json_body["items"] == []
    audit = world.call("GET", f"/api/contracts/{contract_id}/audit", admin).json_body["items"]
    assert any(
        a["action"] == "contract.status_changed" and a["changes"]["status"] == "compliant" for a in audit
    )
    # AND on a pay date after the policies expire the contract is on the Do-Not-Pay list
    later = world.call("GET", "/api/do-not-pay?date=2027-02-01", admin).json_body["items"]
    assert [c["id"] for c in later] == [contract_id]
