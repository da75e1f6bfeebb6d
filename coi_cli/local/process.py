"""`coi local up` as a child process on free ports: what the end-to-end tests and the benchmarks
start, exactly as a developer would."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coi_cli.local.emulator import stop_gracefully

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_bytes(pid: int) -> int:
    """Resident memory of one process (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


@dataclass
class LocalStackProcess:
    state_dir: Path
    api_port: int = field(default_factory=free_port)
    aws_port: int = field(default_factory=free_port)
    ready_timeout: float = 120.0
    process: subprocess.Popen[bytes] | None = None
    endpoints: dict[str, Any] = field(default_factory=dict)
    seconds_to_ready: float = 0.0

    @property
    def log_path(self) -> Path:
        return self.state_dir / "up.log"

    @property
    def api(self) -> str:
        return str(self.endpoints["api"])

    @property
    def aws(self) -> str:
        return str(self.endpoints["aws"])

    def start(self, *, seed_demo: bool = True) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        # The child must talk to its own emulator, never to whatever the caller's environment says.
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        command = [
            sys.executable, "-m", "coi_cli.local_cmd", "up",
            "--state-dir", str(self.state_dir),
            "--port-api", str(self.api_port),
            "--port-aws", str(self.aws_port),
        ]  # fmt: skip
        if seed_demo:
            command.append("--seed-demo")
        endpoints_file = self.state_dir / "endpoints.json"
        endpoints_file.unlink(missing_ok=True)
        started = time.monotonic()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
                command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = started + self.ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"coi local up exited {self.process.returncode}:\n{self.log_tail()}")
            if endpoints_file.exists():
                self.endpoints = json.loads(endpoints_file.read_text())
                self.seconds_to_ready = time.monotonic() - started
                return
            time.sleep(0.1)
        raise RuntimeError(f"local stack not ready in {self.ready_timeout:.0f} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 60.0) -> None:
        """What `coi local down` does: SIGTERM and wait (the emulator writes its state on the way out)."""
        stop_gracefully(self.process, timeout)

    def memory_bytes(self) -> int:
        pids = [self.endpoints.get("pid"), self.endpoints.get("ministack_pid")]
        return sum(rss_bytes(int(pid)) for pid in pids if pid)

    def log_tail(self, lines: int = 60) -> str:
        if not self.log_path.exists():
            return ""
        log = self.log_path.read_text(errors="replace").splitlines()
        # The API server logs every request; the interesting lines are the handlers'.
        return "\n".join([line for line in log if ' HTTP/1.1" ' not in line][-lines:])
