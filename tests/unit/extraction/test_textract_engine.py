"""The Textract adapter against botocore's Stubber and synthesized responses (tests/fixtures/textract)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from PIL import Image

from services.intake.extraction.textract import (
    TextractAsyncRequired,
    TextractEngine,
    TextractError,
    TextractSettings,
    split_pdf_pages,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "textract"


def _fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture
def textract() -> Any:
    return boto3.client("textract", region_name="us-east-1")


@pytest.fixture
def packet() -> bytes:
    return (FIXTURES / "packet.pdf").read_bytes()


def test_one_page_scan_is_read_synchronously_into_words_fields_and_checkboxes(textract, packet):
    # GIVEN a one-page scanned PDF and Textract answering AnalyzeDocument with FORMS and TABLES
    page_one = split_pdf_pages(packet)[0]
    stubber = Stubber(textract)
    stubber.add_response(
        "analyze_document",
        _fixture("analyze_document_certificate.json"),
        {"Document": {"Bytes": page_one}, "FeatureTypes": ["FORMS", "TABLES"]},
    )

    # WHEN the engine reads it
    with stubber:
        ir = TextractEngine(textract).read_pdf(page_one, sha256="abc")
    stubber.assert_no_pending_responses()

    # THEN words keep Textract's page-fraction boxes, and key-values and check boxes are fields
    assert ir.engine == "textract"
    assert ir.source_kind == "scanned"
    assert [(p.number, round(p.width), round(p.height)) for p in ir.pages] == [(1, 612, 792)]
    policy = next(w for w in ir.words if w.text == "VTC-4471902")
    assert 0.3 < policy.box.left < 0.36
    assert 0.2 < policy.box.top < 0.23
    assert policy.source == "textract"
    assert policy.confidence == pytest.approx(0.987)
    fields = {f.name: f for f in ir.fields}
    assert fields["INSURER A :"].value == "Travelers Property Casualty Co"
    assert fields["INSURER A :"].origin == "textract:kv"
    assert fields["EACH OCCURRENCE"].value == "$ 1,000,000"
    assert (fields["OCCUR"].kind, fields["OCCUR"].value) == ("checkbox", "SELECTED")
    assert (fields["CLAIMS-MADE"].kind, fields["CLAIMS-MADE"].value) == ("checkbox", "NOT_SELECTED")
    # the ticked box also appears as an "X" word where the box is, for the label-anchored mapper
    ticks = [w for w in ir.words if w.text == "X"]
    assert len(ticks) == 1
    assert ticks[0].box == fields["OCCUR"].box


def test_multi_page_pdf_asks_for_an_asynchronous_job(textract, packet):
    # GIVEN a two-page packet and the default one-page synchronous limit
    engine = TextractEngine(textract)

    # WHEN / THEN it refuses to read it synchronously and says how many pages there are
    with Stubber(textract), pytest.raises(TextractAsyncRequired) as raised:
        engine.read_pdf(packet, sha256="abc")
    assert raised.value.page_count == 2


def test_small_packet_may_be_read_page_by_page_synchronously(textract, packet):
    # GIVEN an engine allowed to split up to two pages, and one response per page
    first, second = split_pdf_pages(packet)
    stubber = Stubber(textract)
    certificate = _fixture("analyze_document_certificate.json")
    stubber.add_response(
        "analyze_document", certificate, {"Document": {"Bytes": first}, "FeatureTypes": ["FORMS"]}
    )
    stubber.add_response(
        "analyze_document", certificate, {"Document": {"Bytes": second}, "FeatureTypes": ["FORMS"]}
    )
    engine = TextractEngine(textract, TextractSettings(feature_types=("FORMS",), max_sync_pages=2))

    # WHEN it reads the packet
    with stubber:
        ir = engine.read_pdf(packet, sha256="abc")

    # THEN the n-th response is page n
    assert [p.number for p in ir.pages] == [1, 2]
    assert {w.page for w in ir.words} == {1, 2}


def test_photo_is_sent_as_is_and_sized_upright(textract):
    # GIVEN a JPEG photo whose EXIF says it is rotated a quarter turn
    image = Image.new("RGB", (400, 300), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to view
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    photo = buffer.getvalue()
    stubber = Stubber(textract)
    stubber.add_response(
        "analyze_document",
        _fixture("analyze_document_certificate.json"),
        {"Document": {"Bytes": photo}, "FeatureTypes": ["FORMS", "TABLES"]},
    )

    # WHEN the engine reads it
    with stubber:
        ir = TextractEngine(textract).read_image(photo, sha256="abc")

    # THEN the page is recorded upright (portrait) and as an image
    assert ir.source_kind == "image"
    assert (ir.pages[0].width, ir.pages[0].height) == (300, 400)


def test_document_textract_rejects_gives_a_clear_error(textract, packet):
    # GIVEN Textract answering that it does not support the document
    page_one = split_pdf_pages(packet)[0]
    stubber = Stubber(textract)
    stubber.add_client_error("analyze_document", service_error_code="UnsupportedDocumentException")

    # WHEN / THEN the engine raises its own one-line error
    with stubber, pytest.raises(TextractError, match="does not support"):
        TextractEngine(textract).read_pdf(page_one, sha256="abc")


def test_damaged_pdf_is_refused_before_any_call(textract):
    with Stubber(textract), pytest.raises(TextractError, match="cannot open PDF"):
        TextractEngine(textract).read_pdf(b"%PDF-1.7 garbage", sha256="abc")


def test_both_engines_fit_the_ocr_port(textract):
    # mypy checks these assignments against the Protocol; at run time the names are the IR's engines
    from services.intake.extraction.ocr import TesseractEngine
    from services.intake.extraction.ports import OcrEngine

    engines: list[OcrEngine] = [TextractEngine(textract), TesseractEngine()]
    assert [e.name for e in engines] == ["textract", "ocr"]
