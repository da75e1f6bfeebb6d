"""API latency and DynamoDB reads per request on a seeded workspace.

    .venv/bin/python benchmarks/api.py                      # ministack subprocess + the API over HTTP
    .venv/bin/python benchmarks/api.py --emulator moto      # moto in-process, chalice test client
    .venv/bin/python benchmarks/api.py --local              # the running local stack (endpoints.json)
    .venv/bin/python benchmarks/api.py --api-url http://127.0.0.1:PORT --aws-endpoint http://127.0.0.1:PORT \
        --table coi-workspace-local

Seeds one GC tenant with 50 projects, 2,000 contracts (40 per project, 1,000 vendors shared across
projects) and 10,000 documents (5 per contract; the older 4 reviewed with their coverage history,
the newest waiting for review on every 4th contract), written straight into the table with batch
writes (the same items the services write). Then each main list/detail route is called
`--requests` times with varying ids; p50/p95 latency and DynamoDB reads per request (the API's
`X-Db-Reads` header; the stack must run with API_DEBUG_METRICS=1 for it, else "n/a").

With `--emulator ministack` (default) ministack runs as a subprocess on 127.0.0.1 and the API is
served by Chalice's local HTTP server (what the local stack uses), so each figure is an HTTP round
trip to the API plus its DynamoDB calls to the emulator. With moto the app runs in-process
(chalice.test.Client); moto's GSI queries scan the whole table, so moto latency is not
representative (read counts are).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.ministack_process import free_port, start_ministack  # noqa: E402

_FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ADMIN_EMAIL = "bench-admin@summit-bench.example"


def _id() -> str:
    return uuid.uuid4().hex


# ---------------------------------------------------------------- seeding


def seed(store: Any, *, projects: int, contracts: int, documents: int) -> dict[str, Any]:
    """Write the workspace with the services' own item builders; returns ids to query."""
    from shared import workspace
    from shared.clock import FixedClock
    from shared.contracts import Certificate, DocumentInfo, Insurer, Party, Policy, Verdict
    from shared.workspace import (
        Contact,
        Contract,
        CoverageRecord,
        Document,
        DocumentStatus,
        Project,
        ProjectStatus,
        Review,
        ReviewDecisionStatus,
        ReviewState,
        Vendor,
        find_user_by_email,
        item_for,
    )

    clock = FixedClock(NOW)
    existing = find_user_by_email(store, ADMIN_EMAIL)
    if existing is not None:
        raise SystemExit(f"{ADMIN_EMAIL} already exists in this table; use a fresh table (--table)")
    tenant, _admin, default_group = workspace.create_tenant(
        store, clock, name="Summit Bench Builders Inc", admin_email=ADMIN_EMAIL, admin_name="Bench Admin"
    )
    t = tenant.id
    items: list[Any] = []
    vendor_list = [
        Vendor(id=_id(), tenant_id=t, name=f"Vendor {n:04d} Construction LLC", created_at=NOW)
        for n in range(contracts // 2)
    ]
    items += [item_for(v) for v in vendor_list]
    per_project = contracts // projects
    docs_per_contract = documents // contracts
    keys = [c.requirement_key for c in default_group.coverages]
    project_ids, contract_ids, document_ids = [], [], []
    rng = random.Random(7)
    for p in range(projects):
        group = default_group.model_copy(
            update={"id": _id(), "project_id": None, "is_default": False}, deep=True
        )
        project = Project(
            id=_id(),
            tenant_id=t,
            number=f"{1000 + p}",
            name=f"Project {p:02d} Tower",
            status=ProjectStatus.ACTIVE,
            additional_insureds=[tenant.name],
            requirement_group_id=group.id,
            created_at=NOW,
            updated_at=NOW,
        )
        group.project_id = project.id
        counts: dict[str, int] = {}
        for c in range(per_project):
            vendor = vendor_list[(p * per_project + c) % len(vendor_list)]
            waiting = c % 4 == 0
            status = "needs_review" if waiting else rng.choice(["compliant", "compliant", "non_compliant"])
            counts[status] = counts.get(status, 0) + 1
            contract = Contract(
                id=_id(),
                tenant_id=t,
                project_id=project.id,
                vendor_id=vendor.id,
                vendor_name=vendor.name,
                contact=Contact(email=f"insurance{c}@vendor.example"),
                requirement_group_id=group.id,
                status=status,
                reviewed=True,
                documents_count=docs_per_contract,
                created_at=NOW,
            )
            contract_ids.append(contract.id)
            items.append(item_for(contract))
            for d in range(docs_per_contract):
                uploaded = NOW - timedelta(days=365 * (docs_per_contract - d))
                start = uploaded.date()
                end = start + timedelta(days=365)
                document_id = _id()
                pending = waiting and d == docs_per_contract - 1
                certificate = Certificate(
                    document=DocumentInfo(pages=2, kind="acord25", engine="pdf-text"),
                    insured=Party(name=vendor.name),
                    insurers=[Insurer(letter="A", name="Travelers Property Casualty Co", naic="25674")],
                    policies=[
                        Policy(
                            coverage=key,
                            insurer_letter="A",
                            policy_number=f"{key[:2].upper()}-{d}{c}",
                            effective_date=start,
                            expiration_date=end,
                            limits={"each_occurrence": 1_000_000},
                        )
                        for key in keys
                    ],
                )
                document = Document(
                    id=document_id,
                    tenant_id=t,
                    project_id=project.id,
                    contract_id=contract.id,
                    vendor_id=vendor.id,
                    bucket="bench",
                    key=f"uploads/{t}/{contract.id}/{document_id}.pdf",
                    sha256=document_id * 2,
                    uploaded_at=uploaded,
                    certificate=certificate,
                    verdict=Verdict(compliant=True, as_of=start),
                    status=DocumentStatus.NEEDS_REVIEW if pending else DocumentStatus.REVIEWED,
                )
                document_ids.append(document_id)
                items.append(item_for(document))
                if pending:
                    continue
                items.append(
                    item_for(
                        Review(
                            tenant_id=t,
                            document_id=document_id,
                            contract_id=contract.id,
                            state=ReviewState.DONE,
                            reviewer=ADMIN_EMAIL,
                            updated_at=uploaded,
                            completed_at=uploaded,
                            rounds=1,
                        )
                    )
                )
                for key in keys:
                    items.append(
                        item_for(
                            CoverageRecord(
                                id=_id(),
                                tenant_id=t,
                                project_id=project.id,
                                contract_id=contract.id,
                                vendor_id=vendor.id,
                                vendor_name=vendor.name,
                                requirement_key=key,
                                coverage=key,
                                document_id=document_id,
                                recorded_at=uploaded,
                                decision=ReviewDecisionStatus.ACTIVE,
                                decided_by=ADMIN_EMAIL,
                                decided_at=uploaded,
                                effective_date=start,
                                expiration_date=end,
                                limits={"each_occurrence": 1_000_000},
                                # Only the newest approved certificate stays in the company views.
                                superseded=d < docs_per_contract - 2,
                            )
                        )
                    )
        project.contract_counts = counts
        project_ids.append(project.id)
        items += [item_for(group), item_for(project)]
    # The company-view counters the services keep in step with every review (one per expiry date).
    from shared.workspace import Item, coverage_tally_key

    tallies: dict[tuple[str, str], int] = {}
    for item in items:
        counter = coverage_tally_key(item) if item.entity == "CoverageRecord" else None
        if counter is not None:
            tallies[counter] = tallies.get(counter, 0) + 1
    items += [Item(pk, sk, "Tally", {}, tally=n) for (pk, sk), n in tallies.items()]
    started = time.perf_counter()
    store.put_many(items)
    return {
        "tenant_id": t,
        "projects": project_ids,
        "contracts": contract_ids,
        "documents": document_ids,
        "items": len(items),
        "seconds": round(time.perf_counter() - started, 1),
    }


# ---------------------------------------------------------------- measuring

ROUTES: list[tuple[str, Callable[[dict[str, Any], random.Random], str]]] = [
    ("GET /api/projects", lambda ids, r: "/api/projects?limit=50"),
    ("GET /api/projects?sort=name", lambda ids, r: "/api/projects?sort=name&limit=50"),
    ("GET /api/projects/{id}", lambda ids, r: f"/api/projects/{r.choice(ids['projects'])}"),
    (
        "GET /api/projects/{id}/contracts",
        lambda ids, r: f"/api/projects/{r.choice(ids['projects'])}/contracts",
    ),
    ("GET /api/contracts?status=needs_review", lambda ids, r: "/api/contracts?status=needs_review"),
    ("GET /api/contracts/{id}", lambda ids, r: f"/api/contracts/{r.choice(ids['contracts'])}"),
    (
        "GET /api/contracts/{id}/documents",
        lambda ids, r: f"/api/contracts/{r.choice(ids['contracts'])}/documents",
    ),
    ("GET /api/documents/{id}", lambda ids, r: f"/api/documents/{r.choice(ids['documents'])}"),
    ("GET /api/review-queue", lambda ids, r: "/api/review-queue"),
    ("GET /api/vendors", lambda ids, r: "/api/vendors?limit=25"),
    ("GET /api/coverages/summary", lambda ids, r: "/api/coverages/summary"),
    ("GET /api/coverages?bucket=expiring_soon", lambda ids, r: "/api/coverages?bucket=expiring_soon"),
    ("GET /api/do-not-pay", lambda ids, r: "/api/do-not-pay?limit=100"),
]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(
    get: Callable[[str], tuple[int, dict[str, str]]], ids: dict[str, Any], requests: int
) -> list[dict[str, Any]]:
    rng = random.Random(11)
    rows = []
    for name, path_for in ROUTES:
        get(path_for(ids, rng))  # warm-up (first call builds clients, caches)
        times, reads = [], []
        for _ in range(requests):
            path = path_for(ids, rng)
            started = time.perf_counter()
            status, headers = get(path)
            times.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise SystemExit(f"{name}: {path} answered {status}")
            header = headers.get("X-Db-Reads") or headers.get("x-db-reads")
            if header is not None:
                reads.append(int(header))
        rows.append(
            {
                "route": name,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(_percentile(times, 0.95), 1),
                "reads_per_request": round(statistics.mean(reads), 1) if reads else None,
            }
        )
    return rows


@contextmanager
def moto_api(args: argparse.Namespace) -> Iterator[tuple[Callable[[str], tuple[int, dict[str, str]]], Any]]:
    for key, value in _FAKE_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    import boto3
    from chalice.test import Client
    from moto import mock_aws

    from services.api.auth import issue_local_token
    from services.api.bootstrap import build, set_services
    from services.api.settings import ApiSettings
    from shared.clock import FixedClock
    from shared.workspace import DynamoItemStore, create_workspace_table, workspace_model
    from tests.fakes.bus import InMemoryPublisher

    with mock_aws():
        model = workspace_model(args.table, "us-east-1")
        create_workspace_table(model)
        services = build(
            ApiSettings(
                table_name=args.table,
                documents_bucket="bench",
                event_bus_name="bench",
                auth_mode="local",
                local_token_secret="bench-secret-not-for-production",
                api_debug_metrics=True,
            ),
            store=DynamoItemStore(model),
            publisher=InMemoryPublisher(),
            clock=FixedClock(NOW),
            s3=boto3.client("s3", region_name="us-east-1"),
        )
        set_services(services)
        ids = seed(services.store, projects=args.projects, contracts=args.contracts, documents=args.documents)
        token = issue_local_token(ADMIN_EMAIL, services=services)
        from services.api.app import app

        with Client(app) as client:

            def get(path: str) -> tuple[int, dict[str, str]]:
                response = client.http.get(path, headers={"Authorization": f"Bearer {token}"})
                return response.status_code, dict(response.headers)

            yield get, ids


@contextmanager
def ministack_api(
    args: argparse.Namespace,
) -> Iterator[tuple[Callable[[str], tuple[int, dict[str, str]]], Any]]:
    import threading

    import httpx

    process, url = start_ministack()
    try:
        os.environ.update(_FAKE_ENV)
        os.environ["AWS_ENDPOINT_URL"] = url
        from chalice.config import Config
        from chalice.local import create_local_server

        from services.api.bootstrap import build, set_services
        from services.api.settings import ApiSettings
        from shared.aws.clients import aws_client
        from shared.clock import FixedClock
        from shared.workspace import DynamoItemStore, create_workspace_table, workspace_model
        from tests.fakes.bus import InMemoryPublisher

        model = workspace_model(args.table, "us-east-1", url)
        create_workspace_table(model)
        services = build(
            ApiSettings(
                table_name=args.table,
                documents_bucket="bench",
                event_bus_name="bench",
                auth_mode="local",
                local_token_secret="bench-only-secret-not-for-production-use",
                api_debug_metrics=True,
            ),
            store=DynamoItemStore(model),
            publisher=InMemoryPublisher(),
            clock=FixedClock(NOW),
            s3=aws_client("s3"),
        )
        set_services(services)
        ids = seed(services.store, projects=args.projects, contracts=args.contracts, documents=args.documents)
        from services.api.app import app

        api_port = free_port()
        import chalice.local

        # Quiet the per-request access log.
        chalice.local.ChaliceRequestHandler.log_message = lambda *_: None
        server = create_local_server(app, Config.create(chalice_stage="local"), "127.0.0.1", api_port)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with httpx.Client(base_url=f"http://127.0.0.1:{api_port}", timeout=120) as client:
            token = client.post("/api/auth/token", json={"email": ADMIN_EMAIL})
            if token.status_code != 200:
                raise SystemExit(f"sign-in failed: {token.status_code} {token.text}")
            headers = {"Authorization": f"Bearer {token.json()['token']}"}

            def get(path: str) -> tuple[int, dict[str, str]]:
                response = client.get(path, headers=headers)
                return response.status_code, dict(response.headers)

            yield get, ids
        server.shutdown()
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def http_api(args: argparse.Namespace) -> Iterator[tuple[Callable[[str], tuple[int, dict[str, str]]], Any]]:
    import httpx

    from shared.workspace import DynamoItemStore, create_workspace_table, workspace_model

    os.environ["AWS_ENDPOINT_URL"] = args.aws_endpoint
    for key, value in _FAKE_ENV.items():
        os.environ.setdefault(key, value)
    model = workspace_model(args.table, "us-east-1", args.aws_endpoint)
    create_workspace_table(model)
    ids = seed(
        DynamoItemStore(model), projects=args.projects, contracts=args.contracts, documents=args.documents
    )
    with httpx.Client(base_url=args.api_url, timeout=60) as client:
        signed = client.post("/api/auth/token", json={"email": ADMIN_EMAIL})
        if signed.status_code != 200:
            raise SystemExit(f"sign-in failed ({signed.status_code}): is the API using table {args.table}?")
        headers = {"Authorization": f"Bearer {signed.json()['token']}"}

        def get(path: str) -> tuple[int, dict[str, str]]:
            response = client.get(path, headers=headers)
            return response.status_code, dict(response.headers)

        yield get, ids


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--local", action="store_true", help="use var/local/endpoints.json of the running stack"
    )
    parser.add_argument("--emulator", choices=["ministack", "moto"], default="ministack")
    parser.add_argument("--api-url", help="the API base URL (HTTP mode)")
    parser.add_argument("--aws-endpoint", help="the DynamoDB endpoint the API uses (HTTP mode)")
    parser.add_argument("--table", default=os.environ.get("TABLE_NAME", "coi-workspace-bench"))
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--contracts", type=int, default=2000)
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=50, help="calls per route")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.local:
        endpoints = json.loads((REPO / "var/local/endpoints.json").read_text())
        args.api_url, args.aws_endpoint = endpoints["api"], endpoints["aws"]
        args.table = (endpoints.get("resources") or {}).get("table") or args.table
    mode = "http" if args.api_url else args.emulator
    if mode == "http" and not args.aws_endpoint:
        parser.error("--api-url needs --aws-endpoint (where to seed the table the API reads)")
    runner = {"http": http_api, "moto": moto_api, "ministack": ministack_api}[mode]
    with runner(args) as (get, ids):
        rows = measure(get, ids, args.requests)
    report = {
        "mode": mode,
        "seeded": {k: (len(v) if isinstance(v, list) else v) for k, v in ids.items() if k != "tenant_id"},
        "requests_per_route": args.requests,
        "routes": rows,
    }
    if args.json:
        print(json.dumps(report, indent=1))
        return
    seeded = report["seeded"]
    print(
        f"mode={mode}  seeded {seeded['projects']} projects, {seeded['contracts']} contracts, "
        f"{seeded['documents']} documents ({seeded['items']} items in {seeded['seconds']} s)"
    )
    print(f"{'route':45} {'p50 ms':>8} {'p95 ms':>8} {'reads/req':>10}")
    for row in rows:
        reads = "n/a" if row["reads_per_request"] is None else f"{row['reads_per_request']:.1f}"
        print(f"{row['route']:45} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {reads:>10}")


if __name__ == "__main__":
    main()
