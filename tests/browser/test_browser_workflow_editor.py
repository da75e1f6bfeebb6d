"""Staff workflow in a real browser: a new project waits in Draft behind the go-live checklist, the
requirements editor refuses a bad limit beside the field and keeps what was typed, and a review
refused for a missing note comes back with every decision (and the unticked "Send e-mail to the
vendor" box) still chosen. Screenshots:
tests/artifacts/browser/editor-*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_go_live_checklist_requirements_editor_and_review_keep_work(stack, browser, shots):
    api = stack.api
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    sign_in(page, api)

    # GIVEN a project created from the form: it starts in Draft
    page.goto(f"{api}/projects")
    page.get_by_label("Number").fill("4410")
    page.get_by_label("Name", exact=True).fill("Bayfront Clinic")
    page.get_by_role("button", name="Create project").click()
    page.wait_for_url(re.compile(r"/projects/[0-9a-f]{32}"))
    expect(page.locator("#draft-note")).to_contain_text("queued until the project goes live")

    # WHEN staff open the go-live checklist
    page.get_by_role("link", name="Review the go-live checklist and go live").click()
    checklist = page.get_by_role("table", name="Go-live checklist")
    expect(checklist).to_contain_text("Requirement group set")
    expect(checklist.get_by_role("row").filter(has_text="At least one active contract")).to_contain_text(
        "to do"
    )
    # THEN it cannot go live before a contract exists
    expect(page.get_by_role("button", name="Go live and send requests")).to_have_count(0)
    shots(page, "editor-01-go-live-checklist")

    # WHEN an admin types a bad limit in the requirements editor
    page.goto(f"{api}/requirement-groups")
    page.get_by_role("link", name="Default").first.click()
    page.locator("#general_liability-each_occurrence").fill("one million")
    page.get_by_label("Label as printed on the certificate").last.fill("Pollution Liability")
    page.get_by_role("button", name="Save requirements").click()
    # THEN the error sits beside the field and everything typed is still there
    expect(page.locator("#err-general_liability-limit-each_occurrence")).to_contain_text("dollar amount")
    expect(page.locator("#general_liability-each_occurrence")).to_have_value("one million")
    expect(page.get_by_label("Label as printed on the certificate").last).to_have_value("Pollution Liability")
    shots(page, "editor-02-requirements-editor")

    # WHEN a reviewer approves non-compliant without a note
    page.goto(f"{api}/review")
    page.get_by_role("link", name="Review", exact=True).first.click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]{32}/review"))
    selects = page.locator("select[data-decision]")
    expect(selects.first).to_be_visible()
    selects.first.select_option("approved_non_compliant")
    # AND chooses not to e-mail the vendor now (the box starts ticked)
    notify = page.get_by_label("Send e-mail to the vendor")
    expect(notify).to_be_checked()
    notify.uncheck()
    page.get_by_role("button", name="Done", exact=True).click()
    # THEN the form comes back with the decision and the e-mail choice kept, the note asked for beside it
    expect(page.get_by_text("say why it is approved although it does not comply").first).to_be_visible()
    expect(page.locator("select[data-decision]").first).to_have_value("approved_non_compliant")
    expect(page.get_by_label("Send e-mail to the vendor")).not_to_be_checked()
    shots(page, "editor-03-review-page")
