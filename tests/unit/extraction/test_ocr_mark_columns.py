"""The ADDL INSD and SUBR WVD columns on scans and photos: placed by both header lines even when
the 5 pt print was read a letter off, and a mark OCR glued to the policy number beside it."""

from __future__ import annotations

from services.intake.extraction.acord25.columns import _middle_values
from services.intake.extraction.acord25.grid import _headers
from services.intake.extraction.acord25.header_fallbacks import _type_label
from services.intake.extraction.acord25.mark_cells import UNREAD_CELL
from services.intake.extraction.acord25.reader import _Grid, _Reader
from services.intake.extraction.ir import Box, Word
from services.intake.extraction.review_paths import REVIEW_THRESHOLD
from services.intake.extraction.textgeom import PageText


def _word(text: str, left: float, top: float, width: float, height: float = 0.006) -> Word:
    return Word(text=text, page=1, box=Box(left=left, top=top, width=width, height=height), source="ocr")


def _subr_center(lower_line: str) -> float:
    """The SUBR column's centre on a photo's header row whose `SUBR` OCR boxed over its last
    letters only (0.334-0.347 for print standing at 0.320-0.346), `lower_line` read under it."""
    words = [
        _word("TYPE", 0.131, 0.366, 0.025),
        _word("OF", 0.160, 0.366, 0.012),
        _word("INSURANCE", 0.175, 0.366, 0.054),
        _word("ADDL", 0.291, 0.364, 0.020),
        _word("INSD", 0.293, 0.373, 0.022, 0.005),
        _word("SUBR", 0.334, 0.364, 0.013),
        _word(lower_line, 0.320, 0.373, 0.024, 0.005),
        _word("POLICY", 0.405, 0.368, 0.033),
        _word("NUMBER", 0.442, 0.368, 0.040),
    ]
    r = _Reader(PageText(1, words))
    type_label = _type_label(r, (0.0, 0.30, 1.0, 0.72))
    assert type_label is not None
    subr = _headers(r, type_label)[0]["subr"]
    assert subr is not None
    return sum(w.box.center_x for w in subr.words) / len(subr.words)


def test_the_lower_header_line_read_a_letter_off_still_places_a_column_boxed_short() -> None:
    # `WVD` read as `WD`: without it the column's centre is the short box's, 0.3405, past the
    # row's `Y` printed at the cell's left (0.320-0.327) by a fillable form's field.
    for misread in ("WD", "WO"):
        assert abs(_subr_center(misread) - _subr_center("WVD")) < 1e-9
    assert _subr_center("WD") < 0.337


def test_a_word_far_from_the_lower_line_is_not_taken_for_it() -> None:
    assert abs(_subr_center("NOTE") - 0.3405) < 1e-9


_CENTERS = {"addl": 0.3035, "subr": 0.3325, "number": 0.443, "eff": 0.582, "exp": 0.663}


def _row(words: list[Word], *, printed_na: bool = True) -> dict[str, tuple[object, float]]:
    grid = _Grid(0.055, 0.055, 0.285, 0.698, _CENTERS, 0.289, 0.534)
    return _middle_values(_Reader(PageText(1, words)), grid, 0.51, 0.535, printed_na=printed_na)


def test_a_subr_mark_glued_to_the_policy_number_is_cut_off_it_and_listed() -> None:
    # A photo's `Y` under SUBR WVD read with the number printed just past the column's rule.
    found = _row([_word("OY~sBA-4426295", 0.320, 0.520, 0.111, 0.009)])
    number, number_confidence = found["number"]
    assert isinstance(number, str)
    assert number.endswith("BA-4426295")
    assert not number.startswith(("O", "Y"))
    # the glyphs over the column hold a Y and no N: a yes, for a person to confirm
    mark, mark_confidence = found["subr"]
    assert mark is True
    assert mark_confidence < REVIEW_THRESHOLD
    assert number_confidence < REVIEW_THRESHOLD  # where the cut falls is an estimate


def test_a_policy_number_printed_inside_its_own_column_keeps_every_glyph() -> None:
    found = _row([_word("BA-4426295", 0.349, 0.520, 0.075, 0.009)])
    assert found["number"][0] == "BA-4426295"
    assert "subr" not in found


