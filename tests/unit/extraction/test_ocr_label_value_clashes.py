"""Where a scan's reading runs a value into a label, a label into a speck, or a digit into brackets.

Each case is a reading of a generated scan or photo of the real ACORD 25 page (the words and boxes
as Tesseract gave them), cut down to the words that matter.
"""

from __future__ import annotations

import pytest

from services.intake.extraction.acord25.columns import _merge_split_dates
from services.intake.extraction.acord25.contact_print import (
    contact_as_printed,
    cut_at_baseline,
    phone_cut_at_baseline,
)
from services.intake.extraction.acord25.grid import _Grid
from services.intake.extraction.acord25.header_fallbacks import mark_columns_without_headers
from services.intake.extraction.acord25.insured_label import misread_insured
from services.intake.extraction.acord25.limits import LimitRows, _limits
from services.intake.extraction.acord25.marks import _officers_excluded
from services.intake.extraction.acord25.reader import GL_LIMITS, _Reader
from services.intake.extraction.ir import Box, Word
from services.intake.extraction.ocr_fragments import rejoin_split_words
from services.intake.extraction.ocr_glyphs import letters_read_as_signs
from services.intake.extraction.ocr_words import _Raw, clean_word
from services.intake.extraction.stacked_labels import find_stacked
from services.intake.extraction.textgeom import PageText
from shared.contracts import certificate as c


def _word(
    text: str, left: float, top: float, width: float = 0.025, height: float = 0.0055, confidence: float = 0.96
) -> Word:
    box = Box(left=left, top=top, width=width, height=height)
    return Word(text=text, page=1, box=box, confidence=confidence, source="ocr")


def test_a_value_read_on_the_top_line_of_a_stacked_label_is_not_taken_into_the_label() -> None:
    # GIVEN `CONT` over `NAME`, and the value's `DAVID` boxed on CONT's line before `DAVIS`
    page = PageText(
        1,
        [
            _word("CONT", 0.506, 0.153, 0.026, 0.005),
            _word("DAVID", 0.540, 0.157, 0.035, 0.007),
            _word("NAME", 0.506, 0.160, 0.026, 0.009),
            _word("DAVIS", 0.580, 0.158, 0.033, 0.007),
        ],
    )
    # WHEN the stacked label is looked for
    label = find_stacked(page, "CONTACT NAME:")
    # THEN it is CONT over NAME, and the whole name is the value beside it
    assert label is not None
    assert [w.text for w in label.words] == ["CONT", "NAME"]
    assert _Reader(page).right_of(label)[0] == "DAVID DAVIS"


def test_a_label_read_in_two_pieces_above_its_second_line_is_taken_whole() -> None:
    page = PageText(
        1,
        [
            _word("CON", 0.506, 0.153, 0.016, 0.005),
            _word("TACT", 0.523, 0.153, 0.020, 0.005),
            _word("NAME", 0.506, 0.160, 0.026, 0.005),
            _word("SUSAN", 0.560, 0.157, 0.035, 0.007),
        ],
    )
    label = find_stacked(page, "CONTACT NAME:")
    assert label is not None
    assert [w.text for w in label.words] == ["CON", "TACT", "NAME"]


def test_a_box_over_two_lines_is_not_joined_with_a_word_of_one_line_it_overlaps() -> None:
    # `CONTAG` (CONTACT, one line) and `SUSAN` boxed over two lines overlap, but are two prints
    line = (1, 1, 1)
    contact = _Raw("CONTAG", 92.0, 1290, 480, 100, 25, line)
    value = _Raw("SUSAN", 96.0, 1380, 478, 91, 54, line)
    assert rejoin_split_words([contact, value]) == [contact, value]
    # while two halves of one word, as tall as each other, still join
    halves = [_Raw("Keys", 90.0, 100, 50, 60, 22, line), _Raw("stone", 90.0, 150, 50, 70, 22, line)]
    assert [r.text for r in rejoin_split_words(halves)] == ["Keystone"]


def test_a_word_sized_box_read_as_a_dash_or_bars_is_doubtful_but_a_flat_dash_or_a_rule_is_not() -> None:
    line = (1, 1, 1)
    words = [_Raw("Nguyen", 96.0, 200, 600, 120, 21, line), _Raw("Framing", 96.0, 330, 600, 130, 21, line)]
    label = _Raw("—", 62.0, 73, 540, 114, 21, line)  # INSURED, smudged
    dash = _Raw("—", 90.0, 500, 700, 30, 3, line)  # a printed dash
    letter = _Raw("||", 63.0, 100, 800, 16, 21, line)  # an insurer letter B
    rule = _Raw("|", 80.0, 140, 800, 3, 24, line)  # a table rule's stub
    doubtful = letters_read_as_signs([*words, label, dash, letter, rule])
    assert doubtful == {id(label), id(letter)}


def test_a_letter_spaced_digit_read_in_brackets_is_the_digit_in_its_own_box() -> None:
    # GIVEN `(0)` boxed one digit wide (20 x 28 px): the 0 of a typewriter `300,000`
    assert clean_word("(0)", 933, 21, 28) == ("0", 940, 7)
    # a printed `(1)` is wider than tall and stays as printed
    assert clean_word("(1)", 100, 34, 28) == ("(1)", 100, 34)


