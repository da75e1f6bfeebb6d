"""Mapper fallbacks for labels OCR misreads: a narrow column header, the lower half of a stacked label."""

from __future__ import annotations

from datetime import date

import pytest

from services.intake.extraction.acord25.amount_glyphs import digits_read_one_by_one
from services.intake.extraction.acord25.block_options import (
    STATUTE_AS_READ,
    _aggregate_per,
    _mark_between_policy_and_loc,
    _misread_option_marked,
    _policy_a_letter_off,
    _statute_mark_by_place,
)
from services.intake.extraction.acord25.columns import _limit_row_pitch, _middle_values
from services.intake.extraction.acord25.contact_print import _ocr_email, _ocr_phone, without_label_remnant
from services.intake.extraction.acord25.document import (
    _Anchors,
    _anchors,
    _read_contact,
    _read_parties,
)
from services.intake.extraction.acord25.grid import (
    _blocks,
    _headers,
    label_spilt_into_number,
    officers_box_right,
)
from services.intake.extraction.acord25.header_fallbacks import (
    _column_of_marks,
    _date_columns,
    _misread_header_after,
    _type_label,
)
from services.intake.extraction.acord25.limits import (
    LimitRows,
    _amount_words,
    _joined_amount,
    _limits,
)
from services.intake.extraction.acord25.ocr_spelling import (
    rejoined_first_letters,
    without_ends_read_twice,
    without_specks_among_capitals,
)
from services.intake.extraction.acord25.other_label import other_label
from services.intake.extraction.acord25.parties import (
    _garbled_label,
    _lone_half_label,
    _naic_of,
    _party,
    name_and_row_naic,
)
from services.intake.extraction.acord25.reader import (
    AUTO_LIMITS,
    UMB_LIMITS,
    WC_LIMITS,
    _Grid,
    _Reader,
    _text,
)
from services.intake.extraction.acord25.vocabulary import carrier_vocabulary, party_vocabulary
from services.intake.extraction.ir import Box, Word
from services.intake.extraction.review_paths import REVIEW_THRESHOLD
from services.intake.extraction.textgeom import Line, Match, PageText, distinct_lines
from services.intake.extraction.values import parse_date, parse_money
from shared.contracts import certificate as c


def _word(text: str, left: float, top: float, width: float = 0.025, height: float = 0.0055) -> Word:
    return Word(text=text, page=1, box=Box(left=left, top=top, width=width, height=height), source="ocr")


_POLICY_NUMBER = _word("GL-53058985", 0.349, 0.413, 0.08)
_MARK_CENTERS = {"addl": 0.3005, "subr": 0.3295, "number": 0.40, "eff": 0.55, "exp": 0.63}


def _row_values(
    words: list[Word],
    top: float,
    bottom: float,
    centers: dict[str, float] = _MARK_CENTERS,
    type_right: float = 0.28,
) -> dict[str, tuple[object, float]]:
    """The middle columns (marks, number, dates) of one grid row printed with `words`."""
    grid = _Grid(0.03, 0.06, type_right, 0.7, centers, 0.28, 0.5)
    return _middle_values(_Reader(PageText(1, words)), grid, top, bottom)


@pytest.mark.parametrize("read", ["YX", "YX.", "'YX", "yoy", "YlY"])
def test_two_marks_read_as_one_word_over_both_columns_are_one_per_column(read: str) -> None:
    # GIVEN a scan's `Y` under ADDL INSD and `X` under SUBR WVD read as one unsure word, a speck beside
    # (or the rule between the cells read as a letter: `yoy`)
    marks = _word(read, 0.289, 0.413, 0.040, 0.008)
    found = _row_values([marks, _POLICY_NUMBER], 0.40, 0.43)
    # THEN each column has its mark
    assert {key: found[key][0] for key in ("addl", "subr")} == {"addl": True, "subr": True}
    # AND both are listed for a person, however surely the one word was read: its confidence is not
    # each glyph's (`YN` for `Y` `Y`)
    sure = marks.model_copy(update={"confidence": 0.96})
    found = _row_values([sure, _POLICY_NUMBER], 0.40, 0.43)
    assert max(found["addl"][1], found["subr"][1]) < REVIEW_THRESHOLD


@pytest.mark.parametrize("answers", [("Y", "N"), ("N", "Y"), ("Y", "Y")])
def test_two_marks_nearest_the_addl_column_are_one_per_column_left_to_right(answers: tuple[str, str]) -> None:
    # GIVEN a scan's ADDL mark, and its SUBR mark boxed with the specks of the rule before it
    # (`.Y..`, unsure, its shape told), its centre a hair short of the SUBR cell, read first
    addl = _word(answers[0], 0.2945, 0.4135, 0.008, 0.008)
    subr = _word(f".{answers[1]}..", 0.304, 0.4125, 0.020, 0.008).model_copy(
        update={"confidence": 0.0, "glyph": answers[1]}
    )
    found = _row_values([subr, addl, _POLICY_NUMBER], 0.40, 0.43)
    # THEN each column has its own, the left one ADDL's
    expected = {"addl": answers[0] == "Y", "subr": answers[1] == "Y"}
    assert {key: found[key][0] for key in ("addl", "subr")} == expected


def test_a_blocks_dates_from_two_rows_are_read_in_doubt() -> None:
    # The auto block's label lost: its row's dates fall into the general liability block's.
    first = [_word("8/2/2025", 0.53, 0.398, 0.04), _word("8/3/2026", 0.61, 0.398, 0.04)]
    second = [_word("6/21/2025", 0.53, 0.489, 0.045), _word("6/22/2026", 0.61, 0.489, 0.045)]
    one_row = _row_values([_POLICY_NUMBER, *first], 0.38, 0.42)
    assert one_row["exp"][0] == date(2026, 8, 3)
    assert one_row["exp"][1] >= REVIEW_THRESHOLD
    two_rows = _row_values([_POLICY_NUMBER, *first, *second], 0.38, 0.50)
    assert {key: two_rows[key][1] < REVIEW_THRESHOLD for key in ("eff", "exp")} == {"eff": True, "exp": True}


def _header_row(subr: str) -> PageText:
    return PageText(
        1,
        [
            _word("TYPE", 0.131, 0.385),
            _word("INSURANCE", 0.174, 0.385, 0.054),
            _word("ADDL", 0.291, 0.380),
            _word("INSD", 0.294, 0.388, 0.022),
            _word(subr, 0.319, 0.380, 0.025, 0.013),
            _word("POLICY", 0.401, 0.386, 0.033),
            _word("NUMBER", 0.438, 0.387, 0.04),
        ],
    )


def test_a_misread_subr_header_between_addl_and_policy_number_marks_the_column() -> None:
    page = _header_row("wo")
    r = _Reader(page)
    addl = r.label("ADDL", fuzzy=False)
    number = r.label("POLICY NUMBER")
    assert addl is not None
    assert number is not None
    found = _misread_header_after(r, addl, number, (0.0, 0.37, 1.0, 0.40))
    assert found is not None
    assert [w.text for w in found.words] == ["wo"]


def test_no_header_is_invented_where_nothing_is_printed_between_the_columns() -> None:
    page = PageText(1, [w for w in _header_row("wo").words if w.text != "wo"])
    r = _Reader(page)
    addl = r.label("ADDL", fuzzy=False)
    number = r.label("POLICY NUMBER")
    assert addl is not None
    assert number is not None
    assert _misread_header_after(r, addl, number, (0.0, 0.37, 1.0, 0.40)) is None


def test_the_first_row_s_mark_below_the_headers_is_not_taken_for_a_lost_subr_header() -> None:
    # `ADDL|SUBR` glued on the top line, `INSD` and a misread `wD` on the second; the first row's
    # subrogation mark `Ix` sits a line lower and a little to the left of `wD`.
    page = PageText(
        1,
        [
            _word("ADDL|SUBR", 0.290, 0.364, 0.055),
            _word("INSD", 0.292, 0.373, 0.022),
            _word("Ix", 0.317, 0.380, 0.009, 0.009),
            _word("wD", 0.322, 0.373, 0.019),
            _word("POLICY", 0.405, 0.371, 0.035),
            _word("NUMBER", 0.442, 0.371, 0.041),
        ],
    )
    r = _Reader(page)
    insd = r.label("INSD", fuzzy=False)
    number = r.label("POLICY NUMBER")
    assert insd is not None
    found = _misread_header_after(r, insd, number, (0.0, 0.355, 1.0, 0.395))
    assert found is not None
    assert [w.text for w in found.words] == ["wD"]


def _rows_of_marks(subr_marks: list[str]) -> PageText:
    """Three coverage rows as a photo of the real form reads them: the ADDL INSD column's marks at
    0.300, the SUBR WVD column's at 0.329 (its header lost altogether), policy numbers from 0.352."""
    words = []
    for row, subr in enumerate(subr_marks):
        top = 0.384 + row * 0.1
        words += [_word("N", 0.296, top, 0.009, 0.007), _word("GL881767914", 0.352, top, 0.1, 0.008)]
        if subr:
            words.append(_word(subr, 0.325, top, 0.009, 0.007))
    return PageText(1, words)


def test_marks_beside_the_addl_column_place_a_subr_column_whose_header_was_lost() -> None:
    r = _Reader(_rows_of_marks(["X", "N", "Y"]))
    found = _column_of_marks(r, 0.3005, "after", (0.25, 0.375, 0.7, 0.7), 0.40)
    assert found == pytest.approx(0.3295, abs=0.001)


def test_no_subr_column_is_placed_without_marks_beside_addl() -> None:
    r = _Reader(_rows_of_marks(["", "", ""]))
    assert _column_of_marks(r, 0.3005, "after", (0.25, 0.375, 0.7, 0.7), 0.40) is None


def _headers_of(page: PageText, region: tuple[float, float, float, float]) -> dict[str, Match | None]:
    """The grid's column headers, found beside the TYPE OF INSURANCE label in `region`."""
    r = _Reader(page)
    type_label = _type_label(r, region)
    assert type_label is not None
    return _headers(r, type_label)[0]


def test_a_misread_addl_header_beside_subr_marks_the_column() -> None:
    # `ADDL` lost and `INSD` read as `linsD`, as on a real-form scan; SUBR read.
    page = PageText(
        1,
        [
            _word("TYPE", 0.123, 0.370),
            _word("OF", 0.152, 0.370, 0.01),
            _word("INSURANCE", 0.167, 0.370, 0.057),
            _word("linsD", 0.288, 0.364, 0.028, 0.014),
            _word("SUBR", 0.319, 0.364, 0.026),
            _word("WVD", 0.321, 0.373, 0.022),
            _word("POLICY", 0.405, 0.371, 0.035),
            _word("NUMBER", 0.445, 0.371, 0.039),
        ],
    )
    headers = _headers_of(page, (0.0, 0.3, 1.0, 0.45))
    assert headers["addl"] is not None
    assert [w.text for w in headers["addl"].words] == ["linsD"]
    assert headers["subr"] is not None


def test_no_addl_header_is_taken_from_the_type_of_insurance_label() -> None:
    page = PageText(
        1,
        [
            _word("TYPE", 0.123, 0.370),
            _word("OF", 0.152, 0.370, 0.01),
            _word("INSURANCE", 0.167, 0.370, 0.057),
            _word("SUBR", 0.319, 0.364, 0.026),
            _word("POLICY", 0.405, 0.371, 0.035),
        ],
    )
    headers = _headers_of(page, (0.0, 0.3, 1.0, 0.45))
    assert headers["subr"] is not None
    assert headers["addl"] is None


def _glued_header_row() -> PageText:
    """The 5 pt header as a photo reads it: ADDL and SUBR glued, TYPE boxed two lines tall (so it
    sits on the line above OF INSURANCE), POLICY EFF / EXP lost and the date formats misread."""
    return PageText(
        1,
        [
            _word("TYPE", 0.120, 0.366, 0.0235, 0.014),
            _word("ADDL'SUBR", 0.290, 0.364, 0.055, 0.006),
            _word("EXP", 0.668, 0.356, 0.026, 0.006),
            _word("OF", 0.149, 0.370, 0.012, 0.006),
            _word("INSURANCE", 0.164, 0.370, 0.058, 0.006),
            _word("POLICY", 0.404, 0.371, 0.035, 0.006),
            _word("NUMBER", 0.441, 0.371, 0.042, 0.006),
            _word("(MMWDD/YYYY)", 0.546, 0.372, 0.068, 0.006),
            _word("(MDD/YYYY)", 0.628, 0.372, 0.060, 0.006),
            # the same words in the running text above the grid are not its header
            _word("POLICIES", 0.30, 0.321, 0.05, 0.006),
            _word("OF", 0.36, 0.321, 0.012, 0.006),
            _word("INSURANCE", 0.375, 0.321, 0.058, 0.006),
        ],
    )


def test_a_header_word_boxed_over_the_first_row_does_not_push_the_header_band_over_it() -> None:
    # GIVEN a photo's `POLICY` boxed 25 thousandths tall, over its own line and the GL row's label
    page = PageText(
        1,
        [
            _word("TYPE", 0.122, 0.372, 0.025, 0.006),
            _word("OF", 0.149, 0.372, 0.013, 0.006),
            _word("INSURANCE", 0.166, 0.372, 0.057, 0.006),
            _word("POLICY", 0.403, 0.363, 0.035, 0.025),
            _word("NUMBER", 0.449, 0.373, 0.036, 0.006),
            _word("COMMERCIAL", 0.087, 0.385, 0.067, 0.006),
            _word("GENERAL", 0.157, 0.385, 0.047, 0.006),
            _word("LIABILITY", 0.207, 0.385, 0.047, 0.006),
        ],
    )
    r = _Reader(page)
    type_label = _type_label(r, (0.0, 0.30, 1.0, 0.72))
    assert type_label is not None
    # THEN the band ends above the block label, which stays the GL row's
    _, bottom = _headers(r, type_label)
    assert bottom < 0.385


def test_the_grid_header_is_found_when_photo_ocr_glues_splits_and_misreads_it() -> None:
    r = _Reader(_glued_header_row())
    type_label = _type_label(r, (0.0, 0.30, 1.0, 0.72))
    assert type_label is not None
    assert [w.text for w in type_label.words] == ["TYPE", "OF", "INSURANCE"]
    headers, _ = _headers(r, type_label)
    addl, subr, eff, exp = headers["addl"], headers["subr"], headers["eff"], headers["exp"]
    assert addl is not None
    assert subr is not None
    assert eff is not None
    assert exp is not None
    # ADDL INSD and SUBR WVD: the glued word's two shares, cut where SUBR starts
    assert addl.left == 0.290
    assert abs(addl.right - (0.290 + 0.055 * 5 / 9)) < 1e-9
    assert abs(subr.left - addl.right) < 1e-9
    assert abs(subr.right - 0.345) < 1e-9
    # the misread date formats mark the two date columns
    assert (eff.left, exp.left) == (0.546, 0.668)


@pytest.mark.parametrize("glued", ["ADDLSUBR", "ADDESUBR"])  # (an L of ADDL read as E as well)
def test_a_glued_addl_subr_header_is_cut_even_when_insd_was_read_under_it(glued: str) -> None:
    # `ADDLSUBR` glued, `INSD` read under its first share: INSD alone found ADDL, and SUBR was lost.
    words = [w for w in _glued_header_row().words if w.text != "ADDL'SUBR"]
    words += [_word(glued, 0.290, 0.364, 0.055, 0.006), _word("INSD", 0.292, 0.371, 0.022, 0.006)]
    r = _Reader(PageText(1, words))
    type_label = _type_label(r, (0.0, 0.30, 1.0, 0.72))
    assert type_label is not None
    headers, _ = _headers(r, type_label)
    subr = headers["subr"]
    assert subr is not None
    assert abs(subr.left - (0.290 + 0.055 * 4 / 8)) < 1e-9


