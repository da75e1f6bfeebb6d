"""Peak memory of intake's extraction on decompression bombs, each file in its own child process.

    .venv/bin/python benchmarks/bombs.py            # the bombs and one ordinary scanned certificate
    .venv/bin/python benchmarks/bombs.py --only image_bomb_pdf content_bomb_pdf

Each child builds its file, then runs the extract port the intake Lambda uses
(`services.intake.adapters.extractor.extractor` over `ocr_engine(settings)`, the default decoding budgets)
and reports what came of it. The parent collects each child's peak resident memory with
`os.wait4` (the child's own `ru_maxrss`, Tesseract subprocesses included) and, at the end,
`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`, the largest of all. The target: no file makes
intake use more than 1 GB (the Lambda has 1,536 MB). A child is also capped at 4 GB of address
space so that a regression fails here instead of taking the machine down.

Before the budgets (same files, same machine): the 40,000 x 40,000 image PDF peaked at ~1,930 MB,
the JPEG-header PDF at ~1,930 MB, the 300 MB content stream at ~700 MB (49 s).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

TARGET_MB = 1024
_SAFETY_CAP_BYTES = 4 * 1024**3


def _files() -> dict[str, Callable[[], bytes]]:
    from tests.fixtures import bombs
    from tests.fixtures.certgen import generate

    return {
        "image_bomb_pdf": bombs.image_bomb_pdf,  # ~3 KB, one 40,000 x 40,000 grey image
        "jpeg_header_pdf": bombs.jpeg_header_pdf,  # DCT image declared 100 x 100, header 40,000 x 40,000
        "content_bomb_pdf": bombs.content_bomb_pdf,  # ~1 KB, content stream of 300 MB
        "png_header_bomb": lambda: generate(0, "image_bomb").data,  # PNG header 100,000 x 100,000
        # The worst a file within the budgets may ask: one 60-megapixel colour image (180 MB decoded).
        "largest_allowed_image": lambda: bombs.image_pdf(7_745, 7_745, rgb=True, value=255),
        # ... and 15 MiB of dense paths on one page, just under the 16 MiB content budget (~55 s).
        "largest_allowed_content": lambda: bombs.content_pdf(bombs.DENSE_PATHS, 15 * 1024 * 1024),
        "scanned_certificate": lambda: generate(900_000, "scanned").data,  # the ordinary case, OCR'd
    }


def child(name: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_SAFETY_CAP_BYTES, _SAFETY_CAP_BYTES))
    from services.intake.adapters.extractor import extractor, ocr_engine
    from services.intake.ports import Unreadable
    from services.intake.settings import IntakeSettings

    data = _files()[name]()
    settings = IntakeSettings(table_name="bench", event_bus_name="bench")
    extract = extractor(ocr_engine(settings), settings.decoding)
    started = time.perf_counter()
    try:
        extraction = extract(data, f"{name}.pdf", "application/pdf")
        outcome = f"read ({extraction.certificate.document.kind})"
    except Unreadable as refused:
        outcome = f"refused: {refused}"
    except MemoryError:
        outcome = "MemoryError (hit the 4 GB safety cap)"
    print(f"{len(data)}\t{time.perf_counter() - started:.2f}\t{outcome}", flush=True)


def measure(name: str) -> tuple[int, str]:
    process = subprocess.Popen([sys.executable, __file__, "--child", name], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = process.stdout.read().strip()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        output = f"?\t?\tchild exited with {process.returncode}"
    return usage.ru_maxrss // 1024, output  # ru_maxrss is in KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="*", help="measure only these files")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    names = args.only or list(_files())
    print(f"{'file':<22}{'bytes':>8}{'seconds':>9}{'peak MB':>9}  outcome")
    over = []
    for name in names:
        peak_mb, output = measure(name)
        size, seconds, outcome = [*output.split("\t", 2), "", "", ""][:3]
        print(f"{name:<22}{size:>8}{seconds:>9}{peak_mb:>9}  {outcome}", flush=True)
        if peak_mb > TARGET_MB:
            over.append(name)
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"\nlargest peak of any child (RUSAGE_CHILDREN ru_maxrss): {largest} MB; target <= {TARGET_MB} MB")
    if over:
        print(f"over the target: {', '.join(over)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
