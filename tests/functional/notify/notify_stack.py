"""Notify against moto: the workspace table (created by the workspace's own helper), the
idempotency table, SES v2 and SNS; the workspace seeded through its repositories; time through the
local offset clock file, as on the local stack."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID

from shared.clock import OffsetFileClock
from shared.events.envelope import Envelope, EventPayload
from shared.workspace import (
    Contact,
    Contract,
    DynamoItemStore,
    Project,
    ProjectStatus,
    Role,
    Tenant,
    TenantRepository,
    TenantSettings,
    User,
    create_workspace_table,
    workspace_model,
)
from tests.lambda_events import eventbridge_event
from tests.lambda_events import sqs_record as lambda_sqs_record

TENANT = "tenant0001"
PROJECT = "project0001"
CONTRACT = "contract0001"
VENDOR_EMAIL = "ops@rivera.example"
SENDER = "compliance@summit.example"
TABLE = "coi-workspace"
IDEMPOTENCY_TABLE = "coi-idempotency"


@dataclass
class Stack:
    clock: OffsetFileClock
    item_store: DynamoItemStore

    def sent_emails(self) -> list[Any]:
        from moto.ses.models import ses_backends

        return list(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)

    def vendor_emails(self) -> list[Any]:
        return [m for m in self.sent_emails() if VENDOR_EMAIL in m.destinations.get("ToAddresses", [])]

    def sent_sms(self) -> list[tuple[str, str]]:
        from moto.sns.models import sns_backends

        return list(sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sms_messages.values())

    def today(self) -> date:
        return self.clock.today()


def sqs_event(*payloads: EventPayload, keys: list[str] | None = None) -> dict[str, Any]:
    records = []
    for index, payload in enumerate(payloads):
        key = keys[index] if keys else f"{payload.NAME}-{index}"
        envelope = Envelope.wrap(payload, source="coi.test", correlation_id="corr", idempotency_key=key)
        body = eventbridge_event(
            payload.NAME,
            json.loads(envelope.model_dump_json()),
            source="coi.test",
            time="2026-03-02T09:00:00Z",
        )
        records.append(sqs_record(json.dumps(body), f"m-{index}"))
    return {"Records": records}


def sqs_record(body: str, message_id: str) -> dict[str, Any]:
    return lambda_sqs_record(body, message_id, queue="notify")


def seed_workspace(store: DynamoItemStore, *, project_status: ProjectStatus = ProjectStatus.ACTIVE) -> None:
    repo = TenantRepository(store, TENANT)
    repo.add(
        Tenant(
            id=TENANT,
            name="Summit Builders",
            settings=TenantSettings(sender_name="Summit Compliance", sender_email=SENDER),
        )
    )
    repo.add(
        User(id="user0admin", tenant_id=TENANT, email="admin@summit.example", name="Pat", role=Role.ADMIN)
    )
    repo.add(
        User(id="user0pm001", tenant_id=TENANT, email="pm@summit.example", name="Sam", role=Role.STANDARD)
    )
    repo.add(Project(id=PROJECT, tenant_id=TENANT, number="2231", name="Harbor Tower", status=project_status))
    repo.add(
        Contract(
            id=CONTRACT,
            tenant_id=TENANT,
            project_id=PROJECT,
            vendor_id="vendor0001",
            vendor_name="Rivera Concrete LLC",
            contact=Contact(name="Ana", email=VENDOR_EMAIL, phone="+15555550100", sms_opt_in=True),
            requirement_group_id="group00001",
        )
    )
    repo.commit()


def stack_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    clock_file = tmp_path / "clock.json"
    for name, value in {
        "TABLE_NAME": TABLE,
        "IDEMPOTENCY_TABLE_NAME": IDEMPOTENCY_TABLE,
        "SENDER_EMAIL": "noreply@coi.example",
        "COI_CLOCK_FILE": str(clock_file),
        "NOTIFY_DUE_SHARDS": "2",
        "POWERTOOLS_SERVICE_NAME": "notify",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        model = workspace_model(TABLE)
        create_workspace_table(model)
        boto3.client("dynamodb").create_table(
            TableName=IDEMPOTENCY_TABLE,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        sesv2 = boto3.client("sesv2")
        sesv2.create_email_identity(EmailIdentity="summit.example")
        sesv2.create_email_identity(EmailIdentity="coi.example")
        item_store = DynamoItemStore(model)
        seed_workspace(item_store)
        yield Stack(OffsetFileClock(clock_file), item_store)


def seed_more_contracts(stack: Stack, count: int) -> list[str]:
    repo = TenantRepository(stack.item_store, TENANT)
    ids = [f"contract{n:04d}x" for n in range(count)]
    for contract_id in ids:
        repo.add(
            Contract(
                id=contract_id,
                tenant_id=TENANT,
                project_id=PROJECT,
                vendor_id="vendor0001",
                vendor_name=f"Vendor {contract_id}",
                contact=Contact(email=f"{contract_id}@vendor.example"),
                requirement_group_id="group00001",
            )
        )
    repo.commit()
    return ids
