"""The real-page overlay: boxes found from the printed labels, values printed inside them."""

from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from tests.fixtures.certgen.agency import Agency
from tests.fixtures.certgen.overlay import render_overlay
from tests.fixtures.certgen.realform import BLANK_PDF, REPO, Rect, edition_page, find, geometry
from tests.fixtures.certgen.spec import fmt_amount, make_spec


def _page_words(data: bytes) -> tuple[str, list[tuple[float, float, float, float]]]:
    document = pdfium.PdfDocument(data)
    textpage = document[0].get_textpage()
    count = textpage.count_chars()
    return textpage.get_text_range(0, count), [textpage.get_charbox(i) for i in range(count)]


def _where_all(data: bytes, value: str) -> list[Rect]:
    text, boxes = _page_words(data)
    found = []
    start = text.find(value)
    while start >= 0:
        chars = [boxes[i] for i in range(start, start + len(value)) if value[i - start].strip()]
        found.append(
            Rect(
                min(b[0] for b in chars),
                min(b[1] for b in chars),
                max(b[2] for b in chars),
                max(b[3] for b in chars),
            )
        )
        start = text.find(value, start + 1)
    assert found, f"{value!r} not in the page text"
    return found


def _where(data: bytes, value: str) -> Rect:
    return _where_all(data, value)[0]


def _inside(inner: Rect, outer: Rect, slack: float = 0.5) -> bool:
    return (
        outer.x0 - slack <= inner.x0
        and inner.x1 <= outer.x1 + slack
        and outer.y0 - slack <= inner.y0
        and inner.y1 <= outer.y1 + slack
    )


def _plain_overlay(seed: int) -> tuple[bytes, object]:
    spec = make_spec(seed)
    agency = Agency(font="Helvetica", size=8.0, fit="shrink", mark="x-helvetica")
    return render_overlay(spec, agency, random.Random(seed), "2016/03"), spec


def test_the_blank_page_is_read_from_beside_the_repository() -> None:
    assert REPO.parent / "shared" / "certificates" / "acord25_2016-03_blank.pdf" == BLANK_PDF
    assert BLANK_PDF.exists()


def test_insurer_boxes_sit_on_their_labels_line_and_left_of_the_naic_column() -> None:
    boxes = geometry().boxes
    naic = find("NAIC #")
    for letter in "ABCDEF":
        label = find(f"INSURER {letter} :")
        name, code = boxes[f"insurer.{letter}.name"], boxes[f"insurer.{letter}.naic"]
        assert name.x0 >= label.x1
        assert name.x1 <= code.x0
        assert name.y0 < label.center[1] < name.y1
        assert code.y0 < label.center[1] < code.y1
        assert code.x0 < naic.x0 < code.x1


def test_overlay_values_land_in_the_boxes_of_the_real_page() -> None:
    data, spec = _plain_overlay(7)
    truth = spec.truth  # type: ignore[attr-defined]
    boxes = geometry().boxes
    assert _inside(_where(data, truth.insured.name), boxes["insured"])
    assert _inside(_where(data, truth.producer.name), boxes["producer"])
    assert _inside(_where(data, truth.certificate_holder.name), boxes["holder"])
    assert _inside(_where(data, truth.producer.contact_name), boxes["contact"])
    for insurer in truth.insurers:
        assert _inside(_where(data, insurer.name), boxes[f"insurer.{insurer.letter}.name"])
        assert _inside(_where(data, insurer.naic), boxes[f"insurer.{insurer.letter}.naic"])


def test_limit_amounts_print_on_the_row_of_their_label_in_the_amount_column() -> None:
    def has_gl_limits(seed: int) -> bool:
        gl = next((p for p in make_spec(seed).truth.policies if p.coverage == "general_liability"), None)
        return gl is not None and {"general_aggregate", "medical_expense"} <= set(gl.limits)

    spec = make_spec(next(seed for seed in range(100) if has_gl_limits(seed)))
    agency = Agency(font="Helvetica", size=8.0, mark="x-helvetica")
    data = render_overlay(spec, agency, random.Random(1), "2016/03")
    gl = next(p for p in spec.truth.policies if p.coverage == "general_liability")
    amount_x0, _ = geometry().columns["amount"]
    for key, label_text in (("general_aggregate", "GENERAL AGGREGATE"), ("medical_expense", "MED EXP")):
        label = find(label_text)
        printed = _where_all(data, fmt_amount(gl.limits[key], spec.amount_format))
        assert any(r.x0 > amount_x0 and r.y0 - 4 < label.center[1] < r.y1 + 4 for r in printed)
    number = _where(data, gl.policy_number or "")
    x0, x1 = geometry().columns["number"]
    assert x0 <= number.x0
    assert number.x1 <= x1


@pytest.mark.parametrize(
    ("edition", "present", "absent"),
    [
        ("2016/03", ("OWNED", "AUTOS ONLY", "ACORD 25 (2016/03)"), ("ALL OWNED",)),
        ("2014/01", ("ALL OWNED", "HIRED", "ACORD 25 (2014/01)", "1988-2014"), ("AUTOS ONLY", "2016/03")),
        ("2010/05", ("ALL OWNED", "ACORD 25 (2010/05)", "1988-2010"), ("AUTOS ONLY", "2016/03")),
    ],
)
def test_editions_print_their_own_label_text(
    edition: str, present: tuple[str, ...], absent: tuple[str, ...]
) -> None:
    text, _ = _page_words(edition_page(edition))
    for label in present:
        assert label in text
    for label in absent:
        assert label not in text


def test_the_blank_pages_unofficial_form_fields_are_dropped() -> None:
    reader = PdfReader(io.BytesIO(edition_page("2016/03")))
    assert "/AcroForm" not in reader.root_object
    assert not reader.get_fields()
    assert "/Annots" not in reader.pages[0]
