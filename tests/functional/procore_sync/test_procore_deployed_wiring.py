"""The deployed entry points, built by bootstrap from the environment (as Lambda does), talking
HTTP to the fake Procore served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from typer.testing import CliRunner

from coi_cli.procore_cmd import procore_app
from services.procore_sync import bootstrap
from services.procore_sync.handlers import compliance as outbound_handler
from services.procore_sync.handlers import reconcile
from shared.events import ComplianceChanged, CoverageSnapshot, Envelope
from shared.procore.adapters.dynamodb import DynamoConnectionStore, DynamoIdMap
from shared.procore.records import ProcoreConnection, ProcoreRef
from tests.fakes.procore import FakeProcore, serving

TABLE = "coi-workspace-test"
IDEMPOTENCY_TABLE = "coi-idempotency-test"


@pytest.fixture
def deployed(aws, monkeypatch) -> Iterator[FakeProcore]:
    fake = FakeProcore()
    fake.add_project(11, "Harbor Point")
    fake.add_vendor(5, "Rivera Concrete LLC")
    fake.add_commitment("purchase_order_contracts", 901, project_id=11, vendor_id=5)
    with serving(fake) as base:
        for name, value in {
            "TABLE_NAME": TABLE,
            "IDEMPOTENCY_TABLE_NAME": IDEMPOTENCY_TABLE,
            "EVENT_BUS_NAME": "coi-bus-test",
            "PROCORE_AUTH_BASE_URL": base,
            "PROCORE_API_BASE_URL": base,
            "PROCORE_CLIENT_ID": fake.client_id,
            "PROCORE_CLIENT_SECRET": fake.client_secret,
            "PROCORE_INBOUND_QUEUE_URL": aws["queue_url"],
        }.items():
            monkeypatch.setenv(name, value)
        DynamoConnectionStore(aws["dynamodb"], TABLE).put(
            ProcoreConnection(
                "t1", fake.company_id, "client_credentials", "Bearer s", insurance_scope="company"
            )
        )
        ids = DynamoIdMap(aws["dynamodb"], TABLE)
        ids.remember("t1", "project", "p1", ProcoreRef(11))
        ids.remember("t1", "vendor", "v1", ProcoreRef(5))
        ids.remember("t1", "contract", "c1", ProcoreRef(901, "purchase_order_contracts", 11))
        yield fake


def test_the_lambda_handler_pushes_compliance_over_http(
    deployed, make_sqs_event, make_eventbridge_body, lambda_context
):
    # GIVEN a compliant purchase order's change on the queue
    data = ComplianceChanged(
        tenant_id="t1",
        project_id="p1",
        contract_id="c1",
        vendor_id="v1",
        status="compliant",
        coverages=[
            CoverageSnapshot(
                coverage="workers_comp",
                status="met",
                policy_number="WC-7",
                insurer_name="Hartford",
                effective_date=date(2026, 1, 1),
                expiration_date=date(2027, 1, 1),
                limits={"el_each_accident": 1000000},
            )
        ],
    )
    body = Envelope.wrap(
        data, source="coi.review", correlation_id="c", idempotency_key="k-1"
    ).model_dump_json()
    event = make_sqs_event(make_eventbridge_body(body, "ComplianceChanged"))
    # WHEN the deployed handler runs
    response = outbound_handler.handler(event, lambda_context)
    # THEN Procore got a company-level insurance and the purchase order's pay gate
    assert response["batchItemFailures"] == []
    (insurance,) = deployed.insurances_for(5)
    assert (insurance["insurance_type"], insurance["status"], insurance["limit"]) == (
        "Workers Compensation",
        "compliant",
        "1000000",
    )
    assert deployed.compliance[("purchase_order_contracts", 901)]["insurance_status"] == "compliant"
    assert all(
        r.headers["Procore-Company-Id"] == "1001" for r in deployed.requests if r.url.path.startswith("/rest")
    )


def test_the_reconciliation_handler_polls_each_connection(deployed):
    # WHEN the schedule fires with nothing changed in Procore since yesterday's records
    for record in (*deployed.projects.values(), *deployed.vendors.values()):
        record["updated_at"] = "2020-01-01T00:00:00Z"
    deployed.commitments["purchase_order_contracts"][901]["updated_at"] = "2020-01-01T00:00:00Z"
    result = reconcile.handler({"source": "aws.events"}, None)
    # THEN the tenant was polled (its imported projects: none yet) and its cursor moved
    assert result == {"tenants": [{"tenant_id": "t1", "contracts": 0, "skipped": 0}]}
    assert bootstrap.build().cursors.last_polled("t1") is not None


def test_operators_get_an_install_url_and_a_clear_error_for_unknown_tenants(deployed, monkeypatch):
    from urllib.parse import parse_qs, urlsplit

    from shared.procore.install import verify_state
    from shared.procore.settings import ProcoreAppSettings

    monkeypatch.setenv("PROCORE_STATE_SECRET", "state-secret")
    monkeypatch.setenv("PROCORE_WEBHOOK_BASE_URL", "https://coi.example.com/api")
    installed = CliRunner().invoke(procore_app, ["install-url", "t9", "4242"])
    assert installed.exit_code == 0, installed.output
    url = installed.stdout.strip()
    refused = CliRunner().invoke(procore_app, ["disconnect", "nobody"])
    assert refused.exit_code == 1
    err = refused.stderr
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{ProcoreAppSettings().procore_auth_base_url}/oauth/authorize?")
    assert query["redirect_uri"] == ["https://coi.example.com/api/procore/oauth/callback"]
    request = verify_state(query["state"][0], key=b"state-secret", now=bootstrap.build().clock.now())
    assert (request.tenant_id, request.company_id) == ("t9", 4242)
    assert err == "error: tenant nobody has no Procore connection\n"
