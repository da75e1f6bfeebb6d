"""Calibrated confidence: each piece of evidence against a value sends it, and only it, to review."""

from __future__ import annotations

from datetime import date

import pytest

from services.intake.extraction.acord25.block_options import COVERAGE_BY_DEFAULT
from services.intake.extraction.calibrate import (
    DOUBT,
    calibrate,
    email_is_plausible,
    limit_doubts,
    limit_is_customary,
    phone_is_plausible,
    policy_number_is_plausible,
    term_is_plausible,
)
from services.intake.extraction.misread_text import name_looks_misread
from services.intake.extraction.review_paths import REVIEW_THRESHOLD, build_review
from shared.contracts.certificate import (
    Certificate,
    DocumentInfo,
    DocumentKind,
    Endorsement,
    Insurer,
    Party,
    Policy,
    Producer,
)


def _certificate(engine: str = "ocr", kind: DocumentKind = "acord25") -> Certificate:
    """A plausible certificate: nothing in it should be doubted."""
    return Certificate(
        document=DocumentInfo(pages=1, kind=kind, engine=engine),
        certificate_date=date(2025, 7, 2),
        revision_number="0",
        producer=Producer(
            name="Lockton Companies",
            address="7659 Elm Street, Phoenix, AZ 85011",
            contact_name="Priya Okafor",
            phone="804.968.7619",
            email="priya.okafor@lockton.com",
        ),
        insured=Party(name="Westfield Drywall Inc", address="8411 Market Street, Suite 200, Tampa, FL 33693"),
        certificate_holder=Party(
            name="Turner-Walsh Construction Co", address="3421 Elm Street, Bismarck, ND 58558"
        ),
        insurers=[
            Insurer(letter="A", name="Continental Casualty Company", naic="20443"),
            Insurer(letter="B", name="Zurich American Insurance Company", naic="16535"),
        ],
        policies=[
            Policy(
                coverage="general_liability",
                insurer_letter="A",
                policy_number="GL-88120",
                effective_date=date(2025, 3, 17),
                expiration_date=date(2026, 3, 17),
                additional_insured=True,
                subrogation_waived=True,
                claims_made=False,
                aggregate_applies_per="policy",
                limits={
                    "each_occurrence": 1_000_000,
                    "damage_to_rented_premises": 100_000,
                    "medical_expense": 5_000,
                    "personal_advertising_injury": 1_000_000,
                    "general_aggregate": 2_000_000,
                    "products_completed_operations_aggregate": 2_000_000,
                },
            ),
            Policy(
                coverage="umbrella",
                insurer_letter="B",
                policy_number="UMB 5521",
                effective_date=date(2025, 3, 17),
                expiration_date=date(2026, 3, 17),
                claims_made=False,
                limits={"each_occurrence": 5_000_000, "aggregate": 5_000_000, "retention": 0},
            ),
            Policy(
                coverage="workers_comp",
                insurer_letter="A",
                policy_number="159S049",
                effective_date=date(2025, 3, 17),
                expiration_date=date(2025, 9, 15),
                subrogation_waived=True,
                per_statute=True,
                officers_excluded=False,
                limits={
                    "el_each_accident": 1_000_000,
                    "el_disease_each_employee": 1_000_000,
                    "el_disease_policy_limit": 1_000_000,
                },
            ),
        ],
    )


def _doubted(certificate: Certificate, read: dict[str, float] | None = None) -> set[str]:
    scores = calibrate(certificate, dict(read or {}))
    return {path for path, value in scores.items() if value < REVIEW_THRESHOLD}


@pytest.mark.parametrize("engine", ["ocr", "pdf-text"])
def test_a_plausible_certificate_is_not_doubted(engine: str) -> None:
    assert _doubted(_certificate(engine)) == set()


def test_doubt_is_under_the_one_review_threshold() -> None:
    assert DOUBT < REVIEW_THRESHOLD
    # and evidence never raises what the engine already doubted
    certificate = _certificate()
    certificate.producer.phone = "304 GRR 719"
    assert calibrate(certificate, {"producer.phone": 0.1})["producer.phone"] == 0.1


@pytest.mark.parametrize(
    ("engine", "kind", "doubted"),
    [("ocr", "acord25", True), ("pdf-text", "acord25", False), ("ocr", "certificate", False)],
)
def test_a_scanned_name_whose_glyphs_read_unsurely_is_doubted(
    engine: str, kind: DocumentKind, doubted: bool
) -> None:
    # GIVEN names that pass every check of their kind, one read with a middling glyph score
    engine_scores = {
        "insurers.0.name": 0.83,
        "certificate_holder.name": 0.95,
        "policies.0.policy_number": 0.8,
    }

    # WHEN the scores are calibrated
    scores = calibrate(_certificate(engine, kind), engine_scores)

    # THEN on a scanned ACORD grid only the unsure name goes to review; a sure one and a value its
    # kind can check stay; a text layer's names and another layout's (reviewed whole) are left
    assert (scores["insurers.0.name"] < REVIEW_THRESHOLD) is doubted
    assert scores["certificate_holder.name"] == 0.95
    assert scores["policies.0.policy_number"] == 0.8


@pytest.mark.parametrize(
    ("phone", "plausible"),
    [
        ("804.968.7619", True),
        ("(804) 968-7619 x12", True),
        ("1-804-968-7619", True),
        ("304 GRR 719", False),
        ("549 254 A118", False),
        ("968-7619", False),
    ],
)
def test_a_phone_has_ten_digits_and_no_letters(phone: str, plausible: bool) -> None:
    assert phone_is_plausible(phone) is plausible


@pytest.mark.parametrize(
    ("email", "plausible"),
    [("priya.okafor@lockton.com", True), ("Driva.okaforlock", False), ("aPF°n.com", False), ("a@b", False)],
)
def test_an_email_has_one_at_and_a_dotted_domain(email: str, plausible: bool) -> None:
    assert email_is_plausible(email) is plausible


@pytest.mark.parametrize(
    ("number", "plausible"),
    [
        ("TJ-996-9825", True),
        ("159S049", True),
        ("TJ-996-98259006-", False),
        ("-GL881", False),
        ("UMB 5521", True),
    ],
)
def test_a_policy_number_neither_starts_nor_ends_with_punctuation(number: str, plausible: bool) -> None:
    assert policy_number_is_plausible(number) is plausible


def test_typed_values_that_do_not_parse_are_doubted_on_any_medium() -> None:
    certificate = _certificate("pdf-text")
    certificate.producer.phone = "304 GRR 719"
    certificate.producer.email = "priya.okafor@lockton"
    certificate.revision_number = "0."
    certificate.policies[2].policy_number = "TJ-996-98259006-"
    assert _doubted(certificate) == {
        "producer.phone",
        "producer.email",
        "revision_number",
        "policies.2.policy_number",
    }


def test_a_policy_term_runs_between_a_month_and_three_years() -> None:
    assert term_is_plausible(date(2025, 3, 17), date(2026, 3, 17))
    assert term_is_plausible(date(2025, 3, 17), date(2025, 9, 15))
    assert not term_is_plausible(date(2025, 3, 17), date(2025, 3, 20))
    assert not term_is_plausible(date(2025, 3, 17), date(2030, 3, 17))
    certificate = _certificate()
    certificate.policies[0].expiration_date = date(2035, 3, 17)  # OCR read 2025 as 2035
    assert _doubted(certificate) == {"policies.0.effective_date", "policies.0.expiration_date"}


def test_limits_that_contradict_each_other_or_their_kind_are_doubted() -> None:
    gl, umbrella, wc = _certificate().policies
    assert limit_doubts(gl) == set()
    gl.limits["general_aggregate"] = 200_000  # below the occurrence limit: one of the two is misread
    gl.limits["medical_expense"] = 5_000_000  # above it
    assert limit_doubts(gl) == {"general_aggregate", "each_occurrence", "medical_expense"}
    wc.limits["el_disease_each_employee"] = 7_000  # employer's liability starts at $100,000
    wc.limits["el_each_accident"] = 1_000_700  # not whole thousands
    assert limit_doubts(wc) == {"el_disease_each_employee", "el_each_accident"}
    umbrella.limits["retention"] = 2_500  # a retention or deductible is any amount
    assert limit_doubts(umbrella) == set()


def test_an_email_one_letter_off_the_contact_name_is_doubted_with_it() -> None:
    certificate = _certificate("pdf-text")
    certificate.producer.email = "priva.okafor@lockton.com"
    assert _doubted(certificate) == {"producer.email", "producer.contact_name"}
    certificate.producer.email = "certificates@lockton.com"  # a shared mailbox says nothing
    assert _doubted(certificate) == set()


def test_an_email_domain_a_few_letters_off_the_agency_name_is_doubted() -> None:
    certificate = _certificate("pdf-text")
    certificate.producer.email = "priya.okafor@lockfon.com"
    assert _doubted(certificate) == {"producer.email"}
    certificate.producer.email = "priya.okafor@lpi.com"  # a domain unlike the name says nothing
    assert _doubted(certificate) == set()


def test_on_a_scan_an_unread_phone_beside_a_read_contact_an_address_without_zip_and_an_odd_limit() -> None:
    certificate = _certificate()
    certificate.producer.phone = None
    certificate.insured.address = "369 Oak Ave"
    certificate.policies[0].limits["medical_expense"] = 29_000
    assert _doubted(certificate) == {"producer.phone", "insured.address", "policies.0.limits.medical_expense"}
    # BUT an aggregate twice an odd occurrence limit is how such limits are written
    certificate.policies[0].limits = {"each_occurrence": 300_000, "general_aggregate": 600_000}
    assert not {p for p in _doubted(certificate) if p.startswith("policies.0.limits.")} & {
        "policies.0.limits.each_occurrence",
        "policies.0.limits.general_aggregate",
    }
    # AND a free limit label (an `other` row's) read by OCR is as doubtful as a name
    certificate.policies[0].limits = {"scheduled_equipmen": 5_000_000}
    assert "policies.0.limits.scheduled_equipmen" in _doubted(certificate)


