"""`coi procore replay-dead-letters` on SQS (moto): the Procore queue's redrive to its dead-letter
queue, and one command moving the messages back (or, `--dry-run`, only listing them)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from typer.testing import CliRunner

from coi_cli.procore_cmd import procore_app, replay

REGION = "us-east-1"


def compliance_message(contract: str) -> str:
    return json.dumps(
        {
            "detail-type": "ComplianceChanged",
            "detail": {
                "metadata": {"idempotency_key": f"k-{contract}"},
                "data": {
                    "tenant_id": "t1",
                    "contract_id": contract,
                    "contract_number": contract,
                    "status": "compliant",
                },
            },
        }
    )


@pytest.fixture
def queues(monkeypatch) -> Iterator[dict[str, Any]]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        dead = sqs.create_queue(QueueName="coi-procore-dlq-test")["QueueUrl"]
        dead_arn = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        # As infra/template.yaml: after maxReceiveCount receives, SQS moves the message aside.
        source = sqs.create_queue(
            QueueName="coi-procore-test",
            Attributes={
                "RedrivePolicy": json.dumps({"deadLetterTargetArn": dead_arn, "maxReceiveCount": "2"}),
                "VisibilityTimeout": "0",
            },
        )["QueueUrl"]
        yield {"sqs": sqs, "dead": dead, "source": source}


def fail_until_dead_lettered(sqs: Any, source: str, bodies: list[str]) -> None:
    """The Lambda failing each message on every receive: SQS redrives them to the DLQ."""
    for body in bodies:
        sqs.send_message(QueueUrl=source, MessageBody=body)
    for _ in range(6):
        sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)


def bodies_in(sqs: Any, url: str) -> list[str]:
    found = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", [])
    return sorted(m["Body"] for m in found)


def test_failed_pushes_are_redriven_to_the_dead_letter_queue_and_one_command_moves_them_back(queues):
    sqs, dead, source = queues["sqs"], queues["dead"], queues["source"]
    bodies = [compliance_message("SC-004"), compliance_message("SC-007")]
    # GIVEN two compliance pushes that failed on every receive
    fail_until_dead_lettered(sqs, source, bodies)
    assert bodies_in(sqs, dead) == sorted(bodies)
    assert bodies_in(sqs, source) == []
    # WHEN an operator runs `coi procore replay-dead-letters --stage test`
    result = CliRunner().invoke(procore_app, ["replay-dead-letters", "--stage", "test"])
    # THEN both messages are back in the source queue, the DLQ is empty, and it says what moved
    assert result.exit_code == 0, result.output
    assert bodies_in(sqs, source) == sorted(bodies)
    assert bodies_in(sqs, dead) == []
    assert "ComplianceChanged, tenant t1, contract SC-004, status compliant" in result.output
    assert "moved 2 message(s) from coi-procore-dlq-test to coi-procore-test" in result.output


def test_a_dry_run_lists_the_dead_letters_and_moves_nothing(queues):
    sqs, dead, source = queues["sqs"], queues["dead"], queues["source"]
    fail_until_dead_lettered(sqs, source, [compliance_message("PO-009")])
    result = CliRunner().invoke(procore_app, ["replay-dead-letters", "--stage", "test", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would move 1 message(s)" in result.output
    assert "contract PO-009" in result.output
    # Nothing moved, and the message is visible again for the real replay
    assert bodies_in(sqs, source) == []
    assert len(replay(sqs, dead, source, dry_run=False)) == 1
    assert bodies_in(sqs, source) == [compliance_message("PO-009")]


def test_an_unknown_stage_is_one_clear_line(queues):
    result = CliRunner().invoke(procore_app, ["replay-dead-letters", "--stage", "nope"])
    assert result.exit_code == 1
    assert "no queue coi-procore-dlq-nope" in result.output
