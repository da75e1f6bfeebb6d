"""The emulator process: ministack plus the crash safety the local stack needs from it.

Run as `python -m coi_cli.local.emulator_main` (by `emulator.MinistackProcess`) with ministack's
usual environment. ministack 1.5.33 writes DynamoDB, SQS and SES state only on a graceful stop
and has no endpoint to save on demand, so this module adds, around its ASGI app:

- Snapshots: whenever something changed, at most every `COI_SNAPSHOT_SECONDS` (default 1; twice
  the time the last one took when that is longer), the state of every loaded service is taken
  on the event loop and written off it in ministack's own file format. Service handlers run on
  that loop, so one snapshot is one instant across services: the e-mails SES captured, notify's
  idempotency records and "sent" markers in DynamoDB and the queues' messages always agree, and
  a `kill -9` loses at most that interval (about a second; two or three under a load test).
  `POST /_coi/snapshot` takes one at once. Each snapshot records its time in `coi-run.json`;
  a graceful stop marks the run clean (what `emulator.unclean_since` reads at the next start).
- The mailbox kept: ministack never saves the e-mails SES captured, not even on a graceful stop.
  They are part of each snapshot (`coi-ses-mailbox.json`) and restored at start. Reading the
  mailbox (`GET /_ministack/ses/messages`) first takes a snapshot without yielding the loop, so
  an e-mail anyone saw is on disk together with notify's record of having sent it, and a
  restart cannot forget it and send it again.
- In-flight messages released at start: the dispatcher is the only consumer and it restarts
  with the emulator, so a message received before a crash is held by nobody. It is made visible
  again at once instead of after the queue's visibility timeout (720 s for intake).
- Parent death: with `COI_EMULATOR_PARENT_PID` set, the kernel sends SIGTERM (a graceful, saving
  stop) when that process dies, even by `kill -9` (Linux PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import ctypes
import hashlib
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("coi.emulator")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]

RUN_FILE = "coi-run.json"
MAILBOX_FILE = "coi-ses-mailbox.json"
SNAPSHOT_PATH = "/_coi/snapshot"
MAILBOX_PATH = "/_ministack/ses/messages"
_PR_SET_PDEATHSIG = 1
# Requests that change nothing worth keeping. ReceiveMessage moves messages in flight, but
# in-flight state is released at start anyway, so an idle dispatcher's polling is no change.
_READ_ONLY_ACTIONS = frozenset(
    {
        "GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems", "DescribeTable",
        "DescribeTimeToLive", "ListTables", "ReceiveMessage", "GetQueueAttributes", "GetQueueUrl",
        "ListQueues", "ListDeadLetterSourceQueues", "DescribeStacks", "DescribeStackResources",
        "DescribeStackEvents", "GetCallerIdentity",
    }
)  # fmt: skip


def _action(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-amz-target":
            return value.decode("latin-1").rsplit(".", 1)[-1]
    return ""


def changes_state(scope: Scope) -> bool:
    """Whether a request may change what a snapshot keeps (errs on the side of yes)."""
    if scope.get("method") in {"GET", "HEAD", "OPTIONS"}:
        return False
    return _action(scope) not in _READ_ONLY_ACTIONS


class Snapshots:
    """Consistent, periodic snapshots of ministack's in-memory state."""

    def __init__(self, state_dir: Path, interval: float) -> None:
        self.state_dir = state_dir
        self.interval = interval
        self.dirty = False
        self.closed = False
        self._lock: asyncio.Lock | None = None
        self._written: dict[str, str] = {}  # service -> digest of its last file
        self.last_seconds = 0.0

    @property
    def lock(self) -> asyncio.Lock:
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    def _take(self) -> dict[str, Any]:
        """Every service's state, taken without yielding the loop (one instant)."""
        from ministack import app as ministack_app

        states: dict[str, Any] = {}
        for name, get_state in ministack_app._build_persistence_save_dict().items():
            try:
                state = get_state()
            except Exception:  # one service's failure must not stop the others' snapshot
                log.exception("snapshot of %s failed; kept its previous file", name)
                continue
            if state is not None:
                states[name] = state
        ses = sys.modules.get("ministack.services.ses")
        if ses is not None:
            states[MAILBOX_FILE] = copy.deepcopy(
                [[*key, value] for key, value in ses._sent_emails.all_items()]
            )
        return states

    def _write(self, states: dict[str, Any], taken_at: float) -> None:
        from ministack.core import persistence

        self.state_dir.mkdir(parents=True, exist_ok=True)
        for name, state in states.items():
            if name == MAILBOX_FILE:
                text = json.dumps(state, default=persistence._json_default)
                path = self.state_dir / MAILBOX_FILE
            else:
                wrapped = {"__ministack_format__": persistence._state_format_version(name), "payload": state}
                text = json.dumps(wrapped, default=persistence._json_default)
                path = self.state_dir / f"{name}.json"
            digest = hashlib.sha256(text.encode()).hexdigest()
            if self._written.get(name) == digest:
                continue
            tmp = path.with_name(f"{path.name}.coi-tmp")
            tmp.write_text(text)
            tmp.replace(path)
            self._written[name] = digest
        write_run_marker(self.state_dir, clean=False, at=taken_at)

    async def take_and_write(self, *, blocking: bool = False) -> None:
        """Take a snapshot and write it; `blocking` writes it without yielding the loop, so no
        request is served in between (what a mailbox read needs)."""
        async with self.lock:
            if self.closed:
                return
            started = time.monotonic()
            if blocking and not self.dirty:
                return  # nothing changed since the last snapshot
            self.dirty = False
            taken_at = time.time()
            states = self._take()
            if blocking:
                self._write(states, taken_at)
            else:
                await asyncio.to_thread(self._write, states, taken_at)
            self.last_seconds = time.monotonic() - started
            if self.last_seconds > 2.0:
                log.warning("snapshot took %.2f s", self.last_seconds)

    async def run_forever(self) -> None:
        while not self.closed:
            # A big state (a load test's) takes most of a second to copy and write: snapshots
            # then leave the emulator at least twice that time for requests.
            await asyncio.sleep(max(self.interval, 2 * self.last_seconds))
            if self.dirty:
                try:
                    await self.take_and_write()
                except Exception:
                    log.exception("snapshot failed; retrying next interval")
                    self.dirty = True

    async def close(self) -> None:
        """A last snapshot (the mailbox has no other save), then stop; ministack's save follows."""
        with contextlib.suppress(Exception):
            await self.take_and_write(blocking=True)
        async with self.lock:
            self.closed = True


