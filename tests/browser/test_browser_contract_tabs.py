"""The contract page in tabs on the real demo stack: each tab by its own URL and by keyboard, a
rejection e-mail as the local mail sink captured it, its "Delivered" state in the Messages tab
(the SES Delivery event the local stack publishes), the home page and the returning vendor's
portal. Screenshots: tests/artifacts/browser/contract-*.png."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, expect

from tests.browser.conftest import ADMIN, sign_in

pytestmark = pytest.mark.browser

expect.set_options(timeout=20_000)
TABS = (
    ("coverages", "Coverages"),
    ("certificates", "Certificates"),
    ("notes", "Notes"),
    ("messages", "Messages"),
    ("audit", "Audit"),
)


def _reject(api: str, entry: dict[str, Any]) -> None:
    """Rejects every policy the automatic check read from the contract's demo upload (with a
    note to the vendor), through the API a reviewer's Done button calls."""
    with httpx.Client(timeout=15) as client:
        headers = {
            "Authorization": "Bearer "
            + client.post(f"{api}/api/auth/token", json={"email": ADMIN}).json()["token"]
        }
        document_id = entry["document_id"]
        deadline = time.monotonic() + 60
        while (
            client.get(f"{api}/api/portal/{entry['portal_token']}/documents/{document_id}").status_code != 200
        ):
            assert time.monotonic() < deadline, "the demo upload was never read"
            time.sleep(1)
        contract = client.get(f"{api}/api/contracts/{entry['contract_id']}", headers=headers).json()
        shown = [
            r["requirement_key"]
            for r in contract["requirements"]
            if any(h.get("document_id") == document_id for h in r["history"])
        ] or ["general_liability"]
        review: dict[str, Any] = {
            "decisions": [{"requirement_key": key, "status": "rejected"} for key in shown],
            "notes_to_vendor": "Ask your broker for the CG 20 10 page too.",
        }
        done = client.post(f"{api}/api/documents/{document_id}/review/done", headers=headers, json=review)
        fields = done.json().get("fields") or {} if done.status_code == 400 else {}
        undecided = [f.split(".", 1)[1] for f in fields if f.startswith("document_decisions.")]
        if undecided:  # certificate-level findings (insured, holder) are decided first
            review["document_decisions"] = [{"code": code, "status": "rejected"} for code in undecided]
            done = client.post(f"{api}/api/documents/{document_id}/review/done", headers=headers, json=review)
        assert done.status_code in (200, 201), done.text


def _mailbox(aws: str) -> list[dict[str, Any]]:
    messages = httpx.get(f"{aws}/_ministack/ses/messages", timeout=10).json()["messages"]
    if isinstance(messages, dict):  # ministack groups them by account id
        return [m for per_account in messages.values() for m in per_account]
    return list(messages)


def _captured(aws: str, to: str, subject: re.Pattern[str], timeout: float = 60) -> dict[str, Any]:
    """The captured e-mail to `to` whose subject matches, once notify has sent it."""
    deadline = time.monotonic() + timeout
    while True:
        found = [
            m for m in _mailbox(aws) if to in (m.get("To") or []) and subject.search(m.get("Subject", ""))
        ]
        if found:
            return found[-1]
        if time.monotonic() > deadline:
            raise AssertionError(f"no e-mail to {to} matching {subject.pattern} within {timeout} s")
        time.sleep(1)


def _all_delivered(rows: Locator) -> bool:
    rows.first.wait_for(timeout=20_000)
    return all(state == "delivered" for state in rows.evaluate_all("rs => rs.map(r => r.dataset.state)"))


def test_contract_tabs_messages_delivered_rejection_email_and_returning_portal(stack, browser, shots):
    demo = stack.endpoints["demo"]
    entry = next(c for c in demo["contracts"] if "document_id" in c)
    _reject(stack.api, entry)
    portal_link = entry["portal_link"]
    rejection = _captured(stack.aws, entry["contact_email"], re.compile(r"needs changes"))

    # The rejection e-mail exactly as the local mail sink captured it.
    mail = browser.new_page(viewport={"width": 800, "height": 900})
    mail.set_content(rejection["BodyHtml"])
    expect(mail.get_by_text("forward this e-mail to your insurance broker as is")).to_be_visible()
    expect(mail.get_by_text("Ask your broker for the CG 20 10 page too.")).to_be_visible()
    shots(mail, "contract-01-rejection-email-captured")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, stack.api)
    page.goto(f"{stack.api}/")
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    shots(page, "contract-02-home")

    page.goto(f"{stack.api}/contracts/{entry['contract_id']}")
    tabs = page.get_by_role("navigation", name="Contract sections")
    for number, (key, label) in enumerate(TABS, start=3):
        link = tabs.get_by_role("link", name=re.compile(f"^{label}"))
        if key == "notes":  # by keyboard: focus the tab link and press Enter
            link.focus()
            page.keyboard.press("Enter")
        else:
            link.click()
        if key != "coverages":
            expect(page).to_have_url(re.compile(rf"\?tab={key}$"))
        expect(link).to_have_attribute("aria-current", "page")
        expect(page.get_by_role("heading", level=1)).to_contain_text(entry["vendor"])
        expect(page.locator("section.tab-panel h2").first).to_be_visible()
        if key == "coverages":
            expect(page.get_by_role("heading", name="Coverage timeline")).to_be_visible()
        if key == "audit":
            expect(page.locator("section.tab-panel")).to_contain_text("Contract created")
        if key == "messages":
            # The Delivery event travels SNS -> SQS -> the ses_feedback handler: reload until every
            # e-mail sent for the contract shows it. (Which others there are depends on timing: the
            # seed's upload may land before the first request would have gone out.)
            row = page.locator('tr[data-message="rejection_notice"]').first
            sent = page.locator("table.messages tbody tr[data-message]")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not _all_delivered(sent):
                time.sleep(1)
                page.reload()
            expect(row).to_have_attribute("data-state", "delivered")
            expect(row.locator(".badge")).to_have_text("Delivered")
            expect(row).to_contain_text(entry["contact_email"])
            for each in sent.all():
                expect(each).to_have_attribute("data-state", "delivered")
        shots(page, f"contract-{number:02d}-tab-{key}")

    # A deep link opens the tab directly.
    page.goto(f"{stack.api}/contracts/{entry['contract_id']}?tab=messages")
    expect(tabs.get_by_role("link", name="Messages")).to_have_attribute("aria-current", "page")

    vendor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    vendor.goto(portal_link)
    expect(vendor.get_by_role("heading", name="What to send next")).to_be_visible()
    expect(vendor.locator('[data-item="general_liability"]')).to_have_attribute("data-status", "rejected")
    shots(vendor, "contract-08-portal-returning-vendor")
