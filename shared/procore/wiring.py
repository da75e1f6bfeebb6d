"""Wiring the Procore integration from its settings: what both procore_sync's composition root and
the API's Procore routes build (the stores on the workspace table, an HTTP client per connection,
Connected Apps, the install state key), so neither imports the other.

`integration_factories(settings, overrides)` gives one factory per field of `ProcoreIntegration`;
`shared.runtime.assemble` calls only those not overridden (a test's fake is used as is, the real
adapter never built). The adapters a factory needs (`ids` for the sink, say) are taken from the
overrides too, so a fake given once is the one used everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from shared.clock import Clock, OffsetFileClock, SystemClock
from shared.procore.auth import OAuthCredentials, ProcoreEnvironment, TokenProvider, TokenStore
from shared.procore.client import ProcoreClient, RealSleeper, RetryPolicy, Sleeper
from shared.procore.connected_apps import ConnectedApps
from shared.procore.imports import ImportStore, ProjectImporter, SyncLog
from shared.procore.install import InstallRequest, authorization_url
from shared.procore.links import ProcoreLinks
from shared.procore.ports import (
    ChangeQueue,
    ConnectionStore,
    DeliveryLedger,
    IdMap,
    SyncedValues,
    SyncHealthStore,
    WorkspaceSink,
)
from shared.procore.pushes import PushRecords
from shared.procore.records import ProcoreConnection
from shared.procore.settings import ProcoreAppSettings
from shared.runtime import assemble

CALLBACK_PATH = "/procore/oauth/callback"
ClientFor = Callable[[ProcoreConnection], ProcoreClient]


@dataclass
class ProcoreIntegration:
    """The integration's ports: what the API's Procore routes and procore_sync's use cases take."""

    connections: ConnectionStore
    ids: IdMap
    sink: WorkspaceSink
    ledger: DeliveryLedger
    queue: ChangeQueue
    clock: Clock
    client_for: ClientFor
    own_application_id: str | None = None
    insurance_scope: str = "project"
    # Set once staff choose what to import (Connected Apps); without them every project of the
    # company flows in (the behaviour before import choices, kept for the older tests).
    imports: ImportStore | None = None
    log: SyncLog | None = None
    links: ProcoreLinks = field(default_factory=ProcoreLinks)
    health: SyncHealthStore | None = None
    synced: SyncedValues | None = None
    # What each compliance push sent, for the contract page (shared read model).
    pushes: PushRecords | None = None

    def importer_for(self, connection: ProcoreConnection) -> ProjectImporter | None:
        if self.imports is None or self.log is None:
            return None
        return ProjectImporter(
            client=self.client_for(connection),
            sink=self.sink,
            ids=self.ids,
            imports=self.imports,
            log=self.log,
            links=self.links,
            clock=self.clock,
        )


@dataclass(frozen=True)
class Installer:
    """The end of an authorization-code install: the state's key, the clock, and the connect."""

    state_key: bytes
    clock: Clock
    connect: Callable[[InstallRequest, str], Any]


def client_factory(  # noqa: PLR0913  keyword-only: the collaborators every tenant's client shares
    *,
    environment: ProcoreEnvironment,
    credentials: OAuthCredentials,
    tokens: TokenStore,
    http: httpx.Client,
    clock: Clock,
    sleeper: Sleeper,
    retry: RetryPolicy | None = None,
) -> ClientFor:
    def client_for(connection: ProcoreConnection) -> ProcoreClient:
        provider = TokenProvider(
            tenant_id=connection.tenant_id,
            mode=connection.auth_mode,
            environment=environment,
            credentials=credentials,
            store=tokens,
            http=http,
            clock=clock,
        )
        return ProcoreClient(
            http=http,
            api_base_url=environment.api_base_url,
            company_id=connection.company_id,
            tokens=provider,
            sleeper=sleeper,
            clock=clock,
            retry=retry,
        )

    return client_for


