"""OCR readings of the umbrella's `[ ] DED [ ] RETENTION $` row: which box is marked when a label is
lost or a box stands taller than its label's line, and the amount set high in its cell."""

from __future__ import annotations

import pytest

from services.intake.extraction.acord25.block_options import COVERAGE_BY_DEFAULT
from services.intake.extraction.acord25.document import map_document
from services.intake.extraction.acord25.limits import (
    LimitRows,
    _completed_label,
    _joined_amount,
    _limit_key,
    _limits,
    _spelt_label,
)
from services.intake.extraction.acord25.reader import AUTO_LIMITS, GL_LIMITS, _Grid, _Reader
from services.intake.extraction.acord25.retention import _retention
from services.intake.extraction.acord25.vocabulary import limit_label_vocabulary
from services.intake.extraction.api import extract_document
from services.intake.extraction.calibrate import _MIN_ENGINE_SCORE
from services.intake.extraction.ir import Box, Word
from services.intake.extraction.review_paths import REVIEW_THRESHOLD
from services.intake.extraction.textgeom import PageText
from shared.contracts import certificate as c
from tests.fixtures.certgen.families import generate_family

_UMBRELLA_EXTENT = (0.562, 0.606)
_GRID = _Grid(0.055, 0.058, 0.284, 0.42, {}, 0.289, 0.5)


def _word(
    text: str, left: float, top: float, width: float = 0.025, height: float = 0.0065, confidence: float = 0.95
) -> Word:
    return Word(
        text=text,
        page=1,
        box=Box(left=left, top=top, width=width, height=height),
        confidence=confidence,
        source="ocr",
    )


def _umbrella(*row: Word) -> PageText:
    """The umbrella block as OCR reads it: EXCESS LIAB marked (its box boxed as a tall `X`), then
    the DED / RETENTION row given, then the next block's first line."""
    return PageText(
        1,
        [
            _word("X", 0.059, 0.576, 0.023, 0.015),
            _word("EXCESS", 0.089, 0.580, 0.038),
            _word("LIAB", 0.130, 0.580, 0.022),
            _word("CLAIMS-MADE", 0.218, 0.583, 0.067),
            *row,
            _word("WORKERS", 0.062, 0.609, 0.049),
            _word("COMPENSATION", 0.114, 0.609, 0.079),
        ],
    )


def _read(page: PageText) -> tuple[dict[str, int], dict[str, float]]:
    r = _Reader(page)
    policy = c.Policy(coverage="excess")
    _retention(r, _GRID, policy, _UMBRELLA_EXTENT, "policies.2")
    return policy.limits, r.conf


def test_a_mark_opening_the_row_is_the_deductible_when_ocr_lost_the_word_ded() -> None:
    # GIVEN `[X] DED [ ] RETENTION $ 25,000` with DED and the dollar sign lost, the amount set high
    page = _umbrella(
        _word("X", 0.059, 0.591, 0.023, 0.015),
        _word("25,000", 0.215, 0.595, 0.039, 0.009),
        _word("RETENTION", 0.148, 0.598, 0.063, confidence=0.5),
    )
    limits, _ = _read(page)
    assert limits == {"deductible": 25_000}


@pytest.mark.parametrize(("ded_confidence", "deductible"), [(0.32, True), (0.9, False)])
def test_a_mark_an_unsure_ded_label_was_boxed_over_is_the_deductible(
    ded_confidence: float, deductible: bool
) -> None:
    # GIVEN `[X] DED [ ] RETENTION $ 10,000` with `DED.` read at 0.32, its box stretched left over
    # the cell's rule and the right half of the X
    page = _umbrella(
        _word("X", 0.059, 0.591, 0.023, 0.015),
        _word("DED.", 0.070, 0.599, 0.038, 0.008, confidence=ded_confidence),
        _word("RETENTION", 0.147, 0.599, 0.055, 0.006, confidence=0.88),
        _word("10,000", 0.218, 0.595, 0.034, 0.008),
    )
    limits, _ = _read(page)
    # THEN the amount is the deductible; a label read surely is boxed over no mark
    assert ("deductible" in limits) is deductible


