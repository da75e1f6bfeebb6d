"""`coi extract FILE [--json]`: exit codes, stdout and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from coi_cli.extract_cmd import extract
from tests.fixtures.certgen import generate


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer(pretty_exceptions_enable=False)
    application.command("extract")(extract)

    @application.command("noop")
    def _noop() -> None:  # a second command keeps typer from flattening `extract` into the root
        """Nothing."""

    return application


def _write(tmp_path: Path, rendering: str, seed: int = 3) -> tuple[Path, object]:
    document = generate(seed, rendering)
    path = tmp_path / document.filename
    path.write_bytes(document.data)
    return path, document


def test_json_output_is_the_certificate_contract(app: typer.Typer, tmp_path: Path) -> None:
    # GIVEN a flattened certificate on disk
    path, document = _write(tmp_path, "flattened")

    # WHEN `coi extract FILE --json` runs
    result = CliRunner().invoke(app, ["extract", str(path), "--json"])

    # THEN it exits 0 and prints the contract JSON of the certificate
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed["schema"] == "coi.certificate/1"
    # ... with the reader's review block: a clean digital certificate has nothing a person must check
    review = printed.pop("review")
    assert review["needs_human_review"] == []
    assert review["confidence"]["insured.name"] == 1.0
    assert printed == {k: v for k, v in document.truth.to_contract_json().items() if k != "review"}  # type: ignore[attr-defined]


def test_summary_output_names_the_insured_and_policies(app: typer.Typer, tmp_path: Path) -> None:
    path, document = _write(tmp_path, "fillable")
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 0
    assert "ACORD 25 certificate" in result.stdout
    assert document.truth.insured.name in result.stdout  # type: ignore[attr-defined]


def test_not_a_certificate_still_exits_zero_with_kind_unknown(app: typer.Typer, tmp_path: Path) -> None:
    path, _ = _write(tmp_path, "invoice")
    result = CliRunner().invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"]["kind"] == "unknown"


@pytest.mark.parametrize("rendering", ["encrypted", "truncated", "empty", "random_bytes"])
def test_unreadable_document_exits_two_with_one_line_on_stderr(
    app: typer.Typer, tmp_path: Path, rendering: str
) -> None:
    path, _ = _write(tmp_path, rendering)
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: unreadable document:")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_missing_file_exits_two_with_one_line_on_stderr(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "nope.pdf"), "--json"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: no such file: {tmp_path / 'nope.pdf'}"
