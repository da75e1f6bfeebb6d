"""One source of truth: after any sequence of uploads, reviews, edits of older reviews, waivers,
unwaivers and lapses (the daily sweep), every stored, derived view equals a fresh recomputation
from the coverage records: contract status and compliant-until; coverage continuity (which approved
certificate is in force and which are superseded); the project's compliance bar counts; the vendor
directory's per-contract status; Company Coverages' bucket counts and lists; Do-Not-Pay today and on
a pay date ahead."""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared import workspace
from shared.clock import FixedClock
from shared.workspace import (
    Contract,
    CoverageRecord,
    DocumentStatus,
    InvalidInput,
    RequirementDecision,
    ReviewDecisionStatus,
    ReviewInput,
    WaiveInput,
    compliant_until,
    contract_status,
)
from tests.fakes.bus import InMemoryPublisher
from tests.fakes.item_store import InMemoryItemStore
from tests.unit.workspace.conftest import Desk, _ctx, gl_policy

KEYS = ["general_liability", "auto_liability", "umbrella", "workers_comp", "document:w9"]
DECISIONS = [
    ReviewDecisionStatus.ACTIVE,
    ReviewDecisionStatus.REJECTED,
    ReviewDecisionStatus.APPROVED_NON_COMPLIANT,
]

operations = st.lists(
    st.one_of(
        st.tuples(st.just("upload"), st.integers(0, 1), st.integers(-40, 400), st.booleans()),
        st.tuples(st.just("review"), st.integers(0, 1), st.sampled_from(DECISIONS), st.booleans()),
        st.tuples(st.just("edit"), st.integers(0, 1), st.sampled_from(DECISIONS), st.integers(0, 5)),
        st.tuples(st.just("waive"), st.integers(0, 1), st.sampled_from(KEYS)),
        st.tuples(st.just("unwaive"), st.integers(0, 1), st.sampled_from(KEYS)),
        st.tuples(st.just("lapse"), st.integers(1, 200)),
    ),
    min_size=1,
    max_size=14,
)


def _fresh_desk() -> Desk:
    store = InMemoryItemStore()
    clock = FixedClock(datetime(2026, 5, 1, 12, 0, tzinfo=UTC))
    publisher = InMemoryPublisher()
    workspace.create_tenant(
        store, clock, name="Summit Builders Inc", admin_email="a@summit.example", admin_name="A"
    )
    admin = _ctx(store, publisher, clock, "a@summit.example")
    return Desk(store, clock, publisher, admin, admin, admin, admin)


def _decisions(status: ReviewDecisionStatus, everything: bool) -> ReviewInput:
    keys = KEYS if everything else ["general_liability"]
    note = "accepted by the PM" if status == ReviewDecisionStatus.APPROVED_NON_COMPLIANT else None
    if status == ReviewDecisionStatus.REJECTED:
        note = "wrong project on the certificate"
    return ReviewInput(
        decisions=[RequirementDecision(requirement_key=k, status=status, note=note) for k in keys],
        # Approving over the automatic check's problems is a confirmed override here.
        confirm_override=True,
    )


def _apply(desk: Desk, contracts: list[Contract], step: tuple[Any, ...]) -> None:
    ctx = desk.admin
    kind = step[0]
    if kind == "lapse":
        desk.clock.advance(days=step[1])
        workspace.refresh_lapsed_contracts(ctx)
        return
    contract = contracts[step[1]]
    documents = ctx.repo.documents_of_contract(contract.id, None, 100).items
    if kind == "upload":
        expires = desk.clock.today() + timedelta(days=step[2])
        desk.deliver(
            contract,
            policies=[
                gl_policy(number=f"GL-{len(documents)}", effective=date(2026, 1, 1), expiration=expires)
            ],
            compliant=step[3],
        )
    elif kind == "review":
        waiting = [d for d in documents if d.status == DocumentStatus.NEEDS_REVIEW]
        if waiting:
            workspace.complete_review(ctx, waiting[0].id, _decisions(step[2], step[3]))
    elif kind == "edit":
        done = [d for d in documents if d.status == DocumentStatus.REVIEWED]
        if done:
            workspace.complete_review(ctx, done[step[3] % len(done)].id, _decisions(step[2], True))
    elif kind == "waive":
        workspace.waive_requirement(ctx, contract.id, WaiveInput(requirement_key=step[2], note="small scope"))
    elif kind == "unwaive":
        with contextlib.suppress(InvalidInput):  # not waived: nothing to take back
            workspace.unwaive_requirement(ctx, contract.id, step[2])