def test_no_type_label_is_made_from_of_insurance_in_running_text() -> None:
    words = [w for w in _glued_header_row().words if w.text != "TYPE"]
    assert _type_label(_Reader(PageText(1, words)), (0.0, 0.30, 1.0, 0.72)) is None


def test_the_type_label_is_found_when_a_scan_misread_type() -> None:
    # `ANRE OF INSURANCE` (ANRE at 0.46): without it no row of the grid was read
    words = [w for w in _glued_header_row().words if w.text != "TYPE"]
    type_word = next(w for w in _glued_header_row().words if w.text == "TYPE")
    misread = type_word.model_copy(update={"text": "ANRE", "confidence": 0.46})
    type_label = _type_label(_Reader(PageText(1, [*words, misread])), (0.0, 0.30, 1.0, 0.72))
    assert type_label is not None
    assert [w.text for w in type_label.words][:2] == ["ANRE", "OF"]
    # a word read surely there is print of its own (`PROOF OF INSURANCE`)
    sure = misread.model_copy(update={"text": "PROOF", "confidence": 0.95})
    assert _type_label(_Reader(PageText(1, [*words, sure])), (0.0, 0.30, 1.0, 0.72)) is None
    # unless it is TYPE with a letter lost, however sure (`TPE` at 0.93 lost a photo's whole grid)
    lost = misread.model_copy(update={"text": "TPE", "confidence": 0.93})
    type_label = _type_label(_Reader(PageText(1, [*words, lost])), (0.0, 0.30, 1.0, 0.72))
    assert type_label is not None
    assert [w.text for w in type_label.words][:2] == ["TPE", "OF"]


def test_the_type_label_is_found_when_a_tall_box_put_its_of_on_the_line_above() -> None:
    words = [
        _word("INSR", 0.042, 0.388, 0.021, 0.007),
        _word("OF", 0.155, 0.387, 0.012, 0.007),
        _word("LTR", 0.044, 0.395, 0.017, 0.006),
        _word("TYPE", 0.129, 0.393, 0.024, 0.006),
        _word("INSURANCE", 0.171, 0.393, 0.055, 0.006),
        _word("POLICY", 0.402, 0.395, 0.033, 0.006),
    ]
    type_label = _type_label(_Reader(PageText(1, words)), (0.0, 0.30, 1.0, 0.72))
    assert type_label is not None
    assert [w.text for w in type_label.words] == ["TYPE", "INSURANCE"]
    # without INSURANCE a word or two to its right, a lone TYPE is no label
    alone = [w for w in words if w.text != "INSURANCE"]
    assert _type_label(_Reader(PageText(1, alone)), (0.0, 0.30, 1.0, 0.72)) is None


def test_a_lone_name_label_just_above_phone_anchors_the_contact() -> None:
    page = PageText(
        1,
        [
            _word("Priya", 0.544, 0.152, 0.027, 0.0158),
            _word("Okafor", 0.575, 0.157, 0.039, 0.0079),
            _word("NAME:", 0.507, 0.160, 0.030),
            _word("PHONE", 0.507, 0.169, 0.033),
            _word("NAME:", 0.05, 0.30, 0.03),  # another NAME: elsewhere on the page
        ],
    )
    r = _Reader(page)
    phone = r.label("PHONE", fuzzy=False)
    assert phone is not None
    column = (phone.left - r.h * 1.5, 0.0, phone.left + r.h * 1.5, 1.0)
    name = _lone_half_label(r, "NAME:", column, phone.top - r.h * 3.5, phone.top)
    assert name is not None
    assert r.right_of(name)[0] == "Priya Okafor"
    assert _lone_half_label(r, "NAME:", column, phone.bottom, phone.bottom + r.h * 3.5) is None


def test_a_limit_whose_thousands_comma_ocr_boxed_as_a_slash_is_one_amount() -> None:
    page = PageText(
        1,
        [
            _word("E.L.", 0.688, 0.670, 0.017, 0.0036),
            _word("DISEASE", 0.712, 0.669, 0.033, 0.0042),
            _word("-", 0.751, 0.669, 0.003, 0.0042),
            _word("POLICY", 0.761, 0.670, 0.029, 0.0036),
            _word("LIMIT", 0.795, 0.670, 0.024, 0.0036),
            _word("1", 0.877, 0.666, 0.005, 0.0061),
            _word("/", 0.886, 0.666, 0.002, 0.0045),
            _word("000", 0.893, 0.666, 0.020, 0.0067),
            _word("000", 0.923, 0.666, 0.020, 0.0067),
        ],
    )
    r = _Reader(page)
    grid = _Grid(0.06, 0.06, 0.3, 0.68, {}, 0.3, 0.5)
    limits = _limits(r, grid, (0.66, 0.68), LimitRows(WC_LIMITS), "policies.0")
    assert limits == {"el_disease_policy_limit": 1_000_000}


def _auto_limits(*words: Word) -> tuple[dict[str, int], dict[str, float]]:
    """An auto row's limits cell as the mapper reads it: the limits and the reader's confidences."""
    r = _Reader(PageText(1, list(words)))
    grid = _Grid(0.06, 0.06, 0.3, 0.68, {}, 0.3, 0.5)
    return _limits(r, grid, (0.48, 0.50), LimitRows(AUTO_LIMITS), "policies.1"), r.conf


_AUTO_LABEL_LEFT, _AUTO_TOP, _AUTO_AMOUNT_TOP, _AUTO_LABEL_H, _AUTO_AMOUNT_H = (
    0.702,
    0.487,
    0.486,
    0.0042,
    0.0067,
)


def test_a_limit_read_in_pieces_grouped_as_no_amount_is_printed_is_doubted() -> None:
    # `2,000,000` read as `5` and `000,000`: the 2 misread, its comma lost with it
    limits, conf = _auto_limits(
        _word("COMBINED", _AUTO_LABEL_LEFT, _AUTO_TOP, 0.040, _AUTO_LABEL_H),
        _word("SINGLE", 0.745, _AUTO_TOP, 0.030, _AUTO_LABEL_H),
        _word("LIMIT", 0.778, _AUTO_TOP, 0.024, _AUTO_LABEL_H),
        _word("5", 0.877, _AUTO_AMOUNT_TOP, 0.006, _AUTO_AMOUNT_H),
        _word("000,000", 0.885, _AUTO_AMOUNT_TOP, 0.040, _AUTO_AMOUNT_H),
    )
    assert limits == {"combined_single_limit": 5_000_000}
    assert conf["policies.1.limits.combined_single_limit"] < 0.3  # below what corroboration lifts


def test_a_limit_with_junk_between_its_sign_and_the_digits_read_is_doubted() -> None:
    # `$ 250,000` read as `$` `iD` `5` `0` `0` `0` `0`: the 2 and the comma read as junk
    digits = [
        _word(d, 0.890 + 0.008 * i, _AUTO_AMOUNT_TOP, 0.006, _AUTO_AMOUNT_H) for i, d in enumerate("50000")
    ]
    label = _word("PROPERTY DAMAGE", _AUTO_LABEL_LEFT, _AUTO_TOP, 0.070, _AUTO_LABEL_H)
    sign = _word("$", 0.860, _AUTO_AMOUNT_TOP, 0.005, _AUTO_AMOUNT_H)
    junk = _word("iD", 0.872, _AUTO_AMOUNT_TOP, 0.010, _AUTO_AMOUNT_H)
    limits, conf = _auto_limits(label, sign, junk, *digits)
    assert limits == {"property_damage_per_accident": 50_000}
    assert conf["policies.1.limits.property_damage_per_accident"] < 0.3
    # the same digits right after the sign are read as sure as their print
    _, conf = _auto_limits(label, sign, *digits)
    assert conf["policies.1.limits.property_damage_per_accident"] > 0.7


def test_a_limit_label_beside_an_amount_read_too_small_to_be_one_is_listed_unread() -> None:
    # `$1,000,000` read `$11`: no limit is $11, and the label says which one was lost
    limits, conf = _auto_limits(
        _word("BODILY INJU (Per accident)", _AUTO_LABEL_LEFT, _AUTO_TOP, 0.110, _AUTO_LABEL_H),
        _word("$11", 0.860, _AUTO_AMOUNT_TOP, 0.012, _AUTO_AMOUNT_H),
    )
    assert limits == {}
    assert conf["policies.1.limits.bodily_injury_per_accident"] < 0.7


def test_thousands_commas_read_as_specks_are_separators_not_digits() -> None:
    # As OCR read a scanned certificate: `1,000,000` as `1` `i` `000` `7` `000`, the first comma
    # a tall speck OCR had no confidence in, the second a tiny `7`.
    speck = Word(
        text="i",
        page=1,
        box=Box(left=0.908, top=0.402, width=0.002, height=0.011),
        confidence=0.0,
        source="ocr",
    )
    page = PageText(
        1,
        [
            _word("COMBINED", 0.727, 0.401, 0.035, 0.009),
            _word("SINGLE", 0.768, 0.401, 0.024, 0.009),
            _word("LIMIT", 0.799, 0.403, 0.019, 0.004),
            _word("(Ea", 0.821, 0.403, 0.011, 0.005),
            _word("accident)", 0.834, 0.403, 0.032, 0.005),
            _word("1", 0.898, 0.404, 0.006, 0.007),
            speck,
            _word("000", 0.915, 0.404, 0.023, 0.007),
            _word("7", 0.942, 0.409, 0.002, 0.003),
            _word("000", 0.948, 0.404, 0.022, 0.007),
        ],
    )
    r = _Reader(page)
    grid = _Grid(0.06, 0.06, 0.3, 0.7, {}, 0.3, 0.5)
    assert _limits(r, grid, (0.395, 0.412), LimitRows(AUTO_LIMITS), "policies.0") == {
        "combined_single_limit": 1_000_000
    }


@pytest.mark.parametrize("short", [False, True])  # amounts printed `$2,000,000` or `$2M`
def test_an_umbrella_amount_whose_label_is_garbled_is_placed_by_the_page_s_limit_row_pitch(
    short: bool,
) -> None:
    # As OCR read a photographed real form: AGGREGATE as `accrecaATEe`; the workers' comp labels
    # below stand one small-print line apart, which is not a row; the general liability amounts
    # above give the limit rows' real height.
    general_liability = [
        _word(
            f"${amount // 1_000_000}M" if short else f"${amount:,}",
            0.891,
            0.3843 + row * 0.0153,
            0.077,
            0.011,
        )
        for row, amount in enumerate((2_000_000, 1_000_000, 3_000_000, 2_000_000))
    ]
    page = PageText(
        1,
        [
            *general_liability,
            _word("EACH", 0.702, 0.569, 0.026, 0.006),
            _word("OCCURRENCE", 0.731, 0.569, 0.069, 0.006),
            _word("$5,000,000", 0.891, 0.564, 0.077, 0.011),
            _word("accrecaATEe", 0.702, 0.584, 0.061, 0.006),
            _word("$5,000,000", 0.891, 0.579, 0.077, 0.011),
            _word("WORKERS", 0.061, 0.610, 0.04, 0.006),
            _word("COMPENSATION", 0.105, 0.610, 0.07, 0.006),
            _word("AND", 0.061, 0.619, 0.02, 0.006),
            _word("EMPLOYERS'", 0.085, 0.619, 0.05, 0.006),
            _word("LIABILITY", 0.14, 0.619, 0.05, 0.006),
        ],
    )
    r = _Reader(page)
    grid = _Grid(0.06, 0.06, 0.3, 0.69, {}, 0.3, 0.5)
    pitch = _limit_row_pitch(r, grid)
    assert pitch == pytest.approx(0.0153, abs=0.0005)
    rows = LimitRows(UMB_LIMITS, ("each_occurrence", "aggregate"), 0.5692, pitch or 0.0)
    assert _limits(r, grid, (0.56, 0.60), rows, "policies.2") == {
        "each_occurrence": 5_000_000,
        "aggregate": 5_000_000,
    }


def _other_row_limits(first: str, second: str) -> tuple[dict[str, int], dict[str, float]]:
    """An `other` row (Contractors Pollution) whose free labels print `Per Occurrence` and
    `Aggregate`, with the two amounts as read."""
    page = PageText(
        1,
        [
            _word("Per", 0.709, 0.563, 0.020, 0.005),
            _word("Occurrence", 0.736, 0.563, 0.067, 0.005),
            _word(first, 0.950, 0.562, 0.020, 0.008),
            _word("Aggregate", 0.709, 0.576, 0.061, 0.007),
            _word(second, 0.950, 0.575, 0.020, 0.008),
        ],
    )
    r = _Reader(page)
    limits = _limits(
        r, _Grid(0.06, 0.06, 0.3, 0.69, {}, 0.3, 0.5), (0.555, 0.59), LimitRows(()), "policies.3"
    )
    return limits, r.conf


def test_an_other_row_s_amount_with_its_sign_and_5_read_as_s_is_read() -> None:
    limits, _ = _other_row_limits("SSM", "$5M")
    assert limits == {"per_occurrence": 5_000_000, "aggregate": 5_000_000}


def test_an_other_row_s_amount_in_ruins_lists_its_whole_limits_map() -> None:
    # which free limit the lost amount was is unknown: the map is listed for a person
    limits, conf = _other_row_limits("$5M", "0,000")
    assert limits == {"per_occurrence": 5_000_000}
    assert conf["policies.3.limits"] < 0.5
    _, conf = _other_row_limits("$5M", "$5M")
    assert conf.get("policies.3.limits", 1.0) == 1.0


def test_no_limit_row_pitch_is_measured_from_fewer_than_four_amounts() -> None:
    page = PageText(1, [_word("$1,000,000", 0.891, top, 0.077, 0.011) for top in (0.38, 0.3953, 0.4106)])
    assert _limit_row_pitch(_Reader(page), _Grid(0.06, 0.06, 0.3, 0.69, {}, 0.3, 0.5)) is None


def test_an_ocr_misread_of_a_common_carrier_word_is_spelt_as_printed() -> None:
    assert carrier_vocabulary("The Cincinnati Insurance Comnany") == "The Cincinnati Insurance Company"
    assert carrier_vocabulary("Colony lnsurance Company") == "Colony Insurance Company"
    assert carrier_vocabulary("Colony insurance Company") == "Colony Insurance Company"
    assert carrier_vocabulary("ZURICH AMERICAN INSURANCE COMPANV") == "ZURICH AMERICAN INSURANCE COMPANY"
    # a single-storey g read as a, y as v: in the brand and place words of carriers' legal names
    assert carrier_vocabulary("Berklev Reaional Insurance Company") == "Berkley Regional Insurance Company"
    assert (
        carrier_vocabulary("National Union Fire Ins Co of Pittsburah PA")
        == "National Union Fire Ins Co of Pittsburgh PA"
    )


def test_a_carrier_s_own_words_are_left_alone() -> None:
    assert carrier_vocabulary("Zurich American Insurance Company") == "Zurich American Insurance Company"
    assert carrier_vocabulary("Compass Nations Mutuelle") == "Compass Nations Mutuelle"


def test_a_policy_date_with_a_digit_read_as_its_lookalike_is_read() -> None:
    # Courier's 5 comes out of OCR as `£` on retyped copies; the date column holds no letters.
    page = PageText(
        1,
        [
            _word("GL-5981486", 0.352, 0.384, 0.06),
            _word("04/09/202£", 0.551, 0.384, 0.05),
            _word("10/08/2025", 0.628, 0.384, 0.05),
        ],
    )
    r = _Reader(page)
    grid = _Grid(0.06, 0.06, 0.28, 0.7, {"number": 0.45, "eff": 0.576, "exp": 0.653}, 0.28, 0.54)
    found = _middle_values(r, grid, 0.37, 0.40)
    assert found["eff"][0] == date(2025, 4, 9)
    assert found["exp"][0] == date(2025, 10, 8)
    assert found["number"][0] == "GL-5981486"


