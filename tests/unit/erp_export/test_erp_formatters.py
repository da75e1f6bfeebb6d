"""Each ERP layout against a golden file written from the documented layout (see the formatter
modules' docstrings), and for each ERP that a deficient but unexpired vendor comes out held the
way that ERP holds payment. Regenerate with UPDATE_GOLDEN=1 only after checking the diff by hand."""

from __future__ import annotations

import csv
import io
import os
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from services.erp_export.formatters.cmic import format_cmic
from services.erp_export.formatters.common import oracle_date, us_date
from services.erp_export.formatters.intacct import (
    IntacctCredentials,
    compliance_functions,
    intacct_request,
    parse_intacct_response,
    vendor_hold_functions,
)
from services.erp_export.formatters.sage300 import HEADER as SAGE_HEADER
from services.erp_export.formatters.sage300 import format_sage300
from services.erp_export.formatters.vista import format_vista_ap, format_vista_sl
from services.erp_export.models import ContractComplianceState, CoverageState
from shared.erp import TenantErpConfig
from tests.fakes.erp_export import InMemoryIntacctGateway

GOLDEN = Path(__file__).parent / "golden"
CHANGED = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
CONFIG = TenantErpConfig(tenant_id="t1", erps=["sage300cre", "intacct", "cmic", "vista"])
AS_OF = date(2026, 5, 1)


def cov(
    kind: str, status: str, policy: str | None, insurer: str | None, start, end, **limits
) -> CoverageState:
    return CoverageState(
        coverage=kind,
        label=limits.pop("label", None),
        status=status,
        policy_number=policy,
        insurer_name=insurer,
        effective_date=start,
        expiration_date=end,
        limits=limits,
    )


def sample_states() -> list[ContractComplianceState]:
    y26, y27 = date(2026, 1, 1), date(2027, 1, 1)
    return [
        ContractComplianceState(
            tenant_id="t1",
            project_id="p1",
            contract_id="c100",
            vendor_id="v1",
            vendor_name="Rivera Concrete LLC",
            vendor_code="RIV001",
            project_number="2231",
            contract_number="SC-007",
            status="compliant",
            changed_at=CHANGED,
            coverages=[
                cov(
                    "general_liability",
                    "active",
                    "GL-88120",
                    "Travelers Property Casualty Co",
                    y26,
                    y27,
                    each_occurrence=1000000,
                    general_aggregate=2000000,
                ),
                cov(
                    "auto_liability",
                    "active",
                    "CA-5521",
                    "Progressive Casualty",
                    y26,
                    y27,
                    combined_single_limit=1000000,
                ),
                cov("workers_comp", "active", "WC-7", "Hartford", y26, y27, el_each_accident=1000000),
                cov("umbrella", "active", "UMB-9", "Chubb", y26, y27, each_occurrence=5000000),
            ],
        ),
        ContractComplianceState(
            tenant_id="t1",
            project_id="p1",
            contract_id="c200",
            vendor_id="v2",
            vendor_name="Núñez Électrique, Inc.",
            vendor_code="NUN002",
            project_number="2231",
            contract_number="SC-008",
            status="non_compliant",
            changed_at=CHANGED,
            coverages=[
                cov(
                    "general_liability",
                    "inactive",
                    "GL-1",
                    "Zürich American",
                    y26,
                    y27,
                    each_occurrence=500000,
                ),
                cov(
                    "auto_liability",
                    "inactive",
                    "CA-2",
                    "Zürich American",
                    date(2025, 4, 1),
                    date(2026, 3, 31),
                    combined_single_limit=1000000,
                ),
                cov("workers_comp", "missing", None, None, None, None),
                cov("excess", "active", "XS-3", "Markel", y26, y27, each_occurrence=2000000),
                cov(
                    "other",
                    "approved_non_compliant",
                    "PL-4",
                    "Beazley",
                    y26,
                    y27,
                    label="Professional Liability",
                    each_claim=2000000,
                ),
            ],
        ),
        ContractComplianceState(
            tenant_id="t1",
            project_id="p2",
            contract_id="c300",
            vendor_id="v1",
            vendor_name="Rivera Concrete LLC",
            vendor_code="RIV001",
            project_number="2240",
            contract_number="SC-031",
            status="needs_review",
            changed_at=CHANGED,
            coverages=[
                cov(
                    "general_liability",
                    "active",
                    "GL-99001",
                    "Travelers Property Casualty Co",
                    date(2026, 3, 1),
                    date(2027, 3, 1),
                    each_occurrence=2000000,
                ),
                cov("document", "unreviewed", None, None, None, None, label="W-9"),
            ],
        ),
        ContractComplianceState(
            tenant_id="t1",
            project_id="p1",
            contract_id="c400",
            vendor_id="v3",
            vendor_code="OLD003",
            status="inactive",
            changed_at=CHANGED,
            coverages=[cov("general_liability", "inactive", "GL-0", "Old Mutual", y26, date(2026, 2, 1))],
        ),
        # Deficient but unexpired: GL below the required limit, the policy runs until 2027.
        ContractComplianceState(
            tenant_id="t1",
            project_id="p2",
            contract_id="c500",
            vendor_id="v4",
            vendor_name="Delgado Roofing",
            vendor_code="DEL004",
            project_number="2240",
            contract_number="SC-040",
            status="non_compliant",
            changed_at=CHANGED,
            coverages=[
                cov("general_liability", "inactive", "GL-D1", "Markel", y26, y27, each_occurrence=500000),
                cov("workers_comp", "active", "WC-D2", "Hartford", y26, y27, el_each_accident=1000000),
            ],
        ),
    ]


