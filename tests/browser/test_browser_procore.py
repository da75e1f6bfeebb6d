"""Procore on the demo stack, as a GC admin does it: connect from Settings > Connected Apps through
the (fake) Procore consent page, import one project by Subcontract with only Approved
commitments, find in its Procore Sync Log the vendor whose commitment has no invoice contact,
with the link to that commitment in Procore; then upload a certificate for an imported vendor,
approve it, and find the insurance records and the commitment's `compliant` status in the fake
Procore (read through its own HTTP API). Real stack, real Chromium, auto-waiting `expect`."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN, sign_in
from tests.fakes import procore_demo
from tests.fixtures.certgen import generate

pytestmark = pytest.mark.browser

PAGE_TIMEOUT_MS = 20_000
PIPELINE_SECONDS = 90
expect.set_options(timeout=PAGE_TIMEOUT_MS)
# The demo company (tests/fakes/procore_demo.py): Harbor View, its SC-001 with Bayline Concrete.
HARBOR_VIEW, SC_001, BAYLINE = 301, 7001, 501


def _certificate(folder: Path) -> Path:
    """A generated digital (flattened) ACORD 25 whose policies all run past the next 90 days."""
    today = date.today()
    for seed in range(1, 3000):
        document = generate(seed, "flattened")
        truth = document.truth
        if (
            truth
            and truth.policies
            and all(
                p.expiration_date and p.expiration_date > today + timedelta(days=90) for p in truth.policies
            )
        ):
            path = folder / f"certificate-{seed}.pdf"
            path.write_bytes(document.data)
            return path
    raise AssertionError("no generated certificate runs 90 days past today")


def _until(read: Any, what: str, seconds: float = PIPELINE_SECONDS) -> Any:
    """Polls `read()` (HTTP, outside the page) until it answers something truthy."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = read()
        if found:
            return found
        time.sleep(1)
    raise AssertionError(f"{what} not seen within {seconds:.0f} s")


def _fake_procore(base: str) -> httpx.Client:
    """The fake Procore's own API, as an integration would read it (service account token)."""
    client = httpx.Client(base_url=base, timeout=10)
    token = client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": procore_demo.CLIENT_ID,
            "client_secret": procore_demo.CLIENT_SECRET,
        },
    ).json()["access_token"]
    client.headers.update({"Authorization": f"Bearer {token}", "Procore-Company-Id": "1001"})
    return client


