"""Procore figures, against the contract-faithful fake Procore (tests/fakes/procore.py) served on
127.0.0.1 (every call is a real HTTP round trip through the real client):

    .venv/bin/python benchmarks/procore_sync.py                 # all three
    .venv/bin/python benchmarks/procore_sync.py --commitments 50 --pushes 10

1. Requests per import of a project with `--commitments` subcontracts (one in ten without an
   invoice contact, so it lands in the sync log), by Subcontract with Approved only.
2. A burst of 429s: the same import with Procore's spike window at 25 requests per 10 seconds (the
   documented example); how many 429s, how long the client waited (on a simulated clock that the
   fake shares, so the run takes no real time), whether the import completed. Then the same with a
   wait longer than one invocation may sleep: the import stops with a clear error and a rerun
   finishes it without duplicates.
3. Seconds from a review's ComplianceChanged to the insurance record in the fake Procore (median of
   `--pushes`): `push_compliance` as the deployed handler calls it (token, vendor and project ids,
   one insurance sync and the commitment compliance PATCH). The local stack's EventBridge -> SQS hop
   (the dispatcher polls every second or so) comes on top.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from shared.procore.auth import OAuthCredentials, ProcoreEnvironment  # noqa: E402
from shared.procore.client import RetryPolicy  # noqa: E402
from shared.procore.imports import ProjectImporter  # noqa: E402
from shared.procore.links import ProcoreLinks  # noqa: E402
from shared.procore.records import ProcoreConnection, ProcoreRef  # noqa: E402
from shared.procore.wiring import client_factory  # noqa: E402
from tests.fakes.procore import FakeProcore, serving  # noqa: E402
from tests.fakes.procore_stores import (  # noqa: E402
    InMemoryConnectionStore,
    InMemoryIdMap,
    InMemoryImportStore,
    InMemorySyncLog,
    InMemoryTokenStore,
    InMemoryWorkspaceSink,
    RecordingSleeper,
)


class SimClock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 5, 1, 12, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


def seeded(commitments: int, clock: SimClock, **rate: int) -> FakeProcore:
    fake = FakeProcore(now=clock.now, **rate)
    fake.add_project(11, "Harbor Point", project_number="2231")
    for n in range(commitments):
        vendor = 100 + n
        fake.add_vendor(vendor, f"Vendor {n:03d} LLC", project_ids=[11])
        contacts = [] if n % 10 == 9 else [{"id": n, "name": f"AP {n}", "email": f"ap{n}@vendor{n}.example"}]
        fake.add_commitment(
            "work_order_contracts",
            1000 + n,
            project_id=11,
            vendor_id=vendor,
            number=f"SC-{n + 1:03d}",
            invoice_contacts=contacts,
        )
    # Commitments in other statuses, not imported
    fake.add_commitment("work_order_contracts", 5000, project_id=11, vendor_id=100, status="Draft")
    return fake


def importer_for(fake: FakeProcore, base: str, clock: SimClock, retry: RetryPolicy | None = None):
    import httpx

    sleeper = RecordingSleeper(clock)
    client = client_factory(
        environment=ProcoreEnvironment(base, base),
        credentials=OAuthCredentials(fake.client_id, fake.client_secret),
        tokens=InMemoryTokenStore(),
        http=httpx.Client(timeout=10),
        clock=clock,  # type: ignore[arg-type]
        sleeper=sleeper,
        retry=retry,
    )(ProcoreConnection("tbench", fake.company_id, "client_credentials"))
    importer = ProjectImporter(
        client=client,
        sink=InMemoryWorkspaceSink(),
        ids=InMemoryIdMap(),
        imports=InMemoryImportStore(),
        log=InMemorySyncLog(),
        links=ProcoreLinks(),
        clock=clock,  # type: ignore[arg-type]
    )
    return importer, sleeper


def requests_per_import(commitments: int) -> None:
    clock = SimClock()
    fake = seeded(commitments, clock)
    with serving(fake) as base:
        importer, _ = importer_for(fake, base, clock)
        started = time.perf_counter()
        _chosen, summary = importer.import_project("tbench", 11, "subcontract", ["Approved"])
        elapsed = time.perf_counter() - started
    kinds = Counter(_kind(r.url.path) for r in fake.requests)
    print(f"1. import of a project with {commitments} approved subcontracts (+1 draft):")
    print(f"   {len(fake.requests)} requests to Procore ({dict(kinds)})")
    print(f"   {summary.contracts} contracts, {summary.skipped} in the sync log, {elapsed:.2f} s over HTTP")


def burst_of_429s(commitments: int) -> None:
    from shared.procore.client import ProcoreRateLimitedError

    clock = SimClock()
    fake = seeded(commitments, clock, rate_limit=25, rate_window_seconds=10)
    with serving(fake) as base:
        importer, sleeper = importer_for(fake, base, clock)
        _chosen, summary = importer.import_project("tbench", 11, "subcontract", ["Approved"])
    print("2. the same import with a spike limit of 25 requests / 10 s:")
    print(
        f"   completed: {summary.contracts} contracts, {summary.skipped} in the sync log; "
        f"{len(sleeper.slept)} answers were 429, each waited out until X-Rate-Limit-Reset (+ jitter): "
        f"{sum(sleeper.slept):.1f} s in all (simulated clock), "
        f"longest {max(sleeper.slept, default=0):.1f} s; {len(fake.requests)} requests"
    )
    # An hourly limit spent: the reset is further away than one invocation may wait.
    clock = SimClock()
    fake = seeded(commitments, clock, rate_limit=40, rate_window_seconds=3600)
    with serving(fake) as base:
        importer, sleeper = importer_for(fake, base, clock, RetryPolicy(max_wait_seconds=60))
        try:
            importer.import_project("tbench", 11, "subcontract", ["Approved"])
            outcome = "completed"
        except ProcoreRateLimitedError as error:
            outcome = f"stopped: {error}"
        sink = importer.sink
        assert isinstance(sink, InMemoryWorkspaceSink)
        before = len(sink.contracts)
        runs = 1
        while True:  # what the next reconcile run (or staff pressing Import again) does
            clock.advance(3600)
            runs += 1
            try:
                _chosen, summary = importer.import_project("tbench", 11, "subcontract", ["Approved"])
                break
            except ProcoreRateLimitedError:
                if runs > 5:
                    raise
    print("   hourly limit of 40 spent mid-import (reset an hour away, 60 s allowed per wait):")
    print(f"   {outcome}; {before} contracts written before; runs after each reset finish it:")
    print(
        f"   {runs} runs in all, {len(sink.contracts)} contracts (no duplicates), "
        f"{summary.skipped} in the sync log"
    )


def review_to_insurance(pushes: int) -> None:
    from services.procore_sync.logic.outbound import push_compliance
    from shared.events import ComplianceChanged, CoverageSnapshot

    clock = SimClock()
    fake = FakeProcore(now=clock.now)
    fake.add_project(11, "Harbor Point")
    fake.add_vendor(5, "Rivera Concrete LLC")
    fake.add_commitment("work_order_contracts", 901, project_id=11, vendor_id=5)
    connections = InMemoryConnectionStore(ProcoreConnection("tbench", fake.company_id, "client_credentials"))
    ids = InMemoryIdMap()
    ids.remember("tbench", "project", "p1", ProcoreRef(11))
    ids.remember("tbench", "vendor", "v1", ProcoreRef(5))
    ids.remember("tbench", "contract", "c1", ProcoreRef(901, "work_order_contracts", 11))
    timings: list[float] = []
    with serving(fake) as base:
        import httpx

        client_for = client_factory(
            environment=ProcoreEnvironment(base, base),
            credentials=OAuthCredentials(fake.client_id, fake.client_secret),
            tokens=InMemoryTokenStore(),
            http=httpx.Client(timeout=10),
            clock=clock,  # type: ignore[arg-type]
            sleeper=RecordingSleeper(clock),
        )
        for n in range(pushes):
            event = ComplianceChanged(
                tenant_id="tbench",
                project_id="p1",
                contract_id="c1",
                vendor_id="v1",
                status="compliant",
                coverages=[
                    CoverageSnapshot(
                        coverage="general_liability",
                        status="met",
                        policy_number=f"GL-{n}",
                        insurer_name="Travelers",
                        effective_date=date(2026, 1, 1),
                        expiration_date=date(2027, 1, 1),
                        limits={"each_occurrence": 1_000_000},
                    )
                ],
            )
            clock.advance(1)
            started = time.perf_counter()
            push_compliance(
                event,
                idempotency_key=f"k-{n}",
                connections=connections,
                ids=ids,
                client_for=client_for,
                default_scope="project",
                changed_at=clock.now(),
            )
            timings.append(time.perf_counter() - started)
            assert fake.insurances_for(5, project_id=11)[0]["policy_number"] == f"GL-{n}"
    print(f"3. review -> insurance record in the fake Procore over HTTP, {pushes} pushes:")
    print(f"   median {statistics.median(timings):.3f} s, max {max(timings):.3f} s")


def _kind(path: str) -> str:
    if path.startswith("/oauth"):
        return "token"
    if "/work_order_contracts/" in path:
        return "commitment show"
    if path.endswith("work_order_contracts"):
        return "commitment list"
    if path.startswith("/rest/v1.0/vendors/"):
        return "vendor show"
    if path == "/rest/v1.0/vendors":
        return "vendor list"
    return "project"


def main() -> int:
    import logging

    logging.disable(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("--commitments", type=int, default=50)
    parser.add_argument("--pushes", type=int, default=10)
    args = parser.parse_args()
    requests_per_import(args.commitments)
    burst_of_429s(args.commitments)
    review_to_insurance(args.pushes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