def test_a_mark_right_before_retention_is_the_retention_when_ded_is_misread() -> None:
    # GIVEN `DED` read as `veo` and the RETENTION box marked, just left of its label
    page = _umbrella(
        _word("veo", 0.089, 0.598, 0.020),
        _word("X", 0.121, 0.591, 0.023, 0.015),
        _word("RETENTION", 0.148, 0.598, 0.056),
        _word("$", 0.206, 0.598, 0.004),
        _word("10,000", 0.215, 0.595, 0.039, 0.009),
    )
    limits, _ = _read(page)
    assert limits == {"retention": 10_000}


def test_a_box_standing_taller_than_its_label_line_marks_its_option_and_a_raised_zero_is_read() -> None:
    # GIVEN the retyped form: `DED` read, the RETENTION box's tick boxed as an `X` whose middle is
    # above the label's, and the amount `0` typed high in its cell, above the `$`
    page = _umbrella(
        _word("DED", 0.085, 0.599, 0.033, 0.007),
        _word("X", 0.119, 0.590, 0.023, 0.015),
        _word("0", 0.216, 0.595, 0.006, 0.006),
        _word("$", 0.207, 0.599, 0.004, 0.006),
        _word("RETENTION", 0.149, 0.600, 0.051, 0.004),
    )
    limits, conf = _read(page)
    assert limits == {"retention": 0}
    assert conf["policies.2.limits.retention"] >= REVIEW_THRESHOLD


@pytest.mark.parametrize(
    ("sign", "amount", "expected"),
    [
        ("1g", "0-00", 0),  # the `$` read as junk, the cents' stop as a hyphen
        ("1g", "10,000", 10_000),
        ("2", "5,000", 25_000),  # a digit split off the amount is no sign: `25,000` in pieces
    ],
)
def test_an_amount_after_a_sign_read_as_junk_is_read_and_listed(
    sign: str, amount: str, expected: int
) -> None:
    page = _umbrella(
        _word("DED", 0.089, 0.599, 0.020),
        _word("X", 0.118, 0.591, 0.024, 0.015),
        _word("RETENTION", 0.148, 0.599, 0.055, confidence=0.45),
        _word(sign, 0.201, 0.596, 0.010, 0.009, confidence=0.45),
        _word(amount, 0.215, 0.595, 0.022, 0.006, confidence=0.94),
    )
    limits, conf = _read(page)
    assert limits.get("retention") == expected
    assert conf["policies.2.limits.retention"] < REVIEW_THRESHOLD


def test_a_dollar_sign_glued_to_the_label_and_a_zero_read_as_a_letter_o() -> None:
    page = _umbrella(
        _word("X", 0.119, 0.592, 0.024, 0.015),
        _word("O", 0.218, 0.595, 0.008, 0.009),
        _word("RETENTION$", 0.149, 0.599, 0.056),
        _word("DED", 0.091, 0.600, 0.019),
    )
    limits, _ = _read(page)
    assert limits == {"retention": 0}


def test_a_lone_digit_in_the_retention_cell_is_its_zero_and_listed_for_review() -> None:
    # GIVEN a typewriter 0 read as `9`: a retention is $0 or thousands, never $9
    page = _umbrella(
        _word("X", 0.121, 0.591, 0.023, 0.014),
        _word("9", 0.218, 0.595, 0.005, 0.006),
        _word("DED", 0.093, 0.599, 0.017, 0.004),
        _word("$", 0.209, 0.599, 0.003, 0.005),
        _word("RETENTION", 0.151, 0.600, 0.050, 0.004),
    )
    limits, conf = _read(page)
    assert limits == {"retention": 0}
    assert conf["policies.2.limits.retention"] < REVIEW_THRESHOLD


