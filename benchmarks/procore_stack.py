"""Seconds from a review to the insurance record in the fake Procore, on the local stack:

    .venv/bin/python benchmarks/procore_stack.py --reviews 10

Starts `coi local up --seed-demo` (free ports, a temporary state directory; the demo tenant is
connected to the fake Procore beside it), imports Harbor View (Procore project 301) by
Subcontract with Approved commitments, then for each of `--reviews` certificates uploaded through
the vendor portal of SC-001 (Bayline Concrete): waits until intake has read it, completes the
review through the API ("Done" with the automatic verdict) and polls the fake Procore's
insurance list for that vendor until the record the review produced is there. The figure runs
from the Done response to the record: EventBridge -> SQS (the local dispatcher) -> procore_sync's
handler -> the fake Procore over HTTP.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from coi_cli.local.process import LocalStackProcess  # noqa: E402
from coi_cli.local.seed import ADMIN_EMAIL, upload_through_portal  # noqa: E402
from tests.fakes.procore_demo import PORT_OFFSET  # noqa: E402

PROJECT, VENDOR = 301, 501


def _wait(check: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise TimeoutError(what)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=10)
    args = parser.parse_args()
    from tests.fixtures.certgen import generate

    with tempfile.TemporaryDirectory(prefix="procore-bench-") as state:
        stack = LocalStackProcess(Path(state))
        stack.start(seed_demo=True)
        try:
            api = stack.api
            fake = f"http://127.0.0.1:{int(api.rsplit(':', 1)[1]) + PORT_OFFSET}"
            http = httpx.Client(timeout=60)
            token = http.post(f"{api}/api/auth/token", json={"email": ADMIN_EMAIL}).json()["token"]
            staff = {"Authorization": f"Bearer {token}"}
            imported = http.post(
                f"{api}/api/integrations/procore/imports",
                headers=staff,
                json={"procore_project_id": PROJECT, "method": "subcontract", "statuses": ["Approved"]},
            ).json()
            contracts = http.get(
                f"{api}/api/projects/{imported['project_id']}/contracts", headers=staff
            ).json()
            contract = next(c for c in contracts["items"] if c["number"] == "SC-001")
            link = http.post(f"{api}/api/contracts/{contract['id']}/portal-link", headers=staff).json()
            procore_token = http.post(
                f"{fake}/oauth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": "local-procore-client",
                    "client_secret": "local-procore-secret",
                },
            ).json()["access_token"]
            procore = {"Authorization": f"Bearer {procore_token}", "Procore-Company-Id": "1001"}

            def records() -> set[tuple[str, str, str]]:
                listed = http.get(
                    f"{fake}/rest/v1.0/projects/{PROJECT}/vendors/{VENDOR}/insurances", headers=procore
                ).json()
                return {(r.get("origin_id"), r.get("policy_number"), r.get("status")) for r in listed}

            timings: list[float] = []
            for n in range(args.reviews):
                document = generate(11 + n, "flattened")
                document_id = upload_through_portal(api, link["token"], document, http)

                def extracted(document_id: str = document_id) -> bool:
                    got = http.get(f"{api}/api/documents/{document_id}", headers=staff)
                    return got.status_code == 200 and got.json().get("verdict") is not None

                _wait(extracted, 300, f"intake of certificate {n}")
                # The automatic check pushes too ("in progress" statuses): let that settle first.
                before = records()
                settled_since = time.monotonic()
                while time.monotonic() - settled_since < 2.0:
                    time.sleep(0.2)
                    now = records()
                    if now != before:
                        before, settled_since = now, time.monotonic()
                detail = http.get(f"{api}/api/contracts/{contract['id']}", headers=staff).json()
                # Approve what the certificate shows; waive what it does not (the demo's certificates
                # are not made for this vendor's requirements).
                shown = {p.coverage for p in document.truth.policies} if document.truth else set()
                decisions = [
                    {"requirement_key": r["requirement_key"], "status": "active"}
                    if r["coverage"] in shown
                    else {
                        "requirement_key": r["requirement_key"],
                        "status": "waived",
                        "note": "Not on this vendor's certificate; waived for the benchmark.",
                    }
                    for r in detail["requirements"]
                ]
                # Staff approve over the automatic check's open problems (the confirmation the UI asks).
                review: dict[str, Any] = {"decisions": decisions, "confirm_override": True}
                done = http.post(f"{api}/api/documents/{document_id}/review/done", headers=staff, json=review)
                # Certificate-level findings (insured name, holder) are decided first; the 400
                # names them. The generated certificates name other companies: accepted with a note.
                undecided = [
                    field.split(".", 1)[1]
                    for field in ((done.json().get("fields") or {}) if done.status_code == 400 else {})
                    if field.startswith("document_decisions.")
                ]
                if undecided:
                    review["document_decisions"] = [
                        {"code": code, "status": "accepted", "note": "Checked with the broker."}
                        for code in undecided
                    ]
                    done = http.post(
                        f"{api}/api/documents/{document_id}/review/done", headers=staff, json=review
                    )
                reviewed_at = time.monotonic()
                if done.status_code >= 400:
                    print(f"   review {n}: {done.status_code} {done.text[:200]}")
                    continue
                try:
                    _wait(lambda before=before: records() - before, 30, f"insurance record {n}")
                except TimeoutError:
                    # Nothing new to send: the automatic check had already pushed the same record.
                    print(f"   review {n}: no new insurance record within 30 s (unchanged)")
                    continue
                timings.append(time.monotonic() - reviewed_at)
                print(f"   review {n}: {timings[-1]:.2f} s")
            if timings:
                print(
                    f"review -> insurance record in the fake Procore, {len(timings)} reviews "
                    f"on the local stack: median {statistics.median(timings):.2f} s, max {max(timings):.2f} s"
                )
        finally:
            stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
