"""Wrong values read from generated scans do not pass silently, and such a certificate waits for a person.

Each scan is read end to end by Tesseract and scored against its truth; every wrong value the reader
produced must be listed in the certificate's `review.needs_human_review` (an item listed as a whole,
`policies[3]`, covers its fields), while most right values stay unlisted. The automatic review then
keeps the certificate for a person instead of approving it or acting on a misread deficiency.
"""

from __future__ import annotations

import pytest

from services.intake.extraction.api import extract_document
from services.intake.extraction.ocr import TesseractEngine
from services.review.logic.review import needs_a_person
from shared.contracts.certificate import Certificate, DocumentInfo, Review
from shared.events import CertificateExtracted
from tests.fixtures.certgen.families import generate_family
from tests.fixtures.certgen.scoring import score

# Scans these seeds give are misread in several places today (a carrier's `Berklev Reaional`, a
# garbled phone, an e-mail one letter off, lost check marks). Should OCR one day read them all
# right, pick seeds that still show misreads: the test is about what happens to the wrong ones.
_SCANS = [(1, "official_fillable"), (3, "official_fillable"), (1, "real_overlay")]


def _listed(read_path: str | None, listed: set[str]) -> bool:
    if read_path is None:
        return False  # nothing was read there (a policy or insurer missed whole): no path to list
    parts = read_path.split(".")
    return any(".".join(parts[:n]) in listed for n in range(1, len(parts) + 1))


def _extracted(certificate: Certificate) -> CertificateExtracted:
    return CertificateExtracted(
        tenant_id="t1",
        project_id="p1",
        contract_id="c1",
        document_id="d1",
        bucket="b",
        key="k",
        sha256="0" * 64,
        certificate=certificate,
    )


@pytest.mark.slow
def test_wrong_values_read_from_scans_are_listed_for_review_and_right_ones_mostly_not() -> None:
    wrong = wrong_listed = right = right_listed = 0
    unlisted: list[str] = []
    for seed, family in _SCANS:
        # GIVEN a generated certificate scanned to an image-only PDF, with its truth
        document = generate_family(seed, family, "scan")
        assert document.truth is not None
        # WHEN the intake engine reads it with Tesseract
        certificate = extract_document(document.data, ocr=TesseractEngine()).certificate
        assert certificate.review is not None
        listed = set(certificate.review.needs_human_review)
        scored = score(document.truth, certificate)
        misread = False
        for path, ok, read_path in scored.fields:
            flagged = _listed(read_path, listed)
            if ok:
                right, right_listed = right + 1, right_listed + flagged
                continue
            wrong, wrong_listed = wrong + 1, wrong_listed + flagged
            misread = misread or read_path is not None
            if read_path is not None and not flagged:
                unlisted.append(f"{family} seed {seed}: {path}")
        # AND a certificate with misread values never goes through the automatic approval
        if misread:
            assert needs_a_person(_extracted(certificate))
    assert wrong > 0, "these scans are read without a single misread now: choose other seeds"
    # THEN every wrong value that was read is listed for a person
    assert unlisted == []
    # AND at most a fifth of the right values are (the target over many documents is a tenth)
    assert right_listed <= 0.2 * right, (right_listed, right)


def test_a_certificate_with_values_to_check_or_in_another_layout_waits_for_a_person() -> None:
    doubtful = Certificate(
        document=DocumentInfo(pages=1, kind="acord25", engine="ocr"),
        review=Review(needs_human_review=["insurers[B].name"], confidence={"insurers[B].name": 0.45}),
    )
    assert needs_a_person(_extracted(doubtful))
    other_layout = Certificate(document=DocumentInfo(pages=1, kind="certificate", engine="pdf-text"))
    assert needs_a_person(_extracted(other_layout))
    sure = Certificate(document=DocumentInfo(pages=1, kind="acord25", engine="pdf-text"), review=Review())
    assert not needs_a_person(_extracted(sure))