def test_an_amount_with_neither_box_on_the_row_marked_is_the_retention_listed_for_review() -> None:
    # GIVEN only the EXCESS LIAB box of the row above marked, and an amount printed after RETENTION $
    page = _umbrella(
        _word("DED", 0.089, 0.598, 0.020),
        _word("RETENTION", 0.148, 0.598, 0.056),
        _word("$", 0.206, 0.598, 0.004),
        _word("10,000", 0.215, 0.598, 0.039),
    )
    limits, conf = _read(page)
    # THEN the amount is kept under the label it is printed after, for a person to check the box,
    # under the score at which calibration would vouch for a customary amount
    assert limits == {"retention": 10_000}
    assert conf["policies.2.limits.retention"] < _MIN_ENGINE_SCORE


def test_a_drawn_x_read_as_a_sign_opening_the_row_marks_the_deductible() -> None:
    # GIVEN `[X] DED [ ] RETENTION $10,000` with the vector X read as `>`, a glyph by its ink
    tick = _word(">", 0.0627, 0.5931, 0.0141, 0.0110, confidence=0.38).model_copy(update={"glyph": "X"})
    page = _umbrella(
        tick,
        _word("DED", 0.0882, 0.5986, 0.0196, 0.0058),
        _word("RETENTION", 0.1471, 0.5986, 0.0557, 0.0061),
        _word("$10,000", 0.2161, 0.5952, 0.0412, 0.0080),
    )
    limits, _ = _read(page)
    assert limits == {"deductible": 10_000}


def test_a_zero_retention_read_with_a_speck_beside_it_is_zero() -> None:
    page = _umbrella(
        _word("X", 0.059, 0.598, 0.020),
        _word("DED", 0.089, 0.598, 0.020),
        _word("RETENTION", 0.148, 0.598, 0.056),
        _word("$", 0.206, 0.598, 0.004),
        _word("Q)", 0.215, 0.598, 0.010),
    )
    limits, _ = _read(page)
    assert list(limits.values()) == [0]


def _other_row_limits(*words: Word) -> tuple[dict[str, int], dict[str, float]]:
    """An `other` row's limits cell under workers' comp, its labels free, as the mapper reads them."""
    grid = _Grid(0.055, 0.058, 0.284, 0.675, {}, 0.289, 0.5)
    r = _Reader(PageText(1, list(words)))
    return _limits(r, grid, (0.660, 0.700), LimitRows(()), "policies[4]"), r.conf


@pytest.mark.parametrize(("number_left", "read"), [(0.902, 1_000_000), (0.906, 41_000_000)])
def test_a_glyph_read_in_two_pieces_of_an_amount_lying_over_each_other_is_read_once(
    number_left: float, read: int
) -> None:
    # GIVEN a photo's `$1,000,000` read `$4` (its 1 as a 4) and `1,000,000`, the boxes over each other
    limits, conf = _other_row_limits(
        _word("Each", 0.678, 0.669, 0.030),
        _word("Claim", 0.712, 0.669, 0.040),
        _word("$4", 0.894, 0.668, 0.011, 0.009),
        _word("1,000,000", number_left, 0.668, 0.057, 0.009),
    )
    # THEN the glyph shared is read once, and the amount listed; pieces apart are joined as read
    assert limits == {"each_claim": read}
    if read == 1_000_000:
        assert conf["policies[4].limits.each_claim"] < REVIEW_THRESHOLD


@pytest.mark.parametrize(("read", "listed"), [("50.000", True), ("1.000.000", True), ("50,000", False)])
def test_an_amount_with_a_stop_for_its_thousands_comma_is_listed(read: str, listed: bool) -> None:
    # `250,000` read `50.000`: the comma read as a stop, the 2 before it lost
    limits, conf = _other_row_limits(
        _word("Deductible", 0.677, 0.684, 0.073),
        _word("$", 0.860, 0.684, 0.005),
        _word(read, 0.905, 0.684, 0.036),
    )
    assert "deductible" in limits
    assert (conf["policies[4].limits.deductible"] < REVIEW_THRESHOLD) is listed


