"""`coi extract FILE [--json]`: read a certificate and print the contract JSON or a summary.

Exit 0 when a certificate was produced (including `kind: "unknown"`), 2 on a missing file or an
unreadable document, with a one-line error on stderr and never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from shared.contracts.certificate import Certificate, Policy

_COVERAGE_NAMES = {
    "general_liability": "General liability",
    "auto_liability": "Auto liability",
    "umbrella": "Umbrella",
    "excess": "Excess",
    "workers_comp": "Workers compensation",
    "other": "Other",
}


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def extract(
    file: Path = typer.Argument(..., help="Certificate to read: PDF, PNG, JPEG or TIFF."),  # noqa: B008
    json_output: bool = typer.Option(False, "--json", help="Print the certificate contract JSON."),
) -> None:
    """Read a certificate of insurance and print what it says."""
    if not file.is_file():
        _fail(f"no such file: {file}")
    try:
        data = file.read_bytes()
    except OSError as error:
        _fail(f"cannot read {file}: {error.strerror or error}")
    from services.intake.extraction.api import UnreadableDocument, extract_document

    try:
        result = extract_document(data, filename=file.name)
    except UnreadableDocument as error:
        _fail(f"unreadable document: {error}")
    except Exception as error:  # the command line never shows a traceback
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        _fail(f"could not read {file.name}: {reason}")
    if json_output:
        typer.echo(json.dumps(result.certificate.to_contract_json(), indent=2))
        return
    review = result.certificate.review
    _summary(result.certificate, review.needs_human_review if review else result.needs_human_review)


def _money(amount: int) -> str:
    return f"${amount:,}"


def _policy_flags(policy: Policy) -> list[str]:
    """The form checkboxes of one coverage row, in the order the ACORD 25 prints them."""
    flags = []
    if policy.claims_made is not None:
        flags.append("claims-made" if policy.claims_made else "occurrence")
    if policy.aggregate_applies_per:
        flags.append(f"aggregate per {policy.aggregate_applies_per}")
    if policy.auto_types:
        flags.append("autos: " + ", ".join(policy.auto_types))
    if policy.per_statute is not None:
        flags.append("per statute" if policy.per_statute else "other (not per statute)")
    if policy.officers_excluded is not None:
        flags.append("officers excluded" if policy.officers_excluded else "officers included")
    return flags


def _summary(certificate: Certificate, review: list[str]) -> None:
    console = Console(highlight=False)
    document = certificate.document
    if document.kind == "unknown":
        console.print(
            f"Not a certificate of liability insurance ({document.pages} page(s), read by {document.engine})."
        )
        return
    title = "ACORD 25 certificate" if document.kind == "acord25" else "Certificate in another layout"
    console.print(
        f"[bold]{title}[/bold]  dated {certificate.certificate_date or '?'}  "
        f"number {certificate.certificate_number or '-'}  ({document.pages} page(s), {document.engine})"
    )
    if document.kind == "certificate":
        console.print("[yellow]Not the ACORD grid: read where unambiguous; a person must review it.[/yellow]")
    console.print(f"Insured:  {certificate.insured.name or '?'}  {certificate.insured.address or ''}")
    console.print(
        f"Producer: {certificate.producer.name or '?'}  {certificate.producer.contact_name or ''}  "
        f"{certificate.producer.phone or ''}  {certificate.producer.email or ''}"
    )
    holder = certificate.certificate_holder
    console.print(f"Holder:   {holder.name or '?'}  {holder.address or ''}")
    if certificate.insurers:
        console.print(
            "Insurers: "
            + "; ".join(f"{i.letter} {i.name or '?'} (NAIC {i.naic or '?'})" for i in certificate.insurers)
        )
    table = Table("coverage", "ltr", "policy", "period", "AI", "WOS", "limits")
    for policy in certificate.policies:
        name = _COVERAGE_NAMES[policy.coverage] + (f" ({policy.label})" if policy.label else "")
        flags = _policy_flags(policy)
        limits = "\n".join(f"{key}: {_money(value)}" for key, value in policy.limits.items())
        if flags:
            limits = ", ".join(flags) + ("\n" + limits if limits else "")
        table.add_row(
            name,
            policy.insurer_letter or "",
            policy.policy_number or "",
            f"{policy.effective_date or '?'} to {policy.expiration_date or '?'}",
            {True: "Y", False: "N", None: ""}[policy.additional_insured],
            {True: "Y", False: "N", None: ""}[policy.subrogation_waived],
            limits,
        )
    console.print(table)
    if certificate.description_of_operations:
        console.print(f"Description: {certificate.description_of_operations}")
    for endorsement in certificate.endorsements:
        where = f"page {endorsement.page}" if endorsement.page else "cited"
        console.print(f"Endorsement {endorsement.form} {endorsement.edition or ''} ({where})")
    if review:
        console.print(f"[yellow]Needs human review:[/yellow] {', '.join(review)}")
