"""The local stack end to end: time to a ready stack, upload -> captured email, memory at rest.

    .venv/bin/python benchmarks/pipeline.py [--uploads 10]

Starts `coi local up --seed-demo` as a child process on free ports in a fresh temporary state
directory (exactly what `make run` runs, minus the dependency install) and reports:
- seconds from starting the command to `endpoints.json` written (stack provisioned, demo seeded);
- the same for a restart on the existing state;
- for N digital certificates (certgen, "flattened"), uploaded one at a time through the vendor
  portal (API presigned POST -> S3): seconds from the start of the upload to the first new
  email captured by the emulator's SES (`GET /_ministack/ses/messages`); median, min and max;
- resident memory (RSS) of the stack process plus ministack, after the uploads settled (at rest).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coi_cli.local.process import LocalStackProcess
from coi_cli.local.seed import upload_through_portal
from tests.fixtures.certgen import generate

EMAIL_TIMEOUT_S = 120.0


def email_count(aws: str) -> int:
    messages = httpx.get(f"{aws}/_ministack/ses/messages", timeout=5).json()["messages"]
    if isinstance(messages, dict):  # ministack groups them by account id
        return sum(len(per_account) for per_account in messages.values())
    return len(messages)


def settle(aws: str, quiet_seconds: float = 3.0, timeout: float = 120.0) -> None:
    """Wait until no new email has appeared for `quiet_seconds` (the seed's uploads done)."""
    deadline = time.monotonic() + timeout
    last, since = email_count(aws), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < quiet_seconds:
        time.sleep(0.5)
        now = email_count(aws)
        if now != last:
            last, since = now, time.monotonic()


def upload_to_email_seconds(stack: LocalStackProcess, token: str, seed: int, client: httpx.Client) -> float:
    before = email_count(stack.aws)
    document = generate(seed, "flattened")
    started = time.monotonic()
    upload_through_portal(stack.api, token, document, client)
    while time.monotonic() - started < EMAIL_TIMEOUT_S:
        if email_count(stack.aws) > before:
            return time.monotonic() - started
        time.sleep(0.05)
    raise RuntimeError(f"no email {EMAIL_TIMEOUT_S:.0f} s after upload (seed {seed}):\n{stack.log_tail(20)}")


def run(uploads: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="coi-bench-") as tmp:
        stack = LocalStackProcess(Path(tmp) / "state")
        stack.start(seed_demo=True)
        try:
            cold_ready = stack.seconds_to_ready
            settle(stack.aws)
            contracts = stack.endpoints["demo"]["contracts"]
            token = next(c["portal_token"] for c in contracts if "document_id" not in c)
            with httpx.Client(timeout=30) as client:
                timings = [upload_to_email_seconds(stack, token, 5000 + i, client) for i in range(uploads)]
            settle(stack.aws)
            memory = stack.memory_bytes()
            stack.stop()
            stack.start(seed_demo=True)
            warm_ready = stack.seconds_to_ready
        finally:
            stack.stop()
    return {
        "ready_cold_seconds": round(cold_ready, 2),
        "ready_restart_seconds": round(warm_ready, 2),
        "upload_to_email_seconds": {
            "n": len(timings),
            "median": round(statistics.median(timings), 2),
            "min": round(min(timings), 2),
            "max": round(max(timings), 2),
        },
        "memory_at_rest_mb": round(memory / 1024 / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=10)
    args = parser.parse_args()
    print(json.dumps(run(args.uploads), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