def test_a_free_limit_label_cut_short_by_ocr_is_completed_and_listed_for_review() -> None:
    # A Contractors Equipment row under workers' comp: `Scheduled Equipment` with its t read as `:`.
    limits, conf = _other_row_limits(
        _word("Scheduled", 0.678, 0.669, 0.067),
        _word("Equipmen:", 0.750, 0.669, 0.068),
        _word("$5,000,000", 0.866, 0.668, 0.070),
        _word("Deductible", 0.677, 0.684, 0.073),
        _word("$5,000", 0.893, 0.684, 0.043),
    )
    assert limits == {"scheduled_equipment": 5_000_000, "deductible": 5_000}
    assert conf["policies[4].limits.scheduled_equipment"] < REVIEW_THRESHOLD
    assert conf["policies[4].limits.deductible"] >= REVIEW_THRESHOLD


def test_a_free_limit_label_word_outside_the_label_words_is_spelt_and_listed_for_review() -> None:
    # A Crime row: `Each Condition` with its E read as F; the amount's `$` read as S after `Deductible`.
    limits, conf = _other_row_limits(
        _word("Fach", 0.678, 0.669, 0.030),
        _word("Condition", 0.712, 0.669, 0.060),
        _word("$1,000,000", 0.866, 0.668, 0.070),
        _word("Deductible", 0.677, 0.684, 0.073),
        _word("S", 0.760, 0.684, 0.008),
        _word("$25,000", 0.893, 0.684, 0.043),
    )
    assert limits == {"each_condition": 1_000_000, "deductible": 25_000}
    assert conf["policies[4].limits.each_condition"] < REVIEW_THRESHOLD
    assert conf["policies[4].limits.deductible"] >= REVIEW_THRESHOLD


@pytest.mark.parametrize("rule", ["I$", "I", "|"])
def test_a_cell_rule_read_as_a_letter_after_a_free_limit_label_is_not_part_of_it(rule: str) -> None:
    # A Crime row: `Employee Theft`, the rule before its `$` read as an I glued to the sign
    limits, _ = _other_row_limits(
        _word("Employee", 0.678, 0.669, 0.055),
        _word("Theft", 0.738, 0.669, 0.030),
        _word(rule, 0.850, 0.669, 0.008),
        _word("100,000", 0.876, 0.668, 0.050),
    )
    assert limits == {"employee_theft": 100_000}


@pytest.mark.parametrize("read", ["Pro})", "Proy)"])
def test_a_free_limit_label_word_whose_last_letter_was_read_as_brackets_is_spelt(read: str) -> None:
    # `Business Personal Prop` with the p's descender read as `})`, or the p as a y
    limits, conf = _other_row_limits(
        _word("Business", 0.672, 0.669, 0.049),
        _word("Personal", 0.729, 0.669, 0.049),
        _word(read, 0.786, 0.669, 0.025),
        _word("250,000", 0.876, 0.668, 0.050),
    )
    assert limits == {"business_personal_prop": 250_000}
    assert conf["policies[4].limits.business_personal_prop"] < REVIEW_THRESHOLD


@pytest.mark.parametrize(("last", "doubted"), [("Proj)", True), ("Prop", False)])
def test_a_free_limit_label_with_a_word_no_label_prints_puts_the_whole_map_in_doubt(
    last: str, doubted: bool
) -> None:
    # `Business Personal Prop` with its p read as j: the limit may be printed under another name,
    # so the truth's key is missing as well as the read one wrong; the map is listed for a person.
    label = [
        _word(text, 0.672 + 0.057 * i, 0.669, 0.049) for i, text in enumerate(("Business", "Personal", last))
    ]
    _, conf = _other_row_limits(*label, _word("2,000,000", 0.876, 0.668, 0.050))
    assert (conf.get("policies[4].limits", 1.0) < REVIEW_THRESHOLD) is doubted


