"""`coi compare PREVIOUS CURRENT [--carriers CARRIERS.csv] [--json]`.

PREVIOUS and CURRENT are two certificates of the same vendor: certificate JSON (`coi extract --json`
output) or documents (PDF, PNG, JPEG) extracted first, offline. Prints what changed from the
previous to the current one (`coi.changes/1`). Exit 0 when no change of severity `warning`, 1 when
one, 2 on bad usage (missing file, bad JSON, a document nobody can read) with a one-line error on
stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import typer
from pydantic import ValidationError

from services.review.logic.changes import compare_certificates
from shared.contracts.carriers import CarrierTable, CarrierTableError, load_carriers_csv
from shared.contracts.certificate import CERTIFICATE_SCHEMA, Certificate
from shared.contracts.changes import Changes

EXIT_NO_WARNING = 0
EXIT_WARNING = 1
EXIT_BAD_USAGE = 2

_PREVIOUS_HELP = "The certificate replaced: certificate JSON (from `coi extract --json`) or a PDF/PNG/JPEG."
_CURRENT_HELP = "The certificate replacing it (same forms)."
_CARRIERS_HELP = "Carrier table CSV: naic,name,am_best_rating,am_best_size (for CARRIER_RATING_LOWER)."


class BadUsage(Exception):
    """Input the command cannot work with; the message is the one line printed on stderr."""


def compare(
    # Typer reads its parameters from these defaults; B008 does not apply.
    previous: Path = typer.Argument(..., help=_PREVIOUS_HELP),  # noqa: B008
    current: Path = typer.Argument(..., help=_CURRENT_HELP),  # noqa: B008
    carriers: Path | None = typer.Option(None, "--carriers", help=_CARRIERS_HELP),  # noqa: B008
    json_output: bool = typer.Option(False, "--json", help="Print the changes as JSON (coi.changes/1)."),
) -> None:
    """Compare a renewal with the certificate it replaces and print what changed."""
    try:
        table = load_carriers_csv(carriers) if carriers is not None else CarrierTable()
        before = load_certificate(previous)
        after = load_certificate(current)
    except (BadUsage, CarrierTableError) as error:
        _fail(str(error))
    changes = compare_certificates(before, after, carriers=table)
    if json_output:
        sys.stdout.write(json.dumps(changes.to_contract_json(), indent=2) + "\n")
    else:
        _render(previous, current, changes)
    raise typer.Exit(EXIT_WARNING if changes.warnings else EXIT_NO_WARNING)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {' '.join(message.split())}", err=True)  # always one line
    raise typer.Exit(EXIT_BAD_USAGE)


def load_certificate(path: Path) -> Certificate:
    """A certificate JSON as is, or a document run through extraction."""
    if path.is_dir():
        raise BadUsage(f"{path} is a directory; give a certificate file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadUsage(f"file not found: {path}") from None
    except OSError as error:
        raise BadUsage(f"cannot read {path}: {error}") from None
    stripped = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if stripped[:1] == b"{":
        return _certificate_json(path, stripped)
    return _extract(path, data)


def _certificate_json(path: Path, data: bytes) -> Certificate:
    try:
        raw = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BadUsage(f"{path} is not valid JSON: {error}") from None
    if not isinstance(raw, dict) or raw.get("schema") != CERTIFICATE_SCHEMA:
        raise BadUsage(f"{path} is not a {CERTIFICATE_SCHEMA} JSON (see `coi extract --json`)")
    try:
        return Certificate.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "(top level)"
        raise BadUsage(f"{path} is not a valid {CERTIFICATE_SCHEMA} JSON: {where}: {first['msg']}") from None


def _extract(path: Path, data: bytes) -> Certificate:
    # Imported here: extraction pulls in PDF and OCR libraries that comparing JSON never needs.
    from services.intake.extraction.api import UnreadableDocument, extract_document

    try:
        certificate = extract_document(data, filename=path.name).certificate
    except UnreadableDocument as error:
        raise BadUsage(f"{path}: {error or 'the document could not be read'}") from None
    except (ValueError, OSError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise BadUsage(f"{path}: the document could not be read: {first_line}") from None
    if certificate.document.kind == "unknown":
        raise BadUsage(f"{path} is not a certificate of liability insurance")
    return certificate


def _render(previous: Path, current: Path, changes: Changes) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=False)
    console.print(f"[bold]{escape(previous.name)}[/bold] → [bold]{escape(current.name)}[/bold]")
    if not changes.changes:
        console.print("[bold green]NO CHANGES[/bold green] that weaken the coverage")
        return
    warnings = len(changes.warnings)
    if warnings:
        console.print(f"[bold red]{warnings} {'WARNING' if warnings == 1 else 'WARNINGS'}[/bold red]")
    for change in changes.changes:
        style = "red" if change.severity == "warning" else "dim"
        console.print(
            f" • [{style}]{change.severity}[/{style}] {escape(change.message)} [dim]({change.code})[/dim]"
        )