def test_an_umbrella_row_whose_coverage_mark_was_not_read_is_doubted_whole_else_only_its_basis() -> None:
    # GIVEN a scan whose umbrella row has neither OCCUR nor CLAIMS-MADE read
    certificate = _certificate("ocr")
    certificate.policies[1].claims_made = None
    certificate.policies[1].policy_number = "N571470185"
    unmarked = {"policies.1.coverage": COVERAGE_BY_DEFAULT}
    # WHEN its UMBRELLA LIAB and EXCESS LIAB boxes were not read marked either (taken for an umbrella)
    # THEN the row, which may be the excess policy with its marks lost, is in doubt as a whole
    assert "policies.1" in _doubted(certificate, unmarked)
    # BUT with its UMBRELLA (or EXCESS) box read, a blank basis is listed alone
    for coverage in ("umbrella", "excess"):
        certificate.policies[1].coverage = coverage
        assert "policies.1" not in _doubted(certificate)
        review, _ = build_review(certificate, calibrate(certificate, {}))
        assert "policies[1].claims_made" in review.needs_human_review
    # AND an unmarked row whose number names its kind (`UMB-…`) is not doubted whole
    certificate.policies[1].coverage = "umbrella"
    certificate.policies[1].policy_number = "UMB-12828754"
    assert "policies.1" not in _doubted(certificate, unmarked)


def test_a_policy_number_naming_another_coverage_doubts_the_row() -> None:
    certificate = _certificate("pdf-text")
    certificate.policies[1].policy_number = "WC1786678-16"  # the umbrella row
    assert _doubted(certificate) == {"policies.1"}


def test_addresses_holding_two_zip_codes_or_form_labels_and_descriptions_holding_form_text() -> None:
    certificate = _certificate("pdf-text")
    certificate.producer.address = "7659 Elm Street, Phoenix, AZ 85011, 8411 Market Street, Tampa, FL 33693"
    certificate.insured.address = "8411 Market Street, INSURER C: Tampa, FL 33693"
    certificate.certificate_holder.address = "3421 Elm Street, Bismarck, ND 58558, 817-704-3115"
    certificate.description_of_operations = (
        "Project: Market Street Garage. 30 days notice FORM NUMBER: 25 FORMTITLE: CERTIFICATE OF LIABILITY "
        "INSURANCE of cancellation."
    )
    assert _doubted(certificate) == {
        "producer.address",
        "insured.address",
        "certificate_holder.address",
        "description_of_operations",
    }


@pytest.mark.parametrize(
    ("description", "doubted"),
    [
        ("RE: JOB NO. 71830 - LLNCOLN ELEMENTARY SCHOOL ADDITION.", True),  # LINCOLN, an I read as L
        ("RE: JOB NO. 71830 - LINCOLN ELEMENTARY SCHOOL ADDITION. SUMMIT BUILDERS LLC", False),
        ("Lloyd Street Bridge, Mississippi River; Granite Peak LLP and Walsh LLLP", False),
        ("COVERAGE PER FORMS CA 20 48 10 13, @G 20° 38 04 13.", True),  # a smudged C read as @, a speck
        ("COVERAGE PER FORMS CG 20 38 04 13.", False),
        ("Send notices to certs@keystone-building.com.", False),  # an e-mail address prints its @
        ("Harbor Point Tower (6695), 473 Harbor Bivd. Holder is additional insured.", True),  # `l` as `i`
        ("Harbor Point Tower (6695), 473 Harbor Blvd., Bldg 4. Quite so.", False),
        ("Coverage per forms CG 2001 04 13, CG 20 37 04 13.", True),  # a blank lost in one citation
        ("Coverage per forms CG 2001 04 13, CG 2037 04 13.", False),  # cited so throughout
        ("Per forms WC 00 03 13, CG 20 01 04 13, CG 20 1004 13.", True),  # the blank lost further on
        ("Per forms WC 00 03 13, CG 2010 0413.", False),  # a citation of joined halves: printed so
        ("Coverage per forms WC 00 03 43;", True),  # WC 00 03 13 with its 1 read as 4
        ("Per forms CG 20 10 04 13, CG 20 11 04 13, CG 20 33 04 13.", False),  # real forms a digit apart
        ("Per forms CG 20 16 04 13.", True),  # no form certificates cite: CG 20 10 or 20 18 misread
    ],
)
def test_a_description_word_no_spelling_starts_so_or_a_sign_for_a_smudge_is_doubted(
    description: str, doubted: bool
) -> None:
    certificate = _certificate("ocr")
    certificate.description_of_operations = description
    assert ("description_of_operations" in _doubted(certificate)) is doubted


@pytest.mark.parametrize(
    "name",
    [
        "Continental Casualtv Companv",  # y read as v
        "The Cincinnati Insurance Comnanv",
        "Colony iony 1 insurance Company",  # stray digit, lost capital
        "T -Walsh Construction Co",
        "Alvarez paving Ltd",
        "Zurich 3 American jl Insurance Company",
        "Sr lya Okafor",
        "Acme Bui!ders",
        "Hub Intemational Midwest",  # rn read as m
        "Sha WALSH",  # one word of a name in capitals read in mixed case
        "Berkley Reaional Insurance Company",
        "Liberty Mutual Fire Insurance Company.24074",  # the NAIC column read into the name
        "G: Old Republic General Insurance Corp",  # an INSURER G : label's letter
        "Old Republic General Insurance Coro",  # a company suffix one letter off
        "PINNACLE CONTRACTING COFRP",  # or one letter in
        "Hub International Mi Midwest",  # the start of a word read twice
        "DAVID ID, JOHNSON",  # the end of a word read again after it
        "TRI-C COUNTY ROOFING CO",  # a word's capital read after the hyphen before it too
        "Alliant Inst Insurance Services",  # or with its last letter misread
        "GRANITE PEAK GENERAL CONTRACTORS EEC",  # LLC with its L's read as E's
        "Beacon Constructio Group",  # a known word's last letter lost
        "Beacon Constru Group",  # or more of its end
        "Copper Drywa Ltd",  # a shorter word two letters short
        "Kowalski Roofin LLC",  # an -ing word's g lost
        "NFP Propert & Casualty",  # or a word's last letter below the line
        "NFP PROPERTY &",  # a name's end lost after its ampersand
        "Liberty Mutualual Fire Insurance Co",  # the end of a word read twice
        "Keystone: Building Company",  # a speck read as a colon inside the name
        "Delgado Landscaping L.L",  # the end of L.L.C. lost
        "Alvarez Electric L.L.C",  # or its closing dot
        "Granite Peak General Contractors LL",  # the C of LLC lost
        "KEYSTONE BUILDING COMPANY.",  # a speck after a whole word read as a stop
        "Stata Compensation Insurance Fund",  # a carrier's word a letter off
        "Marsh & McLennan AGency",  # a small letter read as a capital
        "SUSan Davis",  # or three
        "Summit Builders I Inc",  # a word's capital read twice, once alone
        "O Brien Excavation Inc.",  # the apostrophe of O'Brien read as a blank
        "Risk Strategies CCo",  # a capital read twice
        "Westfield Mechanical Compan",  # the end of a suffix lost
        "KEYSTONE BUILDING COMF",  # or read as a speck at the box's edge
        "Agency",  # the name's own words lost, its kind left
        "Inc",
        "Old Republic General Insurance Cor",
        "Selective Insurance Co Co of America",  # a short word read twice
        "Cc Lommerce Group",  # a capital read twice, once small
        "Turner-Walsh Construction on C",  # `Co` read in pieces
        "Risk Strategies GE Co",  # a speck read as two capitals before the kind
        "Cardi Ic Concrete Company",  # a broken word's middle read as a two-letter word
        "Navigators Insurance Com Pany",  # a known word read in two
        "Keystone Bui Iding Company",  # or in two with a letter misread
        "PINNACLE CONTRACTIN( CORP",  # a glyph read as a bracket
        "K /stone Painting Co",  # a word's first letter read as a stroke
        "Hartley Drywall L.L.c.",  # initials printed in one case, one read small
    ],
)
def test_ocr_confusions_in_a_name(name: str) -> None:
    assert name_looks_misread(name)


@pytest.mark.parametrize(
    "name",
    [
        "Zurich American Insurance Company",
        "Travelers Property Casualty Co of America",
        "Smith & Sons Roofing, LLC",
        "Lloyd's of London",
        "DeAngelo & McDonald Roofing",
        "A & B Builders",
        "O'Brien Excavation Inc.",
        "Kiev Ivanov Masonry",
        "Acme Builders (USA) Inc",
        "Le Chef Catering Co.",
        "Ed Jones & Sons Plumbing",
        "Priya Okafor",
        "McKenzie-O'Neil Builders",
        "Hub International Midwest",
        "Marsh & McLennan Agency",
        "ANA WALSH",
        "ABC Roofing LLC",
        "Martin & Austin Roofing LLC",  # names that end -in are no -ing word cut
        "Westfield Drywall CORP",
        "3M Company",
        "Route 66 Paving",
        "Re: Tower Builders",  # a two-letter word before a colon is no name word misread
        "Delgado Landscaping L.L.C.",
        "Hill & Lowe L.L.P.",
        "Dan Davis",  # two names starting alike are no echo
        "Walla Walla Paving",  # a long word twice is a name
        "Summit Builders NY Inc",  # a state's code before the kind
        "Beacon Demolition Corp.",  # an abbreviation takes its stop
        "State Compensation Insurance Fund",
        "San Francisco Co",  # a legal suffix is no echo of the word before it
    ],
)
def test_right_names_are_not_taken_for_ocr_confusions(name: str) -> None:
    assert not name_looks_misread(name)


def test_on_a_scan_a_carrier_name_with_a_word_read_as_one_letter_is_doubted() -> None:
    certificate = _certificate()
    certificate.insurers[0].name = "Continental C Company"  # `Casualty` read as its first letter
    assert _doubted(certificate) == {"insurers.0.name"}
    certificate.insurers[0].name = "THE CINCINNATI INSURANCE CO MPAN Y"  # or its last letter apart
    assert _doubted(certificate) == {"insurers.0.name"}
    certificate.insurers[0].name = "Continental Casualty Company"
    assert _doubted(certificate) == set()