@pytest.mark.parametrize(
    ("first", "last", "key"),
    [
        ("Scheduled", "Equipmeni:", "scheduled_equipment"),
        ("Leased/Rented", "Equig)", "leased_rented_equip"),
        ("Rach", "Claim", "each_claim"),  # a capital smudged into another
        ("Personal", "Props", "personal_prop"),  # a speck after it read as an s
    ],
)
def test_a_free_limit_label_word_with_a_speck_or_a_descender_misread_is_spelt(
    first: str, last: str, key: str
) -> None:
    # a t read as i with a speck after it read as a colon; a p read as g with the rule as a bracket
    limits, conf = _other_row_limits(
        _word(first, 0.672, 0.669, 0.07),
        _word(last, 0.772, 0.669, 0.05),
        _word("2,000,000", 0.876, 0.668, 0.050),
    )
    assert limits == {key: 2_000_000}
    assert conf[f"policies[4].limits.{key}"] < REVIEW_THRESHOLD


def test_a_free_limit_label_that_starts_two_known_words_is_left_as_printed() -> None:
    assert _completed_label("Each Cond") == ("Each Cond", False)  # too short to say
    assert _completed_label("Per Occurrence") == ("Per Occurrence", False)
    assert _completed_label("Aggrega") == ("Aggregate", True)
    assert _completed_label("Business Personal Pro") == ("Business Personal Prop", True)  # its p lost
    assert _completed_label("Business Income Ext") == ("Business Income Ext", False)  # no word a letter on


def test_a_free_limit_label_word_misread_glyph_by_glyph_is_spelt_as_the_known_word() -> None:
    assert _spelt_label("Aaareaate") == ("Aggregate", True)  # each g read as a
    assert _spelt_label("Aqaregate") == ("Aggregate", True)  # or as a q
    assert _spelt_label("aaareaqate") == ("aggregate", True)  # one g even read as two glyphs, `aq`
    assert _spelt_label("Occurrences") == ("Occurrences", False)  # a letter more is no lookalike
    assert _spelt_label("Each Claim") == ("Each Claim", False)
    assert limit_label_vocabulary("Each Claims") == ("Each Claims", False)  # a plural labels print
    assert limit_label_vocabulary("Personal Props") == ("Personal Prop", True)  # a speck read as an s
    assert _spelt_label("Aggregate") == ("Aggregate", False)
    assert _spelt_label("Abcdefghi") == ("Abcdefghi", False)  # no known word within a few lookalikes


def _general_liability_limits(*rows: Word) -> tuple[dict[str, int], dict[str, float]]:
    grid = _Grid(0.055, 0.058, 0.284, 0.70, {}, 0.289, 0.5)
    r = _Reader(PageText(1, list(rows)))
    rows_spec = LimitRows(
        GL_LIMITS,
        (
            "each_occurrence",
            "damage_to_rented_premises",
            "medical_expense",
            "personal_advertising_injury",
            "general_aggregate",
        ),
        0.388,
        0.0145,
    )
    return _limits(r, grid, (0.380, 0.455), rows_spec, "policies.0"), r.conf


def test_an_amount_read_as_a_number_and_a_separate_m_is_one_amount() -> None:
    # `$1M` printed, read as `$1` and `M` (from a photo of the official form)
    limits, _ = _general_liability_limits(
        _word("EACHOCCURRENCE", 0.704, 0.386, 0.099, 0.006),
        _word("$1M", 0.852, 0.383, 0.029, 0.010),
        _word("DAMAGE", 0.704, 0.397, 0.041),
        _word("RENTED", 0.765, 0.397, 0.040),
        _word("$1", 0.851, 0.398, 0.014, 0.010),
        _word("M", 0.869, 0.398, 0.011, 0.009),
        _word("MED", 0.701, 0.416, 0.020),
        _word("EXP", 0.725, 0.416, 0.019),
        _word("$1", 0.946, 0.416, 0.012, 0.009),  # `$10M` read as `$1` and `OM`
        _word("OM", 0.960, 0.416, 0.017, 0.008),
    )
    assert limits == {
        "each_occurrence": 1_000_000,
        "damage_to_rented_premises": 1_000_000,
        "medical_expense": 10_000_000,
    }


