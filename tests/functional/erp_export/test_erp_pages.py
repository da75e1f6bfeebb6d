"""The ERP pages of the staff UI in-process: ERP settings, codes with each ERP's rule shown on the
row at fault, matching the ERP's vendor list, the Exports page with export now, download through
a fresh short-lived link, and the Sage coverage CSV."""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urlencode

from services.api.auth import issue_local_token
from services.api.ui.web import SESSION_COOKIE, csrf_token

ADMIN, PM, RO = "admin@summit.example", "pm@summit.example", "ro@summit.example"
FORM = "application/x-www-form-urlencoded"


def session(world: dict[str, Any], email: str) -> str:
    return issue_local_token(email, services=world["services"])


def get(world, path: str, email: str) -> Any:
    return world["client"].http.get(path, headers={"Cookie": f"{SESSION_COOKIE}={session(world, email)}"})


def post(world, path: str, email: str, fields: list[tuple[str, str]]) -> Any:
    token = session(world, email)
    body = urlencode([("csrf", csrf_token(token)), *fields])
    headers = {"Cookie": f"{SESSION_COOKIE}={token}", "Content-Type": FORM}
    return world["client"].http.post(path, headers=headers, body=body)


def test_an_admin_sets_up_erps_and_the_nav_shows_the_pages(api_world):
    page = get(api_world, "/erp/settings", ADMIN)
    assert page.status_code == 200
    html = page.body.decode()
    assert 'href="/erp/exports"' in html
    assert 'href="/erp/settings"' in html
    saved = post(
        api_world,
        "/erp/settings",
        ADMIN,
        [
            ("erps", "sage300cre"),
            ("erps", "vista"),
            ("schedule", "weekdays"),
            ("ap_emails", "ap@summit.example"),
        ],
    )
    assert (saved.status_code, saved.headers["Location"]) == (303, "/erp/settings?done=1")
    html = get(api_world, "/erp/settings", ADMIN).body.decode()
    assert 'value="vista" checked' in html
    assert "2 vendor(s) need a code" in html  # Sage: one vendor without a code, one too long
    # A bad address is shown on the page, nothing saved
    bad = post(api_world, "/erp/settings", ADMIN, [("erps", "cmic"), ("ap_emails", "not-an-address")])
    assert bad.status_code == 400
    assert "not an e-mail address" in bad.body.decode()
    # Staff who are not Admins see the exports but not the settings
    assert get(api_world, "/erp/settings", PM).status_code == 403
    assert 'href="/erp/settings"' not in get(api_world, "/erp/exports", PM).body.decode()


def test_codes_are_saved_with_the_rule_named_on_the_row_at_fault(api_world):
    rivera = api_world["contracts"]["Rivera Concrete LLC"].vendor_id
    pacific = api_world["contracts"]["Pacific Drywall Co"].vendor_id
    page = get(api_world, "/erp/codes/sage300cre/vendor", ADMIN).body.decode()
    assert f'id="code-{pacific}"' in page
    assert "needs an ERP code" in page
    response = post(
        api_world,
        "/erp/codes/sage300cre/vendor",
        ADMIN,
        [(f"code-{rivera}", "RIVERA-CONCRETE"), (f"code-{pacific}", "PACDRY")],
    )
    html = response.body.decode()
    assert response.status_code == 400
    assert "Sage 300 CRE vendor ids are at most 10 characters" in html
    assert 'aria-invalid="true"' in html
    # The valid one was kept; the wrong one stays typed for correction
    assert 'value="RIVERA-CONCRETE"' in html
    rows = get(api_world, "/erp/codes/sage300cre/vendor", ADMIN).body.decode()
    assert 'value="PACDRY"' in rows


