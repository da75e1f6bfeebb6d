"""`POST /webhooks/procore/{tenant_id}` through Chalice's test client, on moto DynamoDB and SQS."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from chalice import Chalice
from chalice.test import Client

from services.api.routes.procore_webhooks import make_blueprint
from shared.clock import FixedClock
from shared.procore.adapters.dynamodb import DynamoConnectionStore, DynamoDeliveryLedger, DynamoIdMap
from shared.procore.adapters.sqs import SqsChangeQueue
from shared.procore.records import ProcoreConnection
from shared.procore.wiring import ProcoreIntegration
from tests.fakes.procore import FakeProcore
from tests.fakes.procore_stores import InMemoryWorkspaceSink

TABLE = "coi-workspace-test"
HOOK_SECRET = "Bearer 7f2c-hook-secret"


class UnusedClient:
    def __call__(self, connection: ProcoreConnection):
        raise AssertionError("the webhook route must not call Procore")


@pytest.fixture
def app(aws) -> tuple[Chalice, dict]:
    dynamodb = aws["dynamodb"]
    connections = DynamoConnectionStore(dynamodb, TABLE)
    connections.put(ProcoreConnection("t1", 1001, "authorization_code", HOOK_SECRET))
    connections.put(ProcoreConnection("t-off", 1001, "authorization_code", HOOK_SECRET, enabled=False))
    clock = FixedClock(datetime(2026, 5, 1, 12, tzinfo=UTC))
    deps = ProcoreIntegration(
        connections=connections,
        ids=DynamoIdMap(dynamodb, TABLE),
        sink=InMemoryWorkspaceSink(),
        ledger=DynamoDeliveryLedger(dynamodb, TABLE, clock),
        queue=SqsChangeQueue(aws["sqs"], aws["queue_url"]),
        clock=clock,
        client_for=UnusedClient(),
        own_application_id="our-app",
    )
    app = Chalice(app_name="procore-webhook-test")
    app.register_blueprint(make_blueprint(lambda: deps))
    return app, aws


def queued(aws) -> list[dict]:
    messages = (
        aws["sqs"].receive_message(QueueUrl=aws["queue_url"], MaxNumberOfMessages=10).get("Messages", [])
    )
    return [json.loads(m["Body"]) for m in messages]


def post(client: Client, tenant: str, payload: dict | str, authorization: str | None = HOOK_SECRET):
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.http.post(f"/webhooks/procore/{tenant}", headers=headers, body=body)


def test_a_delivery_is_acknowledged_and_queued_once(app):
    chalice_app, aws = app
    payload = FakeProcore().webhook_payload("Work Order Contracts", 54321, project_id=11)
    with Client(chalice_app) as client:
        # WHEN Procore delivers the same event twice
        first = post(client, "t1", payload)
        second = post(client, "t1", payload)
    # THEN both get a 2xx, and exactly one change waits on the queue
    assert (first.status_code, second.status_code) == (202, 202)
    assert (first.json_body["status"], second.json_body["status"]) == ("accepted", "duplicate")
    (message,) = queued(aws)
    assert (message["tenant_id"], message["resource_id"], message["project_id"]) == ("t1", 54321, 11)


@pytest.mark.parametrize(
    ("tenant", "authorization"),
    [("t1", None), ("t1", "Bearer guessed"), ("unknown-tenant", HOOK_SECRET), ("t-off", HOOK_SECRET)],
)
def test_unauthenticated_deliveries_get_401_and_queue_nothing(app, tenant, authorization):
    chalice_app, aws = app
    with Client(chalice_app) as client:
        response = post(client, tenant, FakeProcore().webhook_payload("Company Vendors", 5), authorization)
    assert response.status_code == 401
    assert response.json_body == {"error": "unauthorized"}
    assert queued(aws) == []


def test_a_malformed_body_gets_a_one_line_400(app):
    chalice_app, _aws = app
    with Client(chalice_app) as client:
        response = post(
            client, "t1", {"resource_name": "Projects", "event_type": "explode", "resource_id": 1}
        )
    assert response.status_code == 400
    assert "event_type" in response.json_body["error"]
    assert "Traceback" not in response.body.decode()


def test_our_own_echo_is_acknowledged_but_not_queued(app):
    chalice_app, aws = app
    payload = FakeProcore().webhook_payload("Company Vendors", 5, source_application_id="our-app")
    with Client(chalice_app) as client:
        response = post(client, "t1", payload)
    assert (response.status_code, response.json_body["status"]) == (202, "self_originated")
    assert queued(aws) == []


def _contract_update() -> dict:
    return FakeProcore().webhook_payload("Work Order Contracts", 54321, project_id=11)


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        json.dumps(_contract_update()).replace('"resource_id": 54321', '"resource_id": 1e400'),
        json.dumps({**_contract_update(), "ulid": "U" * 100_000}),
        json.dumps({**_contract_update(), "ulid": "U" * 500}),
    ],
    ids=["nested-100000-deep", "resource-id-1e400", "ulid-100000-chars", "ulid-500-chars"],
)
def test_poison_payloads_with_the_right_secret_get_a_one_line_400_not_a_retry(app, body):
    chalice_app, aws = app
    with Client(chalice_app) as client:
        response = post(client, "t1", body)
    assert response.status_code == 400
    assert set(response.json_body) == {"error"}
    assert "\n" not in response.json_body["error"]
    assert "Traceback" not in response.body.decode()
    assert queued(aws) == []


def test_a_v4_delivery_is_queued(app):
    chalice_app, aws = app
    payload = FakeProcore().webhook_payload("Company Vendors", 5, api_version="v4.0", event_type="create")
    with Client(chalice_app) as client:
        response = post(client, "t1", payload)
    assert (response.status_code, response.json_body["status"]) == (202, "accepted")
    (message,) = queued(aws)
    assert (message["resource_id"], message["event_type"], message["delivery_key"]) == (
        5,
        "create",
        payload["id"],
    )


def test_an_oversize_tenant_in_the_path_is_unauthorized_not_a_crash(app):
    chalice_app, _aws = app
    with Client(chalice_app) as client:
        response = post(client, "t" * 5_000, _contract_update())
    assert response.status_code == 401


def test_our_own_outage_gets_503_so_procore_redelivers(app):
    # GIVEN the change queue is gone (our transient failure)
    chalice_app, aws = app
    aws["sqs"].delete_queue(QueueUrl=aws["queue_url"])
    with Client(chalice_app) as client:
        response = post(client, "t1", _contract_update())
    # THEN Procore is told to try again, without a traceback
    assert response.status_code == 503
    assert response.json_body == {"error": "try again later"}


def test_an_unreachable_table_gets_503(app):
    chalice_app, aws = app
    aws["dynamodb"].delete_table(TableName=TABLE)
    with Client(chalice_app) as client:
        response = post(client, "t1", _contract_update())
    assert response.status_code == 503
