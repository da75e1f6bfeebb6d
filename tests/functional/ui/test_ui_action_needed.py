"""The Action needed page shows what notify could not settle, with the vendor and its project."""

from __future__ import annotations

from datetime import UTC, datetime

from shared import workspace
from shared.correspondence import ActionItem
from shared.workspace import Contact, NewContract, NewProject, VendorInput
from tests.functional.ui.conftest import READ_ONLY, Site


def test_action_needed_page_lists_non_responsive_vendors(site: Site):
    # GIVEN a contract whose vendor ignored three reminders
    ctx = site.ctx()
    project = workspace.create_project(ctx, NewProject(number="7001", name="Pier 9", status="active"))
    contract = workspace.create_contract(
        ctx,
        project.id,
        NewContract(vendor=VendorInput(name="Quiet Crane LLC"), contact=Contact(email="ops@quiet.example")),
    )
    site.services.correspondence.put_action(
        ActionItem(
            tenant_id=ctx.tenant_id,
            kind="non_responsive_request",
            contract_id=contract.id,
            project_id=project.id,
            ref="request-1",
            created_at=datetime(2026, 5, 2, tzinfo=UTC),
            detail="3 reminders unanswered",
        )
    )

    # WHEN a read-only user opens the page
    page = site.get("/action-needed", site.sign_in(READ_ONLY)).body.decode()

    # THEN the vendor, its project and the reason are listed, linked to the contract
    assert "Quiet Crane LLC" in page
    assert "7001 Pier 9" in page
    assert "3 reminders unanswered" in page
    assert f'href="/contracts/{contract.id}"' in page
