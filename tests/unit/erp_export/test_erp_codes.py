"""Each ERP's rules for the ids it knows vendors, jobs and commitments by; applying codes before
a file is written (a vendor without a valid one is left out, never exported under our id); and
matching the ERP's own vendor list by name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.erp_export.codes import prepare
from services.erp_export.models import ContractComplianceState
from shared.erp.codes import ErpCodes, code_problem, normalize
from shared.erp.vendor_match import match_vendors, name_key, parse_vendor_list
from shared.workspace import InvalidInput

AT = datetime(2026, 5, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("erp", "kind", "code", "rule"),
    [
        ("sage300cre", "vendor", "RIVERACONCR", "sage300cre.vendor_id"),  # 11 characters
        ("sage300cre", "vendor", " RIV01", "sage300cre.vendor_id"),
        ("vista", "vendor", "RIV1", "vista.vendor_number"),
        ("vista", "vendor", "1234567", "vista.vendor_number"),  # more than 6 digits
        ("vista", "vendor", "0", "vista.vendor_number"),
        ("vista", "commitment", "X" * 31, "vista.subcontract"),
        ("intacct", "vendor", "RIV 1", "intacct.vendorid"),
        ("intacct", "vendor", "V" * 21, "intacct.vendorid"),
        ("cmic", "vendor", "riv1", "cmic.vendor_code"),
        ("cmic", "job", "22-31-000001", "cmic.job_code"),
    ],
)
def test_a_code_breaking_an_erps_rule_is_refused_with_the_rule_named(erp, kind, code, rule):
    problem = code_problem(erp, kind, code)
    assert problem is not None
    assert f"(rule {rule})" in problem


@pytest.mark.parametrize(
    ("erp", "kind", "code"),
    [
        ("sage300cre", "vendor", "RIV001"),
        ("sage300cre", "vendor", "A B-C/1.23"),
        ("vista", "vendor", "4021"),
        ("vista", "commitment", "2231-001-SC"),
        ("intacct", "vendor", "V-00014"),
        ("cmic", "vendor", "RIV_01"),
        ("cmic", "commitment", "2231-SC.07"),
    ],
)
def test_codes_fitting_the_rule_pass(erp, kind, code):
    assert code_problem(erp, kind, code) is None


@given(st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=10))
def test_any_printable_id_of_at_most_ten_characters_is_a_sage_vendor_id(code):
    assert code_problem("sage300cre", "vendor", code) is None


def test_vista_vendor_numbers_are_stored_without_leading_zeros():
    assert normalize("vista", "vendor", " 004021 ") == "4021"
    assert normalize("sage300cre", "vendor", " 004021 ") == "004021"


def state(
    contract: str, vendor: str, *, code: str | None = None, number: str | None = None, status="compliant"
):
    return ContractComplianceState(
        tenant_id="t1",
        project_id="p1",
        contract_id=contract,
        vendor_id=vendor,
        vendor_name=f"Vendor {vendor}",
        vendor_code=code,
        project_number="2231",
        contract_number=number,
        status=status,
        changed_at=AT,
    )


def test_prepare_uses_the_settings_code_then_a_fitting_workspace_code_and_leaves_out_the_rest():
    codes = ErpCodes()
    codes.set("vista", "vendor", "v1", "4021")
    states = [
        state("c1", "v1", code="RIV001", number="SC-1"),  # the settings' number wins
        state("c2", "v2", code="77", number="SC-2"),  # a numeric workspace code fits Vista
        state("c3", "v3", code="PACIFIC", number="SC-3"),  # does not fit: left out
        state("c4", "v4", code="88"),  # no subcontract number: out of the SL file only
        state("c5", "v5", status="inactive"),  # not tracked: neither exported nor listed
    ]
    prepared = prepare("vista", states, codes)
    assert [(c.contract_id, c.vendor_code) for c in prepared.contracts] == [
        ("c1", "4021"),
        ("c2", "77"),
        ("c4", "88"),
    ]
    assert [c.contract_id for c in prepared.contract_rows] == ["c1", "c2"]
    assert [(e.vendor_id, e.missing) for e in prepared.left_out] == [("v3", "vendor"), ("v4", "commitment")]
    assert prepared.left_out[0].reason == "needs an ERP code: no valid Viewpoint Vista vendor code"
    # Nothing prepared carries an internal id where an ERP code goes
    assert all(c.vendor_number not in {"v1", "v2", "v4"} for c in prepared.contracts)


def test_the_erps_vendor_list_matches_by_name_despite_case_punctuation_and_legal_suffixes():
    listing = parse_vendor_list(
        "\ufeffVendor ID,Vendor Name,City\n4021,RIVERA CONCRETE,Oakland\n4400,Pacific Drywall Company,SF\n"
    )
    ours = [("v1", "Rivera Concrete, LLC"), ("v2", "Pacific Dry-wall Co."), ("v3", "Zeta Roofing")]
    matches = {m.vendor_id: m for m in match_vendors("vista", ours, listing)}
    assert (matches["v1"].code, matches["v1"].exact) == ("4021", True)
    assert matches["v2"].code == "4400"
    assert not matches["v2"].exact
    assert matches["v2"].score >= 0.86
    assert matches["v3"].code is None
    assert name_key("The Núñez & Sons, Inc.") == "nunez and sons"


def test_a_match_whose_code_breaks_the_erps_rule_is_flagged():
    (match,) = match_vendors(
        "sage300cre", [("v1", "Rivera")], parse_vendor_list("Vendor,Name\nRIVERA-CONCRETE,Rivera\n")
    )
    assert match.problem is not None
    assert "sage300cre.vendor_id" in match.problem


@pytest.mark.parametrize("text", ["", "Name\nRivera\n", "Vendor,Name\n4021\n"])
def test_an_unusable_vendor_list_is_a_one_line_error(text):
    with pytest.raises(InvalidInput):
        parse_vendor_list(text)
