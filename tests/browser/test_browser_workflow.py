"""A staff user creates a project and a contract, the vendor uploads through the portal link, staff
review it from Needs Review, and the contract turns compliant. Real stack, real Chromium."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fixtures.certgen import generate

pytestmark = pytest.mark.browser

ADMIN = "admin@summitridge.example"
PIPELINE_TIMEOUT_MS = 90_000


def _certificate_valid_well_past(today: date, folder: Path) -> Path:
    """A generated flattened ACORD 25 whose policies all run past the next 90 days."""
    for seed in range(1, 3000):
        document = generate(seed, "flattened")
        truth = document.truth
        if truth is None or not truth.policies:
            continue
        if all(p.expiration_date and p.expiration_date > today + timedelta(days=90) for p in truth.policies):
            path = folder / f"certificate-{seed}.pdf"
            path.write_bytes(document.data)
            return path
    raise AssertionError("no generated certificate runs 90 days past today")


def _wait_for_pdf_viewer(page: Any) -> None:
    """Chromium's PDF viewer opens as a frame inside the document frame; let it paint for the shot."""
    for _ in range(50):
        if any(frame.url.startswith("chrome-extension://") for frame in page.frames):
            page.wait_for_timeout(1500)
            return
        page.wait_for_timeout(100)


def _sign_in(page: Any, api: str, email: str) -> None:
    page.goto(f"{api}/")
    page.get_by_label("Work email").fill(email)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/projects$"))


def test_staff_and_vendor_take_a_contract_to_compliant(stack, browser, shots, tmp_path):
    api = stack.api
    staff = browser.new_context(viewport={"width": 1366, "height": 900})
    page = staff.new_page()

    # GIVEN a staff user signed in on the seeded account
    _sign_in(page, api, ADMIN)
    assert page.get_by_role("heading", name="Projects").is_visible()
    assert page.get_by_role("link", name="Harbor View Medical Office").is_visible()
    shots(page, "01-projects")

    # WHEN they create a project
    page.get_by_label("Number").fill("3107")
    page.get_by_label("Name", exact=True).fill("Lakeside Library Renovation")
    page.get_by_label("Address").fill("500 Lakeshore Ave, Oakland, CA 94610")
    page.get_by_role("button", name="Create project").click()
    page.wait_for_url(re.compile(r"/projects/[0-9a-f]{32}"))
    assert page.get_by_role("heading", name="3107 · Lakeside Library Renovation").is_visible()

    # AND add a vendor to it
    page.get_by_label("Vendor name").fill("Lakeside Roofing Co")
    page.get_by_label("Scope of work").fill("Roofing")
    page.get_by_label("Contact email").fill("certs@lakesideroofing.example")
    page.get_by_role("button", name="Add contract").click()
    row = page.get_by_role("row").filter(has_text="Lakeside Roofing Co")
    assert "Needs certificate" in row.inner_text()
    shots(page, "02-project")

    # AND copy the contract's request link from its actions menu
    row.get_by_text("Actions").click()
    row.get_by_role("button", name="Copy request link").click()
    link = page.locator("[data-portal-link]").input_value()
    assert link.startswith(f"{api}/portal/")
    shots(page, "03-request-link")

    # THEN the vendor, without any login, sees the project and what is required
    vendor = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    portal = vendor.new_page()
    portal.goto(link)
    assert portal.get_by_role("heading", name=re.compile("Lakeside Roofing Co")).is_visible()
    assert "3107" in portal.inner_text("main")
    assert "General liability" in portal.locator("[data-requirements]").inner_text()
    shots(portal, "04-portal")

    # WHEN the vendor uploads a certificate (presigned POST straight to S3)
    certificate = _certificate_valid_well_past(date.today(), tmp_path)
    portal.set_input_files("[data-file]", str(certificate))
    portal.wait_for_selector("[data-result]:not([hidden])", timeout=PIPELINE_TIMEOUT_MS)
    assert portal.locator("[data-progress]").evaluate("el => el.value") == 100
    assert portal.locator("[data-result-title]").inner_text()
    shots(portal, "05-portal-uploaded")
    document_id = portal.locator("[data-uploader]").get_attribute("data-document-id")
    assert document_id

    # THEN staff find it in Needs Review
    page.goto(f"{api}/review")
    queued = page.get_by_role("row").filter(has_text="Lakeside Roofing Co")
    assert queued.count() == 1
    shots(page, "06-needs-review")
    queued.get_by_role("link", name="Review").click()
    page.wait_for_url(re.compile(rf"/documents/{document_id}/review"))
    assert page.locator("iframe[title='Uploaded certificate']").count() == 1
    _wait_for_pdf_viewer(page)
    assert page.get_by_text("required $1,000,000").first.is_visible()
    shots(page, "07-review")

    # WHEN they approve every requirement and press Done
    for select in page.locator("select[data-decision]").all():
        select.select_option("active")
    page.get_by_role("button", name="Done", exact=True).click()

    # THEN the contract is compliant and the coverages are active
    page.wait_for_url(re.compile(r"/contracts/[0-9a-f]{32}"))
    assert (
        page.get_by_role("heading", name=re.compile("Lakeside Roofing Co")).inner_text().endswith("Compliant")
    )
    assert page.locator("table").first.get_by_text("Active", exact=True).count() >= 4
    shots(page, "08-contract-compliant")

    # AND the project's compliance bar counts it
    page.get_by_role("link", name="3107 Lakeside Library Renovation").click()
    assert "100% · 1/1" in page.inner_text("main")

    # AND the vendor's confirmation shows the reviewed result
    # (the page polls; a CSP without 'unsafe-eval' rules out wait_for_function)
    portal.locator("[data-uploader][data-result-status='accepted']").wait_for(timeout=30_000)
    assert "reviewed and accepted" in portal.locator("[data-result-title]").inner_text()
    shots(portal, "09-portal-reviewed")
    vendor.close()
    staff.close()


