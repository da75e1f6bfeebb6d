"""The Tesseract engine and page preparation on pages we draw ourselves (text and position known)."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import replace

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from services.intake.extraction import imaging, ocr_glyphs
from services.intake.extraction.ocr import (
    OcrInputError,
    OcrSettings,
    OcrTimeoutError,
    TesseractEngine,
    _fit_tall_boxes_to_ink,
    _lone_strokes_as_ones,
    _Raw,
    _split_paired_marks,
    clean_word,
)
from services.intake.extraction.ocr_glyphs import signs_for_print
from services.intake.extraction.ocr_mosaic import surer_first_readings
from services.intake.extraction.ocr_unread import (
    kept_unread_words,
    sure_unread_word,
    unread_boxes,
    unread_ink,
)

PAGE_W, PAGE_H = letter
POLICY_AT = (72.0, 200.0)  # points from the top-left corner
DATE_AT = (400.0, 600.0)
TICKED_BOX_AT = (72.0, 400.0)  # bottom-left corner of a 9 pt box, points from the top-left
EMPTY_BOX_AT = (200.0, 400.0)


def _draw_form(pdf: canvas.Canvas) -> None:
    """A certificate-like block: labels, values and table rules, in a portrait 612 x 792 frame."""
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(72, PAGE_H - 100, "CERTIFICATE OF LIABILITY INSURANCE")
    pdf.setFont("Helvetica", 11)
    pdf.drawString(POLICY_AT[0], PAGE_H - POLICY_AT[1], "GL-4471902")
    pdf.drawString(POLICY_AT[0] + 120, PAGE_H - POLICY_AT[1], "Keystone Mutual")
    pdf.drawString(DATE_AT[0], PAGE_H - DATE_AT[1], "04/01/2026")
    pdf.line(60, PAGE_H - POLICY_AT[1] - 6, 550, PAGE_H - POLICY_AT[1] - 6)
    pdf.line(60, PAGE_H - DATE_AT[1] - 6, 550, PAGE_H - DATE_AT[1] - 6)
    pdf.line(390, PAGE_H - DATE_AT[1] - 6, 390, PAGE_H - DATE_AT[1] + 14)
    for (x, y), ticked, label in ((TICKED_BOX_AT, True, "OCCUR"), (EMPTY_BOX_AT, False, "CLAIMS-MADE")):
        pdf.rect(x, PAGE_H - y, 9, 9)
        if ticked:
            pdf.setFont("Helvetica-Bold", 9)
            pdf.drawString(x + 1.6, PAGE_H - y + 1.5, "X")
            pdf.setFont("Helvetica", 11)
        pdf.drawString(x + 13, PAGE_H - y + 1, label)


def _two_page_scan_with_a_rotated_page() -> bytes:
    """Page 1 upright; page 2 stored sideways with /Rotate 90, as scanners write landscape feeds."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    _draw_form(pdf)
    pdf.showPage()
    pdf.setPageSize((PAGE_H, PAGE_W))  # the stored page is landscape...
    pdf.translate(PAGE_H, 0)
    pdf.rotate(90)  # ...with the form drawn a quarter turn counter-clockwise
    _draw_form(pdf)
    pdf.showPage()
    pdf.save()
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    writer = PdfWriter()
    writer.add_page(reader.pages[0])
    writer.add_page(reader.pages[1])
    writer.pages[1].rotate(90)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rendered_form(dpi: int = 300) -> np.ndarray:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    _draw_form(pdf)
    pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    image = document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    return np.array(image, dtype=np.uint8)


