"""OCR figures on generated scans and phone photos: seconds per page and field accuracy.

    .venv/bin/python -m benchmarks.ocr [--docs 10] [--seed 1000] [--renderings scanned,photo] [--misses]
                                       [--ir-cache DIR] [--family real_overlay]

`--family F` reads documents of a layout family from `tests/fixtures/certgen/families.py`
(real_overlay, official_fillable, retyped, old_drawing, other_layout); `--renderings` then names
its paper media (`scan,photo`). Without it, the original drawing's renderings are read.

Each document goes through `extract_document(data, ocr=TesseractEngine())`, the same router,
ACORD 25 mapper and validation the intake service runs, and the certificate it returns is
compared field by field with the generator's ground truth. A field is every leaf of the
contract that the truth or the reading fills (names, addresses, insurer letters and NAIC
numbers, each policy's number, dates, flags and limits, the holder, the description); both
empty does not count. Seconds are the OCR engine's wall time per page (pages two at a time,
as the engine reads them on this 2-core machine); CPU seconds (this process plus its
Tesseract children) are printed too, since wall time on a shared machine says more about the
neighbours than about the engine.

`--ir-cache DIR` keeps each document's OCR output (the intermediate representation) in DIR and
reuses it on the next run, so work on the mapper is measured in seconds instead of minutes
(timings are then only printed for documents read afresh).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from services.intake.extraction.api import extract_document
from services.intake.extraction.ir import DocumentIR
from services.intake.extraction.ocr import TesseractEngine
from shared.contracts.certificate import Certificate
from tests.fixtures.certgen import GeneratedDocument, generate
from tests.fixtures.certgen.families import FAMILIES, generate_family

_SKIP = {"document", "endorsements", "schema", "review", "integrity"}  # not fields of the certificate


def flatten(certificate: Certificate) -> dict[str, Any]:
    """Contract leaves keyed by path; policies keyed by coverage and order, limits by key."""
    data: dict[str, Any] = certificate.to_contract_json()
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SKIP:
            continue
        if key == "insurers":
            for insurer in value:
                out[f"insurer.{insurer['letter']}.name"] = insurer.get("name")
                out[f"insurer.{insurer['letter']}.naic"] = insurer.get("naic")
        elif key == "policies":
            seen: Counter[str] = Counter()
            for policy in value:
                tag = f"{policy['coverage']}#{seen[policy['coverage']]}"
                seen[policy["coverage"]] += 1
                for field, item in policy.items():
                    if field == "limits":
                        for limit, amount in item.items():
                            out[f"policy.{tag}.limit.{limit}"] = amount
                    elif field == "auto_types":
                        out[f"policy.{tag}.auto_types"] = sorted(item) or None
                    elif field != "coverage":
                        out[f"policy.{tag}.{field}"] = item
        elif isinstance(value, dict):
            for field, item in value.items():
                out[f"{key}.{field}"] = item
        else:
            out[key] = value
    return out


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()).casefold() or None
    if value in ([], ""):
        return None
    return value


def compare(truth: Certificate, read: Certificate) -> tuple[int, int, list[tuple[str, Any, Any]]]:
    expected, got = flatten(truth), flatten(read)
    total = right = 0
    misses: list[tuple[str, Any, Any]] = []
    for path in sorted(set(expected) | set(got)):
        want, have = _norm(expected.get(path)), _norm(got.get(path))
        if want is None and have is None:
            continue
        total += 1
        if want == have:
            right += 1
        else:
            misses.append((path, expected.get(path), got.get(path)))
    return right, total, misses


def _cpu() -> float:
    """CPU seconds of this process and its Tesseract children: a figure the machine's load does not skew."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class _TimedEngine:
    """The OCR port with a stopwatch: seconds and CPU seconds of the OCR alone, per page.

    With a cache directory, a document already read is loaded from it (and `last` is None).
    """

    def __init__(self, engine: TesseractEngine, cache: Path | None = None) -> None:
        self.engine = engine
        self.name = engine.name
        self.cache = cache
        self.last: tuple[float, float, int] | None = None

    def _timed(self, call: Any, data: bytes, sha256: str) -> DocumentIR:
        cached = self.cache / f"{sha256}.json" if self.cache is not None else None
        if cached is not None and cached.exists():
            self.last = None
            return DocumentIR.model_validate_json(cached.read_bytes())
        started, cpu_started = time.perf_counter(), _cpu()
        ir: DocumentIR = call(data, sha256)
        self.last = (time.perf_counter() - started, _cpu() - cpu_started, max(1, len(ir.pages)))
        if cached is not None:
            cached.write_text(ir.model_dump_json())
        return ir

    def read_pdf(self, data: bytes, sha256: str) -> DocumentIR:
        return self._timed(self.engine.read_pdf, data, sha256)

    def read_image(self, data: bytes, sha256: str) -> DocumentIR:
        return self._timed(self.engine.read_image, data, sha256)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--renderings", default="scanned,photo")
    parser.add_argument("--misses", action="store_true", help="print every wrong field")
    parser.add_argument("--ir-cache", type=Path, help="keep and reuse OCR output in this directory")
    parser.add_argument("--family", choices=FAMILIES, help="a layout family; --renderings are then media")
    args = parser.parse_args()
    if args.family and args.renderings == "scanned,photo":
        args.renderings = "scan,photo"

    def document_for(seed: int, rendering: str) -> GeneratedDocument:
        return generate_family(seed, args.family, rendering) if args.family else generate(seed, rendering)

    if args.ir_cache is not None:
        args.ir_cache.mkdir(parents=True, exist_ok=True)
    engine = _TimedEngine(TesseractEngine(), args.ir_cache)
    for rendering in args.renderings.split(","):
        seconds: list[float] = []
        cpu_seconds: list[float] = []
        right = total = 0
        by_group: Counter[str] = Counter()
        wrong_by_group: Counter[str] = Counter()
        for seed in range(args.seed, args.seed + args.docs):
            document = document_for(seed, rendering)
            assert document.truth is not None
            engine.last = None
            mapped = extract_document(document.data, ocr=engine).certificate
            if engine.last is not None:
                wall, cpu, pages = engine.last
                seconds.append(wall / pages)
                cpu_seconds.append(cpu / pages)
            ok, count, misses = compare(document.truth, mapped)
            right += ok
            total += count
            for path, _, _ in misses:
                wrong_by_group[path.split(".")[0]] += 1
            for path in flatten(document.truth):
                by_group[path.split(".")[0]] += 1
            if args.misses:
                for path, want, have in misses:
                    print(f"  {rendering} seed {seed}: {path}: want {want!r} got {have!r}")
        seconds.sort()
        timing = "(read from the cache)"
        if seconds:
            p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))]
            timing = (
                f"s/page p50 {statistics.median(seconds):.2f} p95 {p95:.2f}  "
                f"CPU s/page p50 {statistics.median(cpu_seconds):.2f}"
            )
        print(
            f"{rendering:8} docs {args.docs:3}  field accuracy {right}/{total} = {right / max(1, total):.3f}"
            f"  {timing}"
        )
        print("          wrong by group: " + ", ".join(f"{g} {n}" for g, n in wrong_by_group.most_common()))


if __name__ == "__main__":
    main()