def test_on_a_scan_an_unread_naic_beside_a_doubted_name_is_doubted() -> None:
    certificate = _certificate()
    certificate.insurers = certificate.insurers[:1]
    certificate.insurers[0].naic = None  # (one insurer: no other row's NAIC to say it was printed)
    assert _doubted(certificate) == set()
    certificate.insurers[0].name = "Continental Casualty Company -"  # its NAIC read as a dash
    assert _doubted(certificate) == {"insurers.0.name", "insurers.0.naic"}


def test_on_a_scan_a_carrier_name_cut_before_its_kind_is_doubted() -> None:
    certificate = _certificate()
    certificate.insurers[0].name = "Ohio Casualty Insurance"  # `Company` lost at the photo's edge
    assert _doubted(certificate) == {"insurers.0.name"}
    certificate.insurers[0].name = "Travelers Property"  # `Casualty Co of America` lost
    assert _doubted(certificate) == {"insurers.0.name"}
    certificate.insurers[0].name = "Accident Fund Insurance Cof America"  # `Co of` run together
    assert _doubted(certificate) == {"insurers.0.name"}
    for name in (
        "Erie Insurance Exchange",
        "Selective Insurance Co of America",
        "Certain Underwriters at Lloyd's",
    ):
        certificate.insurers[0].name = name
        assert _doubted(certificate) == set()


def test_ocr_confusions_count_on_scans_only() -> None:
    # GIVEN the same misread names on a scan and on a digital page
    scanned, digital = _certificate("ocr"), _certificate("pdf-text")
    for certificate in (scanned, digital):
        certificate.insurers[0].name = "Continental Casualtv Companv"
        certificate.producer.address = "7659 Elm Street, Phoenix AZ 85011"  # the comma lost
    # THEN only the scan doubts them: a digital page prints exactly what the agency typed
    assert _doubted(scanned) == {"insurers.0.name", "producer.address"}
    assert _doubted(digital) == set()


def test_a_smudge_read_as_an_insurer_row_is_doubted_as_a_whole_when_no_policy_uses_it() -> None:
    certificate = _certificate()
    certificate.insurers.append(Insurer(letter="C", name="tes"))
    doubted = _doubted(certificate)
    assert doubted == {"insurers.2.name", "insurers.2", "insurers.2.naic"}
    review, _ = build_review(certificate, calibrate(certificate, {}))
    assert "insurers[C]" in review.needs_human_review
    assert "insurers[C].name" in review.needs_human_review


def test_forms_cited_in_a_doubted_description_are_listed_with_it() -> None:
    certificate = _certificate()
    certificate.description_of_operations = "Coverage per forms CG 20 37 04132038."
    certificate.endorsements = [
        Endorsement(form="CG 20 37", edition=None),
        Endorsement(form="CG 20 10", page=2),
    ]
    review, _ = build_review(certificate, {"description_of_operations": 0.5})
    assert "endorsements.0" in review.needs_human_review  # cited in the description
    assert "endorsements.1" not in review.needs_human_review  # its own attached page
    review, _ = build_review(certificate, {})
    assert not any(path.startswith("endorsements") for path in review.needs_human_review)


def test_a_doubted_description_citing_forms_says_its_endorsement_list_may_be_short() -> None:
    # GIVEN a scan whose second line of citations was misread whole: no endorsement came of it
    certificate = _certificate()
    certificate.description_of_operations = "Coverage per forms CG 20 38 04 13, WC 00 03-13.2048."
    certificate.endorsements = [Endorsement(form="CG 20 38", edition="04 13")]
    # THEN with the description doubted, the list itself is listed, as `policies` is for a lost row
    review, _ = build_review(certificate, {"description_of_operations": 0.3})
    assert {"endorsements", "endorsements.0"} <= set(review.needs_human_review)
    # AND a doubted description that cites no form leaves the list alone
    certificate.description_of_operations = "Project: Westfield Distributlon Center."
    certificate.endorsements = []
    review, _ = build_review(certificate, {"description_of_operations": 0.3})
    assert not any(path.startswith("endorsements") for path in review.needs_human_review)


def test_values_a_scan_lost_that_every_certificate_of_the_kind_carries() -> None:
    certificate = _certificate()
    gl, umbrella, wc = certificate.policies
    certificate.insured.name = None
    wc.officers_excluded = None
    del wc.limits["el_disease_policy_limit"]
    del umbrella.limits["retention"]
    del gl.limits["damage_to_rented_premises"]
    assert _doubted(certificate) == {
        "insured.name",
        "policies.2.officers_excluded",
        "policies.2.limits.el_disease_policy_limit",
        "policies.1.limits.retention",  # retention or deductible, whichever box the form marks
        "policies.1.limits.deductible",
        "policies.0.limits.damage_to_rented_premises",
    }


def test_unread_values_are_not_doubted_on_digital_pages_or_other_layouts() -> None:
    cases: tuple[tuple[str, DocumentKind], ...] = (("pdf-text", "acord25"), ("ocr", "certificate"))
    for engine, kind in cases:
        certificate = _certificate(engine, kind)
        certificate.policies[2].officers_excluded = None
        del certificate.policies[1].limits["retention"]
        assert _doubted(certificate) == set()


def test_an_other_layout_certificate_lists_only_its_doubtful_values() -> None:
    # GIVEN a letter-style certificate read from a scan with one misread carrier
    certificate = _certificate("ocr", "certificate")
    certificate.policies[0].claims_made = certificate.policies[0].aggregate_applies_per = None
    certificate.insurers[1].name = "Zurich American Insurance Companv"
    scores = calibrate(certificate, {"insured.name": 0.8, "policies.0.policy_number": 0.8})
    # WHEN its review block is built (the kind itself always goes to a person)
    review, _ = build_review(certificate, scores, extra=["document.kind"])
    # THEN only the kind and the misread value are listed, not every value nor the unprinted marks
    assert review.needs_human_review == ["document.kind", "insurers[B].name"]


def test_a_whole_blank_addl_or_subr_column_is_not_doubted() -> None:
    # GIVEN a scan where no row's ADDL INSD or SUBR WVD box is marked and no description grants either
    certificate = _certificate()
    for policy in certificate.policies:
        policy.subrogation_waived = None
        policy.additional_insured = None
    # THEN nothing is doubted: most certificates grant neither
    assert _doubted(certificate) == set()
    # nor beside an ADDL INSD column printing N: agencies leave SUBR blank as often as not
    for policy in certificate.policies:
        policy.additional_insured = False
    assert _doubted(certificate) == set()


@pytest.mark.parametrize(
    ("amount", "customary"),
    [
        (1_000_000, True),
        (2_500_000, True),
        (300_000, True),
        (5_000, True),
        (29_000, False),
        (1_800_000, False),
    ],
)
def test_limits_are_written_on_a_ladder(amount: int, customary: bool) -> None:
    assert limit_is_customary(amount) is customary


def test_a_faint_but_customary_limit_and_a_letter_naming_a_read_insurer_are_not_doubted_on_a_scan() -> None:
    # GIVEN a scan whose engine was unsure of the glyphs of a limit, an odd limit and a letter
    certificate = _certificate()
    certificate.policies[2].limits["el_each_accident"] = 1_800_000  # not on the ladder
    faint = {
        "policies.0.limits.each_occurrence": 0.5,
        "policies.2.limits.el_each_accident": 0.5,
        "policies.0.insurer_letter": 0.5,
        "policies.1.policy_number": 0.5,
        "policies.0.limits.general_aggregate": 0.1,
    }
    scores = calibrate(certificate, faint)
    doubted = {path for path, value in scores.items() if value < REVIEW_THRESHOLD}
    # THEN the kind of the amount and the letter corroborate them; a policy number, an amount off the
    # ladder and glyphs the engine hardly saw stay doubted
    assert doubted == {
        "policies.2.limits.el_each_accident",
        "policies.1.policy_number",
        "policies.0.limits.general_aggregate",
    }
    # AND on a digital page nothing is raised (its text is what the agency typed)
    certificate.document.engine = "pdf-text"
    assert calibrate(certificate, faint)["policies.0.limits.each_occurrence"] == 0.5


def test_a_description_granting_a_status_the_boxes_do_not_show_doubts_the_blank_boxes() -> None:
    certificate = _certificate()
    certificate.description_of_operations = (
        "Certificate holder is included as additional insured as required by written contract."
    )
    # workers' compensation carries no additional insured: only the umbrella's blank box is doubted
    assert _doubted(certificate) == {"policies.1.additional_insured"}
    certificate.description_of_operations = "Additional insured status does NOT apply to the holder."
    assert _doubted(certificate) == set()
    # and a digital page prints its blanks as typed
    certificate.document.engine = "pdf-text"
    certificate.description_of_operations = "Holder is additional insured."
    assert _doubted(certificate) == set()


def test_two_doubtful_values_in_the_producer_block_of_a_scan_doubt_the_whole_block() -> None:
    # GIVEN a scan whose producer block read poorly: the phone garbled, the contact's name clean
    # to Tesseract but one letter off ('Priva'), the e-mail agreeing with that misreading
    certificate = _certificate()
    certificate.producer.phone = "a ORR 7810"
    certificate.producer.contact_name = "Priva Okafor"
    certificate.producer.email = "priva.okafor@lockton.com"
    # WHEN only one more value of the block is doubted (the engine was unsure of the address)
    scores = calibrate(certificate, {"producer.address": 0.45, "producer.contact_name": 0.95})
    # THEN every value of the block goes to a person
    doubted = {path for path, value in scores.items() if value < REVIEW_THRESHOLD}
    assert doubted == {f"producer.{name}" for name in ("name", "address", "contact_name", "phone", "email")}
    # AND one doubtful value alone, or the same block on a digital page, doubts only itself
    assert _doubted(_certificate()) == set()
    certificate.document.engine = "pdf-text"
    doubted = {
        p for p, v in calibrate(certificate, {"producer.address": 0.45}).items() if v < REVIEW_THRESHOLD
    }
    assert doubted == {"producer.address", "producer.phone"}