def test_a_speck_after_an_amount_does_not_hide_it() -> None:
    # GIVEN DAMAGE TO RENTED PREMISES over `(Ea occurrence)`, `300,000`, then a speck read as `ui`
    page = PageText(
        1,
        [
            _word("DAMAGE", 0.702, 0.395, 0.041, 0.006),
            _word("TO", 0.747, 0.395, 0.013, 0.006),
            _word("RENTED", 0.764, 0.395, 0.039, 0.006),
            _word("PREMISES", 0.703, 0.402, 0.049, 0.006),
            _word("(Ea", 0.756, 0.403, 0.014, 0.006),
            _word("occurrence)", 0.774, 0.403, 0.051, 0.006),
            _word("300,000", 0.915, 0.399, 0.053, 0.007, 0.93),
            _word("ui", 0.939, 0.404, 0.002, 0.002, 0.09),
        ],
    )
    grid = _Grid(0.06, 0.06, 0.3, 0.68, {}, 0.3, 0.5)
    limits = _limits(_Reader(page), grid, (0.39, 0.41), LimitRows(GL_LIMITS), "policies.0")
    assert limits == {"damage_to_rented_premises": 300_000}


@pytest.mark.parametrize("label", ["SURED", "NEURED"])  # its first letters lost, or read as others
def test_the_insured_label_with_its_first_letters_lost_still_anchors_the_insured(label: str) -> None:
    page = PageText(
        1,
        [
            _word("PRODUCER", 0.040, 0.100, 0.06),
            _word("IMA", 0.044, 0.116, 0.022),
            _word(label, 0.040, 0.169, 0.040, 0.014, 0.68),
            _word("Nguyen", 0.085, 0.183, 0.048),
            _word("Framing", 0.142, 0.183, 0.055),
        ],
    )
    r = _Reader(page)
    found = misread_insured(r, (0.0, 0.11, 0.45, 0.3), r.label("PRODUCER"))
    assert found is not None
    assert [w.text for w in found.words] == [label]


@pytest.mark.parametrize(
    ("end", "confidence", "anchored"),
    [("ad", 0.34, True), ("ad", 0.9, False), ("Framing", 0.34, False)],  # a sure word, a long one: values
)
def test_the_insured_label_with_its_end_read_apart_as_a_guess_still_anchors_the_insured(
    end: str, confidence: float, anchored: bool
) -> None:
    # GIVEN a photo's small `INSURED` read `INSUF` and `ad`, at 34
    page = PageText(
        1,
        [
            _word("PRODUCER", 0.035, 0.100, 0.06),
            _word("IMA", 0.044, 0.116, 0.022),
            _word("INSUF", 0.035, 0.231, 0.027, 0.006, 0.83),
            _word(end, 0.065, 0.231, 0.012, 0.006, confidence),
            _word("PIONEER", 0.06, 0.242, 0.071, 0.01),
        ],
    )
    r = _Reader(page)
    found = misread_insured(r, (0.0, 0.11, 0.45, 0.3), r.label("PRODUCER"))
    assert (found is not None and [w.text for w in found.words] == ["INSUF", end]) is anchored


@pytest.mark.parametrize(
    ("start", "confidence", "end", "anchored"),
    [
        ("ae", 0.19, "URED", True),  # `INS` read as a guess at two glyphs, `URED` plainly
        ("ae", 0.9, "URED", False),  # a sure word: print of the block, not a guess
        ("ae", 0.19, "RED", False),  # too little of the label to tell
        ("ae", 0.19, "ROAD", False),
    ],
)
def test_the_insured_label_s_end_after_a_guessed_start_still_anchors_the_insured(
    start: str, confidence: float, end: str, anchored: bool
) -> None:
    page = PageText(
        1,
        [
            _word("PRODUCER", 0.032, 0.107, 0.051),
            _word("IMA", 0.044, 0.116, 0.022),
            _word(start, 0.032, 0.165, 0.014, 0.005, confidence),
            _word(end, 0.047, 0.165, 0.025, 0.005, 0.83),
            _word("Summit", 0.078, 0.177, 0.045, 0.008),
        ],
    )
    r = _Reader(page)
    found = misread_insured(r, (0.0, 0.11, 0.45, 0.3), r.label("PRODUCER"))
    assert (found is not None and [w.text for w in found.words] == [start, end]) is anchored


def test_a_speck_beside_a_label_printed_alone_leaves_it_alone() -> None:
    page = PageText(
        1,
        [_word("INSURED", 0.050, 0.237, 0.040, 0.006, 0.83), _word("-", 0.0905, 0.239, 0.002, 0.006, 0.0)],
    )
    assert _Reader(page).label("INSURED", standalone=True, fuzzy=False) is not None


def test_the_mark_of_non_owned_autos_is_not_taken_for_owned_autos() -> None:
    # GIVEN the auto types as a scan read them: `ALL OWN` over `AUTOS` unmarked, NON-OWNED marked
    page = PageText(
        1,
        [
            _word("ALL", 0.088, 0.517, 0.017, 0.005),
            _word("OWN", 0.109, 0.517, 0.023, 0.006),
            _word("AUTOS", 0.088, 0.524, 0.033, 0.006),
            _word("X", 0.171, 0.515, 0.024, 0.015, 0.87),
            _word("SCHEDULED", 0.200, 0.517, 0.060, 0.006),
            _word("AUTOS", 0.200, 0.524, 0.033, 0.006),
            _word("X", 0.170, 0.530, 0.024, 0.015, 0.86),
            _word("NON-OWNED", 0.201, 0.532, 0.062, 0.006),
            _word("AUTOS", 0.200, 0.540, 0.033, 0.006),
        ],
    )
    r = _Reader(page)
    region = (0.0, 0.5, 0.4, 0.56)
    owned = ("OWNED AUTOS ONLY", "ALL OWNED AUTOS", "OWNED AUTOS")
    assert not r.option_marked(owned, region)
    assert r.option_marked(("NON-OWNED AUTOS",), region)