def check_golden(name: str, content: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(content)
    assert content == path.read_bytes(), f"{name} differs from its golden file"


def rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("ascii"))))


def sage(states):
    return format_sage300(states)[0]


def cmic(states):
    return format_cmic(states, CONFIG, as_of=AS_OF)[0]


def vista_sl(states):
    return format_vista_sl(states, CONFIG)[0]


def vista_ap(states):
    return format_vista_ap(states, CONFIG)[0]


def intacct(states, **kwargs):
    functions = compliance_functions(states, CONFIG, as_of=AS_OF, **kwargs)
    holds, _ = vendor_hold_functions(states)
    return intacct_request(functions + holds, control_id="coi-20260501T120000Z")


def test_dates_use_each_erps_style():
    assert us_date(date(2027, 1, 9)) == "01/09/2027"
    assert oracle_date(date(2027, 1, 9)) == "09-JAN-2027"
    assert oracle_date(date(2026, 12, 31)) == "31-DEC-2026"
    assert us_date(None) == oracle_date(None) == ""


def test_sage300_vendor_csv_matches_its_golden_file():
    check_golden("sage300_vendor_compliance.csv", sage(sample_states()))
    assert format_sage300(sample_states())[1] == 3


def test_sage300_rolls_contracts_up_to_the_vendor_and_holds_on_any_open_contract():
    by_vendor = {r["Vendor"]: r for r in rows(sage(sample_states()))}
    # The inactive contract's vendor is not exported
    assert set(by_vendor) == {"RIV001", "NUN002", "DEL004"}
    rivera = by_vendor["RIV001"]
    # The renewal (later expiry) fills the GL slot; a contract under review holds payment
    assert (rivera["GL_Ins_Policy_Number"], rivera["GL_Ins_Expiration_Dt"], rivera["GL_Ins_Limit"]) == (
        "GL-99001",
        "03/01/2027",
        "2000000",
    )
    assert (rivera["Overall_Compliance_Received"], rivera["Hold_Payment"]) == ("N", "Y")
    # Held for a document, not a coverage: the Overall Compliance slot carries the hold date
    assert rivera["Overall_Compliance_Expiration_Dt"] == "01/01/1980"
    nunez = by_vendor["NUN002"]
    # Excess fills the single umbrella slot; ASCII only
    assert (nunez["Umb_Ins_Policy_Number"], nunez["Vendor_Name"]) == ("XS-3", "Nunez Electrique, Inc.")
    assert nunez["Work_Comp_Policy_Number"] == ""
    assert list(rows(sage(sample_states()))[0]) == list(SAGE_HEADER)


def test_sage300_holds_a_deficient_but_unexpired_vendor_through_its_expiration_columns():
    delgado = next(r for r in rows(sage(sample_states())) if r["Vendor"] == "DEL004")
    # The GL policy runs to 01/01/2027 but is deficient: Sage must read it as expired
    assert delgado["GL_Ins_Expiration_Dt"] == "01/01/1980"
    assert delgado["Work_Comp_Expiration_Dt"] == "01/01/2027"
    assert (
        delgado["Overall_Compliance_Received"],
        delgado["Overall_Compliance_Expiration_Dt"],
        delgado["Hold_Payment"],
    ) == ("N", "01/01/1980", "Y")


