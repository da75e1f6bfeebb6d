"""The `coi` command line. Each command group lives in its own module; this file only wires them."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="coi",
    help="Certificate-of-insurance compliance: read certificates, check them, run the local stack.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register() -> None:
    from coi_cli import check_cmd, extract_cmd, local_cmd

    app.command("extract")(extract_cmd.extract)
    app.command("check")(check_cmd.check)
    app.add_typer(local_cmd.local_app, name="local")


_register()

if __name__ == "__main__":
    app()