@pytest.mark.parametrize(("before", "marked"), [("ONLY¥X", True), ("ONLYX", True), ("ONLY", False)])
def test_an_auto_options_mark_read_onto_the_end_of_the_option_before_it_marks_it(
    before: str, marked: bool
) -> None:
    # GIVEN an old drawing's auto rows as a scan read them: SCHEDULED's X glued to OWNED AUTOS ONLY
    page = PageText(
        1,
        [
            _word("OWNED", 0.080, 0.404, 0.038, 0.006),
            _word("AUTOS", 0.122, 0.404, 0.034, 0.006),
            _word(before, 0.159, 0.403, 0.032, 0.009, 0.56),
            _word("SCHEDULED", 0.200, 0.404, 0.061, 0.006),
            _word("AUTOS", 0.264, 0.404, 0.035, 0.006),
        ],
    )
    assert _Reader(page).option_marked(("SCHEDULED AUTOS",), (0.0, 0.38, 0.4, 0.43)) is marked


@pytest.mark.parametrize(("mark_left", "marked"), [(0.178, True), (0.192, False)])
def test_a_mark_an_unsure_stacked_label_was_boxed_over_still_marks_it(mark_left: float, marked: bool) -> None:
    # GIVEN a photo's `SCHEDULED` read at 0.19, its box stretched left over the X before it
    page = PageText(
        1,
        [
            _word("X", mark_left, 0.521, 0.022, 0.014, 0.87),
            _word("SCHEDULED", 0.196, 0.520, 0.066, 0.008, 0.19),
            _word("AUTOS", 0.205, 0.530, 0.031, 0.005),
        ],
    )
    # THEN the X whose centre stands left of the label marks it; one mostly over the label does not
    assert _Reader(page).option_marked(("SCHEDULED AUTOS",), (0.0, 0.5, 0.4, 0.56)) is marked


def test_an_officers_answer_whose_shape_and_text_disagree_is_doubted() -> None:
    # GIVEN the box's `N` read `NW`, its one glyph's shape taken for a Y
    answer = _word("NW", 0.258, 0.628, 0.020, 0.010, 0.34).model_copy(update={"glyph": "Y"})
    page = PageText(
        1,
        [
            _word("Y/N", 0.260, 0.619, 0.020, 0.006),
            _word("ANYPROPRIETOR/PARTNER/EXECUTIVE", 0.062, 0.628, 0.185, 0.006, 0.90),
            answer,
            _word("OFFICER/MEMBER", 0.062, 0.633, 0.081, 0.006),
            _word("EXCLUDED?", 0.145, 0.633, 0.054, 0.006),
        ],
    )
    grid = _Grid(0.035, 0.06, 0.29, 0.68, {}, 0.29, 0.5)
    r = _Reader(page)
    # THEN the shape's answer is kept, and doubted: a person looks at the box
    assert _officers_excluded(r, grid, 0.605, 0.66, "policies.3") is True
    assert r.conf["policies.3.officers_excluded"] < 0.7


@pytest.mark.parametrize(("confidence", "doubted"), [(0.26, True), (0.9, False)])
def test_an_officers_answer_read_from_the_first_glyph_of_unsure_print_is_doubted(
    confidence: float, doubted: bool
) -> None:
    # GIVEN an old drawing's empty officers box (two rules under `Y/N`) read as `Nee` at 0.26
    page = PageText(
        1,
        [
            _word("Y/N", 0.306, 0.518, 0.017, 0.005),
            _word("ANY", 0.072, 0.532, 0.016, 0.005),
            _word("PROPRIETOR/PARTNER/EXECUTIVE", 0.092, 0.531, 0.147, 0.005),
            _word("OFFICER/MEMBER", 0.072, 0.545, 0.075, 0.005),
            _word("EXCLUDED?", 0.151, 0.545, 0.050, 0.005),
            _word("Nee", 0.304, 0.541, 0.022, 0.012, confidence),
        ],
    )
    grid = _Grid(0.035, 0.06, 0.33, 0.68, {}, 0.33, 0.5)
    r = _Reader(page)
    # THEN its first letter is taken as the answer, for a person to confirm when the print was unsure
    assert _officers_excluded(r, grid, 0.50, 0.575, "policies.3") is False
    assert (r.conf.get("policies.3.officers_excluded", 1.0) < 0.7) is doubted


