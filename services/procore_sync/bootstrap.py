"""The composition root of procore_sync: settings read once, adapters built lazily once per cold
start. Tests build `Dependencies` themselves (every field can be a fake) instead of patching."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

import httpx

from services.procore_sync.auth import (
    AuthMode,
    OAuthCredentials,
    ProcoreEnvironment,
    TokenProvider,
    TokenStore,
)
from services.procore_sync.client import ProcoreClient, RealSleeper, RetryPolicy, Sleeper
from services.procore_sync.imports import ImportStore, ProjectImporter, SyncLog
from services.procore_sync.install import InstallRequest
from services.procore_sync.links import ProcoreLinks
from services.procore_sync.ports import (
    ChangeQueue,
    ConnectionStore,
    CursorStore,
    DeliveryLedger,
    IdMap,
    ProcoreConnection,
    PushWatermark,
    SyncedValues,
    SyncHealthStore,
    WorkspaceSink,
)
from services.procore_sync.settings import ProcoreSettings
from shared.clock import Clock, OffsetFileClock, SystemClock
from shared.procore_pushes import PushRecords


@dataclass
class Dependencies:
    connections: ConnectionStore
    ids: IdMap
    sink: WorkspaceSink
    cursors: CursorStore
    ledger: DeliveryLedger
    queue: ChangeQueue
    clock: Clock
    client_for: Callable[[ProcoreConnection], ProcoreClient]
    own_application_id: str | None = None
    insurance_scope: str = "project"
    idempotency_table_name: str = ""
    watermark: PushWatermark | None = None
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


def client_factory(
    *,
    environment: ProcoreEnvironment,
    credentials: OAuthCredentials,
    tokens: TokenStore,
    http: httpx.Client,
    clock: Clock,
    sleeper: Sleeper,
    retry: RetryPolicy | None = None,
) -> Callable[[ProcoreConnection], ProcoreClient]:
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


@cache
def settings() -> ProcoreSettings:
    return ProcoreSettings()  # read from the environment


def _ssm_secret(name: str) -> str:
    from shared.aws.clients import aws_client

    response = aws_client("ssm").get_parameter(Name=name, WithDecryption=True)
    return str(response["Parameter"]["Value"])


@cache
def _client_secret(config: ProcoreSettings) -> str:
    if not config.procore_client_id:
        return ""  # Procore not set up here: its SSM parameters may not exist either
    if config.procore_client_secret is not None:
        return config.procore_client_secret.get_secret_value()
    if config.procore_client_secret_parameter:
        return _ssm_secret(config.procore_client_secret_parameter)
    return ""


@cache
def _state_secret(config: ProcoreSettings) -> str:
    """Signs install states and keys the token encryption."""
    if config.procore_state_secret is not None and config.procore_state_secret.get_secret_value():
        return config.procore_state_secret.get_secret_value()
    if config.procore_state_secret_parameter and config.procore_client_id:
        return _ssm_secret(config.procore_state_secret_parameter)
    return _client_secret(config)


def _environment(config: ProcoreSettings) -> ProcoreEnvironment:
    named = ProcoreEnvironment.named(config.procore_environment)
    return ProcoreEnvironment(
        auth_base_url=config.procore_auth_base_url or named.auth_base_url,
        api_base_url=config.procore_api_base_url or named.api_base_url,
    )


def _web_base_url(config: ProcoreSettings) -> str:
    if config.procore_web_base_url:
        return config.procore_web_base_url.rstrip("/")
    return {
        "production": "https://app.procore.com",
        "sandbox": "https://sandbox.procore.com",
        "monthly": "https://sandbox-monthly.procore.com",
    }.get(config.procore_environment, "https://app.procore.com")


@cache
def dependencies() -> Dependencies:
    return build_dependencies(settings())


def build_dependencies(config: ProcoreSettings) -> Dependencies:
    from services.procore_sync.adapters.dynamo_imports import (
        DynamoImportStore,
        DynamoSyncedValues,
        DynamoSyncLog,
    )
    from services.procore_sync.adapters.dynamodb import (
        DynamoConnectionStore,
        DynamoCursorStore,
        DynamoDeliveryLedger,
        DynamoIdMap,
        DynamoPushWatermark,
        DynamoSyncHealth,
        DynamoTokenStore,
    )
    from services.procore_sync.adapters.sqs import SqsChangeQueue
    from services.procore_sync.adapters.workspace_sink import workspace_sink
    from shared.aws.bus import EventBridgePublisher
    from shared.aws.clients import aws_client
    from shared.procore_pushes import DynamoPushRecords

    clock: Clock = OffsetFileClock(config.coi_clock_file) if config.coi_clock_file else SystemClock()
    dynamodb = aws_client("dynamodb")
    ids = DynamoIdMap(dynamodb, config.table_name)
    synced = DynamoSyncedValues(dynamodb, config.table_name)
    environment = _environment(config)
    credentials = OAuthCredentials(
        client_id=config.procore_client_id,
        client_secret=_client_secret(config),
        redirect_uri=redirect_uri(config),
    )
    http = httpx.Client(timeout=config.procore_timeout_seconds)
    return Dependencies(
        connections=DynamoConnectionStore(dynamodb, config.table_name),
        ids=ids,
        sink=workspace_sink(
            config.table_name,
            ids=ids,
            publisher=EventBridgePublisher(aws_client("events"), config.event_bus_name),
            clock=clock,
            region=config.aws_region,
            host=config.aws_endpoint_url,
            synced=synced,
        ),
        cursors=DynamoCursorStore(dynamodb, config.table_name),
        ledger=DynamoDeliveryLedger(dynamodb, config.table_name, clock),
        queue=SqsChangeQueue(aws_client("sqs"), config.procore_inbound_queue_url),
        clock=clock,
        client_for=client_factory(
            environment=environment,
            credentials=credentials,
            tokens=DynamoTokenStore(dynamodb, config.table_name, _token_cipher(config)),
            http=http,
            clock=clock,
            sleeper=RealSleeper(),
            retry=RetryPolicy(max_wait_seconds=config.procore_max_wait_seconds),
        ),
        own_application_id=config.procore_application_id,
        insurance_scope=config.procore_insurance_scope,
        idempotency_table_name=config.idempotency_table_name,
        watermark=DynamoPushWatermark(dynamodb, config.table_name),
        imports=DynamoImportStore(dynamodb, config.table_name),
        log=DynamoSyncLog(dynamodb, config.table_name),
        links=ProcoreLinks(_web_base_url(config)),
        health=DynamoSyncHealth(dynamodb, config.table_name),
        synced=synced,
        pushes=DynamoPushRecords(dynamodb, config.table_name),
    )


def _token_cipher(config: ProcoreSettings) -> Any:
    from services.procore_sync.adapters.token_cipher import TokenCipher, UnavailableCipher

    secret = _state_secret(config)
    # Without the secret nothing can be stored or read; the status page still works and says so.
    return TokenCipher(secret.encode()) if secret else UnavailableCipher()


@cache
def connected_apps() -> Any:
    """The Connected Apps use cases with the deployed settings."""
    return build_connected_apps(settings(), dependencies())


def build_connected_apps(config: ProcoreSettings, deps: Dependencies) -> Any:
    from services.procore_sync.connected_apps import ConnectedApps
    from services.procore_sync.install import authorization_url

    def authorize(state: str) -> str:
        return authorization_url(
            auth_base_url=_environment(config).auth_base_url,
            client_id=config.procore_client_id,
            redirect_uri=redirect_uri(config),
            state=state,
        )

    assert deps.health is not None
    return ConnectedApps(
        connections=deps.connections,
        health=deps.health,
        client_for=deps.client_for,
        clock=deps.clock,
        state_key=_state_secret(config).encode(),
        authorize_url=authorize,
        webhook_base_url=config.procore_webhook_base_url,
        web_base_url=_web_base_url(config),
        insurance_scope=config.procore_insurance_scope,
    )


def redirect_uri(config: ProcoreSettings) -> str:
    return config.procore_redirect_uri or f"{config.procore_webhook_base_url.rstrip('/')}{CALLBACK_PATH}"


@dataclass(frozen=True)
class IdempotentPush:
    """The idempotent push and its config (the handler registers the Lambda context on it)."""

    push: Callable[..., dict[str, Any]]
    config: Any

    def __call__(self, *, envelope: dict[str, Any]) -> dict[str, Any]:
        return self.push(envelope=envelope)


def idempotent_push(deps: Dependencies, persistence_store: Any | None = None) -> IdempotentPush:
    """`push_compliance` wrapped in Powertools idempotency, keyed on the envelope's idempotency key."""
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    from services.procore_sync.outbound import PushResult, push_compliance
    from services.procore_sync.push_log import PushLog, logged
    from shared.events import ComplianceChanged

    if persistence_store is None:
        from shared.aws.clients import aws_client

        persistence_store = DynamoDBPersistenceLayer(
            table_name=deps.idempotency_table_name, boto3_client=aws_client("dynamodb")
        )
    config = IdempotencyConfig(
        event_key_jmespath="metadata.idempotency_key",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=7 * 24 * 3600,
    )

    push_log = PushLog(ids=deps.ids, links=deps.links, log=deps.log, pushes=deps.pushes)

    def push_envelope(envelope: dict[str, Any]) -> dict[str, Any]:
        def push(event: ComplianceChanged) -> PushResult:
            return push_compliance(
                event,
                idempotency_key=envelope["metadata"]["idempotency_key"],
                connections=deps.connections,
                ids=deps.ids,
                client_for=deps.client_for,
                default_scope=deps.insurance_scope,  # type: ignore[arg-type]
                watermark=deps.watermark,
                changed_at=datetime.fromisoformat(envelope["metadata"]["created_at"]),
            )

        event = ComplianceChanged.model_validate(envelope["data"])
        return logged(push, push_log, deps.clock.now)(event).as_dict()

    wrapped: Callable[..., Any] = idempotent_function(
        data_keyword_argument="envelope",
        persistence_store=persistence_store,
        config=config,
        key_prefix="procore_sync.push_compliance",
    )(push_envelope)
    return IdempotentPush(wrapped, config)


