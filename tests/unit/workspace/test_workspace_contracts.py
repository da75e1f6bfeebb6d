"""Projects, vendors, contracts, portal links, notes and roles."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared import workspace
from shared.events import ComplianceChanged, ContractChanged, ContractNoteAdded
from shared.workspace import (
    Conflict,
    ContractUpdate,
    Forbidden,
    Gone,
    NewContract,
    NewProject,
    NoteInput,
    NotFound,
    ProjectStatus,
    ProjectStatusChange,
    RequirementDecision,
    ReviewInput,
    find_user_by_email,
)
from tests.unit.workspace.conftest import Desk

PORTAL_SECRET = "workspace-portal-secret-0123456789abcdef"


def test_one_vendor_record_across_projects(desk: Desk):
    first = desk.contract(desk.project())
    second = desk.contract(desk.project(number="2232", name="Cedar Lofts"), vendor="RIVERA CONCRETE, LLC")

    assert first.vendor_id == second.vendor_id
    assert {c.project_id for c in desk.admin.repo.contracts_of_vendor(first.vendor_id)} == {
        first.project_id,
        second.project_id,
    }


def test_projects_sort_by_number_or_name_and_filter_by_status(desk: Desk):
    desk.project(number="300", name="Alpha")
    desk.project(number="100", name="Charlie")
    draft = workspace.create_project(desk.admin, NewProject(number="200", name="Bravo"))

    by_number = workspace.list_projects(desk.admin, sort="number").items
    by_name = workspace.list_projects(desk.admin, sort="name", descending=True).items
    drafts = workspace.list_projects(desk.admin, status=ProjectStatus.DRAFT).items

    assert [p.number for p in by_number] == ["100", "200", "300"]
    assert [p.name for p in by_name] == ["Charlie", "Bravo", "Alpha"]
    assert [p.id for p in drafts] == [draft.id]


def test_every_list_pages_with_an_opaque_cursor(desk: Desk):
    project = desk.project()
    for n in range(5):
        desk.contract(project, vendor=f"Vendor {n}")

    seen, cursor = [], None
    while True:
        page = workspace.list_contracts(desk.admin, project_id=project.id, cursor=cursor, limit=2)
        seen += [c.vendor_name for c in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break

    assert seen == [f"Vendor {n}" for n in range(5)]


def test_warranty_needs_an_end_date_and_status_changes_are_audited(desk: Desk):
    project = desk.project()
    desk.clock.advance(hours=1)
    with pytest.raises(ValueError, match="warranty_end_date"):
        ProjectStatusChange(status=ProjectStatus.WARRANTY)

    changed = workspace.change_project_status(
        desk.admin,
        project.id,
        ProjectStatusChange(
            status=ProjectStatus.WARRANTY, warranty_end_date=desk.clock.today() + timedelta(days=700)
        ),
    )

    assert changed.status == ProjectStatus.WARRANTY
    trail = workspace.audit_trail(desk.admin, entity_type="project", entity_id=project.id).items
    assert trail[0].action == "project.status_changed"
    assert trail[0].changes["previous"] == "active"


def test_deactivating_keeps_documents_and_reports_inactive(desk: Desk):
    project = desk.project()
    contract = desk.contract(project)
    desk.deliver(contract)
    desk.publisher.published.clear()

    updated = workspace.update_contract(desk.admin, contract.id, ContractUpdate(active=False))

    assert updated.status == "inactive"
    assert len(desk.admin.repo.documents_of_contract(contract.id).items) == 1
    assert [e.change for e in desk.publisher.payloads(ContractChanged)] == ["deactivated"]
    assert desk.publisher.payloads(ComplianceChanged)[0].status == "inactive"
    bar = desk.admin.repo.project(project.id).compliance_bar
    assert (bar.active_contracts, bar.compliant_contracts) == (0, 0)


def test_contract_can_be_removed_only_while_nothing_was_reviewed(desk: Desk):
    project = desk.project()
    untouched, reviewed = desk.contract(project, "A Vendor"), desk.contract(project, "B Vendor")
    document_id = desk.deliver(reviewed)
    workspace.complete_review(
        desk.admin,
        document_id,
        ReviewInput(
            decisions=[
                RequirementDecision(requirement_key="general_liability", status="rejected", note="expired")
            ]
        ),
    )

    workspace.remove_contract(desk.admin, untouched.id)

    with pytest.raises(NotFound):
        desk.admin.repo.contract(untouched.id)
    with pytest.raises(Conflict):
        workspace.remove_contract(desk.admin, reviewed.id)


def test_portal_link_is_stored_hashed_regenerable_revocable_and_expiring(desk: Desk):
    project = desk.project()
    contract = desk.contract(project)

    # WHEN a link is issued
    first = workspace.issue_portal_link(desk.admin, contract.id, secret=PORTAL_SECRET)

    # THEN only its hash is stored and it opens the contract's portal
    assert first.token not in str(desk.store.items)
    assert workspace.open_portal(desk.store, desk.clock, first.token).contract.id == contract.id
    # AND regenerating kills the old token at once (it answers "replaced", never opens the portal)
    second = workspace.issue_portal_link(desk.admin, contract.id, secret=PORTAL_SECRET)
    with pytest.raises(Gone, match="replaced by a newer one"):
        workspace.open_portal(desk.store, desk.clock, first.token)
    # AND a revoked or expired link is gone
    workspace.revoke_portal_link(desk.admin, contract.id)
    with pytest.raises(Gone):
        workspace.open_portal(desk.store, desk.clock, second.token)
    third = workspace.issue_portal_link(desk.admin, contract.id, secret=PORTAL_SECRET)
    desk.clock.advance(days=181)
    with pytest.raises(Gone):
        workspace.open_portal(desk.store, desk.clock, third.token)


def test_portal_requirements_are_plain_sentences(desk: Desk):
    project = desk.project(additional_insureds=["Harbor Point Owner LLC"])
    contract = desk.contract(project)
    issued = workspace.issue_portal_link(desk.admin, contract.id, secret=PORTAL_SECRET)
    view = workspace.open_portal(desk.store, desk.clock, issued.token)

    lines = workspace.requirements_in_plain_words(view.group, view.project)

    assert lines[0].startswith("General liability: each occurrence $1,000,000")
    assert "additional insured: Summit Builders Inc, Harbor Point Owner LLC" in lines[0]
    assert "W-9: IRS form W-9 for payment." in lines


def test_note_with_email_to_a_user_is_announced(desk: Desk):
    contract = desk.contract(desk.project())
    pm = find_user_by_email(desk.store, "pm@summit.example")
    assert pm is not None

    note = workspace.add_note(
        desk.standard, contract.id, NoteInput(text="Broker called", email_user_id=pm.id)
    )

    event = desk.publisher.payloads(ContractNoteAdded)[-1]
    assert (event.note_id, event.email_user_id, event.text) == (note.id, pm.id, "Broker called")
    assert [n.id for n in workspace.list_notes(desk.read_only, contract.id).items] == [note.id]


def test_read_only_users_change_nothing(desk: Desk):
    project = desk.project()
    with pytest.raises(Forbidden):
        workspace.create_project(desk.read_only, NewProject(number="9", name="X"))
    with pytest.raises(Forbidden):
        workspace.create_contract(desk.read_only, project.id, NewContract(vendor_id="a" * 32))
    with pytest.raises(Forbidden):
        workspace.issue_portal_link(desk.read_only, desk.contract(project).id, secret=PORTAL_SECRET)


def test_another_tenants_ids_do_not_exist(desk: Desk):
    project = desk.project()
    contract = desk.contract(project)

    with pytest.raises(NotFound):
        workspace.get_project(desk.other, project.id)
    with pytest.raises(NotFound):
        workspace.update_contract(desk.other, contract.id, ContractUpdate(active=False))
    assert workspace.list_projects(desk.other).items == []