def test_the_officers_answer_is_read_when_its_y_n_label_is_lost_and_excluded_is_glued() -> None:
    # GIVEN `Y / N` read as `iri`, `OFFICER/MEMBER EXCLUDED?` read as one word, the answer `N`
    page = PageText(
        1,
        [
            _word("iri", 0.260, 0.621, 0.020, 0.006, 0.30),
            _word("ANYPROPRIETOR/PARTNER/EXECUTIVE", 0.062, 0.628, 0.185, 0.006, 0.90),
            _word("N", 0.258, 0.628, 0.025, 0.016, 0.79),
            _word("OFFICER/MEMBEREXCLUDED?", 0.062, 0.633, 0.143, 0.010, 0.91),
            _word("N/A", 0.292, 0.633, 0.022, 0.006),
        ],
    )
    grid = _Grid(0.035, 0.06, 0.29, 0.68, {}, 0.29, 0.5)
    assert _officers_excluded(_Reader(page), grid, 0.605, 0.66) is False


def test_addl_and_subr_columns_are_placed_by_their_marks_when_both_headers_are_misread() -> None:
    # GIVEN `ADDL INSD` read as `linsD` and `SUBR WVD` as `WE`: the rows' marks, and the officers
    # box's `N` further left
    page = PageText(
        1,
        [
            _word("linsD", 0.288, 0.364, 0.028, 0.014, 0.57),
            _word("WE", 0.319, 0.373, 0.026, 0.005, 0.54),
            _word("POLICY", 0.405, 0.371, 0.034, 0.006),
            _word("X", 0.290, 0.383, 0.009, 0.008, 0.82),
            _word("x", 0.319, 0.383, 0.009, 0.008, 0.75),
            _word("GL-9478302", 0.350, 0.383, 0.080, 0.009, 0.92),
            _word("Y", 0.290, 0.504, 0.009, 0.008, 0.90),
            _word("N", 0.258, 0.628, 0.025, 0.016, 0.79),
            _word("X", 0.319, 0.671, 0.009, 0.008),
        ],
    )
    columns = mark_columns_without_headers(_Reader(page), (0.2577, 0.3779, 0.696, 0.7168), 0.4047)
    assert columns is not None
    addl, subr = columns
    assert abs(addl - 0.2945) < 0.002
    assert abs(subr - 0.3235) < 0.002


def test_a_month_s_first_digit_boxed_alone_before_the_rest_of_the_date_is_joined_to_it() -> None:
    words = [
        _word("1", 0.584, 0.296, 0.004, 0.007, 0.68),
        _word("1/08/2026", 0.591, 0.295, 0.059, 0.008, 0.95),
        _word("1/08/2027", 0.675, 0.295, 0.058, 0.008, 0.96),
    ]
    merged = _merge_split_dates(words, 0.007)
    assert [w.text for w in merged] == ["11/08/2026", "1/08/2027"]
    assert merged[0].confidence == 0.68


def test_a_date_read_as_five_pieces_with_its_slashes_apart_is_joined() -> None:
    # A photo's `10/09/26` read `10` `/` `09` `/` `26`, each slash boxed alone
    texts = [("10", 0.633, 0.012), ("/", 0.648, 0.003), ("09", 0.654, 0.012), ("/", 0.669, 0.003)]
    words = [_word(text, left, 0.305, width, 0.007, 0.9) for text, left, width in texts]
    words.append(_word("26", 0.675, 0.305, 0.012, 0.007, 0.9))
    assert [w.text for w in _merge_split_dates(words, 0.007)] == ["10/09/26"]


def test_a_date_whose_year_s_last_digits_were_boxed_apart_is_joined_to_them() -> None:
    # A scan's typewriter `09-10-2025` read `09-10-20` `25`: the first piece alone reads as 2020
    words = [
        _word("09-10-20", 0.553, 0.304, 0.055, 0.006, 0.93),
        _word("25", 0.611, 0.305, 0.012, 0.006, 0.95),
        _word("03-11-2026", 0.633, 0.305, 0.074, 0.007, 0.9),
    ]
    merged = _merge_split_dates(words, 0.007)
    assert [w.text for w in merged] == ["09-10-2025", "03-11-2026"]
    # a date printed with a two-digit year keeps it, the next column's date being no year's end
    printed = [words[0], _word("03-11-26", 0.633, 0.305, 0.055, 0.007, 0.9)]
    assert [w.text for w in _merge_split_dates(printed, 0.007)] == ["09-10-20", "03-11-26"]


@pytest.mark.parametrize(
    ("read", "email", "completed"),
    [
        ("vin Lopez", "kevin.lopez@nfp.com", "Kevin Lopez"),  # the first letters lost at the label
        ("Miller", "priya.miller@lockton.com", "Priya Miller"),  # the first name lost
        ("LOPEZ", "DAVID.LOPEZ@IMA.COM", "DAVID LOPEZ"),  # in the name's case
        ("Ja nes Okafor", "james.okafor@hub.com", "James Okafor"),
        ("Kevin Lopez", "kevin.lopez@nfp.com", None),  # read whole
        ("Tom Lopez", "kevin.lopez@nfp.com", None),  # another first name
        ("Christopher Okafor", "chris.okafor@hub.com", None),  # a short form in the address
        ("Ana Garcia", "certificates@hub.com", None),  # a shared mailbox says nothing
        ("Lopez", "kevin.lopez@nfp.com", "Kevin Lopez"),
        ("MES LOPEZ", "JAMESLOPEZ@HUB.COM", "JAMES LOPEZ"),  # the address's stop lost too
        ("AgSUSAN SMITH", "SUSAN.SMITH@HUB.COM", "SUSAN SMITH"),  # the label's end read onto it
        ("AME CHEN", "JAMES.CHEN@HUB.COM", "JAMES CHEN"),  # both its ends lost
        ("Am Chen", "james.chen@hub.com", None),  # too little left to tell
        ("Aelinda Chen", "linda.chen@hub.com", "Linda Chen"),
        ("Rosalinda Chen", "linda.chen@hub.com", None),  # more than a label's end: another name
        ("Kevin Lopez", "kevinlopez@nfp.com", None),
        ("Ann Lopez", "jlopez@nfp.com", None),  # an initial says nothing of the first name
    ],
)
def test_a_contact_s_first_name_cut_at_its_label_is_completed_from_the_e_mail_for_review(
    read: str, email: str, completed: str | None
) -> None:
    producer = c.Producer(name="NFP", contact_name=read, email=email)
    assert contact_as_printed(producer) == (["contact_name"] if completed else [])
    assert producer.contact_name == (completed or read)


