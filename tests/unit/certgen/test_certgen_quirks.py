"""Agency quirks are really in the files: hidden text is hidden, marks are what they claim, pages turn."""

from __future__ import annotations

import ctypes
import io
import random

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

from tests.fixtures.certgen.agency import Agency
from tests.fixtures.certgen.families import generate_family
from tests.fixtures.certgen.overlay import render_overlay
from tests.fixtures.certgen.realform import PAGE_H, PAGE_W, geometry
from tests.fixtures.certgen.spec import make_spec

Box = tuple[float, float, float, float]


def _objects(data: bytes) -> list[tuple[int, str, Box, tuple[int, int, int], int]]:
    """Page objects in drawing order: (type, text, bounds, fill RGB, text render mode)."""
    document = pdfium.PdfDocument(data)
    page = document[0]
    textpage = page.get_textpage()
    found = []
    for obj in page.get_objects(max_depth=5):
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        pdfium_c.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
        text, mode = "", -1
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            size = pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
            buffer = (pdfium_c.FPDF_WCHAR * size)()
            pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size)
            text = bytes(buffer).decode("utf-16-le").rstrip("\x00")
            mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
        found.append((obj.type, text, obj.get_bounds(), (r.value, g.value, b.value), mode))
    return found


def _overlay(hidden: tuple[str, ...], mark: str = "x-helvetica", seed: int = 3) -> tuple[bytes, object]:
    spec = make_spec(seed)
    agency = Agency(mark=mark, hidden=hidden)
    return render_overlay(spec, agency, random.Random(seed), "2016/03"), spec


def _contains(outer: Box, inner: Box) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def test_stale_text_is_in_the_file_under_an_opaque_white_box_drawn_after_it() -> None:
    data, spec = _overlay(("white_box",))
    objects = _objects(data)
    visible = {t for kind, t, *_ in objects if kind == pdfium_c.FPDF_PAGEOBJ_TEXT}
    truth = spec.truth  # type: ignore[attr-defined]
    covered = 0
    for index, (kind, text, bounds, _, _) in enumerate(objects):
        if kind != pdfium_c.FPDF_PAGEOBJ_TEXT or not text.strip():
            continue
        later_white = [
            o for o in objects[index + 1 :] if o[0] == pdfium_c.FPDF_PAGEOBJ_PATH and o[3] == (255, 255, 255)
        ]
        if any(_contains(white[2], bounds) for white in later_white):
            covered += 1
            assert text not in {truth.certificate_holder.name, *(i.name for i in truth.insurers)}
    assert covered >= 1
    assert truth.insured.name in " ".join(visible)


def test_text_outside_the_page_white_and_invisible_is_written_and_only_that_is_hidden() -> None:
    data, spec = _overlay(("outside_page", "white_text", "invisible"))
    objects = [o for o in _objects(data) if o[0] == pdfium_c.FPDF_PAGEOBJ_TEXT]
    assert any(b[2] < 0 or b[0] > PAGE_W or b[1] > PAGE_H for _, _, b, _, _ in objects)
    assert any(fill == (255, 255, 255) for _, _, _, fill, _ in objects)
    invisible = [text for _, text, _, _, mode in objects if mode == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE]
    assert len(invisible) == 1
    assert invisible[0].startswith("OLD-")
    truth = spec.truth  # type: ignore[attr-defined]
    shown = [o for o in objects if o[1] in (truth.insured.name, truth.certificate_holder.name)]
    assert shown
    assert all(
        mode == pdfium_c.FPDF_TEXTRENDERMODE_FILL and fill == (0, 0, 0) for _, _, _, fill, mode in shown
    )


def test_marks_are_dingbats_or_vector_strokes_with_no_text() -> None:
    marks = geometry().marks
    dingbat, _ = _overlay((), mark="dingbat")
    text = pdfium.PdfDocument(dingbat)[0].get_textpage().get_text_range()
    assert "\u2714" in text or "4" in text
    vector, spec = _overlay((), mark="vector-x")
    objects = _objects(vector)
    gl = next(p for p in spec.truth.policies if p.coverage == "general_liability")  # type: ignore[attr-defined]
    occur = marks["gl.claims_made" if gl.claims_made else "gl.occur"]
    inside = [o for o in objects if o[0] == pdfium_c.FPDF_PAGEOBJ_PATH and occur.contains(*_centre(o[2]))]
    assert inside, "a vector mark is drawn in the box"
    text_in_box = [
        o for o in objects if o[0] == pdfium_c.FPDF_PAGEOBJ_TEXT and occur.contains(*_centre(o[2]))
    ]
    assert not text_in_box


