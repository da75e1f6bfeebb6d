"""Notify's daily sweep: time and DynamoDB reads against the number of tracked policies and the
number of steps due that day.

    .venv/bin/python benchmarks/sweep.py [--tracked 1000 100000] [--due 10 1000] [--emulator ministack|moto]

For each (tracked, due) pair a fresh workspace table is loaded with `tracked` renewal sequences
(one per policy, one contract each). `due` of them have their 30-day renewal reminder due on the
sweep day; the others are due on days spread over the following year. The workspace holds the
tenant, project, an Admin and the contracts that fall due (the sweep never reads any other
contract). Then one sweep runs with a fixed clock against the emulator (ministack, started here
as a subprocess on 127.0.0.1; or moto in-process), sending real SES v2 emails through the
idempotent sender. DynamoDB calls are counted per operation on every client the sweep uses
(pynamodb's and the one Powertools idempotency uses); "items read" sums what GetItem and Query
returned. The claim checked: with the same number due, 100x the tracked policies costs about the
same, and cost tracks the number due.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.ministack_process import start_ministack  # noqa: E402

_FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "POWERTOOLS_LOGGER_LOG_EVENT": "false",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}
TENANT = "tenantbench1"
PROJECT = "projectbench1"
TODAY = date(2026, 6, 1)
READ_OPS = {"GetItem", "Query", "BatchGetItem", "Scan"}
WRITE_OPS = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}


class CallCounter:
    """Counts DynamoDB operations and items read through botocore event hooks."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.seconds: dict[str, float] = {}
        self.items_read = 0
        self.read_units = 0.0
        self.hooked: set[int] = set()
        self._started = threading.local()

    def hook(self, client: Any) -> None:
        if id(client) in self.hooked:
            return
        self.hooked.add(id(client))
        client.meta.events.register("before-parameter-build.dynamodb", self._ask_capacity)
        client.meta.events.register("before-call.dynamodb", self._before)
        client.meta.events.register("after-call.dynamodb", self._after)

    @staticmethod
    def _ask_capacity(params: Any = None, model: Any = None, **_: Any) -> None:
        if isinstance(params, dict) and model is not None and model.name in READ_OPS | WRITE_OPS:
            params.setdefault("ReturnConsumedCapacity", "TOTAL")

    def _before(self, model: Any = None, **_: Any) -> None:
        if model is not None:
            self.calls[model.name] += 1
            self._started.at = time.perf_counter()

    def _after(self, http_response: Any = None, parsed: Any = None, model: Any = None, **_: Any) -> None:
        if model is None or not isinstance(parsed, dict):
            return
        elapsed = time.perf_counter() - getattr(self._started, "at", time.perf_counter())
        capacity = parsed.get("ConsumedCapacity")
        for entry in capacity if isinstance(capacity, list) else [capacity] if capacity else []:
            units = float(entry.get("ReadCapacityUnits") or 0) or (
                float(entry.get("CapacityUnits") or 0) if model.name in READ_OPS else 0.0
            )
            self.read_units += units
        self.seconds[model.name] = self.seconds.get(model.name, 0.0) + elapsed
        if model.name == "Query":
            self.items_read += int(parsed.get("Count", 0))
        elif model.name == "GetItem" and parsed.get("Item"):
            self.items_read += 1

    def reset(self) -> None:
        self.calls.clear()
        self.seconds.clear()
        self.read_units = 0.0
        self.items_read = 0

    def reads(self) -> int:
        return sum(n for op, n in self.calls.items() if op in READ_OPS)

    def writes(self) -> int:
        return sum(n for op, n in self.calls.items() if op in WRITE_OPS)


