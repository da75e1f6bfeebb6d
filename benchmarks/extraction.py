"""Certificate reading benchmark, per layout family x medium, on documents generated with truth.

    .venv/bin/python benchmarks/extraction.py [--count N] [--ocr-count M] [--no-ocr] [--dev]
                                              [--families a,b] [--offset K] [--misses]

Families (`tests/fixtures/certgen/families.py`): `real_overlay` (values overlaid on the real ACORD
25 page by agency systems, quirks included), `official_fillable` (the official field names, filled,
flattened or not), `retyped` (an agency's retyped copy of the grid), `old_drawing` (the drawing
certgen made first), `other_layout` (non-ACORD certificates, kind `certificate`). Media: `digital`,
`scan` (scanner or Print to PDF, image only), `photo`. Not-a-certificate documents (W-9, invoice,
an endorsement alone, a requirements letter) count towards document-kind accuracy.

Printed:
- field accuracy per family x medium and per field group (header/parties, insurers, policies core,
  marks, limits, description/holder), as defined in `tests/fixtures/certgen/scoring.py`; exact,
  and `loosely`: with case, spaces and punctuation aside, as `../shared/certificates/score.py`
  compares (`Boston MA` for `Boston, MA` is right there);
- document-kind accuracy (acord25 / certificate / unknown);
- silent errors: the share of wrong fields the reading did NOT list in `needs_human_review`, and
  the share of right fields it did list, over all media and per medium (a `certificate`-kind reading
  always goes to a person, but only the values it lists count as reviewed);
- exact verdicts: `coi check`'s rules run on the reading and on the truth, once with requirements
  the truth meets and once with requirements it fails in one place (`certgen/verdicts.py`); exact
  when compliance and every deficiency's code, coverage and field agree;
- hidden text: of the documents carrying text that is not visible, how many the reading flags with
  an `integrity` finding `HIDDEN_TEXT` (when the reader reports integrity at all);
- seconds per digital document and per scanned page (p50, p95), warm process; for scanned pages also
  CPU seconds (this process and its Tesseract children), which the load of a shared machine does not skew.
`--misses` lists every wrong field (family, medium, seed, path, truth, read, whether reviewed) and
every verdict that differs from the truth's, after a tally of the right fields most often listed
for review (what the reading over-lists).

Seeds: reported figures use seeds from 900000 (`REPORT_SEED`); `--dev` uses seeds from 500000
(`DEV_SEED`) for day-to-day work on the reader, so the reported seeds stay unseen while developing;
`--offset K` starts K seeds further on, for documents a change has not been tuned on.
Unit tests use seeds below 10000. OCR costs about 5 s a page on this 2-core machine: the default
`--ocr-count 2` (per family and paper medium) keeps a full run to a few minutes.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import re
import resource
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from services.intake.extraction.api import ExtractionResult, UnreadableDocument, extract_document
from tests.fixtures.certgen import GeneratedDocument
from tests.fixtures.certgen.families import FAMILIES, NEGATIVE_KINDS, generate_family, generate_negative
from tests.fixtures.certgen.scoring import Score, score
from tests.fixtures.certgen.verdicts import carriers_for, requirements_for, verdict_key

REPORT_SEED = 900_000
DEV_SEED = 500_000
GROUPS = {
    "header/parties": ("header", "producer", "insured"),
    "insurers": ("insurers",),
    "policies core": ("policies",),
    "marks": ("flags",),
    "limits": ("limits",),
    "description/holder": ("description", "holder", "endorsements"),
}
_INDEX = re.compile(r"\.\d+(?=\.|$)|\[\w+\]")
_INDEXED = re.compile(r"^(insurers|policies|endorsements)\.(\d+)")
# `policies[workers_comp]`: the path of a policy the reading did not find (named by coverage)
_MISSING_ITEM = re.compile(r"^policies\[[a-z_]+\]$")


@dataclass
class Cell:
    """One family x medium: what was read, how well, how fast."""

    score: Score = field(default_factory=Score)
    docs: int = 0
    kind_right: int = 0
    unreadable: int = 0
    seconds: list[float] = field(default_factory=list)
    seconds_per_page: list[float] = field(default_factory=list)
    cpu_per_page: list[float] = field(default_factory=list)  # this process and its Tesseract children
    verdicts_exact: int = 0
    verdicts: int = 0


def _cpu() -> float:
    """CPU seconds of this process and its finished children: what the machine's load does not skew."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def _review_paths(result: ExtractionResult) -> set[str]:
    """The reading's review list in the contract's syntax (`policies[0].x`, `insurers[A].naic`)."""
    insurers = result.certificate.insurers
    paths = set()
    for path in result.needs_human_review:
        match = _INDEXED.match(path)
        if match:
            name, index = match.group(1), int(match.group(2))
            key = insurers[index].letter if name == "insurers" and index < len(insurers) else str(index)
            paths.add(f"{name}[{key}]{path[match.end() :]}")
        else:
            paths.add(path)
    return paths


