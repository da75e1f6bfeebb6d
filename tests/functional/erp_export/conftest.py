"""moto-backed fixtures for erp_export: the workspace table and the bucket."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from shared.workspace.dynamo import create_workspace_table, workspace_model
from tests.lambda_events import LambdaContext, eventbridge_event, sqs_event

TABLE = "coi-workspace-erp-test"
BUCKET = "coi-documents-erp-test"


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")
        create_workspace_table(workspace_model(TABLE, "us-east-1"))
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


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext("coi-erp-export-test", remaining_ms=300_000)
