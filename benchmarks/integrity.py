"""Precision and recall of the certificate integrity findings, and the seconds they add per certificate.

    .venv/bin/python benchmarks/integrity.py              # 6 seeds (about 2 minutes on 2 cores)
    .venv/bin/python benchmarks/integrity.py --seeds 20   # a larger corpus

Clean set: generated digital certificates of every layout family (the real ACORD page overlaid by
agency systems, the official fillable form, retyped grids, the older drawing, non-ACORD
certificates), packets with endorsements, the real certificates in ../shared/certificates,
incremental updates that change no page text (metadata only) or flatten a filled form, and scans
with an invisible OCR text layer. None may raise a finding.

Altered set: the clean digital ACORD certificates altered each way certificates are altered
(tests/fixtures/tamper.py): a white box over an amount with a new one on top, text outside the crop
box, text in invisible render mode 3, an incremental update that rewrites an amount, the
cancellation clause reworded, an older edition restamped 2016/03; and the generated certificates
whose agency system left an older value hidden in the file (certgen's `hidden:` quirks: under a
white box, outside the page, white, invisible). Each must raise its code.

Document level: precision = altered documents flagged / all documents flagged; recall = altered
documents raising the expected code / altered documents. "Seconds added" is `check_integrity` timed
alone on each certificate after extraction (extraction itself is unchanged by it).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pypdf import PdfReader  # noqa: E402

from services.intake.extraction.api import UnreadableDocument, extract_document  # noqa: E402
from services.intake.extraction.integrity import check_integrity  # noqa: E402
from tests.fixtures import tamper  # noqa: E402
from tests.fixtures.certgen import generate  # noqa: E402
from tests.fixtures.certgen.families import generate_family  # noqa: E402

SHARED = REPO.parent / "shared" / "certificates"
CLEAN_FAMILIES = ("real_overlay", "official_fillable", "retyped", "old_drawing", "other_layout")
ALTERED_FAMILIES = ("real_overlay", "old_drawing")
TECHNIQUES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "white_box": (tamper.white_box, "HIDDEN_TEXT"),
    "outside_crop_box": (tamper.outside_crop_box, "HIDDEN_TEXT"),
    "invisible_render_mode": (tamper.invisible_text, "HIDDEN_TEXT"),
    "incremental_update": (tamper.incremental_edit, "EDITED_AFTER_ISSUE"),
    "reworded_form": (tamper.reworded_form, "FORM_ALTERED"),
    "restamped_edition": (tamper.restamped_edition, "FORM_ALTERED"),
}


def _clean(seeds: int) -> Iterator[tuple[str, bytes]]:
    for seed in range(seeds):
        for family in CLEAN_FAMILIES:
            document = generate_family(seed, family, "digital")
            if not _stale_text(document.quirks):
                yield f"{family}-{seed}", document.data
        for rendering in ("fillable", "packet", "mixed_packet"):
            yield f"{rendering}-{seed}", generate(seed, rendering).data
        yield f"metadata_update-{seed}", tamper.incremental_metadata(generate(seed, "flattened").data)
        yield f"flattened_in_update-{seed}", tamper.incremental_flatten(generate(seed, "fillable").data)
        if seed < 2:  # read by OCR: seconds each
            yield f"searchable_scan-{seed}", tamper.searchable_scan(generate(seed, "flattened").data)
    for path in sorted(SHARED.rglob("*.pdf")):
        yield f"real:{path.name}", path.read_bytes()


def _stale_text(quirks: tuple[str, ...]) -> bool:
    """The generator's agency habit of leaving an older value in the file unseen (white box, white
    text, outside the page, invisible): hidden text that differs from what is shown, so altered."""
    return any(quirk.startswith("hidden:") for quirk in quirks)


def _unrotated(data: bytes) -> bool:
    return all(page.rotation % 360 == 0 for page in PdfReader(io.BytesIO(data)).pages)


def _altered(seeds: int) -> Iterator[tuple[str, str, str, bytes]]:
    for seed in range(seeds):
        for family in CLEAN_FAMILIES:
            document = generate_family(seed, family, "digital")
            if _stale_text(document.quirks):
                yield f"{family}-{seed}", "agency_stale_text", "HIDDEN_TEXT", document.data
        for family in ALTERED_FAMILIES:
            generated = generate_family(seed, family, "digital")
            if _stale_text(generated.quirks):
                continue
            clean = generated.data
            if not _unrotated(clean):
                continue
            for name, (alter, code) in TECHNIQUES.items():
                try:
                    altered = alter(clean)
                except ValueError:
                    continue  # nothing this technique can alter on this page (an edition without it)
                yield f"{family}-{seed}", name, code, altered


def _run(data: bytes) -> tuple[list[str], float, float] | None:
    started = time.perf_counter()
    try:
        result = extract_document(data)
    except UnreadableDocument:
        return None
    extraction = time.perf_counter() - started
    started = time.perf_counter()
    findings = check_integrity(data, result.certificate, result.ir)
    return [f.code for f in findings], extraction, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=6)
    args = parser.parse_args()

    added: list[float] = []
    extraction: list[float] = []
    false_positives: list[tuple[str, list[str]]] = []
    clean_count = 0
    for name, data in _clean(args.seeds):
        outcome = _run(data)
        if outcome is None:
            continue
        codes, read, checked = outcome
        clean_count += 1
        extraction.append(read)
        added.append(checked)
        if codes:
            false_positives.append((name, codes))

    caught: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    altered_flagged = 0
    altered_count = 0
    for name, technique, code, data in _altered(args.seeds):
        outcome = _run(data)
        altered_count += 1
        caught[technique][1] += 1
        if outcome is None:
            print(f"  unreadable after {technique}: {name}")
            continue
        codes, read, checked = outcome
        extraction.append(read)
        added.append(checked)
        altered_flagged += bool(codes)
        if code in codes:
            caught[technique][0] += 1
        else:
            print(f"  missed {technique} on {name}: {codes}")

    flagged = altered_flagged + len(false_positives)
    recall = sum(hit for hit, _ in caught.values()) / max(altered_count, 1)
    precision = altered_flagged / flagged if flagged else 1.0
    print(f"clean certificates: {clean_count}, flagged: {len(false_positives)}")
    for name, codes in false_positives:
        print(f"  false positive {name}: {codes}")
    print(f"altered certificates: {altered_count}")
    for technique, (hit, total) in caught.items():
        print(f"  {technique:<22} recall {hit}/{total}")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    print(
        f"seconds added per certificate: median {statistics.median(added):.3f}, "
        f"p95 {sorted(added)[int(0.95 * (len(added) - 1))]:.3f}, max {max(added):.3f} "
        f"(extraction median {statistics.median(extraction):.3f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
