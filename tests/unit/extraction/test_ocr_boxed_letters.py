"""A letter printed in a box (the WC `Y / N` answer) is read as that letter, not as a tick."""

from __future__ import annotations

import dataclasses
import io

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from services.intake.extraction import imaging, tick_shapes
from services.intake.extraction.ir import Box, Word
from services.intake.extraction.ocr_fragments import drop_echoes, rejoin_split_words
from services.intake.extraction.ocr_glyphs import (
    glyph_reread,
    join_glyph_pieces,
    lone_glyph,
    marks_by_shape,
    ticks_read_as_strokes,
)
from services.intake.extraction.ocr_words import _answer_box, _Raw

BOX = 16.0  # points: the size of the officers-excluded box on the ACORD 25


def _boxed(
    font: str,
    glyph: str,
    size: float = 13.0,
    box: tuple[float, float] = (BOX, BOX),
    inset: float | None = None,
    blur: bool = False,
) -> list[imaging.CheckBox]:
    """`glyph` in a box `box` points wide and high, centred or `inset` points from its left edge;
    `blur` softens the render as a scanner does."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(60, 40))
    pdf.setLineWidth(0.8)
    box_width, box_height = box
    pdf.rect(20, 12, box_width, box_height)
    pdf.setFont(font, size)
    width = pdf.stringWidth(glyph, font, size)
    left = 20 + (box_width - width) / 2 if inset is None else 20 + inset
    pdf.drawString(left, 12 + (box_height - size * 0.7) / 2, glyph)
    pdf.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    gray = np.asarray(page.render(scale=300 / 72, grayscale=True).to_pil().convert("L"), dtype=np.uint8)
    if blur:
        gray = cv2.GaussianBlur(gray, (5, 5), 1.2)
    return imaging.find_checkboxes(gray)


@pytest.mark.parametrize("font", ["Times-Roman", "Helvetica", "Helvetica-Bold", "Courier"])
@pytest.mark.parametrize("letter", ["Y", "N"])
def test_a_boxed_answer_letter_is_that_letter(font: str, letter: str) -> None:
    boxes = [b for b in _boxed(font, letter) if b.ticked]
    assert [b.letter for b in boxes] == [letter]


@pytest.mark.parametrize(("font", "glyph"), [("Helvetica", "X"), ("Times-Roman", "X"), ("ZapfDingbats", "4")])
def test_a_cross_or_check_in_a_box_stays_a_tick(font: str, glyph: str) -> None:
    boxes = [b for b in _boxed(font, glyph) if b.ticked]
    assert [b.letter for b in boxes] == ["X"]


# The official fillable form's answer box (15.4 x 12.7 pt) with the field's value set against its
# left edge, as a flattened field prints it: a thin Y inks less of the box than a tick, and an N's
# stem lies beside the box's edge.
@pytest.mark.parametrize("blur", [False, True])
@pytest.mark.parametrize("font", ["Helvetica", "Times-Roman"])
@pytest.mark.parametrize("letter", ["Y", "N"])
def test_a_letter_against_the_left_edge_of_a_wide_answer_box_is_that_letter(
    font: str, letter: str, blur: bool
) -> None:
    boxes = [b for b in _boxed(font, letter, size=9.0, box=(15.4, 12.7), inset=0.3, blur=blur) if b.ticked]
    assert [b.letter for b in boxes] == [letter]


@pytest.mark.parametrize("size", [9.0, 11.0])
def test_a_serif_n_in_a_wide_answer_box_is_an_n(size: float) -> None:
    boxes = [b for b in _boxed("Courier", "N", size=size, box=(15.4, 12.7), blur=True) if b.ticked]
    assert [b.letter for b in boxes] == ["N"]


def test_an_empty_box_is_not_ticked() -> None:
    assert [b.ticked for b in _boxed("Helvetica", " ")] == [False]


def test_an_n_set_close_to_the_box_edge_keeps_its_stem() -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(60, 40))
    pdf.setLineWidth(0.8)
    pdf.rect(20, 12, BOX, BOX)
    pdf.setFont("Times-Roman", 13)
    pdf.drawString(21.3, 15, "N")
    pdf.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    gray = np.asarray(page.render(scale=300 / 72, grayscale=True).to_pil().convert("L"), dtype=np.uint8)
    assert [b.letter for b in imaging.find_checkboxes(gray) if b.ticked] == ["N"]


def _label(text: str, left: float, top: float) -> Word:
    return Word(text=text, page=1, box=Box(left=left, top=top, width=0.02, height=0.006), source="ocr")


def test_a_boxed_letter_is_an_answer_only_under_a_printed_y_n_or_beside_the_n_a() -> None:
    box = imaging.CheckBox(left=660, top=2073, width=62, height=53, ticked=True, fill=0.2, letter="N")
    width, height = 2550, 3300
    assert _answer_box(box, [_label("Y/N", 0.260, 0.621)], [], width, height)
    # OCR misread the `Y / N` label (`an`): the ADDL INSD column's `N / A` right of the box tells it.
    assert _answer_box(box, [], [_label("N/A", 0.292, 0.6335)], width, height)
    # A check mark shaped like an N in a type-of-insurance box, far from any Y / N: a tick.
    assert not _answer_box(box, [_label("Y/N", 0.600, 0.621)], [_label("N/A", 0.600, 0.6335)], width, height)
    assert not _answer_box(box, [], [], width, height)


def _glyph_raw(font: str, glyph: str, confidence: float) -> tuple[imaging.Gray, _Raw]:
    """One 8 pt glyph rendered at 300 dpi, with the word box Tesseract gives it."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(30, 20))
    pdf.setFont(font, 8)
    pdf.drawString(10, 6, glyph)
    pdf.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    gray = np.asarray(page.render(scale=300 / 72, grayscale=True).to_pil().convert("L"), dtype=np.uint8)
    rows, cols = np.nonzero(gray < 128)
    top, left = int(rows.min()), int(cols.min())
    box = (int(cols.max()) + 1 - left, int(rows.max()) + 1 - top)
    return gray, _Raw("bf", confidence, left, top, box[0], box[1], (1, 1, 1))