def write_run_marker(state_dir: Path, *, clean: bool, at: float) -> None:
    tmp = state_dir / f"{RUN_FILE}.tmp"
    tmp.write_text(json.dumps({"clean": clean, "at": at}))
    tmp.replace(state_dir / RUN_FILE)


def restore_mailbox(state_dir: Path) -> int:
    """Put the e-mails of the last snapshot back into SES's capture; returns how many."""
    from ministack import app as ministack_app

    try:
        saved = json.loads((state_dir / MAILBOX_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return 0
    ses = ministack_app._get_module("ses")
    restored = 0
    for account, region, key, entries in saved:
        ses._sent_emails.set_scoped(account, region, key, entries)
        restored += len(entries) if isinstance(entries, list) else 0
    return restored


def release_in_flight_messages() -> int:
    """Make every message received before this start visible again; returns how many."""
    from ministack.services import sqs

    now = time.time()
    released = 0
    for queue in sqs._queues.all_values():
        for message in queue.get("messages", []):
            if message.get("receipt_handle") is not None and message.get("visible_at", 0) > now:
                message["visible_at"] = now
                message["receipt_handle"] = None
                released += 1
    return released


def with_crash_safety(app: Asgi, snapshots: Snapshots) -> Asgi:
    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(app, snapshots, scope, receive, send)
            return
        if scope["type"] == "http" and scope.get("path") == SNAPSHOT_PATH and scope.get("method") == "POST":
            await snapshots.take_and_write()
            body = json.dumps({"seconds": round(snapshots.last_seconds, 3)}).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        if scope["type"] == "http" and scope.get("path") == MAILBOX_PATH:
            await snapshots.take_and_write(blocking=True)
        await app(scope, receive, send)
        # Marked once the change is applied: a snapshot taken while the request was still being
        # read would not hold it and would clear a mark set on arrival.
        if scope["type"] == "http" and changes_state(scope):
            snapshots.dirty = True

    return guarded


async def _lifespan(app: Asgi, snapshots: Snapshots, scope: Scope, receive: Receive, send: Send) -> None:
    periodic: asyncio.Task[None] | None = None

    async def receiving() -> dict[str, Any]:
        nonlocal periodic
        message = await receive()
        if message["type"] == "lifespan.startup":
            periodic = asyncio.get_running_loop().create_task(snapshots.run_forever())
        elif message["type"] == "lifespan.shutdown":
            await snapshots.close()
            if periodic is not None:
                periodic.cancel()
        return message

    await app(scope, receiving, send)
    # ministack saved everything on its way out: nothing of this run is lost.
    with contextlib.suppress(OSError):
        write_run_marker(snapshots.state_dir, clean=True, at=time.time())


def _die_with_parent() -> None:
    parent = os.environ.get("COI_EMULATOR_PARENT_PID")
    if not parent or not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != int(parent):  # the parent died before the request took effect
        sys.exit(0)


def main() -> None:
    _die_with_parent()
    from ministack import app as ministack_app

    state_dir = Path(os.environ["STATE_DIR"])
    snapshots = Snapshots(state_dir, float(os.environ.get("COI_SNAPSHOT_SECONDS", "1.0")))
    load_persisted = ministack_app._load_persisted_state

    def load_then_release() -> None:
        load_persisted()
        # From here the state on disk is this run's: a crash before the first snapshot loses
        # what happened since now, and the next start must know that.
        write_run_marker(state_dir, clean=False, at=time.time())
        restore_mailbox(state_dir)
        released = release_in_flight_messages()
        if released:
            ministack_app.logger.warning("released %d message(s) a stopped consumer held", released)

    ministack_app._load_persisted_state = load_then_release
    # `main()` serves the module-level `app`; serve it wrapped.
    # SES delivery events for captured e-mails, as the template's configuration set publishes them.
    from coi_cli.local.ses_events import with_ses_delivery_events

    ministack_app.app = with_crash_safety(with_ses_delivery_events(ministack_app.app), snapshots)
    sys.argv = [sys.argv[0]]
    ministack_app.main()


if __name__ == "__main__":
    main()