def test_a_fully_compliant_vendor_is_released_in_sage():
    compliant_only = [s for s in sample_states() if s.contract_id == "c100"]
    (row,) = rows(sage(compliant_only))
    assert (row["Overall_Compliance_Received"], row["Hold_Payment"]) == ("Y", "N")
    assert row["Overall_Compliance_Expiration_Dt"] == "01/01/2027"
    assert row["Umb_Ins_Limit"] == "5000000"


def test_cmic_certificate_import_matches_its_golden_file():
    check_golden("cmic_sc_insurance_certificates.csv", cmic(sample_states()))


def test_cmic_rows_carry_oracle_dates_and_hold_flags():
    lines = rows(cmic(sample_states()))
    gl = next(r for r in lines if r["SUBCONTRACT_CODE"] == "SC-008" and r["COMPLIANCE_CODE"] == "GL")
    # Deficient: not complied, and an end date already past on the export's day
    assert (gl["START_DATE"], gl["EXPIRY_DATE"], gl["COMPLIED_FLAG"], gl["HOLD_PAYMENT_FLAG"]) == (
        "01-JAN-2026",
        "30-APR-2026",
        "N",
        "Y",
    )
    overall = [r for r in lines if r["COMPLIANCE_CODE"] == "COI"]
    assert [(r["SUBCONTRACT_CODE"], r["COMPLIED_FLAG"]) for r in overall] == [
        ("SC-007", "Y"),
        ("SC-008", "N"),
        ("SC-031", "N"),
        ("SC-040", "N"),
    ]
    cmic(sample_states()).decode("ascii")  # pure ASCII


def test_cmic_holds_a_deficient_but_unexpired_vendor():
    lines = [r for r in rows(cmic(sample_states())) if r["VENDOR_CODE"] == "DEL004"]
    by_code = {r["COMPLIANCE_CODE"]: r for r in lines}
    assert (by_code["GL"]["COMPLIED_FLAG"], by_code["GL"]["EXPIRY_DATE"]) == ("N", "30-APR-2026")
    assert (by_code["WC"]["COMPLIED_FLAG"], by_code["WC"]["EXPIRY_DATE"]) == ("Y", "01-JAN-2027")
    assert (by_code["COI"]["COMPLIED_FLAG"], by_code["COI"]["HOLD_PAYMENT_FLAG"]) == ("N", "Y")


def test_vista_sl_and_ap_templates_match_their_golden_files():
    check_golden("vista_slct_compliance.csv", vista_sl(sample_states()))
    check_golden("vista_apvc_compliance.csv", vista_ap(sample_states()))


def test_vista_leaves_the_date_empty_for_unacceptable_coverage_so_vista_holds():
    sl = rows(vista_sl(sample_states()))
    nunez = {r["CompCode"]: r for r in sl if r["SL"] == "SC-008"}
    assert nunez["GL"]["ExpDate"] == ""  # deficient: out of compliance for Vista
    assert nunez["EXCESS"]["ExpDate"] == "01/01/2027"
    assert (nunez["COI"]["Verify"], nunez["COI"]["Complied"]) == ("Y", "N")
    rivera = {r["CompCode"]: r for r in sl if r["SL"] == "SC-007"}
    assert rivera["COI"]["Complied"] == "Y"
    assert [r["Seq"] for r in sl if r["SL"] == "SC-007"] == ["1", "2", "3", "4", "5"]


def test_vista_holds_a_deficient_but_unexpired_vendor_in_ap_compliance():
    ap = {r["CompCode"]: r for r in rows(vista_ap(sample_states())) if r["Vendor"] == "DEL004"}
    assert (ap["GL"]["Verify"], ap["GL"]["ExpDate"]) == ("Y", "")
    assert ap["WC"]["ExpDate"] == "01/01/2027"
    assert (ap["COI"]["Verify"], ap["COI"]["Complied"]) == ("Y", "N")


