"""A bare ministack on a free loopback port, for the benchmarks that measure against the emulator."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# Credentials the emulator accepts; never real ones.
BENCH_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_ministack(ready_within: float = 30.0) -> tuple[subprocess.Popen[bytes], str]:
    """Start ministack bound to 127.0.0.1 and wait until it answers its health check."""
    port = free_port()
    env = {
        **os.environ,
        **BENCH_AWS_ENV,
        "BIND_HOST": "127.0.0.1",
        "GATEWAY_PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    ministack = str(Path(sys.executable).with_name("ministack"))
    process = subprocess.Popen([ministack], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + ready_within
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_ministack/health", timeout=1):
                return process, url
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("ministack did not start")