@pytest.mark.parametrize(
    ("agency", "name", "email", "spelt", "guessed"),
    [
        # a field's edge clipped the descenders: each print gives the other the glyph it kept
        ("USI", "James Smith", "iames.smith@usi.com", ("James Smith", "james.smith@usi.com"), ["email"]),
        (
            "Marsh",
            "Priva Brown",
            "priya.brown@marsh.com",
            ("Priya Brown", "priya.brown@marsh.com"),
            ["contact_name"],
        ),
        (
            "IMA",
            "Karen Johnson",
            "karen.iohnson@ima.com",
            ("Karen Johnson", "karen.johnson@ima.com"),
            ["email"],
        ),
        (
            "GALLAGHER CONSTRUCTION SERVICES",
            "Linda Garcia",
            "linda.aarcia@aallaaher.com",
            ("Linda Garcia", "linda.garcia@gallagher.com"),
            ["email"],
        ),
        # read alike, or both clipped alike: nothing to go on
        ("Marsh", "Priya Brown", "priya.brown@marsh.com", ("Priya Brown", "priya.brown@marsh.com"), []),
        ("Marsh", "Priva Brown", "priva.brown@marsh.com", ("Priva Brown", "priva.brown@marsh.com"), []),
        ("Hub", "Dan Ortiz", "dan.ortiz@hub.com", ("Dan Ortiz", "dan.ortiz@hub.com"), []),
        # a first name read whole but spelt otherwise in the e-mail: either may be misread
        (
            "Hub",
            "David Brown",
            "gavid.brown@hub.com",
            ("Gavid Brown", "gavid.brown@hub.com"),
            ["contact_name", "email"],
        ),
        (
            "USI",
            "IAMES SMITH",
            "james.smith@usi.com",
            ("JAMES SMITH", "james.smith@usi.com"),
            ["contact_name"],
        ),
    ],
)
def test_a_contact_s_clipped_descenders_are_given_back_from_the_e_mail_and_back_again(
    agency: str, name: str, email: str, spelt: tuple[str, str], guessed: list[str]
) -> None:
    producer = c.Producer(name=agency, contact_name=name, email=email)
    assert contact_as_printed(producer) == guessed
    assert (producer.contact_name, producer.email) == spelt


@pytest.mark.parametrize(
    ("email", "printed"),
    [
        ("robert.garciagallagher.com", "robert.garcia@gallagher.com"),
        ("rgarciagallagher.com", "rgarcia@gallagher.com"),
        ("ROBERT.GARCIAGALLAGHER.COM", "ROBERT.GARCIA@GALLAGHER.COM"),
    ],
)
def test_an_e_mail_that_lost_its_at_sign_after_the_contact_s_names_has_it_back(
    email: str, printed: str
) -> None:
    producer = c.Producer(name="Gallagher", contact_name="Robert Garcia", email=email)
    assert contact_as_printed(producer) == ["email"]  # a guess for a person to see
    assert producer.email == printed


@pytest.mark.parametrize(
    ("bracket_bottom", "doubted"),
    [
        (0.1835, ["phone"]),  # the brackets end level with the digits: the field's edge cut them
        (0.1855, []),  # the brackets reach below the digits' baseline: nothing was cut
    ],
)
def test_a_phone_whose_brackets_end_level_with_its_digits_is_doubted(
    bracket_bottom: float, doubted: list[str]
) -> None:
    # GIVEN `(347) 527-1812` printed low in the official form's phone field
    words = [
        _word("(247)", 0.574, 0.175, 0.028, bracket_bottom - 0.175),
        _word("597-1219", 0.607, 0.1755, 0.055, 0.0078),
    ]
    assert phone_cut_at_baseline(words) == doubted
    assert phone_cut_at_baseline(words[1:]) == []  # no brackets to tell by


@pytest.mark.parametrize(
    ("first", "tail_bottom", "doubted"),
    [
        ("Priva", 0.166, ["contact_name", "email"]),  # Lopez's `p` cut level with the baseline
        ("Priva", 0.169, []),  # its tail below it: nothing was cut, the `v` is a `v`
        ("Linda", 0.166, []),  # cut, but no `v` that could be a `y`
    ],
)
def test_a_v_in_a_contact_printed_in_a_field_cut_at_its_baseline_is_doubted(
    first: str, tail_bottom: float, doubted: list[str]
) -> None:
    # GIVEN the official form's contact field, its edge cutting the print at the baseline
    words = [
        _word(first, 0.542, 0.153, 0.027, 0.013),
        _word("Lopez", 0.574, 0.158, 0.035, tail_bottom - 0.158),
    ]
    producer = c.Producer(
        name="Acrisure", contact_name=f"{first} Lopez", email=f"{first.lower()}.lopez@acrisure.com"
    )
    assert cut_at_baseline(producer, words) == doubted


