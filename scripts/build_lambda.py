#!/usr/bin/env python3
"""Lay out the Lambda code for `sam build`: `infra/build/lambda/` gets `shared/`, `services/` and
the runtime requirements exported from `uv.lock` (no dev dependencies), which is the `CodeUri` of
every function in `infra/template.yaml`; `infra/build/chalice/swagger.json` gets the Chalice API
definition (`chalice package`'s swagger) the template includes.

    .venv/bin/python scripts/build_lambda.py [--out infra/build/lambda]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "infra" / "build" / "lambda"
PACKAGES = ("shared", "services")
# Not code the functions run: caches, tests that live next to code, the UI's source maps.
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", "tests", "*.map")


def _uv() -> str:
    found = shutil.which("uv")
    if found:
        return found
    local = REPO / ".tools" / "bin" / "uv"
    if local.exists():
        return str(local)
    raise SystemExit("error: uv not found (run `make setup` first)")


def export_requirements(target: Path) -> None:
    """Pinned runtime requirements from the lock file, so AWS runs what the tests ran."""
    completed = subprocess.run(  # noqa: S603 - fixed arguments
        [
            _uv(),
            "export",
            "--frozen",
            "--no-dev",
            "--no-hashes",
            "--no-emit-project",
            "--format",
            "requirements.txt",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"error: uv export failed: {completed.stderr.strip().splitlines()[-1:]}")
    lines = [line for line in completed.stdout.splitlines() if line and not line.lstrip().startswith("#")]
    target.write_text("\n".join(lines) + "\n")


def build(out: Path = DEFAULT_OUT) -> Path:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for package in PACKAGES:
        shutil.copytree(REPO / package, out / package, ignore=IGNORED)
    export_requirements(out / "requirements.txt")
    sys.path.insert(0, str(REPO))
    from coi_cli.local.chalice_api import write_swagger

    write_swagger(out.parent / "chalice" / "swagger.json")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    out = build(args.out.resolve())
    print(f"Lambda code laid out in {out.relative_to(REPO) if out.is_relative_to(REPO) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
