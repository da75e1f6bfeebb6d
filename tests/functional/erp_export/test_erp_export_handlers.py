"""erp_export in-process on moto: the SQS consumer keeping per-contract state, the scheduled job
writing each ERP's file to S3, and the optional Intacct send."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, date, datetime, timedelta

import boto3
import httpx
import pytest

from services.erp_export import bootstrap, scheduled
from services.erp_export import handler as erp_handler
from services.erp_export.adapters.dynamodb import DynamoErpConfigStore, DynamoExportStateStore
from services.erp_export.adapters.intacct import HttpIntacctGateway, secrets_manager_credentials
from services.erp_export.adapters.s3 import S3ExportSink
from services.erp_export.exporter import IntacctRejectedError, export_all, export_tenant
from services.erp_export.models import TenantErpConfig
from services.erp_export.ports import InMemoryIntacctGateway
from shared.clock import FixedClock
from shared.events import ComplianceChanged, ContractChanged, CoverageSnapshot, Envelope

TABLE = "coi-workspace-erp-test"
BUCKET = "coi-documents-erp-test"
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def envelope(
    contract_id: str, status: str, *, at: datetime = NOW, tenant_id: str = "t1", vendor: str = "v1"
) -> str:
    data = ComplianceChanged(
        tenant_id=tenant_id,
        project_id="p1",
        contract_id=contract_id,
        vendor_id=vendor,
        vendor_name="Rivera Concrete LLC",
        vendor_code="RIV001",
        project_number="2231",
        contract_number=f"SC-{contract_id}",
        status=status,
        coverages=[
            CoverageSnapshot(
                coverage="general_liability",
                status="met" if status == "compliant" else "deficient",
                policy_number="GL-88120",
                insurer_name="Travelers",
                effective_date=date(2026, 1, 1),
                expiration_date=date(2027, 1, 1),
                limits={"each_occurrence": 1000000},
            )
        ],
    )
    return Envelope.wrap(
        data,
        source="coi.review",
        correlation_id="corr",
        idempotency_key=f"{contract_id}:{status}",
        created_at=at,
    ).model_dump_json()


@pytest.fixture
def store(aws) -> DynamoExportStateStore:
    return DynamoExportStateStore(aws["dynamodb"], TABLE)


def test_the_consumer_keeps_each_contracts_latest_compliance_and_fails_bad_records_alone(
    store, make_sqs_event, make_eventbridge_body
):
    # GIVEN a batch: two contracts, a malformed record and an unrelated event
    contract_changed = Envelope.wrap(
        ContractChanged(tenant_id="t1", project_id="p1", contract_id="c1", change="activated", active=True),
        source="coi.api",
        correlation_id="c",
        idempotency_key="k",
    ).model_dump_json()
    event = make_sqs_event(
        make_eventbridge_body(envelope("c1", "non_compliant"), "ComplianceChanged"),
        make_eventbridge_body('{"metadata": {"name": "ComplianceChanged"}}', "ComplianceChanged"),
        make_eventbridge_body(envelope("c2", "compliant"), "ComplianceChanged"),
        make_eventbridge_body(contract_changed, "ContractChanged"),
    )
    # WHEN the consumer runs
    response = erp_handler.handle_batch(event, None, store=store)
    # THEN only the malformed record failed and both contracts are kept
    assert response["batchItemFailures"] == [{"itemIdentifier": event["Records"][1]["messageId"]}]
    states = {s.contract_id: s for s in store.contracts("t1")}
    assert {cid: s.status for cid, s in states.items()} == {"c1": "non_compliant", "c2": "compliant"}
    assert states["c1"].coverages[0].policy_number == "GL-88120"
    assert store.contracts("other-tenant") == []


def test_an_older_change_delivered_late_does_not_overwrite_a_newer_one(
    store, make_sqs_event, make_eventbridge_body
):
    # GIVEN the contract became compliant at noon
    erp_handler.handle_batch(
        make_sqs_event(make_eventbridge_body(envelope("c1", "compliant"), "ComplianceChanged")),
        None,
        store=store,
    )
    # WHEN the morning's non-compliant change arrives afterwards
    late = envelope("c1", "non_compliant", at=NOW - timedelta(hours=3))
    response = erp_handler.handle_batch(
        make_sqs_event(make_eventbridge_body(late, "ComplianceChanged")), None, store=store
    )
    # THEN it is acknowledged and ignored
    assert response["batchItemFailures"] == []
    (state,) = store.contracts("t1")
    assert state.status == "compliant"


def record(store, contract_id, status, tenant_id="t1"):
    from services.erp_export.exporter import record_compliance

    record_compliance(
        Envelope[ComplianceChanged].model_validate_json(envelope(contract_id, status, tenant_id=tenant_id)),
        store,
    )


def s3_keys(aws) -> list[str]:
    return sorted(o["Key"] for o in aws["s3"].list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_the_scheduled_export_writes_each_configured_erps_file(aws, store):
    # GIVEN two tenants: one feeding all four ERPs, one Sage 300 only
    configs = DynamoErpConfigStore(aws["dynamodb"], TABLE)
    configs.put(TenantErpConfig(tenant_id="t1", erps=["sage300", "intacct", "cmic", "vista"]))
    configs.put(TenantErpConfig(tenant_id="t2", erps=["sage300"]))
    record(store, "c1", "non_compliant")
    record(store, "c9", "compliant", tenant_id="t2")
    # WHEN the export runs
    run = export_all(
        configs=configs, states=store, sink=S3ExportSink(aws["s3"], BUCKET), clock=FixedClock(NOW)
    )
    # THEN each ERP's files are under exports/<tenant>/<erp>/<date>/
    assert run.failed_tenants == []
    stamp = "20260501T120000Z"
    assert s3_keys(aws) == [
        f"exports/t1/cmic/2026-05-01/sc_insurance_certificates_{stamp}.csv",
        f"exports/t1/intacct/2026-05-01/compliance_records_{stamp}.xml",
        f"exports/t1/sage300/2026-05-01/vendor_compliance_{stamp}.csv",
        f"exports/t1/vista/2026-05-01/apvc_compliance_{stamp}.csv",
        f"exports/t1/vista/2026-05-01/slct_compliance_{stamp}.csv",
        f"exports/t2/sage300/2026-05-01/vendor_compliance_{stamp}.csv",
    ]
    sage = aws["s3"].get_object(
        Bucket=BUCKET, Key=f"exports/t1/sage300/2026-05-01/vendor_compliance_{stamp}.csv"
    )
    lines = sage["Body"].read().decode().splitlines()
    assert lines[1].startswith("RIV001,Rivera Concrete LLC,Travelers,GL-88120,01/01/2026,01/01/2027,1000000")
    assert lines[1].endswith(",N,Y")  # not received, hold payment
    t2 = aws["s3"].get_object(
        Bucket=BUCKET, Key=f"exports/t2/sage300/2026-05-01/vendor_compliance_{stamp}.csv"
    )
    assert t2["Body"].read().decode().splitlines()[1].endswith(",Y,N")


def test_intacct_records_are_sent_then_updated_by_their_recordno(aws, store):
    # GIVEN a tenant that sends to Intacct
    config = TenantErpConfig(
        tenant_id="t1", erps=["intacct"], intacct_send=True, intacct_credentials_secret="s"
    )
    record(store, "c1", "non_compliant")
    gateway = InMemoryIntacctGateway()
    sink = S3ExportSink(aws["s3"], BUCKET)
    # WHEN two nightly exports run
    first = export_tenant(config, states=store, sink=sink, clock=FixedClock(NOW), intacct=gateway)
    export_tenant(config, states=store, sink=sink, clock=FixedClock(NOW + timedelta(days=1)), intacct=gateway)
    # THEN the first created the record, the second updated it by Intacct's RECORDNO
    assert first.intacct_sent == 1
    assert store.intacct_records("t1") == {"c1:general_liability": "101"}
    second_functions = gateway.sent[1][1]
    assert second_functions[0].findtext("update/COMPLIANCERECORD/RECORDNO") == "101"


def test_an_intacct_refusal_fails_that_tenant_after_its_files_are_written(aws, store):
    configs = DynamoErpConfigStore(aws["dynamodb"], TABLE)
    configs.put(
        TenantErpConfig(tenant_id="t1", erps=["intacct"], intacct_send=True, intacct_credentials_secret="s")
    )
    configs.put(TenantErpConfig(tenant_id="t2", erps=["sage300"]))
    record(store, "c1", "non_compliant")
    record(store, "c9", "compliant", tenant_id="t2")
    gateway = InMemoryIntacctGateway(fail_control_ids=frozenset({"c1:general_liability"}))
    run = export_all(
        configs=configs,
        states=store,
        sink=S3ExportSink(aws["s3"], BUCKET),
        clock=FixedClock(NOW),
        intacct=gateway,
    )
    assert run.failed_tenants == ["t1"]
    assert [e.tenant_id for e in run.exports] == ["t2"]
    assert any(k.startswith("exports/t1/intacct/") for k in s3_keys(aws))
    with pytest.raises(IntacctRejectedError, match="CRE-3211"):
        export_tenant(
            configs.configured()[0],
            states=store,
            sink=S3ExportSink(aws["s3"], BUCKET),
            clock=FixedClock(NOW),
            intacct=gateway,
        )


def test_the_http_gateway_sends_credentials_from_secrets_manager_and_never_logs_them(aws, caplog):
    # GIVEN the tenant's Intacct credentials in Secrets Manager
    secrets = boto3.client("secretsmanager", region_name="us-east-1")
    creds = {
        "sender_id": "coi-sender",
        "sender_password": "sender-Pw-123",
        "user_id": "xml_user",
        "company_id": "SUMMIT",
        "user_password": "user-Pw-456",
    }
    secrets.create_secret(Name="coi/intacct/t1", SecretString=json.dumps(creds))
    posted: list[bytes] = []

    def intacct(request: httpx.Request) -> httpx.Response:
        posted.append(request.content)
        return httpx.Response(200, text=InMemoryIntacctGateway().send(config, [], "ctl"))

    config = TenantErpConfig(tenant_id="t1", erps=["intacct"], intacct_credentials_secret="coi/intacct/t1")
    gateway = HttpIntacctGateway(
        httpx.Client(transport=httpx.MockTransport(intacct)),
        "https://api.intacct.com/ia/xml/xmlgw.phtml",
        secrets_manager_credentials(secrets),
    )
    # (botocore's own DEBUG wire log prints responses; it is off in Lambda and not ours to test)
    caplog.set_level(logging.DEBUG, logger="services")
    caplog.set_level(logging.DEBUG, logger="httpx")
    # WHEN a request is sent
    gateway.send(config, [], "ctl-1")
    # THEN the credentials are in the request body only
    body = posted[0].decode()
    assert "<password>sender-Pw-123</password>" in body
    assert "<userid>xml_user</userid>" in body
    ours = [r for r in caplog.records if r.name.startswith(("services", "httpx"))]
    assert ours  # the send was logged
    logged = "\n".join(r.getMessage() + str(r.__dict__) for r in ours)
    assert "Pw-" not in logged


def test_the_scheduled_handler_runs_from_its_environment(aws, store, monkeypatch):
    # GIVEN the Lambda environment and one configured tenant
    monkeypatch.setenv("TABLE_NAME", TABLE)
    monkeypatch.setenv("DOCUMENTS_BUCKET", BUCKET)
    bootstrap.settings.cache_clear()
    bootstrap.dependencies.cache_clear()
    DynamoErpConfigStore(aws["dynamodb"], TABLE).put(TenantErpConfig(tenant_id="t1", erps=["cmic"]))
    record(store, "c1", "compliant")
    try:
        # WHEN the schedule fires
        result = scheduled.handler({"source": "aws.events"}, None)
    finally:
        bootstrap.settings.cache_clear()
        bootstrap.dependencies.cache_clear()
    # THEN today's CMiC file is in the bucket
    (export,) = result["exports"]
    (key,) = export["files"]
    assert re.fullmatch(r"exports/t1/cmic/\d{4}-\d{2}-\d{2}/sc_insurance_certificates_\d{8}T\d{6}Z\.csv", key)
    assert s3_keys(aws) == [key]


def test_operators_configure_a_tenant_and_export_from_the_command_line(aws, store, monkeypatch, capsys):
    from services.erp_export.__main__ import main

    monkeypatch.setenv("TABLE_NAME", TABLE)
    monkeypatch.setenv("DOCUMENTS_BUCKET", BUCKET)
    bootstrap.settings.cache_clear()
    bootstrap.dependencies.cache_clear()
    try:
        # WHEN an operator configures Vista for t1 and runs the export
        assert main(["configure", "t1", "--erp", "vista"]) == 0
        record(store, "c1", "compliant")
        assert main(["export"]) == 0
        # AND asks for Intacct sending without credentials
        assert main(["configure", "t1", "--erp", "intacct", "--intacct-send"]) == 1
    finally:
        bootstrap.settings.cache_clear()
        bootstrap.dependencies.cache_clear()
    # THEN the Vista files exist and the bad request was refused in one line
    assert [k.split("/")[2] for k in s3_keys(aws)] == ["vista", "vista"]
    assert capsys.readouterr().err == "error: --intacct-send needs --intacct-secret\n"


def test_a_retried_export_does_not_send_intacct_the_same_batch_twice(aws, store, lambda_context):
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    from services.erp_export.adapters.idempotent_intacct import IdempotentIntacctGateway

    # GIVEN the Powertools idempotency table and a gateway that counts real sends
    aws["dynamodb"].create_table(
        TableName="coi-idempotency-erp-test",
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
    )
    inner = InMemoryIntacctGateway()
    gateway = IdempotentIntacctGateway(
        inner, DynamoDBPersistenceLayer(table_name="coi-idempotency-erp-test", boto3_client=aws["dynamodb"])
    )
    gateway.config.register_lambda_context(lambda_context)
    # AND 120 contracts to send (two requests of at most 100 functions)
    config = TenantErpConfig(
        tenant_id="t1", erps=["intacct"], intacct_send=True, intacct_credentials_secret="s"
    )
    for n in range(120):
        record(store, f"c{n:03d}", "non_compliant")
    sink = S3ExportSink(aws["s3"], BUCKET)
    clock = FixedClock(NOW)
    # WHEN the nightly export runs, is retried the same day, then runs the next day
    first = export_tenant(config, states=store, sink=sink, clock=clock, intacct=gateway)
    export_tenant(
        config, states=store, sink=sink, clock=FixedClock(NOW + timedelta(hours=1)), intacct=gateway
    )
    export_tenant(config, states=store, sink=sink, clock=FixedClock(NOW + timedelta(days=1)), intacct=gateway)
    # THEN Intacct saw each day's two batches once
    assert first.intacct_sent == 120
    assert [(control_id, len(functions)) for _, functions, control_id in inner.sent] == [
        ("coi-2026-05-01-1", 100),
        ("coi-2026-05-01-2", 20),
        ("coi-2026-05-02-1", 100),
        ("coi-2026-05-02-2", 20),
    ]
    # AND the next day's records were updates by the RECORDNOs remembered from the first answers
    assert inner.sent[2][1][0].find("update/COMPLIANCERECORD/RECORDNO") is not None


def test_a_removed_contract_leaves_the_exports_and_a_late_change_cannot_revive_it(
    store, make_sqs_event, make_eventbridge_body
):
    # GIVEN a contract in the export state
    erp_handler.handle_batch(
        make_sqs_event(make_eventbridge_body(envelope("c1", "non_compliant"), "ComplianceChanged")),
        None,
        store=store,
    )
    # WHEN it is removed from the workspace, and a change older than the removal arrives late
    removed = Envelope.wrap(
        ContractChanged(tenant_id="t1", project_id="p1", contract_id="c1", change="removed", active=False),
        source="coi.api",
        correlation_id="c",
        idempotency_key="contract:c1:removed",
        created_at=NOW + timedelta(minutes=5),
    ).model_dump_json()
    late = envelope("c1", "compliant", at=NOW + timedelta(minutes=1))
    response = erp_handler.handle_batch(
        make_sqs_event(
            make_eventbridge_body(removed, "ContractChanged"),
            make_eventbridge_body(late, "ComplianceChanged"),
        ),
        None,
        store=store,
    )
    # THEN the contract is gone from what the exports read
    assert response["batchItemFailures"] == []
    assert store.contracts("t1") == []
