"""`coi check FILE --requirements REQ.json [--carriers CARRIERS.csv] [--as-of YYYY-MM-DD] [--json]`.

FILE is a certificate JSON (`coi extract --json` output, recognised by `"schema": "coi.certificate/1"`)
or a document (PDF, PNG, JPEG) that is extracted first. Exit 0 compliant, 1 not compliant, 2 bad
usage with a one-line error on stderr. A document nobody can read is not bad usage: it gets an
UNREADABLE verdict (exit 1).

Beyond the contract, FILE may also be a directory: every certificate JSON and document directly in
it is checked in name order (`--json` then prints one verdict per line with its `"file"`), and the
exit code is 0 only when all are compliant. One process for many files avoids paying the
interpreter start-up per certificate.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NoReturn

import typer
from pydantic import ValidationError

from services.review.rules import (
    InvalidRequirements,
    check_certificate,
    unreadable_verdict,
    validate_requirements,
)
from shared.clock import SystemClock
from shared.contracts.carriers import CarrierTable, CarrierTableError, load_carriers_csv
from shared.contracts.certificate import CERTIFICATE_SCHEMA, Certificate
from shared.contracts.requirements import REQUIREMENTS_SCHEMA, Requirements
from shared.contracts.verdict import Verdict

EXIT_COMPLIANT = 0
EXIT_NOT_COMPLIANT = 1
EXIT_BAD_USAGE = 2
DOCUMENT_SUFFIXES = frozenset({".json", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"})


class BadUsage(Exception):
    """Input the command cannot work with; the message is the one line printed on stderr."""


_FILE_HELP = "Certificate JSON (from `coi extract --json`), a PDF/PNG/JPEG document, or a directory of them."
_REQUIREMENTS_HELP = "Requirements JSON (coi.requirements/1)."
_CARRIERS_HELP = "Carrier table CSV: naic,name,am_best_rating,am_best_size."
_AS_OF_HELP = "Check as of YYYY-MM-DD (default: the requirements' as_of, else today)."


@dataclass(frozen=True, slots=True)
class _Checked:
    file: Path
    verdict: Verdict
    insured: str | None


def check(
    # Typer reads its parameters from these defaults; B008 does not apply.
    file: Path = typer.Argument(..., help=_FILE_HELP),  # noqa: B008
    requirements: Path = typer.Option(..., "--requirements", help=_REQUIREMENTS_HELP),  # noqa: B008
    carriers: Path | None = typer.Option(None, "--carriers", help=_CARRIERS_HELP),  # noqa: B008
    as_of: str | None = typer.Option(None, "--as-of", help=_AS_OF_HELP),
    json_output: bool = typer.Option(False, "--json", help="Print the verdict as JSON (coi.verdict/1)."),
) -> None:
    """Check a certificate against a requirement group and print the verdict."""
    try:
        loaded_requirements = load_requirements(requirements)
        table = load_carriers_csv(carriers) if carriers is not None else CarrierTable()
        day = parse_as_of(as_of) or loaded_requirements.as_of or SystemClock().today()
        files = _inputs(file)
        results = [_check_one(path, loaded_requirements, table, day) for path in files]
    except (BadUsage, CarrierTableError) as error:
        _fail(str(error))
    if file.is_dir():
        _print_many(results, json_output)
    else:
        _print_one(results[0], json_output)
    compliant = all(result.verdict.compliant for result in results)
    raise typer.Exit(EXIT_COMPLIANT if compliant else EXIT_NOT_COMPLIANT)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {' '.join(message.split())}", err=True)  # always one line
    raise typer.Exit(EXIT_BAD_USAGE)


def parse_as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise BadUsage(f"--as-of must be a date as YYYY-MM-DD, got {text!r}") from None


def load_requirements(path: Path) -> Requirements:
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise BadUsage(f"requirements file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadUsage(f"cannot read requirements file {path}: {error}") from None
    except json.JSONDecodeError as error:
        raise BadUsage(f"requirements file {path} is not valid JSON: {error}") from None
    if not isinstance(raw, dict):
        raise BadUsage(f"requirements file {path} must hold a JSON object")
    schema = raw.get("schema", REQUIREMENTS_SCHEMA)
    if schema != REQUIREMENTS_SCHEMA:
        raise BadUsage(f"requirements file {path} has schema {schema!r}; expected {REQUIREMENTS_SCHEMA!r}")
    try:
        loaded = Requirements.model_validate(raw)
        validate_requirements(loaded)
    except ValidationError as error:
        raise BadUsage(f"requirements file {path} is invalid: {_first_error(error)}") from None
    except InvalidRequirements as error:
        raise BadUsage(f"requirements file {path} is invalid: {error}") from None
    return loaded


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "(top level)"
    return f"{where}: {first.get('msg', 'invalid value')}"


def _inputs(file: Path) -> list[Path]:
    if file.is_dir():
        paths = sorted(p for p in file.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
        if not paths:
            raise BadUsage(f"no certificate JSON or document files in {file}")
        return paths
    if not file.exists():
        raise BadUsage(f"file not found: {file}")
    return [file]


def _check_one(path: Path, requirements: Requirements, carriers: CarrierTable, day: date) -> _Checked:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadUsage(f"cannot read {path}: {error}") from None
    certificate = _certificate_json(path, data)
    if certificate is None:
        outcome = _extract(path, data)
        if isinstance(outcome, str):
            return _Checked(path, unreadable_verdict(outcome, day), None)
        certificate = outcome
    verdict = check_certificate(certificate, requirements, carriers=carriers, as_of=day)
    return _Checked(path, verdict, certificate.insured.name)


def _certificate_json(path: Path, data: bytes) -> Certificate | None:
    """The certificate when the file is a `coi.certificate/1` JSON object, else None (a document)."""
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark from some editors
    if data.lstrip()[:1] != b"{":
        return None
    try:
        raw = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(raw, dict) or raw.get("schema") != CERTIFICATE_SCHEMA:
        return None
    try:
        return Certificate.model_validate(raw)
    except ValidationError as error:
        raise BadUsage(f"{path} is not a valid {CERTIFICATE_SCHEMA} JSON: {_first_error(error)}") from None


def _extract(path: Path, data: bytes) -> Certificate | str:
    """Read a document into a certificate, or the reason it is unreadable."""
    # Imported here: extraction pulls in PDF and OCR libraries that a JSON check never needs.
    from services.intake.extraction.api import UnreadableDocument, extract_document

    try:
        return extract_document(data, filename=path.name).certificate
    except UnreadableDocument as error:
        return str(error) or "the document could not be read"
    except (ValueError, OSError) as error:
        # A damaged document the extractor did not classify is still a document, not bad usage.
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        return f"the document could not be read: {first_line}"


# -- output ------------------------------------------------------------------------------------------


def _print_one(result: _Checked, json_output: bool) -> None:
    if json_output:
        sys.stdout.write(json.dumps(result.verdict.to_contract_json(), indent=2) + "\n")
    else:
        _render(result)


def _print_many(results: list[_Checked], json_output: bool) -> None:
    if json_output:
        for result in results:
            line = {"file": result.file.name, **result.verdict.to_contract_json()}
            sys.stdout.write(json.dumps(line) + "\n")
        return
    for result in results:
        _render(result)
    compliant = sum(result.verdict.compliant for result in results)
    typer.echo(f"{compliant} of {len(results)} certificates compliant.")


_STATUS_STYLE = {
    "met": "green",
    "waived": "cyan",
    "deficient": "red",
    "missing": "red",
    "expired": "red",
}


def _render(result: _Checked) -> None:
    from rich.console import Console
    from rich.table import Table

    from services.review.rules.messages import coverage_name, long_date

    console = Console(highlight=False, soft_wrap=False)
    verdict = result.verdict
    heading = f"[bold]{result.file.name}[/bold]"
    if result.insured:
        heading += f" — {result.insured}"
    console.print(f"{heading}, as of {long_date(verdict.as_of)}")
    if verdict.compliant:
        console.print("[bold green]COMPLIANT[/bold green]")
    else:
        count = len(verdict.deficiencies)
        console.print(f"[bold red]NOT COMPLIANT[/bold red]: {count} {'issue' if count == 1 else 'issues'}")
    if verdict.coverages:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("Coverage")
        table.add_column("Status")
        for row in verdict.coverages:
            style = _STATUS_STYLE.get(row.status, "")
            table.add_row(
                coverage_name(row.coverage, row.label).capitalize(), f"[{style}]{row.status}[/{style}]"
            )
        console.print(table)
    for deficiency in verdict.deficiencies:
        console.print(f" • {deficiency.message} [dim]({deficiency.code})[/dim]")