@pytest.mark.parametrize("font", ["Helvetica", "Times-Roman", "Courier"])
@pytest.mark.parametrize("letter", ["Y", "N"])
@pytest.mark.parametrize("confidence", [26.0, 72.0])  # a clear `Y` read as `a` at 72
def test_a_lone_glyph_ocr_was_unsure_of_keeps_its_shape(font: str, letter: str, confidence: float) -> None:
    gray, raw = _glyph_raw(font, letter, confidence=confidence)
    assert lone_glyph(gray, raw) == letter


@pytest.mark.parametrize("font", ["Helvetica", "Times-Roman"])
def test_a_glyph_boxed_on_its_stem_alone_is_told_by_its_whole_shape(font: str) -> None:
    # GIVEN a scan's ADDL `Y` read as `b` at 59, boxed ten pixels wide on its stem
    gray, whole = _glyph_raw(font, "Y", confidence=59.0)
    stem_left = whole.left + whole.width // 2 - 4
    stem = _Raw("b", 59.0, stem_left, whole.top, 9, whole.height, (1, 1, 1))
    assert lone_glyph(gray, stem) == "Y"


@pytest.mark.parametrize("letter", ["Y", "N"])
def test_a_mark_columns_letter_read_only_as_junk_is_kept_by_its_shape_for_review(letter: str) -> None:
    # GIVEN a `Y` the page reading skipped, read alone as `bf` at 22
    gray, raw = _glyph_raw("Helvetica", letter, confidence=0.0)
    box = (raw.left, raw.top, raw.width, raw.height)
    junk = _Raw("bf", 22.0, *box, (-1, 0, 0))

    marks = marks_by_shape(gray, {0: box}, {0: [junk]})

    # THEN the letter its shape shows, as unsure as the reading was
    assert [(m.text, m.confidence) for m in marks] == [(letter, 22.0)]