def test_a_printed_label_taken_for_the_holder_doubts_its_name_and_address() -> None:
    certificate = _certificate("pdf-text")
    certificate.certificate_holder.name = "CERTIFICATE HOLDER"
    certificate.certificate_holder.address = "PINNACLE CONTRACTING CORP, 9694 MAIN ST, AUSTIN, TX 78703"
    assert _doubted(certificate) == {"certificate_holder.name", "certificate_holder.address"}


def test_a_row_without_dates_or_a_real_policy_number_on_a_scan_is_doubted_as_a_whole() -> None:
    certificate = _certificate()
    certificate.policies.append(Policy(coverage="workers_comp", policy_number="VIN"))
    review, _ = build_review(certificate, calibrate(certificate, {}))
    assert "policies[3]" in review.needs_human_review


def test_right_addresses_on_a_scan_are_not_doubted() -> None:
    certificate = _certificate()
    for address in (
        "305 S Wildwood Dr, Irving, TX 75060",  # 'Irving' is not a misread 'Paving'
        "Atomica Services Inc, 113 W. HARWOOD RD, EULESS, TX 76039",  # lines in different styles
        "PO Box 1200, Attn: Certificates, Hartford, CT 06101",
        "One Penn Plaza, Suite 2400, New York, NY 10119",  # a spelt street number
        "7800 Route 9, Portland, OR 97297",  # a route's number is one digit by right
    ):
        certificate.insured.address = address
        assert _doubted(certificate) == set(), address


def test_on_a_scan_an_unread_certificate_date_and_an_umbrella_row_without_marks_are_doubted() -> None:
    certificate = _certificate()
    certificate.certificate_date = None
    certificate.policies[1].claims_made = None  # neither OCCUR nor CLAIMS-MADE, nor a coverage mark
    certificate.policies[1].policy_number = "N571470185"  # (an `UMB` number would name its kind)
    certificate.certificate_holder.address = "6753 Elm Street, Phoenix. AZ 85026"  # comma read as a stop
    unmarked = {"policies.1.coverage": COVERAGE_BY_DEFAULT}
    assert _doubted(certificate, unmarked) == {
        "certificate_date",
        "policies.1",
        "policies.1.coverage",
        "certificate_holder.address",
    }


def test_on_a_scan_an_unread_revision_beside_a_read_certificate_number_is_doubted() -> None:
    certificate = _certificate()
    certificate.revision_number = None
    assert "revision_number" not in _doubted(certificate)  # neither printed: nothing to miss
    certificate.certificate_number = "CN-99645"
    assert "revision_number" in _doubted(certificate)
    certificate.document.engine = "pdf-text"
    assert "revision_number" not in _doubted(certificate)


def test_on_a_scan_a_limit_starting_with_4_is_doubted_unless_twice_another() -> None:
    # `4,000,000` is OCR's commonest misread of a printed `1,000,000`
    certificate = _certificate()
    gl = certificate.policies[0]
    gl.limits["each_occurrence"] = 4_000_000
    gl.limits["general_aggregate"] = 4_000_000
    doubted = _doubted(certificate)
    assert "policies.0.limits.each_occurrence" in doubted
    # a 4M aggregate over a 2M occurrence is how such limits are written
    gl.limits["each_occurrence"] = 2_000_000
    assert not {"policies.0.limits.each_occurrence", "policies.0.limits.general_aggregate"} & _doubted(
        certificate
    )


def test_on_a_scan_a_value_with_a_piece_lost_or_a_speck_read_into_it_is_doubted() -> None:
    certificate = _certificate()
    certificate.producer.contact_name = "Okafor"  # the first name lost
    certificate.certificate_number = "19 1467199"
    certificate.insurers[1].name = "Colony 1y Insurance Company"
    certificate.insured.address = "146 Technology W: Way, Sacramento, CA 95833"
    certificate.policies[0].policy_number = "558TCO56"  # a 0 read as the letter O
    assert {
        "policies.0.policy_number",
        "producer.contact_name",
        "certificate_number",
        "insurers.1.name",
        "insured.address",
    } <= _doubted(certificate)
    certificate.document.engine = "pdf-text"
    assert not {"producer.contact_name", "certificate_number", "insurers.1.name"} & _doubted(certificate)


@pytest.mark.parametrize(
    ("address", "doubted"),
    [
        ("9076 Technology Way, PO 30x 1142, Raleigh, NC 27686", True),  # `Box` read as `30x`
        ("5575 Harbor Blvd, PO Box 30X 1142, Portland, OR 97209", True),  # `Box` read again as `30X`
        ("5575 Harbor Blvd, Unit 12B, Portland, OR 97209", False),  # a unit printed with its letter
        ("1802 Oak Ave, BO Box 1142, Sacramento, CA 95826", True),  # `PO` read as `BO`
        ("7587 Mill Rd, RQ Box 1142, Austin, TX 78798", True),  # or as `RQ`
        ("3/762 Harbor Blvd, Columbus, OH 43209", True),  # a speck in the number read as a slash
        ("5093 Riverside Dr, Springfield,id, IL 62797", True),  # a re-read's echo glued after a comma
        ("Attn: Coritracts, 2601 Main St, Portland, OR 97204", True),  # an n read as ri
        ("Attn: Contracts, 2601 Main St, Portland, OR 97204", False),
        ("ADIN: CONTRACTS, 6396 MAIN ST, SPOKANE, WA 99258", True),  # two letters of ATTN misread
        ("3762 1/2 Harbor Blvd, Columbus, OH 43209", False),  # a half number printed so
        ("8602 2W3 34th St, Nashville, TN 37246", True),  # the next words' glyphs read again
        ("8602 W 34th St, Nashville, TN 37246", False),
        ("3427 Riverside Dr, POBox 1142, Newark, NJ 07183", True),  # or its space lost
        ("4052 Oak Ave, PO O Box 1142, Columbus, OH 43281", True),  # or its O read twice
        ("258 Technology Way, PO Box 11 142, Phoenix, AZ 85028", True),  # a speck read as a space
        ("1722 WW 34th St, Phoenix, AZ 85035", True),  # a direction read twice
        ("9213 Ge Commerce Dr, Suite 200, Portland, OR 97250", True),  # a speck read as a short word
        ("1722 W 34th St, Phoenix, AZ 85035", False),
        ("400 El Camino Real, Mt Vernon Rd, Palo Alto, CA 94301", False),  # short words addresses print
        ("4052 Oak Ave, PO Box 1142, Columbus, OH 43281", False),
        ("1200 AVENUE E, Columbus, OH 43281", False),  # a direction after its street
        ("Attn: Contracts, 9407 Commerce De, Sacramento, CA 95831", True),  # `Dr` read `De` after ATTN
        ("Attn: Contracts, 9407 Commerce Dr, Sacramento, CA 95831", False),
        ("c/o Compliance De HEP:, 9738 W 34th St, Raleigh, NC 27653", True),  # junk with a colon
        ("c/o Compliance Dept, 9738 W 34th St, Raleigh, NC 27653", False),
        ("7151 N. NBROAD ST, SUITE 200, RALEIGH, NC 27648", True),  # the direction read twice
        ("7151 N BROAD ST, SUITE 200, RALEIGH, NC 27648", False),
        ("6253 Eln Elm Street, Tampa, FL 33605", True),  # a re-read's echo, one letter read otherwise
        ("6253 Elm Street, Ann Arbor, MI 48104", False),
        ("1802 Oak Ave, P.O. Box 1142, Sacramento, CA 95826", False),
        ("6462 Industrial Pk Wy,, Suite 200, Denver, CO 80260", True),
        ("3140 OAK AVE, UNITB, RALEIGH, NC 27660", True),  # the space after UNIT lost
        ("6843 MAIN NS ST, BOSTON, MA 02107", True),  # a stray short word before the street type
        ("4320 Mill Rc Rd, Portland, OR 97214", True),
        ("6438 Harbor Bivd, Raleigh, NC 27672", True),
        ("6438 Harbor Blvd, Raleigh, NC 27672", False),
        ("4206 Commerce Dr, Bidg 4, Cheyenne, WY 82016", True),  # l read as i
        ("4206 Commerce Dr, Bldg 4, Cheyenne, WY 82016", False),
        ("4206 Commerce Dr, Suite 200, Cheyenne, WY 82016", False),
        ("100 E ST, Salt Lake City, UT 84101", False),
        ("5325 Technology W Way, Boston, MA 02174", True),  # the street type's W read twice
        ("2994 Technology y, Unit B, Cheyenne, WY 82048", True),  # `Way` read as a lone small letter
        ("1200 S St NW, Washington, DC 20009", False),  # S Street
        ("3799 Mill Rd, PO Box 1142, Columbus, OH 43256", False),
        ("2959 W 34th St, Columbus, OH 43246", False),
        ("12B Harbor Rd, Boston, MA 02101", False),
        ("35 MILLRD, CHEYENNE, WY 82058", True),  # the space before the street type lost
        ("208 INDUSTRIALPKWY, SPOKANE, WA 99229", True),
        ("12 CONCORD RD, HARTFORD, CT 06101", False),  # a town's -ORD is no glued RD
        ("35 Mill RcRd, Cheyenne, WY 82058", True),  # a re-read's echo inside a word
        ("9365 Industrial PkvPkwy, Denver, CO 80270", True),
        ("47 McMillan Ave, Mesa, AZ 85201", False),
        ("47 MacMahon Ave, Mesa, AZ 85201", False),
        ("4662 Commerce Di, Denver, CO 80254", True),  # `Dr` read as two letters that are no type
        ("1200 Main St NW, Washington, DC 20009", False),
        ("248 84 N Broad St, Sacramento, CA 95857", True),  # a digit of the number read again apart
        ("Attn: Risk Management, 917 17 N Broad St, Tampa, FL 33615", True),  # after an attention line
        ("1557. Route 9, Springfield, IL 62770", True),  # a speck after the number read as a stop
        ("C/O COMPLIANCE DEPT, 6095 5W 34TH ST, CHEYENNE, WY 82055", True),  # a digit read again
        ("C/O COMPLIANCE DEPT, 6095 W 34TH ST, CHEYENNE, WY 82055", False),
        ("100 Route 9, Albany, NY 12207", False),
        ("ATIN: CONTRACTS, 7363 MAIN ST, SACRAMENTO, CA 95847", True),  # ATTN with a T read as I
        ("Attn: Risk: Management, 638 Mill Rd, Phoenix, AZ 85026", True),  # a speck read as a colon
        ("ATTN: CONTRACTS, 7363 MAIN ST, SACRAMENTO, CA 95847", False),
        ("1477 H/ HARBOR BLVD, SACRAMENTO, CA 95886", True),  # a re-read's echo with a sign
        ("6912 2-Harbor Blvd, Unit B, Austin, TX 78706", True),  # a speck read as a digit, hyphened on
        ("1153 W 34thh. St, Unit B, Phoenix, AZ 85064", True),  # an ordinal with a letter read twice
        ("1153 W 34th St, Unit B, Phoenix, AZ 85064", False),
        ("123-A Main St, 123 1/2 Elm St, Austin, TX 78706", False),  # numbers printed so
        ("4337 Main St, Floor3, Columbus, OH 43234", True),  # the space after Floor lost
        ("4337 Main St, Floor 3, Columbus, OH 43234", False),
        ("5404 RD, UNIT B, TAMPA, FL 33624", True),  # the street's name lost, its type left
        ("4199 N Broad Sst, Phoenix, AZ 85010", True),  # a type with a letter read twice
        ("4199 N Broad Rdd, Phoenix, AZ 85010", True),
        ("4199 Hill Street, Phoenix, AZ 85010", False),
        ("8240 Oak ANE, Unit B, Columbus, OH 43268", True),  # `Ave` with a letter misread
        ("8240 Oak AVE, Unit B, Columbus, OH 43268", True),  # the type's small letters read as capitals
        ("8240 OAK AVE, UNIT B, COLUMBUS, OH 43268", False),
        ("8240 Oak Ave, Unit B, Columbus, OH 43268", False),
        ("8240 Harbor Bay, Unit B, Columbus, OH 43268", False),
        ("2251 Technology Wey, Unit B, Spokane, WA 99253", True),  # `Way` with a letter misread
        ("2251 Technology Way, Unit B, Spokane, WA 99253", False),
        ("S856 Route 9, Suite 200, Austin, TX 78792", True),  # a 5 read as an S
        ("Attn: Risk Management, A676 Elm Street, Columbus, OH 43253", True),  # a 4 read as an A
        ("100 Main St, Suite B12, Austin, TX 78792", False),
        ("957 Elm, Sacramento, CA 95822", True),  # the street type lost
        ("4292 N BROAD, BLDG 4, SPRINGFIELD, IL 62720", True),
        ("Attn: Risk Management, 5872 Harbor, Newark, NJ 07122", True),  # a name that is also a type
        ("957 Elm Street, Sacramento, CA 95822", False),
        ("12 Main NW, 400 El Camino Real, Palo Alto, CA 94301", False),  # more than a word
        ("7248 RIVERSIDE DR, PORTLAN D, OR 97231", True),  # a word's last letter read apart
        ("7248 Riverside Dr, Suite D, Portland, OR 97231", False),  # a unit's letter
        ("7248 Riverside Dr, Tower B, Portland, OR 97231", False),
        ("100 Main St E, Portland, OR 97231", False),  # a direction after the street
        ("4578NB Broad St, Unit B, Austin, TX 78775", True),  # the direction glued on, read twice
        ("4578N Broad St, Austin, TX 78775", True),
        ("4578 N Broad St, Unit 12B, Austin, TX 78775", False),
        ("5319 Oak Yak Ave, Springfield, IL 62747", True),  # a word read again, its first letter otherwise
        ("5319 Oak Ave, Springfield, IL 62747", False),
        ("c/o Compliance Dept, 7837 N Broad SE, Austin, TX 78744", True),  # `St` read as a direction
        ("c/o Compliance Dept, 7837 N Broad St SE, Austin, TX 78744", False),
        ("c/o Compliance Dept, 7837 Broad SE, Austin, TX 78744", False),  # no direction before the name
        ("/o Compliance Dept, 7837 N Broad St, Austin, TX 78744", True),  # the c of c/o lost
        ("9456 Oak. Ave, Floor 3, Newark, NJ 07172", True),  # a speck after the name read as a stop
        ("9456 Oak Ave., Floor 3, Newark, NJ 07172", False),  # the type abbreviated with its stop
    ],
)
def test_an_address_with_a_word_read_into_digits_or_a_doubled_comma_is_misread(
    address: str, doubted: bool
) -> None:
    assert name_looks_misread(address, address=True) is doubted


