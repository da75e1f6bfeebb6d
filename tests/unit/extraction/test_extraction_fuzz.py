"""Mangled files never raise anything but UnreadableDocument (property-based)."""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.intake.extraction.api import ExtractionResult, UnreadableDocument, extract_document
from services.intake.extraction.ir import DocumentIR
from tests.fixtures.certgen import generate


class BlankOcr:
    """OCR fake: a page it is given has no words (keeps the fuzzing offline and fast)."""

    name = "ocr"

    def read_pdf(self, data: bytes, sha256: str) -> DocumentIR:
        return DocumentIR(sha256=sha256, source_kind="scanned", engine=self.name)

    def read_image(self, data: bytes, sha256: str) -> DocumentIR:
        return DocumentIR(sha256=sha256, source_kind="image", engine=self.name)


@cache
def _sample(rendering: str) -> bytes:
    return generate(17, rendering).data


def _read(data: bytes) -> ExtractionResult | None:
    try:
        return extract_document(data, ocr=BlankOcr())
    except UnreadableDocument as error:
        reason = str(error)
    assert reason
    assert "\n" not in reason
    return None


_SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(
    rendering=st.sampled_from(["flattened", "fillable"]),
    flips=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=40
    ),
)
def test_pdfs_with_flipped_bytes_read_or_raise_unreadable(
    rendering: str, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(_sample(rendering))
    for where, value in flips:
        data[int(where * len(data))] = value
    result = _read(bytes(data))
    if result is not None:
        assert result.certificate.document.kind in ("acord25", "unknown")


@_SETTINGS
@given(rendering=st.sampled_from(["flattened", "fillable", "packet"]), keep=st.floats(0.0, 1.0))
def test_truncated_pdfs_read_or_raise_unreadable(rendering: str, keep: float) -> None:
    data = _sample(rendering)
    _read(data[: int(len(data) * keep)])


@_SETTINGS
@given(st.binary(max_size=4096), st.sampled_from([b"", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]))
def test_arbitrary_bytes_behind_any_magic_number_read_or_raise_unreadable(body: bytes, magic: bytes) -> None:
    _read(magic + body)