def test_a_second_amount_under_a_label_already_read_is_placed_by_its_row() -> None:
    # DAMAGE TO RENTED PREMISES lost but for its second line `(Ea occurrence)`, close to EACH OCCURRENCE
    limits, conf = _general_liability_limits(
        _word("EACH", 0.701, 0.386, 0.025),
        _word("OCCURRENCE", 0.730, 0.386, 0.069),
        _word("$2,000,000", 0.901, 0.382, 0.064, 0.010),
        _word("(Ea", 0.753, 0.402, 0.015),
        _word("occurrence)", 0.773, 0.402, 0.049),
        _word("$1,000,000", 0.901, 0.397, 0.065, 0.010),
        _word("MED", 0.701, 0.416, 0.020),
        _word("EXP", 0.725, 0.416, 0.019),
        _word("$15,000", 0.919, 0.412, 0.047, 0.010),
    )
    assert limits == {
        "each_occurrence": 2_000_000,
        "damage_to_rented_premises": 1_000_000,
        "medical_expense": 15_000,
    }
    assert conf["policies.0.limits.damage_to_rented_premises"] < conf["policies.0.limits.each_occurrence"]


def test_an_amount_under_a_label_whose_cell_says_included_is_placed_by_its_row() -> None:
    # EACH OCCURRENCE `Included`; DAMAGE TO RENTED PREMISES lost but for `(Ea occurrence)`
    limits, conf = _general_liability_limits(
        _word("EACH", 0.701, 0.386, 0.025),
        _word("OCCURRENCE", 0.730, 0.386, 0.069),
        _word("Included", 0.915, 0.383, 0.051, 0.008),
        _word("(Ea", 0.752, 0.403, 0.016),
        _word("occurrence)", 0.773, 0.395, 0.049, 0.014),
        _word("1000000", 0.916, 0.398, 0.049, 0.008),
        _word("MED", 0.700, 0.416, 0.021),
        _word("EXP", 0.725, 0.416, 0.018),
        _word("15000", 0.931, 0.413, 0.035, 0.008),
        _word("PERSONAL", 0.701, 0.431, 0.053),
        _word("INJURY", 0.788, 0.431, 0.035),
        _word("1000000", 0.916, 0.428, 0.049, 0.008),
    )
    assert limits == {
        "damage_to_rented_premises": 1_000_000,
        "medical_expense": 15_000,
        "personal_advertising_injury": 1_000_000,
    }
    assert conf["policies.0.limits.each_occurrence"] < REVIEW_THRESHOLD  # words, no amount: listed


def test_a_label_read_in_part_is_known_by_a_word_only_it_prints() -> None:
    assert _limit_key("PREMISES occurrence)", GL_LIMITS) == "damage_to_rented_premises"
    assert _limit_key("PROPERTY", AUTO_LIMITS) == "property_damage_per_accident"
    assert _limit_key("accident)", AUTO_LIMITS) is None  # three labels print it


def test_an_amount_split_where_ocr_lost_a_thousands_comma_is_one_amount() -> None:
    assert _joined_amount(["2,000", "000"]) == "2,000,000"
    assert _joined_amount(["$", "1,000,000"]) == "$1,000,000"
    assert _joined_amount(["$1", "M"]) == "$1M"
    assert _joined_amount(["$1", "OM"]) == "$10M"  # a zero read as O before the scale
    assert _joined_amount(["2", "000", "000.00"]) == "2,000,000.00"  # both commas lost, cents printed
    assert _joined_amount(["2", "000", "00.00"]) == "2,00000.00"  # no group of three: as read
    assert _joined_amount(["500", "000", "00"]) == "500,000.00"  # the comma and the cents' stop lost
    assert _joined_amount(["500", "00"]) == "50000"  # two digits after no thousands group: as read


