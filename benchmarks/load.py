"""Load on the local stack: N portal uploads pushed evenly over S seconds, each reviewed exactly once.

    .venv/bin/python benchmarks/load.py [--uploads 500] [--seconds 60] [--contracts 50]

Starts `coi local up --seed-demo` as a child process on free ports in a fresh temporary state
directory (as `pipeline.py` does), adds `--contracts` vendor contracts through the API (each with
its own portal link, as staff would), then pushes `--uploads` small digital certificates
(certgen "flattened", about 20 KB, all different) through the vendor portal (API presigned POST,
then the file straight to S3), one every S/N seconds from a pool of client threads. Reports:
- how long the push took and whether every upload was accepted;
- how many uploads were checked exactly once (one `document.checked` entry in the audit trail),
  how many never, how many more than once;
- upload-to-decision seconds (from the start of the upload to the automatic check's audit entry,
  both on this machine's clock): p50, p95, max;
- seconds until the last decision, and peak resident memory (RSS) of the stack plus emulator,
  sampled every 0.2 s from the first upload to the last decision.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.pipeline import settle
from coi_cli.local.process import LocalStackProcess
from coi_cli.local.seed import upload_through_portal
from tests.fixtures.certgen import generate

DECISION_TIMEOUT_S = 900.0
FIRST_SEED = 20_000


class PeakMemory:
    """Samples the stack's and the emulator's RSS in a thread; `peak` is the highest sum seen."""

    def __init__(self, stack: LocalStackProcess, every: float = 0.2) -> None:
        self.stack, self.every, self.peak = stack, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                self.peak = max(self.peak, self.stack.memory_bytes())
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _staff_headers(client: httpx.Client, stack: LocalStackProcess) -> dict[str, str]:
    email = stack.endpoints["demo"]["login_email"]
    token = client.post(f"{stack.api}/api/auth/token", json={"email": email}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def add_contracts(client: httpx.Client, stack: LocalStackProcess, count: int) -> list[str]:
    """`count` new vendor contracts on the first demo project; returns their portal tokens."""
    headers = _staff_headers(client, stack)
    project_id = stack.endpoints["demo"]["projects"][0]
    tokens = []
    for n in range(count):
        created = client.post(
            f"{stack.api}/api/projects/{project_id}/contracts",
            headers=headers,
            json={
                "vendor": {"name": f"Load Test Vendor {n:03d}"},
                "description": "Load test",
                "contact": {"email": f"certs{n:03d}@load-vendor.example"},
            },
        )
        created.raise_for_status()
        contract_id = created.json()["id"]
        issued = client.post(f"{stack.api}/api/contracts/{contract_id}/portal-link", headers=headers)
        issued.raise_for_status()
        tokens.append(str(issued.json()["token"]))
    return tokens


def push(stack: LocalStackProcess, tokens: list[str], uploads: int, seconds: float) -> dict[str, float]:
    """Upload `uploads` certificates, one every seconds/uploads; returns document id -> start time."""
    documents = [generate(FIRST_SEED + n, "flattened") for n in range(uploads)]
    started: dict[str, float] = {}
    failures: list[str] = []
    lock = threading.Lock()
    local = threading.local()
    t0 = time.time() + 0.5

    def one(n: int) -> None:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(timeout=60)
        time.sleep(max(0.0, t0 + n * seconds / uploads - time.time()))
        at = time.time()
        try:
            document_id = upload_through_portal(stack.api, tokens[n % len(tokens)], documents[n], client)
        except httpx.HTTPError as exc:
            with lock:
                failures.append(f"{n}: {exc}")
            return
        with lock:
            started[document_id] = at

    # Enough clients that a slow response never delays the next slot.
    with ThreadPoolExecutor(max_workers=16, thread_name_prefix="vendor") as pool:
        list(pool.map(one, range(uploads)))
    if failures:
        print(f"{len(failures)} upload(s) refused, first: {failures[0]}", file=sys.stderr)
    return started


def checked_at(
    client: httpx.Client, stack: LocalStackProcess, headers: dict[str, str]
) -> dict[str, list[float]]:
    """Document id -> times of its `document.checked` audit entries (the whole tenant trail)."""
    found: dict[str, list[float]] = {}
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{stack.api}/api/audit", params=params, headers=headers)
        page.raise_for_status()
        body = page.json()
        for entry in body["items"]:
            if entry["action"] == "document.checked":
                at = datetime.fromisoformat(entry["at"]).timestamp()
                found.setdefault(entry["entity_id"], []).append(at)
        cursor = body.get("next_cursor")
        if not cursor:
            return found


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(uploads: int, seconds: float, contracts: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="coi-load-") as tmp:
        stack = LocalStackProcess(Path(tmp) / "state")
        stack.start(seed_demo=True)
        try:
            with httpx.Client(timeout=60) as client:
                tokens = add_contracts(client, stack, contracts)
                settle(stack.aws)  # the seed's and the new contracts' request e-mails
                headers = _staff_headers(client, stack)
                already = set(checked_at(client, stack, headers))
                with PeakMemory(stack) as memory:
                    push_started = time.time()
                    started = push(stack, tokens, uploads, seconds)
                    push_seconds = time.time() - push_started
                    deadline = time.monotonic() + DECISION_TIMEOUT_S
                    while True:
                        checks = {
                            d: t for d, t in checked_at(client, stack, headers).items() if d not in already
                        }
                        if set(started) <= set(checks) or time.monotonic() > deadline:
                            break
                        time.sleep(3)
                all_decided = max((min(checks[d]) for d in started if d in checks), default=push_started)
        finally:
            stack.stop()
    counts = Counter(len(checks.get(d, [])) for d in started)
    latencies = [min(checks[d]) - at for d, at in started.items() if d in checks]
    return {
        "uploads_pushed": uploads,
        "uploads_accepted": len(started),
        "push_seconds": round(push_seconds, 1),
        "contracts": contracts,
        "reviewed_exactly_once": counts.get(1, 0),
        "never_reviewed": counts.get(0, 0),
        "reviewed_more_than_once": sum(n for times, n in counts.items() if times > 1),
        "unexpected_checks": len(set(checks) - set(started)),
        "upload_to_decision_seconds": {
            "p50": round(statistics.median(latencies), 2) if latencies else None,
            "p95": round(_percentile(latencies, 0.95), 2) if latencies else None,
            "max": round(max(latencies), 2) if latencies else None,
        },
        "seconds_to_last_decision": round(all_decided - push_started, 1),
        "peak_memory_mb": round(memory.peak / 1024 / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--contracts", type=int, default=50)
    args = parser.parse_args()
    result = run(args.uploads, args.seconds, args.contracts)
    print(json.dumps(result, indent=2))
    ok = result["reviewed_exactly_once"] == args.uploads and not result["unexpected_checks"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