def _tilt(gray: np.ndarray, degrees: float) -> np.ndarray:
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def _phone_photo(gray: np.ndarray) -> bytes:
    """The page lying on a dark desk, seen at an angle, lit from one side, JPEG-compressed."""
    height, width = gray.shape
    frame_w, frame_h = int(width * 1.3), int(height * 1.25)
    offset_x, offset_y = (frame_w - width) / 2, (frame_h - height) / 2
    source = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    target = np.array(
        [
            [offset_x + 60, offset_y - 40],
            [offset_x + width - 30, offset_y + 50],
            [offset_x + width + 40, offset_y + height - 20],
            [offset_x - 50, offset_y + height + 30],
        ],
        dtype=np.float32,
    )
    matrix = cv2.getPerspectiveTransform(source, target)
    page = cv2.warpPerspective(gray, matrix, (frame_w, frame_h), borderValue=0)
    sheet = cv2.warpPerspective(np.full_like(gray, 255), matrix, (frame_w, frame_h), borderValue=0)
    photo = np.where(sheet > 0, page, 70).astype(np.float32)
    light = np.linspace(0.7, 1.0, frame_w, dtype=np.float32)[None, :]
    photo = np.clip(photo * light, 0, 255).astype(np.uint8)
    ok, encoded = cv2.imencode(".jpg", cv2.GaussianBlur(photo, (3, 3), 0), [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return encoded.tobytes()


def _word(ir, text: str, page: int = 1):
    return next(w for w in ir.words if w.text == text and w.page == page)


@pytest.mark.slow
def test_scanned_pdf_pages_are_read_with_boxes_where_the_words_are_printed_and_rotation_honoured():
    # GIVEN a two-page scan whose second page is stored sideways with /Rotate 90
    data = _two_page_scan_with_a_rotated_page()

    # WHEN the OCR engine reads it
    ir = TesseractEngine().read_pdf(data, sha256="f" * 64)

    # THEN both pages are read upright, in portrait, with the words where they were printed
    assert (ir.engine, ir.source_kind, ir.sha256) == ("ocr", "scanned", "f" * 64)
    assert [(p.number, p.width, p.height, p.rotation) for p in ir.pages] == [
        (1, PAGE_W, PAGE_H, 0),
        (2, PAGE_W, PAGE_H, 90),
    ]
    for page in (1, 2):
        policy = _word(ir, "GL-4471902", page)
        assert policy.source == "ocr"
        assert policy.confidence > 0.8
        assert policy.box.left == pytest.approx(POLICY_AT[0] / PAGE_W, abs=0.01)
        assert policy.box.bottom == pytest.approx(POLICY_AT[1] / PAGE_H, abs=0.01)
        date = _word(ir, "04/01/2026", page)
        assert date.box.left == pytest.approx(DATE_AT[0] / PAGE_W, abs=0.01)
        assert date.box.bottom == pytest.approx(DATE_AT[1] / PAGE_H, abs=0.01)
        # the table rule drawn just left of the date did not stick to it
        assert not any(w.text.startswith("|") for w in ir.words if w.page == page)
        # the ticked box is one "X" where the box is; the empty box left no junk before its label
        ticks = [w for w in ir.words if w.page == page and w.text == "X"]
        assert len(ticks) == 1
        assert ticks[0].box.left == pytest.approx(TICKED_BOX_AT[0] / PAGE_W, abs=0.01)
        labels = [
            w.text for w in ir.words if w.page == page and abs(w.box.center_y - ticks[0].box.center_y) < 0.01
        ]
        assert sorted(labels) == ["CLAIMS-MADE", "OCCUR", "X"]


@pytest.mark.slow
def test_phone_photo_is_cropped_rectified_and_read():
    # GIVEN a photo of the page on a dark desk, in perspective and unevenly lit
    photo = _phone_photo(_rendered_form(dpi=200))

    # WHEN the engine reads it
    ir = TesseractEngine().read_image(photo, sha256="e" * 64)

    # THEN the words are read and their boxes are fractions of the page, not of the photo
    assert (ir.source_kind, len(ir.pages)) == ("image", 1)
    texts = {w.text for w in ir.words}
    assert {"GL-4471902", "04/01/2026", "Keystone", "Mutual"} <= texts
    policy = _word(ir, "GL-4471902")
    assert policy.box.left == pytest.approx(POLICY_AT[0] / PAGE_W, abs=0.03)
    assert policy.box.bottom == pytest.approx(POLICY_AT[1] / PAGE_H, abs=0.03)


def test_photo_quadrilateral_is_found_around_the_sheet():
    # GIVEN a photo whose sheet corners we placed
    photo = np.asarray(
        cv2.imdecode(np.frombuffer(_phone_photo(_rendered_form(dpi=100)), np.uint8), cv2.IMREAD_GRAYSCALE),
        dtype=np.uint8,
    )

    # WHEN the page is looked for
    corners = imaging.find_page_quad(photo)

    # THEN four corners are found near where the sheet lies (top-left, top-right, bottom-right, bottom-left)
    assert corners is not None
    height, width = photo.shape
    assert corners[0][0] < width * 0.2
    assert corners[0][1] < height * 0.2
    assert corners[2][0] > width * 0.8
    assert corners[2][1] > height * 0.8


@pytest.mark.parametrize("tilt", [-3.2, -0.7, 0.6, 1.7, 4.5])
def test_deskew_recovers_a_synthetic_tilt_within_half_a_degree(tilt):
    # GIVEN a rendered page turned by a known angle
    tilted = _tilt(_rendered_form(dpi=150), tilt)

    # WHEN the skew is estimated
    estimate = imaging.estimate_skew(tilted)

    # THEN it is the tilt, within half a degree
    assert estimate == pytest.approx(tilt, abs=0.5)


def test_check_boxes_are_found_and_the_ticked_one_told_apart():
    # GIVEN a rendered page with a ticked and an empty 9 pt box
    page = _rendered_form(dpi=300)

    # WHEN boxes are looked for
    boxes = sorted(imaging.find_checkboxes(page), key=lambda b: b.left)

    # THEN exactly those two are found, where they were drawn, and only the first is ticked
    assert [b.ticked for b in boxes] == [True, False]
    assert boxes[0].left == pytest.approx(TICKED_BOX_AT[0] / 72 * 300, abs=4)
    assert boxes[1].left == pytest.approx(EMPTY_BOX_AT[0] / 72 * 300, abs=4)
    assert boxes[0].top == pytest.approx((TICKED_BOX_AT[1] - 9) / 72 * 300, abs=4)


def test_table_rules_are_removed_and_text_kept():
    # GIVEN a rendered page with rules
    page = _rendered_form(dpi=150)

    # WHEN rules are removed
    cleaned = imaging.remove_rules(page)

    # THEN the long rule rows are white while most ink (the text) remains
    rule_row = int((POLICY_AT[1] + 6) / 72 * 150)
    band = slice(rule_row - 2, rule_row + 3)
    assert np.count_nonzero(page[band] < 128) > 500
    assert np.count_nonzero(cleaned[band] < 128) < 50
    assert np.count_nonzero(cleaned < 128) > 0.5 * np.count_nonzero(page < 128) - 6000


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(tag: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


def test_decompression_bomb_is_refused_before_decoding():
    # GIVEN a tiny PNG that declares 100,000 x 100,000 pixels
    bomb = _png_header_only(100_000, 100_000)

    # WHEN / THEN the engine refuses it with a clear message
    with pytest.raises(OcrInputError, match="too large"):
        TesseractEngine().read_image(bomb, sha256="0" * 64)


def test_image_over_the_pixel_budget_is_refused():
    # GIVEN a real 3,000 x 2,000 PNG and a budget of one million pixels
    ok, png = cv2.imencode(".png", np.full((2000, 3000), 255, np.uint8))
    assert ok

    # WHEN / THEN it is refused with its size in the message
    with pytest.raises(OcrInputError, match="3000x2000 pixels"):
        TesseractEngine(OcrSettings(max_pixels=1_000_000)).read_image(png.tobytes(), sha256="0" * 64)


@pytest.mark.parametrize("data", [b"", b"GIF89a not really", b"\x89PNG\r\n\x1a\n broken"])
def test_unreadable_image_gives_a_one_line_error(data):
    with pytest.raises(OcrInputError):
        TesseractEngine().read_image(data, sha256="0" * 64)


def test_damaged_pdf_gives_a_one_line_error():
    with pytest.raises(OcrInputError, match="cannot open PDF"):
        TesseractEngine().read_pdf(b"%PDF-1.7\n1 0 obj <<", sha256="0" * 64)


def test_page_over_the_time_limit_raises_a_timeout():
    # GIVEN an engine allowing Tesseract a millisecond per page
    engine = TesseractEngine(OcrSettings(page_timeout_seconds=0.001))

    # WHEN / THEN reading a full page stops with a timeout error naming the page
    with pytest.raises(OcrTimeoutError, match="page 3"):
        engine.recognise(_rendered_form(dpi=150), page_number=3)


def test_pages_beyond_the_limit_are_not_read_and_the_truncation_is_noted():
    # GIVEN a five-page PDF of blank pages and a limit of two pages
    writer = PdfWriter()
    for _ in range(5):
        writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)

    # WHEN it is read
    ir = TesseractEngine(OcrSettings(max_pages=2)).read_pdf(buffer.getvalue(), sha256="0" * 64)

    # THEN only two pages come back, empty, and the IR says why
    assert [p.number for p in ir.pages] == [1, 2]
    assert ir.words == []
    assert ir.notes["pages_truncated"] == "read 2 of 5 pages"


def test_poster_sized_page_is_rendered_within_the_pixel_budget():
    # GIVEN a 200 x 200 inch page (3.6 billion pixels at 300 dpi)
    writer = PdfWriter()
    writer.add_blank_page(width=14_400, height=14_400)
    buffer = io.BytesIO()
    writer.write(buffer)

    # WHEN it is read with a small pixel budget
    ir = TesseractEngine(OcrSettings(max_pixels=4_000_000)).read_pdf(buffer.getvalue(), sha256="0" * 64)

    # THEN it is read (blank) at reduced resolution instead of exhausting memory
    assert [(p.width, p.height) for p in ir.pages] == [(14_400, 14_400)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("|04/01/2026", "04/01/2026"),
        ("1,000,000|", "1,000,000"),
        ("[GL-4471902", "GL-4471902"),
        ("|", None),
        ("||", None),
        ("_—_", None),
        ("-", "-"),
        ("\u2014", "-"),
        ("$", "$"),
        ("INSURER", "INSURER"),
        ("|uis.walsh@hub.com", "luis.walsh@hub.com"),
        ("|linda.walsh@hub.com", "linda.walsh@hub.com"),
        ("|COMMERCIAL", "COMMERCIAL"),
        ("KX", "X"),
        ("[X]", "X"),
        ("(X)", "X"),
    ],
)
def test_rule_fragments_are_stripped_from_words(raw, expected):
    cleaned = clean_word(raw, left=100, width=10 * len(raw))
    assert (cleaned[0] if cleaned else None) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("XX", "X"), ("xX", "X"), ("Y¥", "Y"), ("YY", "Y"), ("NO", "NO")]
)
def test_one_glyph_read_twice_in_a_one_character_box_is_one_letter(raw, expected):
    # GIVEN a word box as wide as a single capital (30 x 30 px)
    cleaned = clean_word(raw, left=0, width=30, height=30)
    assert cleaned is not None
    assert cleaned[0] == expected


