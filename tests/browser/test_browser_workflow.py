"""A staff user creates a project and a contract, the vendor uploads through the portal link, staff
review it from Needs Review, and the contract turns compliant. Real stack, real Chromium.

Every check on the page goes through Playwright's auto-waiting `expect` (it retries until the
page shows what is expected or the timeout passes), never a one-shot `is_visible()` or
`inner_text()` read right after a navigation or a click: on a busy 2-core machine the page may
not have rendered yet."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.fixtures.certgen import generate

pytestmark = pytest.mark.browser

ADMIN = "admin@summitridge.example"
PIPELINE_TIMEOUT_MS = 90_000
# Page loads on a loaded machine (another CPU-heavy process running) take seconds, not millis.
PAGE_TIMEOUT_MS = 20_000
expect.set_options(timeout=PAGE_TIMEOUT_MS)


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
    expect(page.get_by_role("heading", name="Projects")).to_be_visible()


def test_staff_and_vendor_take_a_contract_to_compliant(stack, browser, shots, tmp_path):
    api = stack.api
    staff = browser.new_context(viewport={"width": 1366, "height": 900})
    page = staff.new_page()

    # GIVEN a staff user signed in on the seeded account
    _sign_in(page, api, ADMIN)
    expect(page.get_by_role("link", name="Harbor View Medical Office")).to_be_visible()
    shots(page, "01-projects")

    # WHEN they create a project
    page.get_by_label("Number").fill("3107")
    page.get_by_label("Name", exact=True).fill("Lakeside Library Renovation")
    page.get_by_label("Address").fill("500 Lakeshore Ave, Oakland, CA 94610")
    page.get_by_role("button", name="Create project").click()
    page.wait_for_url(re.compile(r"/projects/[0-9a-f]{32}"))
    expect(page.get_by_role("heading", name="3107 · Lakeside Library Renovation")).to_be_visible()

    # AND add a vendor to it
    page.get_by_label("Vendor name").fill("Lakeside Roofing Co")
    page.get_by_label("Scope of work").fill("Roofing")
    page.get_by_label("Contact email").fill("certs@lakesideroofing.example")
    page.get_by_role("button", name="Add contract").click()
    row = page.get_by_role("row").filter(has_text="Lakeside Roofing Co")
    expect(row).to_contain_text("Needs certificate")
    shots(page, "02-project")

    # AND copy the contract's request link from its actions menu
    row.get_by_text("Actions").click()
    row.get_by_role("button", name="Copy request link").click()
    link_field = page.locator("[data-portal-link]")
    expect(link_field).to_have_value(re.compile("^" + re.escape(f"{api}/portal/") + r"\S+$"))
    link = link_field.input_value()
    shots(page, "03-request-link")

    # THEN the vendor, without any login, sees the project and what is required
    vendor = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    portal = vendor.new_page()
    portal.goto(link)
    expect(portal.get_by_role("heading", name=re.compile("Lakeside Roofing Co"))).to_be_visible()
    expect(portal.locator("main")).to_contain_text("3107")
    expect(portal.locator("[data-requirements]")).to_contain_text("General liability")
    shots(portal, "04-portal")

    # WHEN the vendor uploads a certificate (presigned POST straight to S3)
    # (the first upload box is the certificate's; the portal has one per checklist item)
    certificate = _certificate_valid_well_past(date.today(), tmp_path)
    uploader = portal.locator("[data-uploader]").first
    uploader.locator("[data-file]").set_input_files(str(certificate))
    expect(uploader.locator("[data-result]")).to_be_visible(timeout=PIPELINE_TIMEOUT_MS)
    expect(uploader.locator("[data-progress]")).to_have_js_property("value", 100)
    expect(uploader.locator("[data-result-title]")).not_to_be_empty()
    shots(portal, "05-portal-uploaded")
    expect(uploader).to_have_attribute("data-document-id", re.compile(r"^[0-9a-f]{32}$"))
    document_id = uploader.get_attribute("data-document-id")

    # THEN staff find it in Needs Review
    page.goto(f"{api}/review")
    queued = page.get_by_role("row").filter(has_text="Lakeside Roofing Co")
    expect(queued).to_have_count(1)
    shots(page, "06-needs-review")
    queued.get_by_role("link", name="Review").click()
    page.wait_for_url(re.compile(rf"/documents/{document_id}/review"))
    expect(page.locator("iframe[title='Uploaded certificate']")).to_have_count(1)
    _wait_for_pdf_viewer(page)
    expect(page.get_by_text("required $1,000,000").first).to_be_visible()
    shots(page, "07-review")

    # WHEN they accept the certificate-level findings (the generated certificate names another
    # insured and holder) with a note, approve every requirement and press Done
    expect(page.locator("select[data-decision]").first).to_be_visible()
    for select in page.locator("select[name^='docdecision:']").all():
        code = str(select.get_attribute("name")).split(":", 1)[1]
        select.select_option("accepted")
        page.locator(f"input[name='docnote:{code}']").fill("Same company, checked with the broker.")
    for select in page.locator("select[data-decision]").all():
        select.select_option("active")
    page.get_by_role("button", name="Done", exact=True).click()

    # AND confirm that they approve over the automatic check's open problems, when asked
    override = page.get_by_label("I approve over these problems")
    done = page.get_by_role("heading", name=re.compile("^Lakeside Roofing Co"))
    expect(override.or_(done)).to_be_visible()
    if override.count():
        override.check()
        page.get_by_role("button", name="Done", exact=True).click()

    # THEN the contract is compliant and the coverages are active
    page.wait_for_url(re.compile(r"/contracts/[0-9a-f]{32}"))
    heading = page.get_by_role("heading", name=re.compile("Lakeside Roofing Co"))
    expect(heading).to_have_text(re.compile(r"Compliant\s*$"))
    # At least four requirements with an active status (the collapsed history repeats the badges).
    active_rows = (
        page.locator("table")
        .first.locator(":scope > tbody > tr")
        .filter(has=page.get_by_role("cell", name="Active", exact=True))
    )
    expect(active_rows.nth(3)).to_be_visible()
    shots(page, "08-contract-compliant")

    # AND the project's compliance bar counts it
    page.get_by_role("link", name="3107 Lakeside Library Renovation").click()
    expect(page.locator("main")).to_contain_text("100% · 1/1")

    # AND the vendor's confirmation shows the reviewed result
    # (the page polls; a CSP without 'unsafe-eval' rules out wait_for_function)
    expect(uploader).to_have_attribute("data-result-status", "accepted", timeout=PIPELINE_TIMEOUT_MS)
    expect(uploader.locator("[data-result-title]")).to_contain_text("reviewed and accepted")
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
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert "frame-ancestors 'none'" in (response.headers.get("content-security-policy") or "")
        shots(page, name)
    page.goto(f"{stack.api}/requirement-groups")
    first_group = page.locator("table a").first
    expect(first_group).to_be_visible()
    group_name = first_group.inner_text().strip()
    first_group.click()
    page.wait_for_url(re.compile(r"/requirement-groups/[0-9a-f]{32}"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(group_name)
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
    expect(page.get_by_role("heading", name="This link has expired")).to_be_visible()
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
    expect(page.get_by_role("link", name="Sample certificate.pdf")).to_be_visible()
    shots(page, "18-project-sample")
    # THEN the vendor's portal offers it for download
    portal = browser.new_context().new_page()
    portal.goto(stack.endpoints["demo"]["portal_link"])
    expect(portal.get_by_role("link", name="Sample certificate.pdf")).to_be_visible()
    context.close()
