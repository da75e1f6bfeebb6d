"""`coi local up | down | advance | token`: the whole system on this machine."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from coi_cli.local import emulator, pidfile
from coi_cli.local.dispatcher import failures_path
from coi_cli.local.stack import DEFAULT_STATE_DIR, STACK_MARKER, LocalPaths, LocalStack, pid_alive

local_app = typer.Typer(help="Run the system locally on the ministack emulator.", no_args_is_help=True)

StateDir = Annotated[
    Path,
    typer.Option("--state-dir", help="Where the local stack keeps its state.", envvar="COI_LOCAL_STATE_DIR"),
]


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _running_pid(paths: LocalPaths) -> int | None:
    """The pid of this state directory's `coi local up`, if that very process still runs."""
    record = pidfile.running(paths.pid_file, STACK_MARKER)
    return record.pid if record else None


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        # As the servers do: connections of a previous run lingering in TIME_WAIT do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _runtime_env(paths: LocalPaths) -> dict[str, str]:
    try:
        env: dict[str, str] = json.loads((paths.root / "runtime.json").read_text())
        return env
    except FileNotFoundError:
        _fail("the local stack is not running (start it with `coi local up`)")
        raise AssertionError("unreachable") from None


@local_app.command()
def up(
    seed_demo: Annotated[bool, typer.Option("--seed-demo", help="Create the demo GC account once.")] = False,
    port_api: Annotated[int, typer.Option("--port-api", help="Port of the API, UI and portal.")] = 8000,
    port_aws: Annotated[int, typer.Option("--port-aws", help="Port of the emulator.")] = 4566,
    state_dir: StateDir = DEFAULT_STATE_DIR,
) -> None:
    """Start the local stack and keep it running in the foreground until Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for chatty in ("botocore", "httpx", "pynamodb", "urllib3"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    paths = LocalPaths(state_dir.resolve())
    if (pid := _running_pid(paths)) is not None:
        _fail(f"a local stack is already running (pid {pid}); `coi local down` stops it")
    if (stale := emulator.stop_leftover(paths.ministack)) is not None:
        typer.echo(f"stopped the emulator a crashed run left behind (pid {stale}); its state is saved")
    for port, option in ((port_api, "--port-api"), (port_aws, "--port-aws")):
        if not _port_free(port):
            _fail(f"port {port} on 127.0.0.1 is in use; choose another with {option} N")
    stack = LocalStack(paths, api_port=port_api, aws_port=port_aws)
    stopping = threading.Event()

    def request_stop(signum: int, _frame: Any) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.endpoints.unlink(missing_ok=True)  # left by a crashed run; written again once ready
    pidfile.write(paths.pid_file, os.getpid(), STACK_MARKER)  # `down` can stop it from here on
    try:
        stack.start()
        runtime = paths.root / "runtime.json"
        runtime.write_text(json.dumps(stack.environment, indent=1))
        runtime.chmod(0o600)
        demo: dict[str, Any] = {}
        if seed_demo:
            from coi_cli.local.seed import seed_demo as seed

            started = time.monotonic()
            demo = seed(paths, stack.api_url)
            stack.timings["seeded_s"] = time.monotonic() - started
        stack.write_endpoints({"timings": stack.timings, **({"demo": demo} if demo else {})})
        typer.echo(f"\nLocal stack ready in {stack.timings['ready_s']:.1f} s")
        typer.echo(f"  staff UI:     {stack.api_url}/")
        typer.echo(
            f"  emulator:     {stack.aws_url}  (captured email: {stack.aws_url}/_ministack/ses/messages)"
        )
        if demo:
            typer.echo(f"  demo login:   {demo['login_email']}  ({demo['login_url']})")
            typer.echo(f"  vendor link:  {demo['portal_link']}")
        typer.echo("Ctrl-C stops it; state is kept under " + str(paths.root))
        while not stopping.wait(0.5):
            pass
    except Exception as exc:
        logging.getLogger("coi.local").exception("local stack failed")
        stack.stop()
        _fail(str(exc) or type(exc).__name__)
    typer.echo("stopping…")
    stack.stop()
    paths.pid_file.unlink(missing_ok=True)
    (paths.root / "runtime.json").unlink(missing_ok=True)
    typer.echo("stopped; state saved")


@local_app.command()
def down(state_dir: StateDir = DEFAULT_STATE_DIR, timeout: float = 30.0) -> None:
    """Stop a running local stack gracefully (its state is saved)."""
    paths = LocalPaths(state_dir.resolve())
    pid = _running_pid(paths)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if pid_alive(pid):
            _fail(f"the local stack (pid {pid}) did not stop within {timeout:.0f} s")
    # `coi local up` stops its emulator; one whose `up` was killed may still run on its own.
    stale = emulator.stop_leftover(paths.ministack)
    if pid is None and stale is None:
        typer.echo("no local stack is running")
        return
    if stale is not None:
        typer.echo(f"stopped the emulator a crashed run left behind (pid {stale})")
    typer.echo("stopped; state saved")


@local_app.command()
def advance(
    days: Annotated[
        int, typer.Option("--days", min=1, max=3650, help="Days to move the local clock forward.")
    ],
    state_dir: StateDir = DEFAULT_STATE_DIR,
    timeout: float = 120.0,
) -> None:
    """Move the local clock forward and wait for the daily sweep to run on the new date."""
    from shared.clock import OffsetFileClock

    paths = LocalPaths(state_dir.resolve())
    if _running_pid(paths) is None:
        _fail("the local stack is not running (start it with `coi local up`)")
    clock = OffsetFileClock(paths.clock)
    total = clock.advance(days)
    today = clock.today().isoformat()
    typer.echo(f"local clock is now {today} (+{total} days)")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            fired = json.loads(paths.schedules.read_text())
        except (FileNotFoundError, ValueError):
            fired = {}
        if fired and all(day >= today for day in fired.values()):
            try:
                failures = json.loads(failures_path(paths.schedules).read_text())
            except (FileNotFoundError, ValueError):
                failures = {}
            failed_today = {rule: f["error"] for rule, f in failures.items() if f.get("date") == today}
            typer.echo("daily schedules ran: " + ", ".join(sorted(set(fired) - set(failed_today))))
            if failed_today:
                for rule, error in sorted(failed_today.items()):
                    typer.echo(f"error: {rule} failed: {error}", err=True)
                raise typer.Exit(1)
            return
        time.sleep(0.3)
    _fail(f"the daily sweep did not finish within {timeout:.0f} s")


_ISSUER = re.compile(r"^def issue_local_token\(", re.MULTILINE)


def _find_token_issuer() -> Any:
    """The API's `issue_local_token(email)`, wherever in services/api it lives."""
    import importlib

    api_dir = Path(__file__).resolve().parents[1] / "services" / "api"
    for source in sorted(api_dir.rglob("*.py")):
        if _ISSUER.search(source.read_text(encoding="utf-8", errors="ignore")):
            module = ".".join(source.relative_to(api_dir.parents[1]).with_suffix("").parts)
            return importlib.import_module(module).issue_local_token
    return None


@local_app.command()
def token(email: str, state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Print a signed local token for a user of the running local stack."""
    paths = LocalPaths(state_dir.resolve())
    os.environ.update(_runtime_env(paths))
    issuer = _find_token_issuer()
    if issuer is None:
        _fail("the API defines no issue_local_token(email) yet")
    try:
        typer.echo(issuer(email))
    except (LookupError, ValueError) as exc:
        _fail(str(exc) or f"no user {email}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(local_app())