def _ssm_secret(name: str) -> str:
    from shared.aws.clients import aws_client

    response = aws_client("ssm").get_parameter(Name=name, WithDecryption=True)
    return str(response["Parameter"]["Value"])


@functools.cache
def client_secret(config: ProcoreAppSettings) -> str:
    if not config.procore_client_id:
        return ""  # Procore not set up here: its SSM parameters may not exist either
    if config.procore_client_secret is not None:
        return config.procore_client_secret.get_secret_value()
    if config.procore_client_secret_parameter:
        return _ssm_secret(config.procore_client_secret_parameter)
    return ""


@functools.cache
def state_secret(config: ProcoreAppSettings) -> str:
    """Signs install states and keys the token encryption."""
    if config.procore_state_secret is not None and config.procore_state_secret.get_secret_value():
        return config.procore_state_secret.get_secret_value()
    if config.procore_state_secret_parameter and config.procore_client_id:
        return _ssm_secret(config.procore_state_secret_parameter)
    return client_secret(config)


def environment(config: ProcoreAppSettings) -> ProcoreEnvironment:
    named = ProcoreEnvironment.named(config.procore_environment)
    return ProcoreEnvironment(
        auth_base_url=config.procore_auth_base_url or named.auth_base_url,
        api_base_url=config.procore_api_base_url or named.api_base_url,
    )


def web_base_url(config: ProcoreAppSettings) -> str:
    if config.procore_web_base_url:
        return config.procore_web_base_url.rstrip("/")
    return {
        "production": "https://app.procore.com",
        "sandbox": "https://sandbox.procore.com",
        "monthly": "https://sandbox-monthly.procore.com",
    }.get(config.procore_environment, "https://app.procore.com")


def redirect_uri(config: ProcoreAppSettings) -> str:
    return config.procore_redirect_uri or f"{config.procore_webhook_base_url.rstrip('/')}{CALLBACK_PATH}"


def token_cipher(config: ProcoreAppSettings) -> Any:
    from shared.procore.adapters.token_cipher import TokenCipher, UnavailableCipher

    secret = state_secret(config)
    # Without the secret nothing can be stored or read; the status page still works and says so.
    return TokenCipher(secret.encode()) if secret else UnavailableCipher()


def clock_of(config: ProcoreAppSettings) -> Clock:
    return OffsetFileClock(config.coi_clock_file) if config.coi_clock_file else SystemClock()


