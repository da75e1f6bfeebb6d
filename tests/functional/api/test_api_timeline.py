"""GET /api/contracts/{id}/timeline: policies per coverage, gaps while the project needed coverage,
completed operations through the warranty period, tenant-scoped."""

from __future__ import annotations

from datetime import date

from shared import workspace
from shared.workspace import RequirementDecision, ReviewDecisionStatus, ReviewInput, TenantRepository
from tests.functional.api.conftest import Scenario, World


def _approve_everything_shown(world: World, scenario: Scenario) -> None:
    repo = TenantRepository(world.services.store, world.gc.tenant_id)
    records = [
        r for r in repo.coverage_records(scenario.contract_id) if r.document_id == scenario.document_id
    ]
    decisions = [
        RequirementDecision(requirement_key=r.requirement_key, status=ReviewDecisionStatus.ACTIVE)
        for r in records
    ]
    workspace.complete_review(
        world.ctx(world.gc.admin), scenario.document_id, ReviewInput(decisions=decisions)
    )


def _move_to(world: World, day: date) -> None:
    world.clock.advance(days=(day - world.clock.today()).days)


def _lane(timeline: dict, key: str) -> dict:
    return next(lane for lane in timeline["coverages"] if lane["requirement_key"] == key)


def test_a_pending_certificate_is_drawn_but_leaves_the_project_uncovered(
    world: World, scenario: Scenario
) -> None:
    response = world.call("GET", f"/api/contracts/{scenario.contract_id}/timeline", world.gc.admin)

    assert response.status_code == 200
    timeline = response.json_body
    assert (timeline["start"], timeline["end"]) == ("2026-01-01", "2027-01-01")
    assert timeline["project"]["active"] == [{"start": "2026-05-01", "end": "2026-05-01", "days": 1}]
    general = _lane(timeline, "general_liability")
    assert [(p["start"], p["end"], p["decision"]) for p in general["policies"]] == [
        ("2026-01-01", "2027-01-01", "pending")
    ]
    assert general["gaps"] == [{"start": "2026-05-01", "end": "2026-05-01", "days": 1}]


def test_gaps_after_expiry_and_completed_operations_lapsing_in_the_warranty_period(
    world: World, scenario: Scenario
) -> None:
    # GIVEN the certificate (policies to January 1, 2027) approved
    _approve_everything_shown(world, scenario)
    # AND the project finished on February 1, 2027 with a one-year warranty
    _move_to(world, date(2027, 2, 1))
    moved = world.call(
        "POST",
        f"/api/projects/{scenario.project_id}/status",
        world.gc.admin,
        {"status": "warranty", "warranty_end_date": "2028-02-01"},
    )
    assert moved.status_code == 200, moved.body
    _move_to(world, date(2027, 3, 1))

    # WHEN the timeline is read on March 1, 2027
    timeline = world.call("GET", f"/api/contracts/{scenario.contract_id}/timeline", world.gc.admin).json_body

    # THEN the project was active until the warranty began
    assert timeline["project"]["active"] == [{"start": "2026-05-01", "end": "2027-01-31", "days": 276}]
    assert timeline["project"]["warranty"] == {"start": "2027-02-01", "end": "2028-02-01", "days": 366}
    # AND general liability had no approved coverage in the last month of work
    assert _lane(timeline, "general_liability")["gaps"] == [
        {"start": "2027-01-01", "end": "2027-01-31", "days": 31}
    ]
    # AND completed operations lapsed during the warranty period, up to today
    completed = _lane(timeline, "completed_operations")
    assert completed["coverage"] == "general_liability"
    assert completed["gaps"] == [{"start": "2027-02-01", "end": "2027-03-01", "days": 29}]
    assert timeline["end"] == "2027-03-01"


def test_another_tenants_contract_is_not_found(world: World, scenario: Scenario) -> None:
    response = world.call("GET", f"/api/contracts/{scenario.contract_id}/timeline", world.other.admin)
    assert response.status_code == 404