def test_doubled_letters_in_a_wide_box_are_left_alone():
    assert clean_word("XX", left=0, width=80, height=30) == ("XX", 0, 80)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("5/5/2025.", "5/5/2025"), ("297-699-0464.", "297-699-0464"), ("premium.", "premium."), ("9.", "9.")],
)
def test_a_speck_after_a_date_or_phone_number_is_dropped(raw, expected):
    cleaned = clean_word(raw, left=0, width=200, height=30)
    assert cleaned is not None
    assert cleaned[0] == expected


def test_a_boxed_x_keeps_the_place_of_the_x():
    # GIVEN `[X]` read over a 30 px wide box starting at x=100
    assert clean_word("[X]", left=100, width=30, height=30) == ("X", 110, 10)


def test_stripping_a_glued_rule_moves_the_box_to_the_value():
    # GIVEN "|04/01/2026" 110 px wide starting at x=100
    text, left, width = clean_word("|04/01/2026", left=100, width=110) or ("", 0, 0)

    # THEN the box starts one character later
    assert (text, left, width) == ("04/01/2026", 110, 100)


def test_uncertain_tiny_print_is_read_again_enlarged():
    # GIVEN a 5 pt label Tesseract misread at 300 dpi, as on ACORD's `DATE (MM/DD/YYYY)`
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(300, 40))
    pdf.setFont("Helvetica", 5)
    pdf.drawString(20, 20, "DATE (MM/DD/YYYY)")
    pdf.showPage()
    pdf.save()
    image = np.array(
        pdfium.PdfDocument(buffer.getvalue())[0].render(scale=300 / 72, grayscale=True).to_pil().convert("L"),
        dtype=np.uint8,
    )
    ink_rows, ink_cols = np.nonzero(image < 128)
    misread = _Raw(
        "sae",
        0.0,
        int(ink_cols.min()),
        int(ink_rows.min()),
        int(ink_cols.max() - ink_cols.min()),
        int(ink_rows.max() - ink_rows.min()),
        (1, 1, 1),
    )

    # WHEN the engine re-reads its uncertain words
    reread = TesseractEngine()._reread_uncertain(image, [misread], page_number=1)

    # THEN the label is read, sure of itself, inside the original span
    assert [r.text for r in reread] == ["DATE", "(MM/DD/YYYY)"]
    assert all(r.confidence > 60 for r in reread)
    assert all(misread.left - 5 <= r.left <= misread.left + misread.width for r in reread)


def test_a_ticked_box_glued_to_its_label_becomes_an_x_before_the_label():
    # GIVEN Tesseract's `X]EXCESS` 160 px wide and a `YY` spanning two narrow columns
    glued = _Raw("X]EXCESS", 80.0, 100, 10, 160, 20, (1, 1, 1))
    paired = _Raw("YY", 80.0, 400, 10, 60, 20, (1, 1, 2))

    # WHEN glued marks are split
    words = _split_paired_marks([glued, paired])

    # THEN the mark and the label are separate words, left to right
    assert [(w.text, w.left) for w in words] == [("X", 100), ("EXCESS", 140), ("Y", 400), ("Y", 430)]


def test_a_tick_glued_to_its_box_edge_and_a_misread_label_becomes_an_x_before_the_label():
    # GIVEN a photo's PER STATUTE tick read with the box's edge and the label as `X|EER`
    glued = _Raw("X|EER", 67.0, 100, 10, 90, 37, (1, 1, 1))
    words = _split_paired_marks([glued])
    assert [(w.text, w.left) for w in words] == [("X", 100), ("EER", 136)]


def _drawn_line(text: str, size: float = 11) -> np.ndarray:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(300, 40))
    pdf.setFont("Helvetica", size)
    pdf.drawString(20, 15, text)
    pdf.showPage()
    pdf.save()
    rendered = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=300 / 72, grayscale=True)
    return np.array(rendered.to_pil().convert("L"), dtype=np.uint8)


