"""Glyph confusions OCR makes in free text and codes, corrected only where no printed value looks so."""

from __future__ import annotations

import pytest

from services.intake.extraction.acord25.columns import identifier_case
from services.intake.extraction.acord25.document import _Anchors, _read_numbers
from services.intake.extraction.acord25.ocr_spelling import description_if_ocr
from services.intake.extraction.acord25.reader import _Reader
from services.intake.extraction.ir import Box, Word
from services.intake.extraction.textgeom import PageText
from shared.contracts import certificate as c


def _reader(source: str) -> _Reader:
    word = Word(
        text="DESCRIPTION", page=1, box=Box(left=0.1, top=0.7, width=0.1, height=0.006), source=source
    )
    return _Reader(PageText(1, [word]))


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("Northgate Apartments Phase Il, Job #20734.", "Northgate Apartments Phase II, Job #20734."),
        ("Building lII and Tower IIl", "Building III and Tower III"),
        ("Illinois Route 3, Springfield IL", "Illinois Route 3, Springfield IL"),
        ("Phase II", "Phase II"),
    ],
)
def test_a_roman_numeral_read_with_a_lower_case_l_is_spelt_in_capitals(read: str, printed: str) -> None:
    assert description_if_ocr(_reader("ocr"), read) == printed


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        (
            "Coverage per forms CA 20 48 10 13,CG 20 10,CG 20 38.",
            "Coverage per forms CA 20 48 10 13, CG 20 10, CG 20 38.",
        ),
        ("Owner,Architect and Engineer", "Owner, Architect and Engineer"),
        ("Limits of $1,000,000 per project, CG 25 03", "Limits of $1,000,000 per project, CG 25 03"),
        ("may space Project: Riverside, Job #60817.", "Project: Riverside, Job #60817."),  # the label's print
        ("space is required) RE: Job 4", "RE: Job 4"),
        ("more than 30 days notice", "more than 30 days notice"),  # the description's own words
        ("additional insureds ona primary basis", "additional insureds on a primary basis"),
        ("as required by written contract ofthe Owner", "as required by written contract of the Owner"),
        ("Ona Bay Marina, fora term", "Ona Bay Marina, fora term"),  # a name; a word
    ],
)
def test_a_comma_read_with_no_space_before_a_word_or_the_label_s_print_before_it_is_put_right(
    read: str, printed: str
) -> None:
    assert description_if_ocr(_reader("ocr"), read) == printed


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        (
            "Coverage per forms CA 20 48 10 13, Wc 00 03 13.",
            "Coverage per forms CA 20 48 10 13, WC 00 03 13.",
        ),
        (
            "per forms CG 25 03, we 00 03 13, cg 20 01 04 13",
            "per forms CG 25 03, WC 00 03 13, CG 20 01 04 13",
        ),
        ("as we 00 agreed", "as we 00 agreed"),  # no form number's digits
        ("Job No 38 88 13", "Job No 38 88 13"),  # no form prefix
    ],
)
def test_an_endorsement_form_s_prefix_read_with_a_small_letter_is_spelt_in_capitals(
    read: str, printed: str
) -> None:
    assert description_if_ocr(_reader("ocr"), read) == printed


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("TOWER. TURNER- WALSH CONSTRUCTION CO IS", "TOWER. TURNER-WALSH CONSTRUCTION CO IS"),
        ("pre- and post-construction work", "pre- and post-construction work"),  # a suspended hyphen
        ("Job 4 - Harbor Point", "Job 4 - Harbor Point"),  # a dash between blanks
    ],
)
def test_a_hyphenated_name_read_as_two_words_is_one_again(read: str, printed: str) -> None:
    assert description_if_ocr(_reader("ocr"), read) == printed


def test_a_text_layer_description_is_kept_as_typed() -> None:
    assert description_if_ocr(_reader("pdf-text"), "Phase Il") == "Phase Il"
    assert description_if_ocr(_reader("pdf-text"), "13,CG 20 10") == "13,CG 20 10"


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("cN-87574", "CN-87574"),
        ("wc-680231", "WC-680231"),
        ("914Bx97583", "914BX97583"),
        ("Ab-123", "Ab-123"),
    ],
)
def test_an_identifier_s_letter_of_caseless_shape_is_a_capital(read: str, printed: str) -> None:
    assert identifier_case(read) == printed


def _numbers_line(number: str, source: str) -> PageText:
    def word(text: str, left: float, width: float) -> Word:
        return Word(
            text=text, page=1, box=Box(left=left, top=0.300, width=width, height=0.006), source=source
        )

    return PageText(
        1,
        [
            word("CERTIFICATE", 0.30, 0.06),
            word("NUMBER:", 0.365, 0.04),
            word(number, 0.41, 0.06),
            word("REVISION", 0.62, 0.05),
            word("NUMBER:", 0.675, 0.04),
        ],
    )


