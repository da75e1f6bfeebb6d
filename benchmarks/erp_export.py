"""Seconds to export 2,000 contracts per ERP.

    .venv/bin/python benchmarks/erp_export.py                    # 2,000 contracts, best of 3, ministack
    .venv/bin/python benchmarks/erp_export.py --emulator memory         # the export's own work, no I/O
    .venv/bin/python benchmarks/erp_export.py --contracts 500 --repeat 1 --emulator moto

One tenant with `--contracts` contracts across 50 jobs and half as many vendors (each vendor on
two contracts), five coverages per contract, one contract in four deficient or under review, and
every vendor, job and subcontract coded for each ERP. States and codes are written into the
workspace table the way the services write them, on ministack (the local stack's emulator, a
subprocess on 127.0.0.1: every call is an HTTP round trip; its queries scan the table, so reads
cost far more than DynamoDB's 1 MB pages), moto (in-process, slower still), or kept in memory
(`memory`: what the export itself costs: applying codes, formatting, building the XML). Each
export is the real `export_erp`: read the states and the codes, apply the codes, format, write
the file(s) to S3 and log the export. "intacct + API" adds
sending every function to the contract-faithful fake Intacct gateway (tests/fakes/intacct.py)
over httpx, 100 functions per request, and remembering the RECORDNOs it answers.

Figures are wall-clock seconds of one export (best of `--repeat`), with rows written and vendors
held.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.ministack_process import start_ministack  # noqa: E402

TABLE = "coi-bench-erp"
BUCKET = "coi-bench-erp-files"
NOW = datetime(2026, 5, 1, 7, 0, tzinfo=UTC)
COVERAGES = (
    ("general_liability", {"each_occurrence": 1_000_000, "general_aggregate": 2_000_000}),
    ("auto_liability", {"combined_single_limit": 1_000_000}),
    ("workers_comp", {"el_each_accident": 1_000_000}),
    ("umbrella", {"each_occurrence": 5_000_000}),
    ("other", {"each_claim": 2_000_000}),
)


def _state(n: int) -> dict[str, object]:
    from shared.events import ComplianceChanged, CoverageSnapshot

    troubled = n % 4 == 0
    return ComplianceChanged(
        tenant_id="tbench",
        project_id=f"p{n % 50:03d}",
        contract_id=f"c{n:05d}",
        vendor_id=f"v{n // 2:05d}",
        vendor_name=f"Vendor {n // 2:05d} Construction LLC",
        status="non_compliant" if troubled else "compliant",
        coverages=[
            CoverageSnapshot(
                coverage=kind,
                label="Pollution Liability" if kind == "other" else None,
                status="inactive" if troubled and kind == "general_liability" else "active",
                policy_number=f"{kind[:2].upper()}-{n:06d}",
                insurer_name="Travelers Property Casualty Co",
                effective_date=date(2026, 1, 1),
                expiration_date=date(2027, 1, 1),
                limits=limits,
            )
            for kind, limits in COVERAGES
        ],
    ).model_dump(mode="json")


def seed(client: object, contracts: int) -> None:
    """Contract states and codes, written like the consumer and the settings write them."""
    from services.erp_export.models import ContractComplianceState

    items = []
    for n in range(contracts):
        state = ContractComplianceState.model_validate({**_state(n), "changed_at": NOW})
        items.append(
            {
                "pk": {"S": "T#tbench#ERP"},
                "sk": {"S": f"STATE#{state.contract_id}"},
                "changed_at": {"S": NOW.isoformat()},
                "state": {"S": state.model_dump_json()},
            }
        )
    codes = {"sage300cre": "SR{:05d}", "vista": "{:d}", "cmic": "V{:05d}", "intacct": "V-{:05d}"}
    for vendor in range(contracts // 2 + 1):
        for erp, pattern in codes.items():
            items.append(_code(erp, "vendor", f"v{vendor:05d}", pattern.format(vendor + 1)))
    for n in range(contracts):
        for erp in ("vista", "cmic"):
            items.append(_code(erp, "commitment", f"c{n:05d}", f"SC-{n:05d}"))
    for project in range(50):
        items.append(_code("cmic", "job", f"p{project:03d}", f"J{project:03d}"))
    for start in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
        client.batch_write_item(RequestItems={TABLE: batch})  # type: ignore[attr-defined]


def in_memory(dynamodb: object) -> tuple[object, object, object, object]:
    """The seeded states and codes copied into the in-memory ports (no I/O while exporting)."""
    from services.erp_export.adapters.dynamodb import DynamoExportStateStore
    from shared.erp import DynamoErpCodeStore
    from tests.fakes.erp_export import (
        InMemoryErpCodeStore,
        InMemoryExportLog,
        InMemoryExportSink,
        InMemoryExportStateStore,
    )

    states = InMemoryExportStateStore()
    for state in DynamoExportStateStore(dynamodb, TABLE).contracts("tbench"):
        states.record(state)
    codes = InMemoryErpCodeStore()
    codes.by_tenant["tbench"] = DynamoErpCodeStore(dynamodb, TABLE).codes("tbench")
    return states, codes, InMemoryExportLog(), InMemoryExportSink()


def _code(erp: str, kind: str, entity: str, code: str) -> dict[str, dict[str, str]]:
    return {"pk": {"S": "T#tbench#ERP"}, "sk": {"S": f"CODE#{erp}#{kind}#{entity}"}, "code": {"S": code}}


_FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


@contextmanager
def emulator(kind: str) -> Iterator[None]:
    if kind in ("memory", "moto"):
        from moto import mock_aws

        os.environ.update(_FAKE_ENV)
        os.environ.pop("AWS_ENDPOINT_URL", None)
        with mock_aws():  # memory: seeded in moto, then copied into the in-memory ports
            yield
        return
    process, url = start_ministack()
    try:
        os.environ.update(_FAKE_ENV)
        os.environ["AWS_ENDPOINT_URL"] = url
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contracts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--emulator", choices=["ministack", "moto", "memory"], default="ministack")
    args = parser.parse_args()

    import httpx

    from services.erp_export.adapters.dynamodb import DynamoExportStateStore
    from services.erp_export.adapters.intacct import HttpIntacctGateway
    from services.erp_export.adapters.s3 import S3ExportSink
    from services.erp_export.formatters.intacct import IntacctCredentials
    from services.erp_export.logic.exporter import export_erp
    from services.erp_export.ports import ExportPorts
    from shared.aws.clients import aws_client
    from shared.clock import FixedClock
    from shared.erp import DynamoErpCodeStore, DynamoErpConfigStore, DynamoExportLog, TenantErpConfig
    from shared.workspace import create_workspace_table, workspace_model
    from tests.fakes.intacct import FakeIntacct

    results = []
    with emulator(args.emulator):
        dynamodb = aws_client("dynamodb")
        create_workspace_table(workspace_model(TABLE, "us-east-1", os.environ.get("AWS_ENDPOINT_URL")))
        s3 = aws_client("s3")
        s3.create_bucket(Bucket=BUCKET)
        started = time.perf_counter()
        seed(dynamodb, args.contracts)
        seeded = time.perf_counter() - started
        memory = in_memory(dynamodb) if args.emulator == "memory" else None
        fake = FakeIntacct(vendors={f"V-{v + 1:05d}": False for v in range(args.contracts // 2 + 1)})
        creds = IntacctCredentials(
            fake.sender_id, fake.sender_password, fake.user_id, fake.company_id, fake.user_password
        )
        ports = ExportPorts(
            states=DynamoExportStateStore(dynamodb, TABLE),
            configs=DynamoErpConfigStore(dynamodb, TABLE),
            codes=DynamoErpCodeStore(dynamodb, TABLE),
            log=DynamoExportLog(dynamodb, TABLE),
            sink=S3ExportSink(s3, BUCKET),
            clock=FixedClock(NOW),
            intacct=HttpIntacctGateway(
                httpx.Client(transport=fake.transport()),
                "https://api.intacct.com/ia/xml/xmlgw.phtml",
                lambda _: creds,
            ),
        )
        if memory is not None:
            ports.states, ports.codes, ports.log, ports.sink = memory
        config = TenantErpConfig(tenant_id="tbench", erps=["sage300cre", "intacct", "cmic", "vista"])
        api_config = config.model_copy(update={"intacct_send": True, "intacct_credentials_parameter": "/x"})
        for label, erp, chosen in (
            ("sage300cre", "sage300cre", config),
            ("intacct (file)", "intacct", config),
            ("intacct + API", "intacct", api_config),
            ("cmic", "cmic", config),
            ("vista", "vista", config),
        ):
            timings = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                record = export_erp(chosen, erp, ports)  # type: ignore[arg-type]
                timings.append(time.perf_counter() - t0)
            delivery = record.delivery("intacct_api")
            results.append(
                {
                    "erp": label,
                    "seconds": round(min(timings), 3),
                    "rows": record.rows,
                    "held": record.held,
                    "vendors": record.vendors,
                    "left_out": len(record.left_out),
                    "delivery": delivery.status if delivery else "-",
                }
            )
    print(
        f"ERP export of {args.contracts} contracts (best of {args.repeat}; "
        f"{args.emulator}, seeding {seeded:.1f} s)"
    )
    print(f"{'ERP':<16}{'seconds':>9}{'rows':>8}{'vendors':>9}{'held':>7}{'left out':>10}  delivery")
    for r in results:
        print(
            f"{r['erp']:<16}{r['seconds']:>9.3f}{r['rows']:>8}{r['vendors']:>9}{r['held']:>7}"
            f"{r['left_out']:>10}  {r['delivery']}"
        )
    print(json.dumps({"contracts": args.contracts, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