def _ink_box(image: np.ndarray) -> tuple[int, int, int, int]:
    rows, cols = np.nonzero(image < 128)
    return int(cols.min()), int(rows.min()), int(cols.max() - cols.min()), int(rows.max() - rows.min())


@pytest.mark.parametrize(
    ("first_confidence", "expected"),
    [
        # a sure re-read (`1,000,000`) replaces both pieces, the neighbour it took in too
        (91.0, ["1,000,000"]),
        # a re-read less sure than the neighbour is dropped, and the piece it would have replaced stays
        (99.5, [",000,000", "4"]),
    ],
)
def test_a_reread_that_takes_in_a_split_off_neighbour_replaces_it_only_when_surer(
    first_confidence: float, expected: list[str]
) -> None:
    # GIVEN `1,000,000` that the first pass split into a `4` and a fairly sure `,000,000`
    image = _drawn_line("1,000,000")
    left, top, width, height = _ink_box(image)
    digit_width = width // 9
    first = _Raw("4", first_confidence, left, top, digit_width, height, (1, 1, 1))
    rest = _Raw(",000,000", 87.0, left + digit_width, top, width - digit_width, height, (1, 1, 1))

    # WHEN the engine re-reads the uncertain number
    reread = TesseractEngine()._reread_uncertain(image, [first, rest], page_number=1)

    # THEN nothing printed is lost, and a piece is replaced only by a surer reading
    assert sorted(r.text for r in reread) == expected
    assert abs(min(r.left for r in reread) - left) <= 3


def test_a_lone_bar_as_tall_as_the_letters_beside_it_is_a_one():
    # GIVEN `REVISION NUMBER: |` on one Tesseract line, and a bar twice the letters' height
    line = (1, 1, 1)
    words = [
        _Raw("REVISION", 96.0, 0, 10, 107, 18, line),
        _Raw("NUMBER:", 93.0, 110, 10, 103, 18, line),
        _Raw("|", 85.0, 230, 8, 6, 20, line),
        _Raw("|", 85.0, 400, 0, 6, 40, line),
    ]

    # WHEN lone strokes are read
    read = _lone_strokes_as_ones(words)

    # THEN the letter-height bar is the digit 1 and the tall one (a rule left over) stays a bar
    assert [w.text for w in read] == ["REVISION", "NUMBER:", "1", "|"]


@pytest.mark.parametrize(("height", "read"), [(19, "1"), (16, "|")])
def test_a_lone_bar_in_a_value_face_shrunk_to_fit_is_a_one_and_a_shorter_stub_is_not(height: int, read: str):
    # GIVEN `REVISON NUMBER: 1` with the value's serif 1 printed in a smaller face than the label
    line = (1, 1, 1)
    words = [
        _Raw("REVISON", 92.0, 1734, 1089, 145, 26, line),
        _Raw("NUMBER:", 96.0, 1905, 1089, 156, 26, line),
        _Raw("|", 90.0, 2077, 1092, 6, height, line),
    ]
    assert [w.text for w in _lone_strokes_as_ones(words)][-1] == read


def test_a_bar_against_the_image_s_left_edge_is_the_paper_s_edge_not_a_one() -> None:
    # A photo's `| Medical Expense: 5,000`: the bar the paper's edge, a pixel wide at x = 0
    line = (1, 1, 1)
    for left in (0, 1):
        words = [_Raw("|", 68.0, left, 1281, 1, 34, line), _Raw("Medical", 96.0, 378, 1285, 125, 30, line)]
        assert [w.text for w in _lone_strokes_as_ones(words)] == ["|", "Medical"]
    inside = [_Raw("|", 68.0, 300, 1281, 4, 30, line), _Raw("Medical", 96.0, 378, 1285, 125, 30, line)]
    assert [w.text for w in _lone_strokes_as_ones(inside)] == ["1", "Medical"]


@pytest.mark.parametrize(("read", "confidence", "expected"), [("s|", 0.0, "1"), ("s|", 40.0, "s|")])
def test_a_stroke_of_print_read_as_nothing_right_before_digits_is_a_one(
    read: str, confidence: float, expected: str
) -> None:
    # GIVEN a scan's `15,000` whose 1, found in print the page reading skipped, was read `s|` at 0
    line = (1, 1, 25)
    words = [_Raw(read, confidence, 2353, 1073, 13, 31, line), _Raw("5,000", 96.0, 2374, 1077, 80, 28, line)]
    # THEN it is the amount's 1; a letter read with some confidence stays as read
    assert [w.text for w in _lone_strokes_as_ones(words)] == [expected, "5,000"]


def test_a_bar_whose_box_runs_into_a_word_is_a_rule_s_stub_not_a_one():
    # GIVEN a retyped grid's rule touching `COMMERCIAL`: Tesseract boxes the bar over the C
    line = (1, 1, 1)
    words = [_Raw("|", 80.0, 248, 1256, 18, 40, line), _Raw("COMMERCIAL", 96.0, 252, 1260, 189, 36, line)]

    # THEN it stays a bar (cleaned away later), so the coverage label reads as printed
    assert [w.text for w in _lone_strokes_as_ones(words)] == ["|", "COMMERCIAL"]


def test_a_bar_beside_larger_digits_is_a_one_even_on_a_line_of_small_labels():
    # GIVEN `DAMAGE TO RENTED ... $ | 00,000`: 16 px labels, 26 px digits, a 22 px bar right before them
    line = (1, 1, 1)
    words = [
        _Raw(text, 96.0, 100 + 120 * i, 10, 110, 16, line)
        for i, text in enumerate(("DAMAGE", "TO", "RENTED"))
    ]
    words += [_Raw("|", 43.0, 700, 8, 9, 22, line), _Raw("00,000", 96.0, 712, 6, 97, 26, line)]

    read = _lone_strokes_as_ones(words)

    assert [w.text for w in read][-2:] == ["1", "00,000"]