def test_intacct_request_matches_its_golden_file_with_no_credentials_in_it():
    content = intacct(sample_states())
    check_golden("intacct_compliance_records.xml", content)
    root = ET.fromstring(content)
    assert root.findtext("control/password") in ("", None)
    assert root.findtext("operation/authentication/login/password") in ("", None)
    assert b"COI_HOLD_PAYMENT" not in content


def test_intacct_holds_a_deficient_but_unexpired_vendor_on_hold_and_by_compliance():
    root = ET.fromstring(intacct(sample_states()))
    holds = {
        f.findtext("update/VENDOR/VENDORID"): f.findtext("update/VENDOR/ONHOLD")
        for f in root.iterfind("operation/content/function")
        if f.find("update/VENDOR") is not None
    }
    assert holds == {"DEL004": "true", "NUN002": "true", "RIV001": "true"}
    records = {
        f.get("controlid"): f.find("create/COMPLIANCERECORD")
        for f in root.iterfind("operation/content/function")
    }
    # The policy runs to 2027, but the record expires the day before the export: Pay bills blocks it
    assert records["c500:general_liability"].findtext("EXPIRATIONDATE") == "04/30/2026"
    assert records["c500:workers_comp"].findtext("EXPIRATIONDATE") == "01/01/2027"
    assert records["c500:overall"].findtext("EXPIRATIONDATE") == "04/30/2026"
    assert records["c100:overall"].findtext("EXPIRATIONDATE") == "01/01/2027"


def test_intacct_releases_only_the_vendors_it_held_itself():
    compliant = [s for s in sample_states() if s.contract_id == "c100"]
    functions, held = vendor_hold_functions(compliant, held_before={"RIV001", "GONE09"})
    assert held == set()
    assert [
        (f.findtext("update/VENDOR/VENDORID"), f.findtext("update/VENDOR/ONHOLD")) for f in functions
    ] == [
        ("GONE09", "false"),
        ("RIV001", "false"),
    ]
    functions, _ = vendor_hold_functions(compliant)
    assert functions == []  # a vendor AP held for its own reasons is left alone


def test_intacct_functions_create_unknown_records_and_update_known_ones():
    known = {"c100:general_liability": "4711"}
    functions = compliance_functions(sample_states(), CONFIG, as_of=AS_OF, known_records=known)
    first = functions[0]
    assert first.get("controlid") == "c100:general_liability"
    assert first.findtext("update/COMPLIANCERECORD/RECORDNO") == "4711"
    record = functions[1].find("create/COMPLIANCERECORD")
    assert record is not None
    assert {child.tag: child.text for child in record} == {
        "COMPLIANCETYPEID": "AUTO",
        "VENDORID": "RIV001",
        "PROJECTID": "2231",
        "POLICYNUMBER": "CA-5521",
        "REFERENCENUMBER": "c100:auto_liability",
        "EFFECTIVEDATE": "01/01/2026",
        "EXPIRATIONDATE": "01/01/2027",
        "AMOUNT": "1000000",
        "DESCRIPTION": "Auto Liability, Progressive Casualty: active",
        "STATUS": "active",
    }


def test_credentials_go_only_into_the_sent_request():
    creds = IntacctCredentials("sender", "sender-pw", "user", "company", "user-pw")
    content = intacct_request([], control_id="x", credentials=creds).decode()
    assert "<senderid>sender</senderid>" in content
    assert "<password>user-pw</password>" in content
    assert "pw" not in repr(creds)


def test_gateway_results_are_read_per_function():
    gateway = InMemoryIntacctGateway(fail_control_ids=frozenset({"c200:workers_comp"}))
    functions = compliance_functions(sample_states(), CONFIG, as_of=AS_OF)
    result = parse_intacct_response(gateway.send(CONFIG, functions, "ctl"))
    assert not result.ok
    assert not result.request_failed
    assert result.errors == ["c200:workers_comp: CRE-3211 Compliance type not found"]
    assert result.records["c100:general_liability"] == "101"
    assert len(result.records) == len(functions) - 1


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("not xml", "response is not XML"),
        (
            "<response><control><status>failure</status></control><errormessage><error>"
            "<errorno>XL03000006</errorno><description2>Sender ID not authorized</description2>"
            "</error></errormessage></response>",
            "XL03000006 Sender ID not authorized",
        ),
    ],
)
def test_a_refused_request_is_reported(xml, message):
    result = parse_intacct_response(xml)
    assert not result.ok
    assert result.request_failed
    assert result.errors == [message]
