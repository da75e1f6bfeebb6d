"""Records from Procore landing in the real GC workspace (shared/workspace, in-memory table fake)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.procore_sync.logic.inbound import apply_change
from shared import workspace
from shared.clock import FixedClock
from shared.events import ContractChanged
from shared.procore.adapters.workspace_sink import WorkspaceSinkAdapter
from shared.procore.records import ProcoreChange, ProcoreConnection
from shared.workspace import NewContract, NewProject, ProjectStatus, VendorInput, open_context, system_actor
from tests.fakes.bus import InMemoryPublisher
from tests.fakes.item_store import InMemoryItemStore
from tests.fakes.procore import FakeProcore, connected_client_factory
from tests.fakes.procore_stores import InMemoryIdMap

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
CONNECTION = ProcoreConnection("placeholder", 1001, "client_credentials", "Bearer x")


@pytest.fixture
def world():
    clock = FixedClock(NOW)
    store = InMemoryItemStore()
    tenant, _, _ = workspace.create_tenant(
        store, clock, name="Summit Builders Inc", admin_email="admin@summit.example", admin_name="Ada"
    )
    fake = FakeProcore(now=clock.now)
    fake.add_project(
        11, "Harbor Point", project_number="2231", address="1 Pier Rd", city="Boston", state_code="MA"
    )
    fake.add_vendor(5, "Rivera Concrete", legal_name="Rivera Concrete LLC", city="Quincy", state_code="MA")
    fake.add_commitment(
        "work_order_contracts",
        900,
        project_id=11,
        vendor_id=5,
        number="SC-007",
        title="Concrete",
        invoice_contacts=[{"id": 1, "name": "AP", "email": "AP@Rivera.example"}],
    )
    ids = InMemoryIdMap()
    publisher = InMemoryPublisher()
    sink = WorkspaceSinkAdapter(store, publisher, clock, ids)
    client = connected_client_factory(fake, clock=clock)(CONNECTION)

    def apply(resource: str, resource_id: int, event_type: str = "update", project_id: int | None = None):
        change = ProcoreChange(tenant.id, 1001, resource, resource_id, event_type, project_id, "k")  # type: ignore[arg-type]
        return apply_change(change, client=client, sink=sink, ids=ids)

    ctx = open_context(store, system_actor(tenant.id), publisher, clock)
    return {"apply": apply, "ctx": ctx, "fake": fake, "publisher": publisher, "ids": ids, "tenant": tenant}


def test_a_procore_subcontract_creates_project_vendor_and_contract_in_the_workspace(world):
    # WHEN a work order contract arrives from Procore
    contract_id = world["apply"]("Work Order Contracts", 900, project_id=11)
    # THEN the workspace holds it, with its project and vendor, through the workflow services
    ctx = world["ctx"]
    contract = workspace.get_contract(ctx, contract_id)
    project = workspace.get_project(ctx, contract.project_id)
    vendor = workspace.get_vendor(ctx, contract.vendor_id)
    assert (project.number, project.name, project.address, project.status) == (
        "2231",
        "Harbor Point",
        "1 Pier Rd, Boston, MA",
        ProjectStatus.ACTIVE,
    )
    assert (vendor.name, vendor.address) == ("Rivera Concrete LLC", "Quincy, MA")
    assert (contract.number, contract.description, contract.active, contract.status) == (
        "SC-007",
        "Concrete",
        True,
        "needs_certificate",
    )
    assert contract.contact.email == "ap@rivera.example"
    # AND the workspace announced the new contract like any other
    changes = world["publisher"].payloads(ContractChanged)
    assert [(c.contract_id, c.change) for c in changes] == [(contract_id, "created")]


def test_a_second_delivery_changes_nothing_and_a_void_commitment_deactivates_the_contract(world):
    contract_id = world["apply"]("Work Order Contracts", 900, project_id=11)
    published = len(world["publisher"].published)
    # WHEN the same commitment arrives again unchanged
    assert world["apply"]("Work Order Contracts", 900, project_id=11) == contract_id
    # THEN no event is published
    assert len(world["publisher"].published) == published
    # WHEN Procore voids it
    world["fake"].commitments["work_order_contracts"][900]["status"] = "Void"
    world["apply"]("Work Order Contracts", 900, project_id=11)
    # THEN our contract is inactive
    assert workspace.get_contract(world["ctx"], contract_id).active is False


def test_a_vendor_created_by_staff_is_reused_by_name(world):
    ctx = world["ctx"]
    project = workspace.create_project(ctx, NewProject(number="9", name="Other"))
    manual = workspace.create_contract(
        ctx, project.id, NewContract(vendor=VendorInput(name="Rivera Concrete LLC"))
    )
    vendor_id = world["apply"]("Company Vendors", 5)
    assert vendor_id == manual.vendor_id


def test_a_renamed_vendor_follows_into_the_workspace(world):
    vendor_id = world["apply"]("Company Vendors", 5)
    world["fake"].vendors[5]["legal_name"] = "Rivera Concrete Group LLC"
    world["apply"]("Company Vendors", 5)
    assert workspace.get_vendor(world["ctx"], vendor_id).name == "Rivera Concrete Group LLC"


def test_an_inactive_procore_project_is_closed_and_reopened(world):
    project_id = world["apply"]("Projects", 11)
    world["fake"].projects[11]["active"] = False
    world["apply"]("Projects", 11)
    assert workspace.get_project(world["ctx"], project_id).status == ProjectStatus.CLOSED
    world["fake"].projects[11]["active"] = True
    world["apply"]("Projects", 11)
    assert workspace.get_project(world["ctx"], project_id).status == ProjectStatus.ACTIVE


def test_the_contract_contact_is_the_vendors_insurance_manager(world):
    world["fake"].add_project_user(
        11,
        2,
        vendor_id=5,
        name="Ines Okafor",
        email="Ines@Rivera.example",
        is_insurance_manager=True,
        business_phone="617-555-0101",
    )
    contract_id = world["apply"]("Work Order Contracts", 900, project_id=11)
    contact = workspace.get_contract(world["ctx"], contract_id).contact
    assert (contact.name, contact.email, contact.phone) == (
        "Ines Okafor",
        "ines@rivera.example",
        "617-555-0101",
    )
