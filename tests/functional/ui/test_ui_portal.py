"""The vendor portal page: what is required, the upload widget wired to the presigned POST, dead links."""

from __future__ import annotations

import json
import re

from shared import workspace
from shared.workspace import RequirementDecision, ReviewInput, WaiveInput
from tests.functional.ui.conftest import Site


def test_portal_shows_the_project_and_requirements_in_plain_words(site: Site):
    # GIVEN a contract with a fresh portal link
    project = workspace.create_project(
        site.ctx(),
        workspace.NewProject(
            number="2231", name="Harbor Point", address="1 Pier Rd, Oakland", status="active"
        ),
    )
    contract = site.contract(project, "Rivera Concrete LLC")
    token = workspace.issue_portal_link(
        site.ctx(), contract.id, secret=site.services.portal_token_secret
    ).token
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
    token = workspace.issue_portal_link(
        site.ctx(), contract.id, secret=site.services.portal_token_secret
    ).token
    csp = site.get(f"/portal/{token}").headers["Content-Security-Policy"]
    assert re.search(r"connect-src 'self' https://coi-documents-ui-test\.s3\.amazonaws\.com", csp)
    assert "frame-ancestors 'none'" in csp


def test_a_revoked_link_gets_a_clear_410_page(site: Site):
    contract = site.contract(site.project())
    token = workspace.issue_portal_link(
        site.ctx(), contract.id, secret=site.services.portal_token_secret
    ).token
    workspace.revoke_portal_link(site.ctx(), contract.id)
    response = site.get(f"/portal/{token}")
    assert response.status_code == 410
    assert "This link has expired" in response.body.decode()


def test_an_expired_link_the_daily_sweep_replaced_still_gets_a_410_with_the_way_forward(site: Site):
    # GIVEN a link that expired and was then replaced by the sweep (notify's ensure_portal_link)
    contract = site.contract(site.project())
    secret = site.services.portal_token_secret
    old = workspace.issue_portal_link(site.ctx(), contract.id, secret=secret).token
    site.clock.advance(days=181)
    fresh = workspace.ensure_portal_link_as_system(
        site.services.store, site.clock, contract.tenant_id, contract.id, secret=secret
    )
    assert fresh is not None
    assert fresh != old
    # WHEN the vendor opens the old link, as a page and through the API
    page = site.get(f"/portal/{old}")
    api = site.get(f"/api/portal/{old}")
    # THEN both say it expired and how to get the working link
    assert page.status_code == 410
    text = page.body.decode()
    assert "This link has expired" in text
    assert "use the link in the latest email from Summit Builders Inc" in text
    assert api.status_code == 410
    assert "ask Summit Builders Inc to send you a new one" in json.loads(api.body)["error"]


def test_an_unknown_link_gets_a_404_page_that_reveals_nothing(site: Site):
    response = site.get("/portal/not-a-real-token")
    assert response.status_code == 404
    assert "This link does not work" in response.body.decode()


def _result(site: Site, token: str, document_id: str):
    response = site.get(f"/portal/{token}/result/{document_id}")
    return response.status_code, json.loads(response.body)


def test_the_confirmation_waits_while_the_upload_is_being_read(site: Site):
    contract = site.contract(site.project())
    token = workspace.issue_portal_link(
        site.ctx(), contract.id, secret=site.services.portal_token_secret
    ).token
    status, body = _result(site, token, "a" * 32)
    assert status == 202
    assert body["status"] == "processing"


def test_the_confirmation_shows_the_automatic_check_then_the_rejection_in_plain_words(site: Site):
    # GIVEN a vendor's upload that the automatic check found short
    contract = site.contract(site.project())
    token = workspace.issue_portal_link(
        site.ctx(), contract.id, secret=site.services.portal_token_secret
    ).token
    document_id = site.deliver(contract, compliant=False)
    status, automatic = _result(site, token, document_id)
    # WHEN staff reject general liability with a note
    workspace.complete_review(
        site.ctx(),
        document_id,
        ReviewInput(
            decisions=[
                RequirementDecision(
                    requirement_key="general_liability",
                    status="rejected",
                    note="each occurrence must be $1,000,000",
                )
            ],
            notes_to_vendor="Please send the renewal.",
        ),
    )
    _, reviewed = _result(site, token, document_id)
    # THEN the vendor first saw the automatic problems, then the reviewer's reasons
    assert status == 200
    assert automatic["review"] is None
    assert "General liability each occurrence is $500,000" in automatic["problems"][0]
    assert reviewed["review"]["accepted"] is False
    assert reviewed["review"]["reasons"] == ["General liability: each occurrence must be $1,000,000"]
    assert reviewed["review"]["notes_to_vendor"] == "Please send the renewal."


