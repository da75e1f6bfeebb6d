"""The ERP routes of the staff API in-process (chalice.test.Client over moto): settings and codes
with each ERP's rule named, vendor-list matching, exports with presigned links, export now,
roles and tenant isolation, the Sage-shaped coverage CSV."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3

from services.api.auth import issue_local_token
from shared.workspace import CoverageRecord, ReviewDecisionStatus, WaiveInput

ADMIN, PM, RO = "admin@summit.example", "pm@summit.example", "ro@summit.example"


def call(world: dict[str, Any], method: str, path: str, email: str, body: Any = None) -> Any:
    token = issue_local_token(email, services=world["services"])
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    kwargs: dict[str, Any] = {"headers": headers}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    return getattr(world["client"].http, method.lower())(path, **kwargs)


def vendor_id(world, name: str) -> str:
    return world["contracts"][name].vendor_id


def turn_on(world, *erps: str, **extra: Any) -> None:
    response = call(world, "PUT", "/api/erp/settings", ADMIN, {"erps": list(erps), **extra})
    assert response.status_code == 200, response.body


def test_admins_choose_erps_and_schedule_and_others_may_not(api_world):
    # WHEN the admin turns on Sage 300 CRE and Vista, weekly, with AP e-mail
    turn_on(
        api_world,
        "sage300cre",
        "vista",
        schedule="weekly",
        weekly_day=4,
        ap_emails=["ap@summit.example"],
        email_files=True,
    )
    settings = call(api_world, "GET", "/api/erp/settings", ADMIN).json_body
    # THEN the settings read back, with each ERP's rules named
    assert (settings["erps"], settings["schedule"], settings["ap_emails"]) == (
        ["sage300cre", "vista"],
        "weekly",
        ["ap@summit.example"],
    )
    assert "at most 10 characters" in settings["rules"]["sage300cre.vendor"]
    # AND a project manager can neither read nor change them
    assert call(api_world, "GET", "/api/erp/settings", PM).status_code == 403
    assert call(api_world, "PUT", "/api/erp/settings", PM, {"erps": []}).status_code == 403
    # AND bad input is a one-line 400
    bad = call(api_world, "PUT", "/api/erp/settings", ADMIN, {"erps": ["quickbooks"]})
    assert bad.status_code == 400
    assert "erps.0" in bad.json_body["fields"]
    no_creds = call(api_world, "PUT", "/api/erp/settings", ADMIN, {"erps": ["intacct"], "intacct_send": True})
    assert no_creds.status_code == 400
    assert "SSM parameter" in no_creds.json_body["error"]


def test_codes_are_checked_against_each_erps_rule_when_saved(api_world):
    rivera = vendor_id(api_world, "Rivera Concrete LLC")
    # WHEN a Sage 300 CRE vendor id of 11 characters is saved
    long = call(
        api_world, "PUT", "/api/erp/codes", ADMIN, {"erp": "sage300cre", "id": rivera, "code": "RIVERACONCR"}
    )
    # THEN it is refused with the rule named
    assert long.status_code == 400
    assert long.json_body["error"].startswith("Sage 300 CRE vendor ids are at most 10 characters")
    assert "rule sage300cre.vendor_id" in long.json_body["error"]
    # AND a Vista vendor number must be numeric
    letters = call(api_world, "PUT", "/api/erp/codes", ADMIN, {"erp": "vista", "id": rivera, "code": "RIV1"})
    assert letters.status_code == 400
    assert "rule vista.vendor_number" in letters.json_body["error"]
    # AND CMiC codes upper case, Intacct VENDORID without spaces
    cmic = call(api_world, "PUT", "/api/erp/codes", ADMIN, {"erp": "cmic", "id": rivera, "code": "riv1"})
    assert "rule cmic.vendor_code" in cmic.json_body["error"]
    intacct = call(
        api_world, "PUT", "/api/erp/codes", ADMIN, {"erp": "intacct", "id": rivera, "code": "RIV 1"}
    )
    assert "rule intacct.vendorid" in intacct.json_body["error"]
    # WHEN valid codes are saved
    assert (
        call(
            api_world, "PUT", "/api/erp/codes", ADMIN, {"erp": "vista", "id": rivera, "code": "004021"}
        ).json_body["code"]
        == "4021"
    )
    # THEN the list shows them; a vendor whose workspace code fits uses it; one with none needs one
    rows = {
        r["name"]: r
        for r in call(api_world, "GET", "/api/erp/codes?erp=vista&kind=vendor", ADMIN).json_body["items"]
    }
    assert rows["Rivera Concrete LLC"]["export_code"] == "4021"
    assert rows["Pacific Drywall Co"]["needs_code"] is True
    sage = {
        r["name"]: r
        for r in call(api_world, "GET", "/api/erp/codes?erp=sage300cre&kind=vendor", ADMIN).json_body["items"]
    }
    assert sage["Rivera Concrete LLC"]["export_code"] == "RIV001"
    assert sage["Bay Electric Inc"]["needs_code"] is True
    assert "rule sage300cre.vendor_id" in sage["Bay Electric Inc"]["problem"]
    # AND one code cannot name two vendors
    pacific = vendor_id(api_world, "Pacific Drywall Co")
    taken = call(api_world, "PUT", "/api/erp/codes", ADMIN, {"erp": "vista", "id": pacific, "code": "4021"})
    assert taken.status_code == 409
    # AND another tenant's vendor does not exist here
    assert (
        call(
            api_world,
            "PUT",
            "/api/erp/codes",
            "admin@other.example",
            {"erp": "vista", "id": rivera, "code": "1"},
        ).status_code
        == 404
    )


def test_the_erps_vendor_list_is_matched_by_name_and_confirmed(api_world):
    listing = (
        "Vendor,Name,Phone\n4021,RIVERA CONCRETE,555\n4400,Pacific Drywall Company,555\n"
        "4500,Unrelated Roofing,555\n"
    )
    response = call(api_world, "POST", "/api/erp/vendor-matches", ADMIN, {"erp": "vista", "csv": listing})
    assert response.status_code == 200
    matches = {m["vendor_name"]: m for m in response.json_body["items"]}
    assert (matches["Rivera Concrete LLC"]["code"], matches["Rivera Concrete LLC"]["exact"]) == ("4021", True)
    assert matches["Pacific Drywall Co"]["code"] == "4400"
    assert matches["Bay Electric Inc"]["code"] is None
    # WHEN the admin confirms the two matches
    confirmed = [{"vendor_id": m["vendor_id"], "code": m["code"]} for m in matches.values() if m["code"]]
    result = call(
        api_world, "POST", "/api/erp/vendor-matches/confirm", ADMIN, {"erp": "vista", "matches": confirmed}
    )
    assert result.json_body == {"saved": 2, "errors": {}}
    rows = {
        r["name"]: r["code"]
        for r in call(api_world, "GET", "/api/erp/codes?erp=vista&kind=vendor", ADMIN).json_body["items"]
    }
    assert rows == {"Bay Electric Inc": None, "Pacific Drywall Co": "4400", "Rivera Concrete LLC": "4021"}
    # AND a list without an id column is a one-line 400
    bad = call(api_world, "POST", "/api/erp/vendor-matches", ADMIN, {"erp": "vista", "csv": "Phone\n555\n"})
    assert bad.status_code == 400
    assert "id column" in bad.json_body["error"]


def test_export_now_lists_the_file_with_a_short_lived_link_and_the_vendors_left_out(api_world):
    turn_on(api_world, "sage300cre")
    # WHEN a project manager exports now
    created = call(api_world, "POST", "/api/erp/exports", PM, {"erp": "sage300cre"})
    # THEN the new entry names the ERP, its rows, holds and the vendors left out with a fix link
    assert created.status_code == 201, created.body
    entry = created.json_body
    assert (entry["erp"], entry["rows"], entry["held"]) == ("sage300cre", 1, 1)
    left = {e["vendor_name"]: e for e in entry["left_out"]}
    assert set(left) == {"Pacific Drywall Co", "Bay Electric Inc"}
    assert left["Bay Electric Inc"]["reason"].startswith("needs an ERP code")
    assert (
        left["Bay Electric Inc"]["fix_url"]
        == f"/erp/codes/sage300cre/vendor#code-{vendor_id(api_world, 'Bay Electric Inc')}"
    )
    query = parse_qs(urlsplit(entry["download_url"]).query)
    # A signed link that expires within five minutes (SigV4 says so; SigV2 gives the instant)
    if "X-Amz-Expires" in query:
        assert query["X-Amz-Expires"] == ["300"]
    else:
        assert 0 < int(query["Expires"][0]) - time.time() <= 300
    assert "attachment" in query["response-content-disposition"][0]
    # AND the list has it; the file itself has no internal ids
    listed = call(api_world, "GET", "/api/erp/exports", RO).json_body["items"]
    assert [e["id"] for e in listed] == [entry["id"]]
    assert set(listed[0]) >= {"erp", "created_at", "rows", "held", "left_out", "download_url"}
    path = urlsplit(entry["download_url"]).path.lstrip("/")
    key = path.removeprefix("coi-documents-erp-api-test/")
    content = (
        boto3.client("s3", region_name="us-east-1")
        .get_object(Bucket="coi-documents-erp-api-test", Key=key)["Body"]
        .read()
        .decode()
    )
    assert content.splitlines()[1].startswith("RIV001,Rivera Concrete LLC")
    assert vendor_id(api_world, "Pacific Drywall Co") not in content
    # AND read-only users cannot export
    assert call(api_world, "POST", "/api/erp/exports", RO, {"erp": "sage300cre"}).status_code == 403
    # AND an ERP not turned on can still be tried out now (the nightly run writes only those on)
    tried = call(api_world, "POST", "/api/erp/exports", PM, {"erp": "cmic"})
    assert tried.status_code == 201
    assert tried.json_body["erp"] == "cmic"
    unknown = call(api_world, "POST", "/api/erp/exports", PM, {"erp": "quickbooks"})
    assert unknown.status_code == 400
    assert unknown.json_body["error"] == "unknown ERP 'quickbooks'"
    # AND another tenant sees none of it
    assert call(api_world, "GET", "/api/erp/exports", "admin@other.example").json_body["items"] == []


def test_the_coverage_csv_for_sage_users(api_world):
    ctx = api_world["ctx"]
    rivera = api_world["contracts"]["Rivera Concrete LLC"]
    ctx.repo.add(
        CoverageRecord(
            id="cov1",
            tenant_id=ctx.tenant_id,
            project_id=rivera.project_id,
            contract_id=rivera.id,
            vendor_id=rivera.vendor_id,
            vendor_name=rivera.vendor_name,
            requirement_key="general_liability",
            coverage="general_liability",
            recorded_at=api_world["clock"].now(),
            decision=ReviewDecisionStatus.ACTIVE,
            policy_number="GL-88120",
            insurer_name="Travelers",
            effective_date=date(2026, 1, 1),
            expiration_date=date(2027, 1, 1),
            limits={"each_occurrence": 1000000, "general_aggregate": 2000000},
        )
    )
    ctx.repo.commit()
    from shared.workspace import waive_requirement

    waive_requirement(ctx, rivera.id, WaiveInput(requirement_key="workers_comp", note="sole proprietor"))
    response = call(api_world, "GET", "/api/exports/coverages.csv", RO)
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.body.decode())))
    gl = next(r for r in rows if r["Coverage"] == "General Liability")
    assert (gl["Vendor"], gl["Vendor_Name"], gl["Job"], gl["Job_Name"], gl["Commitment"]) == (
        "RIV001",
        "Rivera Concrete LLC",
        "2231",
        "Harbor View",
        "SC-001",
    )
    assert (gl["Effective_Date"], gl["Expiration_Date"], gl["Status"]) == (
        "01/01/2026",
        "01/01/2027",
        "Active",
    )
    assert (gl["Limit_Each_Occurrence"], gl["Limit_General_Aggregate"]) == ("1000000", "2000000")
    assert (gl["Waived"], gl["Approved_Non_Compliant"]) == ("N", "N")
    waived = next(r for r in rows if r["Waived"] == "Y")
    assert waived["Status"] == "Waived"


def test_the_demo_tenant_has_every_erp_configured_and_every_vendor_coded(api_world):
    from coi_cli.local.erp_demo import configure_demo_erps

    summary = configure_demo_erps(api_world["services"], api_world["tenant_id"], by=ADMIN)
    assert summary == {"erps": ["sage300cre", "intacct", "cmic", "vista"], "vendors_coded": 3}
    for erp in summary["erps"]:
        entry = call(api_world, "POST", "/api/erp/exports", PM, {"erp": erp}).json_body
        # Nothing left out; no certificate yet, so every vendor is held
        assert (entry["erp"], entry["left_out"], entry["held"]) == (erp, [], 3), erp
    assert len(call(api_world, "GET", "/api/erp/exports", PM).json_body["items"]) == 4
