"""Records flowing in from Procore (webhook changes and the reconciliation poll)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.procore_sync.logic.inbound import apply_change
from services.procore_sync.logic.reconcile import (
    WINDOW_OVERLAP,
    ReconcileStores,
    reconcile_all,
    reconcile_tenant,
)
from shared.clock import FixedClock
from shared.procore.records import ProcoreChange, ProcoreConnection, ProcoreRef
from tests.fakes.procore import FakeProcore, connected_client_factory
from tests.fakes.procore_stores import (
    InMemoryConnectionStore,
    InMemoryCursorStore,
    InMemoryIdMap,
    InMemoryWorkspaceSink,
)

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
CONNECTION = ProcoreConnection("t1", 1001, "client_credentials", "Bearer x")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def fake(clock) -> FakeProcore:
    fake = FakeProcore(now=clock.now)
    fake.add_project(11, "Harbor Point", project_number="2231", city="Boston", state_code="MA")
    fake.add_vendor(
        5,
        "Rivera Concrete",
        legal_name="Rivera Concrete LLC",
        email_address="office@rivera.example",
        primary_contact={
            "id": 1,
            "first_name": "Ana",
            "last_name": "Rivera",
            "email_address": "ana@rivera.example",
        },
    )
    fake.add_commitment(
        "work_order_contracts",
        900,
        project_id=11,
        vendor_id=5,
        number="SC-007",
        title="Concrete",
        invoice_contacts=[{"id": 3, "name": "AP", "email": "ap@rivera.example"}],
    )
    return fake


@pytest.fixture
def sink() -> InMemoryWorkspaceSink:
    return InMemoryWorkspaceSink()


@pytest.fixture
def ids() -> InMemoryIdMap:
    return InMemoryIdMap()


def change(resource: str, resource_id: int, event_type: str = "update", project_id: int | None = None):
    return ProcoreChange("t1", 1001, resource, resource_id, event_type, project_id, "k")  # type: ignore[arg-type]


def apply(fake, clock, sink, ids, chg):
    return apply_change(
        chg, client=connected_client_factory(fake, clock=clock)(CONNECTION), sink=sink, ids=ids
    )


def test_a_changed_subcontract_lands_with_its_project_and_vendor(fake, clock, sink, ids):
    # WHEN a work order contract change is applied for the first time
    contract_id = apply(fake, clock, sink, ids, change("Work Order Contracts", 900, project_id=11))
    # THEN the project and vendor were brought in first, and the contract points at them
    project_id, project = sink.projects[("t1", 11)]
    vendor_id, vendor = sink.vendors[("t1", 5)]
    our_contract, commitment, linked_project, linked_vendor = sink.contracts[("t1", 900)]
    assert (our_contract, linked_project, linked_vendor) == (contract_id, project_id, vendor_id)
    assert (project.name, project.project_number, project.city) == ("Harbor Point", "2231", "Boston")
    assert (vendor.legal_name, vendor.contact_name, vendor.contact_email) == (
        "Rivera Concrete LLC",
        "Ana Rivera",
        "ana@rivera.example",
    )
    assert (commitment.number, commitment.status, commitment.active) == ("SC-007", "Approved", True)
    assert commitment.invoice_contact_emails == ("ap@rivera.example",)
    # AND the mapping used for compliance going back out is remembered
    assert ids.procore_ref("t1", "contract", contract_id) == ProcoreRef(900, "work_order_contracts", 11)
    assert ids.procore_ref("t1", "vendor", vendor_id) == ProcoreRef(5)


def test_a_known_project_and_vendor_are_not_fetched_again(fake, clock, sink, ids):
    apply(fake, clock, sink, ids, change("Work Order Contracts", 900, project_id=11))
    fake.requests.clear()
    apply(fake, clock, sink, ids, change("Work Order Contracts", 900, project_id=11))
    # (the project directory is read each time: the insurance manager may have changed)
    assert [r.url.path for r in fake.requests if r.url.host == "api.procore.com"] == [
        "/rest/v1.0/work_order_contracts/900",
        "/rest/v1.0/projects/11/users",
    ]


def test_certificate_requests_go_to_the_vendors_insurance_manager_on_the_project(fake, clock, sink, ids):
    # GIVEN the project directory lists two people of the vendor, one its insurance manager
    fake.add_project_user(11, 1, vendor_id=5, name="Pat Foreman", email="pat@rivera.example")
    fake.add_project_user(
        11,
        2,
        vendor_id=5,
        name="Ines Okafor",
        email="ines@rivera.example",
        is_insurance_manager=True,
        mobile_phone="+1 617 555 0101",
    )
    fake.add_project_user(
        11, 3, vendor_id=77, name="Other Vendor", email="x@other.example", is_insurance_manager=True
    )
    # WHEN the commitment flows in
    apply(fake, clock, sink, ids, change("Work Order Contracts", 900, project_id=11))
    # THEN its contact is the insurance manager
    _, commitment, _, _ = sink.contracts[("t1", 900)]
    assert (commitment.contact_name, commitment.contact_email, commitment.contact_phone) == (
        "Ines Okafor",
        "ines@rivera.example",
        "+1 617 555 0101",
    )


def test_without_an_insurance_manager_the_vendors_primary_contact_is_used(fake, clock, sink, ids):
    apply(fake, clock, sink, ids, change("Work Order Contracts", 900, project_id=11))
    _, commitment, _, _ = sink.contracts[("t1", 900)]
    assert (commitment.contact_name, commitment.contact_email) == ("Ana Rivera", "ana@rivera.example")


def test_with_no_named_person_an_invoice_contact_is_used(fake, clock, sink, ids):
    fake.vendors[5]["primary_contact"] = None
    apply(fake, clock, sink, ids, change("Work Order Contracts", 900, project_id=11))
    _, commitment, _, _ = sink.contracts[("t1", 900)]
    assert (commitment.contact_name, commitment.contact_email) == (None, "ap@rivera.example")


def test_a_draft_purchase_order_is_inactive(fake, clock, sink, ids):
    fake.add_commitment("purchase_order_contracts", 901, project_id=11, vendor_id=5, status="Draft")
    apply(fake, clock, sink, ids, change("Purchase Order Contracts", 901, project_id=11))
    _, commitment, _, _ = sink.contracts[("t1", 901)]
    assert (commitment.kind, commitment.active) == ("purchase_order_contracts", False)


def test_a_company_vendor_update_refreshes_the_vendor(fake, clock, sink, ids):
    fake.vendors[5]["email_address"] = "new@rivera.example"
    apply(fake, clock, sink, ids, change("Company Vendors", 5))
    assert sink.vendors[("t1", 5)][1].email_address == "new@rivera.example"


def test_deleting_a_known_commitment_deactivates_our_contract(fake, clock, sink, ids):
    contract_id = apply(fake, clock, sink, ids, change("Work Order Contracts", 900, project_id=11))
    apply(fake, clock, sink, ids, change("Work Order Contracts", 900, "delete", project_id=11))
    assert sink.deactivated == [("t1", "contract", contract_id)]


def test_a_commitment_gone_before_it_was_fetched_deactivates_it(fake, clock, sink, ids):
    contract_id = apply(fake, clock, sink, ids, change("Work Order Contracts", 900, project_id=11))
    del fake.commitments["work_order_contracts"][900]
    apply(fake, clock, sink, ids, change("Work Order Contracts", 900, project_id=11))
    assert sink.deactivated == [("t1", "contract", contract_id)]


def test_unsynced_resources_and_unknown_deletes_are_ignored(fake, clock, sink, ids):
    assert apply(fake, clock, sink, ids, change("RFIs", 1)) is None
    assert apply(fake, clock, sink, ids, change("Company Vendors", 999, "delete")) is None
    assert sink.upserts == 0
    assert sink.deactivated == []


# ---- reconciliation -----------------------------------------------------------------------------


def test_the_first_poll_looks_back_a_day_and_moves_the_cursor(fake, clock, sink, ids):
    # GIVEN one vendor changed two days ago (outside the first window)
    fake.add_vendor(6, "Old Vendor", updated_at="2026-04-29T00:00:00Z")
    cursors = InMemoryCursorStore()
    client = connected_client_factory(fake, clock=clock)(CONNECTION)
    # WHEN the poll runs
    summary = reconcile_tenant(CONNECTION, client=client, stores=ReconcileStores(sink, ids, cursors, clock))
    # THEN today's project, vendor and contract landed, the old vendor did not, the cursor moved
    assert (summary.projects, summary.vendors, summary.contracts) == (1, 1, 1)
    assert ("t1", 6) not in sink.vendors
    assert ("t1", 900) in sink.contracts
    assert cursors.cursors["t1"] == NOW


def test_the_next_poll_reads_only_what_changed_since_the_cursor(fake, clock, sink, ids):
    # GIVEN the last poll ran 30 minutes after the fixture's records changed
    cursors = InMemoryCursorStore()
    last_poll = NOW + timedelta(minutes=30)
    cursors.save("t1", last_poll)
    clock.advance(hours=1)
    fake.add_vendor(7, "New Vendor")  # stamped at the advanced clock
    client = connected_client_factory(fake, clock=clock)(CONNECTION)
    summary = reconcile_tenant(CONNECTION, client=client, stores=ReconcileStores(sink, ids, cursors, clock))
    assert (summary.projects, summary.vendors, summary.contracts) == (0, 1, 0)
    window = next(
        r.url.params["filters[updated_at]"] for r in fake.requests if r.url.path == "/rest/v1.0/vendors"
    )
    assert window.startswith((last_poll - WINDOW_OVERLAP).strftime("%Y-%m-%dT%H:%M:%SZ"))


def test_one_broken_connection_does_not_stop_the_others(fake, clock, sink, ids):
    # GIVEN a second tenant whose company this account cannot read
    broken = ProcoreConnection("t2", 999, "client_credentials", "Bearer y")
    run = reconcile_all(
        connections=InMemoryConnectionStore(broken, CONNECTION),
        client_for=connected_client_factory(fake, clock=clock),
        stores=ReconcileStores(sink, ids, InMemoryCursorStore(), clock),
    )
    assert run.failed_tenants == ["t2"]
    assert [s.tenant_id for s in run.summaries] == ["t1"]


def test_a_failed_poll_keeps_the_cursor(fake, clock, sink, ids):
    cursors = InMemoryCursorStore()
    cursors.save("t1", NOW - timedelta(hours=3))
    for _ in range(5):
        fake.fail_next(500, path_contains="/vendors")
    client = connected_client_factory(fake, clock=clock)(CONNECTION)
    with pytest.raises(RuntimeError):
        reconcile_tenant(CONNECTION, client=client, stores=ReconcileStores(sink, ids, cursors, clock))
    assert cursors.cursors["t1"] == NOW - timedelta(hours=3)