def integration_factories(
    config: ProcoreAppSettings, overrides: Mapping[str, Any]
) -> dict[str, Callable[[], Any]]:
    """One factory per field of `ProcoreIntegration`, each building its adapter on `config`."""

    def shared(name: str, make: Callable[[], Any]) -> Callable[[], Any]:
        made = functools.cache(make)
        return lambda: overrides[name] if name in overrides else made()

    @functools.cache
    def dynamodb() -> Any:
        from shared.aws.clients import aws_client

        return aws_client("dynamodb")

    def make_ids() -> Any:
        from shared.procore.adapters.dynamodb import DynamoIdMap

        return DynamoIdMap(dynamodb(), config.table_name)

    def make_synced() -> Any:
        from shared.procore.adapters.dynamo_imports import DynamoSyncedValues

        return DynamoSyncedValues(dynamodb(), config.table_name)

    clock = shared("clock", lambda: clock_of(config))
    ids = shared("ids", make_ids)
    synced = shared("synced", make_synced)

    def connections() -> Any:
        from shared.procore.adapters.dynamodb import DynamoConnectionStore

        return DynamoConnectionStore(dynamodb(), config.table_name)

    def sink() -> Any:
        from shared.aws.bus import EventBridgePublisher
        from shared.aws.clients import aws_client
        from shared.procore.adapters.workspace_sink import workspace_sink

        return workspace_sink(
            config.table_name,
            ids=ids(),
            publisher=EventBridgePublisher(aws_client("events"), config.event_bus_name),
            clock=clock(),
            region=config.aws_region,
            host=config.aws_endpoint_url,
            synced=synced(),
        )

    def ledger() -> Any:
        from shared.procore.adapters.dynamodb import DynamoDeliveryLedger

        return DynamoDeliveryLedger(dynamodb(), config.table_name, clock())

    def queue() -> Any:
        from shared.aws.clients import aws_client
        from shared.procore.adapters.sqs import SqsChangeQueue

        return SqsChangeQueue(aws_client("sqs"), config.procore_inbound_queue_url)

    def client_for() -> ClientFor:
        from shared.procore.adapters.dynamodb import DynamoTokenStore

        return client_factory(
            environment=environment(config),
            credentials=OAuthCredentials(
                client_id=config.procore_client_id,
                client_secret=client_secret(config),
                redirect_uri=redirect_uri(config),
            ),
            tokens=DynamoTokenStore(dynamodb(), config.table_name, token_cipher(config)),
            http=httpx.Client(timeout=config.procore_timeout_seconds),
            clock=clock(),
            sleeper=RealSleeper(),
            retry=RetryPolicy(max_wait_seconds=config.procore_max_wait_seconds),
        )

    def imports() -> Any:
        from shared.procore.adapters.dynamo_imports import DynamoImportStore

        return DynamoImportStore(dynamodb(), config.table_name)

    def log() -> Any:
        from shared.procore.adapters.dynamo_imports import DynamoSyncLog

        return DynamoSyncLog(dynamodb(), config.table_name)

    def health() -> Any:
        from shared.procore.adapters.dynamodb import DynamoSyncHealth

        return DynamoSyncHealth(dynamodb(), config.table_name)

    def pushes() -> Any:
        from shared.procore.pushes import DynamoPushRecords

        return DynamoPushRecords(dynamodb(), config.table_name)

    return {
        "connections": connections,
        "ids": ids,
        "sink": sink,
        "ledger": ledger,
        "queue": queue,
        "clock": clock,
        "client_for": client_for,
        "own_application_id": lambda: config.procore_application_id,
        "insurance_scope": lambda: config.procore_insurance_scope,
        "imports": imports,
        "log": log,
        "links": lambda: ProcoreLinks(web_base_url(config)),
        "health": health,
        "synced": synced,
        "pushes": pushes,
    }


def build_integration(config: ProcoreAppSettings | None = None, **overrides: Any) -> ProcoreIntegration:
    """The integration's ports from `config` (the environment when None)."""
    config = config if config is not None else ProcoreAppSettings()
    return assemble(ProcoreIntegration, overrides, **integration_factories(config, overrides))


def build_connected_apps(config: ProcoreAppSettings, integration: ProcoreIntegration) -> ConnectedApps:
    def authorize(state: str) -> str:
        return authorization_url(
            auth_base_url=environment(config).auth_base_url,
            client_id=config.procore_client_id,
            redirect_uri=redirect_uri(config),
            state=state,
        )

    assert integration.health is not None
    return ConnectedApps(
        connections=integration.connections,
        health=integration.health,
        client_for=integration.client_for,
        clock=integration.clock,
        state_key=state_secret(config).encode(),
        authorize_url=authorize,
        webhook_base_url=config.procore_webhook_base_url,
        web_base_url=web_base_url(config),
        insurance_scope=config.procore_insurance_scope,
    )


def build_installer(config: ProcoreAppSettings | None = None) -> Installer:
    """The OAuth callback's needs with the deployed settings (the environment when None)."""
    config = config if config is not None else ProcoreAppSettings()
    key = state_secret(config)
    if not key:
        raise RuntimeError("PROCORE_STATE_SECRET (or the client secret) is required for installs")
    integration = build_integration(config)
    apps = build_connected_apps(config, integration)
    return Installer(state_key=key.encode(), clock=integration.clock, connect=apps.finish_authorization)
