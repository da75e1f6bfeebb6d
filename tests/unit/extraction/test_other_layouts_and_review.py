"""Certificates in other layouts are read and sent to a person; look-alikes stay unknown; the review
block names values by contract path."""

from __future__ import annotations

import io

import pytest

from services.intake.extraction.api import extract_document
from services.intake.extraction.ir import Box, Word
from services.intake.extraction.other_layout import _read
from services.intake.extraction.review_paths import contract_path
from services.intake.extraction.textgeom import PageText
from shared.contracts import certificate as c

canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")


def _pdf(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    page = canvas_module.Canvas(buffer, pagesize=(612, 792))
    page.setFont("Helvetica", 11)
    y = 740
    for line in lines:
        page.drawString(60, y, line)
        y -= 16
    page.save()
    return buffer.getvalue()


_LETTER = [
    "Lockton Companies",
    "7659 Elm Street",
    "Phoenix, AZ 85011",
    "07/02/2025",
    "To:",
    "Turner-Walsh Construction Co",
    "3421 Elm Street",
    "Re: Certificate of Liability Insurance - Westfield Drywall Inc",
    "This letter certifies that Westfield Drywall Inc, 8411 Market Street, Tampa, FL 33693, is insured",
    "under the policies listed below:",
    "Commercial General Liability: policy GL-5981486 issued by Liberty Mutual Fire Insurance Co (NAIC",
    "23035), 04/09/2025 to 04/09/2026.",
    "Each Occurrence: 1,000,000",
    "General Aggregate: $2,000,000",
    "Sincerely,",
]


def test_a_letter_style_certificate_is_read_and_sent_to_a_person() -> None:
    result = extract_document(_pdf(_LETTER))
    certificate = result.certificate
    assert certificate.document.kind == "certificate"
    assert certificate.insured.name == "Westfield Drywall Inc"
    assert certificate.insured.address == "8411 Market Street, Tampa, FL 33693"
    assert certificate.producer.name == "Lockton Companies"
    assert certificate.certificate_holder.name == "Turner-Walsh Construction Co"
    assert [(i.letter, i.name, i.naic) for i in certificate.insurers] == [
        ("A", "Liberty Mutual Fire Insurance Co", "23035")
    ]
    policy = certificate.policies[0]
    assert (policy.coverage, policy.policy_number, policy.insurer_letter) == (
        "general_liability",
        "GL-5981486",
        "A",
    )
    assert str(policy.effective_date) == "2025-04-09"
    assert policy.limits == {"each_occurrence": 1_000_000, "general_aggregate": 2_000_000}
    assert certificate.review is not None
    assert "document.kind" in certificate.review.needs_human_review


@pytest.mark.parametrize(
    "lines",
    [
        ["Request for Taxpayer Identification Number and Certification", "Form W-9", "Name: Rivera LLC"],
        ["INVOICE 2231", "Certificate of Liability Insurance processing fee", "Amount Due: $45.00"],
        [
            "Certificate of Insurance Requirements",
            "Subcontractor shall maintain Commercial General Liability of $1,000,000",
            "Insured: the subcontractor",
        ],
    ],
    ids=["w9", "invoice", "requirements-letter"],
)
def test_look_alikes_stay_unknown(lines: list[str]) -> None:
    assert extract_document(_pdf(lines)).certificate.document.kind == "unknown"


def test_a_carrier_certificate_with_its_coverage_table_empty_is_a_certificate_for_a_person() -> None:
    # GIVEN a carrier's own certificate naming its insured and holder, its coverage table printed empty
    lines = [
        "Mutual Casualty Company",
        "Certificate of Insurance",
        "Issued: 03-09-2026",
        "This is to certify that the policies listed below have been issued to the Named Insured.",
        "Named Insured:",
        "Summit Painting Company",
        "3486 Harbor Blvd",
        "Columbus, OH 43299",
        "Coverage / Insurer / Policy Number / Period / Limits",
        "Certificate Holder:",
        "Pinnacle Contracting Corp",
        "1660 Route 9",
        "Cheyenne, WY 82039",
    ]
    certificate = extract_document(_pdf(lines)).certificate
    # THEN it is read as a certificate with no policies, its parties read, and sent to a person
    assert certificate.document.kind == "certificate"
    assert (certificate.insured.name, certificate.certificate_holder.name, certificate.policies) == (
        "Summit Painting Company",
        "Pinnacle Contracting Corp",
        [],
    )
    assert certificate.review is not None
    assert "document.kind" in certificate.review.needs_human_review


@pytest.mark.parametrize("naic", ["24112", "241 12"])  # OCR's blank inside the bracketed number
def test_a_letter_s_insurer_is_read_with_its_naic_however_ocr_spaced_it(naic: str) -> None:
    # GIVEN the letter's policies issued by two carriers, the first one's NAIC number as given
    westfield = "Westfield Insurance Company"
    lines = [
        *_LETTER[:10],
        f"Business Automobile Liability: policy KE122069962 issued by {westfield} (NAIC {naic}),",
        "03/25/2025 to 03/25/2026",
        "Combined Single Limit: 2,000,000.00",
        "Umbrella Liability: policy UMB-23891151 issued by State Compensation Insurance Fund (NAIC 35076),",
        "02/14/2025 to 02/14/2026",
        "Each Occurrence: 2,000,000.00",
        "Sincerely,",
    ]
    certificate = extract_document(_pdf(lines)).certificate
    assert [(i.letter, i.name, i.naic) for i in certificate.insurers] == [
        ("A", "Westfield Insurance Company", "24112"),
        ("B", "State Compensation Insurance Fund", "35076"),
    ]
    assert [p.insurer_letter for p in certificate.policies] == ["A", "B"]


@pytest.mark.parametrize("naic", ["24112", "241 12"])  # OCR's blank inside the labelled number
def test_a_carrier_certificate_s_insurer_line_is_read_with_its_naic_however_ocr_spaced_it(naic: str) -> None:
    lines = [
        *_LETTER[:10],
        "Workers Compensation and Employers Liability",
        f"Insurer: Westfield Insurance Company NAIC: {naic}",
        "Policy Number: L-513-035659",
        "Policy Period: 11/13/2024 to 11/13/2025",
        "Employers Liability Each Accident: 1,000,000",
        "Sincerely,",
    ]
    certificate = extract_document(_pdf(lines)).certificate
    assert [(i.letter, i.name, i.naic) for i in certificate.insurers] == [
        ("A", "Westfield Insurance Company", "24112")
    ]
    assert [p.insurer_letter for p in certificate.policies] == ["A"]


def test_review_paths_name_insurers_by_letter_and_policies_by_position() -> None:
    certificate = c.Certificate(insurers=[c.Insurer(letter="A"), c.Insurer(letter="C")])
    assert contract_path("insurers.1.naic", certificate) == "insurers[C].naic"
    assert (
        contract_path("policies.2.limits.each_occurrence", certificate)
        == "policies[2].limits.each_occurrence"
    )
    assert contract_path("insured.name", certificate) == "insured.name"


def test_a_party_indented_under_a_label_ocr_boxed_short_is_read() -> None:
    def word(text: str, left: float, top: float, width: float, height: float) -> Word:
        return Word(text=text, page=1, box=Box(left=left, top=top, width=width, height=height), source="ocr")

    # `Named Insured:` has no descenders, so OCR boxes it shorter than the indented lines under it
    page = PageText(
        1,
        [
            word("Named", 0.098, 0.177, 0.044, 0.008),
            word("Insured:", 0.146, 0.177, 0.053, 0.008),
            word("McKinley", 0.131, 0.192, 0.059, 0.010),
            word("Paving", 0.194, 0.192, 0.040, 0.010),
            word("LLC", 0.238, 0.192, 0.027, 0.008),
            word("4232", 0.131, 0.207, 0.029, 0.008),
            word("Industrial", 0.164, 0.207, 0.056, 0.008),
            word("Pkwy", 0.224, 0.207, 0.033, 0.010),
        ],
    )
    certificate = c.Certificate()
    _read(page, certificate)
    assert certificate.insured.name == "McKinley Paving LLC"
    assert certificate.insured.address == "4232 Industrial Pkwy"


def test_a_party_a_tab_in_under_its_label_is_read_when_no_line_has_descenders() -> None:
    def word(text: str, left: float, top: float, width: float) -> Word:
        return Word(text=text, page=1, box=Box(left=left, top=top, width=width, height=0.008), source="ocr")

    page = PageText(
        1,
        [
            word("Named", 0.098, 0.177, 0.044),
            word("Insured:", 0.147, 0.177, 0.053),
            word("Granite", 0.131, 0.192, 0.043),
            word("Demolition", 0.178, 0.192, 0.067),
            word("LLC", 0.250, 0.192, 0.026),
            word("8789", 0.131, 0.207, 0.029),
            word("Market", 0.164, 0.207, 0.042),
            word("Street", 0.210, 0.207, 0.033),
        ],
    )
    certificate = c.Certificate()
    _read(page, certificate)
    assert certificate.insured.name == "Granite Demolition LLC"
    assert certificate.insured.address == "8789 Market Street"


def test_a_value_read_from_an_unsure_word_is_no_surer_than_that_word() -> None:
    def word(text: str, left: float, top: float, width: float, confidence: float = 0.96) -> Word:
        box = Box(left=left, top=top, width=width, height=0.008)
        return Word(text=text, page=1, box=box, confidence=confidence, source="ocr")

    # A scanned carrier's certificate whose insured name and policy number OCR read unsurely
    page = PageText(
        1,
        [
            word("Named", 0.098, 0.177, 0.044),
            word("Insured:", 0.147, 0.177, 0.053),
            word("Granite", 0.131, 0.192, 0.043),
            word("Demo1ition", 0.178, 0.192, 0.067, 0.44),
            word("LLC", 0.250, 0.192, 0.026),
            word("8789", 0.131, 0.207, 0.029),
            word("Market", 0.164, 0.207, 0.042),
            word("Street", 0.210, 0.207, 0.033),
        ],
    )
    certificate = c.Certificate()
    confidences = _read(page, certificate)
    assert certificate.insured.name == "Granite Demo1ition LLC"
    assert confidences["insured.name"] == 0.44
    assert confidences["insured.address"] > 0.7


def test_a_letter_s_addressee_is_the_holder_when_its_to_label_is_misread() -> None:
    lines = ["Te" if line == "To:" else line for line in _LETTER]
    certificate = extract_document(_pdf(lines)).certificate
    assert certificate.certificate_holder.name == "Turner-Walsh Construction Co"
    assert certificate.certificate_holder.address == "3421 Elm Street"
    assert "certificate_holder.name" in certificate.review.needs_human_review


def test_a_space_read_before_a_thousands_comma_keeps_the_limit() -> None:
    lines = [
        "Each Occurrence: 1 ,000,000.00" if line.startswith("Each Occurrence") else line for line in _LETTER
    ]
    certificate = extract_document(_pdf(lines)).certificate
    assert certificate.policies[0].limits["each_occurrence"] == 1_000_000


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Policy 917AW 121884, effective 01/09/25 to 01/09/26", "917AW121884"),
        ("Policy GG-429-5 130 effective 01/10/2025 to 01/10/2026", "GG-429-5130"),
        ("Policy GL-5981486, effective 04/09/2025 to 04/09/2026", "GL-5981486"),
        ("Policy Number: WC89481 2040-00", "WC894812040-00"),  # split before the line's end
        ("Policy #: GL567333551 -93", "GL567333551-93"),  # split at its hyphen
        ("Policy Number: XS6656439 1-63", "XS66564391-63"),
    ],
)
def test_digits_ocr_split_off_a_policy_number_before_its_period_are_glued_back(
    line: str, number: str
) -> None:
    lines = [
        *_LETTER[:10],
        "Commercial General Liability - Liberty Mutual Fire Insurance Co (NAIC 23035)",
        line,
    ]
    certificate = extract_document(_pdf([*lines, "Each Occurrence: 1,000,000", "Sincerely,"])).certificate
    assert [p.policy_number for p in certificate.policies] == [number]


def test_a_speck_read_as_a_bracket_before_a_policy_number_opens_nothing() -> None:
    # As OCR read a scanned letter: `policy ('WC985451 200-14 issued by ...`, the limits below it
    lines = [
        *_LETTER[:10],
        "Workers Compensation: policy ('WC985451 200-14 issued by Starr Indemnity & Liability Co,",
        "04/09/2025 to 04/09/2026.",
        "Employers Liability Each Accident: 500000",
        "Disease - Each Employee: 500000",
        "Disease - Policy Limit: 500000",
        "Sincerely,",
    ]
    certificate = extract_document(_pdf(lines)).certificate
    policy = certificate.policies[0]
    assert policy.policy_number == "WC985451200-14"
    assert policy.limits == {
        "el_each_accident": 500_000,
        "el_disease_each_employee": 500_000,
        "el_disease_policy_limit": 500_000,
    }


def test_a_stop_after_a_letter_s_zip_code_is_the_sentence_s_not_the_address_s() -> None:
    lines = [line.replace("Phoenix, AZ 85011", "Phoenix, AZ 85011.") for line in _LETTER]
    certificate = extract_document(_pdf(lines)).certificate
    assert certificate.producer.address == "7659 Elm Street, Phoenix, AZ 85011"
