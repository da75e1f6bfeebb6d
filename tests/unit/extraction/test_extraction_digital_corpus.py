"""Every digital rendering of generated certificates reads back field-for-field equal to its truth."""

from __future__ import annotations

import pytest

from services.intake.extraction.api import extract_document
from tests.fixtures.certgen import generate
from tests.fixtures.certgen.scoring import score

SEEDS = range(1, 9)


@pytest.mark.parametrize("rendering", ["fillable", "flattened", "packet"])
@pytest.mark.parametrize("seed", SEEDS)
def test_digital_certificate_reads_back_exactly_its_ground_truth(rendering: str, seed: int) -> None:
    # GIVEN a generated certificate with known facts
    document = generate(seed, rendering)
    assert document.truth is not None

    # WHEN it is read
    result = extract_document(document.data, filename=document.filename, content_type=document.content_type)

    # THEN every field of the contract equals the truth, and nothing was invented
    outcome = score(document.truth, result.certificate)
    assert outcome.misses == []
    assert result.certificate.document.kind == "acord25"
    assert result.certificate.document.sha256 == document.truth.document.sha256


@pytest.mark.parametrize(
    ("rendering", "engine", "source_kind"),
    [
        ("fillable", "pdf-form", "fillable"),
        ("flattened", "pdf-text", "text"),
        ("packet", "pdf-text", "text"),
    ],
)
def test_document_is_routed_to_the_engine_its_content_calls_for(
    rendering: str, engine: str, source_kind: str
) -> None:
    # GIVEN a digital document
    document = generate(3, rendering)

    # WHEN it is read
    result = extract_document(document.data)

    # THEN the engine is the one that fits what the PDF holds
    assert result.certificate.document.engine == engine
    assert result.ir.source_kind == source_kind


def test_fillable_form_fields_keep_their_names_and_origins() -> None:
    # GIVEN a fillable certificate
    result = extract_document(generate(5, "fillable").data)

    # THEN the IR carries every AcroForm field with its acroform origin
    assert result.ir.fields
    assert all(f.origin == f"acroform:{f.name}" for f in result.ir.fields)
    assert any(f.kind == "checkbox" for f in result.ir.fields)


def test_digital_values_have_full_confidence_and_need_no_review() -> None:
    # GIVEN a flattened certificate whose printed values are all valid
    document = generate(7, "flattened")

    # WHEN it is read
    result = extract_document(document.data)

    # THEN no value is sent to human review
    assert result.needs_human_review == []
    assert result.confidences
    assert min(result.confidences.values()) == 1.0