def test_on_a_scan_a_street_line_taken_for_the_insured_name_is_doubted() -> None:
    certificate = _certificate()
    certificate.insured.name = "2276 N Broad St"
    assert "insured.name" in _doubted(certificate)
    certificate.insured.name = "84 Lumber Company"
    assert "insured.name" not in _doubted(certificate)


def _with_auto(certificate: Certificate, types: list[str], limits: dict[str, int]) -> Policy:
    """`certificate` with a business auto row (`policies.3`) appended, and that row."""
    auto = Policy(
        coverage="auto_liability",
        insurer_letter="A",
        policy_number="BA-5512",
        effective_date=date(2025, 3, 17),
        expiration_date=date(2026, 3, 17),
        auto_types=types,
        limits=limits,
    )
    certificate.policies.append(auto)
    return auto


def test_on_a_scan_auto_types_without_hired_or_non_owned_or_with_every_box_marked_are_doubted() -> None:
    certificate = _certificate()
    auto = _with_auto(certificate, ["scheduled"], {"combined_single_limit": 1_000_000})
    assert "policies.3.auto_types" in _doubted(certificate)
    auto.auto_types = ["scheduled", "hired", "non_owned"]
    assert "policies.3.auto_types" not in _doubted(certificate)
    # AND every box but ANY AUTO read marked (what ANY AUTO is marked for): specks read as marks
    auto.auto_types = ["owned", "scheduled", "hired", "non_owned"]
    assert "policies.3.auto_types" in _doubted(certificate)


def test_on_a_scan_split_auto_limits_read_in_part_list_the_ones_lost() -> None:
    certificate = _certificate()
    split = {"bodily_injury_per_person": 500_000, "bodily_injury_per_accident": 1_000_000}
    auto = _with_auto(certificate, ["any"], split)
    assert _doubted(certificate) == {"policies.3.limits.property_damage_per_accident"}
    auto.limits["property_damage_per_accident"] = 250_000
    assert _doubted(certificate) == set()
    auto.limits = {"combined_single_limit": 1_000_000}  # a combined single limit stands alone
    assert _doubted(certificate) == set()


@pytest.mark.parametrize(
    ("description", "doubted"),
    [
        # a general grant: every blank box may have lost its mark
        ("Waiver of subrogation applies where required by written contract.", {0, 1, 2}),
        # a grant naming its coverages: only their blank boxes
        ("Waiver of subrogation applies to general liability and workers compensation.", {0, 2}),
        ("Umbrella follows form. Waiver of subrogation applies to the umbrella.", {1}),
        ("Waiver of subrogation does not apply.", set()),
    ],
)
def test_a_grant_in_the_description_doubts_the_blank_boxes_of_the_coverages_it_names(
    description: str, doubted: set[int]
) -> None:
    certificate = _certificate()
    certificate.description_of_operations = description
    for policy in certificate.policies:
        policy.subrogation_waived = None
    assert _doubted(certificate) == {f"policies.{i}.subrogation_waived" for i in doubted}


def test_on_a_scan_a_carrier_word_read_twice_is_doubted() -> None:
    certificate = _certificate()
    certificate.insurers[0].name = "Old Republic General General Insurance Corp"
    assert _doubted(certificate) == {"insurers.0.name"}
    certificate.insurers[0].name = "Old Republic General Insurance Corp"
    assert _doubted(certificate) == set()


def test_a_label_in_a_contact_name_two_carrier_words_run_together_and_a_stub_of_a_number_are_doubted() -> (
    None
):
    certificate = _certificate()
    certificate.producer.contact_name = "Aha Okafor FAX"  # the FAX label beside it read in
    certificate.insurers[0].name = "ZurichAmerican Insurance Company"  # the space lost
    certificate.policies[1].policy_number = "2-80"  # the rest of the number lost
    certificate.policies[2].label = "PollutionLiability"
    assert _doubted(certificate) >= {
        "producer.contact_name",
        "insurers.0.name",
        "policies.1.policy_number",
        "policies.2.label",
    }
    # names of their own with a capital inside stay: McLennan, DeWitt
    certificate = _certificate()
    certificate.insurers[0].name = "McLennan DeWitt Insurance Company"
    assert _doubted(certificate) == set()


@pytest.mark.parametrize(
    "address",
    [
        "1072 Mill Rd, Springfield, 62773",
        "IL 62773",
        "9247 N Broad St, Newark, NJ 107115",
        "Market Street, Phoenix, AZ 85022",  # its street number lost
        "761 ELM STREET, BLDG, RALEIGH, NC 27621",  # the building's number lost
        "9082 Mill Rd, Floor, Bismarck, ND 58556",  # or the floor's
        "835 Route, Floor 3, Tampa, FL 33633",  # or the route's
        "Route 9, Floor 3, Raleigh, NC 27618",  # no part starts with a house number
        "1972 W 34TH, SPRINGFIELD, IL 62706",  # a numbered street's type lost
    ],
)
def test_on_a_scan_an_address_missing_its_street_city_or_state_is_doubted(address: str) -> None:
    certificate = _certificate()
    certificate.insured.address = address
    assert _doubted(certificate) == {"insured.address"}
    # BUT a text layer prints what the agency typed
    certificate.document.engine = "pdf-text"
    assert _doubted(certificate) == set()