def _reviewed(read_path: str | None, review: set[str]) -> bool:
    if read_path is None:
        return False
    parts = read_path.split(".")
    if _MISSING_ITEM.match(parts[0]) and "policies" in review:
        return True  # a policy the reading did not find, and it says policies may be missing
    return any(".".join(parts[:n]) in review for n in range(1, len(parts) + 1))


def _hidden_flagged(result: ExtractionResult) -> bool:
    findings = result.certificate.to_contract_json().get("integrity")
    if not isinstance(findings, list):
        return False
    return any(isinstance(f, dict) and f.get("code") == "HIDDEN_TEXT" for f in findings)


@dataclass
class Run:
    cells: dict[tuple[str, str], Cell] = field(default_factory=lambda: defaultdict(Cell))
    wrong_flagged: int = 0
    wrong: int = 0
    right_flagged: int = 0
    right: int = 0
    # medium -> [wrong, wrong flagged, right, right flagged]
    silent_by_medium: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0]))
    hidden_docs: int = 0
    hidden_flagged: int = 0
    clean_flagged: int = 0
    clean_docs: int = 0
    misses: list[str] = field(default_factory=list)
    # right values listed for review, by field (indices dropped): what the reading over-lists
    right_listed: Counter[str] = field(default_factory=Counter)
    # ... and by document (`family/medium seed N`): whether a few documents carry most of them
    right_listed_by_document: Counter[str] = field(default_factory=Counter)

    def read(self, document: GeneratedDocument, family: str, medium: str, verdicts: bool) -> None:
        cell = self.cells[(family, medium)]
        cell.docs += 1
        started, cpu_started = time.perf_counter(), _cpu()
        try:
            result = extract_document(document.data, filename=document.filename)
        except UnreadableDocument:
            cell.unreadable += 1
            return
        elapsed = time.perf_counter() - started
        cell.seconds.append(elapsed)
        pages = document.truth.document.pages if document.truth else 1
        cell.seconds_per_page.append(elapsed / max(1, pages))
        cell.cpu_per_page.append((_cpu() - cpu_started) / max(1, pages))
        cell.kind_right += result.certificate.document.kind == document.kind
        # Only a PDF's text layer can carry text that is not visible: a scan or photo of such a
        # certificate is an image of what was visible, and counts as a document without it.
        hidden = medium == "digital" and any(q.startswith("hidden:") for q in document.quirks)
        if hidden:
            self.hidden_docs += 1
            self.hidden_flagged += _hidden_flagged(result)
        else:
            self.clean_docs += 1
            self.clean_flagged += _hidden_flagged(result)
        if document.truth is None:
            return
        scored = score(document.truth, result.certificate)
        cell.score.merge(scored)
        review = _review_paths(result)
        by_medium = self.silent_by_medium[medium]
        for _path, ok, read_path in scored.fields:
            flagged = _reviewed(read_path, review)
            if ok:
                self.right += 1
                self.right_flagged += flagged
                if flagged:
                    self.right_listed[_INDEX.sub("", _path)] += 1
                    self.right_listed_by_document[f"{family}/{medium} seed {document.seed}"] += 1
            else:
                self.wrong += 1
                self.wrong_flagged += flagged
            by_medium[0 if not ok else 2] += 1
            by_medium[1 if not ok else 3] += flagged
        for path, truth, found in scored.misses:
            read_path = next((r for p, ok, r in scored.fields if p == path and not ok), None)
            self.misses.append(
                f"  {family}/{medium} seed {document.seed}: {path}: truth {truth!r} read {found!r}"
                f"{'' if _reviewed(read_path, review) else '  [NOT REVIEWED]'}"
            )
        if verdicts:
            carriers = carriers_for(document.truth)
            rng = random.Random(document.seed)
            for satisfied in (True, False):
                requirements = requirements_for(document.truth, rng, satisfied=satisfied)
                cell.verdicts += 1
                read_key = verdict_key(result.certificate, requirements, carriers)
                truth_key = verdict_key(document.truth, requirements, carriers)
                cell.verdicts_exact += read_key == truth_key
                if read_key != truth_key:
                    which = "met" if satisfied else "failed"
                    self.misses.append(
                        f"  {family}/{medium} seed {document.seed}: verdict ({which} requirements): "
                        f"truth {truth_key!r} read {read_key!r}"
                    )