def test_a_rule_stub_lower_than_the_amount_beside_it_is_not_a_one():
    # GIVEN what is left of a cell's rule, read as `|`, half a line lower than `5,000,000` beside it
    line = (1, 1, 42)
    amount = _Raw("5,000,000", 96.0, 2162, 1864, 146, 29, line)
    stub = _Raw("|", 93.0, 2144, 1879, 2, 27, line)
    one = _Raw("|", 93.0, 2150, 1865, 4, 27, line)

    # THEN the stub stays a stroke (no 15,000,000); a bar level with the digits is their 1
    assert [w.text for w in _lone_strokes_as_ones([stub, amount])] == ["|", "5,000,000"]
    assert [w.text for w in _lone_strokes_as_ones([one, amount])] == ["1", "5,000,000"]


def test_a_bracket_right_before_a_date_is_a_serif_one_and_one_before_a_letter_stays():
    # GIVEN `11/11/2026` in a serif face re-read as `]` `1/1` `1/2026`, and a box's `[` before `X`
    line = (1, 1, 1)
    date = [
        _Raw("]", 37.0, 1744, 1302, 7, 23, line),
        _Raw("1/1", 93.0, 1758, 1302, 34, 23, line),
        _Raw("1/2026", 96.0, 1801, 1301, 87, 24, line),
    ]
    box = [_Raw("[", 60.0, 100, 1302, 7, 23, line), _Raw("X", 90.0, 110, 1302, 16, 23, line)]

    # THEN the bracket before the digits is the date's first 1
    assert [w.text for w in _lone_strokes_as_ones(date)] == ["1", "1/1", "1/2026"]
    assert [w.text for w in _lone_strokes_as_ones(box)] == ["[", "X"]


def test_a_word_boxed_across_several_lines_is_fitted_to_its_own_ink():
    # GIVEN a word printed 20 px tall at rows 60-80, with other print at rows 10-16 and 120-126
    # inside a box Tesseract drew from row 0 to row 140
    image = np.full((160, 400), 255, np.uint8)
    image[60:80, 20:200] = 0
    image[10:16, 20:60] = 0
    image[120:126, 150:200] = 0
    tall = _Raw("Summit", 87.0, 20, 0, 180, 140, (1, 1, 1))
    others = [_Raw(f"word{i}", 96.0, 220, 60, 60, 20, (1, 1, 2)) for i in range(5)]

    fitted = _fit_tall_boxes_to_ink(image, [tall, *others])

    # THEN its box is the band of its own print; the others are untouched
    assert (fitted[0].top, fitted[0].height) == (60, 20)
    assert fitted[1:] == others


def test_a_word_boxed_over_the_line_above_it_is_fitted_to_the_line_of_its_line_mates():
    # GIVEN `EMPLOYERS` boxed from the line above (WORKERS COMPENSATION, rows 0-19) down to its own
    # print (rows 28-47): two full-width bands, the upper one as inked as the lower
    image = np.full((80, 400), 255, np.uint8)
    image[0:19, 20:180] = 0
    image[28:47, 20:180] = 0
    tall = _Raw("EMPLOYERS", 92.0, 20, 0, 160, 47, (1, 1, 43))
    mates = [
        _Raw("AND", 96.0, 200, 28, 40, 19, (1, 1, 43)),
        _Raw("LIABILITY", 96.0, 250, 28, 90, 19, (1, 1, 43)),
    ]

    fitted = _fit_tall_boxes_to_ink(image, [tall, *mates])

    # THEN its box is the band level with AND and LIABILITY, Tesseract's line for it
    assert (fitted[0].top, fitted[0].height) == (28, 19)


def test_a_word_boxed_over_two_lines_is_fitted_to_the_band_where_its_pieces_were_read():
    # GIVEN `CONSTRUCTION` boxed over its own line (rows 0-24, also read as `CONS` `CTION`) and the
    # address line below (rows 36-60), Tesseract's line for it the address's
    image = np.full((70, 500), 255, np.uint8)
    image[0:24, 100:290] = 0
    image[36:60, 100:290] = 0
    line = (1, 1, 7)
    tall = _Raw("CONSTRUCTION", 95.0, 120, 0, 230, 62, line)
    pieces = [_Raw("CONS", 96.0, 100, 0, 90, 25, (1, 1, 6)), _Raw("CTION", 91.0, 250, 0, 80, 25, (1, 1, 6))]
    mates = [_Raw("9703", 92.0, 0, 36, 60, 24, line), _Raw("BROAD", 88.0, 60, 36, 40, 25, line)]

    fitted = _fit_tall_boxes_to_ink(image, [tall, *pieces, *mates])

    # THEN its box is the upper band, its own print
    assert (fitted[0].top, fitted[0].height) == (0, 24)


def test_a_number_boxed_over_the_row_above_is_not_fitted_to_that_row_s_same_amount():
    # GIVEN a photo's `1,000,000` boxed up over the row above, whose own `1,000,000` was read there
    image = np.full((70, 500), 255, np.uint8)
    image[0:20, 300:450] = 0
    image[30:52, 300:450] = 0
    line = (1, 1, 9)
    tall = _Raw("1,000,000", 90.0, 300, 0, 150, 52, line)
    above = _Raw("1,000,000", 95.0, 300, 0, 150, 20, (1, 1, 8))
    mates = [_Raw("DISEASE", 89.0, 50, 30, 80, 21, line), _Raw("EMPLOYEE", 95.0, 150, 30, 90, 21, line)]

    fitted = _fit_tall_boxes_to_ink(image, [tall, above, *mates])

    # THEN it keeps to its own row, level with its label: digits repeat from row to row
    assert (fitted[0].top, fitted[0].height) == (30, 22)


def test_a_word_is_not_fitted_to_a_band_other_words_already_fill():
    # GIVEN `Kowalski` (rows 5-35) boxed down over the top of `435 Industrial` (rows 58-90), and
    # Tesseract's line for it mostly holding the insurer column's words, level with the lower band
    image = np.full((100, 800), 255, np.uint8)
    image[5:35, 20:180] = 0  # Kowalski
    image[58:90, 20:90] = 0  # 435
    image[58:90, 100:250] = 0  # Industrial
    line = (1, 1, 18)
    tall = _Raw("Kowalski", 96.0, 20, 0, 160, 68, line)
    below = [
        _Raw("435", 96.0, 20, 58, 70, 32, (1, 1, 19)),
        _Raw("Industrial", 96.0, 100, 58, 150, 32, (1, 1, 19)),
    ]
    mates = [_Raw("LLC", 95.0, 300, 3, 60, 33, line)] + [
        _Raw(f"Insurer{i}", 96.0, 420 + 60 * i, 33, 50, 24, line) for i in range(4)
    ]

    fitted = _fit_tall_boxes_to_ink(image, [tall, *below, *mates])

    # THEN its box is its own print's band: the lower band's ink is 435 Industrial's
    assert (fitted[0].top, fitted[0].height) == (5, 30)


