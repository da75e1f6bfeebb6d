"""The vendor's upload status shows the reviewer's decision once a person has finished the review."""

from __future__ import annotations

from typing import Any

from tests.functional.api.conftest import Scenario, World

ACCEPT_ALL = [
    {"requirement_key": "general_liability", "status": "active"},
    {"requirement_key": "auto_liability", "status": "active"},
    {"requirement_key": "umbrella", "status": "active"},
    {"requirement_key": "workers_comp", "status": "active"},
]


def _status(world: World, scenario: Scenario) -> Any:
    response = world.call("GET", f"/api/portal/{scenario.token}/documents/{scenario.document_id}")
    assert response.status_code == 200
    return response.json_body


def test_a_rejection_reaches_the_vendor_with_reasons_and_notes(world: World, scenario: Scenario):
    # GIVEN a draft review: the vendor sees no decision yet
    decisions = [dict(d) for d in ACCEPT_ALL]
    decisions[0] = {
        "requirement_key": "general_liability",
        "status": "rejected",
        "note": "Add the owner as additional insured.",
    }
    draft = world.call(
        "PUT",
        f"/api/documents/{scenario.document_id}/review",
        world.gc.standard,
        {"decisions": decisions, "notes_to_vendor": "Ask your broker for the CG 20 10."},
    )
    assert draft.status_code == 200
    assert _status(world, scenario)["review"] is None

    # WHEN staff finish the review with a rejection
    done = world.call(
        "POST",
        f"/api/documents/{scenario.document_id}/review/done",
        world.gc.standard,
        {"decisions": decisions, "notes_to_vendor": "Ask your broker for the CG 20 10."},
    )
    assert done.status_code == 200

    # THEN the vendor's status carries the human decision next to the automatic check
    body = _status(world, scenario)
    assert body["compliant"] is True
    assert body["review"] == {
        "accepted": False,
        "reasons": ["General liability: Add the owner as additional insured."],
        "notes_to_vendor": "Ask your broker for the CG 20 10.",
    }


def test_an_acceptance_reaches_the_vendor(world: World, scenario: Scenario):
    done = world.call(
        "POST",
        f"/api/documents/{scenario.document_id}/review/done",
        world.gc.standard,
        {"decisions": ACCEPT_ALL},
    )
    assert done.status_code == 200

    assert _status(world, scenario)["review"] == {"accepted": True, "reasons": [], "notes_to_vendor": None}