def _centre(box: Box) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def test_rotated_documents_store_the_rotation_and_show_upright() -> None:
    document = next(
        d
        for d in (generate_family(seed, "real_overlay") for seed in range(40))
        if any(q.startswith("rotate:") for q in d.quirks)
    )
    rotation = int(next(q for q in document.quirks if q.startswith("rotate:")).split(":")[1])
    assert PdfReader(io.BytesIO(document.data)).pages[0].get("/Rotate") == rotation
    image = pdfium.PdfDocument(document.data)[0].render(scale=0.5).to_pil()
    assert image.height > image.width


def test_words_in_limit_cells_leave_the_amount_out_of_the_truth() -> None:
    document = next(
        d for d in (generate_family(seed, "real_overlay") for seed in range(40)) if "limit_words" in d.quirks
    )
    text = pdfium.PdfDocument(document.data)[0].get_textpage().get_text_range().casefold()
    assert any(word in text for word in ("included", "see attached", "incl", "statutory"))
    assert document.truth is not None
    printed = sum(len(p.limits) for p in make_spec(document.seed).truth.policies if p.coverage != "other")
    kept = sum(len(p.limits) for p in document.truth.policies if p.coverage != "other")
    assert kept < printed


def test_acord_101_remarks_continue_the_description_on_page_two() -> None:
    document = next(
        d for d in (generate_family(seed, "real_overlay") for seed in range(60)) if "acord101" in d.quirks
    )
    assert document.truth is not None
    pdf = pdfium.PdfDocument(document.data)
    assert len(pdf) == document.truth.document.pages == 2
    first = " ".join(pdf[0].get_textpage().get_text_range().split())
    second = " ".join(pdf[1].get_textpage().get_text_range().split())
    assert "ADDITIONAL REMARKS SCHEDULE" in second
    description = document.truth.description_of_operations or ""
    tail = description.split()[-4:]
    assert " ".join(tail) in second
    assert " ".join(tail) not in first


def test_a_photo_of_page_one_holds_only_the_forms_cited_on_page_one() -> None:
    seed = next(s for s in range(60) if "acord101" in generate_family(s, "real_overlay").quirks)
    digital, photo = generate_family(seed, "real_overlay"), generate_family(seed, "real_overlay", "photo")
    assert digital.truth is not None
    assert photo.truth is not None
    printed = photo.truth.description_of_operations or ""
    assert photo.truth.document.pages == 1
    assert all(e.form in printed for e in photo.truth.endorsements)
    assert {e.form for e in photo.truth.endorsements} <= {e.form for e in digital.truth.endorsements}


def test_scans_have_no_text_layer_and_photos_are_jpegs() -> None:
    scan = generate_family(11, "real_overlay", "scan")
    assert not pdfium.PdfDocument(scan.data)[0].get_textpage().get_text_range().strip()
    photo = generate_family(11, "retyped", "photo")
    assert photo.data[:3] == b"\xff\xd8\xff"
    assert photo.content_type == "image/jpeg"


def test_scans_are_printed_to_pdf_or_stored_sideways_by_the_scanner() -> None:
    printed = scanned_sideways = False
    for seed in range(3):
        document = generate_family(seed, "retyped", "scan")
        reader = PdfReader(io.BytesIO(document.data))
        if "print_to_pdf" in document.quirks:
            printed = True
            assert reader.metadata is not None
            assert reader.metadata.get("/Producer") == "Microsoft: Print To PDF"
        rotation = next((q for q in document.quirks if q.startswith("rotate:")), None)
        if rotation is not None:
            scanned_sideways = True
            assert reader.pages[0].get("/Rotate") == int(rotation.split(":")[1])
            image = pdfium.PdfDocument(document.data)[0].render(scale=0.3).to_pil()
            assert image.height > image.width
    assert printed
    assert scanned_sideways
