"""moto-backed fixtures for procore_sync's functional tests: the workspace table,
the Powertools idempotency table, the inbound queue; plus SQS/EventBridge event builders."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from shared.workspace import create_workspace_table, workspace_model
from tests.lambda_events import LambdaContext, eventbridge_event
from tests.lambda_events import sqs_event as lambda_sqs_event

TABLE = "coi-workspace-test"
IDEMPOTENCY_TABLE = "coi-idempotency-test"


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")
        create_workspace_table(workspace_model(TABLE, "us-east-1"))
        dynamodb.create_table(
            TableName=IDEMPOTENCY_TABLE,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        )
        sqs = boto3.client("sqs", region_name="us-east-1")
        queue_url = sqs.create_queue(QueueName="coi-procore-inbound-test")["QueueUrl"]
        yield {"dynamodb": dynamodb, "sqs": sqs, "queue_url": queue_url}


def sqs_event(*bodies: str) -> dict[str, Any]:
    return lambda_sqs_event(*bodies, queue="coi-procore-test")


def eventbridge_body(envelope_json: str, detail_type: str) -> str:
    return json.dumps(eventbridge_event(detail_type, json.loads(envelope_json), source="coi.review"))


@pytest.fixture
def make_sqs_event():
    return sqs_event


@pytest.fixture
def make_eventbridge_body():
    return eventbridge_body


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext("coi-procore-sync-test", remaining_ms=60_000)