@pytest.mark.parametrize(
    ("email", "printed", "guessed"),
    [
        ("david.miller@Sere@alliant.com", "david.miller@alliant.com", ["email"]),
        ("david.miller@@alliant.com", "david.miller@alliant.com", []),  # one sign read twice
        ("david.miller@alliant@", "david.miller@alliant@", []),  # no domain after the last sign
        ("l.dave.miller@alliant.com", "dave.miller@alliant.com", ["email"]),  # print before the names
        ("rer)DAVE.MILLER@ALLIANT.COM", "DAVE.MILLER@ALLIANT.COM", ["email"]),
        ("certs.dave.miller@alliant.com", "certs.dave.miller@alliant.com", []),  # more than a speck's print
        ("dave.miller@alliant.comant", "dave.miller@alliant.com", []),  # the domain's end read again
        ("dave.miller@alliant.company", "dave.miller@alliant.company", []),
    ],
)
def test_print_read_between_an_e_mail_s_sign_and_a_second_sign_is_dropped_for_a_person_to_confirm(
    email: str, printed: str, guessed: list[str]
) -> None:
    producer = c.Producer(name="Alliant", contact_name="Dave Miller", email=email)
    assert contact_as_printed(producer) == guessed
    assert producer.email == printed


@pytest.mark.parametrize(
    ("read", "printed", "guessed"),
    [
        ("572 255 7442", "572.255.7442", ["phone"]),  # its stops lost, read as blanks
        ("350.6545697", "350.654.5697", ["phone"]),  # one stop lost
        ("862.453.1 972", "862.453.1972", ["phone"]),  # a blank seen inside a group
        ("862.453.1972", "862.453.1972", []),
        ("862-453-1972", "862-453-1972", []),
        ("8624531972", "8624531972", []),  # printed so by some agencies
        ("572 255 744", "572 255 744", []),  # a digit lost: not a number to guess at
    ],
)
def test_a_dotted_phone_with_a_stop_lost_is_dotted_again_for_a_person_to_confirm(
    read: str, printed: str, guessed: list[str]
) -> None:
    producer = c.Producer(name="Hub", phone=read)
    assert contact_as_printed(producer) == guessed
    assert producer.phone == printed


def test_an_e_mail_not_spelling_the_contact_is_left_without_an_at_sign() -> None:
    producer = c.Producer(name="Gallagher", contact_name="Robert Garcia", email="certificatesgallagher.com")
    assert contact_as_printed(producer) == []
    assert producer.email == "certificatesgallagher.com"


def test_the_n_of_a_lost_y_n_label_over_a_blank_officers_box_is_no_answer() -> None:
    # GIVEN a photo's blank box whose `Y / N` came out as its `N` alone, over the question's first line
    question = [
        _word("ANY", 0.073, 0.636, 0.016, 0.005),
        _word("PROPRIETOR", 0.095, 0.634, 0.055, 0.010, 0.83),
        _word("R/PARTNER/EXECUTIVE", 0.146, 0.636, 0.107, 0.005, 0.75),
        _word("OFFICER/MEMBER", 0.073, 0.643, 0.081, 0.005, 0.91),
        _word("EXCLUDED?", 0.160, 0.643, 0.051, 0.005),
    ]
    label_n = _word("N", 0.282, 0.630, 0.004, 0.004, 0.92)
    grid = _Grid(0.035, 0.067, 0.293, 0.68, {}, 0.293, 0.5)
    assert _officers_excluded(_Reader(PageText(1, [*question, label_n])), grid, 0.615, 0.674) is None
    # while an answer in the box, level with the question, is read
    answer = _word("N", 0.272, 0.637, 0.007, 0.008, 0.9)
    assert _officers_excluded(_Reader(PageText(1, [*question, label_n, answer])), grid, 0.615, 0.674) is False


def test_the_in_of_mandatory_in_nh_beside_a_blank_officers_box_is_no_answer() -> None:
    # GIVEN a photo's blank box, its `Y / N` read as `vin`, a smudge in it as `mat`, and the label's
    # `(Mandatory in NH)` read with its `in` apart: a small `n` after a letter like the box's edge
    words = [
        _word("vin", 0.3043, 0.535, 0.0177, 0.0048, 0.84),
        _word("ANY", 0.0596, 0.5489, 0.0169, 0.0048, 0.93),
        _word("N/A", 0.3369, 0.5489, 0.0164, 0.0044, 0.96),
        _word("OFFICER/MEMBER", 0.0596, 0.5625, 0.0745, 0.0054, 0.92),
        _word("EXCLUDED?", 0.1376, 0.5625, 0.0491, 0.0054, 0.7),
        _word("(Mandatory", 0.2071, 0.5625, 0.0427, 0.0057, 0.45),
        _word("in", 0.2478, 0.5638, 0.0055, 0.0031, 0.45),
        _word("NH)", 0.2561, 0.5625, 0.0133, 0.0054, 0.96),
        _word("mat", 0.3016, 0.5584, 0.0231, 0.0123, 0.38),
    ]
    grid = _Grid(0.034, 0.0596, 0.335, 0.68, {}, 0.335, 0.5)
    assert _officers_excluded(_Reader(PageText(1, words)), grid, 0.53, 0.575) is None