def test_connect_import_read_the_sync_log_approve_and_find_compliance_in_procore(
    stack, browser, shots, tmp_path
):
    page = browser.new_page()
    sign_in(page, stack.api)
    # GIVEN the demo tenant, connected to the fake Procore's company; the admin starts afresh
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    page.get_by_role("navigation", name="Settings").get_by_role("link", name="Connected Apps").click()
    expect(page.get_by_role("heading", name="Connected Apps")).to_be_visible()
    page.get_by_role("button", name="Disconnect Procore").click()
    expect(page.get_by_role("status")).to_contain_text("Procore is disconnected")
    # WHEN they connect through Procore's consent page
    page.get_by_role("button", name="Connect with Procore").click()
    expect(page.get_by_role("heading", name="Authorize application")).to_be_visible()
    shots(page, "procore-01-consent")
    page.get_by_role("button", name="Allow").click()
    # THEN they are back on Connected Apps, connected to the company as the approving user
    expect(page.get_by_role("status")).to_have_text("Procore is connected.")
    expect(page.get_by_text("Summit Ridge Builders (#1001)")).to_be_visible()
    shots(page, "procore-02-connected")
    # WHEN they import Harbor View by Subcontract, Approved commitments only
    page.get_by_role("link", name="Choose projects to import").click()
    row = page.get_by_role("row").filter(has_text="Harbor View Medical Office")
    expect(row).to_have_count(1)
    row.get_by_label("Vendors from").select_option("subcontract")
    statuses = row.get_by_role("group", name="Commitment statuses")
    for checkbox in statuses.get_by_role("checkbox").all():
        checkbox.set_checked(checkbox.get_attribute("value") == "Approved")
    expect(statuses.get_by_role("checkbox", name="Approved")).to_be_checked()
    shots(page, "procore-03-choose")
    row.get_by_role("button", name="Import").click()
    # THEN the project's Procore page lists the vendor without an invoice contact, with its link
    expect(
        page.get_by_role("heading", name=re.compile("Harbor View Medical Office · Procore"))
    ).to_be_visible()
    log = page.get_by_role("table", name="Procore Sync Log")
    entry = log.get_by_role("row").filter(has_text="Redwood Steel Erectors")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("SC-004")
    expect(entry).to_contain_text("Structural steel")
    expect(entry).to_contain_text("No invoice contact")
    expect(entry.get_by_role("link", name="View in Procore")).to_have_attribute(
        "href", re.compile(r"/301/project/commitments/work_order_contracts/7003$")
    )
    shots(page, "procore-04-sync-log")
    # AND the imported project starts in Draft, with its approved subcontracts as contracts
    page.get_by_role("link", name="Back to the project").click()
    expect(page.get_by_text("Draft", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name="View in Procore")).to_have_attribute(
        "href", re.compile(r"/301/project/home$")
    )
    shots(page, "procore-05-project")
    # WHEN staff upload a certificate for an imported vendor (SC-001, Bayline Concrete Inc)
    contract_row = page.get_by_role("row").filter(has_text="Foundations and flatwork")
    expect(contract_row).to_have_count(1)
    contract_row.get_by_role("link", name="Bayline Concrete Inc").click()
    page.wait_for_url(re.compile(r"/contracts/[0-9a-f]{32}"))
    contract_url = page.url.split("?")[0]
    page.goto(f"{contract_url}?tab=certificates")
    uploader = page.locator("[data-uploader]").first
    uploader.locator("[data-file]").set_input_files(str(_certificate(tmp_path)))
    expect(uploader).to_have_attribute("data-document-id", re.compile(r"^[0-9a-f]{32}$"))
    document_id = uploader.get_attribute("data-document-id")
    shots(page, "procore-06-uploaded")
    # AND, once it has been read, approve it from the review page
    api = httpx.Client(base_url=stack.api, timeout=10)
    token = api.post("/api/auth/token", json={"email": ADMIN}).json()["token"]
    api.headers["Authorization"] = f"Bearer {token}"
    _until(
        lambda: api.get(f"/api/documents/{document_id}").json().get("status") == "needs_review",
        "the uploaded certificate in Needs Review",
    )
    page.goto(f"{stack.api}/documents/{document_id}/review")
    expect(page.locator("select[data-decision]").first).to_be_visible()
    for select in page.locator("select[name^='docdecision:']").all():
        code = str(select.get_attribute("name")).split(":", 1)[1]
        select.select_option("accepted")
        page.locator(f"input[name='docnote:{code}']").fill("Same company, checked with the broker.")
    for select in page.locator("select[data-decision]").all():
        select.select_option("active")
    page.get_by_role("button", name="Done", exact=True).click()
    override = page.get_by_label("I approve over these problems")
    done = page.get_by_role("heading", name=re.compile("^Bayline Concrete Inc"))
    expect(override.or_(done)).to_be_visible()
    if override.count():
        override.check()
        page.get_by_role("button", name="Done", exact=True).click()
    expect(done).to_have_text(re.compile(r"Compliant\s*$"))
    # THEN the fake Procore holds the vendor's insurance records and the commitment is compliant
    procore = _fake_procore(stack.endpoints["demo"]["procore"]["procore"])
    insurances = _until(
        lambda: procore.get(f"/rest/v1.0/projects/{HARBOR_VIEW}/vendors/{BAYLINE}/insurances").json(),
        "the insurance records in Procore",
    )
    assert {i["status"] for i in insurances} == {"compliant"}, insurances
    assert "General Liability" in {i["insurance_type"] for i in insurances}
    assert all(i["origin_id"].startswith("coi:") and i.get("expiration_date") for i in insurances)
    compliance = _until(
        lambda: (
            (
                answer := procore.get(
                    f"/rest/v1.0/projects/{HARBOR_VIEW}/work_order_contracts/{SC_001}/compliance"
                ).json()
            ).get("insurance_status")
            == "compliant"
            and answer
        ),
        "the commitment's compliant status in Procore",
    )
    assert compliance["insurance_status"] == "compliant"
    # AND the contract page shows what was sent to Procore
    page.goto(contract_url)
    pushed = page.get_by_role("region", name="Sent to Procore")
    expect(pushed.locator('[data-procore="commitment-status"]')).to_have_text("Compliant")
    expect(pushed.get_by_role("row").filter(has_text="General Liability")).to_contain_text(
        str(next(i["id"] for i in insurances if i["insurance_type"] == "General Liability"))
    )
    shots(page, "procore-07-pushed")
    page.close()
