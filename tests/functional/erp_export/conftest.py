"""moto-backed fixtures for erp_export: the workspace table and the bucket; the API in-process."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from shared.workspace import create_workspace_table, workspace_model
from tests.lambda_events import LambdaContext, eventbridge_event, sqs_event

TABLE = "coi-workspace-erp-test"
BUCKET = "coi-documents-erp-test"


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")
        create_workspace_table(workspace_model(TABLE, "us-east-1"))
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        yield {"dynamodb": dynamodb, "s3": s3}


def _sqs_event(*bodies: str) -> dict[str, Any]:
    return sqs_event(*bodies, queue="coi-erp-test")


def _eventbridge_body(envelope_json: str, detail_type: str) -> str:
    return json.dumps(eventbridge_event(detail_type, json.loads(envelope_json), source="coi.review"))


@pytest.fixture
def make_sqs_event():
    return _sqs_event


@pytest.fixture
def make_eventbridge_body():
    return _eventbridge_body


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext("coi-erp-export-test", remaining_ms=300_000)


# ---------------------------------------------------------------- the API (staff routes and pages)

API_TABLE = "coi-workspace-erp-api-test"
API_BUCKET = "coi-documents-erp-api-test"
API_SECRET = "local-test-secret-0123456789abcdef"


@pytest.fixture
def api_world() -> Iterator[dict[str, Any]]:
    """The Chalice app in-process over moto, one GC tenant (admin, standard, read-only users),
    a project with three vendors' contracts, and the ERP state their compliance events left."""
    from datetime import UTC, datetime

    from chalice.test import Client

    from services.api.bootstrap import build, reset_services, set_services
    from services.api.logic.erp import console_for, install_console
    from services.api.settings import ApiSettings
    from services.erp_export import bootstrap as erp_bootstrap
    from services.erp_export.settings import ErpSettings
    from shared import workspace
    from shared.clock import FixedClock
    from shared.erp import ErpConsole
    from shared.workspace import (
        Actor,
        Contact,
        DynamoItemStore,
        NewContract,
        NewProject,
        ProjectStatus,
        Role,
        UserInput,
        VendorInput,
        open_context,
    )
    from tests.fakes.bus import InMemoryPublisher
    from tests.fakes.erp_export import ErpServiceOnBus

    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=API_BUCKET)
        model = workspace_model(API_TABLE, "us-east-1")
        create_workspace_table(model)
        clock = FixedClock(datetime(2026, 5, 1, 12, 0, tzinfo=UTC))
        publisher = InMemoryPublisher()
        store = DynamoItemStore(model)
        s3 = boto3.client("s3", region_name="us-east-1")
        # erp_export as its request queue runs it, in-process (no real backoff waits)
        erp_ports = erp_bootstrap.build(
            ErpSettings(table_name=API_TABLE, documents_bucket=API_BUCKET),
            s3=s3,
            clock=clock,
            workspace=store,
            sleep=lambda seconds: None,
        )
        services = build(
            ApiSettings(
                table_name=API_TABLE,
                documents_bucket=API_BUCKET,
                event_bus_name="coi-bus",
                auth_mode="local",
                local_token_secret=API_SECRET,
                portal_token_secret="erp-portal-token-secret-0123456789abcdef",
            ),
            store=store,
            publisher=publisher,
            clock=clock,
            s3=s3,
        )
        set_services(services)
        bus = ErpServiceOnBus(publisher, erp_ports)
        install_console(services, ErpConsole(dataclasses.replace(console_for(services).ports, publisher=bus)))
        tenant, admin, _ = workspace.create_tenant(
            services.store,
            clock,
            name="Summit Builders Inc",
            admin_email="admin@summit.example",
            admin_name="Ada",
        )
        ctx = open_context(
            services.store, Actor(admin.id, admin.email, admin.role, tenant.id), publisher, clock
        )
        workspace.create_user(ctx, UserInput(email="pm@summit.example", name="Sam", role=Role.STANDARD))
        workspace.create_user(ctx, UserInput(email="ro@summit.example", name="Rea", role=Role.READ_ONLY))
        other, _, _ = workspace.create_tenant(
            services.store, clock, name="Other GC", admin_email="admin@other.example", admin_name="Oz"
        )
        project = workspace.create_project(
            ctx, NewProject(number="2231", name="Harbor View", status=ProjectStatus.ACTIVE)
        )
        contracts = {}
        for name, code, number in (
            ("Rivera Concrete LLC", "RIV001", "SC-001"),
            ("Pacific Drywall Co", None, "SC-002"),
            ("Bay Electric Inc", "BAYELECTRIC01", "SC-003"),
        ):
            contract = workspace.create_contract(
                ctx,
                project.id,
                NewContract(
                    vendor=VendorInput(name=name, code=code),
                    number=number,
                    contact=Contact(email=f"office@{name.split()[0].lower()}.example"),
                ),
            )
            contracts[name] = contract
        from services.erp_export.adapters.dynamodb import DynamoExportStateStore
        from services.erp_export.logic.exporter import record_compliance
        from shared.events import ComplianceChanged

        # the compliance erp_export's queue would have recorded

        states = DynamoExportStateStore(boto3.client("dynamodb", region_name="us-east-1"), API_TABLE)
        for envelope in publisher.published:
            if isinstance(envelope.data, ComplianceChanged):
                record_compliance(envelope, states)
        from services.api.app import app

        try:
            with Client(app) as client:
                yield {
                    "client": client,
                    "services": services,
                    "ctx": ctx,
                    "tenant_id": tenant.id,
                    "other_tenant_id": other.id,
                    "project": project,
                    "contracts": contracts,
                    "clock": clock,
                    "erp_bus": bus,
                    "erp_ports": erp_ports,
                }
        finally:
            reset_services()