@pytest.mark.parametrize(("source", "read"), [("ocr", "CN-87574"), ("pdf-text", "cN-87574,")])
def test_an_ocr_certificate_number_loses_a_speck_read_as_a_comma_and_a_case_it_could_not_see(
    source: str, read: str
) -> None:
    r = _Reader(_numbers_line("cN-87574,", source))
    cert = c.Certificate()
    _read_numbers(r, cert, _Anchors(None, None, None, 0.5, 0.305))
    assert cert.certificate_number == read


def test_a_revision_number_read_as_one_word_with_its_label_s_colon_is_read() -> None:
    # A retyped copy's `REVISON NUMBER:0`, the value printed close to its label
    page = _numbers_line("CN-87574", "ocr")
    page = PageText(1, [*page.words[:-1], page.words[-1].model_copy(update={"text": "NUMBER:0"})])
    cert = c.Certificate()
    _read_numbers(_Reader(page), cert, _Anchors(None, None, None, 0.5, 0.305))
    assert (cert.certificate_number, cert.revision_number) == ("CN-87574", "0")
    # the cell's rule after it read as a bracket
    page = PageText(1, [*page.words[:-1], page.words[-1].model_copy(update={"text": "NUMBER:0)"})])
    cert = c.Certificate()
    _read_numbers(_Reader(page), cert, _Anchors(None, None, None, 0.5, 0.305))
    assert cert.revision_number == "0"
    # or apart, inside the end of a label boxed a fifth too wide (`NUMBER:` over the `2` after it)
    label = page.words[-1].model_copy(update={"text": "NUMBER:"})
    inside = label.model_copy(
        update={"text": "2", "box": Box(left=0.709, top=0.2995, width=0.004, height=0.006)}
    )
    cert = c.Certificate()
    _read_numbers(
        _Reader(PageText(1, [*page.words[:-1], label, inside])), cert, _Anchors(None, None, None, 0.5, 0.305)
    )
    assert cert.revision_number == "2"


def test_a_certificate_number_s_start_boxed_inside_its_label_is_the_number_s() -> None:
    # A retyped copy's `CERTIFICATENUMBER:` read as one word boxed on over `CN-1` of `CN-1134`
    def word(text: str, left: float, width: float) -> Word:
        return Word(text=text, page=1, box=Box(left=left, top=0.300, width=width, height=0.006), source="ocr")

    page = PageText(
        1,
        [
            word("CERTIFICATENUMBER:", 0.261, 0.194),
            word("CN-1", 0.427, 0.027),
            word("134", 0.459, 0.020),
            word("REVISION", 0.62, 0.05),
            word("NUMBER:", 0.675, 0.04),
        ],
    )
    cert = c.Certificate()
    _read_numbers(_Reader(page), cert, _Anchors(None, None, None, 0.5, 0.305))
    assert (cert.certificate_number or "").startswith("CN-1")
    # a word of the label's own letters there is no number
    page = PageText(1, [page.words[0], word("NUMBER:", 0.427, 0.027), *page.words[2:]])
    cert = c.Certificate()
    _read_numbers(_Reader(page), cert, _Anchors(None, None, None, 0.5, 0.305))
    assert cert.certificate_number == "134"


def test_a_label_boxed_over_the_line_below_does_not_take_the_tick_of_the_row_above() -> None:
    def word(text: str, left: float, top: float, width: float, height: float = 0.006) -> Word:
        return Word(text=text, page=1, box=Box(left=left, top=top, width=width, height=height), source="ocr")

    page = PageText(
        1,
        [
            word("X", 0.058, 0.379, 0.024, 0.015),  # the COMMERCIAL GENERAL LIABILITY tick
            word("COMMERCIAL", 0.088, 0.384, 0.067),
            word("GENERAL", 0.157, 0.384, 0.048),
            word("LIABILITY", 0.208, 0.384, 0.045),
            word("CLAIMS-MADE", 0.112, 0.393, 0.067, 0.017),  # boxed over its empty box's edges
            word("X", 0.187, 0.394, 0.024, 0.016),
            word("OCCUR", 0.217, 0.401, 0.036),
        ],
    )
    r = _Reader(page)
    region = (0.0, 0.37, 0.3, 0.42)
    assert r.option_marked(("CLAIMS-MADE",), region) is False
    assert r.option_marked(("OCCUR",), region) is True
