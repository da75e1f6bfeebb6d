"""The integrations an API world needs for routes with outside preconditions: Procore configured
and backed by the fake Procore, and erp_export run in-process behind the ERP console's bus with an
AP e-mail that can be made to fail. Both are installed through the API's composition-root
overrides (`use_procore`, `install_console`).
`staff_facade` is the Connected Apps wiring on the fake, shared with the Procore functional tests
(which bring their own stores)."""

from __future__ import annotations

import dataclasses

import boto3

from services.api.logic.erp import console_for, install_console
from services.api.logic.procore import use_procore
from services.erp_export import bootstrap as erp_bootstrap
from services.erp_export.settings import ErpSettings
from shared.erp import ErpConsole
from shared.procore.adapters.dynamo_imports import DynamoImportStore, DynamoSyncedValues, DynamoSyncLog
from shared.procore.adapters.dynamodb import DynamoConnectionStore, DynamoIdMap, DynamoSyncHealth
from shared.procore.adapters.workspace_sink import WorkspaceSinkAdapter
from shared.procore.connected_apps import ConnectedApps
from shared.procore.install import authorization_url
from shared.procore.staff import ProcoreForStaff
from shared.procore.wiring import ProcoreIntegration
from tests.fakes.erp_export import ErpServiceOnBus, InMemoryMailer
from tests.fakes.procore import FakeProcore, connected_client_factory
from tests.fakes.procore_stores import (
    InMemoryChangeQueue,
    InMemoryDeliveryLedger,
    RecordingSleeper,
)
from tests.functional.api.conftest import TABLE, World
from tests.unit.procore_sync.test_procore_imports import seeded

STATE_KEY = b"api-test-state-key"
REDIRECT = "https://coi.example.com/integrations/procore/oauth/callback"


def install_fake_procore(world: World) -> FakeProcore:
    """Procore set up for this installation (the fake's client id), on the world's table."""
    fake = seeded()
    install_procore(world, fake)
    return fake


def install_procore(world: World, fake: FakeProcore) -> ProcoreForStaff:
    """Procore backed by `fake`, its stores on the world's table, installed as the API's facade."""
    dynamodb = boto3.client("dynamodb", region_name="us-east-1")
    ids = DynamoIdMap(dynamodb, TABLE)
    deps = ProcoreIntegration(
        connections=DynamoConnectionStore(dynamodb, TABLE),
        ids=ids,
        sink=WorkspaceSinkAdapter(
            world.services.store, world.publisher, world.clock, ids, DynamoSyncedValues(dynamodb, TABLE)
        ),
        ledger=InMemoryDeliveryLedger(),
        queue=InMemoryChangeQueue(),
        clock=world.clock,
        client_for=connected_client_factory(fake, clock=world.clock, sleeper=RecordingSleeper()),
        imports=DynamoImportStore(dynamodb, TABLE),
        log=DynamoSyncLog(dynamodb, TABLE),
        health=DynamoSyncHealth(dynamodb, TABLE),
    )
    facade = staff_facade(fake, deps, state_key=STATE_KEY)
    use_procore(world.services, facade)
    return facade


def staff_facade(fake: FakeProcore, deps: ProcoreIntegration, *, state_key: bytes) -> ProcoreForStaff:
    """Connected Apps over `deps` (its stores, clock and clients), configured for the fake's client
    id so "Connect with Procore" leads to the fake's consent page; states are signed with
    `state_key`."""
    apps = ConnectedApps(
        connections=deps.connections,
        health=deps.health,  # type: ignore[arg-type]
        client_for=deps.client_for,
        clock=deps.clock,
        state_key=state_key,
        authorize_url=lambda state: authorization_url(
            auth_base_url="https://login.procore.com",
            client_id=fake.client_id,
            redirect_uri=REDIRECT,
            state=state,
        ),
        webhook_base_url="https://coi.example.com/integrations",
    )
    return ProcoreForStaff(apps, deps, configured=True)


def install_ap_mailer(world: World) -> InMemoryMailer:
    """erp_export on the world's table and bucket with an in-memory AP mailer and no real backoff
    waits, run in-process for the requests the ERP console publishes (export now, retry)."""
    mailer = InMemoryMailer()
    settings = world.services.settings
    ports = erp_bootstrap.build(
        ErpSettings(table_name=settings.table_name, documents_bucket=settings.documents_bucket),
        s3=world.services.s3,
        clock=world.clock,
        workspace=world.services.store,
        mailer=mailer,
        sleep=lambda seconds: None,
    )
    console = console_for(world.services)
    bus = ErpServiceOnBus(world.publisher, ports)
    install_console(world.services, ErpConsole(dataclasses.replace(console.ports, publisher=bus)))
    return mailer
