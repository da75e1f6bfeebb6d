"""Integrity findings on certificates altered the ways they really are, and none on clean ones."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from services.intake.extraction.api import extract_document
from services.intake.extraction.integrity import edits_after_issue, hidden_text, revision_ends
from services.review.logic.renewal import naic_name_mismatches
from shared.contracts.carriers import Carrier, CarrierTable
from shared.contracts.certificate import Certificate, Insurer, IntegrityFinding
from tests.fixtures import tamper
from tests.fixtures.certgen import generate
from tests.fixtures.certgen.families import generate_family

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "certificates"
SEED_2014 = 1  # flattened, edition 2014/01, page not rotated
SEED_2016 = 5  # flattened, edition 2016/03, page not rotated


@cache
def _clean(seed: int, rendering: str = "flattened") -> bytes:
    return generate(seed, rendering).data


def _findings(data: bytes) -> list[IntegrityFinding]:
    return extract_document(data, filename="c.pdf").certificate.integrity


TECHNIQUES: dict[str, tuple[Callable[[bytes], bytes], str, str | None]] = {
    "white box over an amount": (tamper.white_box, "HIDDEN_TEXT", "covered by an opaque box"),
    "text outside the crop box": (tamper.outside_crop_box, "HIDDEN_TEXT", "outside the visible page"),
    "invisible render mode": (tamper.invisible_text, "HIDDEN_TEXT", "invisible text mode"),
    "incremental update": (tamper.incremental_edit, "EDITED_AFTER_ISSUE", "changed after the file"),
    "reworded cancellation clause": (tamper.reworded_form, "FORM_ALTERED", "DELIVERED"),
}


@pytest.mark.parametrize("seed", [SEED_2014, SEED_2016])
@pytest.mark.parametrize("technique", sorted(TECHNIQUES))
def test_each_technique_raises_its_finding(technique: str, seed: int) -> None:
    alter, code, words = TECHNIQUES[technique]
    findings = _findings(alter(_clean(seed)))
    finding = next(f for f in findings if f.code == code)
    if technique != "incremental update":  # an edit painting over a value also hides the old one
        assert [f.code for f in findings] == [code]
    assert finding.page == 1
    assert words is None or words in finding.detail


def test_hidden_text_is_shown_beside_the_visible_text() -> None:
    (finding,) = _findings(tamper.white_box(_clean(SEED_2014), new_text="9,000,000"))
    original = tamper.target_amount(_clean(SEED_2014)).text
    assert finding.hidden_text == original
    assert finding.visible_text == "9,000,000"


def test_the_incremental_edit_quotes_what_changed() -> None:
    (finding,) = _findings(tamper.incremental_edit(_clean(SEED_2014), new_text="7,000,000"))
    assert finding.visible_text == "7,000,000"
    assert finding.hidden_text
    assert "7,000,000" not in finding.hidden_text


def test_a_restamped_older_edition_is_an_altered_form() -> None:
    (finding,) = _findings(tamper.restamped_edition(_clean(SEED_2014)))
    assert finding.code == "FORM_ALTERED"
    assert "ACORD 25 (2016/03)" in finding.detail
    assert "OWNED AUTOS ONLY" in finding.detail


@pytest.mark.parametrize("rendering", ["fillable", "flattened", "packet", "mixed_packet"])
@pytest.mark.parametrize("seed", [0, 5])
def test_clean_generated_certificates_raise_nothing(seed: int, rendering: str) -> None:
    assert _findings(_clean(seed, rendering)) == []


def test_an_older_carrier_left_under_the_new_one_is_hidden_text() -> None:
    """certgen's agency habit: the previous value kept in the file under a white box and off the page."""
    document = generate_family(6, "real_overlay", "digital")
    assert {"hidden:white_box", "hidden:outside_page"} <= set(document.quirks)
    findings = _findings(document.data)
    assert {f.code for f in findings} == {"HIDDEN_TEXT"}
    reasons = " ".join(f.detail for f in findings)
    assert "covered by an opaque box" in reasons
    assert "outside the visible page" in reasons
    assert all(f.hidden_text and "OLD-" in f.hidden_text for f in findings)


def test_a_scans_invisible_ocr_layer_is_not_hidden_text() -> None:
    assert hidden_text(tamper.searchable_scan(_clean(SEED_2014))) == []


def test_a_form_flattened_in_a_later_save_is_not_an_edit() -> None:
    data = tamper.incremental_flatten(_clean(SEED_2014, "fillable"))
    assert len(revision_ends(data)) == 2
    assert edits_after_issue(data, None) == []


def test_an_update_that_changes_no_page_text_raises_nothing() -> None:
    data = tamper.incremental_metadata(_clean(SEED_2016))
    assert len(revision_ends(data)) == 2
    assert _findings(data) == []


@pytest.mark.parametrize(
    "path", ["real/agency_filled_2026.pdf", "acord25_2016-03_blank.pdf"], ids=["agency", "blank"]
)
def test_real_certificates_raise_nothing(path: str) -> None:
    data = (SHARED / path).read_bytes()
    assert _findings(data) == []


def test_a_linearized_files_first_section_is_not_a_revision() -> None:
    data = (SHARED / "acord25_2016-03_blank.pdf").read_bytes()
    assert data[:2048].find(b"/Linearized") >= 0
    assert len(revision_ends(data)) == data.count(b"%%EOF") - 1


def test_naic_and_name_of_two_different_carriers() -> None:
    table = CarrierTable(
        [
            Carrier(naic="25674", name="Travelers Property Casualty Co of America", am_best_rating="A++"),
            Carrier(naic="90104", name="Lowland Assurance Co", am_best_rating="B"),
        ]
    )
    certificate = Certificate(
        insurers=[
            Insurer(letter="A", name="Travelers Property Casualty Co of America", naic="25674"),
            Insurer(letter="B", name="Travelers Property Casualty Co of America", naic="90104"),
            Insurer(letter="C", name="Unknown Mutual", naic="25674"),  # name not in the table
        ]
    )
    (finding,) = naic_name_mismatches(certificate, table)
    assert finding.code == "NAIC_NAME_MISMATCH"
    assert "Insurer B" in finding.detail
    assert "Lowland Assurance Co" in finding.detail
