"""Auto types whose labels OCR lost are read by where their marked boxes stand."""

from __future__ import annotations

from services.intake.extraction.acord25.auto_types import marked_auto_types
from services.intake.extraction.acord25.reader import _Grid, _Reader
from services.intake.extraction.ir import Box, Word
from services.intake.extraction.textgeom import PageText

_GRID = _Grid(0.054, 0.056, 0.28, 0.69, {}, 0.28, 0.5)
_TYPES = (0.056, 0.48, 0.28, 0.56)


def _word(text: str, left: float, top: float, width: float = 0.025, height: float = 0.006) -> Word:
    return Word(text=text, page=1, box=Box(left=left, top=top, width=width, height=height), source="ocr")


def _page(*block: Word) -> PageText:
    # Limit amounts one row apart give the grid's row height (0.0153 of the page).
    amounts = [_word("$1,000,000", 0.891, 0.384 + row * 0.0153, 0.077, 0.007) for row in range(4)]
    any_auto = [_word("ANY", 0.089, 0.504, 0.019), _word("AUTO", 0.111, 0.504, 0.027)]
    return PageText(1, [*amounts, *any_auto, *block])


def test_marks_under_any_auto_whose_labels_were_lost_are_owned_and_non_owned_and_listed() -> None:
    # As OCR read a scanned official form: OWNED, HIRED, SCHEDULED's box row and NON-OWNED lost.
    page = _page(
        _word("X", 0.059, 0.515, 0.023, 0.015),
        _word("AUTOS", 0.089, 0.517, 0.032),
        _word("ONLY", 0.127, 0.517, 0.024, 0.013),
        _word("SCHEDULED", 0.200, 0.517, 0.06),
        _word("AUTOS", 0.200, 0.524, 0.033),
        _word("X", 0.171, 0.530, 0.024, 0.015),
        _word("AUTOS", 0.089, 0.532, 0.033, 0.014),
        _word("ONLY", 0.239, 0.532, 0.024, 0.014),
    )
    r = _Reader(page)
    assert marked_auto_types(r, _GRID, _TYPES, "policies.1") == ["owned", "non_owned"]
    assert r.conf["policies.1.auto_types"] < 0.5


def _labelled(owned_end: Word, mark: Word) -> PageText:
    """The four types' stacked labels read whole but for OWNED AUTOS ONLY's last word, and a mark."""
    return _page(
        mark,
        _word("OWNED", 0.089, 0.513, 0.032),
        _word("AUTOS", 0.089, 0.519, 0.032),
        owned_end,
        _word("SCHEDULED", 0.200, 0.513, 0.06),
        _word("AUTOS", 0.200, 0.519, 0.033),
        _word("HIRED", 0.089, 0.528, 0.03),
        _word("AUTOS", 0.089, 0.534, 0.033),
        _word("ONLY", 0.127, 0.534, 0.024),
        _word("NON-OWNED", 0.200, 0.528, 0.05),
        _word("AUTOS", 0.200, 0.534, 0.033),
        _word("ONLY", 0.239, 0.534, 0.024),
    )


def test_types_read_by_their_labels_are_not_listed() -> None:
    page = _labelled(_word("ONLY", 0.127, 0.519, 0.024), _word("X", 0.059, 0.515, 0.023, 0.015))
    r = _Reader(page)
    assert marked_auto_types(r, _GRID, _TYPES, "policies.1") == ["owned"]
    assert "policies.1.auto_types" not in r.conf


def test_a_mark_between_two_rows_is_no_type() -> None:
    on_the_row = _page(_word("X", 0.059, 0.515, 0.023, 0.015))
    assert marked_auto_types(_Reader(on_the_row), _GRID, _TYPES, "policies.1") == ["owned"]
    between = _page(_word("X", 0.059, 0.5225, 0.023, 0.015))  # half a row lower
    assert marked_auto_types(_Reader(between), _GRID, _TYPES, "policies.1") == []