@pytest.mark.parametrize(
    ("number", "effective"),
    [
        (_word("GL-5981486", 0.352, 0.384, 0.06), _word("04/09/202€", 0.551, 0.384, 0.05)),  # Courier's 6
        (_word("GL-598148604/09/202€", 0.352, 0.384, 0.12), None),  # glued on by OCR as well
        # A photo's date column placed too far left: the date still is not part of the number.
        (_word("GL-5981486", 0.352, 0.384, 0.06), _word("04/09/202€", 0.415, 0.384, 0.05)),
    ],
)
def test_a_year_whose_last_digit_ocr_read_as_a_currency_sign_is_read(
    number: Word, effective: Word | None
) -> None:
    page = PageText(1, [number, *([effective] if effective else []), _word("10/08/2027", 0.628, 0.384, 0.05)])
    grid = _Grid(0.06, 0.06, 0.28, 0.7, {"number": 0.45, "eff": 0.576, "exp": 0.653}, 0.28, 0.54)
    found = _middle_values(_Reader(page), grid, 0.37, 0.40)
    assert found["eff"][0] == date(2026, 4, 9)
    assert found["exp"][0] == date(2027, 10, 8)
    assert found["number"][0] == "GL-5981486"


def test_the_comma_before_a_state_code_read_as_a_stop_is_a_comma() -> None:
    lines = [
        Line([_word("Turner-Walsh", 0.05, 0.80, 0.08), _word("Construction", 0.14, 0.80, 0.08)]),
        Line([_word("6753", 0.05, 0.81), _word("Elm", 0.08, 0.81), _word("Street", 0.11, 0.81)]),
        Line([_word("Phoenix.", 0.05, 0.82, 0.05), _word("AZ", 0.11, 0.82), _word("85026", 0.14, 0.82)]),
        Line(
            [
                _word("Ft.", 0.05, 0.83),
                _word("Worth,", 0.08, 0.83),
                _word("TX", 0.12, 0.83),
                _word("76101", 0.15, 0.83),
            ]
        ),
    ]
    _, address, _, _ = _party(lines)
    assert address == "6753 Elm Street, Phoenix, AZ 85026, Ft. Worth, TX 76101"


def _producer_header(*right_column: Word) -> PageText:
    return PageText(
        1,
        [
            _word("PRODUCER", 0.036, 0.151, 0.045),
            _word("Marsh", 0.038, 0.164),
            _word("Agency", 0.104, 0.164),
            *right_column,
            _word("INSURED", 0.036, 0.25, 0.04),
            _word("COVERAGES", 0.036, 0.33, 0.05),
        ],
    )


def test_a_lone_phone_word_anchors_the_contact_and_email_halves() -> None:
    # `CONTAGT` over NAME:, PHONE over a misread `(A/C, No, Ext):`, E-MAIL lost over ADDRESS:.
    page = _producer_header(
        _word("CONTAGT", 0.507, 0.151, 0.035),
        _word("NAME:", 0.508, 0.159),
        _word("Kevin", 0.551, 0.159),
        _word("Johnson", 0.578, 0.157, 0.035),
        _word("PHONE", 0.508, 0.167),
        _word("Wo.", 0.532, 0.174, 0.015),
        _word("ADDRESS:", 0.507, 0.182, 0.04),
        _word("kevin.johnson@marsh.com", 0.561, 0.183, 0.1),
    )
    r = _Reader(page)
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25", engine="ocr", sha256="0" * 64))
    _read_contact(r, cert, _anchors(r))
    assert cert.producer.contact_name == "Kevin Johnson"
    assert cert.producer.email == "kevin.johnson@marsh.com"


def test_a_lone_name_half_beside_producer_anchors_the_contact() -> None:
    # A retyped copy: `NAME` with no colon, CONTACT lost, PHONE read as `PONG.`.
    page = _producer_header(
        _word("NAME", 0.497, 0.151),
        _word("KEVIN", 0.535, 0.151),
        _word("JOHNSON", 0.571, 0.153, 0.035),
        _word("PONG.", 0.497, 0.164),
    )
    r = _Reader(page)
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25", engine="ocr", sha256="0" * 64))
    _read_contact(r, cert, _anchors(r))
    assert cert.producer.contact_name == "KEVIN JOHNSON"


def test_a_lone_phone_word_reads_the_number_beside_its_lost_second_line() -> None:
    page = _producer_header(
        _word("NAME:", 0.498, 0.159),
        _word("Priya", 0.533, 0.158),
        _word("Okafor", 0.578, 0.159, 0.03),
        _word("PHONE", 0.499, 0.167),
        _word("n+».", 0.540, 0.170, 0.02, 0.011),
        _word("804.968.7619", 0.566, 0.172, 0.06),
        _word("(862)", 0.827, 0.172),
        _word("488-6112", 0.872, 0.172, 0.04),
    )
    r = _Reader(page)
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25", engine="ocr", sha256="0" * 64))
    _read_contact(r, cert, _anchors(r))
    assert cert.producer.contact_name == "Priya Okafor"
    assert cert.producer.phone == "804.968.7619"  # the fax number after it is not taken


def test_a_lone_phone_word_leaves_the_contact_s_own_words_to_show_a_cut_baseline() -> None:
    # `Priva Lopez` in a field cut at its baseline (Lopez's p boxed no lower than Priva), PHONE alone
    page = _producer_header(
        _word("NAME:", 0.498, 0.159),
        _word("Priva", 0.533, 0.158, 0.025, 0.007),
        _word("Lopez", 0.562, 0.158, 0.030, 0.007),
        _word("PHONE", 0.499, 0.167),
        _word("n+».", 0.540, 0.170, 0.02, 0.011),
        _word("804.968.7619", 0.566, 0.172, 0.06),
        _word("E-MAIL", 0.499, 0.180),
        _word("ADDRESS:", 0.499, 0.186, 0.04),
        _word("priva.lopez@marsh.com", 0.550, 0.186, 0.1),
    )
    r = _Reader(page)
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25", engine="ocr", sha256="0" * 64))
    _read_contact(r, cert, _anchors(r))
    assert cert.producer.phone == "804.968.7619"
    # THEN the `v` beside the cut is listed: the check reads the contact's words, not the phone line's
    assert cert.producer.contact_name == "Priva Lopez"
    assert r.conf["producer.contact_name"] < REVIEW_THRESHOLD


def _contact_read_without_phone_and_e_mail_labels(*phone_line: Word) -> c.Producer:
    # As OCR read a scanned official form: CONTACT, PHONE and E-MAIL lost, `(A/C, No, Ext):` in
    # pieces, the fax label in mixed case (`Fax`, `fale.`).
    page = _producer_header(
        _word("NAME:", 0.505, 0.160, 0.034, 0.005),
        _word("Susan", 0.544, 0.153, 0.032, 0.013),
        _word("Brown", 0.581, 0.158, 0.036, 0.008),
        _word("tale", 0.504, 0.169, 0.022, 0.005),
        _word("No.", 0.532, 0.168, 0.014, 0.013),
        _word("Ext):", 0.549, 0.175, 0.020, 0.006),
        *phone_line,
        _word("No):", 0.819, 0.175, 0.018, 0.006),
        _word("371-276-4940", 0.841, 0.174, 0.081, 0.007),
        _word("ADDRESS:", 0.506, 0.191, 0.049, 0.005),
        _word("susan.brown@hub.com", 0.559, 0.188, 0.136, 0.008),
    )
    r = _Reader(page)
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25", engine="ocr", sha256="0" * 64))
    _read_contact(r, cert, _anchors(r))
    return cert.producer


def test_with_phone_and_e_mail_lost_the_contact_label_places_the_phone_and_address_lines() -> None:
    # The number split where the cell's rule crossed it.
    producer = _contact_read_without_phone_and_e_mail_labels(
        _word("876.506", 0.573, 0.175, 0.040, 0.008),
        _word("5598", 0.616, 0.175, 0.025, 0.008),
        _word("Fax", 0.793, 0.175, 0.023, 0.006),
    )
    assert producer.contact_name == "Susan Brown"
    assert producer.phone == "876.506.5598"  # the fax number after it is not taken
    assert producer.email == "susan.brown@hub.com"


def test_a_fax_number_is_not_taken_for_a_phone_number_ocr_could_not_read() -> None:
    producer = _contact_read_without_phone_and_e_mail_labels(
        _word("R7A", 0.573, 0.175, 0.021, 0.008),
        _word("SNR", 0.599, 0.175, 0.021, 0.008),
        _word("SEAR", 0.624, 0.175, 0.029, 0.008),
        _word("fale.", 0.793, 0.175, 0.023, 0.006),
    )
    assert producer.contact_name == "Susan Brown"
    assert producer.phone is None


@pytest.mark.parametrize(
    ("read", "phone"),
    [
        ("Ext): 876.506.5598", "876.506.5598"),
        ("804.968.7619 (A/C,", "804.968.7619"),
        ("549.254.6116 1 FA. Nov: 614-598-1671", "549.254.6116"),
        ("(403) 583-5480 x 12", "(403) 583-5480 x 12"),
        ("555-123-4567 ext 89", "555-123-4567 ext 89"),
        ("(AN2\\ 5R2-5ARN", "5R2-5ARN"),  # unreadable: left as read, for the reviewer
    ],
)
def test_a_phone_value_keeps_the_number_and_its_extension_only(read: str, phone: str) -> None:
    assert without_label_remnant(read) == phone


@pytest.mark.parametrize(("mark_left", "per_statute"), [(0.695, True), (0.790, False)])
def test_per_statute_is_told_from_other_by_where_the_mark_sits_when_both_labels_are_garbled(
    mark_left: float, per_statute: bool
) -> None:
    # GIVEN the workers' compensation limits as a photo reads them: `PER STATUTE` as `EE Rrure`,
    # `OTH-ER` as `er`, one X on the row above E.L. EACH ACCIDENT
    page = PageText(
        1,
        [
            _word("X", mark_left, 0.607, 0.024, 0.015),
            _word("EE", 0.725, 0.608, 0.010, 0.013),
            _word("Rrure", 0.738, 0.608, 0.031, 0.013),
            _word("er", 0.808, 0.608, 0.023, 0.013),
            _word("E.L.", 0.702, 0.628, 0.016),
            _word("EACH", 0.722, 0.628, 0.026),
            _word("ACCIDENT", 0.751, 0.628, 0.050),
        ],
    )
    # THEN a mark opening the limits column is PER STATUTE, one past the label's middle OTH-ER
    assert _statute_mark_by_place(_Reader(page), (0.69, 0.59, 1.0, 0.66)) is per_statute


def test_a_mark_before_statute_counts_when_ocr_lost_the_per_above_it() -> None:
    page = PageText(1, [_word("X", 0.684, 0.612, 0.024, 0.013), _word("STATUTE", 0.713, 0.614, 0.060)])
    assert _misread_option_marked(_Reader(page), (0.67, 0.59, 1.0, 0.66), STATUTE_AS_READ)
    unmarked = PageText(1, [_word("STATUTE", 0.713, 0.614, 0.060), _word("X", 0.78, 0.612, 0.024, 0.013)])
    assert not _misread_option_marked(_Reader(unmarked), (0.67, 0.59, 1.0, 0.66), STATUTE_AS_READ)


@pytest.mark.parametrize(("glyph", "marked"), [("X", True), (None, False)])
def test_a_tick_read_surely_as_a_v_marks_the_option_when_its_ink_is_shaped_as_a_tick(
    glyph: str | None, marked: bool
) -> None:
    # GIVEN a photo's check mark before PER STATUTE read `V` at 0.78, STATUTE misread `Stature`
    tick = _word("V", 0.695, 0.625, 0.007, 0.010).model_copy(update={"confidence": 0.78, "glyph": glyph})
    page = PageText(
        1, [tick, _word("PER", 0.719, 0.624, 0.019, 0.006), _word("Stature", 0.718, 0.631, 0.042)]
    )
    # THEN the tick marks the option; a `V` whose ink is no tick's is a letter
    assert _misread_option_marked(_Reader(page), (0.69, 0.62, 1.0, 0.68), STATUTE_AS_READ) is marked


def test_no_statute_answer_without_exactly_one_mark() -> None:
    words = [
        _word("E.L.", 0.702, 0.628, 0.016),
        _word("EACH", 0.722, 0.628, 0.026),
        _word("ACCIDENT", 0.751, 0.628, 0.050),
    ]
    assert _statute_mark_by_place(_Reader(PageText(1, words)), (0.69, 0.59, 1.0, 0.66)) is None


def test_a_narrow_column_is_placed_by_both_header_lines_when_ocr_boxes_one_too_wide() -> None:
    # GIVEN `ADDL` boxed into the gap before `SUBR`, and `SUBR` boxed short, over `INSD` and `WVD`
    page = PageText(
        1,
        [
            _word("TYPE", 0.123, 0.369, 0.024),
            _word("OF", 0.150, 0.369, 0.012),
            _word("INSURANCE", 0.165, 0.369, 0.058),
            _word("ADDL", 0.290, 0.364, 0.035, 0.005),
            _word("SUBR", 0.333, 0.364, 0.012, 0.005),
            _word("INSD", 0.292, 0.373, 0.022, 0.005),
            _word("WVD", 0.322, 0.373, 0.022, 0.005),
        ],
    )
    headers = _headers_of(page, (0.0, 0.30, 1.0, 0.72))
    addl, subr = headers["addl"], headers["subr"]
    assert addl is not None
    assert subr is not None
    # THEN each column keeps both of its header lines, and a mark at x 0.3235 (the SUBR box on
    # the form) is nearer the SUBR column's mean centre than the ADDL column's
    assert [w.text for w in addl.words] == ["ADDL", "INSD"]
    assert [w.text for w in subr.words] == ["SUBR", "WVD"]
    centre = {
        k: sum(w.box.center_x for w in m.words) / len(m.words) for k, m in (("addl", addl), ("subr", subr))
    }
    assert abs(centre["subr"] - 0.3235) < abs(centre["addl"] - 0.3235)


@pytest.mark.parametrize(
    ("addl", "subr"),
    [
        # a retyped grid's header photographed: `INSD` read `NSD`, `WVD` read `WD.`
        (_word("NSD", 0.290, 0.379, 0.018), _word("WD.", 0.318, 0.379, 0.018)),
        # a retyped scan's: ADDL over INSD boxed as one tall `NSD`, SUBR lost and WVD read `Wo` on
        # the lower line alone (their centres more than half a line apart)
        (_word("NSD", 0.298, 0.374, 0.019, 0.012), _word("Wo", 0.320, 0.381, 0.025, 0.005)),
    ],
)
def test_both_narrow_headers_misread_are_still_the_two_columns_before_policy_number(
    addl: Word, subr: Word
) -> None:
    page = PageText(
        1,
        [
            _word("INSR", 0.034, 0.374, 0.020),
            addl,
            subr,
            _word("LTR", 0.034, 0.379, 0.020),
            _word("TYPE", 0.121, 0.379, 0.024),
            _word("OF", 0.148, 0.379, 0.012),
            _word("INSURANCE", 0.163, 0.379, 0.056),
            _word("POLICY", 0.396, 0.380, 0.035),
            _word("NUMBER", 0.434, 0.380, 0.039),
        ],
    )
    headers = _headers_of(page, (0.0, 0.30, 1.0, 0.72))
    found_addl, found_subr = headers["addl"], headers["subr"]
    assert found_addl is not None
    assert found_subr is not None
    assert ([w.text for w in found_addl.words], [w.text for w in found_subr.words]) == (
        [addl.text],
        [subr.text],
    )


