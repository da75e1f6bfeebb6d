"""Requirement and contract status from stacked coverage history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from shared.workspace import (
    Contract,
    CoverageRecord,
    CoverageSpec,
    CoverageStatus,
    RequiredDocument,
    RequirementGroup,
    ReviewDecisionStatus,
    contract_status,
    requirement_status,
)

DAY = date(2026, 5, 1)
BASE = datetime(2026, 1, 1, tzinfo=UTC)


def _record(
    n: int, decision: ReviewDecisionStatus | None, expiration: date | None, key: str = "general_liability"
):
    return CoverageRecord(
        id=f"{n:032d}",
        tenant_id="t" * 32,
        project_id="p" * 32,
        contract_id="c" * 32,
        vendor_id="v" * 32,
        vendor_name="Rivera",
        requirement_key=key,
        coverage="general_liability",
        document_id=f"{n:032d}",
        recorded_at=BASE + timedelta(days=n),
        decision=decision,
        expiration_date=expiration,
    )


def _group(*, waived_umbrella: bool = False, w9: bool = False) -> RequirementGroup:
    return RequirementGroup(
        id="g" * 32,
        tenant_id="t" * 32,
        name="Default",
        coverages=[
            CoverageSpec(coverage="general_liability"),
            CoverageSpec(coverage="umbrella", waived=waived_umbrella),
        ],
        required_documents=[RequiredDocument(key="w9", name="W-9")] if w9 else [],
    )


def _contract(active: bool = True) -> Contract:
    return Contract(
        id="c" * 32,
        tenant_id="t" * 32,
        project_id="p" * 32,
        vendor_id="v" * 32,
        vendor_name="Rivera",
        requirement_group_id="g" * 32,
        active=active,
    )


def test_no_record_is_missing_and_an_undecided_one_unreviewed():
    assert requirement_status([], DAY) == CoverageStatus.MISSING
    assert requirement_status([_record(1, None, date(2027, 1, 1))], DAY) == CoverageStatus.UNREVIEWED


def test_an_approved_certificate_is_active_until_it_expires():
    record = _record(1, ReviewDecisionStatus.ACTIVE, date(2026, 6, 30))
    assert requirement_status([record], DAY) == CoverageStatus.ACTIVE
    assert requirement_status([record], date(2026, 7, 1)) == CoverageStatus.INACTIVE


def test_a_pending_renewal_stacks_on_an_approved_certificate_still_in_force():
    # GIVEN an approved policy in force and its renewal not yet reviewed
    history = [
        _record(1, ReviewDecisionStatus.ACTIVE, date(2026, 6, 30)),
        _record(2, None, date(2027, 6, 30)),
    ]

    # THEN the requirement stays active now, and is unreviewed once the old one expired
    assert requirement_status(history, DAY) == CoverageStatus.ACTIVE
    assert requirement_status(history, date(2026, 7, 2)) == CoverageStatus.UNREVIEWED


def test_rejection_makes_the_requirement_inactive_and_a_later_waiver_wins():
    rejected = _record(1, ReviewDecisionStatus.REJECTED, date(2027, 1, 1))
    assert requirement_status([rejected], DAY) == CoverageStatus.INACTIVE
    waiver = _record(2, ReviewDecisionStatus.WAIVED, None)
    assert requirement_status([rejected, waiver], DAY) == CoverageStatus.WAIVED


def test_contract_is_compliant_exactly_when_every_non_waived_requirement_is_active():
    # GIVEN a group whose umbrella is waived by the group itself
    group = _group(waived_umbrella=True)
    active_gl = [_record(1, ReviewDecisionStatus.ACTIVE, date(2027, 1, 1))]

    assert (
        contract_status(_contract(), group, active_gl, DAY, has_document_needing_review=False) == "compliant"
    )
    # AND a document without expiry (W-9) that is missing keeps it non-compliant
    assert (
        contract_status(
            _contract(),
            _group(waived_umbrella=True, w9=True),
            active_gl,
            DAY,
            has_document_needing_review=False,
        )
        == "non_compliant"
    )


def test_approved_non_compliant_counts_as_an_approval():
    group = _group(waived_umbrella=True)
    history = [_record(1, ReviewDecisionStatus.APPROVED_NON_COMPLIANT, date(2027, 1, 1))]
    assert contract_status(_contract(), group, history, DAY, has_document_needing_review=False) == "compliant"


def test_status_precedence_inactive_then_needs_review_then_needs_certificate():
    group = _group()
    assert (
        contract_status(_contract(active=False), group, [], DAY, has_document_needing_review=True)
        == "inactive"
    )
    assert contract_status(_contract(), group, [], DAY, has_document_needing_review=True) == "needs_review"
    assert (
        contract_status(_contract(), group, [], DAY, has_document_needing_review=False) == "needs_certificate"
    )
    expired = [_record(1, ReviewDecisionStatus.ACTIVE, date(2026, 4, 1))]
    assert (
        contract_status(_contract(), group, expired, DAY, has_document_needing_review=False)
        == "non_compliant"
    )


def _approved(n: int, effective: date, expiration: date, key: str = "general_liability") -> CoverageRecord:
    record = _record(n, ReviewDecisionStatus.ACTIVE, expiration, key)
    return record.model_copy(update={"effective_date": effective})


def test_compliant_until_follows_renewals_without_a_gap_and_stops_at_one():
    from shared.workspace import compliant_until

    group = _group(waived_umbrella=True)
    chained = [
        _approved(1, date(2025, 7, 1), date(2026, 7, 1)),
        _approved(2, date(2026, 7, 1), date(2027, 7, 1)),
    ]
    gapped = [
        _approved(1, date(2025, 7, 1), date(2026, 7, 1)),
        _approved(2, date(2026, 8, 1), date(2027, 8, 1)),
    ]

    assert compliant_until(group, chained, DAY) == date(2027, 7, 1)
    assert compliant_until(group, gapped, DAY) == date(2026, 7, 1)
    assert compliant_until(group, [], DAY) is None