def test_a_tall_word_is_fitted_to_the_line_of_the_mates_beside_it_not_of_far_ones():
    # GIVEN the holder's `Company` (rows 4-40) boxed down over the top of `Management` on the next
    # line (rows 48-64), and Tesseract's line holding `Keystone Building` beside it, level with it,
    # and more words of the cancellation sentence far right, level with the lower band
    image = np.full((100, 2400), 255, np.uint8)
    image[4:40, 423:583] = 0  # Company
    image[48:64, 423:583] = 0  # the top of Management, most of it outside Management's box
    line = (1, 6, 1)
    tall = _Raw("Company", 96.0, 423, 0, 160, 64, line)
    beside = [_Raw("Keystone", 96.0, 114, 4, 152, 36, line), _Raw("Building", 93.0, 279, 4, 130, 38, line)]
    far = [
        _Raw(word, 96.0, 1325 + 130 * i, 32, 120, 23, line)
        for i, word in enumerate(["SHOULD", "ANY", "OF", "THE", "ABOVE"])
    ]
    below = [_Raw("Management", 96.0, 314, 50, 188, 34, (1, 7, 1))]
    rest = [_Raw("Denver", 96.0, 114 + 130 * i, 90, 120, 29, (1, 8, 1)) for i in range(6)]  # 29 px print

    fitted = _fit_tall_boxes_to_ink(image, [tall, *beside, *far, *below, *rest])

    # THEN its box is its own print's band, level with the words beside it
    assert (fitted[0].top, fitted[0].height) == (4, 36)


def test_a_tall_word_is_not_fitted_to_a_band_too_thin_to_be_a_word():
    # GIVEN `Company` (rows 4-40) boxed down over the tops of the next line's letters (rows 53-64,
    # under half a word's height), its nearest line-mates level with that thin band
    image = np.full((100, 1200), 255, np.uint8)
    image[4:40, 423:583] = 0
    image[53:64, 423:583] = 0
    line = (1, 6, 1)
    tall = _Raw("Company", 96.0, 423, 0, 160, 64, line)
    mates = [_Raw("Attn:", 96.0, 112, 48, 74, 29, line), _Raw("SHOULD", 96.0, 700, 47, 122, 23, line)]
    rest = [_Raw("Denver", 96.0, 114 + 130 * i, 90, 120, 25, (1, 8, 1)) for i in range(6)]

    fitted = _fit_tall_boxes_to_ink(image, [tall, *mates, *rest])

    # THEN its box is the band that can hold a word
    assert (fitted[0].top, fitted[0].height) == (4, 36)