def test_a_stacked_label_read_as_one_garbled_word_still_anchors_the_contact_above_phone() -> None:
    # GIVEN `CONTACT` over `NAME:` read as one tall word `Nee:`, the name after it, PHONE below
    page = PageText(
        1,
        [
            _word("PRODUCER", 0.04, 0.149, 0.06),
            _word("Nee:", 0.506, 0.153, 0.031, 0.013),
            _word("MARIA", 0.543, 0.152, 0.033, 0.014),
            _word("OKAFOR", 0.581, 0.157, 0.048, 0.007),
            _word("PHONE", 0.505, 0.165, 0.035, 0.010),
        ],
    )
    r = _Reader(page)
    phone = r.label("PHONE", fuzzy=False)
    assert phone is not None
    column = (phone.left - r.h * 1.5, 0.0, phone.left + r.h * 1.5, 1.0)
    label = _garbled_label(r, column, phone.top - r.h * 2.5, phone.top)
    assert label is not None
    assert r.right_of(label, slack=0.9)[0] == "MARIA OKAFOR"
    # a label column with nothing after it (no contact printed) anchors nothing
    bare = PageText(1, [w for w in page.words if w.text not in ("MARIA", "OKAFOR")])
    assert _garbled_label(_Reader(bare), column, phone.top - r.h * 2.5, phone.top) is None


def test_ocr_reading_a_word_start_twice_leaves_the_word_once() -> None:
    # GIVEN `Mi` read from the start of `Midwest` on another Tesseract line, touching it
    words = [
        _word("Hub", 0.057, 0.165, 0.029, 0.010),
        _word("International", 0.093, 0.165, 0.088, 0.010),
        _word("Mi", 0.187, 0.165, 0.016, 0.010),
        _word("Midwest", 0.201, 0.166, 0.045, 0.010),
    ]
    assert _text(words) == "Hub International Midwest"
    # a text layer prints what it says; and a word far from the next is its own word
    layer = [w.model_copy(update={"source": "pdf-text"}) for w in words]
    assert _text(layer) == "Hub International Mi Midwest"
    apart = [_word("Al", 0.10, 0.2, 0.012, 0.01), _word("Alvarez", 0.13, 0.2, 0.04, 0.01)]
    assert _text(apart) == "Al Alvarez"


def test_the_insured_label_one_letter_off_still_anchors_the_insured_block() -> None:
    # GIVEN `INSURED` read as `INSURES` at the left edge under the producer's block
    page = PageText(
        1,
        [
            _word("PRODUCER", 0.033, 0.156, 0.055),
            _word("Marsh", 0.04, 0.166, 0.04),
            _word("Denver,", 0.04, 0.197, 0.04),
            _word("INSURER", 0.506, 0.220, 0.04),
            _word("A:", 0.55, 0.220, 0.01),
            _word("INSURES", 0.033, 0.232, 0.045),
            _word("INSURER", 0.506, 0.235, 0.04),
            _word("B", 0.55, 0.235, 0.01),
            _word("Keystone", 0.04, 0.241, 0.05),
            _word("COVERAGES", 0.033, 0.31, 0.06),
        ],
    )
    at = _anchors(_Reader(page))
    assert at.insured is not None
    assert [w.text for w in at.insured.words] == ["INSURES"]


def test_a_date_split_at_a_slash_read_twice_is_one_date() -> None:
    assert parse_date("06//28/2025") == date(2025, 6, 28)
    assert parse_date("06///28") is None


def test_a_mark_before_policy_read_one_letter_off_is_the_aggregate_per_policy() -> None:
    # GIVEN a photo's `[X] POLICY [ ] PRO-JECT [ ] LOC`, POLICY read `pouicy` at 22
    page = PageText(
        1,
        [
            _word("X", 0.065, 0.458, 0.006, 0.010),
            _word("pouicy", 0.089, 0.463, 0.035, 0.006),
            _word("PRO-", 0.160, 0.457, 0.024, 0.006),
            _word("JECT", 0.159, 0.464, 0.024, 0.006),
            _word("LOC", 0.231, 0.463, 0.019, 0.006),
        ],
    )
    assert _aggregate_per(_Reader(page), (0.05, 0.44, 0.35, 0.48)) == "policy"
    # with no mark before it, no option is read
    assert _aggregate_per(_Reader(PageText(1, page.words[1:])), (0.05, 0.44, 0.35, 0.48)) is None


@pytest.mark.parametrize(("mark_left", "project"), [(0.129, True), (0.205, False)])
@pytest.mark.parametrize("policy", ["POLICY", "pouicy"])
def test_a_mark_right_after_policy_is_pro_ject_when_its_stacked_label_is_garbled(
    mark_left: float, project: bool, policy: str
) -> None:
    # GIVEN `POLICY [X] PRO-JECT [ ] LOC` photographed: PRO-JECT read as `Sect`, LOC as `Loc`,
    # POLICY maybe one letter off
    page = PageText(
        1,
        [
            _word(policy, 0.087, 0.459, 0.036, 0.014),
            _word("X", mark_left, 0.455, 0.025, 0.016),
            _word("Sect", 0.159, 0.457, 0.024, 0.013),
            _word("Loc", 0.230, 0.459, 0.020, 0.014),
        ],
    )
    # THEN a mark in the first half of the way from POLICY to LOC is PRO-JECT's
    r, region = _Reader(page), (0.05, 0.44, 0.35, 0.48)
    loc = next(iter(page.find("LOC", region=region, fuzzy=False)))
    policy = r.label("POLICY", region=region, fuzzy=False) or _policy_a_letter_off(r, region, loc)
    assert _mark_between_policy_and_loc(r, policy, loc) is project


@pytest.mark.parametrize(
    ("read", "spelt"),
    [
        ("Beacon Construction Croup", "Beacon Construction Group"),
        ("TURNER-WALSH CONSTRUCTON CO", "TURNER-WALSH CONSTRUCTON CO"),  # a letter lost: not one letter off
        ("RIVERA GLASS & GLAZINC LLC", "RIVERA GLASS & GLAZING LLC"),
        ("Summit Bui1ders Inc", "Summit Builders Inc"),
        ("Keystone Buliding Company", "Keystone Building Company"),  # two neighbours swapped
        ("KEYSTONE BUILDING COMPANVY", "KEYSTONE BUILDING COMPANY"),  # a y read as vy: a letter too many
        ("Apex Paintings", "Apex Paintings"),  # a word of its own, however near
        ("Summit Buildersa", "Summit Builders"),
        ("Class A Contractors", "Glass A Contractors"),  # C/G: the look-alike rule's known cost
        ("Cruop Holdings", "Cruop Holdings"),  # two letters off
        ("Stee1 Works", "Stee1 Works"),  # a five-letter word only by a look-alike letter
        ("Kowalski Fire Pratection LLC", "Kowalski Fire Protection LLC"),  # a trade's word
        ("Summit Seating Company", "Summit Seating Company"),  # no trade word it is a letter off
        ("Wedding Services Inc", "Wedding Services Inc"),
    ],
)
def test_common_words_of_an_ocr_d_party_name_are_spelt_as_printed(read: str, spelt: str) -> None:
    assert party_vocabulary(read) == spelt


@pytest.mark.parametrize(
    ("read", "rejoined"),
    [
        ("T urner-Walsh Construction Co", "Turner-Walsh Construction Co"),
        ("A B Contracting", "A B Contracting"),  # initials stay apart
        ("R & D Builders", "R & D Builders"),
        ("Plan A builders", "Plan A builders"),  # A may be a word of its own
    ],
)
def test_a_capital_ocr_split_off_its_word_is_rejoined(read: str, rejoined: str) -> None:
    assert rejoined_first_letters(read) == rejoined


def test_two_ocr_pieces_of_one_word_sharing_a_letter_are_one_word() -> None:
    # As OCR read a photographed holder name: `Tur` and `ener-Walsh`, their boxes one letter over.
    words = [
        _word("Tur", 0.045, 0.843, 0.025, 0.011),
        _word("ener-Walsh", 0.064, 0.844, 0.075, 0.007),
        _word("Construction", 0.148, 0.844, 0.094, 0.007),
        _word("Co", 0.251, 0.845, 0.015, 0.006),
    ]
    assert _text(words) == "Turner-Walsh Construction Co"
    # Words that only touch stay apart.
    assert _text([_word("Beacon", 0.104, 0.849, 0.044), _word("Group", 0.149, 0.849, 0.04)]) == "Beacon Group"


@pytest.mark.parametrize(
    ("printed", "block_top"),
    [
        # a photographed retyped copy: `WORKERS` as `IORKERS`, little confidence; its second line
        # and the COMPENSATION above it mark it, from its first line (where the row's number is)
        (
            (
                ("IORKERS", 0.076, 0.631, 0.04, 0.006),
                ("COMPENSATION", 0.120, 0.631, 0.075, 0.007),
                ("AND", 0.067, 0.639, 0.020, 0.005),
                ("EMPLOYERS'", 0.091, 0.639, 0.059, 0.006),
                ("LIABILITY", 0.155, 0.639, 0.044, 0.006),
            ),
            0.631,
        ),
        # a photographed official form: `SeocariCOMPENSATION`, and `LOYERS` for EMPLOYERS'
        (
            (
                ("SeocariCOMPENSATION", 0.061, 0.609, 0.131, 0.006),
                ("LOYERS", 0.106, 0.618, 0.034, 0.006),
                ("LIABILITY", 0.149, 0.618, 0.046, 0.006),
            ),
            0.609,
        ),
    ],
)
def test_workers_comp_is_found_when_ocr_garbled_its_label(
    printed: tuple[tuple[str, float, float, float, float], ...], block_top: float
) -> None:
    umbrella = [_word("UMBRELLA", 0.095, 0.588, 0.051, 0.006), _word("LIAB", 0.150, 0.589, 0.021, 0.006)]
    page = PageText(1, [*umbrella, *(_word(*word) for word in printed)])
    blocks, _, _ = _blocks(_Reader(page), (0.0, 0.5, 1.0, 0.8))
    assert [key for key, _ in blocks] == ["umb", "wc"]
    assert blocks[1][1].top == pytest.approx(block_top)


@pytest.mark.parametrize("limit_printed", [True, False])
def test_auto_block_misread_past_matching_is_found_on_the_line_of_its_first_limit(
    limit_printed: bool,
) -> None:
    # A photographed official form: `AUTOMOBILE` read `Avtomosive`, the CSL cell's `LIMIT` lost.
    general = [_word("COMMERCIAL", 0.064, 0.384, 0.06), _word("GENERAL", 0.128, 0.384, 0.045)]
    auto_line = [
        _word("E", 0.031, 0.489, 0.008, 0.008),
        _word("Avtomosive", 0.064, 0.49, 0.064, 0.006),
        _word("LIABILITY", 0.131, 0.49, 0.045, 0.006),
        _word("N", 0.29, 0.489, 0.009, 0.008),
        _word("UYU393457", 0.35, 0.489, 0.079, 0.009),
        _word("OTHER:", 0.088, 0.477, 0.036, 0.006),
    ]
    limit = [_word("COMBINED", 0.701, 0.486, 0.053, 0.006), _word("SINGLE", 0.757, 0.486, 0.035, 0.006)]
    page = PageText(
        1, [*general, _word("LIABILITY", 0.177, 0.384, 0.045), *auto_line, *limit[: 2 * limit_printed]]
    )
    blocks, _, _ = _blocks(_Reader(page), (0.0, 0.37, 1.0, 0.8))
    if not limit_printed:
        assert [key for key, _ in blocks] == ["gl"]
        return
    assert [key for key, _ in blocks] == ["gl", "auto"]
    assert [w.text for w in blocks[1][1].words] == ["Avtomosive", "LIABILITY"]


def test_print_in_a_mark_cell_that_reads_as_no_mark_leaves_the_column_unread_and_doubted() -> None:
    # A scanned `Y` in the ADDL INSD column read as `a6`, with little confidence.
    unreadable = Word(
        text="a6", page=1, box=Box(left=0.297, top=0.518, width=0.01, height=0.014), source="ocr"
    )
    page = PageText(
        1,
        [
            unreadable,
            _word("623DG58748", 0.351, 0.518, 0.086, 0.009),
            _word("02/26/2025", 0.551, 0.518, 0.05),
            _word("02/26/2026", 0.628, 0.518, 0.05),
        ],
    )
    grid = _Grid(
        0.06,
        0.06,
        0.28,
        0.7,
        {"addl": 0.30, "subr": 0.325, "number": 0.45, "eff": 0.576, "exp": 0.653},
        0.28,
        0.54,
    )
    found = _middle_values(_Reader(page), grid, 0.51, 0.535)
    assert found["addl"][0] is None
    assert found["addl"][1] < 0.5
    assert found["number"][0] == "623DG58748"
    assert "subr" not in found  # an empty cell stays simply blank


@pytest.mark.parametrize(
    ("printed", "read", "source"),
    [
        ("wc-680231", "WC-680231", "ocr"),  # c and w: capitals drawn small, case unseen by OCR
        ("914Bx97583", "914BX97583", "ocr"),
        ("914Ba97583", "914Ba97583", "ocr"),  # an `a` has its own shape: kept as read
        ("wc-680231", "wc-680231", "pdf-text"),  # a text layer is what the agency typed
        ("(C54875111", "C54875111", "ocr"),  # the cell's rule read as half a bracket
        ("CPP(2024)-11", "CPP(2024)-11", "ocr"),  # brackets printed in pairs stay
    ],
)
def test_a_lower_case_letter_ocr_read_in_a_policy_number_of_capitals_is_a_capital(
    printed: str, read: str, source: str
) -> None:
    assert _policy_number_cell(printed, source)[0] == read


@pytest.mark.parametrize(
    ("read", "doubted"), [("DxX54322554", True), ("DX54322554", False), ("914Bx97583", False)]
)
def test_a_letter_read_twice_in_two_cases_in_a_policy_number_is_doubted(read: str, doubted: bool) -> None:
    # GIVEN a scan's `DX54322554` with its X read twice, once small and once a capital
    number, confidence = _policy_number_cell(read, "ocr")
    # THEN the number is read in capitals, and sent to a person only where a glyph was read twice
    assert number == read.upper()
    assert (confidence < REVIEW_THRESHOLD) is doubted


def test_a_digit_read_in_both_pieces_of_a_policy_number_boxed_over_each_other_is_read_once() -> None:
    # GIVEN a retyped scan's `BA104532-69` read as `BA1` and `104532-69`, their boxes sharing the 1
    number, confidence = _policy_number_cell((("BA1", 0.355, 0.026), ("104532-69", 0.378, 0.069)), "ocr")
    # THEN the 1 is read once, and a person checks it
    assert number == "BA104532-69"
    assert confidence < REVIEW_THRESHOLD
    # while pieces apart keep both digits (`TH-1` `12-201868`)
    assert (
        _policy_number_cell((("TH-1", 0.351, 0.02), ("12-201868", 0.373, 0.06)), "ocr")[0] == "TH-112-201868"
    )


@pytest.mark.parametrize(("gap", "doubted"), [(0.003, True), (0.005, True), (0.008, False)])
def test_a_space_read_into_a_policy_number_where_less_than_a_word_space_is_blank_is_doubted(
    gap: float, doubted: bool
) -> None:
    # GIVEN a scan's `144WYJ997645` OCR split at a blank narrower than a word space (print 0.009 high)
    pieces = (("144W", 0.354, 0.033), ("YJ997645", 0.354 + 0.033 + gap, 0.06))
    number, confidence = _policy_number_cell(pieces, "ocr")
    # THEN the space is kept as read, and sent to a person unless it is as wide as a word space
    assert number == "144W YJ997645"
    assert (confidence < REVIEW_THRESHOLD) is doubted