def test_the_n_of_the_n_a_beside_a_blank_officers_box_is_no_answer() -> None:
    # GIVEN a blank box under `Y / N`, and the ADDL column's `N / A` beside it read as `N` `IA`
    page = PageText(
        1,
        [
            _word("YIN", 0.317, 0.515, 0.018, 0.005, 0.91),
            _word("ANY", 0.058, 0.529, 0.02, 0.005, 0.93),
            _word("N", 0.325, 0.526, 0.010, 0.008, 0.42),
            _word("IA", 0.351, 0.526, 0.016, 0.008, 0.42),
        ],
    )
    grid = _Grid(0.04, 0.051, 0.345, 0.68, {}, 0.345, 0.5)
    assert _officers_excluded(_Reader(page), grid, 0.5, 0.55) is None
    for rest in ("TA", "FA"):  # its slash read as a T or an F
        misread = PageText(1, [*page.words[:3], _word(rest, 0.351, 0.526, 0.016, 0.008, 0.42)])
        assert _officers_excluded(_Reader(misread), grid, 0.5, 0.55) is None
    # while an answer with the whole `N/A` beside it is read
    page = PageText(1, [*page.words[:3], _word("N/A", 0.351, 0.526, 0.022, 0.008)])
    assert _officers_excluded(_Reader(page), grid, 0.5, 0.55) is False

    # AND the `N/A` split after its slash (`N/` `A`, the slash read as `I` or `S`: `NI` `A`) is no answer
    for half in ("N/", "NI", "NS"):
        split = [
            *page.words[:2],
            _word(half, 0.325, 0.526, 0.012, 0.008),
            _word("A", 0.351, 0.526, 0.008, 0.008),
        ]
        assert _officers_excluded(_Reader(PageText(1, split)), grid, 0.5, 0.55) is None
    # nor the blank box's rule and the `N / A` read as one word, its slash as a T, an F or a Y
    for text in ("NTA", "NFA", "NYA"):
        glued = [*page.words[:2], _word(text, 0.318, 0.526, 0.0525, 0.008, 0.46)]
        assert _officers_excluded(_Reader(PageText(1, glued)), grid, 0.5, 0.55) is None
    # nor its `N` read apart from `/A` a space and a half further on (the old drawing spaces `N / A`)
    labels = [
        _word(t, 0.06 + 0.05 * i, 0.54, 0.04, 0.005) for i, t in enumerate(("OFFICER", "EXCLUDED?", "NH"))
    ]
    spaced = [
        *page.words[:2],
        *labels,
        _word("N", 0.3071, 0.526, 0.0094, 0.008),
        _word("/A", 0.3329, 0.526, 0.0161, 0.008),
    ]
    assert _officers_excluded(_Reader(PageText(1, spaced)), grid, 0.5, 0.55) is None


def test_a_y_and_an_n_side_by_side_are_the_officers_box_label_not_its_answer() -> None:
    # GIVEN a retyped photo's blank officers box: its `Y / N` read `Y` `N` (the slash lost), and the
    # ADDL column's `N / A` beside it read as three words, `N` `/` `A`
    question = [
        _word(t, 0.073 + 0.05 * i, 0.648, 0.04, 0.005) for i, t in enumerate(("OFFICER", "EXCLUDED?"))
    ]
    label = [_word("Y", 0.262, 0.636, 0.004, 0.004), _word("N", 0.28, 0.636, 0.004, 0.004)]
    spaced = [_word(t, left, 0.647, 0.004, 0.004) for t, left in (("N", 0.293), ("/", 0.304), ("A", 0.311))]
    grid = _Grid(0.04, 0.069, 0.29, 0.68, {}, 0.29, 0.5)
    page = PageText(1, [*question, *label, *spaced])
    # THEN the box is read unanswered
    assert _officers_excluded(_Reader(page), grid, 0.62, 0.68) is None
    # while an `N` alone in it is the answer
    page = PageText(1, [*question, *label, _word("N", 0.268, 0.647, 0.004, 0.004)])
    assert _officers_excluded(_Reader(page), grid, 0.62, 0.68) is False


def test_the_words_before_a_stacked_label_s_first_letter_are_not_its_misread_first_line() -> None:
    # As OCR read a photo: `ALL OWNED` `SCHEDULED` on one line, `AUTOS` (ALL OWNED's second line)
    # below ALL, and SCHEDULED's own `AUTOS` lost. `ALL OWNED SCHEDULED` ends in the phrase's first
    # line but is another label: no `SCHEDULED AUTOS` starts at ALL.
    page = PageText(
        1,
        [
            _word("ALL", 0.089, 0.518, 0.017, 0.006),
            _word("OWNED", 0.109, 0.517, 0.037, 0.006),
            _word("SCHEDULED", 0.201, 0.518, 0.060, 0.006),
            _word("AUTOS", 0.089, 0.523, 0.035, 0.012),
        ],
    )
    label = find_stacked(page, "SCHEDULED AUTOS")
    assert label is None or label.words[0].text == "SCHEDULED"


