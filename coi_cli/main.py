"""The `coi` command line. Each command group lives in its own module; this file only wires them.

Only the module of the command being run is imported: `coi check` must not pay for the local
stack's imports (the SAM translator, the emulator adapters), which cost more than the check itself.
"""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="coi",
    help="Certificate-of-insurance compliance: read certificates, check them, run the local stack.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

_COMMANDS = ("extract", "check", "compare", "local", "procore", "erp")


@app.callback()
def _root() -> None:
    """Keeps `coi` a group even when only one command is registered (Typer would make it the root)."""


def _register(argv: list[str]) -> None:
    requested = next((arg for arg in argv[1:] if not arg.startswith("-")), None)
    wanted = {requested} if requested in _COMMANDS else set(_COMMANDS)
    if "extract" in wanted:
        from coi_cli import extract_cmd

        app.command("extract", help="Read a certificate and print the certificate contract.")(
            extract_cmd.extract
        )
    if "check" in wanted:
        from coi_cli import check_cmd

        app.command("check", help="Check a certificate against a requirements file.")(check_cmd.check)
    if "compare" in wanted:
        from coi_cli import compare_cmd

        app.command("compare", help="Compare a renewal with the certificate it replaces.")(
            compare_cmd.compare
        )
    if "local" in wanted:
        from coi_cli import local_cmd

        app.add_typer(local_cmd.local_app, name="local")
    if "erp" in wanted:
        from coi_cli import erp_cmd

        app.add_typer(erp_cmd.erp_app, name="erp")
    if "procore" in wanted:
        from coi_cli import procore_cmd

        app.add_typer(procore_cmd.procore_app, name="procore")


_register(sys.argv)

if __name__ == "__main__":
    app()
