"""Each commitment is its own contract named with its number (SC-004, PO-009) in every staff
listing: a vendor with a subcontract and a purchase order on one project shows as two rows that
only the number tells apart."""

from __future__ import annotations

from datetime import UTC, datetime

from shared import workspace
from shared.correspondence import ActionItem
from shared.workspace import Contact, Contract, ContractUpdate, NewContract, Project, VendorInput
from tests.functional.ui.conftest import READ_ONLY, STANDARD, Site

REQUIREMENTS = ["general_liability", "auto_liability", "umbrella", "workers_comp", "document:w9"]


def _numbered(site: Site, project: Project, number: str, vendor: str = "Rivera Concrete LLC") -> Contract:
    return workspace.create_contract(
        site.ctx(),
        project.id,
        NewContract(
            vendor=VendorInput(name=vendor),
            number=number,
            description="Foundations",
            contact=Contact(email="ops@rivera.example"),
        ),
    )


def _text(response) -> str:
    return response.body.decode()


def _act(site: Site, contract: Contract) -> None:
    site.services.correspondence.put_action(
        ActionItem(
            tenant_id=contract.tenant_id,
            kind="non_responsive_request",
            contract_id=contract.id,
            project_id=contract.project_id,
            ref="request-1",
            created_at=datetime(2026, 5, 2, tzinfo=UTC),
            detail="3 reminders unanswered",
        )
    )


def test_vendor_directory_names_each_contract_by_its_number(site: Site):
    # GIVEN one vendor with a subcontract and a purchase order on the same project
    project = site.project("2231", "Harbor Point")
    subcontract = _numbered(site, project, "SC-004")
    order = _numbered(site, project, "PO-009")
    # WHEN the purchase order is renumbered afterwards (nothing else about it changes)
    workspace.update_contract(site.ctx(), order.id, ContractUpdate(number="PO-010"))
    # THEN the directory lists both, each by its number and project, linked to its own contract
    page = _text(site.get("/vendors", site.sign_in(READ_ONLY)))
    assert f'<a href="/contracts/{subcontract.id}">SC-004 · 2231 Harbor Point</a>' in page
    assert f'<a href="/contracts/{order.id}">PO-010 · 2231 Harbor Point</a>' in page
    assert "PO-009" not in page


def test_vendor_directory_still_lists_contracts_stored_without_a_number(site: Site):
    # GIVEN a contract without a number (a vendor record written before numbers were kept)
    contract = site.contract(site.project("2231", "Harbor Point"))
    # WHEN the directory is opened THEN the contract is named by its project alone
    page = _text(site.get("/vendors", site.sign_in(READ_ONLY)))
    assert f'<a href="/contracts/{contract.id}">2231 Harbor Point</a>' in page


def test_needs_review_queue_shows_the_contract_number(site: Site):
    contract = _numbered(site, site.project(), "SC-004")
    site.deliver(contract, compliant=False)
    page = _text(site.get("/review", site.sign_in()))
    assert 'Rivera Concrete LLC <span class="muted">SC-004</span>' in page


def test_company_coverages_show_the_contract_number(site: Site):
    # GIVEN an approved certificate on contract SC-004
    cookie = site.sign_in(STANDARD)
    contract = _numbered(site, site.project(), "SC-004")
    document_id = site.deliver(contract)
    form: dict[str, object] = {"button": "done", "requirement": REQUIREMENTS}
    form.update({f"decision:{key}": "active" for key in REQUIREMENTS})
    assert site.post(f"/documents/{document_id}/review", cookie, form).status_code == 303
    # WHEN the active coverages are listed THEN the row names the contract by its number
    page = _text(site.get("/coverages?bucket=active", cookie))
    assert (
        f'<a href="/contracts/{contract.id}">Rivera Concrete LLC</a> <span class="muted">SC-004</span>'
        in page
    )


def test_action_needed_shows_the_contract_number(site: Site):
    contract = _numbered(site, site.project(), "PO-009")
    _act(site, contract)
    page = _text(site.get("/action-needed", site.sign_in(READ_ONLY)))
    assert (
        f'<a href="/contracts/{contract.id}">Rivera Concrete LLC</a> <span class="muted">PO-009</span>'
        in page
    )


def test_overview_action_list_shows_the_contract_number(site: Site):
    contract = _numbered(site, site.project(), "PO-009")
    _act(site, contract)
    page = _text(site.get("/overview", site.sign_in()))
    actions = page.split('id="actions"')[1].split("</section>")[0]
    assert (
        f'<a href="/contracts/{contract.id}">Rivera Concrete LLC</a> <span class="muted">PO-009</span>'
        in actions
    )