def test_company_pages_render_for_an_admin(stack, browser, shots):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    _sign_in(page, stack.api, ADMIN)
    for path, heading, name in [
        ("/coverages", "Company coverages", "10-coverages"),
        ("/vendors", "Vendor directory", "11-vendors"),
        ("/do-not-pay", "Do-Not-Pay list", "12-do-not-pay"),
        ("/exports", "Exports", "13-exports"),
        ("/requirement-groups", "Requirement groups", "14-requirement-groups"),
        ("/users", "Users", "15-users"),
    ]:
        response = page.goto(f"{stack.api}{path}")
        assert response is not None
        assert response.status == 200
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
        assert "frame-ancestors 'none'" in (response.headers.get("content-security-policy") or "")
        shots(page, name)
    page.goto(f"{stack.api}/requirement-groups")
    page.locator("table a").first.click()
    assert page.get_by_role("heading", level=1).is_visible()
    shots(page, "16-requirement-group")
    context.close()


def test_a_revoked_portal_link_gets_a_clear_page(stack, browser, shots):
    api = stack.api
    with httpx.Client(timeout=10) as client:
        token = client.post(f"{api}/api/auth/token", json={"email": ADMIN}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        # (not the seeded "portal_link" contract: issuing a new link retires its token)
        contract_id = stack.endpoints["demo"]["contracts"][4]["contract_id"]
        issued = client.post(f"{api}/api/contracts/{contract_id}/portal-link", headers=headers).json()
        client.delete(f"{api}/api/contracts/{contract_id}/portal-link", headers=headers)
    page = browser.new_context().new_page()
    response = page.goto(issued["url"])
    assert response is not None
    assert response.status == 410
    assert page.get_by_role("heading", name="This link has expired").is_visible()
    shots(page, "17-portal-revoked")


def test_staff_add_a_sample_document_that_vendors_can_download(stack, browser, shots, tmp_path):
    # GIVEN a signed-in admin on a seeded project
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    _sign_in(page, stack.api, ADMIN)
    page.get_by_role("link", name="Eastline Apartments").click()
    sample = tmp_path / "Sample certificate.pdf"
    sample.write_bytes(generate(7, "flattened").data)
    # WHEN they drop a sample document on the project page (presigned POST from the staff page)
    page.set_input_files("#sample-file", str(sample))
    page.get_by_role("link", name="Sample certificate.pdf").wait_for(timeout=20_000)
    shots(page, "18-project-sample")
    # THEN the vendor's portal offers it for download
    portal = browser.new_context().new_page()
    portal.goto(stack.endpoints["demo"]["portal_link"])
    assert portal.get_by_role("link", name="Sample certificate.pdf").is_visible()
    context.close()
