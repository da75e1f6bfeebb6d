"""Notify's composition root: built lazily once per cold start, every dependency overridable."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

from services.notify.adapters.dynamo_store import DynamoNotifyStore, notify_model
from services.notify.adapters.idempotent import (
    IdempotentEmailSender,
    IdempotentSmsSender,
    idempotency_config,
    idempotency_layer,
)
from services.notify.adapters.ses_email import SesV2EmailSender
from services.notify.adapters.sns_sms import SnsSmsSender
from services.notify.adapters.workspace_directory import (
    WorkspaceDirectory,
    WorkspaceSenderPauses,
    portal_upload_urls,
)
from services.notify.domain.ports import ContractDirectory
from services.notify.logic.core import Notifier, NotifyConfig
from services.notify.settings import NotifySettings
from shared.aws.clients import aws_client
from shared.clock import Clock, OffsetFileClock, SystemClock
from shared.workspace.dynamo import DynamoItemStore, workspace_model

logger = logging.getLogger(__name__)


def build_clock(settings: NotifySettings) -> Clock:
    return OffsetFileClock(settings.coi_clock_file) if settings.coi_clock_file else SystemClock()


def portal_token_secret(settings: NotifySettings) -> str | None:
    if settings.portal_token_secret is not None:
        return settings.portal_token_secret.get_secret_value()
    if settings.portal_token_secret_parameter:
        response = aws_client("ssm").get_parameter(
            Name=settings.portal_token_secret_parameter, WithDecryption=True
        )
        return str(response["Parameter"]["Value"])
    return None


def build_directory(settings: NotifySettings, clock: Clock) -> WorkspaceDirectory:
    store = DynamoItemStore(workspace_model(settings.table_name))
    secret = portal_token_secret(settings)
    if secret is None or not settings.portal_base_url:
        # Vendor emails then ask for a reply with the certificate attached instead of a link.
        logger.warning("no PORTAL_TOKEN_SECRET(_PARAMETER) or PORTAL_BASE_URL: emails carry no upload link")
        return WorkspaceDirectory(store, clock=clock)
    return WorkspaceDirectory(
        store, upload_url_for=portal_upload_urls(store, clock, secret, settings.portal_base_url), clock=clock
    )


def build_notifier(
    settings: NotifySettings | None = None,
    *,
    directory: ContractDirectory | None = None,
    clock: Clock | None = None,
    send_config: IdempotencyConfig | None = None,
) -> Notifier:
    settings = settings or NotifySettings()  # read from the environment
    clock = clock or build_clock(settings)
    persistence = idempotency_layer(settings.idempotency_table_name, aws_client("dynamodb"))
    send_config = send_config or idempotency_config()
    return Notifier(
        store=DynamoNotifyStore(notify_model(settings.table_name), shards=settings.notify_due_shards),
        directory=directory or build_directory(settings, clock),
        email=IdempotentEmailSender(
            SesV2EmailSender(aws_client("sesv2"), settings.ses_configuration_set, settings.ses_contact_list),
            persistence,
            send_config,
        ),
        sms=IdempotentSmsSender(
            SnsSmsSender(aws_client("sns"), settings.sms_sender_id), persistence, send_config
        ),
        clock=clock,
        pauses=WorkspaceSenderPauses(DynamoItemStore(workspace_model(settings.table_name)), clock),
        config=NotifyConfig(
            default_sender_email=settings.sender_email,
            default_sender_name=settings.sender_name,
            due_shards=settings.notify_due_shards,
            send_lock_timeout_seconds=settings.notify_send_lock_timeout_seconds,
            sweep_lookback_days=settings.notify_sweep_lookback_days,
        ),
    )


@cache
def send_config() -> IdempotencyConfig:
    return idempotency_config()


@cache
def notifier() -> Notifier:
    return build_notifier(send_config=send_config())


def bind_invocation(context: Any) -> Notifier:
    """The cold-start notifier, with this invocation's Lambda context registered for idempotency."""
    if context is not None:
        send_config().register_lambda_context(context)
    return notifier()


def reset() -> None:
    """Forget the cached notifier (tests that change the environment)."""
    notifier.cache_clear()
    send_config.cache_clear()
