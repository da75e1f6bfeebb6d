"""The real `coi` entry point: each command works when it is the only one imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.fixtures.certgen import generate

REQUIREMENTS = {
    "schema": "coi.requirements/1",
    "coverages": [{"coverage": "general_liability", "limits": {"each_occurrence": 1_000_000_000}}],
}


def _coi(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coi_cli.main", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_extract_and_check_run_through_the_entry_point(tmp_path: Path):
    # GIVEN a generated digital certificate and a requirement no certificate meets
    document = generate(3, "flattened")
    pdf = tmp_path / document.filename
    pdf.write_bytes(document.data)
    requirements = tmp_path / "req.json"
    requirements.write_text(json.dumps(REQUIREMENTS))

    # WHEN extract and check run as a user would run them
    extracted = _coi("extract", str(pdf), "--json")
    checked = _coi("check", str(pdf), "--requirements", str(requirements), "--as-of", "2026-05-01", "--json")

    # THEN extract prints the certificate contract and check a non-compliant verdict (exit 1)
    assert extracted.returncode == 0, extracted.stderr
    assert json.loads(extracted.stdout)["schema"] == "coi.certificate/1"
    assert checked.returncode == 1, checked.stderr
    verdict = json.loads(checked.stdout)
    assert verdict["schema"] == "coi.verdict/1"
    assert verdict["compliant"] is False


def test_bad_usage_is_one_line_on_stderr_with_exit_2(tmp_path: Path):
    result = _coi("check", str(tmp_path / "missing.pdf"), "--requirements", str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