def test_a_box_holding_print_read_as_no_mark_whose_ink_is_a_cross_is_marked_and_listed() -> None:
    # A scan's NON-OWNED box: its X read as `0%` at no confidence, though its ink has a cross's shape;
    # the box holds nothing but its mark
    def labels(*box: Word) -> PageText:
        return _page(
            _word("HIRED", 0.089, 0.528, 0.03),
            _word("AUTOS", 0.089, 0.534, 0.033),
            _word("NON-OWNED", 0.200, 0.528, 0.05),
            _word("AUTOS", 0.200, 0.534, 0.033),
            *box,
        )

    misread = _word("0%", 0.174, 0.525, 0.015, 0.017).model_copy(update={"confidence": 0.0, "glyph": "X"})
    r = _Reader(labels(misread))
    assert marked_auto_types(r, _GRID, _TYPES, "policies.1") == ["non_owned"]
    assert r.conf["policies.1.auto_types"] < 0.5
    # a box left blank, or a speck in it whose ink is no cross, leaves the reading as it is
    speck = misread.model_copy(update={"glyph": None})
    for page in (labels(), labels(speck)):
        r = _Reader(page)
        assert marked_auto_types(r, _GRID, _TYPES, "policies.1") == []
        assert "policies.1.auto_types" not in r.conf


def test_with_too_few_amounts_on_the_page_the_row_height_is_the_block_label_s_over_any_auto() -> None:
    # An auto and a workers' comp policy only: too few amounts in a row to measure a row's height.
    # SCHEDULED's second line lost, its box's X stands on the first row right of ANY AUTO's column.
    label = [_word("AUTOMOBILE", 0.089, 0.4887, 0.06), _word("LIABILITY", 0.152, 0.4887, 0.05)]
    any_auto = [_word("ANY", 0.089, 0.504, 0.019), _word("AUTO", 0.111, 0.504, 0.027)]
    marked = [_word("X", 0.172, 0.516, 0.024, 0.015), _word("SCHEDULED", 0.202, 0.517, 0.06)]
    r = _Reader(PageText(1, [*label, *any_auto, *marked]))
    assert marked_auto_types(r, _GRID, _TYPES, "policies.1") == ["scheduled"]
    assert r.conf["policies.1.auto_types"] < 0.5


def test_a_label_whose_first_word_was_read_with_a_speck_glued_to_it_is_found() -> None:
    # A photo's ANY AUTO read as `aANy AUTO` at no confidence, its box's X read beside it
    def page(first: str) -> PageText:
        return PageText(
            1,
            [
                _word("X", 0.060, 0.500, 0.021, 0.014),
                _word(first, 0.088, 0.505, 0.020).model_copy(update={"confidence": 0.08}),
                _word("AUTO", 0.111, 0.504, 0.027),
            ],
        )

    assert marked_auto_types(_Reader(page("aANy")), _GRID, _TYPES, "policies.1") == ["any"]
    assert marked_auto_types(_Reader(page("ANYa")), _GRID, _TYPES, "policies.1") == ["any"]
    # two glyphs off, or one misread, is another word
    assert marked_auto_types(_Reader(page("aaANY")), _GRID, _TYPES, "policies.1") == []
    assert marked_auto_types(_Reader(page("AMY")), _GRID, _TYPES, "policies.1") == []


def test_a_tick_right_after_a_label_cut_short_is_listed() -> None:
    # GIVEN an old drawing's `OWNED AUTOS ONLY` printed on into SCHEDULED's box: read `ONL`, its Y
    # in the box read as a tick
    tick = _word("X", 0.172, 0.515, 0.023, 0.012)

    def page(owned_end: str) -> PageText:
        return _labelled(_word(owned_end, 0.147, 0.519, 0.024), tick)

    r = _Reader(page("ONL"))
    # THEN SCHEDULED reads as marked, for a person to confirm
    assert marked_auto_types(r, _GRID, _TYPES, "policies.1") == ["scheduled"]
    assert r.conf["policies.1.auto_types"] < 0.5
    # with the label read whole, the tick is SCHEDULED's own
    r = _Reader(page("ONLY"))
    assert marked_auto_types(r, _GRID, _TYPES, "policies.1") == ["scheduled"]
    assert "policies.1.auto_types" not in r.conf
