"""The Carriers page: Admins see and replace the tenant's carrier table; others get no link."""

from __future__ import annotations

from tests.functional.ui.conftest import READ_ONLY, STANDARD, Site

CSV = "naic,name,am_best_rating,am_best_size\n25674,Travelers Property Casualty Co of America,A++,XV\n"


def test_admin_replaces_the_table_from_the_page(site: Site):
    # GIVEN a signed-in admin
    cookie = site.sign_in()

    # WHEN they paste a CSV and submit
    response = site.post("/carriers", cookie, {"csv": CSV})

    # THEN they are sent back to the page, which lists the carrier and confirms the count
    assert response.status_code == 303
    page = site.get(response.headers["Location"], cookie)
    text = page.body.decode()
    assert page.status_code == 200
    assert "Travelers Property Casualty Co of America" in text
    assert "Carrier table replaced: 1 carriers." in text
    assert 'href="/carriers"' in text


def test_a_bad_line_is_shown_with_the_text_kept(site: Site):
    # WHEN an admin submits a CSV with a bad size on line 2
    cookie = site.sign_in()
    response = site.post("/carriers", cookie, {"csv": CSV.replace(",XV", ",XXV")})

    # THEN the page answers 400, names the line and keeps the text for fixing; nothing is stored
    text = response.body.decode()
    assert response.status_code == 400
    assert "line 2" in text
    assert "XXV" in text
    assert "No carrier table yet." in text


def test_demo_tables_carry_their_note(site: Site):
    # GIVEN a table loaded with a note saying the ratings are invented (as the demo seed does)
    from coi_cli.local.seed import DEMO_CARRIER_NOTE, demo_carriers_csv
    from shared import workspace

    workspace.replace_carrier_table(site.ctx(), demo_carriers_csv(), note=DEMO_CARRIER_NOTE)

    # WHEN the admin opens the page THEN the note is shown with the table
    text = site.get("/carriers", site.sign_in()).body.decode()
    assert "Demo ratings for the sample data, not AM Best data; replace with your own list." in text
    assert "Ohio Casualty Insurance Company" in text


def test_non_admins_have_no_carriers_page(site: Site):
    for email in (STANDARD, READ_ONLY):
        # WHEN a non-admin opens the page or posts to it
        cookie = site.sign_in(email)
        shown = site.get("/carriers", cookie)
        posted = site.post("/carriers", cookie, {"csv": CSV})

        # THEN both are forbidden and the navigation has no link to it
        assert (shown.status_code, posted.status_code) == (403, 403)
        assert 'href="/carriers"' not in site.get("/projects", cookie).body.decode()