def test_another_contracts_upload_is_not_visible_through_a_link(site: Site):
    project = site.project()
    mine = site.contract(project, "Rivera Concrete LLC")
    theirs = site.contract(project, "Bayside Electric Inc")
    token = workspace.issue_portal_link(site.ctx(), mine.id, secret=site.services.portal_token_secret).token
    document_id = site.deliver(theirs)
    status, _ = _result(site, token, document_id)
    assert status == 404


def test_a_returning_vendor_sees_a_checklist_with_reasons_and_what_to_send_next(site: Site):
    # GIVEN a certificate whose automatic check found GL short, rejected by the reviewer without a
    # note, and automobile liability waived by the GC
    contract = site.contract(site.project())
    token = workspace.issue_portal_link(
        site.ctx(), contract.id, secret=site.services.portal_token_secret
    ).token
    document_id = site.deliver(contract, compliant=False)
    workspace.complete_review(
        site.ctx(),
        document_id,
        ReviewInput(
            decisions=[RequirementDecision(requirement_key="general_liability", status="rejected")],
            notes_to_vendor="Ask Acme Insurance for the renewal.",
        ),
    )
    workspace.waive_requirement(
        site.ctx(), contract.id, WaiveInput(requirement_key="auto_liability", note="no vehicles on site")
    )
    # WHEN the vendor comes back through the link
    page = site.get(f"/portal/{token}").body.decode()
    # THEN each requirement shows its state, the rejection gives the reviewer's plain sentence
    # with required and found values (not a generic line), and what to send next is spelled out
    assert re.search(r'data-item="general_liability" data-status="rejected"', page)
    assert "General liability each occurrence is $500,000; $1,000,000 is required." in page
    assert "was not accepted" not in page
    assert 'data-item="auto_liability"' not in page  # waived: not listed to the vendor at all
    assert re.search(r'data-item="umbrella" data-status="missing"', page)
    assert "What to send next" in page
    assert "Ask Acme Insurance for the renewal." in page
    # the W-9 is listed apart from the certificate, with its own upload box
    documents = page.split('id="documents"')[1].split('id="upload"')[0]
    assert 'data-item="document:w9"' in documents
    assert 'data-item="document:w9"' not in page.split('id="documents"')[0]
    assert 'data-upload-for="certificate"' in page
    assert 'data-upload-for="document-w9"' in page
    assert page.count(f'data-ticket-url="/api/portal/{token}/uploads"') >= 3
    # and the API gives the same checklist to other clients
    api = json.loads(site.get(f"/api/portal/{token}").body)
    states = {i["requirement_key"]: i["status"] for i in api["checklist"]["items"]}
    assert states["general_liability"] == "rejected"
    assert "auto_liability" not in states
    assert states["document:w9"] == "missing"


def test_a_waived_requirement_disappears_from_the_portal_counts_as_met_and_returns_when_unwaived(
    site: Site,
):
    # GIVEN an upload whose general liability is short, then general liability waived by the GC
    contract = site.contract(site.project())
    token = workspace.issue_portal_link(
        site.ctx(), contract.id, secret=site.services.portal_token_secret
    ).token
    document_id = site.deliver(contract, compliant=False)
    workspace.waive_requirement(
        site.ctx(), contract.id, WaiveInput(requirement_key="general_liability", note="owner's policy")
    )

    # WHEN the vendor opens the link and the upload's result
    page = site.get(f"/portal/{token}").body.decode()
    api = json.loads(site.get(f"/api/portal/{token}").body)
    _, upload = _result(site, token, document_id)

    # THEN general liability is nowhere the vendor reads: not in the checklist, the requirement
    # list, what to send next, or the upload's problems
    assert 'data-item="general_liability"' not in page
    assert "General liability" not in page
    assert "general_liability" not in {i["requirement_key"] for i in api["checklist"]["items"]}
    assert not any(line.startswith("General liability") for line in api["requirements"])
    assert not any("General liability" in p for p in upload["problems"])
    # AND staff still see it waived (met) on the contract
    detail = workspace.contract_detail(site.ctx(), contract.id)
    assert {s.requirement_key: s.status for s in detail.requirements}["general_liability"] == "waived"

    # WHEN it is unwaived THEN it is listed to the vendor again, with its problem
    workspace.unwaive_requirement(site.ctx(), contract.id, "general_liability")
    again = site.get(f"/portal/{token}").body.decode()
    assert 'data-item="general_liability"' in again
    assert any(
        line.startswith("General liability")
        for line in json.loads(site.get(f"/api/portal/{token}").body)["requirements"]
    )
    assert any("General liability" in p for p in _result(site, token, document_id)[1]["problems"])
