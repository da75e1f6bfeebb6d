"""Compliance flowing out: insurances by origin_id and the commitment's Procore Pay gate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.procore_sync.logic.outbound import (
    ProcoreSyncRejectedError,
    headline_limit,
    procore_insurance_status,
    push_compliance,
)
from shared.clock import FixedClock
from shared.events import ComplianceChanged, CoverageSnapshot
from shared.procore.records import ProcoreConnection, ProcoreRef
from tests.fakes.procore import FakeProcore, connected_client_factory
from tests.fakes.procore_stores import InMemoryConnectionStore, InMemoryIdMap, InMemoryPushWatermark

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def fake() -> FakeProcore:
    fake = FakeProcore(now=FixedClock(NOW).now)
    fake.add_project(11, "Harbor Point")
    fake.add_vendor(5, "Rivera Concrete LLC")
    fake.add_commitment("work_order_contracts", 900, project_id=11, vendor_id=5)
    return fake


@pytest.fixture
def ids() -> InMemoryIdMap:
    ids = InMemoryIdMap()
    ids.remember("t1", "project", "p1", ProcoreRef(11))
    ids.remember("t1", "vendor", "v1", ProcoreRef(5))
    ids.remember("t1", "contract", "c1", ProcoreRef(900, "work_order_contracts", 11))
    return ids


def connections(scope: str = "project") -> InMemoryConnectionStore:
    return InMemoryConnectionStore(
        ProcoreConnection("t1", 1001, "client_credentials", "Bearer x", insurance_scope=scope)  # type: ignore[arg-type]
    )


def coverage(kind: str, status: str, **extra) -> CoverageSnapshot:
    defaults = {
        "policy_number": f"{kind[:3].upper()}-1",
        "insurer_name": "Travelers Property Casualty Co",
        "effective_date": date(2026, 1, 1),
        "expiration_date": date(2027, 1, 1),
    }
    return CoverageSnapshot(coverage=kind, status=status, **{**defaults, **extra})


def event(
    status: str = "non_compliant", coverages: list[CoverageSnapshot] | None = None
) -> ComplianceChanged:
    return ComplianceChanged(
        tenant_id="t1",
        project_id="p1",
        contract_id="c1",
        vendor_id="v1",
        status=status,
        coverages=coverages
        if coverages is not None
        else [
            coverage(
                "general_liability", "met", limits={"each_occurrence": 1000000, "general_aggregate": 2000000}
            ),
            coverage("auto_liability", "deficient", limits={"combined_single_limit": 500000}),
            coverage("workers_comp", "expired", limits={"el_each_accident": 1000000}),
            coverage("umbrella", "met", limits={"each_occurrence": 5000000}),
            coverage("other", "met", label="Professional Liability", limits={"each_claim": 2000000}),
        ],
        reason="Auto liability limit is below the requirement.",
    )


def push(fake, ids, evt, *, scope="project", store=None):
    return push_compliance(
        evt,
        idempotency_key="evt-1",
        connections=store or connections(scope),
        ids=ids,
        client_for=connected_client_factory(fake, clock=FixedClock(NOW)),
    )


def test_each_coverage_becomes_a_procore_insurance_with_mapped_type_status_and_limit(fake, ids):
    # WHEN a compliance change is pushed
    result = push(fake, ids, event())
    # THEN the vendor has one project-level insurance per coverage, in Procore's vocabulary
    records = {r["insurance_type"]: r for r in fake.insurances_for(5, project_id=11)}
    assert set(records) == {
        "General Liability",
        "Automobile Liability",
        "Workers Compensation",
        "Umbrella Liability",
        "Professional Liability",
    }
    assert {t: r["status"] for t, r in records.items()} == {
        "General Liability": "compliant",
        "Automobile Liability": "non_compliant",
        "Workers Compensation": "expired",
        "Umbrella Liability": "compliant",
        "Professional Liability": "compliant",
    }
    gl = records["General Liability"]
    assert gl["limit"] == "1000000"
    assert gl["insurance_provider"] == "Travelers Property Casualty Co"
    assert (gl["policy_number"], gl["effective_date"], gl["expiration_date"]) == (
        "GEN-1",
        "2026-01-01",
        "2027-01-01",
    )
    assert gl["origin_id"] == "coi:t1:p1:v1:general_liability"
    assert records["Professional Liability"]["limit"] == "2000000"
    assert result.sent_insurances == 5


def test_the_commitment_insurance_status_gates_procore_pay(fake, ids):
    # WHEN a non-compliant contract is pushed
    push(fake, ids, event("non_compliant"))
    compliance = fake.compliance[("work_order_contracts", 900)]
    # THEN the commitment is not compliant, with a note saying why
    assert compliance["insurance_status"] == "not_compliant"
    assert "Automobile Liability: deficient." in compliance["insurance_notes"]
    # WHEN it later becomes compliant
    push(fake, ids, event("compliant", [coverage("general_liability", "met")]))
    # THEN Procore Pay may release payment
    assert fake.compliance[("work_order_contracts", 900)]["insurance_status"] == "compliant"


def test_pushing_again_updates_the_same_insurances_by_origin_id(fake, ids):
    push(fake, ids, event("non_compliant"))
    push(
        fake,
        ids,
        event("compliant", [coverage("auto_liability", "met", limits={"combined_single_limit": 1000000})]),
    )
    records = fake.insurances_for(5, project_id=11)
    assert len(records) == 5
    auto = next(r for r in records if r["insurance_type"] == "Automobile Liability")
    assert (auto["status"], auto["limit"]) == ("compliant", "1000000")


def test_company_scope_writes_company_level_insurances(fake, ids):
    push(fake, ids, event(), scope="company")
    assert fake.insurances_for(5, project_id=11) == []
    records = fake.insurances_for(5)
    assert len(records) == 5
    assert {r["origin_id"] for r in records} >= {"coi:t1:v1:general_liability"}


def test_a_tenant_without_a_procore_connection_sends_nothing(fake, ids):
    result = push(fake, ids, event(), store=InMemoryConnectionStore())
    assert result.skipped == "no_connection"
    assert fake.requests == []


def test_a_vendor_not_linked_to_procore_sends_nothing(fake):
    result = push(fake, InMemoryIdMap(), event())
    assert result.skipped == "vendor_not_in_procore"
    assert fake.writes() == []


def test_a_contract_created_outside_procore_still_updates_the_vendor_insurances(fake):
    # GIVEN the vendor and project come from Procore but the contract was created here
    ids = InMemoryIdMap()
    ids.remember("t1", "project", "p1", ProcoreRef(11))
    ids.remember("t1", "vendor", "v1", ProcoreRef(5))
    # WHEN compliance is pushed
    result = push(fake, ids, event())
    # THEN insurances are synced and no commitment is touched
    assert result.sent_insurances == 5
    assert result.commitment_status is None
    assert fake.compliance == {}


def test_while_under_review_statuses_are_in_progress(fake, ids):
    push(
        fake,
        ids,
        event(
            "needs_review", [coverage("general_liability", "met"), coverage("auto_liability", "deficient")]
        ),
    )
    statuses = {r["insurance_type"]: r["status"] for r in fake.insurances_for(5, project_id=11)}
    assert statuses == {
        "General Liability": "compliant_in_progress",
        "Automobile Liability": "non_compliant_in_progress",
    }
    assert fake.compliance[("work_order_contracts", 900)]["insurance_status"] == "not_compliant"


def test_an_inactive_contract_leaves_the_procore_pay_gate_alone(fake, ids):
    push(fake, ids, event("inactive", []))
    assert fake.compliance == {}


def test_a_waived_coverage_is_exempt(fake, ids):
    push(
        fake,
        ids,
        event("compliant", [coverage("workers_comp", "waived", policy_number=None, insurer_name=None)]),
    )
    (record,) = fake.insurances_for(5, project_id=11)
    assert (record["status"], record["exempt"], record["info_received"]) == ("compliant", True, False)
    assert "policy_number" not in record


def test_insurances_procore_rejects_fail_the_push_after_the_pay_gate_is_written(fake, ids):
    # GIVEN a vendor whose insurance details an ERP integration locks in Procore
    fake.erp_locked_vendor_ids.add(5)
    # WHEN compliance is pushed
    with pytest.raises(ProcoreSyncRejectedError, match="locked by the ERP integration"):
        push(fake, ids, event("non_compliant"))
    # THEN the payment gate was still set
    assert fake.compliance[("work_order_contracts", 900)]["insurance_status"] == "not_compliant"


@pytest.mark.parametrize(
    ("coverage_status", "contract_status", "expected"),
    [
        # the workspace's requirement statuses (what ComplianceChanged carries)
        ("active", "compliant", "compliant"),
        ("approved_non_compliant", "compliant", "compliant"),
        ("waived", "compliant", "compliant"),
        ("unreviewed", "needs_review", "undecided"),
        ("inactive", "non_compliant", "non_compliant"),
        ("missing", "non_compliant", "non_compliant"),
        ("missing", "needs_review", "non_compliant_in_progress"),
        # the verdict contract's coverage statuses
        ("met", "compliant", "compliant"),
        ("deficient", "non_compliant", "non_compliant"),
        ("expired", "non_compliant", "expired"),
        ("met", "needs_review", "compliant_in_progress"),
        ("something_new", "non_compliant", "undecided"),
    ],
)
def test_coverage_status_maps_to_procores_vocabulary(coverage_status, contract_status, expected):
    snapshot = coverage("general_liability", coverage_status)
    assert procore_insurance_status(snapshot, contract_status, as_of=date(2026, 5, 1)) == expected


def test_an_inactive_coverage_past_its_expiry_is_expired_in_procore():
    lapsed = coverage("general_liability", "inactive", expiration_date=date(2026, 4, 30))
    rejected = coverage("general_liability", "inactive", expiration_date=date(2027, 1, 1))
    assert procore_insurance_status(lapsed, "non_compliant", as_of=date(2026, 5, 1)) == "expired"
    assert procore_insurance_status(rejected, "non_compliant", as_of=date(2026, 5, 1)) == "non_compliant"


def test_document_requirements_are_not_sent_as_insurances(fake, ids):
    result = push(
        fake,
        ids,
        event(
            "compliant",
            [coverage("general_liability", "active"), coverage("document", "active", label="W-9")],
        ),
    )
    assert result.sent_insurances == 1
    assert [r["insurance_type"] for r in fake.insurances_for(5, project_id=11)] == ["General Liability"]


def test_headline_limit_prefers_the_per_occurrence_figure():
    gl = coverage(
        "general_liability", "met", limits={"general_aggregate": 2000000, "each_occurrence": 1000000}
    )
    auto = coverage("auto_liability", "met", limits={"bodily_injury_per_accident": 750000})
    assert (headline_limit(gl), headline_limit(auto)) == ("1000000", "750000")
    assert headline_limit(coverage("general_liability", "missing")) is None


def test_an_older_change_arriving_late_does_not_overwrite_a_newer_one(fake, ids):
    # GIVEN the contract's compliant status (noon) was pushed
    watermark = InMemoryPushWatermark()
    client_for = connected_client_factory(fake, clock=FixedClock(NOW))

    def push_at(evt, at):
        return push_compliance(
            evt,
            idempotency_key=f"evt-{at.isoformat()}",
            connections=connections(),
            ids=ids,
            client_for=client_for,
            watermark=watermark,
            changed_at=at,
        )

    push_at(event("compliant", [coverage("general_liability", "met")]), NOW)
    writes = len(fake.writes())
    # WHEN the morning's non-compliant change is delivered afterwards
    result = push_at(event("non_compliant"), NOW - timedelta(hours=3))
    # THEN nothing is sent and Procore keeps the newer status
    assert result.skipped == "superseded"
    assert len(fake.writes()) == writes
    assert fake.compliance[("work_order_contracts", 900)]["insurance_status"] == "compliant"


def test_a_commitment_deleted_in_procore_does_not_block_the_insurances(fake, ids):
    # GIVEN the commitment was deleted in Procore after it was linked
    del fake.commitments["work_order_contracts"][900]
    # WHEN compliance is pushed
    result = push(fake, ids, event("compliant", [coverage("general_liability", "met")]))
    # THEN the insurance is written and the missing commitment reported, not retried forever
    assert result.sent_insurances == 1
    assert result.commitment_status is None
    assert result.errors == ("commitment compliance: HTTP 404",)


def test_a_vendor_gone_from_procore_is_reported_not_retried(fake, ids):
    del fake.vendors[5]
    result = push(fake, ids, event("compliant", [coverage("general_liability", "met")]))
    assert result.sent_insurances == 0
    assert result.errors[0] == "insurances: HTTP 404"
    assert fake.compliance[("work_order_contracts", 900)]["insurance_status"] == "compliant"


def test_a_company_whose_erp_owns_insurances_gets_only_the_pay_gate(fake, ids):
    # GIVEN a connection set up without insurance sync (Procore's ERP integration owns them)
    store = InMemoryConnectionStore(
        ProcoreConnection("t1", 1001, "client_credentials", "Bearer x", sync_insurances=False)
    )
    # WHEN compliance is pushed
    result = push(fake, ids, event("non_compliant"), store=store)
    # THEN no insurance is written, the commitment's gate is
    assert result.sent_insurances == 0
    assert fake.insurances == {}
    assert fake.compliance[("work_order_contracts", 900)]["insurance_status"] == "not_compliant"
