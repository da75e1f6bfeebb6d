"""Inbound end to end with the deployed wiring: Procore's webhook hits the blueprint (built from the
environment), the change waits on SQS, the inbound Lambda fetches it over HTTP from the fake
Procore on 127.0.0.1 and lands it in the real workspace table (pynamodb on moto)."""

from __future__ import annotations

import json

import boto3
from chalice import Chalice
from chalice.test import Client

from services.api.routes.procore_webhooks import make_blueprint
from services.procore_sync import bootstrap
from services.procore_sync.handlers import inbound as inbound_handler
from shared import workspace
from shared.clock import SystemClock
from shared.procore.adapters.dynamodb import DynamoConnectionStore
from shared.procore.records import ProcoreConnection
from shared.procore.wiring import build_integration
from shared.workspace import (
    DynamoItemStore,
    create_workspace_table,
    open_context,
    system_actor,
    workspace_model,
)
from tests.fakes.bus import InMemoryPublisher
from tests.fakes.procore import FakeProcore, serving

FULL_TABLE = "coi-workspace-full-test"
SECRET = "Bearer inbound-hook-secret"


def test_a_webhook_becomes_a_workspace_contract(aws, monkeypatch, make_sqs_event, lambda_context):
    # GIVEN the real workspace table with a tenant, and the tenant connected to a Procore company
    create_workspace_table(workspace_model(FULL_TABLE))
    store = DynamoItemStore(workspace_model(FULL_TABLE))
    tenant, _, _ = workspace.create_tenant(
        store, SystemClock(), name="Summit Builders Inc", admin_email="ada@summit.example", admin_name="Ada"
    )
    boto3.client("events", region_name="us-east-1").create_event_bus(Name="coi-bus-test")
    fake = FakeProcore()
    fake.add_project(11, "Harbor Point", project_number="2231")
    fake.add_vendor(5, "Rivera Concrete LLC")
    fake.add_project(12, "Not Chosen Tower")
    DynamoConnectionStore(aws["dynamodb"], FULL_TABLE).put(
        ProcoreConnection(tenant.id, fake.company_id, "client_credentials", SECRET)
    )
    with serving(fake) as base:
        for name, value in {
            "TABLE_NAME": FULL_TABLE,
            "IDEMPOTENCY_TABLE_NAME": "unused",
            "EVENT_BUS_NAME": "coi-bus-test",
            "PROCORE_AUTH_BASE_URL": base,
            "PROCORE_API_BASE_URL": base,
            "PROCORE_CLIENT_ID": fake.client_id,
            "PROCORE_CLIENT_SECRET": fake.client_secret,
            "PROCORE_INBOUND_QUEUE_URL": aws["queue_url"],
        }.items():
            monkeypatch.setenv(name, value)
        # GIVEN staff imported project 11 (by Subcontract, Approved); project 12 was not chosen
        connection = ProcoreConnection(tenant.id, fake.company_id, "client_credentials", SECRET)
        importer = bootstrap.build().importer_for(connection)
        assert importer is not None
        importer.import_project(tenant.id, 11, "subcontract", ["Approved"])
        # WHEN a subcontract is approved in Procore, and project 12 changes
        fake.add_commitment(
            "work_order_contracts",
            900,
            project_id=11,
            vendor_id=5,
            number="SC-007",
            invoice_contacts=[{"id": 1, "name": "Rosa Rivera", "email": "rosa@rivera.example"}],
        )
        app = Chalice(app_name="coi-api-test")
        # A blueprint of its own: a Chalice blueprint belongs to one app at a time.
        app.register_blueprint(make_blueprint(build_integration), url_prefix="/api")
        payload = fake.webhook_payload("Work Order Contracts", 900, project_id=11)
        ignored = fake.webhook_payload("Projects", 12, api_version="v4.0")
        with Client(app) as client:
            for body in (payload, ignored):
                answer = client.http.post(
                    f"/api/webhooks/procore/{tenant.id}",
                    headers={"Content-Type": "application/json", "Authorization": SECRET},
                    body=json.dumps(body),
                )
                assert answer.status_code == 202, answer.body
        assert answer.status_code == 202, answer.body
        # AND the inbound Lambda takes the queued change
        messages = aws["sqs"].receive_message(QueueUrl=aws["queue_url"], MaxNumberOfMessages=10)["Messages"]
        assert len(messages) == 2
        result = inbound_handler.handler(make_sqs_event(*(m["Body"] for m in messages)), lambda_context)
    # THEN the workspace holds the project, vendor and contract
    assert answer.status_code == 202
    assert result["batchItemFailures"] == []
    ctx = open_context(store, system_actor(tenant.id), InMemoryPublisher(), SystemClock())
    (contract,) = workspace.list_contracts(ctx).items
    assert (contract.number, contract.vendor_name, contract.active) == ("SC-007", "Rivera Concrete LLC", True)
    assert contract.contact.email == "rosa@rivera.example"
    project = workspace.get_project(ctx, contract.project_id)
    assert (project.number, project.status) == ("2231", "draft")
    # AND the project staff did not choose was not imported
    assert [p.number for p in workspace.list_projects(ctx).items] == ["2231"]