def test_matches_from_the_erps_vendor_list_are_confirmed_on_the_page(api_world):
    listing = "VENDORID,NAME\nV-100,Rivera Concrete\nV-200,Bay Electric, Inc.\n"
    shown = post(api_world, "/erp/codes/intacct/vendor/match", ADMIN, [("csv", listing)])
    html = shown.body.decode()
    assert shown.status_code == 200
    assert "Matches to confirm" in html
    assert "V-100" in html
    ids = {
        name: api_world["contracts"][name].vendor_id for name in ("Rivera Concrete LLC", "Bay Electric Inc")
    }
    done = post(
        api_world,
        "/erp/codes/intacct/vendor/confirm",
        ADMIN,
        [("accept", ids["Rivera Concrete LLC"]), (f"match-{ids['Rivera Concrete LLC']}", "V-100")],
    )
    assert (done.status_code, done.headers["Location"]) == (303, "/erp/codes/intacct/vendor?done=1")


def test_the_exports_page_exports_now_and_downloads_through_a_fresh_link(api_world):
    post(api_world, "/erp/settings", ADMIN, [("erps", "sage300cre")])
    empty = get(api_world, "/erp/exports", PM).body.decode()
    assert "No export yet." in empty
    assert "Export now" in empty
    made = post(api_world, "/erp/exports", PM, [("erp", "sage300cre")])
    assert made.status_code == 303
    html = get(api_world, "/erp/exports", RO).body.decode()
    assert "Sage 300 CRE" in html
    assert "needs an ERP code" in html
    assert "Export now" not in html  # read-only users download, they do not export
    export_id = made.headers["Location"].split("#export-")[1]
    link = get(api_world, f"/erp/exports/{export_id}/download?file=0", RO)
    assert link.status_code == 303
    assert "vendor_compliance_" in link.headers["Location"]
    assert "Signature" in link.headers["Location"]
    assert (
        get(api_world, f"/erp/exports/{export_id}/download?file=0", "admin@other.example").status_code == 404
    )
    assert get(api_world, "/erp/exports/not-an-export/download", RO).status_code == 404


def test_the_coverages_page_links_the_sage_csv(api_world):
    assert 'href="/exports/coverages.csv"' in get(api_world, "/coverages?bucket=active", PM).body.decode()
    response = get(api_world, "/exports/coverages.csv", PM)
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.body.decode().startswith("Vendor,Vendor_Name,Job,Job_Name,Commitment,Coverage")


def test_an_export_the_service_has_not_written_yet_shows_queued_and_the_page_refreshes(api_world):
    from services.api.logic.erp import console_for, install_console
    from shared.erp import ErpConsole
    from shared.events import Envelope, ErpExportRequested
    from tests.fakes.bus import InMemoryPublisher
    from tests.fakes.erp_export import ErpServiceOnBus

    # GIVEN erp_export busy elsewhere (nothing consumes the request yet)
    services = api_world["services"]
    idle_bus = dataclasses.replace(
        console_for(services).ports, publisher=InMemoryPublisher(), sleep=lambda seconds: None, wait_seconds=1
    )
    install_console(services, ErpConsole(idle_bus))
    post(api_world, "/erp/settings", ADMIN, [("erps", "sage300cre")])
    # WHEN staff click Export now
    made = post(api_world, "/erp/exports", PM, [("erp", "sage300cre")])
    # THEN they are told it was requested, and the row says queued, with no download yet
    assert made.status_code == 303
    assert made.headers["Location"].startswith("/erp/exports?pending=export#export-")
    html = get(api_world, made.headers["Location"].split("#")[0], PM).body.decode()
    assert "Export requested: it is being written" in html
    assert '<meta http-equiv="refresh" content="5">' in html
    assert ">queued</span>" in html
    assert "Download vendor_compliance_" not in html
    # AND once erp_export has written it, the same row offers the file and the page stops refreshing
    export_id = made.headers["Location"].split("#export-")[1]
    request = ErpExportRequested(
        tenant_id=api_world["tenant_id"], export_id=export_id, erp="sage300cre", requested_by=PM
    )
    ErpServiceOnBus(InMemoryPublisher(), api_world["erp_ports"]).publish(
        [Envelope.wrap(request, source="coi.api", correlation_id=export_id, idempotency_key=export_id)]
    )
    html = get(api_world, "/erp/exports", PM).body.decode()
    assert f'href="/erp/exports/{export_id}/download?file=0"' in html
    assert 'http-equiv="refresh"' not in html