def test_a_subr_cross_read_as_k_whose_ink_is_a_cross_is_a_yes_to_confirm() -> None:
    # A scan's `X` under SUBR WVD read as `k` at 52, its ink's shape a cross
    cross = _word("k", 0.319, 0.520, 0.007, 0.006).model_copy(update={"confidence": 0.52, "glyph": "X"})
    found = _row([cross, _word("BA-4402656", 0.350, 0.520, 0.062, 0.007)])
    mark, confidence = found["subr"]
    assert mark is True
    assert confidence < REVIEW_THRESHOLD
    # a `k` whose shape is no cross stays unread, for a person to read
    letter = cross.model_copy(update={"glyph": None})
    assert _row([letter, _word("BA-4402656", 0.350, 0.520, 0.062, 0.007)])["subr"][0] is None


def test_letters_over_one_mark_cell_of_a_row_printing_no_n_a_leave_it_unread_and_listed() -> None:
    # A photo's `Y` under ADDL INSD read as `UUW.` at 54 on the auto row
    junk = _word("UUW.", 0.290, 0.520, 0.008, 0.007).model_copy(update={"confidence": 0.54})
    number = _word("BA71622946-63", 0.350, 0.520, 0.093, 0.008)
    found = _row([junk, number], printed_na=False)
    mark, confidence = found["addl"]
    assert mark is None
    assert confidence < REVIEW_THRESHOLD
    assert found["number"][0] == "BA71622946-63"
    # on the workers' compensation row the ADDL cell prints `N / A`, read as such junk (`NER`)
    assert "addl" not in _row([junk.model_copy(update={"text": "NER"}), number], printed_na=True)


def test_a_policy_number_starting_a_little_left_of_the_estimated_rule_keeps_its_first_glyph() -> None:
    # The SUBR column placed a little right (its header boxed short): `PB56563350` starts before
    # the rule estimated between it and POLICY NUMBER, but no mark's glyph stands there
    centers = {**_CENTERS, "addl": 0.3043, "subr": 0.3402}
    grid = _Grid(0.055, 0.055, 0.285, 0.698, centers, 0.289, 0.534)
    words = [_word("PB56563350", 0.351, 0.520, 0.066, 0.007)]
    found = _middle_values(_Reader(PageText(1, words)), grid, 0.51, 0.535, printed_na=False)
    assert found["number"][0] == "PB56563350"
    assert "subr" not in found


def test_a_lost_subr_header_is_found_on_the_header_lines_not_in_the_running_text_above() -> None:
    # `SUBR` lost and `WVD` read `WD`; `LIMITS` of `LIMITS SHOWN MAY HAVE BEEN REDUCED` stands just
    # above the header line, between ADDL and POLICY NUMBER too
    words = [
        _word("LIMITS", 0.348, 0.357, 0.036, 0.007),
        _word("TYPE", 0.131, 0.366, 0.025, 0.007),
        _word("OF", 0.160, 0.366, 0.012, 0.007),
        _word("INSURANCE", 0.175, 0.366, 0.054, 0.007),
        _word("ADDL", 0.290, 0.362, 0.021, 0.010),
        _word("INSD", 0.292, 0.373, 0.022, 0.007),
        _word("WD", 0.319, 0.373, 0.026, 0.007),
        _word("POLICY", 0.405, 0.368, 0.033, 0.007),
        _word("NUMBER", 0.442, 0.368, 0.040, 0.007),
    ]
    r = _Reader(PageText(1, words))
    type_label = _type_label(r, (0.0, 0.30, 1.0, 0.72))
    assert type_label is not None
    subr = _headers(r, type_label)[0]["subr"]
    assert subr is not None
    assert [w.text for w in subr.words] == ["WD"]


def test_a_mark_read_as_one_letter_over_the_other_letters_shape_is_listed() -> None:
    # A scan's ADDL `Y` read as `N` at 59, its ink shaped as a Y: the two readings disagree
    letter = _word("N", 0.289, 0.520, 0.008, 0.008).model_copy(update={"confidence": 0.59, "glyph": "Y"})
    number = _word("E-003-85327", 0.349, 0.520, 0.075, 0.008)
    _, confidence = _row([letter, number], printed_na=False)["addl"]
    # as doubtful as an unread cell: calibration lifts a mark read faintly (0.5 up) but plainly
    assert confidence <= UNREAD_CELL
    # the same letter over an N's ink is an answer both readings give
    agreeing = letter.model_copy(update={"glyph": "N"})
    assert _row([agreeing, number], printed_na=False)["addl"] == (False, 0.6)