def _policy_number_cell(
    printed: str | tuple[tuple[str, float, float], ...], source: str
) -> tuple[object, float]:
    """The policy number and its confidence read from a row printing `printed` (one word, or the
    number's pieces as OCR boxed them: text, left, width) and two dates."""
    number = ((printed, 0.351, 0.086),) if isinstance(printed, str) else printed
    printed_row = (*number, ("02/26/2025", 0.551, 0.05), ("02/26/2026", 0.628, 0.05))
    page = PageText(
        1,
        [
            Word(text=text, page=1, box=Box(left=left, top=0.518, width=width, height=0.009), source=source)
            for text, left, width in printed_row
        ],
    )
    numbers = {"addl": 0.30, "subr": 0.325, "number": 0.45, "eff": 0.576, "exp": 0.653}
    grid = _Grid(0.06, 0.06, 0.28, 0.7, numbers, 0.28, 0.54)
    return _middle_values(_Reader(page), grid, 0.51, 0.535)["number"]


def _smudged_insured_label(confidence: float) -> PageText:
    """The old drawing's top-left blocks from a photo: INSURED smudged to `Sr`."""

    def word(text: str, left: float, top: float, width: float, sure: float = 0.95) -> Word:
        box = Box(left=left, top=top, width=width, height=0.008)
        return Word(text=text, page=1, box=box, confidence=sure, source="ocr")

    return PageText(
        1,
        [
            word("PRODUCER", 0.030, 0.112, 0.055),
            word("CONTACT", 0.492, 0.112, 0.048),
            word("IMA", 0.034, 0.125, 0.022),
            word("Inc", 0.061, 0.125, 0.017),
            word("PHONE", 0.492, 0.126, 0.034),
            word("1331", 0.034, 0.139, 0.025),
            word("Mill", 0.066, 0.139, 0.019),
            word("INSURER", 0.492, 0.166, 0.043),
            word("Sr", 0.030, 0.175, 0.044, confidence),
            word("Blue", 0.076, 0.187, 0.025),
            word("Ridge", 0.106, 0.187, 0.033),
            word("8644", 0.076, 0.200, 0.028),
            word("Route", 0.109, 0.200, 0.035),
            word("COVERAGES", 0.030, 0.248, 0.083),
        ],
    )


def test_an_insured_label_smudged_past_reading_is_found_over_its_indented_block() -> None:
    anchors = _anchors(_Reader(_smudged_insured_label(0.16)))
    assert anchors.insured is not None
    assert [w.text for w in anchors.insured.words] == ["Sr"]


def test_a_surely_read_word_at_the_left_edge_is_no_insured_label() -> None:
    assert _anchors(_Reader(_smudged_insured_label(0.9))).insured is None


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("Priya.walsh@ima.com", "priya.walsh@ima.com"),  # a capital OCR sized wrong
        ("KAREN.CHEN@BROWNCOM", "KAREN.CHEN@BROWN.COM"),  # the domain's dot lost
        ("luis.chen@@alliant.com", "luis.chen@alliant.com"),  # the sign read twice
        ("karen.chen@brown.com", "karen.chen@brown.com"),
        ("SUSan.lopez@lockton.com", "susan.lopez@lockton.com"),
        ("luis.miller@acrisure.comSee", "luis.miller@acrisure.com"),  # the cell's next print
        ("karen.brown@ima.coms", "karen.brown@ima.com"),
        ("priya.walsh@ima.comee,AleNey", "priya.walsh@ima.com"),
        ("KEVIN.JOHNSON@MARSH.COM", "KEVIN.JOHNSON@MARSH.COM"),  # printed in capitals
        ("ops@harbor.community", "ops@harbor.community"),  # a longer top-level domain
        ("ops@harbor.co", "ops@harbor.co"),
        ("james..davis@ima.com", "james.davis@ima.com"),  # one stop read twice
        (".PRIYA.OKAFOR@BROWN.COM", "PRIYA.OKAFOR@BROWN.COM"),  # a speck before it read as a stop
        ("-priya.garcia@nfp.com", "priya.garcia@nfp.com"),  # or as a dash
        ("ROBERT.OKAFOR@HUB.COM(512)", "ROBERT.OKAFOR@HUB.COM"),  # the phone beside it
    ],
)
def test_an_ocr_read_e_mail_address_is_put_back_as_printed(read: str, printed: str) -> None:
    assert _ocr_email(read) == printed


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("(467) 336 - 1832", "(467) 336-1832"),
        ("(467) 336 1832", "(467) 336-1832"),  # the hyphen lost
        ("849 702.5935", "849.702.5935"),  # a stop read as a space
        ("549 254 6116", "549 254 6116"),  # printed with spaces
        ("(403) 583-5480 x12", "(403) 583-5480 x12"),
    ],
)
def test_an_ocr_read_phone_number_keeps_its_printed_separators(read: str, printed: str) -> None:
    assert _ocr_phone(read) == printed


def test_with_both_date_headers_lost_the_printed_dates_give_the_two_date_columns() -> None:
    page = PageText(
        1,
        [
            _word("GL-243346373", 0.351, 0.383, 0.094),
            _word("03/01/25", 0.556, 0.383, 0.054),
            _word("08/30/25", 0.631, 0.383, 0.054),
            _word("BA-478821711", 0.351, 0.489, 0.095),
            _word("04/2625", 0.556, 0.489, 0.054),  # a separator lost: still a date's print
            _word("04/2606", 0.631, 0.489, 0.055),
        ],
    )
    found = _date_columns(_Reader(page), (0.0, 0.37, 1.0, 0.7), 0.28, 0.69)
    assert found is not None
    effective, expiration, left = found
    assert effective == pytest.approx(0.583, abs=0.001)
    assert expiration == pytest.approx(0.658, abs=0.001)
    assert 0.54 < left < 0.556
    # one column of dates is no evidence of two
    assert _date_columns(_Reader(PageText(1, page.words[:2])), (0.0, 0.37, 1.0, 0.7), 0.28, 0.69) is None
    # a date whose last digit OCR misread (`03/01/202£`) still stands in its column
    misread = [
        page.words[0],
        _word("03/01/202£", 0.536, 0.383, 0.064),
        _word("08/30/2026", 0.608, 0.383, 0.065),
    ]
    found = _date_columns(_Reader(PageText(1, misread)), (0.0, 0.37, 1.0, 0.7), 0.28, 0.69)
    assert found is not None
    assert found[0] == pytest.approx(0.568, abs=0.001)
    # dates an agency prints with hyphens (`08-29-2026`) stand in their columns as well
    hyphened = [
        page.words[0],
        _word("08-29-2026", 0.536, 0.383, 0.064),
        _word("08-29-2027", 0.608, 0.383, 0.065),
    ]
    found = _date_columns(_Reader(PageText(1, hyphened)), (0.0, 0.37, 1.0, 0.7), 0.28, 0.69)
    assert found is not None
    assert found[1] == pytest.approx(0.6405, abs=0.001)


def test_a_mark_ocr_read_as_junk_is_read_by_its_shape_and_listed() -> None:
    # The SUBR column's Y read as `bf` (confidence 0.26); its ink is a Y's.
    junk = _word("bf", 0.325, 0.413, 0.009, 0.008).model_copy(update={"confidence": 0.26, "glyph": "Y"})
    found = _row_values([_word("Y", 0.296, 0.413, 0.009, 0.008), junk, _POLICY_NUMBER], 0.405, 0.425)
    assert found["addl"][0] is True
    subr, confidence = found["subr"]
    assert subr is True
    assert confidence < 0.7  # under the review threshold: a person confirms it


def test_a_faint_mark_whose_text_and_shape_agree_is_as_sure_as_a_plain_one() -> None:
    # The ADDL column's Y read `Y:` at 0.36, its ink a Y's: two readings agree
    faint = _word("Y:", 0.296, 0.413, 0.009, 0.008).model_copy(update={"confidence": 0.36, "glyph": "Y"})
    assert _row_values([faint, _POLICY_NUMBER], 0.405, 0.425)["addl"] == (True, 0.6)
    # but a shape that says otherwise leaves the text's faint reading as unsure as an unread cell
    disputed = faint.model_copy(update={"glyph": "N"})
    assert _row_values([disputed, _POLICY_NUMBER], 0.405, 0.425)["addl"] == (True, 0.3)


def test_the_officers_box_ends_before_an_addl_column_found_from_the_rows_marks() -> None:
    # ADDL and SUBR headers lost on a photo, their columns placed by the rows' marks: the WC row's
    # SUBR `Y` at 0.32 is no answer to the officers' question, whose box ends at 0.283
    centers = {"number": 0.444, "addl": 0.2947, "subr": 0.3239}
    assert officers_box_right(0.259, [0.406, 0.554], centers, 0.006) == pytest.approx(0.2801, abs=0.0005)
    # where the ADDL column stands right of the dates (an agency's own grid), the headers decide
    centers = {"number": 0.409, "addl": 0.677, "subr": 0.708}
    assert officers_box_right(0.321, [0.372, 0.51], centers, 0.006) == pytest.approx(0.3708)


def test_the_officers_answer_left_of_the_addl_column_is_no_addl_mark() -> None:
    # GIVEN the WC row's `Y / N` box answer `N` (0.258 to 0.283) and the ADDL cell's printed N/A
    page = PageText(
        1,
        [
            _word("N", 0.258, 0.628, 0.025, 0.016),
            _word("N/A", 0.292, 0.633, 0.022, 0.006),
            _word("Y", 0.320, 0.611, 0.009, 0.009),
            _word("VSY-714-50402", 0.349, 0.611, 0.11, 0.01),
        ],
    )
    centers = {"number": 0.444, "addl": 0.2947, "subr": 0.3239, "eff": 0.583, "exp": 0.659}
    grid = _Grid(0.053, 0.053, 0.259, 0.698, centers, 0.2801, 0.55)
    found = _middle_values(_Reader(page), grid, 0.605, 0.66, printed_na=True)
    assert "addl" not in found
    assert found["subr"][0] is True


@pytest.mark.parametrize("junk", ["DK", "ps", "XX."])
def test_a_junk_reading_of_one_glyph_shaped_as_neither_y_nor_n_is_an_x_and_listed(junk: str) -> None:
    # A serif X read `DK`, a scanned X read `ps` or with its edge as `XX.`: the cell holds no answer
    # but Y, N or X, and the ink is one glyph with neither a Y's nor an N's shape.
    word = _word(junk, 0.325, 0.413, 0.009, 0.008).model_copy(update={"confidence": 0.26, "glyph": "X"})
    subr, confidence = _row_values([word, _POLICY_NUMBER], 0.405, 0.425)["subr"]
    assert subr is True
    assert confidence < 0.7


def test_junk_of_more_glyphs_or_holding_an_n_is_no_x() -> None:
    longer = _word("bfw", 0.325, 0.413, 0.009, 0.008).model_copy(update={"confidence": 0.26, "glyph": "X"})
    assert _row_values([longer, _POLICY_NUMBER], 0.405, 0.425).get("subr", (None, 0.0))[0] is None
    stub = longer.model_copy(update={"text": "1"})  # the SUBR cell's rule read as a 1, boxed as a glyph
    assert _row_values([stub, _POLICY_NUMBER], 0.405, 0.425).get("subr", (None, 0.0))[0] is None
    held_n = longer.model_copy(update={"text": "Nk"})
    assert _row_values([held_n, _POLICY_NUMBER], 0.405, 0.425)["subr"][0] is False


def test_a_glyph_read_as_a_sign_in_a_mark_cell_is_listed_unread() -> None:
    # An X tick in the ADDL cell read as `>` (its right half), a glyph by its ink: not a blank cell
    sign = _word(">", 0.296, 0.413, 0.004, 0.0099).model_copy(update={"confidence": 0.67, "glyph": "X"})
    addl, confidence = _row_values([sign, _POLICY_NUMBER], 0.405, 0.425)["addl"]
    assert addl is None
    assert confidence < 0.7
    # a sign OCR was sure of and that is no glyph (a rule's stub) says nothing
    stub = sign.model_copy(update={"glyph": None})
    assert "addl" not in _row_values([stub, _POLICY_NUMBER], 0.405, 0.425)


@pytest.mark.parametrize("read", ["§", "$", "&"])
def test_a_mark_read_as_a_sign_as_tall_as_a_letter_is_listed_unread(read: str) -> None:
    # A photo's serif `Y` in the ADDL cell read surely as `§` (no glyph shape taken): print, not a blank
    sign = _word(read, 0.299, 0.413, 0.002, 0.007).model_copy(update={"confidence": 0.88})
    addl, confidence = _row_values([sign, _POLICY_NUMBER], 0.405, 0.425)["addl"]
    assert addl is None
    assert confidence < REVIEW_THRESHOLD


def test_the_small_printed_n_of_n_a_in_a_mark_cell_is_no_answer() -> None:
    # The workers comp row: `N` typed in SUBR at the dates' height, and the `N` of the ADDL cell's
    # pre-printed `N / A` read alone at little more than half of it
    words = [
        _word("N", 0.3176, 0.6114, 0.0078, 0.0061),
        _word("KRK-895-397", 0.3392, 0.6108, 0.082, 0.0070),
        _word("07/29/26", 0.5341, 0.6108, 0.0584, 0.0072),
        _word("07/29/27", 0.6059, 0.6108, 0.0588, 0.0072),
        _word("N", 0.2835, 0.6345, 0.0043, 0.0038),
    ]
    centers = {"addl": 0.294, "subr": 0.3206, "number": 0.4278, "eff": 0.5644, "exp": 0.6377}
    found = _row_values(words, 0.6076, 0.6652, centers)
    assert found["subr"][0] is False
    assert "addl" not in found
    # in a row whose ADDL cell prints no `N / A` (any but workers' comp), a small `N` is the answer
    grid = _Grid(0.03, 0.06, 0.28, 0.7, centers, 0.28, 0.5)
    other_row = _middle_values(_Reader(PageText(1, words)), grid, 0.6076, 0.6652, printed_na=False)
    assert other_row["addl"][0] is False


def test_a_subr_n_shorter_than_a_tall_boxed_date_is_a_typed_answer() -> None:
    # A photo's umbrella row: `Y` and `N` typed in ADDL and SUBR, one date boxed 0.011 tall; the
    # pre-printed `N / A` stands in the ADDL cell only, so an N over SUBR is an answer
    words = [
        _word("Y", 0.3671, 0.4648, 0.0078, 0.0069),
        _word("N", 0.3961, 0.4648, 0.0039, 0.0069),
        _word("SLA31099322", 0.4180, 0.4648, 0.0746, 0.0072),
        _word("2/7/2026", 0.5988, 0.4639, 0.0443, 0.0111),
    ]
    centers = {"addl": 0.371, "subr": 0.398, "number": 0.48, "eff": 0.62, "exp": 0.69}
    found = _row_values(words, 0.46, 0.48, centers)
    assert (found["addl"][0], found["subr"][0]) == (True, False)


def test_letters_read_over_both_mark_cells_at_once_leave_both_unread_and_listed() -> None:
    # A scan's `Y` `X` in ADDL and SUBR read as one word, `NIK`
    words = [
        _word("NIK", 0.2902, 0.5195, 0.0380, 0.0085),
        _word("BA685679674-84", 0.3502, 0.5195, 0.1129, 0.0085),
        _word("01/04/2025", 0.5478, 0.5192, 0.0690, 0.0085),
    ]
    centers = {"addl": 0.296, "subr": 0.322, "number": 0.42, "eff": 0.58, "exp": 0.66}
    found = _row_values(words, 0.51, 0.53, centers)
    assert (found["addl"][0], found["subr"][0]) == (None, None)
    assert max(found["addl"][1], found["subr"][1]) < 0.5
    # the printed `N / A` misread over the ADDL cell alone is no unread mark
    alone = _row_values([_word("NER", 0.2902, 0.5195, 0.012, 0.0085), *words[1:]], 0.51, 0.53, centers)
    assert "addl" not in alone


