"""erp_export's exports in-process on moto: ERP codes applied (a vendor without one left out),
the export log, schedules, Intacct over its XML gateway (the contract-faithful fake in
tests/fakes/intacct.py) with retries, and e-mail to accounts payable."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, date, datetime, timedelta

import boto3
import httpx
import pytest

from services.erp_export.adapters.dynamodb import DynamoExportStateStore
from services.erp_export.adapters.intacct import HttpIntacctGateway, ssm_credentials
from services.erp_export.adapters.s3 import S3ExportSink
from services.erp_export.handlers import scheduled
from services.erp_export.logic.exporter import export_all, export_erp, retry_failed_deliveries
from services.erp_export.ports import ExportPorts
from shared.clock import FixedClock
from shared.erp import DynamoErpCodeStore, DynamoErpConfigStore, DynamoExportLog, TenantErpConfig
from shared.events import ComplianceChanged, CoverageSnapshot, Envelope
from tests.fakes.erp_export import InMemoryMailer
from tests.fakes.intacct import FakeIntacct

TABLE = "coi-workspace-erp-test"
BUCKET = "coi-documents-erp-test"
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)  # a Friday
GATEWAY = "https://api.intacct.com/ia/xml/xmlgw.phtml"


def envelope(
    contract_id: str,
    status: str,
    *,
    tenant_id: str = "t1",
    vendor: str = "v1",
    code: str | None = "RIV001",
    name: str = "Rivera Concrete LLC",
) -> Envelope[ComplianceChanged]:
    data = ComplianceChanged(
        tenant_id=tenant_id,
        project_id="p1",
        contract_id=contract_id,
        vendor_id=vendor,
        vendor_name=name,
        vendor_code=code,
        project_number="2231",
        contract_number=f"SC-{contract_id}",
        status=status,
        coverages=[
            CoverageSnapshot(
                coverage="general_liability",
                status="active" if status == "compliant" else "inactive",
                policy_number="GL-88120",
                insurer_name="Travelers",
                effective_date=date(2026, 1, 1),
                expiration_date=date(2027, 1, 1),
                limits={"each_occurrence": 1000000},
            )
        ],
    )
    return Envelope.wrap(
        data, source="coi.review", correlation_id="c", idempotency_key=contract_id, created_at=NOW
    )


def record(ports: ExportPorts, contract_id: str, status: str, **kwargs) -> None:
    from services.erp_export.logic.exporter import record_compliance

    record_compliance(envelope(contract_id, status, **kwargs), ports.states)


@pytest.fixture
def ports(aws) -> ExportPorts:
    client = aws["dynamodb"]
    return ExportPorts(
        states=DynamoExportStateStore(client, TABLE),
        configs=DynamoErpConfigStore(client, TABLE),
        codes=DynamoErpCodeStore(client, TABLE),
        log=DynamoExportLog(client, TABLE),
        sink=S3ExportSink(aws["s3"], BUCKET),
        clock=FixedClock(NOW),
        sleep=lambda seconds: None,
    )


def body(aws, key: str) -> str:
    return aws["s3"].get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()


def test_the_nightly_run_writes_due_tenants_files_and_logs_each_export(aws, ports):
    # GIVEN t1 feeding all four ERPs, t2 Sage weekly on Mondays, t3 manual only
    ports.configs.put(TenantErpConfig(tenant_id="t1", erps=["sage300cre", "intacct", "cmic", "vista"]))
    ports.configs.put(TenantErpConfig(tenant_id="t2", erps=["sage300cre"], schedule="weekly", weekly_day=0))
    ports.configs.put(TenantErpConfig(tenant_id="t3", erps=["sage300cre"], schedule="manual"))
    record(ports, "c1", "non_compliant")
    # AND a vendor whose workspace code is too long for Sage and not numeric for Vista, with a
    # Vista number set in the ERP settings
    record(ports, "c2", "compliant", vendor="v2", code="PACIFIC-DRYWALL", name="Pacific Drywall Co")
    ports.codes.put_code("t1", "vista", "vendor", "v2", "4021", by="admin")
    ports.codes.put_code("t1", "vista", "commitment", "c1", "2231-001", by="admin")
    # WHEN the nightly export runs (a Friday)
    run = export_all(ports)
    # THEN only t1 was due, one logged export per ERP
    assert run.failed_tenants == []
    assert sorted(e.erp for e in run.exports) == ["cmic", "intacct", "sage300cre", "vista"]
    logged = {r.erp: r for r in ports.log.records("t1")}
    assert set(logged) == {"cmic", "intacct", "sage300cre", "vista"}
    assert ports.log.records("t2") == ports.log.records("t3") == []
    # AND Sage's file has Rivera only: Pacific Drywall is left out as "needs an ERP code"
    sage = logged["sage300cre"]
    lines = body(aws, sage.keys[0]).splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["RIV001"]
    assert "PACIFIC" not in body(aws, sage.keys[0])
    assert (sage.rows, sage.held, sage.vendors) == (1, 1, 1)
    ((left,),) = [sage.left_out]
    assert (left.vendor_id, left.missing) == ("v2", "vendor")
    assert left.reason == "needs an ERP code: no valid Sage 300 CRE vendor code"
    # AND Vista uses the settings' vendor number; Rivera's numeric-less code leaves it out of Vista
    vista = logged["vista"]
    ap = body(aws, next(k for k in vista.keys if "apvc" in k))
    assert [line.split(",")[2] for line in ap.splitlines()[1:]] == ["4021", "4021"]
    assert [(e.vendor_id, e.missing) for e in vista.left_out] == [("v1", "vendor")]
    # AND no file anywhere carries an internal id
    for record_ in logged.values():
        for key in record_.keys:
            assert re.search(r"\bv[12]\b", body(aws, key)) is None
            assert key.startswith(f"exports/t1/{record_.erp}/2026-05-01/")


def test_a_weekly_tenant_runs_on_its_day(aws, ports):
    ports.configs.put(TenantErpConfig(tenant_id="t2", erps=["cmic"], schedule="weekly", weekly_day=0))
    record(ports, "c9", "compliant", tenant_id="t2")
    ports.clock = FixedClock(NOW + timedelta(days=3))  # Monday
    (export,) = export_all(ports).exports
    # CMiC codes are upper case: "SC-c9" is no CMiC subcontract code, so that contract waits for one
    assert (export.erp, export.rows) == ("cmic", 0)
    assert [(e.contract_id, e.missing) for e in export.left_out] == [("c9", "commitment")]


def intacct_setup(aws, ports, fake: FakeIntacct) -> TenantErpConfig:
    ssm = boto3.client("ssm", region_name="us-east-1")
    creds = {
        "sender_id": fake.sender_id,
        "sender_password": fake.sender_password,
        "user_id": fake.user_id,
        "company_id": fake.company_id,
        "user_password": fake.user_password,
    }
    ssm.put_parameter(Name="/coi/intacct/t1", Value=json.dumps(creds), Type="SecureString")
    ports.intacct = HttpIntacctGateway(
        httpx.Client(transport=fake.transport()), GATEWAY, ssm_credentials(ssm)
    )
    config = TenantErpConfig(
        tenant_id="t1", erps=["intacct"], intacct_send=True, intacct_credentials_parameter="/coi/intacct/t1"
    )
    ports.configs.put(config)
    return config


def test_intacct_over_its_gateway_holds_the_vendor_and_updates_records_by_recordno(aws, ports):
    # GIVEN Intacct knows the vendor, and a deficient but unexpired contract
    fake = FakeIntacct(vendors={"RIV001": False})
    config = intacct_setup(aws, ports, fake)
    record(ports, "c1", "non_compliant")
    # WHEN the export runs
    first = export_erp(config, "intacct", ports)
    # THEN the vendor is on hold in Intacct and its GL record expired the day before
    assert first.delivery("intacct_api").status == "sent"
    assert fake.vendors == {"RIV001": True}
    gl = fake.record_by_reference("c1:general_liability")
    assert gl is not None
    assert (gl["EXPIRATIONDATE"], gl["VENDORID"]) == ("04/30/2026", "RIV001")
    assert fake.record_by_reference("c1:overall")["EXPIRATIONDATE"] == "04/30/2026"
    # AND the credentials came from SSM into the request
    assert "<password>user-pw</password>" in fake.requests[0]
    # WHEN the contract becomes compliant and the next day's export runs
    record(ports, "c1", "compliant")
    ports.clock = FixedClock(NOW + timedelta(days=1, minutes=1))
    second = export_erp(config, "intacct", ports)
    # THEN the same records were updated (no duplicates) and the vendor released
    assert second.delivery("intacct_api").status == "sent"
    assert len(fake.records) == 2
    assert fake.record_by_reference("c1:general_liability")["EXPIRATIONDATE"] == "01/01/2027"
    assert fake.vendors == {"RIV001": False}


def test_a_failing_intacct_call_is_retried_with_backoff_then_reported_and_retried_later(aws, ports):
    fake = FakeIntacct(vendors={"RIV001": False})
    config = intacct_setup(aws, ports, fake)
    record(ports, "c1", "non_compliant")
    waits: list[float] = []
    ports.sleep = waits.append
    # GIVEN the gateway answers 503 twice, then works
    fake.fail_next(2)
    export = export_erp(config, "intacct", ports)
    # THEN the third attempt delivered it, after backing off 1 s then 2 s
    assert (export.delivery("intacct_api").status, export.delivery("intacct_api").attempts) == ("sent", 3)
    assert waits == [1.0, 2.0]
    # GIVEN the gateway down for longer than one run's attempts
    fake.drop_next(3)
    ports.clock = FixedClock(NOW + timedelta(hours=1))
    failed = export_erp(config, "intacct", ports)
    delivery = failed.delivery("intacct_api")
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert "ConnectError" in delivery.last_error
    # THEN the failure is on the logged export (what the Exports page shows) and the file is kept
    assert ports.log.get("t1", failed.id).delivery("intacct_api").status == "failed"
    assert body(aws, failed.keys[0]).startswith("<?xml")
    # WHEN the next run retries it
    (retried,) = retry_failed_deliveries(config, ports)
    assert (retried.id, retried.delivery("intacct_api").status, retried.delivery("intacct_api").attempts) == (
        failed.id,
        "sent",
        4,
    )


def test_intacct_refusals_are_reported_not_retried(aws, ports):
    # GIVEN Intacct does not know the vendor code we hold
    fake = FakeIntacct(vendors={})
    config = intacct_setup(aws, ports, fake)
    record(ports, "c1", "non_compliant")
    export = export_erp(config, "intacct", ports)
    delivery = export.delivery("intacct_api")
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "CRE-3201 Vendor RIV001 does not exist" in delivery.last_error
    # AND wrong credentials fail the whole request, named
    fake.vendors["RIV001"] = False
    fake.user_password = "rotated"
    again = retry_failed_deliveries(config, ports)[0].delivery("intacct_api")
    assert again.status == "failed"
    assert "Sign-in information is incorrect" in again.last_error


def test_intacct_credentials_never_reach_the_logs(aws, ports, caplog):
    fake = FakeIntacct(vendors={"RIV001": False})
    config = intacct_setup(aws, ports, fake)
    record(ports, "c1", "non_compliant")
    caplog.set_level(logging.DEBUG, logger="services")
    caplog.set_level(logging.DEBUG, logger="httpx")
    export_erp(config, "intacct", ports)
    logged = "\n".join(
        r.getMessage() + str(r.__dict__) for r in caplog.records if r.name.startswith(("services", "httpx"))
    )
    assert "sender-pw" not in logged
    assert "user-pw" not in logged


def test_each_file_is_emailed_to_accounts_payable_when_asked(aws, ports):
    ports.mailer = InMemoryMailer()
    config = TenantErpConfig(
        tenant_id="t1", erps=["vista"], email_files=True, ap_emails=["ap@summit.example"]
    )
    record(ports, "c1", "non_compliant", code="4410")
    ports.codes.put_code("t1", "vista", "commitment", "c1", "2231-001", by="admin")
    export = export_erp(config, "vista", ports)
    assert export.delivery("email").status == "sent"
    ((to, subject, names),) = ports.mailer.sent
    assert to == ["ap@summit.example"]
    assert subject.startswith("Viewpoint Vista compliance export")
    assert [n.split("_")[0] for n in names] == ["slct", "apvc"]
    # A deployment without a sender says so on the export instead of failing silently
    ports.mailer = None
    assert export_erp(config, "vista", ports).delivery("email").last_error.startswith("e-mail is not set up")


def test_the_scheduled_handler_runs_from_its_environment(aws, ports, monkeypatch):
    monkeypatch.setenv("TABLE_NAME", TABLE)
    monkeypatch.setenv("DOCUMENTS_BUCKET", BUCKET)
    ports.configs.put(TenantErpConfig(tenant_id="t1", erps=["cmic"]))
    record(ports, "c1", "compliant", code="RIV001")
    ports.codes.put_code("t1", "cmic", "commitment", "c1", "SC-C1", by="admin")
    result = scheduled.handler({"source": "aws.events"}, None)
    (export,) = result["exports"]
    (key,) = export["files"]
    assert re.fullmatch(
        r"exports/t1/cmic/\d{4}-\d{2}-\d{2}/sc_insurance_certificates_\d{8}T\d{6}Z_\w{6}\.csv", key
    )
    assert (export["rows"], export["left_out"]) == (2, 0)


def test_operators_configure_a_tenant_and_export_from_the_command_line(aws, ports, monkeypatch):
    from typer.testing import CliRunner

    from coi_cli.erp_cmd import erp_app

    monkeypatch.setenv("TABLE_NAME", TABLE)
    monkeypatch.setenv("DOCUMENTS_BUCKET", BUCKET)
    coi_erp = CliRunner()
    configured = coi_erp.invoke(erp_app, ["configure", "t1", "--erp", "sage300cre"])
    assert configured.exit_code == 0, configured.output
    assert json.loads(configured.stdout) == {"tenant_id": "t1", "erps": ["sage300cre"]}
    record(ports, "c1", "compliant")
    assert coi_erp.invoke(erp_app, ["export"]).exit_code == 0
    refused = coi_erp.invoke(erp_app, ["configure", "t1", "--erp", "intacct", "--intacct-send"])
    assert refused.exit_code == 1
    assert [r.erp for r in ports.log.records("t1")] == ["sage300cre"]
    assert refused.stderr == "error: --intacct-send needs --intacct-parameter\n"


def test_a_configuration_stored_before_the_rename_still_reads_as_sage_300_cre():
    stored = '{"tenant_id": "t1", "erps": ["sage300", "vista"], "intacct_hold_field": "COI_HOLD_PAYMENT"}'
    assert TenantErpConfig.model_validate_json(stored).erps == ["sage300cre", "vista"]
