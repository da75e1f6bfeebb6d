"""Composition root of the API: `build(settings, **overrides)` wires `ApiServices`.

Nothing is built at import: the routes ask `get_services()`, which builds once per cold start
(again only if the settings read from the environment change). Tests build theirs with fakes as
overrides and install it with `set_services`; `reset_services` goes back to the environment's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from pydantic import SecretStr

from services.api.ports import SenderIdentities, TokenExchange, Uploads
from services.api.settings import ApiSettings
from shared.aws.bus import EventPublisher
from shared.aws.clients import aws_client
from shared.clock import Clock, OffsetFileClock, SystemClock
from shared.correspondence import CorrespondenceReader
from shared.runtime import assemble, built_once
from shared.workspace import Actor, Context, ItemStore, open_context


@dataclass
class ApiServices:
    settings: ApiSettings
    store: ItemStore
    publisher: EventPublisher
    clock: Clock
    s3: Any
    # The correspondence read model (action-needed items, message history) notify writes.
    correspondence: CorrespondenceReader
    # Asks SES whether a sender address is verified.
    sender_identities: SenderIdentities
    # Trades a hosted-UI sign-in's authorization code for an ID token.
    token_exchange: TokenExchange

    def context(
        self, actor: Actor, *, tenant_id: str | None = None, correlation_id: str | None = None
    ) -> Context:
        return open_context(
            self.store, actor, self.publisher, self.clock, tenant_id=tenant_id, correlation_id=correlation_id
        )

    @cached_property
    def uploads(self) -> Uploads:
        """Presigned uploads to and links from the documents bucket, on this build's S3 client."""
        from services.api.adapters.uploads import S3Uploads

        return S3Uploads(self.s3, self.settings.documents_bucket)

    @cached_property
    def portal_token_secret(self) -> str:
        """The key vendor link tokens derive from (see `shared.workspace.portal_links`); read on
        first use, so a build that never makes a link never asks SSM."""
        return read_portal_token_secret(
            self.settings.portal_token_secret, self.settings.portal_token_secret_parameter
        )

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


def build(settings: ApiSettings | None = None, **overrides: Any) -> ApiServices:
    """The API's services from `settings` (the environment when None); any field of
    `ApiServices` given in `overrides` is used as is and its adapter never built."""
    config = cache(lambda: settings if settings is not None else ApiSettings())

    def store() -> ItemStore:
        from shared.workspace import DynamoItemStore, workspace_model

        return DynamoItemStore(
            workspace_model(config().table_name, config().aws_region, config().aws_endpoint_url)
        )

    def publisher() -> EventPublisher:
        from shared.aws.bus import EventBridgePublisher

        return EventBridgePublisher(aws_client("events"), config().event_bus_name)

    def clock() -> Clock:
        clock_file = config().coi_clock_file
        return OffsetFileClock(clock_file) if clock_file else SystemClock()

    def correspondence() -> CorrespondenceReader:
        from shared.correspondence import CorrespondenceTable, correspondence_model

        return CorrespondenceTable(
            correspondence_model(config().table_name, config().aws_region, config().aws_endpoint_url)
        )

    def sender_identities() -> SenderIdentities:
        from services.api.adapters.sender_identity import SesSenderIdentities

        return SesSenderIdentities(aws_client("ses"))

    def token_exchange() -> TokenExchange:
        from services.api.adapters.cognito import exchange_code

        return exchange_code

    return assemble(
        ApiServices,
        overrides,
        settings=config,
        store=store,
        publisher=publisher,
        clock=clock,
        s3=lambda: aws_client("s3"),
        correspondence=correspondence,
        sender_identities=sender_identities,
        token_exchange=token_exchange,
    )


_from_environment = built_once(build, ApiSettings)


class _Installed:
    """Services a test (or `coi local`) installed in place of the environment's."""

    services: ApiServices | None = None


def get_services() -> ApiServices:
    return _Installed.services or _from_environment()


def set_services(services: ApiServices) -> None:
    _Installed.services = services


def reset_services() -> None:
    _Installed.services = None