def test_a_y_read_as_na_is_told_by_its_shape_not_taken_for_the_printed_n_a() -> None:
    # The ADDL cell's `Y` read `NA` at 0.44, one glyph with a Y's shape
    junk = _word("NA", 0.2886, 0.5029, 0.0102, 0.0133).model_copy(update={"confidence": 0.44, "glyph": "Y"})
    number = _word("BA779830-12", 0.3498, 0.5044, 0.0886, 0.0085)
    centers = {"addl": 0.3029, "subr": 0.3323, "number": 0.4425, "eff": 0.5839, "exp": 0.6599}
    addl, confidence = _row_values([junk, number], 0.4867, 0.5627, centers)["addl"]
    assert addl is True
    assert confidence < 0.7
    # the printed N/A read as `NA` is still no answer
    printed = junk.model_copy(update={"glyph": None, "confidence": 0.9})
    assert "addl" not in _row_values([printed, number], 0.4867, 0.5627, centers)


def test_an_addl_mark_glued_to_the_type_column_s_last_label_is_the_mark() -> None:
    # `CLAIMS-MADEN`: the umbrella row's ADDL `N` read onto the CLAIMS-MADE label before it
    words = [
        _word("EXCESS", 0.089, 0.5801, 0.038),
        _word("CLAIMS-MADEN", 0.218, 0.5804, 0.082, 0.0088),
        _word("X", 0.3196, 0.5804, 0.0094, 0.0088),
        _word("XMW872937", 0.3494, 0.5801, 0.0886, 0.0091),
    ]
    centers = {"addl": 0.3028, "subr": 0.3323, "number": 0.4426, "eff": 0.5988, "exp": 0.66}
    found = _row_values(words, 0.5624, 0.6064, centers, type_right=0.289)
    assert found["addl"][0] is False
    assert found["subr"][0] is True


def test_a_description_quoting_the_holder_label_gives_a_second_print_above_the_label() -> None:
    # As OCR read a scan: the description's second line starts `CERTIFICATE HOLDER FOR THIS
    # PROJECT.`, a word gap wider than the label's height; the printed label stands lower.
    quoted = ["CERTIFICATE", "HOLDER", "FOR", "THIS", "PROJECT."]
    lefts = [0.040, 0.145, 0.207, 0.243, 0.287]
    widths = [0.095, 0.053, 0.026, 0.034, 0.067]
    page = PageText(
        1,
        [_word(t, x, 0.743, w, 0.007) for t, x, w in zip(quoted, lefts, widths, strict=True)]
        + [
            _word("CERTIFICATE", 0.036, 0.823, 0.089, 0.008),
            _word("HOLDER", 0.131, 0.823, 0.057, 0.008),
            _word("CANCELLATION", 0.507, 0.823, 0.107, 0.008),
            _word("KEYSTONE", 0.101, 0.845, 0.070, 0.007),
        ],
    )
    r = _Reader(page)
    holders = r.labels("CERTIFICATE HOLDER", standalone=True, region=(0.0, 0.73, 0.5, 1.0))
    assert [round(m.top, 3) for m in holders] == [0.743, 0.823]


def test_a_naic_number_with_the_column_rule_read_as_a_leading_1_has_its_five_digits() -> None:
    label = [_word("INSURER", 0.507, 0.235, 0.042, 0.006), _word("B:", 0.553, 0.235, 0.011, 0.005)]
    page = PageText(
        1, [*label, _word("State", 0.569, 0.235, 0.027, 0.007), _word("135076", 0.882, 0.235, 0.036)]
    )
    r = _Reader(page)
    naic, confidence = _naic_of(r, Match(tuple(label)), 0.87)
    assert naic == "35076"
    assert confidence < 0.7


def test_an_empty_insurer_row_s_naic_rule_read_as_a_1_is_no_naic_number() -> None:
    label = [_word("INSURER", 0.478, 0.201, 0.042, 0.006), _word("F:", 0.523, 0.201, 0.011, 0.005)]
    r = _Reader(PageText(1, [*label, _word("1", 0.903, 0.201, 0.002)]))
    assert _naic_of(r, Match(tuple(label)), 0.87)[0] is None


def test_a_naic_number_joined_from_pieces_read_over_each_other_is_doubted() -> None:
    # `2` `39` `16` for 23396 on a clean scan: the last two pieces both hold the printed `9`.
    label = [_word("INSURER", 0.478, 0.161, 0.042, 0.006), _word("B:", 0.523, 0.161, 0.011, 0.005)]
    pieces = [
        _word("2", 0.903, 0.161, 0.005),
        _word("39", 0.923, 0.161, 0.015),
        _word("16", 0.931, 0.161, 0.010),
    ]
    r = _Reader(PageText(1, [*label, _word("Mutual", 0.62, 0.161, 0.05), *pieces]))
    naic, confidence = _naic_of(r, Match(tuple(label)), 0.87)
    assert naic == "23916"
    assert confidence < 0.7
    spaced = [_word("23", 0.903, 0.161, 0.015), _word("396", 0.919, 0.161, 0.023)]
    r = _Reader(PageText(1, [*label, _word("Mutual", 0.62, 0.161, 0.05), *spaced]))
    assert _naic_of(r, Match(tuple(label)), 0.87)[1] > 0.7


@pytest.mark.parametrize(
    ("row", "name", "naic"),
    [
        ("Ohio Casualty Insurance Company 24074", "Ohio Casualty Insurance Company", "24074"),
        ("Old Republic General Insurance Corp 124147", "Old Republic General Insurance Corp", "24147"),
        ("Zurich American Insurance Company", "Zurich American Insurance Company", None),
        ("Lloyds Syndicate 2623", "Lloyds Syndicate 2623", None),  # a syndicate's number is its name
        ("Accident Fund Insurance Co of America 0166", "Accident Fund Insurance Co of America", None),
        (None, None, None),
    ],
)
def test_an_insurer_row_s_naic_number_is_split_off_its_name(
    row: str | None, name: str | None, naic: str | None
) -> None:
    # Where OCR lost the NAIC # label the whole row reads as one text: the number ends it.
    assert name_and_row_naic(row) == (name, naic)


def test_a_city_state_and_postal_code_printed_side_by_side_are_joined_as_the_form_joins_them() -> None:
    # The official fillable form prints its city, state and postal code fields with no comma.
    lines = [
        Line([_word("Kowalski", 0.05, 0.80, 0.08), _word("Painting", 0.14, 0.80, 0.08)]),
        Line([_word("4613", 0.05, 0.81), _word("Industrial", 0.08, 0.81, 0.06), _word("Pkwy", 0.15, 0.81)]),
        Line([_word("Phoenix", 0.05, 0.82, 0.05), _word("AZ", 0.11, 0.82), _word("85022", 0.14, 0.82)]),
    ]
    _, address, _, _ = _party(lines)
    assert address == "4613 Industrial Pkwy, Phoenix, AZ 85022"


def _read_party(*texts: str) -> tuple[str | None, str | None]:
    """A party block of OCR'd lines, each given as its words."""
    lines = [
        Line([_word(text, 0.05 + i * 0.07, 0.80 + row * 0.012, 0.06) for i, text in enumerate(line.split())])
        for row, line in enumerate(texts)
    ]
    name, address, _, _ = _party(lines)
    return name, address


@pytest.mark.parametrize(
    ("lines", "read"),
    [
        (("O Brien Mechanical Corp.", "12 Elm St", "Raleigh, NC 27622"), "O'Brien Mechanical Corp."),
        ((")'Brien Roofing Corp.", "12 Elm St", "Raleigh, NC 27622"), "O'Brien Roofing Corp."),
        (("Turner-Walsh Construction Ce", "12 Elm St", "Raleigh, NC 27622"), "Turner-Walsh Construction Co"),
        (("Pinnacle Contracting Gerp", "12 Elm St", "Raleigh, NC 27622"), "Pinnacle Contracting Corp"),
        (("Summit Builders Ihe", "12 Elm St", "Raleigh, NC 27622"), "Summit Builders Inc"),
        (("Big O Tires LLC", "12 Elm St", "Raleigh, NC 27622"), "Big O Tires LLC"),
    ],
)
def test_a_scanned_name_s_o_apostrophe_and_closing_co_are_read_as_printed(
    lines: tuple[str, ...], read: str
) -> None:
    assert _read_party(*lines)[0] == read


@pytest.mark.parametrize(
    ("lines", "address"),
    [
        (("7606. Commerce Dr", "Sacramento, CA 95875"), "7606 Commerce Dr, Sacramento, CA 95875"),
        (("4578 N Broad St, Uni B", "Austin, TX 78775"), "4578 N Broad St, Unit B, Austin, TX 78775"),
        (("8788 MILL RD, UNI 4", "PHOENIX, AZ 85012"), "8788 MILL RD, UNIT 4, PHOENIX, AZ 85012"),
        (("5767 N Broad St", "Newark, NJ.07134"), "5767 N Broad St, Newark, NJ 07134"),
        (("3336 Mill Rd", "Raleigh NC. 27622"), "3336 Mill Rd, Raleigh, NC 27622"),
        (("2063 N Broad St", "Boston, MA 1.02110"), "2063 N Broad St, Boston, MA 02110"),
        (("100 Uni Way", "Boston, MA 02110"), "100 Uni Way, Boston, MA 02110"),  # a street's own name
        (("2619 19 W 34th St", "Sacramento, CA 95836"), "2619 W 34th St, Sacramento, CA 95836"),
        (("2851 N Broad St", "Boston, MA 021 18"), "2851 N Broad St, Boston, MA 02118"),
        (("7570 Industrial Pkwy", "Springfield, IL 62752 ie"), "7570 Industrial Pkwy, Springfield, IL 62752"),
        (("6735 Oak Ave", "Newark, NI 07196"), "6735 Oak Ave, Newark, NJ 07196"),  # the one state fitting
        (("6735 Oak Ave", "Raleigh, NO 27641"), "6735 Oak Ave, Raleigh, NC 27641"),
        (("6735 Oak Ave", "Newark, NX 99999"), "6735 Oak Ave, Newark, NX 99999"),  # none fits
        (("2851 N Broad St", "Boston, MA 021 180"), "2851 N Broad St, Boston, MA 021 180"),
        (("2619 18 W 34th St", "Sacramento, CA 95836"), "2619 18 W 34th St, Sacramento, CA 95836"),
        (
            ("5791 Harbor Blvd, Floor loor 3", "Raleigh, N NC 27639"),
            "5791 Harbor Blvd, Floor 3, Raleigh, NC 27639",
        ),
        (("9785 W 34th St", "Sacramento, C/ CA 95873"), "9785 W 34th St, Sacramento, CA 95873"),
        (("9785 W 34th St", "Cape May, NJ 08204"), "9785 W 34th St, Cape May, NJ 08204"),
        (
            ("9187 RIVERSIDE DR, BLD G4", "PORTLAND, OR 97256"),
            "9187 RIVERSIDE DR, BLDG 4, PORTLAND, OR 97256",
        ),
        (
            ("9187 Riverside Dr, Uni T12", "Portland, OR 97256"),
            "9187 Riverside Dr, Unit 12, Portland, OR 97256",
        ),
        (
            ("9187 Riverside Dr, Pier B4", "Portland, OR 97256"),
            "9187 Riverside Dr, Pier B4, Portland, OR 97256",
        ),
    ],
)
def test_specks_in_a_scanned_address_read_as_stops_or_a_unit_word_cut_short_are_read_as_printed(
    lines: tuple[str, ...], address: str
) -> None:
    assert _read_party("Metro Transit", *lines)[1] == address


def test_a_name_line_read_unsurely_in_words_of_letters_is_the_name_not_a_smudge() -> None:
    # `Wostield Concrete LLC` read at 0.39, 0.60 and 0.0: left out, the street had become the name
    name = [
        _word("Wostield", 0.041, 0.241, 0.053).model_copy(update={"confidence": 0.39}),
        _word("Concrete", 0.098, 0.241, 0.052).model_copy(update={"confidence": 0.60}),
        _word("LLC", 0.155, 0.241, 0.033).model_copy(update={"confidence": 0.0}),
    ]
    lines = [
        Line(name),
        Line([_word("7793", 0.041, 0.253), _word("Elm", 0.075, 0.253), _word("Street", 0.100, 0.253)]),
        Line([_word("Denver,", 0.042, 0.265), _word("CO", 0.090, 0.265), _word("80286", 0.113, 0.265)]),
    ]
    read, address, confidence, _ = _party(lines)
    assert (read, address) == ("Wostield Concrete LLC", "7793 Elm Street, Denver, CO 80286")
    assert confidence < REVIEW_THRESHOLD


def test_an_address_line_too_faint_to_keep_puts_the_address_in_doubt_not_the_name() -> None:
    # `UNIT B` under the street, read at 0.37: left out as a smudge would be, but a word of four
    # letters is no smudge, so the address read without it is listed for a person.
    def holder(*faint: Word) -> tuple[float, float]:
        lines = [
            Line([_word("Metro", 0.05, 0.80, 0.05), _word("Transit", 0.11, 0.80, 0.06)]),
            Line([_word("6082", 0.05, 0.81), _word("Commerce", 0.08, 0.81, 0.07), _word("Dr", 0.16, 0.81)]),
            *([Line(list(faint))] if faint else []),
            Line(
                [_word("Sacramento,", 0.05, 0.83, 0.08), _word("CA", 0.14, 0.83), _word("95880", 0.17, 0.83)]
            ),
        ]
        _, address, confidence, address_confidence = _party(lines)
        assert address == "6082 Commerce Dr, Sacramento, CA 95880"
        return confidence, address_confidence

    unit = _word("UNIT", 0.05, 0.82, 0.03).model_copy(update={"confidence": 0.37})
    letter = _word("B", 0.09, 0.82, 0.008).model_copy(update={"confidence": 0.37})
    name_confidence, address_confidence = holder(unit, letter)
    assert name_confidence >= REVIEW_THRESHOLD > address_confidence
    speck = _word("iii", 0.05, 0.82, 0.01).model_copy(update={"confidence": 0.2})
    assert min(holder(speck)) >= REVIEW_THRESHOLD  # a smudge read as letters is no lost line


@pytest.mark.parametrize(
    ("source", "read"),
    [("ocr", "5622 W 34th St, Floor 3, Sacramento"), ("pdf-text", "5622 W 34th. St, Floor 3., Sacramento")],
)
def test_a_stop_read_after_an_ordinal_or_ending_a_line_s_number_is_a_speck(source: str, read: str) -> None:
    def typed(text: str, left: float, top: float) -> Word:
        return _word(text, left, top).model_copy(update={"source": source})

    lines = [
        Line([typed("Acrisure", 0.05, 0.80)]),
        Line(
            [
                typed("5622", 0.05, 0.81),
                typed("W", 0.08, 0.81),
                typed("34th.", 0.10, 0.81),
                typed("St", 0.14, 0.81),
            ]
        ),
        Line([typed("Floor", 0.05, 0.82), typed("3.", 0.08, 0.82)]),
        Line([typed("Sacramento", 0.05, 0.83)]),
    ]
    _, address, _, _ = _party(lines)
    assert address == read  # a text layer's typing is kept


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        (["Kowalski", "Painting", "Go"], "Kowalski Painting Co"),
        (["Pinnacle", "Contracting", "Garp."], "Pinnacle Contracting Corp."),
        (["Go", "Green", "Builders"], "Go Green Builders"),  # only the closing word is a suffix
        (["Cardinal", "Paving", "CeCo"], "Cardinal Paving Co"),  # the suffix read twice, once a letter off
        (["Summit", "Builders", "IncInc."], "Summit Builders Inc."),
        (["Apex", "Deco"], "Apex Deco"),  # a word of the name, not a suffix read twice
    ],
)
def test_a_company_name_s_closing_suffix_misread_is_undone(printed: list[str], read: str) -> None:
    lines = [
        Line([_word(text, 0.05 + 0.06 * i, 0.80, 0.05) for i, text in enumerate(printed)]),
        Line([_word("4613", 0.05, 0.81), _word("Industrial", 0.08, 0.81, 0.06), _word("Pkwy", 0.15, 0.81)]),
    ]
    name, _, _, _ = _party(lines)
    assert name == read


