"""Pid files that survive a crash without pointing at someone else's process.

A pid alone is not an identity: after a crash the number can belong to any new process. Each
record keeps the process's start time (field 22 of /proc/<pid>/stat, in clock ticks since boot)
and a word its command line must contain, and a record only counts while all three match.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path


def start_ticks(pid: int) -> int | None:
    """When the process started (clock ticks since boot), or None when there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # The command name (field 2) is in parentheses and may hold spaces; fields count from after it.
    return int(stat.rsplit(")", 1)[1].split()[19])


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return ""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped by its parent) is no longer running.
    with contextlib.suppress(OSError, IndexError):
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


@dataclass(frozen=True)
class ProcessRecord:
    pid: int
    started: int | None
    marker: str

    def running(self) -> bool:
        """The recorded process itself is still running (not a reused pid)."""
        if not alive(self.pid):
            return False
        if self.started is not None and start_ticks(self.pid) != self.started:
            return False
        return self.marker in command_line(self.pid)


def write(path: Path, pid: int, marker: str) -> ProcessRecord:
    record = ProcessRecord(pid, start_ticks(pid), marker)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"pid": pid, "started": record.started, "marker": marker}))
    tmp.replace(path)
    return record


def read(path: Path, marker: str) -> ProcessRecord | None:
    """The record in `path`; a bare pid (older files) gets the marker check only."""
    try:
        text = path.read_text().strip()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, int):
        return ProcessRecord(data, None, marker)
    if not isinstance(data, dict) or not isinstance(data.get("pid"), int):
        return None
    started = data.get("started")
    return ProcessRecord(data["pid"], started if isinstance(started, int) else None, marker)


def running(path: Path, marker: str) -> ProcessRecord | None:
    record = read(path, marker)
    return record if record is not None and record.running() else None


def terminate(record: ProcessRecord, timeout: float) -> bool:
    """SIGTERM (a graceful stop), wait, SIGKILL after `timeout`; True if it stopped gracefully."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(record.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while record.running() and time.monotonic() < deadline:
        time.sleep(0.1)
    if not record.running():
        return True
    with contextlib.suppress(ProcessLookupError):
        os.kill(record.pid, signal.SIGKILL)
    while record.running():
        time.sleep(0.05)
    return False