def _printed_line(*texts_at: tuple[str, float, float], size: float = 10) -> np.ndarray:
    """A 300 dpi strip with each text printed at (x, y) points from the bottom-left."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(400, 60))
    pdf.setFont("Helvetica", size)
    for text, x, y in texts_at:
        pdf.drawString(x, y, text)
    pdf.showPage()
    pdf.save()
    return np.array(
        pdfium.PdfDocument(buffer.getvalue())[0].render(scale=300 / 72, grayscale=True).to_pil().convert("L"),
        dtype=np.uint8,
    )


def _word_over_ink(image: np.ndarray, left: int, right: int) -> _Raw:
    rows, cols = np.nonzero(image[:, left:right] < 128)
    return _Raw(
        "GL-5981486",
        95.0,
        left + int(cols.min()),
        int(rows.min()),
        int(cols.max() - cols.min()) + 1,
        int(rows.max() - rows.min()) + 1,
        (1, 1, 1),
    )


def test_print_the_page_reading_returned_no_word_for_is_read_from_its_ink():
    # GIVEN a row whose policy number was read but whose insured marks and dates came back as nothing
    # (Tesseract's page layout drops a row printed between two label lines)
    image = _printed_line(("GL-5981486", 20, 25), ("N", 200, 25), ("04/08/2025", 260, 25))
    read = _word_over_ink(image, 0, 180 * 300 // 72)

    # WHEN the engine looks for ink no word covers
    found = TesseractEngine()._read_unread_ink(image, [read], page_number=1)

    # THEN the missing print is read, where it is printed, and the read word is not read twice
    assert [r.text for r in found] == ["N", "04/08/2025"]
    assert all(r.confidence >= 60 for r in found)
    assert found[0].left > read.left + read.width


def test_specks_and_covered_print_are_not_read_again():
    image = _printed_line(("GL-5981486", 20, 25))
    image[10:12, 1500:1502] = 0  # a speck of dust
    read = _word_over_ink(image, 0, image.shape[1])
    assert TesseractEngine()._read_unread_ink(image, [read], page_number=1) == []
    assert unread_ink(image, [(read.left, read.top, read.width, read.height)], read.height) == []


def test_the_unread_ends_of_two_printed_lines_are_two_runs_to_read():
    # GIVEN `INC` ending one line (rows 2-28) and `MENT` ending the next (rows 34-58), both past
    # the words read on their lines, close enough for their ink to join
    image = np.full((80, 700), 255, np.uint8)
    image[2:28, 320:372] = 0  # SUMMIT BUILDERS, read
    image[2:28, 385:440] = 0  # INC, unread
    image[34:58, 300:390] = 0  # RISK MANAGE, read
    image[34:58, 392:480] = 0  # MENT, unread
    covered = [(320, 2, 52, 26), (300, 34, 84, 24)]

    boxes = unread_ink(image, covered, 24)

    # THEN each line's unread print is its own box
    assert len(boxes) == 2
    (_, first_top, _, first_height), (_, second_top, _, second_height) = sorted(boxes, key=lambda b: b[1])
    assert abs(first_top - 2) <= 2
    assert abs(first_height - 26) <= 2
    assert abs(second_top - 34) <= 2
    assert abs(second_height - 24) <= 2


def test_a_tick_in_its_box_beside_an_unread_label_line_is_a_run_of_its_own():
    # GIVEN an X (rows 6-47) in a box whose rule left a stub below it (rows 53-55), beside the
    # unread second line of its label (rows 32-49), close enough for their ink to join
    image = np.full((80, 700), 255, np.uint8)
    cv2.line(image, (12, 8), (46, 45), 0, 4)
    cv2.line(image, (46, 8), (12, 45), 0, 4)
    image[53:56, 48:50] = 0  # the box's rule, broken by the scan
    image[32:50, 64:150] = 0  # AUTOS, unread
    image[8:27, 64:200] = 0  # SCHEDULED, read
    boxes = unread_ink(image, [(64, 8, 136, 19)], 24)

    # THEN the tick is a box of its own, as high as the X, to be told by its shape
    ticks = [b for b in boxes if b[0] < 60]
    assert len(ticks) == 1
    left, top, width, height = ticks[0]
    assert (abs(left - 10) <= 3, abs(top - 6) <= 3, abs(height - 41) <= 3) == (True, True, True)
    assert ocr_glyphs.ticked(image[top : top + height, left : left + width])


def test_a_bold_tick_close_to_its_box_s_sides_is_a_run_of_its_own():
    # GIVEN a photo's bold X (rows 22-48) drawn a few pixels inside its box (rows 10-58, two lines
    # high, its left side a pixel wider: the photo's slant), the box's sides read as no word
    image = np.full((80, 200), 255, np.uint8)
    cv2.rectangle(image, (14, 10), (74, 58), 0, 2)
    image[10:56, 13] = 0
    cv2.line(image, (34, 22), (58, 48), 0, 5)
    cv2.line(image, (58, 22), (34, 48), 0, 5)
    boxes = unread_ink(image, [], 23)

    # THEN the tick is cut out alone, as high as the X, to be told by its shape
    assert len(boxes) == 1
    left, top, _, height = boxes[0]
    assert (abs(left - 32) <= 3, abs(top - 20) <= 3, abs(height - 30) <= 3) == (True, True, True)
    # AND a solid block of print as long is no rule: it stays to be read
    image[:] = 255
    image[30:50, 20:120] = 0
    assert [(abs(b[0] - 20) <= 1, abs(b[2] - 100) <= 2) for b in unread_ink(image, [], 23)] == [(True, True)]


@pytest.mark.parametrize(
    ("text", "confidence", "sure"),
    [
        ("INC", 70.0, True),
        ("\u2018INC", 45.0, True),
        ("IA", 26.0, False),
        ("|", 45.0, False),
        ("12", 45.0, False),
    ],
)
def test_a_word_of_letters_found_in_unread_print_is_kept_at_a_lower_score(
    text: str, confidence: float, sure: bool
) -> None:
    # `'INC`: a neighbour's edge read as a sign before a word; junk and digits need a sure reading
    assert sure_unread_word(_Raw(text, confidence, 0, 0, 50, 24, (1, 1, 1))) is sure


def test_an_unsure_word_of_letters_found_in_unread_print_is_kept_to_be_looked_at() -> None:
    # `-LLC` at 0: a name's last word the page reading skipped, a neighbour's edge read before it
    words = [
        _Raw("-LLC", 0.0, 100, 0, 80, 24, (1, 1, 1)),
        _Raw("lll", 0.0, 300, 0, 30, 24, (1, 1, 1)),  # a rule's junk
        _Raw("12", 30.0, 400, 0, 30, 24, (1, 1, 1)),
    ]
    [kept] = kept_unread_words(words)
    assert (kept.text, kept.confidence, kept.left, kept.width) == ("LLC", 0.0, 120, 60)


def test_the_unsure_thousands_groups_of_an_amount_found_in_unread_print_are_kept() -> None:
    # `!.000,000` at 27: the rest of `1,000,000` the page reading read only the `1` of
    words = [_Raw("!.000,000", 27.0, 100, 0, 90, 24, (1, 1, 1)), _Raw("!.0", 27.0, 300, 0, 30, 24, (1, 1, 1))]
    [kept] = kept_unread_words(words)
    assert (kept.text, kept.confidence, kept.left, kept.width) == (".000,000", 27.0, 110, 80)


def test_a_solid_square_printed_as_the_mark_is_a_ticked_box():
    # GIVEN an agency's filled-square mark (ZapfDingbats `n`) in a 9 pt box and an empty box beside it
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(200, 60))
    pdf.rect(20, 20, 9, 9)
    pdf.rect(21.2, 21.2, 6.6, 6.6, stroke=0, fill=1)
    pdf.rect(60, 20, 9, 9)
    pdf.setFont("ZapfDingbats", 8)
    pdf.drawString(100.5, 21, "n")  # the same mark as a glyph, no box drawn around it
    pdf.showPage()
    pdf.save()
    page = np.array(
        pdfium.PdfDocument(buffer.getvalue())[0].render(scale=300 / 72, grayscale=True).to_pil().convert("L"),
        dtype=np.uint8,
    )

    # WHEN boxes are looked for
    boxes = sorted(imaging.find_checkboxes(page), key=lambda b: b.left)

    # THEN the filled box and the dingbat are ticks, read as X; the empty box is not ticked
    assert [(b.ticked, b.letter) for b in boxes] == [(True, "X"), (False, "X"), (True, "X")]


def test_an_unsure_word_stays_where_its_group_s_better_re_reading_reads_it_less_surely() -> None:
    # A scan's `$1M` limit read `S1M` at 47 beside its label read as junk at 0 to 11: the line re-read
    # is surer on average, but it reads the limit `ga` at 46.
    line = (1, 1, 1)
    junk = [_Raw("fQMeduen", 0.0, 1786, 1605, 137, 44, line), _Raw("NCE", 11.0, 1957, 1605, 59, 44, line)]
    limit = _Raw("S1M", 47.0, 2163, 1613, 60, 29, line)
    label = _Raw("FQNBNERSINGLE", 4.0, 1786, 1605, 230, 44, line)
    crops = [([*junk, limit], 1770, 1590, np.zeros((1, 1), dtype=np.uint8))]
    blank = np.full((3300, 2550), 255, dtype=np.uint8)
    kept = surer_first_readings(blank, crops, {0: [label, _Raw("ga", 46.0, 2162, 1613, 61, 30, line)]}, 60.0)
    assert [r.text for r in kept[0]] == ["FQNBNERSINGLE", "S1M"]
    # a surer re-reading replaces it, and a fairly sure first reading is the digits' rule's to judge
    kept = surer_first_readings(blank, crops, {0: [label, _Raw("$1M", 52.0, 2162, 1613, 61, 30, line)]}, 60.0)
    assert [r.text for r in kept[0]] == ["FQNBNERSINGLE", "$1M"]
    kept = surer_first_readings(blank, crops, {0: [label, _Raw("ga", 46.0, 2162, 1613, 61, 30, line)]}, 40.0)
    assert [r.text for r in kept[0]] == ["FQNBNERSINGLE", "ga"]
    # a re-reading that keeps digits is for the value's own checks to judge (`163127827` for `1G3127827`)
    kept = surer_first_readings(
        blank, crops, {0: [label, _Raw("1631", 38.0, 2162, 1613, 61, 30, line)]}, 60.0
    )
    assert [r.text for r in kept[0]] == ["FQNBNERSINGLE", "1631"]


def test_a_re_reading_that_adds_a_glyph_the_ink_does_not_hold_keeps_the_first_reading() -> None:
    # GIVEN `ZB0759871` printed: nine glyphs standing apart, read at 29, re-read `2ZB0759871` at 84
    page = np.full((60, 400), 255, dtype=np.uint8)
    for index in range(9):
        page[20:42, 100 + index * 16 : 100 + index * 16 + 12] = 0
    line = (1, 1, 1)
    first = _Raw("ZB0759871", 29.0, 98, 20, 147, 22, line)
    crops = [([first], 80, 10, np.zeros((1, 1), dtype=np.uint8))]
    reread = _Raw("2ZB0759871", 84.0, 98, 20, 147, 22, line)
    # THEN the first reading stays, as sure as the re-reading
    kept = surer_first_readings(page, crops, {0: [reread]}, 60.0)
    assert [(r.text, r.confidence) for r in kept[0]] == [("ZB0759871", 84.0)]
    # where the ink holds ten glyphs, the re-reading is taken
    page[20:42, 84:94] = 0
    wider = _Raw("ZB0759871", 29.0, 82, 20, 163, 22, line)
    crops = [([wider], 70, 10, np.zeros((1, 1), dtype=np.uint8))]
    kept = surer_first_readings(page, crops, {0: [_Raw("2ZB0759871", 84.0, 82, 20, 163, 22, line)]}, 60.0)
    assert [r.text for r in kept[0]] == ["2ZB0759871"]


def test_print_beside_an_unsure_sliver_boxed_against_it_is_still_unread() -> None:
    # GIVEN a photo's ADDL `Y` (a blot 20 px wide) and, boxed over its left edge and the faint rule
    # before it, an unsure `b` 7 px wide; a policy number read on the same line
    page = np.full((120, 400), 255, dtype=np.uint8)
    page[45:69, 42:62] = 0
    line = (1, 1, 1)
    number = _Raw("PE-611-5206", 92.0, 194, 45, 195, 25, line)
    sliver = _Raw("b", 46.0, 38, 40, 7, 41, line)
    # THEN the blot is print to read; a sure reading of the sliver would have covered it
    [(left, top, width, height)] = unread_boxes(page, [number, sliver])
    assert left <= 52 <= left + width  # around the blot's centre
    assert top <= 57 <= top + height
    assert unread_boxes(page, [number, replace(sliver, confidence=90.0)]) == []


def test_a_glyph_read_surely_as_an_equals_sign_is_left_unread_for_its_shape_to_tell() -> None:
    # GIVEN a photo's ADDL `Y`, its strokes thin and faint, read `=` at 88 in a glyph-sized box
    page = np.full((120, 400), 255, dtype=np.uint8)
    line = (1, 1, 1)
    number = _Raw("N9443977", 90.0, 194, 45, 150, 19, line)
    sign = _Raw("=", 88.0, 40, 46, 19, 20, line)
    # THEN its box is print no word was read from, however faint its ink
    assert (40, 46, 19, 20) in unread_boxes(page, [number, sign])
    # AND a re-reading of it as `=` again is no word to keep, however sure
    assert kept_unread_words([replace(sign, confidence=89.0)]) == []
    # while a sign in a stroke's box (a rule's remnant) is not read again
    stroke = replace(sign, width=2)
    assert (40, 46, 2, 20) not in unread_boxes(page, [number, stroke])


def test_a_re_reading_of_signs_alone_does_not_replace_a_letter() -> None:
    # A scan's ADDL `Y` read at 53 beside the cell's rule stub read `!`; cut out together and read
    # again, both come back as one `=` at 66
    line = (1, 1, 1)
    group = [_Raw("Y", 53.0, 762, 1613, 20, 24, line), _Raw("!", 55.0, 809, 1606, 2, 20, line)]
    assert signs_for_print(group, [_Raw("=", 66.0, 762, 1606, 49, 31, line)])
    # a re-reading with a letter may replace it, and signs may replace signs
    assert not signs_for_print(group, [_Raw("Y", 80.0, 762, 1613, 20, 24, line)])
    assert not signs_for_print([group[1]], [_Raw("|", 80.0, 809, 1606, 2, 20, line)])


def test_a_narrow_glyph_set_apart_by_a_typewriter_face_is_kept_with_the_print_after_it() -> None:
    # GIVEN a typewriter `100,000` the page reading missed: its `1` a stroke parted from `00,` by a
    # blank wider than the run finder's space, as the face sets a narrow glyph
    image = np.full((60, 260), 255, dtype=np.uint8)
    image[20:40, 100:105] = 0  # the 1
    image[20:40, 117:146] = 0  # 00,
    image[20:40, 160:200] = 0  # 000
    spans = [(int(x), int(x + w)) for x, _, w, _ in unread_ink(image, [], 20)]
    # THEN the 1 is cut out with the 00 beside it, not dropped as a speck (to a pixel: the ink is
    # opened against specks first)
    assert [(abs(a - 100) <= 1, abs(b - 146) <= 1) for a, b in spans[:1]] == [(True, True)]
    assert len(spans) == 2
    # AND a narrow stroke far from any print stays a speck
    image[:, 100:105] = 255
    image[20:40, 60:65] = 0
    spans = [(int(x), int(x + w)) for x, _, w, _ in unread_ink(image, [], 20)]
    assert len(spans) == 2
    assert abs(spans[0][0] - 117) <= 1
