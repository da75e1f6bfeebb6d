"""Procore on the demo stack, as a GC admin does it: connect from Settings > Connected Apps through
the (fake) Procore consent page, import one project by Subcontract with only Approved
commitments, and find in its Procore Sync Log the vendor whose commitment has no invoice contact,
with the link to that commitment in Procore. Real stack, real Chromium, auto-waiting `expect`."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PAGE_TIMEOUT_MS = 20_000
expect.set_options(timeout=PAGE_TIMEOUT_MS)


def test_connect_import_by_subcontract_and_read_the_sync_log(stack, browser, shots):
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
    page.close()