def test_a_retention_read_under_a_thousand_dollars_is_left_unread() -> None:
    # `$0` with specks read as `199`: a retention is $0 or thousands of dollars
    page = _umbrella(
        _word("X", 0.059, 0.598, 0.020),
        _word("DED", 0.089, 0.598, 0.020),
        _word("RETENTION", 0.148, 0.598, 0.056),
        _word("$", 0.206, 0.598, 0.004),
        _word("199", 0.215, 0.598, 0.018),
    )
    limits, _ = _read(page)
    assert limits == {}


def test_an_amount_split_over_two_lines_by_a_squashed_label_box_is_read_whole() -> None:
    # The label's boxes are squashed to half the print's height, so line grouping leaves
    # `1,000,00` on a line of its own and puts its last `0` on the label's line
    limits, _ = _general_liability_limits(
        _word("EACH", 0.701, 0.386, 0.025),
        _word("OCCURRENCE", 0.730, 0.386, 0.069),
        _word("$1,000,000", 0.901, 0.382, 0.064, 0.010),
        _word("DAMAGE", 0.742, 0.4029, 0.020, 0.0031),
        _word("TO", 0.764, 0.4017, 0.007, 0.0065),
        _word("RENTED", 0.773, 0.4029, 0.021, 0.0034),
        _word("PREMISES", 0.796, 0.4029, 0.026, 0.0034),
        _word("$", 0.879, 0.4029, 0.005, 0.0062),
        _word("1,000,00", 0.892, 0.4042, 0.057, 0.0072),
        _word("0", 0.952, 0.4042, 0.005, 0.0062),
    )
    assert limits == {"each_occurrence": 1_000_000, "damage_to_rented_premises": 1_000_000}


def test_a_dollar_sign_read_as_a_nine_before_a_retention_is_dropped_and_listed() -> None:
    # GIVEN `RETENTION $10,000` read as `RETENTION` `910,000`: no `$`, and no insurer writes 910,000
    page = _umbrella(
        _word("X", 0.121, 0.591, 0.023, 0.014),
        _word("DED", 0.093, 0.599, 0.017, 0.004),
        _word("RETENTION", 0.151, 0.600, 0.050, 0.004),
        _word("910,000", 0.206, 0.598, 0.045),
    )
    limits, conf = _read(page)
    assert limits == {"retention": 10_000}
    assert conf["policies.2.limits.retention"] < REVIEW_THRESHOLD


def test_an_umbrella_row_whose_coverage_box_was_not_read_marked_is_scored_as_taken_by_default() -> None:
    # GIVEN a certificate whose umbrella row prints its UMBRELLA LIAB box marked with an `X`
    document = generate_family(3, "old_drawing", "digital")
    ir = extract_document(document.data).ir
    index = next(i for i, p in enumerate(document.truth.policies) if p.coverage == "umbrella")
    path = f"policies.{index}.coverage"
    assert path not in map_document(ir).confidences
    # WHEN the mark is lost (as on a scan whose box came out blank)
    page = ir.pages[0]
    label = next(w for w in page.words if w.text == "UMBRELLA")
    mark = next(
        w
        for w in page.words
        if w.text == "X" and abs(w.box.top - label.box.top) < 0.01 and w.box.left < label.box.left
    )
    page.words.remove(mark)
    mapped = map_document(ir)
    # THEN the row is still read as the umbrella, but its coverage is scored as taken by default
    assert mapped.certificate.policies[index].coverage == "umbrella"
    assert mapped.confidences[path] == COVERAGE_BY_DEFAULT < REVIEW_THRESHOLD
