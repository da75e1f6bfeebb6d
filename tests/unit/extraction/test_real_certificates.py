"""Real certificates nobody on the team made (`../shared/certificates`): every labelled field is read.

Each PDF has a hand-labelled truth in the contract's shape beside it; `_not_scored` lists the
paths left unlabelled. Strings compare ignoring case, spacing and punctuation (the truth was typed
from the rendered page); numbers, dates and booleans compare exactly; a null truth needs nothing
read. The CI clones this repository with `shared/` beside it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from services.intake.extraction.api import extract_document

CERTIFICATES = Path(__file__).resolve().parents[3] / ".." / "shared" / "certificates"
_TRUTHS = sorted(CERTIFICATES.glob("*/*.json")) if CERTIFICATES.is_dir() else []

pytestmark = pytest.mark.skipif(
    not _TRUTHS, reason=f"the real certificates are not checked out beside the repository ({CERTIFICATES})"
)


def _norm(value: object) -> object:
    if isinstance(value, str):
        return re.sub(r"[^a-z0-9]", "", value.lower()) or None
    if value in ([], {}, ""):
        return None
    return value


def _leaves(node: object, path: str = ""):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("_"):
                yield from _leaves(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list) and node and isinstance(node[0], dict):
        for index, value in enumerate(node):
            yield from _leaves(value, f"{path}[{index}]")
    else:
        yield path, node


def _lookup(node: Any, path: str) -> Any:
    for part in re.findall(r"[^.\[\]]+", path):
        if isinstance(node, list):
            index = int(part)
            node = node[index] if index < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def _aligned(truth: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    """The answer's policies and insurers in the truth's order (by coverage, by letter)."""
    got = dict(got)
    pool = list(got.get("policies") or [])
    ordered = []
    for policy in truth.get("policies", []):
        match = next((p for p in pool if p.get("coverage") == policy.get("coverage")), None)
        if match is not None:
            pool.remove(match)
        ordered.append(match or {})
    got["policies"] = ordered + pool  # extra policies stay, so an invented one is visible
    by_letter = {i.get("letter"): i for i in got.get("insurers") or []}
    got["insurers"] = [by_letter.get(i.get("letter"), {}) for i in truth.get("insurers", [])]
    return got


def _misses(truth_file: Path) -> tuple[list[str], dict[str, Any]]:
    truth = json.loads(truth_file.read_text())
    pdf = truth_file.with_suffix(".pdf")
    certificate = extract_document(pdf.read_bytes()).certificate.to_contract_json()
    got = _aligned(truth, certificate)
    skipped = set(truth.get("_not_scored", []))
    misses = []
    for path, want in _leaves(truth):
        if path in skipped:
            continue
        found = _lookup(got, path)
        if _norm(want) != _norm(found):
            misses.append(f"{path}: want {want!r}, got {found!r}")
    extra = got["policies"][len(truth.get("policies", [])) :]
    misses.extend(f"invented policy {p.get('coverage')}" for p in extra)
    return misses, certificate


def _needs_ocr(truth_file: Path) -> bool:
    return "retyped" in truth_file.stem


@pytest.mark.parametrize("truth_file", _TRUTHS, ids=[f"{p.parent.name}/{p.stem}" for p in _TRUTHS])
def test_every_labelled_field_is_read_right(truth_file: Path) -> None:
    if _needs_ocr(truth_file) and shutil.which("tesseract") is None:
        pytest.skip("this real certificate is image-only and Tesseract is not installed")
    # GIVEN a real certificate and its hand-labelled truth
    # WHEN it is read
    misses, certificate = _misses(truth_file)

    # THEN every labelled field is right
    assert misses == []
    # AND a certificate in another layout goes to a person as a whole
    if certificate["document"]["kind"] == "certificate":
        assert "document.kind" in certificate["review"]["needs_human_review"]


def test_the_real_agency_certificate_flags_only_its_word_limit_and_keeps_no_printed_label() -> None:
    truth_file = CERTIFICATES / "real" / "agency_filled_2026.json"
    if not truth_file.is_file():
        pytest.skip("agency_filled_2026 is not in the real certificates folder")
    _, certificate = _misses(truth_file)
    # PERSONAL & ADV INJURY prints `Included`: no amount is read and a person is asked to look
    assert certificate["review"]["needs_human_review"] == ["policies[0].limits.personal_advertising_injury"]
    assert "personal_advertising_injury" not in certificate["policies"][0]["limits"]
    assert not certificate["description_of_operations"].upper().startswith("DESCRIPTION")
    assert certificate["insurers"] == [
        {"letter": "A", "name": "Spinnaker Insurance Company", "naic": "24376"}
    ]
