"""`coi procore`: operate the Procore integration.

`install-url`, `connect`, `disconnect` and `reconcile` act with the deployed settings (the
environment, as in Lambda). `replay-dead-letters` sends the Procore messages SQS gave up on back
to work.

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
from typing import Annotated, Any, NoReturn

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


# ---- connecting a tenant (the deployed settings, read from the environment as in Lambda) ------


def _fail(error: Exception) -> NoReturn:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(1)


_OPERATOR_ERRORS = (LookupError, ValueError, RuntimeError)  # ProcoreAuthError is a RuntimeError


@procore_app.command("install-url")
def install_url(tenant: str, company_id: int) -> None:
    """The URL a company admin opens to approve the install."""
    from shared.procore.install import InstallRequest, sign_state
    from shared.procore.settings import ProcoreAppSettings
    from shared.procore.wiring import build_connected_apps, build_integration, state_secret

    try:
        config = ProcoreAppSettings()
        key = state_secret(config)
        if not key:
            raise RuntimeError("PROCORE_STATE_SECRET (or the client secret) is required for installs")
        integration = build_integration(config)
        state = sign_state(InstallRequest(tenant, company_id), key=key.encode(), now=integration.clock.now())
        typer.echo(build_connected_apps(config, integration).authorize_url(state))
    except _OPERATOR_ERRORS as error:
        _fail(error)


@procore_app.command("connect")
def connect(
    tenant: str,
    company_id: int,
    code: Annotated[
        str | None,
        typer.Option("--code", help="authorization code (omit for a DMSA / client-credentials app)"),
    ] = None,
    scope: Annotated[str, typer.Option("--scope", help="project or company insurance records")] = "project",
    no_insurances: Annotated[
        bool,
        typer.Option(
            "--no-insurances",
            help="the company's ERP integration owns insurance records: write only the pay gate",
        ),
    ] = False,
) -> None:
    """Connect (or rotate the webhook secret of) a tenant."""
    from shared.procore.auth import AuthMode
    from shared.procore.connect import ConnectRequest, connect_tenant
    from shared.procore.records import ProcoreConnection
    from shared.procore.settings import ProcoreAppSettings
    from shared.procore.wiring import build_integration

    if scope not in ("project", "company"):
        typer.echo("error: --scope must be project or company", err=True)
        raise typer.Exit(2)
    try:
        config = ProcoreAppSettings()
        integration = build_integration(config)
        mode: AuthMode = "authorization_code" if code else "client_credentials"
        client = integration.client_for(ProcoreConnection(tenant, company_id, mode))
        result = connect_tenant(
            ConnectRequest(
                tenant_id=tenant,
                company_id=company_id,
                our_api_base_url=config.procore_webhook_base_url,
                authorization_code=code,
                insurance_scope=scope,  # type: ignore[arg-type]
                sync_insurances=not no_insurances,
            ),
            client=client,
            connections=integration.connections,
            tokens=client.token_provider,
        )
    except _OPERATOR_ERRORS as error:
        _fail(error)
    typer.echo(
        json.dumps({"tenant_id": tenant, "hook_id": result.hook_id, "triggers_added": result.triggers_added})
    )


@procore_app.command("disconnect")
def disconnect(tenant: str) -> None:
    """Disable the tenant's connection, delete its hook, revoke its tokens."""
    from shared.procore.connect import disconnect_tenant
    from shared.procore.settings import ProcoreAppSettings
    from shared.procore.wiring import build_integration

    try:
        config = ProcoreAppSettings()
        integration = build_integration(config)
        connection = integration.connections.get(tenant)
        if connection is None:
            raise LookupError(f"tenant {tenant} has no Procore connection")
        deleted = disconnect_tenant(
            connection,
            client=integration.client_for(connection),
            connections=integration.connections,
            our_api_base_url=config.procore_webhook_base_url,
        )
    except _OPERATOR_ERRORS as error:
        _fail(error)
    typer.echo(json.dumps({"tenant_id": tenant, "hooks_deleted": deleted}))


@procore_app.command("reconcile")
def reconcile() -> None:
    """Run the reconciliation poll now (what the daily schedule runs)."""
    from services.procore_sync.handlers.reconcile import handler

    try:
        typer.echo(json.dumps(handler({}, None)))
    except _OPERATOR_ERRORS as error:
        _fail(error)
