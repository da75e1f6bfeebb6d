"""Re-reading doubtful words: the cut-out's padding never brings in the clipped edge of the next line."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from services.intake.extraction.ocr import TesseractEngine, _Raw
from services.intake.extraction.ocr_fragments import (
    doubt_crowded_digits,
    doubt_tight_spaces,
    fit_run_on_numbers,
    join_touching_numbers,
    last_ones_read_as_bars,
    rejoin_split_words,
)
from services.intake.extraction.ocr_mosaic import REREAD_GAP, REREAD_SCALE, mosaic
from tests.unit.extraction.printed import printed

pytest.importorskip("pytesseract")


def _block() -> np.ndarray:
    """A label over a name with the first address line tight below, as an insured box prints them."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(300, 90))
    pdf.setFont("Helvetica-Bold", 6.5)
    pdf.drawString(20, 74, "INSURED")
    pdf.setFont("Helvetica", 10)
    pdf.drawString(40, 62, "Westfield Drywall Inc")
    pdf.drawString(40, 51, "8411 Market Street")
    pdf.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    image = page.render(scale=300 / 72, grayscale=True).to_pil().convert("L")
    return np.asarray(image, dtype=np.uint8)


def test_a_doubtful_label_and_name_read_together_come_back_without_the_next_lines_top() -> None:
    image = _block()
    dpi = 300 / 72
    # Tesseract's first pass merged the label and the name into doubtful fragments (`Ae`, `aid`).
    top = round((90 - 74 - 6.5) * dpi)
    bottom = round((90 - 62 + 2) * dpi)
    raws = [
        _Raw("Ae", 16.0, round(20 * dpi), top, round(60 * dpi), bottom - top, (1, 1, 1)),
        _Raw("aid", 0.0, round(75 * dpi), top + round(9 * dpi), round(70 * dpi), round(9 * dpi), (1, 1, 1)),
        _Raw("este", 0.0, round(40 * dpi), top + round(11 * dpi), round(30 * dpi), round(7 * dpi), (1, 1, 2)),
    ]
    reread = TesseractEngine()._reread_uncertain(image, raws, 1)
    texts = [r.text for r in reread]
    assert "INSURED" in texts
    assert "Westfield" in texts
    assert all(r.top + r.height / 2 <= bottom for r in reread)


