"""What vendors and coordinators see, on the real demo stack in Chromium: the account overview
(home page, measured for weight and first render), a rejection e-mail as the vendor reads it, and
the portal of a vendor who comes back after a rejection (desktop and phone widths)."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from services.notify.domain.model import OpenItem
from services.notify.rendering import TemplateRenderer
from tests.browser.conftest import ADMIN, ARTIFACTS, sign_in

pytestmark = pytest.mark.browser

expect.set_options(timeout=20_000)


def test_the_overview_is_home_and_its_weight_and_first_render_are_recorded(stack, browser, shots):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, stack.api)
    page.goto(f"{stack.api}/")
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    expect(page.locator('[data-tile="compliance"] .tile-value')).to_have_text(re.compile(r"^(\d+%|–)$"))
    expect(page.get_by_role("heading", name="Compliance by project")).to_be_visible()
    expect(page.get_by_role("heading", name="Recent activity")).to_be_visible()
    # The main navigation stays on one line at 1280 px.
    nav = page.get_by_role("navigation", name="Main").bounding_box()
    header = page.locator("header.top").bounding_box()
    assert nav is not None
    assert header is not None
    assert header["height"] < 60, "the header wrapped onto a second line at 1280 px"
    shots(page, "vendor-view-01-overview")
    figures = page.evaluate(
        """() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        const resources = performance.getEntriesByType('resource');
        const bytes = resources.reduce((n, r) => n + (r.transferSize || r.encodedBodySize || 0),
                                       nav.transferSize || nav.encodedBodySize || 0);
        return {html_bytes: nav.encodedBodySize, total_bytes: bytes, requests: resources.length + 1,
                ttfb_ms: Math.round(nav.responseStart),
                first_contentful_paint_ms: paint ? Math.round(paint.startTime) : null,
                dom_content_loaded_ms: Math.round(nav.domContentLoadedEventEnd)};
    }"""
    )
    figures["nav_height_px"] = round(nav["height"])
    (ARTIFACTS / "browser" / "vendor-view-overview-figures.json").write_text(json.dumps(figures, indent=1))
    print("overview page:", figures)
    assert figures["total_bytes"] < 200_000


def test_a_rejection_email_reads_as_a_broker_would_need_it(browser, shots):
    rendered = TemplateRenderer().render(
        "rejection_notice",
        {
            "tenant_name": "Summit Ridge Builders",
            "project_name": "3107 Lakeside Library",
            "vendor_name": "Lakeside Roofing Co",
            "contact_name": "Dana Whitfield",
            "upload_url": "http://127.0.0.1:8000/portal/demo-token",
            "reminder_total": 3,
            "reasons": ["General liability was not accepted."],
            "notes_to_vendor": "Your broker can send the endorsement pages in the same PDF.",
            "items": [
                OpenItem(
                    "General liability",
                    "rejected",
                    (
                        "General liability each occurrence is $500,000; the contract requires $1,000,000.",
                        "General liability does not show Summit Ridge Builders as additional insured.",
                    ),
                    "A corrected certificate of insurance (ACORD 25) from your broker.",
                ),
                OpenItem(
                    "Workers' compensation",
                    "missing",
                    ("Workers' compensation is not on the certificate.",),
                    "A corrected certificate of insurance (ACORD 25) from your broker.",
                ),
                OpenItem("W-9", "missing", ("We have not received it yet.",), "The W-9 document itself."),
            ],
            "certificate_problems": [],
            "endorsements": ["additional insured endorsement (e.g. CG 20 10 and CG 20 37)"],
            "samples": ["Sample certificate.pdf"],
        },
    )
    page = browser.new_page(viewport={"width": 800, "height": 900})
    page.set_content(rendered.html)
    expect(page.get_by_text("forward this e-mail to your insurance broker as is")).to_be_visible()
    expect(page.locator("ol > li")).to_have_count(3)
    expect(page.get_by_text("the contract requires $1,000,000")).to_be_visible()
    expect(page.get_by_role("link", name="Upload your certificate")).to_be_visible()
    shots(page, "vendor-view-02-rejection-email")


def _reject_a_demo_upload(api: str, demo: dict[str, Any]) -> str:
    """Rejects general liability on the first demo upload once the automatic check read it;
    returns that contract's portal link."""
    with httpx.Client(timeout=10) as client:
        token = client.post(f"{api}/api/auth/token", json={"email": ADMIN}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        entry = next(c for c in demo["contracts"] if "document_id" in c)
        document_id = entry["document_id"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status = client.get(f"{api}/api/portal/{entry['portal_token']}/documents/{document_id}")
            if status.status_code == 200:
                break
            time.sleep(1)
        contract = client.get(f"{api}/api/contracts/{entry['contract_id']}", headers=headers).json()
        shown = [
            r["requirement_key"]
            for r in contract["requirements"]
            if any(h.get("document_id") == document_id for h in r["history"])
        ] or ["general_liability"]
        decisions = [
            {"requirement_key": key, "status": "rejected" if key == "general_liability" else "active"}
            for key in shown
        ]
        review: dict[str, Any] = {
            "decisions": decisions,
            "notes_to_vendor": "Ask your broker for the CG 20 10 page too.",
            # Approving the others over any automatic problem is a confirmed override.
            "confirm_override": True,
        }
        done = client.post(f"{api}/api/documents/{document_id}/review/done", headers=headers, json=review)
        # Certificate-level findings (insured, holder) are decided first; the 400 names them.
        undecided = [
            field.split(".", 1)[1]
            for field in (done.json().get("fields") or {} if done.status_code == 400 else {})
            if field.startswith("document_decisions.")
        ]
        if undecided:
            review["document_decisions"] = [
                {"code": code, "status": "accepted", "note": "Same company, checked with the broker."}
                for code in undecided
            ]
            done = client.post(f"{api}/api/documents/{document_id}/review/done", headers=headers, json=review)
        assert done.status_code in (200, 201), done.text
        return str(entry["portal_link"])


def test_a_returning_vendor_sees_the_checklist_on_desktop_and_phone(stack, browser, shots):
    link = _reject_a_demo_upload(stack.api, stack.endpoints["demo"])
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(link)
    expect(page.get_by_role("heading", name="What to send next")).to_be_visible()
    expect(page.locator('[data-item="general_liability"]')).to_have_attribute("data-status", "rejected")
    expect(page.locator('[data-item="general_liability"] .problems li').first).to_be_visible()
    expect(page.get_by_text("Ask your broker for the CG 20 10 page too.")).to_be_visible()
    expect(page.locator('[data-upload-for="certificate"]')).to_be_visible()
    shots(page, "vendor-view-03-portal-returning")
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", name="What to send next")).to_be_visible()
    # Nothing wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shots(phone, "vendor-view-04-portal-returning-phone")