def run_case(tracked: int, due: int, counter: CallCounter) -> dict[str, Any]:
    import boto3

    from services.notify.adapters.dynamo_store import DynamoNotifyStore
    from services.notify.bootstrap import build
    from services.notify.domain.model import SequenceState, renewal_key
    from services.notify.settings import NotifySettings
    from shared.aws.clients import aws_client, reset_clients
    from shared.clock import FixedClock
    from shared.correspondence import correspondence_model
    from shared.workspace import (
        Contact,
        Contract,
        DynamoItemStore,
        Project,
        ProjectStatus,
        Role,
        Tenant,
        TenantRepository,
        User,
        create_workspace_table,
        item_for,
        workspace_model,
    )

    reset_clients()
    suffix = f"{tracked}-{due}-{int(time.time() * 1000) % 100000}"
    table, idempotency_table = f"bench-ws-{suffix}", f"bench-idem-{suffix}"
    ws_model = workspace_model(table)
    create_workspace_table(ws_model)
    boto3.client("dynamodb").create_table(
        TableName=idempotency_table,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    boto3.client("sesv2").create_email_identity(EmailIdentity="summit.example")

    # Workspace: tenant, project, an Admin, and the contracts that fall due.
    item_store = DynamoItemStore(ws_model)
    repo = TenantRepository(item_store, TENANT)
    repo.add(Tenant(id=TENANT, name="Summit Builders"))
    repo.add(
        User(id="adminbench1", tenant_id=TENANT, email="admin@summit.example", name="Pat", role=Role.ADMIN)
    )
    repo.add(
        Project(id=PROJECT, tenant_id=TENANT, number="1", name="Harbor Tower", status=ProjectStatus.ACTIVE)
    )
    repo.commit()
    contract_ids = [f"contract{n:07d}" for n in range(tracked)]
    due_ids = set(contract_ids[:: max(1, tracked // due)][:due])
    item_store.put_many(
        item_for(
            Contract(
                id=contract_id,
                tenant_id=TENANT,
                project_id=PROJECT,
                vendor_id="vendorbench1",
                vendor_name=f"Vendor {contract_id}",
                contact=Contact(email=f"{contract_id}@vendor.example"),
                requirement_group_id="groupbench1",
            )
        )
        for contract_id in sorted(due_ids)
    )

    # Notify: one renewal sequence per tracked policy.
    settings = NotifySettings(
        table_name=table,
        idempotency_table_name=idempotency_table,
        sender_email="compliance@summit.example",
        notify_due_shards=4,
    )
    store = DynamoNotifyStore(correspondence_model(table), shards=settings.notify_due_shards)

    def sequences() -> Any:
        for index, contract_id in enumerate(contract_ids):
            if contract_id in due_ids:
                expires = TODAY + timedelta(days=30)  # the 30-day reminder is due today
            else:
                expires = TODAY + timedelta(days=31 + index % 365)  # due on a later day
            yield SequenceState(
                tenant_id=TENANT,
                contract_id=contract_id,
                project_id=PROJECT,
                key=renewal_key("general_liability"),
                kind="renewal",
                run=expires.isoformat(),
                anchor=expires,
                step=0,
                due_on=expires - timedelta(days=30),
                coverage="general_liability",
            )

    load_started = time.perf_counter()
    store.import_sequences(sequences())
    load_seconds = time.perf_counter() - load_started
    store.set_sweep_watermark(TODAY - timedelta(days=1))

    notifier = build(settings, clock=FixedClock(datetime.combine(TODAY, datetime.min.time(), UTC)))
    # Each composition builds its own pynamodb model classes (and so connections): hook those.
    counter.hook(notifier.store.model._get_connection().connection.client)  # type: ignore[attr-defined]
    counter.hook(notifier.directory._store.model._get_connection().connection.client)  # type: ignore[attr-defined]
    counter.hook(aws_client("dynamodb"))
    counter.reset()

    from services.notify.logic.sweep import run_sweep

    started = time.perf_counter()
    report = run_sweep(notifier)
    seconds = time.perf_counter() - started
    assert report.messages_sent == due, (report, due)
    return {
        "tracked": tracked,
        "due": due,
        "load_s": load_seconds,
        "sweep_s": seconds,
        "sent": report.messages_sent,
        "reads": counter.reads(),
        "queries": counter.calls["Query"],
        "query_ms": 1000 * counter.seconds.get("Query", 0.0) / max(1, counter.calls["Query"]),
        "gets": counter.calls["GetItem"],
        "items_read": counter.items_read,
        "rcu": counter.read_units,
        "writes": counter.writes(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tracked", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--due", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--emulator", choices=["ministack", "moto"], default="ministack")
    args = parser.parse_args()
    os.environ.update(_FAKE_ENV)
    warnings.filterwarnings("ignore", message="Couldn't determine the remaining time")
    for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        os.environ.pop(key, None)

    process = None
    mock = None
    tmp = tempfile.TemporaryDirectory()
    try:
        if args.emulator == "ministack":
            process, url = start_ministack()
            os.environ["AWS_ENDPOINT_URL"] = url
        else:
            from moto import mock_aws

            mock = mock_aws()
            mock.start()
        counter = CallCounter()
        rows = []
        for tracked in args.tracked:
            for due in (d for d in args.due if d <= tracked):
                rows.append(run_case(tracked, due, counter))
                print(f"done: tracked={tracked} due={due} sweep {rows[-1]['sweep_s']:.2f} s", flush=True)
    finally:
        if mock is not None:
            mock.stop()
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
        tmp.cleanup()

    print(
        f"notify sweep on {args.emulator} (4 due shards x 5 days swept: watermark - 3-day lookback .. today)"
    )
    header = (
        f"{'tracked':>8} {'due':>6} {'sent':>6} {'sweep s':>8} {'ms/due':>7} {'reads':>7} "
        f"{'queries':>7} {'ms/query':>8} {'gets':>6} {'items':>7} {'RCU':>7} {'writes':>7} {'load s':>7}"
    )
    print(header)
    for r in rows:
        print(
            f"{r['tracked']:>8} {r['due']:>6} {r['sent']:>6} {r['sweep_s']:>8.2f} "
            f"{1000 * r['sweep_s'] / max(1, r['due']):>7.1f} {r['reads']:>7} {r['queries']:>7} "
            f"{r['query_ms']:>8.1f} "
            f"{r['gets']:>6} {r['items_read']:>7} {r['rcu']:>7.1f} {r['writes']:>7} {r['load_s']:>7.1f}"
        )
    by_key = {(r["tracked"], r["due"]): r for r in rows}
    for due in args.due:
        small, large = by_key.get((min(args.tracked), due)), by_key.get((max(args.tracked), due))
        if small and large and small is not large:
            reads = large["reads"] / small["reads"]
            seconds = large["sweep_s"] / small["sweep_s"]
            print(
                f"due={due}: {large['tracked'] // small['tracked']}x the tracked policies -> "
                f"{reads:.2f}x reads, {seconds:.2f}x time"
            )


if __name__ == "__main__":
    main()