def test_on_a_scan_a_six_digit_zip_a_long_state_and_a_certificate_number_in_small_letters_are_doubted() -> (
    None
):
    certificate = _certificate(kind="certificate")
    certificate.insured.address = "871 Riverside Dr, Columbus, OH 143291"  # a speck read as a 1
    certificate.certificate_number = "cn-67390"  # printed CN-67390: OCR guessed the case
    assert _doubted(certificate) == {"insured.address", "certificate_number"}
    certificate.insured.address = "871 Riverside Dr, Bismarck, NIND 58505"  # a state code has two letters
    assert "insured.address" in _doubted(certificate)
    certificate.insured.address = "547 Mill Rd, Raleigh, .NC 27699"  # a speck read as a stop
    assert "insured.address" in _doubted(certificate)
    certificate.insured.address = "675 Market Street, Floor.3, Sacramento, CA 95855"  # a blank as a stop
    assert "insured.address" in _doubted(certificate)
    certificate.insured.address = "9048 Main Building St, Portland, OR 97212"  # the holder's word read in
    assert "insured.address" in _doubted(certificate)
    certificate.insured.address = "7602 W St, Denver, CO 80224"  # `34th` lost between W and St
    assert "insured.address" in _doubted(certificate)
    certificate.insured.address = "7602 W 34th St, Denver, CO 80224"
    assert "insured.address" not in _doubted(certificate)
    certificate.insured.address = "7602 West St, Denver, CO 80224"  # a street named so
    assert "insured.address" not in _doubted(certificate)
    certificate.insured.address = "154, Raleigh, NC 27635"  # the street after its number lost
    assert "insured.address" in _doubted(certificate)
    certificate.insured.address = "871 Riverside Dr, Columbus, OH 43291-1234"
    certificate.certificate_number = "cNn-99781"  # its case half seen, and a letter read twice
    assert _doubted(certificate) == {"certificate_number"}
    certificate.certificate_number = "CN-67390"
    assert _doubted(certificate) == set()
    certificate.certificate_number = "75()51534"  # a 0 read as brackets
    assert _doubted(certificate) == {"certificate_number"}


def test_on_a_scan_an_unread_contact_name_beside_a_person_s_mailbox_is_doubted() -> None:
    certificate = _certificate()
    certificate.producer.contact_name = None  # `priya.okafor@` read, the name line lost
    assert _doubted(certificate) == {"producer.contact_name"}
    certificate.producer.email = "certificates@lockton.com"  # a shared mailbox names no one
    assert _doubted(certificate) == set()


def test_on_a_scan_the_one_unread_subr_cell_of_a_column_printing_n_is_doubted() -> None:
    certificate = _certificate()
    certificate.policies[0].subrogation_waived = False  # `N` printed in the first row
    assert _doubted(certificate) == {"policies.1.subrogation_waived"}  # the umbrella's lost
    certificate.policies[0].subrogation_waived = True  # where no is left blank, a blank says no
    assert _doubted(certificate) == set()
    certificate.policies[1].subrogation_waived = False  # every cell read
    assert _doubted(certificate) == set()


def test_on_a_scan_an_unread_e_mail_beside_a_read_contact_and_phone_is_doubted() -> None:
    certificate = _certificate()
    certificate.producer.email = None
    assert _doubted(certificate) == {"producer.email"}
    # the phone line lost with it: both listed (and the producer block with them)
    lost_both = certificate.model_copy(deep=True)
    lost_both.producer.phone = None
    assert {"producer.email", "producer.phone"} <= _doubted(lost_both)
    assert _doubted(_certificate("pdf-text").model_copy(update={"producer": certificate.producer})) == set()


@pytest.mark.parametrize("phone", ["225 290 5122", "(285) 299 5133", "864-89 1-0325"])
def test_on_a_scan_a_phone_with_a_blank_between_its_last_groups_is_doubted(phone: str) -> None:
    # printed `285.299.5133`: the dots lost, and the digits with them as likely
    certificate = _certificate()
    certificate.producer.phone = phone
    assert _doubted(certificate) == {"producer.phone"}
    certificate.producer.phone = "(285) 299-5133"
    assert _doubted(certificate) == set()


@pytest.mark.parametrize(
    ("contact", "email", "listed"),
    [
        ("Kevin Garda", "kevin.aarcia@marsh.com", True),  # both surnames misread, each its own way
        ("Kevin Garcia", "kevin.garcia@marsh.com", False),
        ("Kevin Garcia", "kevin.garcia-lopez@marsh.com", False),  # the mailbox's longer surname
    ],
)
def test_a_contact_whose_surname_the_mailbox_spells_otherwise_is_doubted(
    contact: str, email: str, listed: bool
) -> None:
    certificate = _certificate()
    certificate.producer.name, certificate.producer.contact_name = "Marsh & McLennan Agency", contact
    certificate.producer.email = email
    doubted = _doubted(certificate)
    assert ({"producer.email", "producer.contact_name"} <= doubted) is listed


@pytest.mark.parametrize(
    ("email", "listed"),
    [
        ("maria1johnson@heffernan.com", True),  # the stop between the names read as a 1
        ("maria.johnson@heffernan.com", False),
    ],
)
def test_an_e_mail_with_a_one_between_the_contact_s_names_is_doubted(email: str, listed: bool) -> None:
    certificate = _certificate()
    certificate.producer.name, certificate.producer.contact_name = (
        "Heffernan Insurance Brokers",
        "Maria Johnson",
    )
    certificate.producer.email = email
    assert ("producer.email" in _doubted(certificate)) is listed


@pytest.mark.parametrize(
    ("agency", "email", "listed"),
    [
        ("USI INSURANCE SERVICES", "ROBERT.JOHNSON@USL.COM", True),  # the I of the initials read as L
        ("Hartwell Brokerage Group", "ann.lee@hbq.com", True),  # a letter off the words' initials
        ("USI INSURANCE SERVICES", "ROBERT.JOHNSON@USI.COM", False),
        ("Hartwell Brokerage Group", "ann.lee@hbg.com", False),
        ("Lockton Companies", "ann.lee@abc.com", False),  # no word of the name: nothing to go by
    ],
)
def test_a_short_e_mail_domain_a_letter_off_the_agency_s_initials_is_doubted(
    agency: str, email: str, listed: bool
) -> None:
    certificate = _certificate()
    certificate.producer.name, certificate.producer.contact_name = agency, None
    certificate.producer.email = email
    assert ("producer.email" in _doubted(certificate)) is listed


def test_on_a_scan_an_e_mail_spelling_the_contact_and_the_agency_read_surely_vouches_for_itself() -> None:
    # A long e-mail seldom reads with sure glyphs all through (0.6 here), but it spells the contact's
    # name and the agency's, each read surely on its own line.
    certificate = _certificate()
    certificate.producer.name = "Gallagher Construction Services"
    certificate.producer.contact_name = "Kevin Miller"
    glyphs = {"producer.name": 0.95, "producer.contact_name": 0.95, "producer.email": 0.6}
    for email, listed in [
        ("kevin.miller@gallagher.com", False),
        ("kmiller@gallagher.com", False),
        ("kevin.miller@gallagher.corn", True),  # `.corn`: the `m` read as `rn`
        ("kevin.milter@gallagher.com", True),  # a glyph off the contact's name
        ("kevin.miller@gallaher.com", True),  # a glyph off the agency's name
    ]:
        certificate.producer.email = email
        assert (calibrate(certificate, glyphs)["producer.email"] < REVIEW_THRESHOLD) is listed, email
    # a contact name read with unsure glyphs vouches for nothing where a clipped descender could
    # read alike in both (`Priva`, `priva.`)
    unsure = {**glyphs, "producer.contact_name": 0.6}
    producer = certificate.producer
    producer.contact_name, producer.email = "Priya Miller", "priya.miller@gallagher.com"
    calibrated = calibrate(certificate, unsure)
    assert calibrated["producer.email"] < REVIEW_THRESHOLD
    assert calibrated["producer.contact_name"] < REVIEW_THRESHOLD
    # but without a descender, the name and the e-mail spelling it in full vouch for each other
    producer.contact_name, producer.email = "Kevin Miller", "kevin.miller@gallagher.com"
    calibrated = calibrate(certificate, unsure)
    assert calibrated["producer.email"] >= REVIEW_THRESHOLD
    assert calibrated["producer.contact_name"] >= REVIEW_THRESHOLD
    # and no more than a glyph score at which the engine hardly saw them
    assert calibrate(certificate, {**glyphs, "producer.contact_name": 0.4})["producer.contact_name"] < 0.7


def test_on_a_scan_an_insurer_row_without_its_naic_beside_rows_with_theirs_is_doubted() -> None:
    certificate = _certificate()
    certificate.insurers[1].naic = None
    assert _doubted(certificate) == {"insurers.1.naic"}
    for insurer in certificate.insurers:
        insurer.naic = None  # an agency that prints no NAIC numbers at all
    assert _doubted(certificate) == set()


def test_on_a_scanned_acord_grid_an_unread_producer_is_doubted() -> None:
    certificate = _certificate()
    certificate.producer.name = None
    certificate.producer.address = None
    assert _doubted(certificate) >= {"producer.name", "producer.address"}  # and the rest of its block
    # another layout need not name its producer
    assert (
        _doubted(_certificate(kind="certificate").model_copy(update={"producer": certificate.producer}))
        == set()
    )


def test_on_a_scan_a_policy_number_of_digits_alone_is_doubted() -> None:
    # `2155127138` for `Z155127138`: OCR reads a letter as the digit it looks like, and a number of
    # digits alone gives nothing to check that against
    certificate = _certificate()
    certificate.policies[0].policy_number = "2155127138"
    assert _doubted(certificate) == {"policies.0.policy_number"}
    certificate.policies[0].policy_number = "Z155127138"
    assert _doubted(certificate) == set()
    certificate.policies[0].policy_number = "2155127138"
    certificate.document.engine = "pdf-text"  # a text layer prints what the agency typed
    assert _doubted(certificate) == set()


def test_on_a_scan_party_names_with_two_words_run_together_are_doubted() -> None:
    certificate = _certificate()
    certificate.certificate_holder.name = "Keystone BuildingCompany"
    certificate.producer.contact_name = "LindaSmith"
    assert _doubted(certificate) == {"certificate_holder.name", "producer.contact_name"}
    certificate.certificate_holder.name = "McKenzie DeWitt Builders"  # capitals inside names of their own
    certificate.producer.contact_name = "Linda McAllister"
    assert _doubted(certificate) == set()