@cache
def outbound_push() -> IdempotentPush:
    return idempotent_push(dependencies())


def connect_from_environment(
    tenant_id: str,
    company_id: int,
    *,
    our_api_base_url: str,
    authorization_code: str | None = None,
    insurance_scope: str = "project",
    sync_insurances: bool = True,
) -> Any:
    """Operators' entry (CLI, install callback): connect a tenant with the deployed settings."""
    from services.procore_sync.connect import connect_tenant

    deps = dependencies()
    mode: AuthMode = "authorization_code" if authorization_code else "client_credentials"
    client = deps.client_for(ProcoreConnection(tenant_id, company_id, mode))
    return connect_tenant(
        tenant_id=tenant_id,
        company_id=company_id,
        client=client,
        connections=deps.connections,
        our_api_base_url=our_api_base_url,
        tokens=client.token_provider,
        authorization_code=authorization_code,
        insurance_scope=insurance_scope,  # type: ignore[arg-type]
        sync_insurances=sync_insurances,
    )


CALLBACK_PATH = "/procore/oauth/callback"


@dataclass
class Installer:
    state_key: bytes
    clock: Clock
    connect: Callable[[InstallRequest, str], Any]


@cache
def installer() -> Installer:
    config = settings()
    key = _state_secret(config)
    if not key:
        raise RuntimeError("PROCORE_STATE_SECRET (or the client secret) is required for installs")

    def connect(request: InstallRequest, code: str) -> Any:
        return connected_apps().finish_authorization(request, code)

    return Installer(state_key=key.encode(), clock=dependencies().clock, connect=connect)


def start_install_url(tenant_id: str, company_id: int = 0) -> str:
    """Where a staff admin's browser goes to approve the install (the API redirects there)."""
    from services.procore_sync.install import sign_state

    setup = installer()
    state = sign_state(InstallRequest(tenant_id, company_id), key=setup.state_key, now=setup.clock.now())
    return str(connected_apps().authorize_url(state))


def disconnect_from_environment(tenant_id: str) -> int:
    from services.procore_sync.connect import disconnect_tenant

    deps = dependencies()
    connection = deps.connections.get(tenant_id)
    if connection is None:
        raise LookupError(f"tenant {tenant_id} has no Procore connection")
    return disconnect_tenant(
        connection,
        client=deps.client_for(connection),
        connections=deps.connections,
        our_api_base_url=settings().procore_webhook_base_url,
    )
