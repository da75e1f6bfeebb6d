"""An amount OCR read in pieces: glyphs lost in the blanks between them are told by the spacing."""

from __future__ import annotations

from services.intake.extraction.acord25.amount_glyphs import glyphs_lost_between
from services.intake.extraction.ir import Box, Word


def _piece(text: str, left: float, width: float) -> Word:
    return Word(text=text, page=1, box=Box(left=left, top=0.397, width=width, height=0.008), source="ocr")


def test_pieces_with_room_for_glyphs_between_them_have_lost_some() -> None:
    # a typewriter's `500,000` read `50`, `0`, `0`: its comma and two zeros lost in the blanks
    assert glyphs_lost_between(
        [_piece("50", 0.900, 0.015), _piece("0", 0.935, 0.006), _piece("0", 0.954, 0.006)]
    )


def test_pieces_spaced_as_one_amount_s_glyphs_lost_none() -> None:
    # `2` `,` `000,000`: a comma between two pieces, no glyph's room more
    assert not glyphs_lost_between(
        [_piece("2", 0.900, 0.006), _piece(",", 0.907, 0.002), _piece("000,000", 0.911, 0.045)]
    )
    # the cell's `$` set apart at its left edge is no piece of the amount's print
    assert not glyphs_lost_between([_piece("$", 0.700, 0.006), _piece("1,000,000", 0.900, 0.060)])
    assert not glyphs_lost_between([_piece("1,000,000", 0.900, 0.060)])