def test_print_read_as_several_unsure_words_is_not_taken_for_a_mark() -> None:
    gray, raw = _glyph_raw("Helvetica", "Y", confidence=0.0)
    box = (raw.left, raw.top, raw.width, raw.height)
    readings = [_Raw("b", 20.0, *box, (-1, 0, 0)), _Raw("f", 20.0, *box, (-1, 0, 0))]
    assert marks_by_shape(gray, {0: box}, {0: readings}) == []


@pytest.mark.parametrize("letter", ["Y", "N"])
def test_a_lone_glyph_boxed_with_white_paper_either_side_keeps_its_shape(letter: str) -> None:
    # GIVEN a re-read's box for the glyph twice as wide as its print (`a` at 63 for a serif N)
    gray, raw = _glyph_raw("Times-Roman", letter, confidence=63.0)
    margin = raw.width
    wide = _Raw("a", 63.0, raw.left - margin, raw.top, raw.width + 2 * margin, raw.height, raw.line)
    assert wide.width > 1.4 * wide.height
    # THEN its shape is still read from its ink
    assert lone_glyph(gray, wide) == letter


# A serif N between the old drawing's two answer rules on a scan, as the page reading boxed it:
# its stems a pixel wide, so under a half turn they land beside themselves.
_SCANNED_SERIF_N = """
.....####.......######.
.....######.....#######
.......####........###.
........####.......##..
........####........#..
........#..##.......#..
........#...##......#..
........#...##......#..
........#....##....##..
........#.....#....##..
........#.....##...##..
........#.....###..##..
........#......##...#..
........#.......##..#..
........#........####..
........#........####..
.......###........###..
.....########.....###..
"""


def test_a_scanned_serif_n_with_hairline_stems_is_an_n() -> None:
    ink = np.array([[ch == "#" for ch in row] for row in _SCANNED_SERIF_N.split()])
    assert imaging.boxed_letter(np.where(ink, 255, 0).astype(np.uint8)) == "N"


def test_a_rule_the_page_reading_boxed_as_a_letter_has_no_glyph_shape() -> None:
    # GIVEN the answer's lower rule read as `Se` at 33, boxed with the white paper under it
    gray = np.full((60, 80), 255, dtype=np.uint8)
    gray[14:16, 16:65] = 0
    gray[16, [44, 45, 46, 55, 61]] = 0  # specks under it
    assert lone_glyph(gray, _Raw("Se", 33.0, 10, 10, 55, 38, (1, 1, 1))) is None


def test_a_surely_read_glyph_keeps_no_shape() -> None:
    gray, raw = _glyph_raw("Helvetica", "Y", confidence=92.0)
    assert lone_glyph(gray, raw) is None


