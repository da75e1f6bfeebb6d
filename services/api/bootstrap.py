"""Composition root of the API: settings from the environment, the table, the bus, S3, the clock.

Built lazily on the first request (never at import) and once per process; tests install their own
with `set_services` and drop it with `reset_services`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.aws.bus import EventBridgePublisher, EventPublisher
from shared.aws.clients import aws_client
from shared.clock import Clock, OffsetFileClock, SystemClock
from shared.correspondence import CorrespondenceReader, CorrespondenceTable, correspondence_model
from shared.workspace.access import Actor, Context, open_context
from shared.workspace.dynamo import DynamoItemStore, workspace_model
from shared.workspace.store import ItemStore


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    table_name: str
    documents_bucket: str
    event_bus_name: str
    portal_base_url: str = "http://127.0.0.1:8000/portal"
    # Key that vendor link tokens are derived from (HMAC); in AWS the name of an SSM SecureString
    # parameter holding it instead, read once per cold start. Notify must use the same value.
    portal_token_secret: SecretStr | None = Field(default=None, min_length=32)
    portal_token_secret_parameter: str | None = None
    auth_mode: Literal["cognito", "local"] = "cognito"
    local_token_secret: SecretStr | None = None
    local_token_hours: int = 12
    cognito_user_pool_id: str | None = None
    cognito_app_client_id: str | None = None
    aws_region: str = "us-east-1"
    aws_endpoint_url: str | None = None
    coi_clock_file: Path | None = None
    # Adds `X-Db-Reads` to responses (benchmarks); off in production.
    api_debug_metrics: bool = False


@dataclass
class ApiServices:
    settings: ApiSettings
    store: ItemStore
    publisher: EventPublisher
    clock: Clock
    s3: Any
    # Notify's records (action-needed items, message history); read from the table when not given.
    notify_store: CorrespondenceReader | None = None
    # Asks SES whether a sender address is verified; built on the SES client when not given.
    sender_identities: Any = None

    def context(
        self, actor: Actor, *, tenant_id: str | None = None, correlation_id: str | None = None
    ) -> Context:
        return open_context(
            self.store, actor, self.publisher, self.clock, tenant_id=tenant_id, correlation_id=correlation_id
        )

    @cached_property
    def portal_token_secret(self) -> str:
        """The key vendor link tokens derive from (see `shared.workspace.workflow`)."""
        return read_portal_token_secret(
            self.settings.portal_token_secret, self.settings.portal_token_secret_parameter
        )

    @cached_property
    def correspondence(self) -> CorrespondenceReader:
        """Notify's own records (action-needed items, message history) on the same table."""
        if self.notify_store is not None:
            return self.notify_store
        return CorrespondenceTable(
            correspondence_model(
                self.settings.table_name, self.settings.aws_region, self.settings.aws_endpoint_url
            )
        )

    @cached_property
    def ses_identities(self) -> Any:
        from services.api.adapters.sender_identity import SesSenderIdentities

        return self.sender_identities or SesSenderIdentities(aws_client("ses"))

    @cached_property
    def jwks(self) -> Any:
        import jwt

        pool = self.settings.cognito_user_pool_id
        region = pool.split("_", 1)[0] if pool else self.settings.aws_region
        return jwt.PyJWKClient(f"https://cognito-idp.{region}.amazonaws.com/{pool}/.well-known/jwks.json")


def read_portal_token_secret(secret: SecretStr | None, parameter: str | None) -> str:
    if secret is not None:
        return secret.get_secret_value()
    if parameter:
        response = aws_client("ssm").get_parameter(Name=parameter, WithDecryption=True)
        value = str(response["Parameter"]["Value"])
        if len(value) < 32:
            raise RuntimeError(f"the SSM parameter {parameter} must hold at least 32 characters")
        return value
    raise RuntimeError("vendor links need PORTAL_TOKEN_SECRET or PORTAL_TOKEN_SECRET_PARAMETER")


def build_services(settings: ApiSettings | None = None) -> ApiServices:
    settings = settings or ApiSettings()
    if settings.auth_mode == "local" and settings.local_token_secret is None:
        raise RuntimeError("AUTH_MODE=local needs LOCAL_TOKEN_SECRET")
    model = workspace_model(settings.table_name, settings.aws_region, settings.aws_endpoint_url)
    clock: Clock = OffsetFileClock(settings.coi_clock_file) if settings.coi_clock_file else SystemClock()
    return ApiServices(
        settings=settings,
        store=DynamoItemStore(model),
        publisher=EventBridgePublisher(aws_client("events"), settings.event_bus_name),
        clock=clock,
        s3=aws_client("s3"),
    )


class _Root:
    """The process's services, built on first use."""

    lock = threading.Lock()
    services: ApiServices | None = None


def get_services() -> ApiServices:
    if _Root.services is None:
        with _Root.lock:
            if _Root.services is None:
                _Root.services = build_services()
    return _Root.services


def set_services(services: ApiServices) -> None:
    _Root.services = services


def reset_services() -> None:
    _Root.services = None
