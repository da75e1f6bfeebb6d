"""Accounts payable on the demo stack: `coi local advance` runs the nightly ERP export, the files
appear on the ERP exports page, and one downloads through its short-lived link; "Export now"
adds another. Real stack, real Chromium, auto-waiting `expect` assertions only."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN, sign_in

pytestmark = pytest.mark.browser

PAGE_TIMEOUT_MS = 20_000
expect.set_options(timeout=PAGE_TIMEOUT_MS)


def test_nightly_erp_files_appear_after_advance_and_download(stack, browser, shots, tmp_path):
    # GIVEN the demo tenant (all four ERPs on, vendors coded) and the local clock moved a day on
    advanced = subprocess.run(
        [
            sys.executable,
            "-m",
            "coi_cli.local_cmd",
            "advance",
            "--days",
            "1",
            "--state-dir",
            str(stack.state_dir),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert advanced.returncode == 0, advanced.stdout + advanced.stderr
    page = browser.new_page(accept_downloads=True)
    sign_in(page, stack.api)
    # WHEN accounts payable opens ERP exports from the navigation
    page.get_by_role("navigation", name="Main").get_by_role("link", name="ERP exports").click()
    expect(page.get_by_role("heading", name="ERP exports")).to_be_visible()
    # THEN the nightly files of the four ERPs are listed, nothing left out
    table = page.get_by_role("table")
    for name in ("Sage 300 CRE", "Sage Intacct", "CMiC", "Viewpoint Vista"):
        expect(table.get_by_role("cell", name=name, exact=True).first).to_be_visible()
    expect(table.get_by_text("scheduled").first).to_be_visible()
    expect(table.get_by_text("needs an ERP code")).to_have_count(0)
    shots(page, "erp-01-exports")
    # WHEN the Sage 300 CRE file is downloaded
    row = table.get_by_role("row").filter(has=page.get_by_role("cell", name="Sage 300 CRE", exact=True)).first
    with page.expect_download() as download_info:
        row.get_by_role("link", name=re.compile(r"Download vendor_compliance_")).click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    # THEN it is the vendor compliance import, under the demo's Sage vendor ids, with holds
    lines = saved.read_text().splitlines()
    assert lines[0].startswith("Vendor,Vendor_Name,GL_Ins_Company")
    assert all(re.match(r"SR\d{4},", line) for line in lines[1:]), lines
    assert any(line.endswith(",Y") for line in lines[1:])  # a vendor still on hold
    # WHEN an Admin exports Vista now
    page.get_by_label("ERP").select_option("vista")
    page.get_by_role("button", name="Export now").click()
    # THEN it is listed as requested by them
    expect(page.get_by_role("status")).to_have_text("Export written.")
    expect(table.get_by_text(f"by {ADMIN}")).to_be_visible()
    shots(page, "erp-02-export-now")
    page.close()


def test_the_erp_settings_page_names_the_rule_a_code_breaks(stack, browser, shots):
    page = browser.new_page()
    sign_in(page, stack.api)
    page.goto(f"{stack.api}/erp/settings")
    expect(page.get_by_role("heading", name="ERP settings")).to_be_visible()
    expect(page.get_by_label("Sage 300 CRE")).to_be_checked()
    page.get_by_role("link", name="Vendor codes").first.click()
    expect(page.get_by_role("heading", name="Sage 300 CRE: Vendor codes")).to_be_visible()
    page.get_by_role("textbox").first.fill("WAY-TOO-LONG-ID")
    page.get_by_role("button", name="Save codes").click()
    expect(page.get_by_role("alert")).to_contain_text("not saved")
    expect(page.get_by_text(re.compile(r"rule sage300cre\.vendor_id"))).to_be_visible()
    shots(page, "erp-03-code-rule")
    page.close()