APPROVED = (ReviewDecisionStatus.ACTIVE, ReviewDecisionStatus.APPROVED_NON_COMPLIANT)
IN_BUCKETS = (*APPROVED, ReviewDecisionStatus.WAIVED)


def _expected_superseded(records: list[CoverageRecord]) -> dict[str, bool]:
    """Per requirement, the approved certificate running longest is in force; approved ones ending
    no later are superseded; nothing else is."""
    flags = {r.id: False for r in records}
    for key in {r.requirement_key for r in records}:
        approved = [r for r in records if r.requirement_key == key and r.decision in APPROVED]
        current = max(
            approved, key=lambda r: (r.expiration_date or date.max, r.recorded_at, r.id), default=None
        )
        for r in approved:
            flags[r.id] = r is not current and (r.expiration_date or date.max) <= (
                current.expiration_date or date.max  # type: ignore[union-attr]
            )
    return flags


def _expected_bucket(record: CoverageRecord, today: date, soon: date) -> str:
    if record.decision != ReviewDecisionStatus.ACTIVE:
        return str(record.decision)
    if record.expiration_date is None or record.expiration_date > soon:
        return "active"
    return "expiring_soon" if record.expiration_date >= today else "expired"


def _assert_views_match_a_fresh_recomputation(desk: Desk, contracts: list[Contract]) -> None:
    repo, today = desk.admin.repo, desk.clock.today()
    project = repo.project(contracts[0].project_id)
    soon = today + timedelta(days=repo.tenant().settings.expiring_soon_days)
    in_force: list[CoverageRecord] = []
    fresh_until: dict[str, date | None] = {}
    for stale in contracts:
        contract = repo.contract(stale.id)
        group = repo.requirement_group(contract.requirement_group_id)
        records = repo.coverage_records(contract.id)
        expected = contract_status(
            contract,
            group,
            records,
            today,
            has_document_needing_review=repo.contract_has_document_needing_review(contract.id),
        )
        # A compliant contract may stay compliant until the daily sweep notices its lapse (tested by
        # `lapse`, which runs the sweep); otherwise the stored status is the recomputed one.
        assert contract.status == expected, (contract.status, expected)
        fresh_until[contract.id] = compliant_until(group, records, today)
        # Stored "compliant until" is the recomputed one; a date already past (a lapse the daily
        # sweep leaves on a contract that is not Compliant) means the same as none to every reader.
        stored_until = contract.compliant_until
        if fresh_until[contract.id] is None and stored_until is not None and stored_until < today:
            stored_until = None
        assert stored_until == fresh_until[contract.id]
        vendor = repo.vendor(contract.vendor_id)
        assert vendor.contracts[contract.id].status == contract.status
        # Coverage continuity: the certificate in force and the superseded ones
        superseded = _expected_superseded(records)
        assert {r.id: r.superseded for r in records} == superseded
        in_force += [r for r in records if r.decision in IN_BUCKETS and not superseded[r.id]]
    counts = Counter(repo.contract(c.id).status for c in contracts)
    assert {k: v for k, v in project.contract_counts.items() if v} == dict(counts)
    # Company Coverages: the bucket counters and lists hold exactly the coverages in force
    buckets = Counter(_expected_bucket(r, today, soon) for r in in_force)
    counted = workspace.coverage_bucket_counts(desk.admin)
    assert {k: v for k, v in counted.items() if v} == dict(buckets)
    for bucket in workspace.Bucket:
        listed = workspace.coverages_in_bucket(desk.admin, bucket.value, limit=200).items
        assert sorted(r.id for r in listed) == sorted(
            r.id for r in in_force if _expected_bucket(r, today, soon) == bucket.value
        )
    # Do-Not-Pay today and on a pay date ahead (expiries before it count)
    for on in (today, today + timedelta(days=45)):
        blocked = {c.id for c in workspace.do_not_pay(desk.admin, on, limit=100).items}
        assert blocked == {c.id for c in contracts if (until := fresh_until[c.id]) is None or until < on}


CASES = 300


@settings(max_examples=CASES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_every_derived_view_equals_a_fresh_recomputation(steps: list[tuple[Any, ...]]) -> None:
    desk = _fresh_desk()
    project = desk.project()
    contracts = [desk.contract(project, "Rivera Concrete LLC"), desk.contract(project, "Bay Glazing Co")]
    for step in steps:
        _apply(desk, contracts, step)
        _assert_views_match_a_fresh_recomputation(desk, contracts)
