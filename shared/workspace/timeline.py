"""A contract's coverage on a time axis: every policy each requirement was shown by, the days without
approved coverage while the project needed it, and the project's own periods.

    contract_timeline(ctx, contract_id) -> Timeline     (tenant-scoped reads, READ or REVIEW)
    build_timeline(...) -> Timeline                      (pure: records, periods and today in)

The axis runs from the first certificate (the earliest policy start on the contract; the contract's
creation when there is none yet) to today. A policy covers [effective, expiration): coverage ends
at the start of the expiration day, so a renewal effective that day leaves no gap.

Coverage is needed while the project is active (or frozen: work paused, the site still exists).
Completed-operations coverage (the general liability policy's products-completed operations
hazard, where the GC is an additional insured by CG 20 37 or equivalent) is also needed through
the warranty period, which starts when the project enters `warranty` and ends on its
`warranty_end_date` (required with that status). Its own lane shows a lapse there as a gap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from shared.workspace.access import Context, Permission
from shared.workspace.entities import (
    CoverageRecord,
    Project,
    ProjectStatus,
    RequirementGroup,
    ReviewDecisionStatus,
)
from shared.workspace.scope import require_contract_in_scope

_APPROVED = (ReviewDecisionStatus.ACTIVE, ReviewDecisionStatus.APPROVED_NON_COMPLIANT)
_NEEDS_COVERAGE = (ProjectStatus.ACTIVE, ProjectStatus.FROZEN)
COMPLETED_OPERATIONS = "completed_operations"


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive last day

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_json(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "days": self.days}


@dataclass(frozen=True)
class PolicyBar:
    start: date
    end: date  # the expiration date (exclusive)
    decision: str  # active | approved_non_compliant | rejected | pending
    policy_number: str | None
    insurer_name: str | None
    document_id: str | None

    @property
    def approved(self) -> bool:
        return self.decision in {d.value for d in _APPROVED}

    def as_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "decision": self.decision,
            "policy_number": self.policy_number,
            "insurer_name": self.insurer_name,
            "document_id": self.document_id,
        }


@dataclass
class Lane:
    requirement_key: str
    coverage: str
    label: str | None
    waived: bool = False
    policies: list[PolicyBar] = field(default_factory=list)
    gaps: list[Period] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "requirement_key": self.requirement_key,
            "coverage": self.coverage,
            "label": self.label,
            "waived": self.waived,
            "policies": [p.as_json() for p in self.policies],
            "gaps": [g.as_json() for g in self.gaps],
        }


@dataclass
class Timeline:
    contract_id: str
    start: date
    end: date
    active: list[Period]
    warranty: Period | None
    lanes: list[Lane]

    def as_json(self) -> dict[str, Any]:
        return {
            "contract_id": self.contract_id,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "project": {
                "active": [p.as_json() for p in self.active],
                "warranty": self.warranty.as_json() if self.warranty else None,
            },
            "coverages": [lane.as_json() for lane in self.lanes],
        }

    def position(self, day: date) -> float:
        """Where `day` falls on the axis, 0..100 (for the page's bars)."""
        span = max((self.end - self.start).days + 1, 1)
        return round(100 * min(max((day - self.start).days, 0), span) / span, 2)


def contract_timeline(ctx: Context, contract_id: str) -> Timeline:
    if not ctx.actor.may(Permission.REVIEW):
        ctx.require(Permission.READ)
    repo = ctx.repo
    contract, records = repo.contract_with_history(contract_id)
    require_contract_in_scope(ctx, contract.id)  # a Reviewer: only while something waits for review
    group, project, _vendor, _link = repo.contract_surroundings(contract)
    transitions = project_transitions(ctx, project)
    first = min((r.effective_date for r in records if r.effective_date), default=contract.created_at.date())
    return build_timeline(
        contract.id,
        group,
        records,
        transitions=transitions,
        project=project,
        first=first,
        today=ctx.clock.today(),
    )


def project_transitions(ctx: Context, project: Project) -> list[tuple[date, ProjectStatus]]:
    """(day, status) from the project's creation on, read from its audit trail."""
    changes: list[tuple[date, str, str]] = []
    cursor = None
    while True:
        page = ctx.repo.audit_trail(entity_type="project", entity_id=project.id, cursor=cursor, limit=100)
        for entry in page.items:
            if entry.action == "project.status_changed":
                changes.append(
                    (entry.at.date(), str(entry.changes.get("previous")), str(entry.changes.get("status")))
                )
        cursor = page.next_cursor
        if cursor is None:
            break
    changes.sort(key=lambda change: change[0])
    initial = _status(changes[0][1]) if changes else project.status
    transitions = [(project.created_at.date(), initial)]
    transitions += [(day, _status(status)) for day, _previous, status in changes]
    return transitions


def _status(value: str) -> ProjectStatus:
    try:
        return ProjectStatus(value)
    except ValueError:
        return ProjectStatus.DRAFT


def build_timeline(  # noqa: PLR0913  pure: everything the timeline is drawn from, keyword-only
    contract_id: str,
    group: RequirementGroup,
    records: Iterable[CoverageRecord],
    *,
    transitions: Sequence[tuple[date, ProjectStatus]],
    project: Project,
    first: date,
    today: date,
) -> Timeline:
    start = min(first, today)
    active = _periods(transitions, _NEEDS_COVERAGE, today)
    warranty = _warranty(transitions, project, today)
    by_key: dict[str, list[CoverageRecord]] = {}
    for record in records:
        by_key.setdefault(record.requirement_key, []).append(record)
    lanes = []
    for spec in group.coverages:
        history = by_key.get(spec.requirement_key, [])
        lane = Lane(spec.requirement_key, spec.coverage, spec.label, waived=spec.waived)
        lane.waived = lane.waived or any(r.decision == ReviewDecisionStatus.WAIVED for r in history)
        lane.policies = _bars(history)
        if not lane.waived:
            lane.gaps = _gaps(lane.policies, _clip(active, start, today))
        lanes.append(lane)
        if spec.coverage == "general_liability" and warranty is not None and not lane.waived:
            lanes.append(
                Lane(
                    COMPLETED_OPERATIONS,
                    "general_liability",
                    "Completed operations (warranty period)",
                    policies=lane.policies,
                    gaps=_gaps(lane.policies, _clip([warranty], start, today)),
                )
            )
    end = max([today, *(bar.end for lane in lanes for bar in lane.policies)])
    return Timeline(contract_id, start, end, _clip(active, start, end), warranty, lanes)


def _periods(
    transitions: Sequence[tuple[date, ProjectStatus]], wanted: tuple[ProjectStatus, ...], today: date
) -> list[Period]:
    periods: list[Period] = []
    for index, (day, status) in enumerate(transitions):
        if status not in wanted:
            continue
        following = transitions[index + 1][0] - timedelta(days=1) if index + 1 < len(transitions) else today
        if following < day:
            continue
        if periods and periods[-1].end >= day - timedelta(days=1):
            periods[-1] = Period(periods[-1].start, max(periods[-1].end, following))
        else:
            periods.append(Period(day, following))
    return periods


def _warranty(
    transitions: Sequence[tuple[date, ProjectStatus]], project: Project, today: date
) -> Period | None:
    if project.warranty_end_date is None:
        return None
    entered = next((day for day, status in transitions if status == ProjectStatus.WARRANTY), None)
    if entered is None:
        return None
    if entered > project.warranty_end_date:
        return None
    return Period(entered, project.warranty_end_date)


def _clip(periods: Iterable[Period], start: date, end: date) -> list[Period]:
    clipped = []
    for period in periods:
        first, last = max(period.start, start), min(period.end, end)
        if first <= last:
            clipped.append(Period(first, last))
    return clipped


def _bars(history: Iterable[CoverageRecord]) -> list[PolicyBar]:
    bars = []
    for record in history:
        if record.effective_date is None or record.expiration_date is None:
            continue
        decision = record.decision.value if record.decision is not None else "pending"
        bars.append(
            PolicyBar(
                record.effective_date,
                record.expiration_date,
                decision,
                record.policy_number,
                record.insurer_name,
                record.document_id,
            )
        )
    return sorted(bars, key=lambda bar: (bar.start, bar.end))


def _gaps(bars: Sequence[PolicyBar], needed: Sequence[Period]) -> list[Period]:
    """Days of `needed` that no approved policy covers ([effective, expiration) each)."""
    covered = sorted((bar.start, bar.end - timedelta(days=1)) for bar in bars if bar.approved)
    gaps: list[Period] = []
    for period in needed:
        cursor = period.start
        for first, last in covered:
            if last < cursor or first > period.end:
                continue
            if first > cursor:
                gaps.append(Period(cursor, first - timedelta(days=1)))
            cursor = max(cursor, last + timedelta(days=1))
            if cursor > period.end:
                break
        if cursor <= period.end:
            gaps.append(Period(cursor, period.end))
    return gaps
