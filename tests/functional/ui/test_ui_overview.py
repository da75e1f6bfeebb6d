"""The account overview: the signed-in home page."""

from __future__ import annotations

import re

from shared import workspace
from shared.workspace import NewProject
from tests.functional.ui.conftest import READ_ONLY, Site


def _tile(page: str, name: str) -> str:
    match = re.search(rf'data-tile="{name}".*?<span class="tile-value">([^<]*)</span>', page, re.S)
    assert match, f"no {name} tile"
    return match.group(1)


def test_home_is_the_overview_with_compliance_review_actions_and_activity(site: Site):
    # GIVEN two active projects: one contract compliant, one waiting for review, one with nothing
    first = site.project("2231", "Harbor Point")
    second = workspace.create_project(
        site.ctx(), NewProject(number="2240", name="Mill Yard", status="active")
    )
    site.deliver(site.contract(first, "Rivera Concrete LLC"), compliant=False)
    site.contract(second, "Bayside Electric Inc")
    cookie = site.sign_in()
    # WHEN the admin opens the home page
    home = site.get("/", cookie)
    assert home.status_code in (302, 303)
    assert home.headers["Location"] == "/overview"
    response = site.get("/overview", cookie)
    page = response.body.decode()
    # THEN the overview shows compliance across projects, Needs review, Action needed and expiring
    assert response.status_code == 200
    assert "<h1>Overview</h1>" in page
    assert _tile(page, "compliance") == "0%"
    assert "0 of 2 contracts" in page
    assert _tile(page, "needs-review") == "1"
    assert _tile(page, "action-needed") == "0"
    assert _tile(page, "expiring") == "0"
    assert "2231 Harbor Point" in page
    assert "2240 Mill Yard" in page
    # and recent activity lists what just happened, linked to the contract or project
    assert "Recent activity" in page
    assert re.search(r"Contract created|Project created", page)
    activity = page.split('id="activity"')[1]
    assert re.search(r'<a href="/contracts/[0-9a-f]+">Rivera Concrete LLC</a>', activity)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_read_only_users_see_the_overview_too(site: Site):
    cookie = site.sign_in(READ_ONLY)
    response = site.get("/overview", cookie)
    assert response.status_code == 200
    assert "Compliance by project" in response.body.decode()
