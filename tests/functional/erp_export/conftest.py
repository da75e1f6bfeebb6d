"""moto-backed fixtures for erp_export: the workspace table (pk/sk + gsi1) and the bucket."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from tests.lambda_events import eventbridge_event, sqs_event

TABLE = "coi-workspace-erp-test"
BUCKET = "coi-documents-erp-test"


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")
        dynamodb.create_table(
            TableName=TABLE,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "gsi1pk", "gsi1sk")
            ],
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "gsi1",
                    "KeySchema": [
                        {"AttributeName": "gsi1pk", "KeyType": "HASH"},
                        {"AttributeName": "gsi1sk", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
        )
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        yield {"dynamodb": dynamodb, "s3": s3}


def _sqs_event(*bodies: str) -> dict[str, Any]:
    return sqs_event(*bodies, queue="coi-erp-test")


def _eventbridge_body(envelope_json: str, detail_type: str) -> str:
    return json.dumps(eventbridge_event(detail_type, json.loads(envelope_json), source="coi.review"))


@pytest.fixture
def make_sqs_event():
    return _sqs_event


@pytest.fixture
def make_eventbridge_body():
    return _eventbridge_body


class FakeLambdaContext:
    function_name = "coi-erp-export-test"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:coi-erp-export-test"
    aws_request_id = "req-1"

    def get_remaining_time_in_millis(self) -> int:
        return 300_000


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()
