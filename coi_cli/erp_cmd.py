"""`coi erp`: operators' commands for the ERP exports, with the deployed settings (the environment
as in Lambda: `TABLE_NAME`, `DOCUMENTS_BUCKET`, ...).

    coi erp configure TENANT --erp sage300cre --erp vista [--intacct-parameter NAME --intacct-send]
    coi erp export        # write every due tenant's files now, as the schedule does

Each prints one JSON line; an error is one line on stderr and exit 1.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import NoReturn

import typer

from shared.erp import ERP_NAMES

erp_app = typer.Typer(
    help="ERP exports: choose a tenant's ERPs, export now.", no_args_is_help=True, add_completion=False
)

# An Enum so the help lists the ERPs and a misspelling is refused before anything is read.
Erp = StrEnum("Erp", {name: name for name in ERP_NAMES})  # type: ignore[misc]


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@erp_app.command("configure")
def configure(
    tenant: str = typer.Argument(..., help="The tenant id."),
    erp: list[Erp] = typer.Option(..., "--erp", help="An ERP the tenant feeds (repeat for several)."),  # noqa: B008
    intacct_parameter: str | None = typer.Option(
        None, "--intacct-parameter", help="SSM SecureString parameter with the Intacct credentials"
    ),
    intacct_send: bool = typer.Option(False, "--intacct-send", help="also send records to Intacct"),
) -> None:
    """Choose the ERPs a tenant feeds."""
    from services.erp_export import bootstrap
    from shared.erp import TenantErpConfig

    if intacct_send and not intacct_parameter:
        _fail("--intacct-send needs --intacct-parameter")
    config = TenantErpConfig(
        tenant_id=tenant,
        erps=sorted({e.value for e in erp}),
        intacct_send=intacct_send,
        intacct_credentials_parameter=intacct_parameter,
    )
    bootstrap.build().configs.put(config)
    typer.echo(json.dumps({"tenant_id": tenant, "erps": config.erps}))


@erp_app.command("export")
def export() -> None:
    """Run the scheduled export now."""
    from services.erp_export import bootstrap
    from services.erp_export.handlers.scheduled import ExportFailedError, run_export

    try:
        result = run_export(bootstrap.build())
    except ExportFailedError as error:
        _fail(str(error))
    typer.echo(json.dumps(result))
