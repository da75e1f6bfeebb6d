"""Pure compliance rules: requirement status from stacked coverage history, contract status.

Decision (issue 5, point 6): a contract is compliant exactly when every requirement that is not
waived is Active on the day. "Approved Non-compliant" is a reviewer's approval with a recorded
exception, so it counts as Active for compliance (otherwise approving it would change nothing);
company views still list it in its own bucket.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from shared.workspace.entities import (
    Contract,
    ContractCompliance,
    CoverageRecord,
    CoverageStatus,
    RequirementGroup,
    ReviewDecisionStatus,
)


def _stack_order(record: CoverageRecord) -> tuple[datetime, date]:
    """Oldest first; a certificate running later sorts after one received at the same moment."""
    return record.recorded_at, record.expiration_date or date.max


SATISFIED = frozenset({CoverageStatus.ACTIVE, CoverageStatus.APPROVED_NON_COMPLIANT, CoverageStatus.WAIVED})


def requirement_status(records: Iterable[CoverageRecord], day: date) -> CoverageStatus:
    """The requirement's status on `day` given every record stacked for it (renewals included)."""
    history = sorted(records, key=_stack_order)
    if not history:
        return CoverageStatus.MISSING
    decided = [r for r in history if r.decision is not None]
    if decided and decided[-1].decision == ReviewDecisionStatus.WAIVED:
        return CoverageStatus.WAIVED
    statuses = [r.status_on(day) for r in history]
    if CoverageStatus.ACTIVE in statuses:
        return CoverageStatus.ACTIVE
    if CoverageStatus.APPROVED_NON_COMPLIANT in statuses:
        return CoverageStatus.APPROVED_NON_COMPLIANT
    if history[-1].decision is None:
        return CoverageStatus.UNREVIEWED
    return CoverageStatus.INACTIVE


@dataclass
class RequirementState:
    requirement_key: str
    coverage: str
    label: str | None
    status: CoverageStatus
    waived_by_group: bool = False
    current: CoverageRecord | None = None
    history: list[CoverageRecord] = field(default_factory=list)


def requirement_states(
    group: RequirementGroup, records: Iterable[CoverageRecord], day: date
) -> list[RequirementState]:
    by_key: dict[str, list[CoverageRecord]] = defaultdict(list)
    for record in records:
        by_key[record.requirement_key].append(record)
    states = []
    for spec in group.coverages:
        key = spec.requirement_key
        states.append(_state(key, spec.coverage, spec.label, by_key.get(key, []), day, waived=spec.waived))
    for doc in group.required_documents:
        states.append(
            _state(doc.requirement_key, "document", doc.name, by_key.get(doc.requirement_key, []), day)
        )
    return states


def _state(  # noqa: PLR0913  one requirement's identity, its history and the day judged
    key: str,
    coverage: str,
    label: str | None,
    history: list[CoverageRecord],
    day: date,
    *,
    waived: bool = False,
) -> RequirementState:
    history = sorted(history, key=_stack_order, reverse=True)
    status = CoverageStatus.WAIVED if waived else requirement_status(history, day)
    current = next((r for r in history if r.status_on(day) == status), history[0] if history else None)
    return RequirementState(
        key, coverage, label, status, waived_by_group=waived, current=current, history=history
    )


def contract_status(
    contract: Contract,
    group: RequirementGroup,
    records: Iterable[CoverageRecord],
    day: date,
    *,
    has_document_needing_review: bool,
) -> ContractCompliance:
    if not contract.active:
        return "inactive"
    if has_document_needing_review:
        return "needs_review"
    records = list(records)
    states = requirement_states(group, records, day)
    if all(s.status in SATISFIED for s in states):
        return "compliant"
    if not any(r.document_id for r in records):
        return "needs_certificate"
    return "non_compliant"


_APPROVED = (ReviewDecisionStatus.ACTIVE, ReviewDecisionStatus.APPROVED_NON_COMPLIANT)


def compliant_until(group: RequirementGroup, records: Iterable[CoverageRecord], day: date) -> date | None:
    """The last day every non-waived requirement stays met by approved coverage, following
    renewals that start before the previous policy ends; None when not met on `day`."""
    ends = []
    for state in requirement_states(group, records, day):
        if state.status == CoverageStatus.WAIVED:
            continue
        if state.status not in (CoverageStatus.ACTIVE, CoverageStatus.APPROVED_NON_COMPLIANT):
            return None
        approved = sorted(
            (r for r in state.history if r.decision in _APPROVED),
            key=lambda r: r.effective_date or date.min,
        )
        end = day - timedelta(days=1)
        extended = True
        while extended and end != date.max:
            extended = False
            for record in approved:
                starts = record.effective_date or date.min
                stops = record.expiration_date or date.max
                if starts <= end + timedelta(days=1) and stops > end:
                    end, extended = stops, True
                    if end == date.max:
                        break
        ends.append(end)
    return min(ends) if ends else date.max


def waived_requirement_keys(
    group: RequirementGroup, records: Iterable[CoverageRecord], day: date
) -> set[str]:
    """Requirements waived for the contract, by its group or by a waiver or review decision."""
    by_key: dict[str, list[CoverageRecord]] = {}
    for record in records:
        by_key.setdefault(record.requirement_key, []).append(record)
    waived = set(group.waived_keys())
    for key, history in by_key.items():
        if requirement_status(history, day) == CoverageStatus.WAIVED:
            waived.add(key)
    return waived


def without_waived(group: RequirementGroup, waived: set[str]) -> RequirementGroup:
    """The group as the vendor must meet it: waived coverages marked waived, waived documents gone
    (every vendor-facing list already skips a waived coverage)."""
    if not waived:
        return group
    return group.model_copy(
        update={
            "coverages": [
                c.model_copy(update={"waived": True}) if c.requirement_key in waived else c
                for c in group.coverages
            ],
            "required_documents": [d for d in group.required_documents if d.requirement_key not in waived],
        }
    )
