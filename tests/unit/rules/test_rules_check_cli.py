"""`coi check`: exit codes, output shapes and one-line errors, through a Typer app built here."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import typer
from rules_builders import FIXTURES, base_certificate, base_requirements
from typer.testing import CliRunner

from coi_cli.check_cmd import check
from services.intake.extraction.errors import UnreadableDocument

CERTIFICATE = FIXTURES / "certificate_compliant.json"
REQUIREMENTS = FIXTURES / "requirements_default.json"
CARRIERS = FIXTURES / "carriers_sample.csv"
REPO = Path(__file__).resolve().parents[3]


def _app() -> typer.Typer:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command("check")(check)

    @app.callback()
    def _root() -> None:
        """Only so that `check` stays a named sub-command, as in coi_cli/main.py."""

    return app


def _run(*args: str | Path) -> Any:
    return CliRunner().invoke(_app(), ["check", *map(str, args)])


def _write(path: Path, content: Any) -> Path:
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_compliant_certificate_exits_0_with_a_contract_verdict() -> None:
    result = _run(CERTIFICATE, "--requirements", REQUIREMENTS, "--carriers", CARRIERS, "--json")

    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert verdict["schema"] == "coi.verdict/1"
    assert verdict["compliant"] is True
    assert verdict["as_of"] == "2026-05-01"
    assert [row["status"] for row in verdict["coverages"]] == ["met"] * 4


def test_without_a_carrier_table_a_minimum_rating_cannot_be_met() -> None:
    result = _run(CERTIFICATE, "--requirements", REQUIREMENTS, "--json")

    assert result.exit_code == 1
    assert {d["code"] for d in json.loads(result.stdout)["deficiencies"]} == {"INSURER_NOT_RATED"}


def test_as_of_overrides_the_requirements_date() -> None:
    result = _run(
        CERTIFICATE, "--requirements", REQUIREMENTS, "--carriers", CARRIERS, "--as-of", "2027-01-02", "--json"
    )

    assert result.exit_code == 1
    verdict = json.loads(result.stdout)
    assert verdict["as_of"] == "2027-01-02"
    assert {d["code"] for d in verdict["deficiencies"]} == {"POLICY_EXPIRED"}


def test_readable_report_lists_status_and_messages(tmp_path: Path) -> None:
    certificate = base_certificate()
    certificate["policies"][0]["claims_made"] = True
    path = _write(tmp_path / "cert.json", certificate)

    result = _run(path, "--requirements", REQUIREMENTS, "--carriers", CARRIERS)

    assert result.exit_code == 1
    assert "NOT COMPLIANT" in result.stdout
    assert "claims-made" in result.stdout
    assert "deficient" in result.stdout


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("missing certificate", "file not found"),
        ("missing requirements", "requirements file not found"),
        ("requirements not JSON", "is not valid JSON"),
        ("requirements wrong schema", "expected 'coi.requirements/1'"),
        ("requirements invalid", "coverages"),
        ("requirements bad rating", "minimum_am_best"),
        ("bad as-of", "--as-of must be a date"),
        ("bad carriers", "must have the header"),
        ("invalid certificate JSON", "not a valid coi.certificate/1 JSON"),
    ],
)
def test_bad_usage_exits_2_with_one_line(tmp_path: Path, case: str, error: str) -> None:
    # GIVEN one bad input among otherwise good ones
    certificate, requirements, carriers, as_of = CERTIFICATE, REQUIREMENTS, CARRIERS, "2026-05-01"
    if case == "missing certificate":
        certificate = tmp_path / "absent.json"
    elif case == "missing requirements":
        requirements = tmp_path / "absent.json"
    elif case == "requirements not JSON":
        requirements = _write(tmp_path / "r.json", "{not json")
    elif case == "requirements wrong schema":
        requirements = _write(tmp_path / "r.json", {**base_requirements(), "schema": "coi.requirements/9"})
    elif case == "requirements invalid":
        requirements = _write(tmp_path / "r.json", {"schema": "coi.requirements/1"})
    elif case == "requirements bad rating":
        requirements = _write(
            tmp_path / "r.json", {**base_requirements(), "minimum_am_best": {"rating": "AAA"}}
        )
    elif case == "bad as-of":
        as_of = "05/01/2026"
    elif case == "bad carriers":
        carriers = _write(tmp_path / "c.csv", "name,rating\nX,A\n")
    elif case == "invalid certificate JSON":
        certificate = _write(
            tmp_path / "c.json", {"schema": "coi.certificate/1", "policies": [{"coverage": "boat"}]}
        )

    # WHEN checked
    result = _run(certificate, "--requirements", requirements, "--carriers", carriers, "--as-of", as_of)

    # THEN exit 2, nothing on stdout, one line on stderr naming the problem, no traceback
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert error in lines[0]
    assert "Traceback" not in result.stderr


def _fake_extraction(monkeypatch: pytest.MonkeyPatch, outcome: Any) -> list[str]:
    """Stand in for services.intake.extraction.api: returns `outcome` as the result's certificate
    or raises it; records the file names it was given."""
    seen: list[str] = []

    def extract_document(data: bytes, *, filename: str) -> Any:
        seen.append(filename)
        if isinstance(outcome, Exception):
            raise outcome
        return types.SimpleNamespace(certificate=outcome)

    module = types.ModuleType("services.intake.extraction.api")
    module.extract_document = extract_document  # type: ignore[attr-defined]
    module.UnreadableDocument = UnreadableDocument  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "services.intake.extraction.api", module)
    return seen


def test_unreadable_document_gets_an_unreadable_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _fake_extraction(monkeypatch, UnreadableDocument("the PDF is encrypted"))
    document = tmp_path / "scan.pdf"
    document.write_bytes(b"%PDF-1.7 encrypted")

    result = _run(document, "--requirements", REQUIREMENTS, "--json")

    assert result.exit_code == 1
    verdict = json.loads(result.stdout)
    assert [d["code"] for d in verdict["deficiencies"]] == ["UNREADABLE"]
    assert "encrypted" in verdict["deficiencies"][0]["message"]
    assert seen == ["scan.pdf"]


def test_a_document_is_extracted_then_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shared.contracts.certificate import Certificate

    _fake_extraction(monkeypatch, Certificate.model_validate(base_certificate()))
    document = tmp_path / "cert.pdf"
    document.write_bytes(b"%PDF-1.7")

    result = _run(document, "--requirements", REQUIREMENTS, "--carriers", CARRIERS, "--json")

    assert result.exit_code == 0
    assert json.loads(result.stdout)["compliant"] is True


def test_a_json_file_that_is_not_a_certificate_is_treated_as_a_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_extraction(monkeypatch, UnreadableDocument("unsupported file type"))
    other = _write(tmp_path / "other.json", {"hello": "world"})

    result = _run(other, "--requirements", REQUIREMENTS, "--json")

    assert result.exit_code == 1
    assert json.loads(result.stdout)["deficiencies"][0]["code"] == "UNREADABLE"


def test_damaged_bytes_through_the_real_extractor_are_unreadable(tmp_path: Path) -> None:
    # GIVEN a file that claims to be a PDF but is not one
    document = tmp_path / "certificate.pdf"
    document.write_bytes(b"%PDF-1.4\n this is not really a PDF \x00\x01")

    # WHEN checked (the real extraction API decides)
    result = _run(document, "--requirements", REQUIREMENTS, "--json")

    # THEN it is not bad usage but an UNREADABLE verdict
    assert result.exit_code == 1, result.output
    assert [d["code"] for d in json.loads(result.stdout)["deficiencies"]] == ["UNREADABLE"]


@pytest.mark.parametrize("rendering", ["fillable", "letter"])
def test_a_generated_pdf_gets_the_same_verdict_as_its_truth(tmp_path: Path, rendering: str) -> None:
    # GIVEN a generated document (a fillable ACORD 25, or a letter that is no certificate) and,
    # for the certificate, the contract JSON it was generated from
    from tests.fixtures.certgen import generate

    document = generate(3, rendering)
    pdf = tmp_path / document.filename
    pdf.write_bytes(document.data)

    # WHEN the document is checked
    result = _run(pdf, "--requirements", REQUIREMENTS, "--as-of", "2026-05-01", "--json")

    # THEN the verdict is what checking its truth gives (or NOT_A_CERTIFICATE for the letter)
    assert result.exit_code in (0, 1), result.output
    verdict = json.loads(result.stdout)
    if document.truth is None:
        assert [d["code"] for d in verdict["deficiencies"]] == ["NOT_A_CERTIFICATE"]
        return
    truth = _write(tmp_path / "truth.json", document.truth.to_contract_json())
    expected = _run(truth, "--requirements", REQUIREMENTS, "--as-of", "2026-05-01", "--json")
    assert verdict == json.loads(expected.stdout)


def test_a_directory_is_checked_file_by_file(tmp_path: Path) -> None:
    # GIVEN two compliant certificates and one claims-made one
    folder = tmp_path / "certs"
    folder.mkdir()
    shutil.copy(CERTIFICATE, folder / "a.json")
    shutil.copy(CERTIFICATE, folder / "b.json")
    bad = base_certificate()
    bad["policies"][0]["claims_made"] = True
    _write(folder / "c.json", bad)

    # WHEN the directory is checked
    result = _run(folder, "--requirements", REQUIREMENTS, "--carriers", CARRIERS, "--json")

    # THEN one verdict line per file in name order, and exit 1 because one is not compliant
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["file"], line["compliant"]) for line in lines] == [
        ("a.json", True),
        ("b.json", True),
        ("c.json", False),
    ]


def test_an_empty_directory_is_bad_usage(tmp_path: Path) -> None:
    result = _run(tmp_path, "--requirements", REQUIREMENTS)

    assert result.exit_code == 2
    assert "no certificate JSON or document files" in result.stderr


@pytest.mark.slow  # two interpreter starts through coi_cli.main, which imports every command group
def test_coi_check_through_the_real_entry_point() -> None:
    # GIVEN the `coi` entry point (coi_cli/main.py wires `check` next to the other commands)
    # WHEN run as a process, compliant then with a bad date
    ok = subprocess.run(
        [sys.executable, "-m", "coi_cli.main", "check", str(CERTIFICATE), "--requirements", str(REQUIREMENTS),
         "--carriers", str(CARRIERS), "--json"],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    bad = subprocess.run(
        [sys.executable, "-m", "coi_cli.main", "check", str(CERTIFICATE), "--requirements", str(REQUIREMENTS),
         "--as-of", "tomorrow"],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip

    # THEN the exit codes and outputs follow the contract
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["compliant"] is True
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0
    assert "Traceback" not in bad.stderr
