"""Every decision path is checked by the JSON API itself (not only the form): a waive needs a note,
approving over open problems needs `confirm_override` and records who overrode what, and
`notify_vendor: false` records a rejection without telling the vendor now."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.events import ReviewCompleted
from tests.functional.api.conftest import Scenario, World, deliver_certificate

ALL = ("general_liability", "auto_liability", "umbrella", "workers_comp")


def _done(world: World, document_id: str, body: dict[str, Any]) -> Any:
    return world.call("POST", f"/api/documents/{document_id}/review/done", world.gc.standard, body)


def _audit(world: World, document_id: str) -> list[dict[str, Any]]:
    query = f"/api/audit?entity_type=document&entity_id={document_id}"
    items: list[dict[str, Any]] = world.call("GET", query, world.gc.admin).json_body["items"]
    return items


def test_a_waive_without_a_note_is_refused_naming_the_field(world: World, scenario: Scenario):
    decisions = [{"requirement_key": k, "status": "active"} for k in ALL]
    decisions[2] = {"requirement_key": "umbrella", "status": "waived"}

    refused = _done(world, scenario.document_id, {"decisions": decisions})

    assert refused.status_code == 400
    assert refused.json_body["fields"] == {"decisions.2.note": "a note is required to waive a requirement"}
    # AND nothing was decided
    detail = world.call("GET", f"/api/contracts/{scenario.contract_id}", world.gc.standard).json_body
    assert detail["contract"]["status"] == "needs_review"


def test_approving_over_open_problems_needs_confirmation_and_records_the_override(
    world: World, scenario: Scenario
):
    # GIVEN a certificate whose policies all expired last year
    low = deliver_certificate(
        world,
        scenario.project_id,
        scenario.contract_id,
        effective=date(2024, 1, 1),
        expiration=date(2025, 1, 1),
    )
    decisions = [{"requirement_key": k, "status": "active"} for k in ALL]

    # WHEN it is approved as plain Active without confirming
    refused = _done(world, low, {"decisions": decisions})

    # THEN the API refuses, naming the confirmation and the requirement overridden
    assert refused.status_code == 400
    assert "confirm_override" in refused.json_body["fields"]
    assert "decisions[general_liability]" in refused.json_body["fields"]

    # WHEN the override is confirmed
    done = _done(world, low, {"decisions": decisions, "confirm_override": True})

    # THEN it is applied and the audit trail says who overrode which problem
    assert done.status_code == 200
    overrides = [e for e in _audit(world, low) if e["action"] == "review.problems_overridden"]
    assert len(overrides) == 1
    assert overrides[0]["actor"] == world.gc.standard
    assert "general_liability" in overrides[0]["changes"]["overridden"]


def test_a_rejection_with_the_vendor_email_unticked_is_recorded_but_not_sent(
    world: World, scenario: Scenario
):
    world.publisher.published.clear()
    decisions = [{"requirement_key": k, "status": "active"} for k in ALL]
    decisions[0] = {"requirement_key": "general_liability", "status": "rejected", "note": "Wrong project"}

    done = _done(world, scenario.document_id, {"decisions": decisions, "notify_vendor": False})

    assert done.status_code == 200
    assert done.json_body["notify_vendor"] is False
    # THEN the decision stands, the event tells notify not to e-mail, and the trail records the choice
    detail = world.call("GET", f"/api/contracts/{scenario.contract_id}", world.gc.standard).json_body
    assert detail["contract"]["status"] == "non_compliant"
    [completed] = world.publisher.payloads(ReviewCompleted)
    assert (completed.rejected, completed.notify_vendor) == (True, False)
    [entry] = [e for e in _audit(world, scenario.document_id) if e["action"] == "review.completed"]
    assert entry["changes"]["vendor_emailed"] is False


def test_done_from_a_saved_draft_keeps_the_drafts_email_choice(world: World, scenario: Scenario):
    world.publisher.published.clear()
    decisions = [{"requirement_key": k, "status": "rejected", "note": "Expired"} for k in ALL]
    path = f"/api/documents/{scenario.document_id}/review"
    saved = world.call("PUT", path, world.gc.standard, {"decisions": decisions, "notify_vendor": False})
    assert saved.status_code == 200

    done = _done(world, scenario.document_id, {})

    assert done.status_code == 200
    [completed] = world.publisher.payloads(ReviewCompleted)
    assert completed.notify_vendor is False


def test_a_rejection_with_no_reason_at_all_is_refused_naming_the_note(world: World, scenario: Scenario):
    # GIVEN a certificate the automatic check found nothing wrong with
    decisions = [{"requirement_key": k, "status": "active"} for k in ALL]
    decisions[1] = {"requirement_key": "auto_liability", "status": "rejected"}

    refused = _done(world, scenario.document_id, {"decisions": decisions})
    decisions[1]["note"] = "Hired and non-owned autos are not covered."
    explained = _done(world, scenario.document_id, {"decisions": decisions})

    assert refused.status_code == 400
    assert list(refused.json_body["fields"]) == ["decisions.1.note"]
    assert explained.status_code == 200


def test_accepting_a_certificate_level_problem_without_a_note_names_the_note(
    world: World, scenario: Scenario
):
    body = {
        "decisions": [{"requirement_key": k, "status": "active"} for k in ALL],
        "document_decisions": [{"code": "INSURED_NAME_MISMATCH", "status": "accepted"}],
    }
    refused = _done(world, scenario.document_id, body)
    assert refused.status_code == 400
    assert list(refused.json_body["fields"]) == ["document_decisions.0.note"]
