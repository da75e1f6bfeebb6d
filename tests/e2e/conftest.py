"""The real local stack (`coi local up`) on free ports in a temporary state directory."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 90


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningStack:
    state_dir: Path
    api_port: int
    aws_port: int
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    endpoints: dict[str, Any] = field(default_factory=dict)

    @property
    def api(self) -> str:
        return str(self.endpoints["api"])

    @property
    def aws(self) -> str:
        return str(self.endpoints["aws"])

    def start(self, *, seed_demo: bool = True) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        command = [
            sys.executable, "-m", "coi_cli.local_cmd", "up",
            "--state-dir", str(self.state_dir),
            "--port-api", str(self.api_port),
            "--port-aws", str(self.aws_port),
        ]  # fmt: skip
        if seed_demo:
            command.append("--seed-demo")
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        endpoints_file = self.state_dir / "endpoints.json"
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"coi local up exited {self.process.returncode}:\n{self.log_tail()}")
            if endpoints_file.exists():
                self.endpoints = json.loads(endpoints_file.read_text())
                return
            time.sleep(0.2)
        raise RuntimeError(f"local stack not ready in {READY_TIMEOUT_S} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """What `coi local down` does: SIGTERM and wait (state is written on the way out)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines: int = 60) -> str:
        log = self.log_path.read_text(errors="replace").splitlines()
        # The API server logs every request; the interesting lines are the handlers.
        return "\n".join([line for line in log if ' HTTP/1.1" ' not in line][-lines:])


@pytest.fixture(scope="module")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    state_dir = tmp_path_factory.mktemp("local-stack")
    stack = RunningStack(state_dir, _free_port(), _free_port(), state_dir / "up.log")
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()