def test_the_n_of_a_y_n_label_that_lost_its_y_is_no_answer() -> None:
    # GIVEN a scan's blank officers box: `Y / N` above it read `-` `N`, a line above the ADDL
    # column's printed `N/A` that the box stands level with
    question = [
        _word(t, 0.062 + 0.087 * i, 0.635, 0.08, 0.006) for i, t in enumerate(("OFFICER/MEMBER", "EXCLUDED?"))
    ]
    label = [_word("-", 0.259, 0.621, 0.005, 0.006), _word("N", 0.275, 0.621, 0.006, 0.007)]
    printed_na = _word("N/A", 0.292, 0.633, 0.02, 0.006)
    grid = _Grid(0.04, 0.06, 0.291, 0.68, {}, 0.291, 0.5)
    # THEN the box is read unanswered
    assert (
        _officers_excluded(_Reader(PageText(1, [*question, *label, printed_na])), grid, 0.606, 0.668) is None
    )
    # while an `N` level with the `N/A` is the answer
    answer = _word("N", 0.272, 0.632, 0.006, 0.007)
    page = PageText(1, [*question, *label, printed_na, answer])
    assert _officers_excluded(_Reader(page), grid, 0.606, 0.668) is False


@pytest.mark.parametrize(
    ("read", "glyph", "answer"), [("ny", "Y", True), ("ny", "N", False), ("ne", "Y", True)]
)
def test_an_officers_answer_read_as_two_letters_is_told_by_its_shape(
    read: str, glyph: str, answer: bool
) -> None:
    # GIVEN a photo's officers box under `Y/N` read `ny` (or a scan's serif Y read `ne`), its one
    # glyph's shape a Y (or an N)
    label = _word("Y/N", 0.304, 0.51, 0.018, 0.005)
    mark = _word(read, 0.301, 0.523, 0.01, 0.007, 0.4).model_copy(update={"glyph": glyph})
    grid = _Grid(0.04, 0.054, 0.377, 0.68, {}, 0.377, 0.5)
    # THEN the shape answers
    assert _officers_excluded(_Reader(PageText(1, [label, mark])), grid, 0.495, 0.544) is answer


@pytest.mark.parametrize(
    ("email_height", "doubted"),
    [
        (0.008, ["contact_name", "email"]),  # its `p` boxed no taller than the name's capitals: cut
        (0.0105, []),  # its `p` and `y` reaching below: nothing was cut
    ],
)
def test_an_e_mail_cut_at_its_baseline_shows_a_contact_with_no_descender_was_cut_too(
    email_height: float, doubted: list[str]
) -> None:
    # GIVEN `Priya Walsh` read `Priva Walsh`: no other descender on its line shows the cut
    words = [_word("Priva", 0.540, 0.157, 0.029, 0.008), _word("Walsh", 0.573, 0.158, 0.036, 0.008)]
    email = [_word("priva.walsh@nfp.com", 0.559, 0.188, 0.110, email_height)]
    producer = c.Producer(name="NFP", contact_name="Priva Walsh", email="priva.walsh@nfp.com")
    assert cut_at_baseline(producer, words) == []
    assert cut_at_baseline(producer, words, email) == doubted


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("priya Davis", "Priya Davis"),  # the P boxed no taller than the small letters beside it
        ("Priya Davis", "Priya Davis"),
        ("priya davis", "priya davis"),  # printed in small letters throughout
        ("de la Cruz", "de la Cruz"),  # a particle
        ("maria del Rio", "maria del Rio"),
    ],
)
def test_a_first_name_read_with_a_small_first_letter_before_a_capitalised_surname_has_its_capital(
    read: str, printed: str
) -> None:
    producer = c.Producer(name="Brown & Brown", contact_name=read)
    assert contact_as_printed(producer) == []
    assert producer.contact_name == printed


def test_the_y_of_a_y_n_label_whose_slash_was_read_as_a_letter_is_no_answer() -> None:
    # GIVEN a retyped scan's officers box: its `Y / N` read `Y` `ZN`, the question's first line
    # glued (`PROPRIETOR/PARTNER/EXECUTIVE`), and the box with its `N` read as one `X`
    words = [
        _word("ANY", 0.066, 0.622, 0.017, 0.005),
        _word("PROPRIETOR/PARTNER/EXECUTIVE", 0.089, 0.622, 0.162, 0.005),
        _word("OFFICER/MEMBER", 0.067, 0.630, 0.083, 0.005),
        _word("EXCLUDED?", 0.156, 0.630, 0.053, 0.005),
        _word("Y", 0.263, 0.617, 0.004, 0.004, 0.89),
        _word("ZN", 0.273, 0.616, 0.013, 0.004, 0.39),
        _word("X", 0.261, 0.621, 0.025, 0.017, 0.76),
    ]
    grid = _Grid(0.04, 0.065, 0.291, 0.68, {}, 0.291, 0.5)
    # THEN the label's `Y` is not taken for a yes: the box is read unanswered (and listed)
    assert _officers_excluded(_Reader(PageText(1, words)), grid, 0.601, 0.66) is None
    # while a `Y` in the box under the label is the answer
    answer = _word("Y", 0.270, 0.630, 0.006, 0.008, 0.9)
    assert _officers_excluded(_Reader(PageText(1, [*words[:6], answer])), grid, 0.601, 0.66) is True
