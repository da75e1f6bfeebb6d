"""Composition root of notify: `build(settings, **overrides)` wires `NotifyPorts`; the handlers
keep the result once per cold start, tests pass their fakes as overrides."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from services.notify.ports import NotifyConfig, NotifyPorts
from services.notify.settings import NotifySettings
from shared.clock import Clock, OffsetFileClock, SystemClock
from shared.runtime import assemble

logger = logging.getLogger(__name__)


def build(settings: NotifySettings | None = None, **overrides: Any) -> NotifyPorts:
    """Notify's ports from `settings` (the environment when None); any field of `NotifyPorts`
    given in `overrides` is used as is and its adapter never built. The directory, the sender
    pauses and the idempotent senders use the clock and idempotency config given, if any."""
    config = cache(lambda: settings if settings is not None else NotifySettings())

    @cache
    def clock() -> Clock:
        if "clock" in overrides:
            given: Clock = overrides["clock"]
            return given
        clock_file = config().coi_clock_file
        return OffsetFileClock(clock_file) if clock_file else SystemClock()

    @cache
    def idempotency() -> Any:
        from services.notify.adapters.idempotent import idempotency_config

        return overrides.get("idempotency") or idempotency_config()

    @cache
    def persistence() -> Any:
        from services.notify.adapters.idempotent import idempotency_layer
        from shared.aws.clients import aws_client

        return idempotency_layer(config().idempotency_table_name, aws_client("dynamodb"))

    @cache
    def workspace() -> Any:
        from shared.workspace import DynamoItemStore, workspace_model

        return DynamoItemStore(workspace_model(config().table_name))

    def store() -> Any:
        from services.notify.adapters.dynamo_store import DynamoNotifyStore
        from shared.correspondence import correspondence_model

        return DynamoNotifyStore(correspondence_model(config().table_name), shards=config().notify_due_shards)

    def directory() -> Any:
        return build_directory(config(), clock(), workspace())

    def email() -> Any:
        from services.notify.adapters.idempotent import IdempotentEmailSender
        from services.notify.adapters.ses_email import SesV2EmailSender
        from shared.aws.clients import aws_client

        ses = SesV2EmailSender(aws_client("sesv2"), config().ses_configuration_set, config().ses_contact_list)
        return IdempotentEmailSender(ses, persistence(), idempotency())

    def sms() -> Any:
        from services.notify.adapters.idempotent import IdempotentSmsSender
        from services.notify.adapters.sns_sms import SnsSmsSender
        from shared.aws.clients import aws_client

        sns = SnsSmsSender(aws_client("sns"), config().sms_sender_id)
        return IdempotentSmsSender(sns, persistence(), idempotency())

    def pauses() -> Any:
        from services.notify.adapters.workspace_directory import WorkspaceSenderPauses

        return WorkspaceSenderPauses(workspace(), clock())

    def notify_config() -> NotifyConfig:
        return NotifyConfig(
            default_sender_email=config().sender_email,
            default_sender_name=config().sender_name,
            due_shards=config().notify_due_shards,
            send_lock_timeout_seconds=config().notify_send_lock_timeout_seconds,
            sweep_lookback_days=config().notify_sweep_lookback_days,
        )

    def renderer() -> Any:
        from services.notify.rendering import default_renderer

        return default_renderer()

    return assemble(
        NotifyPorts,
        overrides,
        store=store,
        directory=directory,
        email=email,
        sms=sms,
        clock=clock,
        config=notify_config,
        renderer=renderer,
        pauses=pauses,
        idempotency=idempotency,
    )


def build_directory(settings: NotifySettings, clock: Clock, workspace: Any = None) -> Any:
    """The workspace directory over `workspace` (the settings' table when None); with the portal
    key and base URL, vendor views carry the contract's upload link."""
    from services.notify.adapters.workspace_directory import WorkspaceDirectory, portal_upload_urls

    if workspace is None:
        from shared.workspace import DynamoItemStore, workspace_model

        workspace = DynamoItemStore(workspace_model(settings.table_name))
    secret = portal_token_secret(settings)
    if secret is None or not settings.portal_base_url:
        # Vendor emails then ask for a reply with the certificate attached instead of a link.
        logger.warning("no PORTAL_TOKEN_SECRET(_PARAMETER) or PORTAL_BASE_URL: emails carry no upload link")
        return WorkspaceDirectory(workspace, clock=clock)
    upload_urls = portal_upload_urls(workspace, clock, secret, settings.portal_base_url)
    return WorkspaceDirectory(workspace, upload_url_for=upload_urls, clock=clock)


def portal_token_secret(settings: NotifySettings) -> str | None:
    if settings.portal_token_secret is not None:
        return settings.portal_token_secret.get_secret_value()
    if settings.portal_token_secret_parameter:
        from shared.aws.clients import aws_client

        response = aws_client("ssm").get_parameter(
            Name=settings.portal_token_secret_parameter, WithDecryption=True
        )
        return str(response["Parameter"]["Value"])
    return None