def test_on_a_scan_a_mark_read_as_a_letter_and_dates_a_year_apart_are_not_listed_for_faint_glyphs() -> None:
    # A lone Y in a small box and dates in faint print score low on glyphs whatever was read
    certificate = _certificate()
    faint = {
        "policies.0.additional_insured": 0.62,
        "policies.0.subrogation_waived": 0.3,  # a Y told by its shape from junk: still a person's
        "policies.0.effective_date": 0.6,
        "policies.0.expiration_date": 0.6,
    }
    scores = calibrate(certificate, faint)
    assert scores["policies.0.additional_insured"] >= REVIEW_THRESHOLD
    assert scores["policies.0.subrogation_waived"] < REVIEW_THRESHOLD
    assert scores["policies.0.effective_date"] >= REVIEW_THRESHOLD
    # BUT dates that are not a year apart vouch for nothing
    certificate.policies[0].expiration_date = date(2025, 9, 17)
    scores = calibrate(certificate, faint)
    assert scores["policies.0.effective_date"] < REVIEW_THRESHOLD
    # nor a day short of a year: a date's last digit read one lower (`3/16/26` for 3/17/26)
    certificate.policies[0].expiration_date = date(2026, 3, 16)
    assert calibrate(certificate, faint)["policies.0.expiration_date"] < REVIEW_THRESHOLD
    certificate.policies[0].expiration_date = date(2026, 3, 18)  # a day more, as some agencies print
    assert calibrate(certificate, faint)["policies.0.expiration_date"] >= REVIEW_THRESHOLD


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("address", "990 RIVERSIDE DR, PO BOX 1142, RALEIGH, NO 27641"),  # no state is NO: NC misread
        ("address", "9640 RiversideDr, Portland, OR 97257"),  # the blank before the street type lost
        ("address", "8774 Route 9, Tampa, FL 80055"),  # no Florida ZIP starts 800: digits misread
    ],
)
def test_on_a_scan_an_address_with_no_state_or_words_run_together_is_doubted(field: str, value: str) -> None:
    certificate = _certificate()
    setattr(certificate.insured, field, value)
    assert _doubted(certificate) == {f"insured.{field}"}


def test_on_a_scan_a_policy_number_spaced_at_its_hyphen_and_a_term_of_years_are_doubted() -> None:
    certificate = _certificate()
    certificate.policies[0].policy_number = "ABC66564391 -63"
    certificate.policies[2].policy_number = "C033455738"  # printed CO33455738: O and 0 are one glyph to OCR
    certificate.policies[1].effective_date = date(2022, 12, 19)  # a year misread: three years' term
    certificate.policies[1].expiration_date = date(2025, 12, 19)
    assert _doubted(certificate) == {
        "policies.0.policy_number",
        "policies.1.effective_date",
        "policies.1.expiration_date",
        "policies.2.policy_number",
    }


def test_on_a_scan_a_term_of_two_months_is_doubted_and_one_of_six_is_not() -> None:
    certificate = _certificate()
    certificate.policies[1].effective_date = date(2025, 12, 5)
    certificate.policies[1].expiration_date = date(2026, 2, 5)  # `12/05/2026` read `02/05/2026`
    assert _doubted(certificate) == {"policies.1.effective_date", "policies.1.expiration_date"}
    certificate.policies[1].expiration_date = date(2026, 6, 5)  # six-month terms are written
    assert _doubted(certificate) == set()


def test_on_a_scan_a_term_days_off_a_year_is_doubted_and_a_year_and_a_day_is_not() -> None:
    certificate = _certificate()
    certificate.policies[1].effective_date = date(2024, 8, 21)
    certificate.policies[1].expiration_date = date(2025, 8, 31)  # `08/21/2025` read `08/31/2025`
    assert _doubted(certificate) == {"policies.1.effective_date", "policies.1.expiration_date"}
    certificate.policies[1].expiration_date = date(2025, 8, 22)  # agencies add a day
    assert _doubted(certificate) == set()
    certificate.policies[1].expiration_date = date(2025, 3, 1)  # six months and ten days
    certificate.policies[1].effective_date = date(2024, 8, 21)
    assert _doubted(certificate) == {"policies.1.effective_date", "policies.1.expiration_date"}


@pytest.mark.parametrize(
    ("issued", "doubted"),
    [
        (date(2028, 7, 2), True),  # after every policy ended: `2026` read `2028`
        (date(2024, 7, 2), True),  # months before any began
        (date(2025, 1, 2), False),  # a renewal's certificate, issued ahead of its start
        (date(2026, 3, 17), False),  # the day the last policy ends
    ],
)
def test_on_a_scan_a_certificate_date_outside_its_policies_terms_is_doubted(
    issued: date, doubted: bool
) -> None:
    certificate = _certificate()
    certificate.certificate_date = issued
    assert _doubted(certificate) == ({"certificate_date"} if doubted else set())
    assert _doubted(certificate.model_copy(update={"document": _certificate("pdf-text").document})) == set()


@pytest.mark.parametrize(("cited", "doubted"), [("CG 24 04 55 09", True), ("CG 24 04", False)])
def test_on_a_scan_a_cited_form_s_edition_read_as_no_month_is_listed_unread(
    cited: str, doubted: bool
) -> None:
    certificate = _certificate()
    certificate.description_of_operations = f"Coverage per forms WC 00 03 13, {cited}."
    certificate.endorsements = [Endorsement(form="WC 00 03 13"), Endorsement(form="CG 24 04")]
    assert ("endorsements.1.edition" in _doubted(certificate)) is doubted


def test_on_a_scan_a_term_of_eight_months_is_doubted() -> None:
    certificate = _certificate()
    certificate.policies[1].effective_date = date(2025, 9, 7)  # `5/7/2025` read `9/7/2025`
    certificate.policies[1].expiration_date = date(2026, 5, 7)
    assert _doubted(certificate) == {"policies.1.effective_date", "policies.1.expiration_date"}


def test_on_a_scan_the_end_of_the_contact_label_read_into_the_name_is_doubted() -> None:
    certificate = _certificate()
    certificate.producer.contact_name = "ACT Kha Okafor"
    assert _doubted(certificate) == {"producer.contact_name"}
    certificate.producer.contact_name = "Al Ana Miller"  # or a short word before the name
    assert _doubted(certificate) == {"producer.contact_name"}
    certificate.producer.contact_name = "Al Miller"
    assert _doubted(certificate) == set()
    certificate.producer.contact_name = "NTA KAREN LOPEZ"  # a piece of CONTACT in capitals
    assert _doubted(certificate) == {"producer.contact_name"}
    certificate.producer.contact_name = "ANA MARIA LOPEZ"
    assert _doubted(certificate) == set()


@pytest.mark.parametrize(
    ("contact", "doubted"),
    [("CIND/ DAVIS", True), ("L1NDA DAVIS", True), ("Mary-Ann O'Brien", False), ("J. R. Smith, Jr.", False)],
)
def test_on_a_scan_a_contact_name_holding_a_sign_or_a_digit_is_doubted(contact: str, doubted: bool) -> None:
    certificate = _certificate()
    certificate.producer.contact_name = contact
    assert ("producer.contact_name" in _doubted(certificate)) is doubted


def test_on_a_scan_a_policy_number_with_a_small_letter_or_opening_with_o_s_is_doubted() -> None:
    certificate = _certificate()
    certificate.policies[0].policy_number = "gl-171924011"  # `GL` printed in capitals, read small
    assert _doubted(certificate) == {"policies.0.policy_number"}
    certificate.policies[0].policy_number = "GL-171924011"
    assert _doubted(certificate) == set()
    certificate.policies[0].policy_number = "OOOFXP029915"  # `000FXP029915`: zeros read as O's
    assert _doubted(certificate) == {"policies.0.policy_number"}
    certificate.policies[0].policy_number = "143¥E87138"  # a Y read as a yen sign
    assert _doubted(certificate) == {"policies.0.policy_number"}
    certificate.policies[0].policy_number = "BAQ81912827-25"  # a 9 read as Q beside the digits
    assert _doubted(certificate) == {"policies.0.policy_number"}
    certificate.policies[0].policy_number = "Z1H92970347"  # a T read as a 1 among the prefix's letters
    assert _doubted(certificate) == {"policies.0.policy_number"}
    certificate.policies[0].policy_number = "ZTH92970347"
    assert _doubted(certificate) == set()
    certificate.policies[0].policy_number = "W4J-749-06995"  # a digit inside the prefix's letters
    assert _doubted(certificate) == {"policies.0.policy_number"}
    certificate.policies[0].policy_number = "WJ-749-06995"
    assert _doubted(certificate) == set()


def test_on_a_scan_a_contact_name_starting_with_a_bare_letter_is_doubted() -> None:
    certificate = _certificate()
    certificate.producer.contact_name = "T Lopez"  # `Ana` lost, a speck read as T
    certificate.producer.email = "lopez@lockton.com"
    assert _doubted(certificate) == {"producer.contact_name"}
    certificate.producer.contact_name = "T. Lopez"  # an initial as printed
    assert _doubted(certificate) == set()


@pytest.mark.parametrize(("contact", "doubted"), [("Ana. Lopez", True), ("Mrs. Ana Lopez", False)])
def test_on_a_scan_a_first_name_with_a_stop_after_it_is_doubted(contact: str, doubted: bool) -> None:
    # a speck after `Ana` read as a stop; a title takes one
    certificate = _certificate()
    certificate.producer.contact_name = contact
    certificate.producer.email = "lopez@lockton.com"
    assert ("producer.contact_name" in _doubted(certificate)) is doubted