def _amount() -> np.ndarray:
    """`1,000,000` printed in a limit cell."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(160, 40))
    pdf.setFont("Helvetica", 11)
    pdf.drawString(20, 15, "1,000,000")
    pdf.save()
    image = pdfium.PdfDocument(out.getvalue())[0].render(scale=300 / 72, grayscale=True).to_pil()
    return np.asarray(image.convert("L"), dtype=np.uint8)


def test_a_sure_rereading_that_agrees_with_a_confident_first_digit_replaces_it() -> None:
    image = _amount()
    columns = np.flatnonzero((image < 128).any(axis=0))
    one_right = columns[np.flatnonzero(np.diff(columns) > 1)[0]]  # the `1` is the first piece of ink
    rows = np.flatnonzero((image < 128).any(axis=1))
    top, height = int(rows[0]), int(rows[-1] - rows[0])
    # The first pass split the amount as on a scanned page: a sure `1`, a doubtful rest with a period.
    raws = [
        _Raw("1", 99.0, int(columns[0]), top, int(one_right - columns[0]) + 1, height, (1, 1, 1)),
        _Raw(".000,000", 46.0, int(one_right) + 9, top, int(columns[-1] - one_right) - 8, height, (1, 1, 1)),
    ]
    reread = TesseractEngine()._reread_uncertain(image, raws, 1)
    assert [r.text for r in reread] == ["1,000,000"]


def test_one_glyph_read_again_as_two_pieces_keeps_its_first_reading() -> None:
    # A serif `Y` in a mark column first read as `ag`, read again as `»` and `4`: two pieces of one
    # glyph are no better reading of it, and its shape still tells what it is.
    gray, (left, top, width, height) = printed("Y", "Times-Roman", 9, page=(40, 24), at=(14, 8))
    glyph = _Raw("ag", 30.0, left, top, width, height, (1, 1, 1))
    engine = TesseractEngine()
    crops, _, crop_rows = mosaic(gray, [[glyph]])
    row_top, row_bottom = crop_rows[0]
    middle = (row_top + row_bottom) // 2
    half = round(glyph.width * REREAD_SCALE / 2)
    start = REREAD_GAP + round((glyph.left - crops[0][1]) * REREAD_SCALE)
    pieces = [
        _Raw("»", 0.0, start, middle - 10, half, 20, (1, 1, 1)),
        _Raw("4", 82.0, start + half, middle - 10, half, 20, (1, 1, 1)),
    ]

    assert engine._better_rereads(crops, crop_rows, pieces, set()) == {}
    # one piece over it, surer than the first reading, does replace it
    whole = [_Raw("Y", 90.0, start, middle - 10, 2 * half, 20, (1, 1, 1))]
    assert [r.text for r in engine._better_rereads(crops, crop_rows, whole, set())[0]] == ["Y"]


def test_pieces_of_one_number_split_with_no_space_are_one_word_before_the_reread() -> None:
    # `8127 Mill Rd` read as a sure `8` and a doubtful `427` three pixels on: the doubtful reading
    # must be re-read over the whole number, or the crop's margin halves the 8 into a 3.
    eight = _Raw("8", 94.0, 150, 601, 19, 25, (1, 1, 1))
    rest = _Raw("427", 88.0, 172, 601, 50, 25, (1, 1, 2))
    street = _Raw("Mill", 93.0, 244, 600, 48, 25, (1, 1, 3))
    joined = join_touching_numbers([rest, eight, street])
    assert [(r.text, r.confidence, r.left, r.width) for r in joined] == [
        ("8427", 88.0, 150, 72),
        ("Mill", 93.0, 244, 48),
    ]


def test_numbers_a_space_apart_or_on_other_lines_stay_apart() -> None:
    phone = [_Raw("286", 95.0, 100, 600, 45, 25, (1, 1, 1)), _Raw("798", 95.0, 155, 600, 45, 25, (1, 1, 2))]
    assert join_touching_numbers(phone) == phone  # ten pixels: a space at this size
    stacked = [_Raw("10", 95.0, 100, 600, 30, 25, (1, 1, 1)), _Raw("20", 95.0, 132, 640, 30, 25, (1, 2, 1))]
    assert join_touching_numbers(stacked) == stacked
    worded = [_Raw("Suite", 95.0, 100, 600, 60, 25, (1, 1, 1)), _Raw("2", 95.0, 162, 600, 14, 25, (1, 1, 2))]
    assert join_touching_numbers(worded) == worded


def test_words_split_where_the_print_leaves_less_than_a_word_space_are_doubted() -> None:
    # `TAMPA,` read as `TAM` and `PA,` six pixels apart at a 30-pixel height; `FL` a space further on.
    tam, pa = (
        _Raw("TAM", 96.0, 175, 2877, 82, 30, (1, 1, 57)),
        _Raw("PA,", 96.0, 263, 2877, 62, 36, (1, 1, 57)),
    )
    fl = _Raw("FL", 96.0, 340, 2877, 40, 30, (1, 1, 57))
    mark = [_Raw("POLICY", 95.0, 100, 500, 120, 30, (1, 1, 9)), _Raw("X", 95.0, 225, 500, 25, 30, (1, 1, 9))]
    doubted = doubt_tight_spaces([tam, pa, fl, *mark])
    assert [r.confidence for r in doubted] == [45.0, 45.0, 96.0, 95.0, 95.0]
    # a word's last letter split off is doubted too
    pkw, y = _Raw("Pkw", 96.0, 400, 500, 60, 30, (1, 1, 9)), _Raw("y", 90.0, 464, 506, 14, 30, (1, 1, 9))
    assert [r.confidence for r in doubt_tight_spaces([pkw, y])] == [45.0, 45.0]
    # and boxes running a little into each other (`TUF` `IRNER-WALSH` for `TURNER-WALSH`)
    tuf, irner = (
        _Raw("TUF", 95.0, 357, 2760, 46, 23, (1, 1, 3)),
        _Raw("IRNER-WALSH", 89.0, 394, 2760, 194, 23, (1, 1, 3)),
    )
    assert [r.confidence for r in doubt_tight_spaces([tuf, irner])] == [45.0, 45.0]
    # a label's box run far on over the value after it is no cut word
    label, value = (
        _Raw("INSURER", 93.0, 1293, 776, 180, 24, (1, 1, 4)),
        _Raw("Ohio", 93.0, 1458, 776, 60, 24, (1, 1, 4)),
    )
    assert [r.confidence for r in doubt_tight_spaces([label, value])] == [93.0, 93.0]


def test_digits_more_than_their_box_can_hold_are_doubted() -> None:
    # A photo's revision number `1` read `14` at 85 in a box 11 px wide and 27 tall
    crowded = _Raw("14", 85.0, 2136, 986, 11, 27, (1, 1, 1))
    # `11` and `10` printed whole are as wide as two digits
    ones, ten = _Raw("11", 90.0, 2136, 986, 27, 27, (1, 1, 2)), _Raw("10", 90.0, 2136, 986, 30, 27, (1, 1, 3))
    assert [r.confidence for r in doubt_crowded_digits([crowded, ones, ten])] == [45.0, 90.0, 90.0]


def test_a_number_boxed_on_over_the_digits_read_after_it_keeps_to_its_own_print() -> None:
    # A scan's `1,000,000` read as `1,000` boxed over the whole amount, with `,` and `000` inside
    line = (1, 1, 1)
    start = _Raw("1,000", 32.0, 2278, 987, 186, 26, line)
    comma, end = _Raw(",", 81.0, 2388, 981, 15, 36, line), _Raw("000", 86.0, 2412, 987, 52, 26, line)
    fitted = fit_run_on_numbers([start, comma, end])
    assert [(r.text, r.left, r.left + r.width) for r in fitted] == [
        ("1,000", 2278, 2365),
        (",", 2388, 2403),
        ("000", 2412, 2464),
    ]
    # so the pieces are not joined as one print read twice (`1,00000`)
    assert [r.text for r in rejoin_split_words(fitted)] == ["1,000", ",", "000"]
    # pieces read as wide as each other, sharing a digit, are (`100` `0,000`)
    pieces = [_Raw("100", 90.0, 100, 10, 51, 26, line), _Raw("0,000", 90.0, 134, 10, 80, 26, line)]
    assert fit_run_on_numbers(pieces) == pieces
    # and a whole amount re-read over its first reading's lone `4` keeps its box (a 1 is narrow)
    whole = [_Raw("4", 69.0, 2312, 1359, 10, 24, line), _Raw("51,000,000", 42.0, 2273, 1359, 189, 29, line)]
    assert fit_run_on_numbers(whole) == whole


@pytest.mark.parametrize(
    ("number", "one", "expected"),
    [
        ("WC-304333", "|", ["WC-3043331"]),  # the 1 read as a bar inside the number's box
        ("SCA-469-56929", "1", ["SCA-469-569291"]),  # or as a word of its own there
        ("WC-304331", "1", ["WC-304331", "1"]),  # a number ending in 1 read it twice
    ],
)
def test_a_one_read_apart_inside_the_end_of_a_number_s_box_is_its_last_digit(
    number: str, one: str, expected: list[str]
) -> None:
    # GIVEN a scan's `WC-3043331` boxed over all ten glyphs (26 pixels each), its 1 read apart
    read = _Raw(number, 91.0, 548, 1479, 26 * (len(number) + 1), 27, (1, 1, 4))
    bar = _Raw(one, 90.0, read.left + read.width - 14, 1475, 5, 43, (1, 1, 5))
    joined = last_ones_read_as_bars([read, bar])
    assert [r.text for r in joined] == expected
    # a 1 taken back sends the number to a person
    assert (joined[0].confidence < 70) is (len(expected) == 1)


def test_a_bar_past_a_number_s_box_is_no_digit_of_it() -> None:
    # a rule's stub a glyph past the number's end stays a stroke of its own
    read = _Raw("WC-304333", 91.0, 548, 1479, 234, 27, (1, 1, 4))
    stub = _Raw("|", 90.0, read.left + read.width + 30, 1475, 5, 43, (1, 1, 5))
    assert last_ones_read_as_bars([read, stub]) == [read, stub]
