"""The coverage timeline's arithmetic: policies as [effective, expiration), gaps only while needed."""

from __future__ import annotations

from datetime import UTC, date, datetime

from shared.workspace import (
    CoverageRecord,
    CoverageSpec,
    Project,
    ProjectStatus,
    RequirementGroup,
    ReviewDecisionStatus,
    Timeline,
    build_timeline,
)

GROUP = RequirementGroup(
    id="g1",
    tenant_id="t1",
    name="Default",
    coverages=[CoverageSpec(coverage="general_liability"), CoverageSpec(coverage="workers_comp")],
)
PROJECT = Project(id="p1", tenant_id="t1", number="1", name="Harbor", status=ProjectStatus.ACTIVE)


def _record(key: str, start: date, end: date, decision: ReviewDecisionStatus | None) -> CoverageRecord:
    return CoverageRecord(
        id=f"{key}{start}",
        tenant_id="t1",
        project_id="p1",
        contract_id="c1",
        vendor_id="v1",
        vendor_name="Rivera",
        requirement_key=key,
        coverage=key,
        recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
        decision=decision,
        effective_date=start,
        expiration_date=end,
    )


def _gaps(timeline: Timeline, key: str) -> list[tuple[date, date, int]]:
    lane = next(lane for lane in timeline.lanes if lane.requirement_key == key)
    return [(g.start, g.end, g.days) for g in lane.gaps]


def test_a_renewal_starting_on_the_expiration_day_leaves_no_gap() -> None:
    active = ReviewDecisionStatus.ACTIVE
    records = [
        _record("general_liability", date(2026, 1, 1), date(2027, 1, 1), active),
        _record("general_liability", date(2027, 1, 1), date(2028, 1, 1), active),
        _record("workers_comp", date(2026, 1, 1), date(2026, 7, 1), active),
        _record("workers_comp", date(2026, 7, 15), date(2027, 7, 15), ReviewDecisionStatus.REJECTED),
    ]
    timeline = build_timeline(
        "c1",
        GROUP,
        records,
        transitions=[(date(2026, 3, 1), ProjectStatus.ACTIVE)],
        project=PROJECT,
        first=date(2026, 1, 1),
        today=date(2027, 3, 1),
    )
    assert _gaps(timeline, "general_liability") == []
    # a rejected renewal covers nothing: uncovered from July 1, 2026 to today
    assert _gaps(timeline, "workers_comp") == [(date(2026, 7, 1), date(2027, 3, 1), 244)]
    assert [(p.start, p.end) for p in timeline.active] == [(date(2026, 3, 1), date(2027, 3, 1))]
    assert timeline.end == date(2028, 1, 1)  # the axis runs to the last policy's end


def test_no_gap_while_the_project_was_not_active_and_no_warranty_lane_without_warranty() -> None:
    records = [_record("general_liability", date(2026, 1, 1), date(2026, 6, 1), ReviewDecisionStatus.ACTIVE)]
    timeline = build_timeline(
        "c1",
        GROUP,
        records,
        transitions=[
            (date(2026, 1, 1), ProjectStatus.ACTIVE),
            (date(2026, 5, 1), ProjectStatus.CLOSED),
        ],
        project=PROJECT,
        first=date(2026, 1, 1),
        today=date(2026, 9, 1),
    )
    assert _gaps(timeline, "general_liability") == []
    assert [lane.requirement_key for lane in timeline.lanes] == ["general_liability", "workers_comp"]