@pytest.mark.parametrize(
    ("number", "doubted"),
    [
        ("S90WTA4829", True),
        ("5S90WTA4829", True),
        ("SW90WTA4829", False),
        ("WCS539126-52", True),  # the 5 read twice, once as its look-alike S
        ("WC539126-52", False),
        ("W2Z6312208", True),  # the Z read twice, first as its look-alike 2
        ("WZ6312208", False),
        ("FFS7157426", True),  # the letters' last an S before seven digits: maybe a 5
        ("FFX7157426", False),
        ("BA8&3386320-13", True),  # a sign: `&` for a 3
        ("BA-5/88125", True),  # a 7 read as a slash between digits
        ("BA-5788125", False),
        ("CPP 1234567/AB", False),  # a slash before letters is print
        ("828GN Y76259", True),  # a blank read among the number's letters
        ("757TUS62", True),  # a 5 read as S after the letters, digits leading the number too
        ("757TU562", False),
        ("159S049", False),  # an S among digits alone is printed so
        ("CPP 1234567", False),  # a blank after a prefix of letters is print
        ("W YJ-728-97457", True),  # a blank read among the letters before the hyphen
        ("WY J-728-97457", True),
        ("WYJ-728-97457", False),
        ("TOOWNZ603258", True),  # `700` read as letters: two O's in a row
    ],
)
def test_on_a_scan_a_policy_number_with_a_look_alike_or_a_sign_where_a_digit_could_stand_is_doubted(
    number: str, doubted: bool
) -> None:
    certificate = _certificate()
    certificate.policies[1].policy_number = number
    assert ("policies.1.policy_number" in _doubted(certificate)) is doubted


@pytest.mark.parametrize(
    "email",
    [
        "priya.okafor1@lockton.com",
        "priya.okaforl@lockton.com",
        "priya.okaforkat@lockton.com",
        "a@lockton.com",
        "5.priya.okafor@lockton.com",  # a speck before the names read as a digit
        "priya.okafpriya.okafor@lockton.com",  # the mailbox read again after its start
    ],
)
def test_on_a_scan_an_e_mail_spelling_the_contact_with_a_character_after_it_is_doubted(email: str) -> None:
    # a speck after the name read as a digit, the `@`'s tail read again as a letter, or a few
    certificate = _certificate()
    certificate.producer.email = email
    assert _doubted(certificate) == {"producer.email"}
    certificate.document.engine = "pdf-text"  # as typed: a mailbox can end in a digit
    assert _doubted(certificate) == set()


def test_on_a_scan_an_e_mail_spelling_the_contact_with_the_first_letter_lost_is_doubted() -> None:
    certificate = _certificate()
    certificate.producer.email = "riya.okafor@lockton.com"  # the `p` lost at the box's edge
    assert "producer.email" in _doubted(certificate)


@pytest.mark.parametrize(
    ("contact", "doubted"),
    [
        ("Iya Okafor", True),
        ("Qriya Okafor", True),
        ("Priy Okafor", True),  # its last letter lost
        ("Pri Okafor", False),  # a shorter start may be what the contact goes by
        ("P. Okafor", False),
        ("P Okafor", True),
    ],
)
def test_on_a_scan_a_first_name_not_starting_as_the_mailbox_does_is_doubted(
    contact: str, doubted: bool
) -> None:
    # beside `priya.okafor@`, with the surname agreeing: letters of the first name lost or misread
    certificate = _certificate()
    certificate.producer.contact_name = contact
    assert ("producer.contact_name" in _doubted(certificate)) is doubted
    assert "producer.contact_name" not in _doubted(_certificate())


def test_on_a_scan_a_first_name_is_checked_against_a_mailbox_with_a_speck_beside_its_stop() -> None:
    # `Mes Davis` beside `james-.davis@`: the speck parts no third name off the mailbox
    certificate = _certificate()
    certificate.producer.contact_name, certificate.producer.email = "Mes Davis", "james-.davis@hub.com"
    assert "producer.contact_name" in _doubted(certificate)


def test_on_a_scan_a_mailbox_whose_stop_was_read_as_a_comma_still_parts_its_names() -> None:
    # `Keyin Walsh` beside `kevin,walsh@`: the first names a letter apart
    certificate = _certificate()
    certificate.producer.contact_name, certificate.producer.email = "Keyin Walsh", "kevin,walsh@hub.com"
    assert "producer.contact_name" in _doubted(certificate)


@pytest.mark.parametrize(
    ("email", "doubted"),
    [("lindith@brown.com", True), ("lsmith@brown.com", False), ("lindasmith@brown.com", True)],
)
def test_on_a_scan_a_mailbox_spelling_the_names_run_together_in_part_is_doubted(
    email: str, doubted: bool
) -> None:
    # `lindith@` beside Linda Smith: glyphs lost across where the stop stood (`lindasmith@` is
    # doubted already: its stop may have been lost); an initial and the surname is a mailbox
    certificate = _certificate()
    certificate.producer.contact_name, certificate.producer.email = "Linda Smith", email
    assert ("producer.email" in _doubted(certificate)) is doubted


def test_on_a_scan_a_mailbox_of_the_surname_alone_beside_a_contact_s_two_names_is_doubted() -> None:
    # `johnson@` beside Susan Johnson: the first name and the stop lost at the box's edge
    certificate = _certificate()
    certificate.producer.contact_name, certificate.producer.email = "Susan Johnson", "johnson@hub.com"
    assert "producer.email" in _doubted(certificate)
    certificate.producer.email = "sjohnson@hub.com"  # an initial and the surname: a mailbox like any
    assert "producer.email" not in _doubted(certificate)


def test_on_a_scan_a_mailbox_spelling_a_doubted_contact_s_names_is_doubted_with_it() -> None:
    # `Gavid Okafor` read unsurely beside `gavid.okafor@`: the same face misread the same glyph twice
    certificate = _certificate()
    certificate.producer.contact_name, certificate.producer.email = "Gavid Okafor", "gavid.okafor@risk.com"
    scores = calibrate(certificate, {"producer.contact_name": 0.4})
    assert scores["producer.email"] < REVIEW_THRESHOLD
    # a contact read surely vouches for nothing more than it did
    assert calibrate(certificate, {}).get("producer.email", 1.0) >= REVIEW_THRESHOLD


@pytest.mark.parametrize(
    ("number", "doubted"),
    [("289A 1235", True), ("755 VFR84744", True), ("UMB 5521", False), ("GL-88120", False)],
)
def test_on_a_scan_a_policy_number_with_a_space_between_digits_is_doubted(number: str, doubted: bool) -> None:
    certificate = _certificate()
    certificate.policies[0].policy_number = number
    assert ("policies.0.policy_number" in _doubted(certificate)) is doubted


@pytest.mark.parametrize(
    ("email", "doubted"),
    [("priyaokafor@lockton.com", True), ("PRIYAOKAFOR@LOCKTON.COM", True), ("pokafor@lockton.com", False)],
)
def test_on_a_scan_an_e_mail_spelling_both_names_with_nothing_between_is_doubted(
    email: str, doubted: bool
) -> None:
    # the stop of `priya.okafor@` is the glyph a scan loses most; an initial and a name is a mailbox
    certificate = _certificate()
    certificate.producer.email = email
    assert (_doubted(certificate) == {"producer.email"}) is doubted
    certificate.document.engine = "pdf-text"  # as typed, `priyaokafor@` is a mailbox like any other
    assert _doubted(certificate) == set()


def test_on_a_scan_an_amount_under_a_guessed_retention_or_deductible_stays_listed() -> None:
    # neither box of `[ ] DED [ ] RETENTION` read as marked: $10,000 is customary, its kind a guess
    certificate = _certificate()
    certificate.policies[0].limits["retention"] = 10_000
    scores = calibrate(certificate, {"policies.0.limits.retention": 0.25})
    assert scores["policies.0.limits.retention"] < REVIEW_THRESHOLD
    # an amount merely read faintly is vouched for by its kind
    scores = calibrate(certificate, {"policies.0.limits.retention": 0.5})
    assert scores["policies.0.limits.retention"] >= REVIEW_THRESHOLD


def test_on_a_scan_a_date_whose_row_lost_the_other_date_is_doubted() -> None:
    # `2026-08-03` read for 2025's effective date, the expiry unread: no term checks it
    certificate = _certificate()
    certificate.policies[1].expiration_date = None
    certificate.policies[1].effective_date = date(2026, 3, 17)
    assert "policies.1.effective_date" in _doubted(certificate)  # (the unread expiry: by validation)
    certificate.document.engine = "pdf-text"  # typed: a date is as printed
    assert "policies.1.effective_date" not in _doubted(certificate)


def test_on_a_scan_a_free_policy_label_with_a_capital_read_small_is_doubted() -> None:
    certificate = _certificate()
    certificate.policies[2].label = "installation Floater"  # `I` read as `i`
    assert _doubted(certificate) == {"policies.2.label"}
    for label in (
        "Installation Floater",
        "Contractors Pollution Liab",
        "EMPLOYEE THEFT",
        "Errors & Omissions",
    ):
        certificate.policies[2].label = label
        assert _doubted(certificate) == set()


def test_on_a_scan_a_party_the_description_spells_a_glyph_otherwise_is_doubted_with_it() -> None:
    certificate = _certificate()
    certificate.certificate_holder.name = "Tumer-Walsh Construction Co"  # `rn` read as `m`
    certificate.description_of_operations = (
        "Turner-Walsh Construction Co and its officers are included as additional insureds."
    )
    assert _doubted(certificate) == {"certificate_holder.name", "description_of_operations"}
    # a misreading in the description is the same evidence
    certificate.certificate_holder.name = "Turner-Walsh Construction Co"
    certificate.insured.name = "Westfield Drywall Inc"
    certificate.description_of_operations = "Work of Westfield Drywal1 Inc for Turner Walsh Construction Co."
    assert _doubted(certificate) == {"insured.name", "description_of_operations"}
    # BUT the same spelling (a blank for the hyphen), or the agency's longer form, is no evidence
    certificate.description_of_operations = (
        "Work of Westfield Drywall Inc for Turner Walsh Construction Company."
    )
    assert _doubted(certificate) == set()
    # AND a text layer prints what the agency typed
    certificate.document.engine = "pdf-text"
    certificate.certificate_holder.name = "Tumer-Walsh Construction Co"
    certificate.description_of_operations = "Turner-Walsh Construction Co is additional insured."
    assert _doubted(certificate) == set()