def test_a_capital_i_read_as_a_lower_case_l_is_an_i() -> None:
    lines = [
        Line(
            [
                _word("lronwood", 0.05, 0.80, 0.06),
                _word("Drywall", 0.12, 0.80, 0.05),
                _word("LLC", 0.18, 0.80),
            ]
        ),
        Line([_word("4613", 0.05, 0.81), _word("lndustrial", 0.08, 0.81, 0.06), _word("Pkwy", 0.15, 0.81)]),
        Line([_word("Phoenix,", 0.05, 0.82, 0.05), _word("AZ", 0.11, 0.82), _word("85022", 0.14, 0.82)]),
    ]
    name, address, _, _ = _party(lines)
    assert (name, address) == ("Ironwood Drywall LLC", "4613 Industrial Pkwy, Phoenix, AZ 85022")


def test_a_smudge_boxed_two_lines_tall_before_an_amount_is_not_part_of_it() -> None:
    # `DAMAGE PREMISESTORENTEDenc 4). $100,000`: the `4).` a box 0.016 tall beside 0.008 print
    words = [
        _word("DAMAGE", 0.701, 0.395, 0.041, 0.006),
        _word("4).", 0.810, 0.394, 0.034, 0.016),
        _word("$100,000", 0.848, 0.397, 0.047, 0.008),
    ]
    assert [w.text for w in _amount_words(words)] == ["$100,000"]
    # pieces of one amount of the same height stay one amount
    pieces = [_word("1,000", 0.848, 0.397, 0.03, 0.008), _word(",000", 0.879, 0.397, 0.02, 0.008)]
    assert [w.text for w in _amount_words(pieces)] == ["1,000", ",000"]
    # and a lone digit boxed tall with the `$` before it (`$1` `000,000`), touching the rest, is its start
    tall_one = [_word("1", 0.842, 0.484, 0.012, 0.016), _word("000,000", 0.857, 0.49, 0.059, 0.009)]
    assert [w.text for w in _amount_words(tall_one)] == ["1", "000,000"]


def test_a_party_label_boxed_down_into_the_name_below_it_leaves_the_name_whole() -> None:
    # GIVEN `INSURED` boxed twice its height by OCR, down over the first word of the insured's name
    insured = _word("INSURED", 0.036, 0.2305, 0.043, 0.0133)
    page = PageText(
        1,
        [
            insured,
            _word("O'Brien", 0.084, 0.2405, 0.042, 0.0079),
            _word("Painting", 0.131, 0.2408, 0.045, 0.0097),
            _word("L.L.C.", 0.182, 0.2408, 0.033, 0.0076),
            _word("5972", 0.084, 0.2523, 0.028, 0.0076),
            _word("Route", 0.117, 0.2523, 0.033, 0.0076),
            _word("9", 0.155, 0.2523, 0.007, 0.0076),
            *[_word("INSURER", 0.506, 0.2351 + 0.015 * i, 0.042, 0.0055) for i in range(3)],
        ],
    )
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25"))

    # WHEN the parties are read
    _read_parties(_Reader(page), cert, _Anchors(None, None, Match((insured,)), 0.5, 0.30))

    # THEN the name keeps its first word and the address is the next line
    assert (cert.insured.name, cert.insured.address) == ("O'Brien Painting L.L.C.", "5972 Route 9")


def test_a_party_label_boxed_three_lines_tall_is_not_read_as_the_name() -> None:
    # GIVEN a photo's `INSURED` boxed from its own line down past the top of the name's line
    insured = _word("INSURED", 0.043, 0.165, 0.044, 0.020)
    page = PageText(
        1,
        [
            insured,
            _word("Northgate", 0.090, 0.178, 0.053, 0.009),
            _word("Roofing", 0.147, 0.178, 0.040, 0.009),
            _word("Corp.", 0.192, 0.177, 0.029, 0.017),
            _word("4004", 0.090, 0.191, 0.027, 0.007),
            _word("Riverside", 0.121, 0.190, 0.050, 0.007),
            _word("Dr", 0.175, 0.191, 0.012, 0.007),
            *[_word("INSURER", 0.486, 0.157 + 0.013 * i, 0.041, 0.006) for i in range(6)],
            *[_word("NAIC", 0.886, 0.157 + 0.013 * i, 0.021, 0.006) for i in range(6)],
        ],
    )
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25"))
    _read_parties(_Reader(page), cert, _Anchors(None, None, Match((insured,)), 0.48, 0.25))
    assert (cert.insured.name, cert.insured.address) == ("Northgate Roofing Corp.", "4004 Riverside Dr")


def test_a_dollar_sign_misread_as_letters_before_a_whole_amount_is_not_part_of_it() -> None:
    # `$ 1,000,000` with the `$` read as `5G`, close enough to pass for a piece of the amount
    words = [_word("ER", 0.829, 0.314, 0.005, 0.012), _word("5G", 0.880, 0.317, 0.005, 0.007)]
    words.append(_word("1,000,000", 0.911, 0.317, 0.058, 0.009))
    assert [w.text for w in _amount_words(words)] == ["1,000,000"]
    pieces = [_word("1", 0.880, 0.317, 0.005, 0.009), _word("000,000", 0.889, 0.317, 0.040, 0.009)]
    assert [w.text for w in _amount_words(pieces)] == ["1", "000,000"]  # digits in front still join
    # nor is the `$` read as digits and a colon (`38:`: no amount holds a colon)
    sign = [_word("38:", 0.882, 0.308, 0.008, 0.007), _word("1,000,000.00", 0.905, 0.308, 0.06, 0.008)]
    assert [w.text for w in _amount_words(sign)] == ["1,000,000.00"]


def test_an_amount_a_photo_read_a_glyph_at_a_time_is_joined_into_its_groups() -> None:
    # `$ 2,000,000`: each digit its own word, the first comma read as a tiny `4`, the second as an
    # `i` OCR hardly saw
    def glyph(
        text: str, left: float, confidence: float = 0.9, top: float = 0.392, height: float = 0.006
    ) -> Word:
        return _word(text, left, top, 0.005, height).model_copy(update={"confidence": confidence})

    words = [glyph("$", 0.873), glyph("2", 0.900, 0.6), glyph("4", 0.909, top=0.397, height=0.002)]
    words += [glyph("0", 0.915), glyph("0", 0.922), glyph("0", 0.930), glyph("i", 0.937, 0.0, 0.391, 0.010)]
    words += [glyph("0", 0.945), glyph("0", 0.953), glyph("0", 0.961)]
    amount = _amount_words(digits_read_one_by_one(words))
    assert _joined_amount([w.text for w in amount]) == "2,000,000"
    assert min(w.confidence for w in amount) == 0.6  # as sure as its least sure glyph
    # digits printed apart are no one word: a street number's `12` and `5` stay two
    assert [w.text for w in digits_read_one_by_one([glyph("1", 0.80), glyph("5", 0.82)])] == ["1", "5"]


def test_print_boxed_tall_over_an_amounts_end_and_a_hair_past_it_is_no_piece_of_it() -> None:
    # A typewriter `$ 1,000,000.00` on a scan: `.00` read `700`, boxed twice the line's height over
    # the amount's end and a hair past it
    words = [_word("1,000,000", 0.873, 0.490, 0.0918, 0.0076)]
    tall = _word("700", 0.9459, 0.4848, 0.0196, 0.0161)
    assert [w.text for w in _amount_words([*words, tall])] == ["1,000,000"]
    past = _word("700", 0.9600, 0.4848, 0.0196, 0.0161)  # a word of its own after the amount
    assert [w.text for w in _amount_words([*words, past])] != ["1,000,000"]


def test_a_one_million_shorthand_with_its_1_read_as_a_letter_is_an_amount() -> None:
    words = [_word("EACH", 0.701, 0.386, 0.026, 0.006), _word("$iM", 0.848, 0.382, 0.021, 0.008)]
    assert [w.text for w in _amount_words(words)] == ["$iM"]
    assert [w.text for w in _amount_words([_word("SIM", 0.848, 0.382, 0.021, 0.008)])] == ["SIM"]
    assert _amount_words([_word("Sim", 0.8, 0.38), _word("Jones", 0.83, 0.38)]) == []  # a name, not an amount


def test_a_rows_dates_are_taken_as_read_for_the_certificate_date_to_settle_an_impossible_term() -> None:
    # Both dates of a scan's auto row read `03/17/2026`: which one is a year off is for the
    # certificate's date to tell (`terms.py`), not for OCR's surer reading (0.81 against 0.61).
    printed_row = (("03/17/2026", 0.81, 0.551), ("03/17/2026", 0.61, 0.628))
    page = PageText(
        1,
        [
            Word(
                text=text,
                page=1,
                box=Box(left=left, top=0.518, width=0.05, height=0.009),
                confidence=conf,
                source="ocr",
            )
            for text, conf, left in printed_row
        ],
    )
    grid = _Grid(0.06, 0.06, 0.28, 0.7, {"number": 0.45, "eff": 0.576, "exp": 0.653}, 0.28, 0.54)
    found = _middle_values(_Reader(page), grid, 0.51, 0.535)
    assert (found["eff"], found["exp"]) == ((date(2026, 3, 17), 0.81), (date(2026, 3, 17), 0.61))


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("Beacon eacon Glass & Glazing L.L.C.", "Beacon Glass & Glazing L.L.C."),
        ("Anderson son Paving", "Anderson Paving"),
        ("Marsh & McLennan Agency", "Marsh & McLennan Agency"),
        ("Stone Son Builders", "Stone Son Builders"),  # a capitalised word is a word of the name
        ("Hub International of America", "Hub International of America"),
    ],
)
def test_a_word_s_end_read_again_as_a_word_is_dropped(read: str, printed: str) -> None:
    assert without_ends_read_twice(read) == printed


def test_a_rule_stub_read_as_one_before_an_amount_s_sign_is_not_part_of_it() -> None:
    # `OCCURRENCE 1 $5M`: the cell's left rule read as a `1` level with the amount, just before it
    words = [
        _word("OCCURRENCE", 0.730, 0.567, 0.069, 0.006),
        _word("1", 0.841, 0.566, 0.001, 0.008),
        _word("$5M", 0.848, 0.564, 0.024, 0.009),
    ]
    assert [w.text for w in _amount_words(words)] == ["$5M"]


@pytest.mark.parametrize(
    ("junk", "expected"),
    [("4", True), ("».4", True), ("*", True), ("ey,", True), ("iN", False), ("/A", None), ("=X", True)],
)
def test_a_mark_read_as_junk_holding_one_answer_is_that_answer_and_listed(
    junk: str, expected: bool | None
) -> None:
    # The SUBR column's serif Y read as `4` (confidence 0.57) on a photo, or as `ey,`; its shape
    # told no letter; or as `*`, an X's or a Y's crossing strokes; an X read with the rule before it
    # (`=X`, from a scan). `/A` (of an N/A) holds no answer.
    four = _word(junk, 0.320, 0.397, 0.007, 0.007).model_copy(update={"confidence": 0.57, "glyph": "X"})
    page = PageText(1, [_word("Y", 0.291, 0.397, 0.007, 0.007), four, _word("183Y891", 0.351, 0.397, 0.043)])
    centers = {"addl": 0.3046, "subr": 0.3236, "number": 0.444, "eff": 0.586, "exp": 0.662}
    found = _middle_values(_Reader(page), _Grid(0.06, 0.06, 0.28, 0.7, centers, 0.28, 0.5), 0.39, 0.41)
    subr, confidence = found["subr"]
    assert subr is expected
    assert confidence < 0.7  # under the review threshold: a person confirms it


def test_general_liability_is_found_when_ocr_ran_its_label_together_around_a_raised_general() -> None:
    # As OCR read a scan: `GENERAL` boxed a little above the line, `COMMERCIAL` and `LIABILITY` either
    # side of it read as one word whose box runs over it; `GENERAL` the surer of the two.
    glued = _word("COMMERCIALIABILITY", 0.088, 0.383, 0.165, 0.006).model_copy(update={"confidence": 0.87})
    page = PageText(
        1,
        [
            _word("B", 0.039, 0.382, 0.009, 0.009),
            glued,
            _word("GENERAL", 0.160, 0.378, 0.040, 0.016).model_copy(update={"confidence": 0.95}),
            _word("X995604126", 0.351, 0.382, 0.087, 0.009),
            _word("AUTOMOBILE", 0.065, 0.489, 0.064, 0.006),
            _word("LIABILITY", 0.131, 0.489, 0.045, 0.006),
        ],
    )
    # THEN both prints are kept on their line, and the block is found by the run
    assert [w.text for line in distinct_lines(page.words) for w in line.words][:3] == [
        "B",
        "COMMERCIALIABILITY",
        "GENERAL",
    ]
    blocks, _, _ = _blocks(_Reader(page), (0.0, 0.37, 1.0, 0.7))
    assert [key for key, _ in blocks] == ["gl", "auto"]
    assert blocks[0][1].words == (glued,)


def test_a_sliver_of_an_amount_read_again_inside_its_box_is_not_the_amount() -> None:
    # `1,000,000` then `,000,` a quarter of its height inside its box: the lower edge read again
    words = [
        _word("LIMIT", 0.816, 0.649, 0.025, 0.006),
        _word("1,000,000", 0.920, 0.647, 0.049, 0.007),
        _word(",000,", 0.926, 0.652, 0.024, 0.002),
    ]
    assert [w.text for w in _amount_words(words)] == ["1,000,000"]


def test_a_digit_of_an_amount_read_again_surely_inside_its_box_leaves_the_amount_whole() -> None:
    # `$100,000` read at 0.33 with its `1` read again at 0.92 inside its box: the whole is kept
    whole = _word("$100,000", 0.892, 0.311, 0.064, 0.009).model_copy(update={"confidence": 0.33})
    part = _word("1", 0.909, 0.311, 0.004, 0.008).model_copy(update={"confidence": 0.92})
    lines = distinct_lines([_word("$", 0.885, 0.311, 0.005, 0.006), whole, part])
    assert [w.text for line in lines for w in line.words] == ["$", "$100,000"]


def test_cents_split_off_an_amount_with_a_speck_still_read_with_it() -> None:
    # `300,000.(` `00`: the cents boxed apart, their box just touching the amount's
    words = [
        _word("$", 0.874, 0.305, 0.005, 0.006),
        _word("300,000.(", 0.891, 0.305, 0.058, 0.007),
        _word("00", 0.947, 0.305, 0.012, 0.006),
    ]
    amount = _amount_words(words)
    assert [w.text for w in amount] == ["300,000.(", "00"]
    assert parse_money(_joined_amount([w.text for w in amount])) == 300_000


@pytest.mark.parametrize(
    ("zip_read", "zip_printed"), [("107128", "07128"), ("158592", "58592"), ("58592", "58592")]
)
def test_a_rule_read_as_a_1_before_a_zip_code_is_dropped(zip_read: str, zip_printed: str) -> None:
    lines = [
        Line([_word("Pinnacle", 0.05, 0.80, 0.06), _word("Contracting", 0.12, 0.80, 0.06)]),
        Line([_word("Newark,", 0.05, 0.82, 0.05), _word("NJ", 0.11, 0.82), _word(zip_read, 0.14, 0.82)]),
    ]
    _, address, _, _ = _party(lines)
    assert address == f"Newark, NJ {zip_printed}"


