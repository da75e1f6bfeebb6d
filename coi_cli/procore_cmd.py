"""`coi procore replay-dead-letters`: send the Procore messages SQS gave up on back to work.

A compliance push that keeps failing (Procore down for longer than the retries, a record Procore
refused until someone fixed it) ends in the dead-letter queue after `maxReceiveCount` receives
(infra/template.yaml). Once the cause is fixed, one command moves every message back to its
source queue, each sent before it is deleted (a crash in between repeats a message, never loses
one; the push is idempotent). `--dry-run` only lists them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Annotated, Any

import typer

procore_app = typer.Typer(help="Operate the Procore integration.", no_args_is_help=True)


@procore_app.callback()
def _group() -> None:
    """Keeps `coi procore` a group of commands (Typer would make a lone command the group)."""


# The queues as infra/template.yaml names them per stage.
QUEUES = {
    "compliance": ("coi-procore-dlq-{stage}", "coi-procore-{stage}"),
    "inbound": ("coi-procore-inbound-dlq-{stage}", "coi-procore-inbound-{stage}"),
}
_BATCH = 10  # SQS's most per receive


@dataclass(frozen=True)
class DeadLetter:
    message_id: str
    summary: str


def describe(body: str) -> str:
    """One line per message: what it was about (event type, tenant, contract or resource)."""
    try:
        message = json.loads(body)
    except ValueError:
        return "unreadable message"
    if not isinstance(message, dict):
        return "unreadable message"
    detail = message.get("detail")
    if isinstance(detail, dict) and isinstance(detail.get("data"), dict):
        data = detail["data"]
        parts = [str(message.get("detail-type") or "event"), f"tenant {data.get('tenant_id')}"]
        if data.get("contract_id"):
            parts.append(f"contract {data.get('contract_number') or data['contract_id']}")
        if data.get("status"):
            parts.append(f"status {data['status']}")
        return ", ".join(parts)
    if "resource_name" in message:
        return (
            f"Procore change {message.get('event_type')} {message.get('resource_name')} "
            f"{message.get('resource_id')}, tenant {message.get('tenant_id')}"
        )
    return "message"


def replay(sqs: Any, dead_letter_url: str, source_url: str, *, dry_run: bool) -> list[DeadLetter]:
    """Move (or, dry run, list) every message of the dead-letter queue back to the source queue."""
    moved: list[DeadLetter] = []
    seen: set[str] = set()
    read: list[str] = []  # a dry run's receipts, made visible again at the end
    while True:
        received = sqs.receive_message(
            QueueUrl=dead_letter_url,
            MaxNumberOfMessages=_BATCH,
            WaitTimeSeconds=0,
            VisibilityTimeout=60,
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        fresh = [m for m in received if m["MessageId"] not in seen]
        if not fresh:
            if dry_run:
                _show_again(sqs, dead_letter_url, read)
            return moved
        for message in fresh:
            seen.add(message["MessageId"])
            if dry_run:
                read.append(message["ReceiptHandle"])
            else:
                attributes = message.get("MessageAttributes")
                sqs.send_message(
                    QueueUrl=source_url,
                    MessageBody=message["Body"],
                    **({"MessageAttributes": attributes} if attributes else {}),
                )
                sqs.delete_message(QueueUrl=dead_letter_url, ReceiptHandle=message["ReceiptHandle"])
            moved.append(DeadLetter(message["MessageId"], describe(message["Body"])))


def _show_again(sqs: Any, queue_url: str, receipts: list[str]) -> None:
    for start in range(0, len(receipts), _BATCH):
        sqs.change_message_visibility_batch(
            QueueUrl=queue_url,
            Entries=[
                {"Id": str(n), "ReceiptHandle": handle, "VisibilityTimeout": 0}
                for n, handle in enumerate(receipts[start : start + _BATCH])
            ],
        )


def _sqs() -> Any:
    import boto3

    # AWS_ENDPOINT_URL (the local stack's emulator) is honoured by boto3 itself.
    return boto3.client(
        "sqs", region_name=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    )


@procore_app.command("replay-dead-letters")
def replay_dead_letters(
    stage: Annotated[
        str,
        typer.Option(
            "--stage",
            envvar="COI_STAGE",
            help="The stage the queue names end with (the template's Stage; `local` on the local stack).",
        ),
    ] = "prod",
    queue: Annotated[
        str, typer.Option("--queue", help="compliance (pushes to Procore) or inbound (Procore changes).")
    ] = "compliance",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List the messages; move nothing.")] = False,
) -> None:
    """Move the Procore dead-letter queue's messages back to their source queue and say which."""
    if queue not in QUEUES:
        typer.echo(f"error: --queue must be one of {', '.join(QUEUES)}", err=True)
        raise typer.Exit(2)
    sqs = _sqs()
    dead_name, source_name = (name.format(stage=stage) for name in QUEUES[queue])
    try:
        dead_letter_url = sqs.get_queue_url(QueueName=dead_name)["QueueUrl"]
        source_url = sqs.get_queue_url(QueueName=source_name)["QueueUrl"]
    except sqs.exceptions.QueueDoesNotExist:
        typer.echo(f"error: no queue {dead_name} or {source_name} (is --stage right?)", err=True)
        raise typer.Exit(1) from None
    moved = replay(sqs, dead_letter_url, source_url, dry_run=dry_run)
    verb = "would move" if dry_run else "moved"
    for message in moved:
        typer.echo(f"{verb} {message.message_id}: {message.summary}")
    typer.echo(f"{verb} {len(moved)} message(s) from {dead_name} to {source_name}")