def _group_accuracy(score_: Score, group: str) -> tuple[int, int]:
    right = total = 0
    for name in GROUPS[group]:
        r, t = score_.by_group.get(name, [0, 0])
        right, total = right + r, total + t
    return right, total


def _print_report(run: Run, families: list[str], media: list[str]) -> None:
    print(
        f"\n{'family':<18} {'medium':<8} {'docs':>4} {'fields':>6} {'accuracy':>9} {'loosely':>8} "
        f"{'kind':>7} {'verdicts':>9} {'p50 s':>7} {'p95 s':>7} {'unread':>6}"
    )
    for family in families:
        for medium in media:
            cell = run.cells.get((family, medium))
            if cell is None or not cell.docs:
                continue
            verdicts = f"{cell.verdicts_exact / cell.verdicts:.0%}" if cell.verdicts else "-"
            print(
                f"{family:<18} {medium:<8} {cell.docs:>4} {cell.score.total:>6} {cell.score.accuracy:>9.2%} "
                f"{cell.score.loose_accuracy:>8.2%} "
                f"{cell.kind_right / cell.docs:>7.0%} {verdicts:>9} {_percentile(cell.seconds, 0.5):>7.3f} "
                f"{_percentile(cell.seconds, 0.95):>7.3f} {cell.unreadable:>6}"
            )
    print("\nfield accuracy per group")
    print(f"{'family':<18} {'medium':<8}" + "".join(f"{group:>19}" for group in GROUPS))
    for family in families:
        for medium in media:
            cell = run.cells.get((family, medium))
            if cell is None or not cell.score.total:
                continue
            row = f"{family:<18} {medium:<8}"
            for group in GROUPS:
                right, total = _group_accuracy(cell.score, group)
                row += f"{(f'{right / total:.1%} of {total}' if total else '-'):>19}"
            print(row)
    print()
    for medium in media:
        merged = Score()
        for family in families:
            if (family, medium) in run.cells and family != "not_certificate":
                merged.merge(run.cells[(family, medium)].score)
        if merged.total:
            print(
                f"{medium} field accuracy, all families: {merged.accuracy:.2%} over {merged.total} fields "
                f"({merged.loose_accuracy:.2%} with case, spaces and punctuation aside)"
            )
    docs = sum(c.docs - c.unreadable for c in run.cells.values())
    kinds = sum(c.kind_right for c in run.cells.values())
    print(f"document kind accuracy: {kinds}/{docs} = {kinds / max(1, docs):.2%}")
    verdict_count = sum(c.verdicts for c in run.cells.values())
    exact = sum(c.verdicts_exact for c in run.cells.values())
    if verdict_count:
        print(f"exact verdicts: {exact}/{verdict_count} = {exact / verdict_count:.2%}")
    print(
        f"silent errors: {run.wrong - run.wrong_flagged}/{run.wrong} wrong fields not in needs_human_review "
        f"({(run.wrong - run.wrong_flagged) / max(1, run.wrong):.1%}); "
        f"{run.right_flagged}/{run.right} right fields in it ({run.right_flagged / max(1, run.right):.1%})"
    )
    for medium, (wrong, wrong_flagged, right, right_flagged) in run.silent_by_medium.items():
        print(
            f"  {medium}: {wrong - wrong_flagged}/{wrong} wrong not listed "
            f"({(wrong - wrong_flagged) / max(1, wrong):.1%}); {right_flagged}/{right} right listed "
            f"({right_flagged / max(1, right):.1%})"
        )
    print(
        f"hidden text flagged (HIDDEN_TEXT): {run.hidden_flagged}/{run.hidden_docs} documents carrying it; "
        f"{run.clean_flagged}/{run.clean_docs} documents without it flagged"
    )
    digital = [
        s for (f, m), c in run.cells.items() if m == "digital" and f != "not_certificate" for s in c.seconds
    ]
    scanned = [s for (f, m), c in run.cells.items() if m == "scan" for s in c.seconds_per_page]
    scanned_cpu = [s for (f, m), c in run.cells.items() if m == "scan" for s in c.cpu_per_page]
    photos = [s for (f, m), c in run.cells.items() if m == "photo" for s in c.seconds]
    print(
        f"seconds per digital document p50 {_percentile(digital, 0.5):.3f} "
        f"p95 {_percentile(digital, 0.95):.3f}; "
        f"per scanned page p50 {_percentile(scanned, 0.5):.2f} (CPU {_percentile(scanned_cpu, 0.5):.2f}); "
        f"per photo p50 {_percentile(photos, 0.5):.2f}"
    )
    print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=12, help="digital documents per family (default 12)")
    parser.add_argument("--ocr-count", type=int, default=2, help="scans and photos per family (default 2)")
    parser.add_argument("--no-ocr", action="store_true", help="skip scans and photos")
    parser.add_argument("--dev", action="store_true", help=f"development seeds (from {DEV_SEED})")
    parser.add_argument(
        "--offset", type=int, default=0, help="start this many seeds further on (fresh documents)"
    )
    parser.add_argument("--families", default=",".join(FAMILIES), help="comma-separated subset of families")
    parser.add_argument("--no-verdicts", action="store_true", help="skip the rules-engine verdict comparison")
    parser.add_argument("--misses", action="store_true", help="list every wrong field")
    args = parser.parse_args(argv)
    families = [f for f in args.families.split(",") if f]
    unknown = sorted(set(families) - set(FAMILIES))
    if unknown:
        parser.error(f"unknown families: {', '.join(unknown)} (known: {', '.join(FAMILIES)})")
    seed = (DEV_SEED if args.dev else REPORT_SEED) + args.offset
    ocr = not args.no_ocr and importlib.util.find_spec("services.intake.extraction.ocr") is not None
    media = ["digital", *(["scan", "photo"] if ocr else [])]
    print(
        f"extraction benchmark: {'DEV' if args.dev else 'report'} seeds from {seed}, {os.cpu_count()} CPUs, "
        f"{args.count} digital and {args.ocr_count if ocr else 0} scans/photos per family, "
        f"OCR {'on' if ocr else 'off'}"
    )
    run = Run()
    started = time.perf_counter()
    for family in families:
        for medium in media:
            count = args.count if medium == "digital" else args.ocr_count
            for offset in range(count):
                document = generate_family(seed + offset, family, medium)
                run.read(document, family, medium, verdicts=not args.no_verdicts)
            print(
                f"  {family}/{medium} done at {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
                flush=True,
            )
    for kind in NEGATIVE_KINDS:
        for offset in range(max(2, args.count // 4)):
            run.read(generate_negative(seed + offset, kind), "not_certificate", "digital", verdicts=False)
        if ocr and args.ocr_count:
            run.read(generate_negative(seed, kind, "scan"), "not_certificate", "scan", verdicts=False)
    _print_report(run, [*families, "not_certificate"], media)
    if args.misses:
        print("\nright fields listed for review, most often first:")
        print("\n".join(f"  {count:4d}  {path}" for path, count in run.right_listed.most_common(15)))
        print("\nright fields listed for review, by document, most first:")
        by_document = run.right_listed_by_document.most_common(10)
        print("\n".join(f"  {count:4d}  {doc}" for doc, count in by_document))
        print("\nwrong fields:")
        print("\n".join(run.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