def _lone_print(font: str, glyph: str, size: float = 12.0, stub: bool = False) -> imaging.Gray:
    """`glyph` printed on its own at 300 dpi, with a rule's stub beside it if `stub`."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(40, 24))
    pdf.setFont(font, size)
    pdf.drawString(8, 6, glyph)
    if stub:
        pdf.setLineWidth(0.8)
        right = 8 + pdf.stringWidth(glyph, font, size) + 2
        pdf.line(right, 4, right, 17)
    pdf.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    return np.asarray(page.render(scale=300 / 72, grayscale=True).to_pil().convert("L"), dtype=np.uint8)


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Times-Roman", "Courier"])
@pytest.mark.parametrize("stub", [False, True])
def test_a_lone_x_is_crossed_with_or_without_a_rule_stub_beside_it(font: str, stub: bool) -> None:
    assert tick_shapes.crossed(_lone_print(font, "X", stub=stub))


@pytest.mark.parametrize(
    ("font", "glyph"), [("Courier-Bold", "x"), ("Courier-Bold", "X"), ("Times-Roman", "X")]
)
def test_a_small_x_whose_serifs_nearly_meet_over_its_middle_is_crossed(font: str, glyph: str) -> None:
    # a typewriter's bold `x` at 9 points, its serifs within a pixel of each other
    assert tick_shapes.crossed(_lone_print(font, glyph, size=9))


@pytest.mark.parametrize(
    ("font", "glyph"),
    [
        ("Helvetica", "O"),
        ("Helvetica", "N"),
        ("Times-Roman", "N"),
        ("Times-Roman", "H"),
        ("Helvetica", "Y"),
        ("Helvetica", "K"),
        ("Helvetica-Bold", "8"),
        ("ZapfDingbats", "4"),
        ("ZapfDingbats", "n"),
        ("Times-Bold", "z"),  # bars across its middle at both ends
        ("Times-Bold", "I"),
        ("Helvetica", "T"),
    ],
)
def test_other_print_is_not_crossed(font: str, glyph: str) -> None:
    assert not tick_shapes.crossed(_lone_print(font, glyph))


@pytest.mark.parametrize(("glyph", "ticked"), [("X", True), (" ", False), ("O", False)])
def test_a_mark_apart_inside_a_frame_holding_more_ink_is_told_by_its_own_shape(
    glyph: str, ticked: bool
) -> None:
    # GIVEN a photo's boxed PER STATUTE X standing apart from its box's frame, the frame the
    # larger piece of ink
    gray = _lone_print("Helvetica-Bold", glyph, size=9)
    ys, xs = np.nonzero(_lone_print("Helvetica-Bold", "X", size=9) < 128)
    top, bottom, left, right = ys.min() - 5, ys.max() + 5, xs.min() - 5, xs.max() + 5
    framed = gray.copy()
    cv2.rectangle(framed, (int(left), int(top)), (int(right), int(bottom)), 0, 3)

    assert tick_shapes.crossed(framed) is ticked


def test_an_x_read_as_a_stroke_with_the_rule_beside_it_is_an_x() -> None:
    gray = _lone_print("Helvetica", "X", stub=True)
    rows, cols = np.nonzero(gray < 128)
    top, left = int(rows.min()), int(cols.min())
    box = _Raw("|", 78.0, left, top, int(cols.max()) + 1 - left, int(rows.max()) + 1 - top, (1, 1, 1))
    stroke = _Raw("|", 90.0, left, top, 3, box.height, (1, 1, 2))  # a narrow bar stays a bar
    assert [r.text for r in ticks_read_as_strokes(gray, [box, stroke])] == ["X", "|"]


@pytest.mark.parametrize(("glyph", "read"), [("X", "<"), ("X", ">"), ("V", "<")])
def test_an_x_read_as_an_angle_bracket_is_an_x_and_a_v_is_not(glyph: str, read: str) -> None:
    # a scan's ANY AUTO tick read as `<` at no confidence: half its strokes
    gray = _lone_print("Helvetica", glyph)
    left, top, width, height = _ink_box(gray)
    raw = _Raw(read, 0.0, left, top, width, height, (1, 1, 1))
    assert [r.text for r in ticks_read_as_strokes(gray, [raw])] == ["X" if glyph == "X" else read]


@pytest.mark.parametrize(
    ("glyph", "read", "confidence"),
    [("X", "&", 33.0), ("&", "&", 33.0), ("X", "&", 90.0), ("x", "=", 72.0), ("=", "=", 72.0)],
)
def test_a_tick_read_as_an_unsure_or_odd_sign_is_an_x(glyph: str, read: str, confidence: float) -> None:
    # a photo's PER STATUTE tick read as `&` at 33, a scan's typewriter `x` as `=` at 72 (no
    # certificate prints `=` alone); a printed ampersand or equals sign stays one
    gray = _lone_print("Courier-Bold", glyph, size=9)
    left, top, width, height = _ink_box(gray)
    raw = _Raw(read, confidence, left, top, width, height, (1, 1, 1))
    expected = "X" if glyph in "xX" and (confidence < 70 or read == "=") else read
    assert [r.text for r in ticks_read_as_strokes(gray, [raw])] == [expected]


def _ink_box(gray: imaging.Gray) -> tuple[int, int, int, int]:
    """(left, top, width, height) of the print in an image."""
    rows, cols = np.nonzero(gray < 128)
    top, left = int(rows.min()), int(cols.min())
    return left, top, int(cols.max()) + 1 - left, int(rows.max()) + 1 - top


def _drawn_check(
    width: float = 1.0, start: float = 12.0, point: float = 13.5, stub: bool = False
) -> imaging.Gray:
    """A check mark drawn as two strokes (marks drawn as vectors, or a dingbat's outline), from
    the left side at height `start` down to `point` across and up to the top right, at 300 dpi."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(40, 24))
    pdf.setLineWidth(width)
    path = pdf.beginPath()
    path.moveTo(10, start)
    path.lineTo(point, 6)
    path.lineTo(21, 18)
    pdf.drawPath(path, stroke=1, fill=0)
    if stub:
        pdf.setLineWidth(0.8)
        pdf.line(24, 4, 24, 19)
    pdf.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    return np.asarray(page.render(scale=300 / 72, grayscale=True).to_pil().convert("L"), dtype=np.uint8)


@pytest.mark.parametrize(("width", "start", "point"), [(1.0, 12, 13.5), (1.8, 11, 14), (0.7, 13, 12.5)])
@pytest.mark.parametrize("stub", [False, True])
def test_a_check_mark_is_checked_with_or_without_a_rule_stub_beside_it(
    width: float, start: float, point: float, stub: bool
) -> None:
    gray = _drawn_check(width, start, point, stub=stub)
    assert tick_shapes.checked(gray)
    assert tick_shapes.ticked(gray)
    assert not tick_shapes.crossed(gray)


@pytest.mark.parametrize(
    ("font", "glyph"),
    [
        ("Helvetica", "V"),
        ("Times-Roman", "V"),
        ("Helvetica", "v"),
        ("Helvetica", "J"),
        ("Times-Roman", "J"),
        ("Helvetica", "L"),
        ("Helvetica", "Y"),
        ("Helvetica-Bold", "X"),
        ("Helvetica", "/"),
        ("Helvetica", "O"),
        ("Helvetica-Bold", "4"),
    ],
)
def test_other_print_is_not_checked(font: str, glyph: str) -> None:
    assert not tick_shapes.checked(_lone_print(font, glyph))


def test_a_check_mark_read_as_a_v_is_an_x() -> None:
    gray = _drawn_check()
    rows, cols = np.nonzero(gray < 128)
    top, left = int(rows.min()), int(cols.min())
    height = int(rows.max()) + 1 - top
    whole = _Raw("V", 42.0, left, top, int(cols.max()) + 1 - left, height, (1, 1, 1))
    # Tesseract's box can hold the long stroke alone.
    long_stroke = _Raw("V", 42.0, int(cols.max()) + 1 - height // 2, top, height // 2, height, (1, 1, 2))
    assert [r.text for r in ticks_read_as_strokes(gray, [whole])] == ["X"]
    assert [r.text for r in ticks_read_as_strokes(gray, [long_stroke])] == ["X"]


@pytest.mark.parametrize(("confidence", "read"), [(70.0, "X"), (74.0, "X"), (85.0, "J")])
def test_a_check_mark_read_as_a_j_at_up_to_75_is_looked_at(confidence: float, read: str) -> None:
    # a photo's HIRED AUTOS check read as `J` at 70
    gray = _drawn_check()
    raw = _Raw("J", confidence, *_ink_box(gray), (1, 1, 1))
    assert [r.text for r in ticks_read_as_strokes(gray, [raw])] == [read]
    printed = _lone_print("Helvetica", "J")  # a printed J read so stays one
    assert [
        r.text for r in ticks_read_as_strokes(printed, [_Raw("J", confidence, *_ink_box(printed), (1, 1, 1))])
    ] == ["J"]


def test_a_check_mark_read_surely_as_its_two_strokes_is_an_x() -> None:
    # `JV` at 78 or `VJ` at 49 for a drawn check: no word is spelt so, its shape decides
    gray = _drawn_check()
    box = _ink_box(gray)
    # (`JY`: a photo's PER STATUTE tick; `JS` at 70: its ANY AUTO check)
    for text, confidence in (("JV", 78.0), ("VJ", 49.0), ("JY", 39.0), ("JS", 70.0)):
        assert [r.text for r in ticks_read_as_strokes(gray, [_Raw(text, confidence, *box, (1, 1, 1))])] == [
            "X"
        ]
    # a printed V read as two strokes stays what it was read as
    printed = _lone_print("Helvetica", "V")
    pair = _Raw("VJ", 78.0, *_ink_box(printed), (1, 1, 1))
    assert [r.text for r in ticks_read_as_strokes(printed, [pair])] == ["VJ"]
    printed = _lone_print("Helvetica", "J")  # and a printed J with a speck read beside it
    assert [
        r.text for r in ticks_read_as_strokes(printed, [_Raw("JS", 70.0, *_ink_box(printed), (1, 1, 1))])
    ] == ["JS"]


def test_a_check_mark_read_as_strokes_over_its_box_s_foot_is_an_x() -> None:
    # a photo's NON-OWNED check read `\\/_` at 36, the underscore its box's bottom rule
    gray = _drawn_check()
    raw = _Raw("\\/_", 36.0, *_ink_box(gray), (1, 1, 1))
    assert [r.text for r in ticks_read_as_strokes(gray, [raw])] == ["X"]
    printed = _lone_print("Helvetica", "_")  # a printed underscore stays one
    assert [
        r.text for r in ticks_read_as_strokes(printed, [_Raw("_", 50.0, *_ink_box(printed), (1, 1, 1))])
    ] == ["_"]


def test_a_check_mark_read_surely_as_a_letter_twice_the_pages_height_is_an_x() -> None:
    # A boxed check on a photo came back `v` at 79 and `A` at 69, 53 pixels tall among words of 19.
    gray = _drawn_check()
    box = _ink_box(gray)
    words = [
        _Raw("OCCUR", 96.0, 0, 0, 30, box[3] // 3, (1, 1, 2)),
        _Raw("LIAB", 96.0, 40, 0, 20, box[3] // 3, (1, 1, 2)),
    ]
    for text, confidence in (("v", 79.0), ("A", 69.0)):
        read = ticks_read_as_strokes(gray, [_Raw(text, confidence, *box, (1, 1, 1)), *words])
        assert [r.text for r in read] == ["X", "OCCUR", "LIAB"]
        # as tall as the words beside it, a sure letter is a letter
        level = [
            _Raw(text, confidence, *box, (1, 1, 1)),
            *(dataclasses.replace(w, height=box[3]) for w in words),
        ]
        assert ticks_read_as_strokes(gray, level)[0].text == text


def test_an_unsure_reading_of_a_check_mark_half_again_as_tall_as_the_print_is_an_x() -> None:
    # A scan's ALL OWNED AUTOS tick read `ar` at 29, 39 pixels tall among words of 24
    gray = _drawn_check()
    box = _ink_box(gray)
    label = round(box[3] / 1.6)
    words = [
        _Raw("OWNED", 96.0, 0, 0, 30, label, (1, 1, 2)),
        _Raw("AUTOS", 96.0, 40, 0, 20, label, (1, 1, 2)),
    ]
    assert ticks_read_as_strokes(gray, [_Raw("ar", 29.0, *box, (1, 1, 1)), *words])[0].text == "X"
    assert ticks_read_as_strokes(gray, [_Raw("ar", 80.0, *box, (1, 1, 1)), *words])[0].text == "ar"  # sure


def test_a_printed_v_stays_a_v() -> None:
    gray = _lone_print("Helvetica", "V")
    box = _Raw("V", 91.0, *_ink_box(gray), (1, 1, 1))
    assert [r.text for r in ticks_read_as_strokes(gray, [box])] == ["V"]


def _word(text: str, left: int, width: int, top: int = 100, height: int = 30) -> _Raw:
    return _Raw(text, 95.0, left, top, width, height, (1, 1, 1))


def test_a_re_read_leaves_no_echo_of_a_word_beside_it() -> None:
    # `Cc` over the start of Company; `ine` right against Redline (whose box held `Redl` only).
    cc = [_word("Hartley", 100, 120), _word("Cc", 250, 40), _word("Company", 280, 150)]
    assert [r.text for r in drop_echoes(cc)] == ["Hartley", "Company"]
    touching = [_word("Cc", 250, 30, top=95, height=40), _word("Company", 281, 150)]
    assert [r.text for r in drop_echoes(touching)] == ["Company"]
    redline = drop_echoes([_word("Redline", 100, 80), _word("ine", 181, 40), _word("Framing", 240, 120)])
    assert [(r.text, r.width) for r in redline] == [("Redline", 121), ("Framing", 120)]


def test_a_word_read_whole_over_its_first_letters_takes_the_reading_of_its_end_after_it() -> None:
    # `Any One Location` read twice on two of Tesseract's lines: `Any` and `One` each boxed over
    # their first letter alone, `ny` and `One` beside them
    words = [
        _Raw("ny", 96.0, 1802, 2207, 39, 28, (1, 1, 1)),
        _Raw("One", 96.0, 1883, 2207, 39, 20, (1, 1, 1)),
        _Raw("Location", 95.0, 1957, 2203, 126, 25, (1, 1, 1)),
        _Raw("Any", 96.0, 1774, 2201, 24, 26, (1, 1, 2)),
        _Raw("One", 86.0, 1854, 2201, 25, 27, (1, 1, 2)),
    ]
    kept = sorted(drop_echoes(words), key=lambda r: r.left)
    assert [(r.text, r.left, r.left + r.width) for r in kept] == [
        ("Any", 1774, 1841),
        ("One", 1854, 1922),
        ("Location", 1957, 2083),
    ]


def test_printed_words_with_a_space_between_stay() -> None:
    words = [_word("Zinc", 100, 80), _word("Inc", 192, 50), _word("Co", 300, 40), _word("Company", 350, 150)]
    assert [r.text for r in drop_echoes(words)] == ["Zinc", "Inc", "Co", "Company"]
    other_line = [_word("Cc", 250, 40), _word("Company", 280, 150, top=140)]
    assert len(drop_echoes(other_line)) == 2


def test_a_lone_letter_against_the_word_it_starts_is_an_echo() -> None:
    words = [_word("Commerce", 50, 130), _word("D", 200, 14), _word("Dr", 215, 30)]
    assert [r.text for r in drop_echoes(words)] == ["Commerce", "Dr"]
    # An insurer letter re-read with the column rule beside it: its box is wider than a glyph.
    letter_and_rule = [_word("A", 75, 66), _word("AUTOMOBILE", 145, 173)]
    assert [r.text for r in drop_echoes(letter_and_rule)] == ["A", "AUTOMOBILE"]


def test_a_word_read_in_two_overlapping_halves_is_one_word() -> None:
    keystone = rejoin_split_words(
        [_word("Keys", 100, 60), _word("stone", 152, 70), _word("Building", 240, 110)]
    )
    assert [(r.text, r.left, r.width) for r in keystone] == [("Keystone", 100, 122), ("Building", 240, 110)]
    commerce = rejoin_split_words([_word("8631", 20, 60), _word("Cc", 100, 30), _word("ommerce", 118, 120)])
    assert [r.text for r in commerce] == ["8631", "Commerce"]
    mutual = rejoin_split_words([_word("Mutual", 100, 90), _word("tual", 150, 60)])
    assert [r.text for r in mutual] == ["Mutual"]


def test_an_amount_read_in_two_pieces_sharing_a_digit_is_one_amount() -> None:
    # `$100,000` read `100` (2341-2388) and `0,000` (2370-2451): the 0 under both boxes read twice
    amount = rejoin_split_words([_word("100", 2341, 47), _word("0,000", 2370, 81)])
    assert [(r.text, r.left, r.width) for r in amount] == [("100,000", 2341, 110)]
    # pieces whose shared width reads different digits, or that only touch, stay apart
    assert len(rejoin_split_words([_word("100", 2341, 47), _word("5,000", 2370, 81)])) == 2
    assert len(rejoin_split_words([_word("1", 2341, 15), _word("000,000", 2356, 100)])) == 2


def test_halves_that_read_their_shared_print_differently_are_joined_as_a_guess_to_look_at() -> None:
    # `Fite` (29 px, its `te` a misreading of the `ir` under `ire`'s box) and `ire` (413-464)
    fire = rejoin_split_words([_word("Fite", 398, 29), _word("ire", 413, 51)])
    assert [(r.text, r.confidence) for r in fire] == [("Fire", 50.0)]
    # a capitalised word a label's box ran on over is a word of its own
    ohio = rejoin_split_words([_word("INSURER", 1293, 180), _word("Ohio", 1458, 60)])
    assert [r.text for r in ohio] == ["INSURER", "Ohio"]
    # halves agreeing on their shared letters keep their confidence
    keystone = rejoin_split_words([_word("Keys", 100, 60), _word("stone", 152, 70)])
    assert [r.confidence for r in keystone] == [95.0]


def test_words_with_a_space_between_and_a_mark_beside_its_label_stay_apart() -> None:
    words = [_word("Keys", 100, 60), _word("stone", 175, 70), _word("X", 300, 20), _word("OCCUR", 315, 90)]
    assert [r.text for r in rejoin_split_words(words)] == ["Keys", "stone", "X", "OCCUR"]


def test_unsure_pieces_of_one_glyph_are_joined_so_its_shape_is_told_whole() -> None:
    # GIVEN a `Y` (ink 740-756 x 1663-1682) read again as `>` and `i`, beside a surely read `Y`
    line = (1, 1, 39)
    pieces = [_Raw(">", 66.0, 738, 1662, 5, 28, line), _Raw("i", 31.0, 750, 1663, 8, 21, line)]
    other = _Raw("Y", 92.0, 815, 1663, 18, 22, line)

    joined = join_glyph_pieces([other, *pieces])

    # THEN one unsure word over the glyph's print; the sure `Y` untouched
    assert [(r.text, r.confidence, r.left, r.width) for r in joined] == [
        (">i", 31.0, 738, 20),
        ("Y", 92.0, 815, 18),
    ]


def test_sure_pieces_and_pieces_wider_than_a_glyph_stay_apart() -> None:
    line = (1, 1, 1)
    sure = [_Raw("1", 92.0, 100, 10, 6, 24, line), _Raw(".", 60.0, 108, 30, 4, 4, line)]
    wide = [_Raw("r", 40.0, 100, 10, 14, 24, line), _Raw("n", 40.0, 118, 10, 16, 24, line)]
    assert join_glyph_pieces(sure) == sure
    assert join_glyph_pieces(wide) == wide


def test_one_glyph_read_again_as_a_sign_or_in_pieces_keeps_its_first_reading() -> None:
    line = (1, 1, 1)
    glyph = _Raw("Y", 44.0, 100, 10, 20, 24, line)
    assert not glyph_reread(glyph, [_Raw("=", 60.0, 102, 12, 16, 8, line)])  # its letter lost
    assert not glyph_reread(
        glyph, [_Raw("»", 0.0, 100, 10, 6, 24, line), _Raw("4", 82.0, 108, 10, 10, 24, line)]
    )
    assert glyph_reread(glyph, [_Raw("Y", 92.0, 100, 10, 20, 24, line)])
    # a word longer than one glyph is re-read as Tesseract finds it
    word = _Raw("Cmpany", 40.0, 100, 10, 140, 24, line)
    assert glyph_reread(
        word, [_Raw("Company", 90.0, 100, 10, 140, 24, line), _Raw(".", 50.0, 242, 30, 4, 4, line)]
    )


@pytest.mark.parametrize(
    ("glyph", "confidence", "expected"), [("X", 25.0, "X"), ("4", 25.0, "4"), ("X", 80.0, "4")]
)
def test_a_tick_read_as_an_unsure_four_is_an_x(glyph: str, confidence: float, expected: str) -> None:
    # a photo's PER STATUTE X read as `4` at 25: its strokes cross as the digit's do; a printed 4
    # (its stem) stays one, and so does a sure reading
    gray = _lone_print("Helvetica", glyph, size=9)
    left, top, width, height = _ink_box(gray)
    raw = _Raw("4", confidence, left, top, max(width, height), height, (1, 1, 1))
    assert [r.text for r in ticks_read_as_strokes(gray, [raw])] == [expected]
