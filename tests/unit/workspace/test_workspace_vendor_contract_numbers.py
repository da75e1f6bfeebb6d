"""The vendor record's copy of each contract carries the contract's number, so the directory can
name each commitment (SC-004, PO-009) without reading every contract."""

from __future__ import annotations

from shared import workspace
from shared.workspace import Contact, ContractUpdate, NewContract, Vendor, VendorContractRef, VendorInput
from tests.unit.workspace.conftest import Desk


def _numbered(desk: Desk, number: str) -> workspace.Contract:
    return workspace.create_contract(
        desk.admin,
        desk.project().id,
        NewContract(
            vendor=VendorInput(name="Rivera Concrete LLC"),
            number=number,
            contact=Contact(email="ops@vendor.example"),
        ),
    )


def _ref(desk: Desk, contract: workspace.Contract) -> VendorContractRef:
    return desk.admin.repo.vendor(contract.vendor_id).contracts[contract.id]


def test_a_new_contract_writes_its_number_on_the_vendor(desk: Desk):
    contract = _numbered(desk, "SC-004")
    assert _ref(desk, contract).number == "SC-004"


def test_renumbering_and_status_changes_keep_the_vendor_copy_current(desk: Desk):
    contract = _numbered(desk, "SC-004")
    # a new number alone (no status change) reaches the vendor
    workspace.update_contract(desk.admin, contract.id, ContractUpdate(number="SC-005"))
    assert _ref(desk, contract).number == "SC-005"
    # a status change rewrites the copy and keeps the number
    workspace.update_contract(desk.admin, contract.id, ContractUpdate(active=False))
    ref = _ref(desk, contract)
    assert (ref.status, ref.active, ref.number) == ("inactive", False, "SC-005")
    # both at once: the status change writes the new number too
    workspace.update_contract(desk.admin, contract.id, ContractUpdate(active=True, number="SC-006"))
    assert _ref(desk, contract).number == "SC-006"


def test_a_vendor_stored_before_numbers_were_kept_still_loads():
    stored = {
        "id": "v1",
        "tenant_id": "t1",
        "name": "Rivera Concrete LLC",
        "contracts": {"c1": {"project_id": "p1", "status": "compliant", "active": True}},
    }
    vendor = Vendor.model_validate(stored)
    assert vendor.contracts["c1"].number is None
    assert workspace.VendorEntry(vendor).contracts[0].number is None
