"""Generated scans and phone photos read end to end by Tesseract: a floor under field accuracy.

The benchmark (`benchmarks/ocr.py`) measures accuracy over many documents; these few pages are
the ones earlier versions got badly wrong (a re-read dropping `1,000,000`, a missed tick turning
an excess layer into an umbrella), read again on every run so a regression shows up here.
"""

from __future__ import annotations

import pytest

from services.intake.extraction.api import extract_document
from services.intake.extraction.ocr import TesseractEngine
from tests.fixtures.certgen import generate
from tests.fixtures.certgen.scoring import score


@pytest.mark.slow
@pytest.mark.parametrize(
    ("seed", "rendering"), [(3001, "photo"), (3003, "photo"), (3021, "photo"), (3001, "scanned")]
)
def test_a_scan_or_photo_reads_nearly_every_field(seed: int, rendering: str) -> None:
    # GIVEN a generated certificate, scanned or photographed, with its ground truth
    document = generate(seed, rendering)
    assert document.truth is not None

    # WHEN the intake engine reads it with Tesseract
    certificate = extract_document(document.data, ocr=TesseractEngine()).certificate

    # THEN nearly every field is the printed one
    result = score(document.truth, certificate)
    assert result.accuracy >= 0.95, result.misses
