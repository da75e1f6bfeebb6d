"""The vendor portal page: what is required, the upload widget wired to the presigned POST, dead links."""

from __future__ import annotations

import re

from shared.workspace import workflow
from tests.functional.ui.conftest import Site


def test_portal_shows_the_project_and_requirements_in_plain_words(site: Site):
    # GIVEN a contract with a fresh portal link
    project = workflow.create_project(
        site.ctx(),
        workflow.NewProject(
            number="2231", name="Harbor Point", address="1 Pier Rd, Oakland", status="active"
        ),
    )
    contract = site.contract(project, "Rivera Concrete LLC")
    token = workflow.issue_portal_link(site.ctx(), contract.id).token
    # WHEN the vendor opens it without any login
    response = site.get(f"/portal/{token}")
    page = response.body.decode()
    # THEN they see the project, what is required, and where to upload
    assert response.status_code == 200
    assert "Harbor Point" in page
    assert "2231" in page
    assert "1 Pier Rd, Oakland" in page
    assert "General liability: each occurrence $1,000,000" in page
    assert f'data-ticket-url="/api/portal/{token}/uploads"' in page
    assert 'accept="application/pdf,image/png,image/jpeg"' in page
    assert 'name="viewport"' in page


def test_portal_csp_lets_the_upload_reach_s3_only(site: Site):
    contract = site.contract(site.project())
    token = workflow.issue_portal_link(site.ctx(), contract.id).token
    csp = site.get(f"/portal/{token}").headers["Content-Security-Policy"]
    assert re.search(r"connect-src 'self' https://coi-documents-ui-test\.s3\.amazonaws\.com", csp)
    assert "frame-ancestors 'none'" in csp


def test_a_revoked_link_gets_a_clear_410_page(site: Site):
    contract = site.contract(site.project())
    token = workflow.issue_portal_link(site.ctx(), contract.id).token
    workflow.revoke_portal_link(site.ctx(), contract.id)
    response = site.get(f"/portal/{token}")
    assert response.status_code == 410
    assert "This link has expired" in response.body.decode()


def test_an_unknown_link_gets_a_404_page_that_reveals_nothing(site: Site):
    response = site.get("/portal/not-a-real-token")
    assert response.status_code == 404
    assert "This link does not work" in response.body.decode()
