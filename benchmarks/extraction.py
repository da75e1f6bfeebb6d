"""Certificate reading benchmark: field accuracy by rendering and by field group, document-kind
accuracy, and seconds per document (p50/p95) per rendering, on a held-out generated corpus.

    .venv/bin/python benchmarks/extraction.py [--count N] [--ocr-count M] [--no-ocr]

Seeds start at 900000, disjoint from the unit tests (which use seeds below 10000). Field accuracy
is defined in `tests/fixtures/certgen/scoring.py`: contract JSON flattened into leaf paths, policies
matched by coverage and policy number, a leaf right when equal to the truth, invented leaves count
as errors. Scans and photos are read by the default OCR engine when `ocr.py` is present.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from services.intake.extraction.api import UnreadableDocument, extract_document
from tests.fixtures.certgen import generate
from tests.fixtures.certgen.scoring import GROUPS, Score, score

SEED = 900_000
DIGITAL = ("fillable", "flattened", "packet")
PAPER = ("scanned", "photo")
NEGATIVE = ("w9", "invoice", "letter")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=40, help="documents per digital rendering (default 40)")
    parser.add_argument(
        "--ocr-count", type=int, default=6, help="documents per scan/photo rendering (default 6)"
    )
    parser.add_argument("--no-ocr", action="store_true", help="skip scans and photos")
    parser.add_argument("--show-misses", type=int, default=0, help="print up to N wrong fields per rendering")
    args = parser.parse_args(argv)

    ocr_available = importlib.util.find_spec("services.intake.extraction.ocr") is not None
    plan: list[tuple[str, int]] = [(r, args.count) for r in DIGITAL]
    if not args.no_ocr and ocr_available:
        plan += [(r, args.ocr_count) for r in PAPER]
    print(
        f"extraction benchmark: seeds from {SEED}, {os.cpu_count()} CPUs, "
        f"OCR {'on' if ocr_available else 'absent'}"
    )

    scores: dict[str, Score] = {}
    seconds: dict[str, list[float]] = {}
    kind_right = kind_total = 0
    failures: dict[str, int] = {}
    for rendering, count in plan:
        total = Score()
        for offset in range(count):
            document = generate(SEED + offset, rendering)
            assert document.truth is not None
            started = time.perf_counter()
            try:
                result = extract_document(document.data, filename=document.filename)
            except UnreadableDocument:
                failures[rendering] = failures.get(rendering, 0) + 1
                kind_total += 1
                continue
            seconds.setdefault(rendering, []).append(time.perf_counter() - started)
            kind_total += 1
            kind_right += result.certificate.document.kind == document.kind
            total.merge(score(document.truth, result.certificate))
        scores[rendering] = total
    for rendering in NEGATIVE:
        for offset in range(max(5, args.count // 4)):
            document = generate(SEED + offset, rendering)
            started = time.perf_counter()
            result = extract_document(document.data, filename=document.filename)
            seconds.setdefault(rendering, []).append(time.perf_counter() - started)
            kind_total += 1
            kind_right += result.certificate.document.kind == "unknown"

    print()
    print(
        f"{'rendering':<12} {'docs':>5} {'fields':>7} {'accuracy':>9} {'p50 s':>7} {'p95 s':>7} "
        f"{'unreadable':>10}"
    )
    for rendering, total in scores.items():
        times = seconds.get(rendering, [])
        print(
            f"{rendering:<12} {len(times):>5} {total.total:>7} {total.accuracy:>9.2%} "
            f"{_percentile(times, 0.5):>7.3f} {_percentile(times, 0.95):>7.3f} "
            f"{failures.get(rendering, 0):>10}"
        )
    for rendering in NEGATIVE:
        times = seconds.get(rendering, [])
        print(
            f"{rendering:<12} {len(times):>5} {'-':>7} {'-':>9} {_percentile(times, 0.5):>7.3f} "
            f"{_percentile(times, 0.95):>7.3f}"
        )

    print()
    header = f"{'group':<13}" + "".join(f"{r:>11}" for r in scores)
    print(header)
    for group in GROUPS:
        row = f"{group:<13}"
        for total in scores.values():
            right, count = total.by_group.get(group, [0, 0])
            row += f"{(right / count if count else float('nan')):>11.2%}"
        print(row)
    digital = Score()
    for rendering in DIGITAL:
        digital.merge(scores[rendering])
    print()
    print(
        f"digital (fillable + flattened + packet) field accuracy: {digital.accuracy:.3%} "
        f"over {digital.total} fields"
    )
    print(f"document kind accuracy: {kind_right}/{kind_total} = {kind_right / kind_total:.2%}")
    # Timings mean little on a shared machine without the load they were taken under.
    print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
    if args.show_misses:
        for rendering, total in scores.items():
            for path, truth, read in total.misses[: args.show_misses]:
                print(f"  {rendering}: {path}: truth {truth!r} read {read!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
