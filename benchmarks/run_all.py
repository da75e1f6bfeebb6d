"""Runs every benchmark in turn and prints their figures (`make bench`).

Each script also runs on its own; see its --help for sizes. The defaults here are the sizes the
README quotes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS: list[list[str]] = [
    ["extraction.py"],
    ["check.py"],
    ["ocr.py"],
    ["sweep.py"],
    ["api.py"],
    ["pipeline.py"],
    ["bombs.py"],
    ["load.py"],
]


def main() -> int:
    failed: list[str] = []
    for script, *args in BENCHMARKS:
        print(f"\n=== {script} {' '.join(args)}".rstrip(), flush=True)
        result = subprocess.run([sys.executable, str(HERE / script), *args], check=False)
        if result.returncode != 0:
            failed.append(script)
    if failed:
        print(f"\nbenchmarks that failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