def test_a_long_label_s_last_word_run_into_the_number_cell_goes_back_to_the_label() -> None:
    assert label_spilt_into_number("CONTRACTORS POLLUTION", "LIAB PL993566124-40") == (
        "CONTRACTORS POLLUTION LIAB",
        "PL993566124-40",
    )
    assert label_spilt_into_number("Crime", "CRM 5521-33") == ("Crime", "CRM 5521-33")
    assert label_spilt_into_number(None, "LIAB PL993566124-40") == (None, "LIAB PL993566124-40")


def test_a_smudge_or_glyph_read_inside_a_whole_amount_s_box_leaves_the_amount() -> None:
    # `1,000,000` then `"4` boxed inside it and twice its height: a smudge
    amount = _word("1,000,000", 0.8318, 0.4892, 0.0808, 0.0097).model_copy(update={"confidence": 0.96})
    smudge = _word('"4', 0.8329, 0.4847, 0.0200, 0.0161).model_copy(update={"confidence": 0.33})
    assert [w.text for w in _amount_words([_word("LIMIT", 0.757, 0.486), amount, smudge])] == ["1,000,000"]
    # `1,000,000.00` re-read at no confidence with `41` a tenth its width inside its box
    unsure = _word("1,000,000.00", 0.8345, 0.5201, 0.1024, 0.0096).model_copy(update={"confidence": 0.0})
    glyph = _word("41", 0.8522, 0.5201, 0.0043, 0.0084).model_copy(update={"confidence": 0.6})
    assert [w.text for w in _amount_words([unsure, glyph])] == ["1,000,000.00"]
    # inside print that is no whole amount, the smudge is not taken for an echo
    piece = _word("1,000,00", 0.8318, 0.4892, 0.0808, 0.0097)
    assert [w.text for w in _amount_words([piece, smudge])] == ['"4']


def test_a_rule_stub_read_as_a_1_before_an_amount_is_not_its_first_digit() -> None:
    # `1` two pixels wide before `2,000,000` (0.0682 wide): the cell's rule, not a digit
    stub = _word("1", 0.8408, 0.4453, 0.0008, 0.0085)
    amount = _word("2,000,000", 0.8478, 0.4441, 0.0682, 0.0094)
    assert [w.text for w in _amount_words([_word("AGGREGATE", 0.749, 0.446), stub, amount])] == ["2,000,000"]
    # a printed 1 split off its amount is as wide as a digit
    one = _word("1", 0.8490, 0.4138, 0.0039, 0.0085)
    assert [w.text for w in _amount_words([one, _word("5,000", 0.8565, 0.4138, 0.0380, 0.0094)])] == [
        "1",
        "5,000",
    ]


def test_automobile_liability_is_found_when_line_grouping_parted_its_two_words() -> None:
    # As OCR read a photo: `AUTOMOBILE` boxed down into the row below (0.0103 tall beside 0.006), so
    # it joined that row's `(Ea accident)` while `LIABILITY` stayed with `COMBINED SINGLE LIMIT`
    page = PageText(
        1,
        [
            _word("COMMERCIAL", 0.088, 0.383, 0.062, 0.006),
            _word("GENERAL", 0.153, 0.383, 0.045, 0.006),
            _word("LIABILITY", 0.201, 0.383, 0.043, 0.006),
            _word("AUTOMOBILE", 0.0773, 0.4894, 0.0635, 0.0103),
            _word("LIABILITY", 0.1447, 0.4897, 0.0447, 0.0060),
            _word("COMBINED", 0.7075, 0.4867, 0.0522, 0.0063),
            _word("(Ea", 0.7082, 0.4952, 0.0145, 0.0072),
            _word("accident)", 0.7255, 0.4946, 0.0396, 0.0081),
            _word("SINGLE", 0.7624, 0.4867, 0.0349, 0.0063),
            _word("LIMIT", 0.8016, 0.4870, 0.0247, 0.0060),
            _word("1,000,000", 0.8925, 0.4903, 0.0765, 0.0084),
            _word("ANY", 0.1035, 0.4991, 0.0161, 0.0142),
        ],
    )
    blocks, _, _ = _blocks(_Reader(page), (0.0, 0.37, 1.0, 0.7))
    assert [key for key, _ in blocks] == ["gl", "auto"]
    assert blocks[1][1].words[0].text == "AUTOMOBILE"


@pytest.mark.parametrize("label", ["IRSUREP", None, '"'])
def test_with_the_insured_label_lost_the_producer_block_ends_at_its_own_address(label: str | None) -> None:
    # GIVEN a scan whose INSURED label was read as `IRSUREP`, not at all, or as a quote before the name
    rows = [
        ["PRODUCER"],
        ["Heffernan", "Insurance", "Brokers"],
        ["1035", "Technology", "Way"],
        ["Nashville", "TN", "37282"],
        *([[label]] if label and label != '"' else []),
        [("" if label != '"' else '"') + "Delgado", "Painting", "Ltd"],
        ["8577", "Technology", "Way"],
        ["Columbus,", "OH", "43247"],
    ]
    words = [
        _word(text, 0.036 + 0.05 * i, 0.08 + 0.013 * row, 0.045)
        for row, line in enumerate(rows)
        for i, text in enumerate(line)
    ]
    words += [_word("INSURER", 0.506, 0.2351 + 0.015 * i, 0.042) for i in range(3)]
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25"))

    # WHEN the parties are read with no INSURED label found
    r = _Reader(PageText(1, words))
    _read_parties(r, cert, _Anchors(Match((words[0],)), None, None, 0.5, 0.30))

    # THEN each block has its own name and address, the insured's listed for a person to check
    assert (cert.producer.name, cert.producer.address) == (
        "Heffernan Insurance Brokers",
        "1035 Technology Way, Nashville, TN 37282",
    )
    assert (cert.insured.name, cert.insured.address) == (
        "Delgado Painting Ltd",
        "8577 Technology Way, Columbus, OH 43247",
    )
    assert r.conf["insured.name"] < 0.5


def test_a_producer_block_of_one_address_is_the_producer_s_alone() -> None:
    rows = [
        ["PRODUCER"],
        ["Heffernan", "Insurance"],
        ["1035", "Technology", "Way"],
        ["Nashville", "TN", "37282"],
    ]
    words = [
        _word(text, 0.036 + 0.05 * i, 0.08 + 0.013 * row, 0.045)
        for row, line in enumerate(rows)
        for i, text in enumerate(line)
    ]
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25"))
    _read_parties(_Reader(PageText(1, words)), cert, _Anchors(Match((words[0],)), None, None, 0.5, 0.30))
    assert (cert.producer.address, cert.insured.name) == ("1035 Technology Way, Nashville, TN 37282", None)


def test_general_liability_anchors_its_block_when_commercial_was_misread() -> None:
    # A photo's `ss GENERAL LIABILITY` (COMMERCIAL read at 0.24): without it the row was lost whole
    page = PageText(
        1,
        [
            _word("ss", 0.0843, 0.3953, 0.0192, 0.0054),
            _word("GENERAL", 0.1588, 0.3950, 0.0463, 0.0060),
            _word("LIABILITY", 0.2086, 0.3950, 0.0439, 0.0060),
            _word("EACH", 0.6847, 0.3980, 0.0259, 0.0060),
            _word("GENERAL", 0.6847, 0.4567, 0.0447, 0.0060),
            _word("AGGREGATE", 0.7330, 0.4567, 0.0600, 0.0060),
            _word("AUTOMOBILE", 0.0773, 0.4894, 0.0635, 0.0060),
            _word("LIABILITY", 0.1447, 0.4897, 0.0447, 0.0060),
        ],
    )
    blocks, _, _ = _blocks(_Reader(page), (0.0, 0.37, 1.0, 0.7))
    assert [(key, match.words[0].text) for key, match in blocks] == [
        ("gl", "GENERAL"),
        ("auto", "AUTOMOBILE"),
    ]
    assert blocks[0][1].top < 0.40


@pytest.mark.parametrize(
    ("comma", "kept"),
    [
        (_word("ry", 0.933, 0.402, 0.006, 0.0055), True),  # two letters no wider than a digit, set low
        (_word("i", 0.933, 0.400, 0.004, 0.004), True),
        (_word("ry", 0.9345, 0.397, 0.005, 0.0087), False),  # as tall as the digits, standing with them
    ],
)
def test_a_thousands_comma_read_as_a_low_glyph_between_digit_groups_joins_them(
    comma: Word, kept: bool
) -> None:
    # `DAMAGE TO RENTED PREMISES ... 100 ry 000`: a scan's comma read as `ry` at 54, starting below
    # the digits' middle; before, the amount stopped at it and `000` was read alone
    words = [
        _word("occurrence)", 0.771, 0.402, 0.051, 0.006),
        _word("100", 0.910, 0.397, 0.024, 0.0087),
        comma,
        _word("000", 0.940, 0.397, 0.025, 0.0087),
    ]
    amount = [w.text for w in _amount_words(words)]
    assert amount == (["100", "000"] if kept else ["000"])
    assert (parse_money(_joined_amount(amount)) == 100_000) is kept


def test_a_label_s_end_read_with_a_digit_before_a_whole_amount_is_not_part_of_it() -> None:
    # `premises (Ea occurrenc 4) 500,000`: the label's `e)` read as `4)` on the amount's line
    words = [
        _word("occurrenc", 0.773, 0.403, 0.042, 0.005),
        _word("4)", 0.812, 0.402, 0.012, 0.006),
        _word("500,000", 0.850, 0.398, 0.047, 0.009),
    ]
    assert [w.text for w in _amount_words(words)] == ["500,000"]


def test_print_ending_left_of_the_mark_columns_is_no_part_of_the_policy_number() -> None:
    # GIVEN the old drawing's small `Y / N` over the officers box, beyond the type column's labels,
    # read `YEN` on the workers' compensation row's line
    found = _row_values(
        [
            _word("YEN", 0.288, 0.415, 0.018, 0.005),
            _word("N", 0.356, 0.415, 0.008, 0.008),
            _word("EP-719-16029", 0.379, 0.415, 0.087),
            _word("06/29/2026", 0.547, 0.415, 0.068),
            _word("06/29/2027", 0.63, 0.415, 0.068),
        ],
        0.40,
        0.43,
        {"addl": 0.33, "subr": 0.36, "number": 0.455, "eff": 0.585, "exp": 0.667},
    )
    assert found["number"][0] == "EP-719-16029"
    assert found["subr"][0] is False


def test_the_type_label_is_found_with_of_and_insurance_misread() -> None:
    # GIVEN a retyped copy's `TYPE OF INSURANCE` read `TYPE` `oF` `nsuRance` (at 0.38)
    words = [
        _word("INSR", 0.049, 0.370, 0.021, 0.005),
        _word("TYPE", 0.136, 0.375, 0.024, 0.005),
        _word("oF", 0.164, 0.375, 0.013, 0.006),
        _word("nsuRance", 0.180, 0.375, 0.054, 0.006).model_copy(update={"confidence": 0.38}),
        _word("POLICY", 0.41, 0.376, 0.034, 0.006),
        _word("NUMBER", 0.448, 0.376, 0.04, 0.005),
    ]
    type_label = _type_label(_Reader(PageText(1, words)), (0.0, 0.30, 1.0, 0.72))
    assert type_label is not None
    assert [w.text for w in type_label.words] == ["TYPE", "nsuRance"]
    # a word unlike INSURANCE after TYPE is no such label
    words[3] = _word("Pinnacle", 0.180, 0.375, 0.054, 0.006)
    assert _type_label(_Reader(PageText(1, words)), (0.0, 0.30, 1.0, 0.72)) is None


def test_the_type_label_is_the_print_between_the_neighbour_headers_when_misread_past_the_rest() -> None:
    # GIVEN a photo's `TYPE OF INSURANCE` read `TPE` `OF` `SRA` (at 0.30): without it no row was read
    words = [
        _word("INSR", 0.033, 0.365, 0.022, 0.008),
        _word("LTR", 0.035, 0.372, 0.018, 0.006),
        _word("TPE", 0.123, 0.370, 0.024, 0.006),
        _word("OF", 0.151, 0.370, 0.013, 0.006),
        _word("SRA", 0.167, 0.370, 0.058, 0.006).model_copy(update={"confidence": 0.30}),
        _word("ADDL", 0.291, 0.365, 0.026, 0.006),
        _word("INSD", 0.293, 0.373, 0.022, 0.005),
        _word("POLICY", 0.405, 0.371, 0.035, 0.006),
        _word("NUMBER", 0.443, 0.371, 0.042, 0.006),
    ]
    type_label = _type_label(_Reader(PageText(1, words)), (0.0, 0.30, 1.0, 0.72))
    assert type_label is not None
    assert [w.text for w in type_label.words] == ["TPE", "OF", "SRA"]
    # without the headers beside it, nothing there says it is the label
    alone = [w for w in words if w.text not in ("ADDL", "INSD", "POLICY", "NUMBER")]
    assert _type_label(_Reader(PageText(1, alone)), (0.0, 0.30, 1.0, 0.72)) is None


def test_a_mark_between_the_mark_columns_near_neither_is_the_nearer_one_s_doubted() -> None:
    # GIVEN the SUBR header boxed short, its column's centre put astray: the row's X stands between
    # the two centres, within reach of neither
    found = _row_values(
        [
            _word("X", 0.3105, 0.415, 0.007, 0.007),
            _POLICY_NUMBER,
            _word("06/29/2026", 0.52, 0.415, 0.05),
            _word("06/29/2027", 0.60, 0.415, 0.05),
        ],
        0.40,
        0.43,
    )
    mark, confidence = found["addl"]
    assert mark is True
    assert confidence < REVIEW_THRESHOLD  # listed for a person
    assert found["number"][0] == "GL-53058985"


def test_an_other_rows_label_too_long_for_its_column_keeps_the_words_it_ran_on_into() -> None:
    # GIVEN a retyped copy's `Contractors Pollution Liab`, its `Liab` over the ADDL column's edge,
    # and the row's marks and number after it
    grid = _Grid(0.055, 0.058, 0.254, 0.68, {"addl": 0.297, "subr": 0.324, "number": 0.433}, 0.254, 0.536)
    words = [
        _word("Contractors", 0.062, 0.683, 0.07, 0.006),
        _word("Pollution", 0.164, 0.683, 0.05, 0.006),
        _word("Liab", 0.247, 0.683, 0.022, 0.006),
        _word("Y", 0.322, 0.683, 0.005, 0.006),
        _word("Extra", 0.345, 0.683, 0.03, 0.006),  # after a mark: the row's own print, not the label
        _word("PL411015905-28", 0.344, 0.683, 0.08, 0.006),
    ]
    found = other_label(_Reader(PageText(1, words)), grid, 0.678, 0.695)
    assert found is not None
    assert found[0] == "Contractors Pollution Liab"
    # BUT a mark in the ADDL column is not a word of the label
    words[2] = _word("N", 0.296, 0.683, 0.005, 0.006)
    found = other_label(_Reader(PageText(1, words)), grid, 0.678, 0.695)
    assert found is not None
    assert found[0] == "Contractors Pollution"


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("Acrisure i Agency Partners", "Acrisure Agency Partners"),
        ("Acrisure Agency ni Partners", "Acrisure Agency Partners"),
        ("O'Brien Glass & Glazing L.L.C. Y", "O'Brien Glass & Glazing L.L.C."),
        ("Travelers Indemnity Co of America", "Travelers Indemnity Co of America"),  # a particle
        ("Garcia y Hijos Construction", "Garcia y Hijos Construction"),
        ("Builders of the West", "Builders of the West"),
        ("Copper Roofing Inc", "Copper Roofing Inc"),
        ("Vitamin D", "Vitamin D"),  # no legal suffix before the capital
    ],
)
def test_a_speck_read_among_a_name_s_capitalised_words_or_after_its_suffix_is_dropped(
    read: str, printed: str
) -> None:
    assert without_specks_among_capitals(read) == printed
