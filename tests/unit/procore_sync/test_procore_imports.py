"""Importing a chosen Procore project: method, statuses, vendor rules, the sync log, retries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.clock import FixedClock
from shared.procore.imports import ImportChoiceError, ProjectImporter
from shared.procore.links import ProcoreLinks
from shared.procore.records import ProcoreConnection
from tests.fakes.procore import FakeProcore, connected_client_factory
from tests.fakes.procore_stores import (
    InMemoryIdMap,
    InMemoryImportStore,
    InMemorySyncLog,
    InMemoryWorkspaceSink,
    RecordingSleeper,
)

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
INVOICE = {"id": 1, "name": "Rosa Rivera", "email": "rosa@rivera.example", "business_phone": "555-0100"}


def seeded() -> FakeProcore:
    fake = FakeProcore()
    fake.add_project(11, "Harbor Point", project_number="2231")
    fake.add_vendor(5, "Rivera Concrete LLC", project_ids=[11])
    fake.add_vendor(6, "Apex Steel Inc", project_ids=[11])
    fake.add_vendor(
        7,
        "Bright Electric",
        project_ids=[11],
        primary_contact={
            "id": 3,
            "first_name": "Bo",
            "last_name": "Bright",
            "email_address": "bo@bright.example",
        },
    )
    fake.add_commitment(
        "work_order_contracts",
        901,
        project_id=11,
        vendor_id=5,
        number="SC-004",
        title="Concrete",
        invoice_contacts=[INVOICE],
    )
    fake.add_commitment(
        "work_order_contracts", 902, project_id=11, vendor_id=6, number="SC-005", title="Structural steel"
    )
    fake.add_commitment(
        "work_order_contracts",
        903,
        project_id=11,
        vendor_id=5,
        number="SC-006",
        status="Draft",
        invoice_contacts=[INVOICE],
    )
    fake.add_commitment(
        "purchase_order_contracts",
        904,
        project_id=11,
        vendor_id=5,
        number="PO-009",
        title="Rebar",
        invoice_contacts=[INVOICE],
    )
    return fake


@pytest.fixture
def world():
    fake = seeded()
    clock = FixedClock(NOW)
    client = connected_client_factory(fake, clock=clock, sleeper=RecordingSleeper())(
        ProcoreConnection("t1", fake.company_id, "client_credentials")
    )
    importer = ProjectImporter(
        client=client,
        sink=InMemoryWorkspaceSink(),
        ids=InMemoryIdMap(),
        imports=InMemoryImportStore(),
        log=InMemorySyncLog(),
        links=ProcoreLinks(),
        clock=clock,
    )
    return fake, importer


def contracts(importer: ProjectImporter) -> dict[str, str | None]:
    sink = importer.sink
    assert isinstance(sink, InMemoryWorkspaceSink)
    return {c.number or "": c.contact_email for (_id, c, _p, _v) in sink.contracts.values()}


def test_importing_by_subcontract_with_approved_only_takes_those_with_an_invoice_contact(world):
    fake, importer = world
    # WHEN staff import project 11 by Subcontract, Approved commitments only
    chosen, summary = importer.import_project("t1", 11, "subcontract", ["Approved"])
    # THEN the project is created in Draft, and each approved subcontract with an invoice contact
    # is its own contract, numbered as in Procore, with that contact
    sink = importer.sink
    assert isinstance(sink, InMemoryWorkspaceSink)
    ((_our, project),) = sink.projects.values()
    assert project.draft is True
    assert contracts(importer) == {"SC-004": "rosa@rivera.example"}
    assert (chosen.method, chosen.statuses, summary.contracts, summary.skipped) == (
        "subcontract",
        ("Approved",),
        1,
        1,
    )
    # AND the invoice contact was read from the show endpoint of each approved commitment
    shows = [r.url.path for r in fake.requests if r.url.path.startswith("/rest/v1.0/work_order_contracts/")]
    assert sorted(shows) == ["/rest/v1.0/work_order_contracts/901", "/rest/v1.0/work_order_contracts/902"]
    # AND the vendor without an invoice contact is in the sync log with a link to the commitment
    (entry,) = importer.log.entries("t1", chosen.our_project_id)
    assert (entry.contract_number, entry.vendor, entry.scope) == (
        "SC-005",
        "Apex Steel Inc",
        "Structural steel",
    )
    assert "invoice contact" in entry.error
    assert entry.procore_url == "https://app.procore.com/11/project/commitments/work_order_contracts/902"
    assert entry.resolved_at is None


def test_the_next_sync_retries_a_logged_vendor_and_records_the_success(world):
    fake, importer = world
    chosen, _ = importer.import_project("t1", 11, "subcontract", ["Approved"])
    # GIVEN the GC added the invoice contact in Procore
    fake.commitments["work_order_contracts"][902]["invoice_contacts"] = [
        {"id": 2, "name": "Al Apex", "email": "al@apex.example"}
    ]
    # WHEN the project syncs again
    importer.sync(importer.imports.get("t1", 11))  # type: ignore[arg-type]
    # THEN the contract exists and the log entry says when it succeeded
    assert contracts(importer)["SC-005"] == "al@apex.example"
    (entry,) = importer.log.entries("t1", chosen.our_project_id)
    assert entry.resolved_at == NOW


def test_subcontract_or_purchase_order_imports_both_kinds_each_as_its_own_contract(world):
    _fake, importer = world
    importer.import_project("t1", 11, "subcontract_or_purchase_order", ["Approved", "Draft"])
    assert set(contracts(importer)) == {"SC-004", "SC-006", "PO-009"}


def test_the_method_can_change_later_and_the_next_sync_follows_it(world):
    _fake, importer = world
    importer.import_project("t1", 11, "subcontract", ["Approved"])
    chosen, _ = importer.import_project("t1", 11, "purchase_order", ["Approved"])
    assert chosen.method == "purchase_order"
    assert "PO-009" in contracts(importer)
    # AND re-importing does not put the project back to Draft
    sink = importer.sink
    assert isinstance(sink, InMemoryWorkspaceSink)
    ((_our, project),) = sink.projects.values()
    assert project.draft is False


def test_project_directory_needs_a_primary_contact_or_company_email(world):
    fake, importer = world
    fake.vendors[6]["email_address"] = "office@apex.example"
    chosen, summary = importer.import_project("t1", 11, "directory", None)
    # Bright: primary contact; Apex: company e-mail; Rivera: neither -> logged with its directory page
    sink = importer.sink
    assert isinstance(sink, InMemoryWorkspaceSink)
    emails = sorted(c.contact_email or "" for (_id, c, _p, _v) in sink.contracts.values())
    assert emails == ["bo@bright.example", "office@apex.example"]
    (entry,) = importer.log.entries("t1", chosen.our_project_id)
    assert entry.vendor == "Rivera Concrete LLC"
    assert entry.procore_url == "https://app.procore.com/11/project/directory/vendors/5/edit"
    # AND a second sync finds the same contracts again
    importer.sync(importer.imports.get("t1", 11))  # type: ignore[arg-type]
    assert summary.contracts == 2
    assert len(sink.contracts) == 2


@pytest.mark.parametrize(
    ("method", "statuses", "message"),
    [
        ("everything", None, "method must be one of"),
        ("subcontract", ["Received"], "not a Procore status for subcontracts"),
        ("purchase_order", ["Out For Bid"], "not a Procore status for purchase orders"),
    ],
)
def test_a_method_or_status_procore_does_not_have_is_refused(world, method, statuses, message):
    _fake, importer = world
    with pytest.raises(ImportChoiceError, match=message):
        importer.import_project("t1", 11, method, statuses)


def test_a_second_sync_reads_only_changed_or_failed_commitments_again(world):
    fake, importer = world
    importer.import_project("t1", 11, "subcontract", ["Approved"])
    fake.requests.clear()
    # WHEN nothing changed in Procore and the project syncs again
    importer.sync(importer.imports.get("t1", 11))  # type: ignore[arg-type]
    # THEN only the commitment that failed (no invoice contact) is read again
    shows = [r.url.path for r in fake.requests if r.url.path.startswith("/rest/v1.0/work_order_contracts/")]
    assert shows == ["/rest/v1.0/work_order_contracts/902"]
    # AND a commitment changed in Procore is read again
    fake.commitments["work_order_contracts"][901]["updated_at"] = "2026-05-02T00:00:00Z"
    fake.requests.clear()
    importer.sync(importer.imports.get("t1", 11))  # type: ignore[arg-type]
    shows = [r.url.path for r in fake.requests if r.url.path.startswith("/rest/v1.0/work_order_contracts/")]
    assert sorted(shows) == ["/rest/v1.0/work_order_contracts/901", "/rest/v1.0/work_order_contracts/902"]


def test_contracts_no_longer_chosen_become_inactive_and_come_back_when_chosen_again(world):
    _fake, importer = world
    importer.import_project("t1", 11, "subcontract_or_purchase_order", ["Approved"])
    sink = importer.sink
    assert isinstance(sink, InMemoryWorkspaceSink)
    po_contract = sink.contracts[("t1", 904)][0]
    # WHEN staff narrow the import to subcontracts
    importer.import_project("t1", 11, "subcontract", ["Approved"])
    # THEN the purchase order's contract is made inactive (not deleted)
    assert ("t1", "contract", po_contract) in sink.deactivated
    # AND choosing purchase orders again reads it again and brings it back
    importer.import_project("t1", 11, "subcontract_or_purchase_order", ["Approved"])
    assert sink.contracts[("t1", 904)][1].active is True
    assert sink.contracts[("t1", 904)][0] == po_contract
