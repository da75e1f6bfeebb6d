"""API functional tests: the Chalice app in-process (chalice.test.Client) over moto's DynamoDB
and S3, with an in-memory bus and a pinned clock. Seeds two GC tenants and a managed-service
reviewer tenant."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from chalice.test import Client
from moto import mock_aws

from services.api.auth import issue_local_token
from services.api.bootstrap import ApiServices, build, reset_services, set_services
from services.api.settings import ApiSettings
from shared import workspace
from shared.clock import FixedClock
from shared.workspace import (
    Actor,
    Context,
    DynamoItemStore,
    Role,
    UserInput,
    create_workspace_table,
    open_context,
    workspace_model,
)
from tests.fakes.bus import InMemoryPublisher

TABLE = "coi-workspace-test"
BUCKET = "coi-documents-test"
SECRET = "local-test-secret-0123456789abcdef"


@dataclass
class Account:
    tenant_id: str
    admin: str
    standard: str
    read_only: str
    emails: dict[str, str]


@dataclass
class World:
    client: Client
    services: ApiServices
    publisher: InMemoryPublisher
    clock: FixedClock
    gc: Account
    other: Account
    reviewer_email: str
    reviewer_tenant_id: str

    def headers(self, email: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_local_token(email, services=self.services)}", **extra}

    def ctx(self, email: str) -> Context:
        from shared.workspace import find_user_by_email

        user = find_user_by_email(self.services.store, email)
        assert user is not None
        actor = Actor(user.id, user.email, user.role, user.tenant_id)
        return open_context(self.services.store, actor, self.publisher, self.clock)

    def call(
        self,
        method: str,
        path: str,
        email: str | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        all_headers = {**(self.headers(email) if email else {}), **(headers or {})}
        kwargs: dict[str, Any] = {"headers": {"Content-Type": "application/json", **all_headers}}
        if body is not None:
            import json

            kwargs["body"] = body if isinstance(body, str) else json.dumps(body)
        return getattr(self.client.http, method.lower())(path, **kwargs)


def _account(services: ApiServices, clock: FixedClock, name: str, slug: str) -> Account:
    tenant, admin, _ = workspace.create_tenant(
        services.store, clock, name=name, admin_email=f"admin@{slug}.example", admin_name="Ada Admin"
    )
    ctx = open_context(
        services.store, Actor(admin.id, admin.email, admin.role, tenant.id), InMemoryPublisher(), clock
    )
    standard = workspace.create_user(
        ctx, UserInput(email=f"pm@{slug}.example", name="Sam Standard", role=Role.STANDARD)
    )
    read_only = workspace.create_user(
        ctx, UserInput(email=f"ro@{slug}.example", name="Rea Only", role=Role.READ_ONLY)
    )
    return Account(
        tenant.id,
        admin.email,
        standard.email,
        read_only.email,
        {"admin": admin.email, "standard": standard.email, "read_only": read_only.email},
    )


@contextmanager
def build_world() -> Iterator[World]:
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        model = workspace_model(TABLE, "us-east-1")
        create_workspace_table(model)
        settings = ApiSettings(
            table_name=TABLE,
            documents_bucket=BUCKET,
            event_bus_name="coi-bus",
            auth_mode="local",
            local_token_secret=SECRET,
            portal_token_secret="api-portal-token-secret-0123456789abcdef",
            portal_base_url="http://127.0.0.1:8000/portal",
            api_debug_metrics=True,
        )
        clock = FixedClock(datetime(2026, 5, 1, 12, 0, tzinfo=UTC))
        publisher = InMemoryPublisher()
        services = build(
            settings,
            store=DynamoItemStore(model),
            publisher=publisher,
            clock=clock,
            s3=boto3.client("s3", region_name="us-east-1"),
        )
        set_services(services)
        gc = _account(services, clock, "Summit Builders Inc", "summit")
        other = _account(services, clock, "Other Constructors LLC", "other")
        reviewer_tenant, reviewer, _ = workspace.create_tenant(
            services.store,
            clock,
            name="Review Partners",
            admin_email="reviewer@partners.example",
            admin_name="Rex Reviewer",
            admin_role=Role.REVIEWER,
        )
        from services.api.app import app

        try:
            with Client(app) as client:
                yield World(client, services, publisher, clock, gc, other, reviewer.email, reviewer_tenant.id)
        finally:
            reset_services()


@pytest.fixture
def world() -> Iterator[World]:
    with build_world() as built:
        yield built


@dataclass
class Scenario:
    """Tenant `gc` with an active project, a contract and one certificate waiting for review."""

    project_id: str
    contract_id: str
    vendor_id: str
    document_id: str
    group_id: str
    token: str


def review_ports(world: World) -> Any:
    from services.review.ports import ReviewPorts
    from services.review.rules import check_certificate, unreadable_verdict
    from tests.functional.review.review_events import CARRIERS

    return ReviewPorts(
        store=world.services.store,
        publisher=world.publisher,
        clock=world.clock,
        check_certificate=check_certificate,
        unreadable_verdict=unreadable_verdict,
        carriers=CARRIERS,
    )


def deliver_certificate(
    world: World,
    project_id: str,
    contract_id: str,
    insured: str = "Rivera Concrete LLC",
    **certificate_args: Any,
) -> str:
    """Simulate intake: the uploaded object in S3 and the CertificateExtracted the review queue gets
    (a certificate naming `insured`, which should be the contract's vendor)."""
    from services.review.handlers.review import process_batch
    from tests.functional.review.review_events import compliant_certificate, extracted_envelope, sqs_event_for

    certificate = compliant_certificate(
        insured,
        "Summit Builders Inc",
        ["Summit Builders Inc", "Harbor Point Owner LLC"],
        **certificate_args,
    )
    envelope = extracted_envelope(
        tenant_id=world.gc.tenant_id,
        project_id=project_id,
        contract_id=contract_id,
        certificate=certificate,
        bucket=BUCKET,
    )
    boto3.client("s3", region_name="us-east-1").put_object(
        Bucket=BUCKET, Key=envelope.data.key, Body=b"%PDF-1.7 test", ContentType="application/pdf"
    )
    response = process_batch(sqs_event_for(envelope), None, review_ports(world))
    assert response == {"batchItemFailures": []}
    return envelope.data.document_id


@pytest.fixture
def scenario(world: World) -> Scenario:
    return build_scenario(world)


def build_scenario(world: World) -> Scenario:
    admin = world.gc.admin
    project = world.call(
        "POST",
        "/api/projects",
        admin,
        {
            "number": "2231",
            "name": "Harbor Point",
            "status": "active",
            "address": "100 Harbor Way, Boston",
            "additional_insureds": ["Harbor Point Owner LLC"],
        },
    ).json_body
    contract = world.call(
        "POST",
        f"/api/projects/{project['id']}/contracts",
        admin,
        {
            "vendor": {"name": "Rivera Concrete LLC"},
            "number": "SC-7",
            "contact": {"name": "Rosa Rivera", "email": "rosa@rivera.example", "phone": "555-0100"},
        },
    ).json_body
    token = world.call("POST", f"/api/contracts/{contract['id']}/portal-link", admin).json_body["token"]
    document_id = deliver_certificate(world, project["id"], contract["id"])
    return Scenario(
        project["id"],
        contract["id"],
        contract["vendor_id"],
        document_id,
        contract["requirement_group_id"],
        token,
    )


@dataclass
class Shared:
    """A module-wide world for the route-table tests: tenant `gc` holds one of everything."""

    world: World
    scenario: Scenario
    params: dict[str, str]


@pytest.fixture(scope="module")
def shared() -> Iterator[Shared]:
    from shared.workspace import find_user_by_email

    with build_world() as world:
        scenario = build_scenario(world)
        admin = world.gc.admin
        entity = world.call(
            "POST", "/api/legal-entities", admin, {"name": "Summit Builders of MA LLC"}
        ).json_body
        sample_key = f"samples/{world.gc.tenant_id}/{scenario.project_id}/{'5' * 32}.pdf"
        project = world.call(
            "POST",
            f"/api/projects/{scenario.project_id}/sample-documents",
            admin,
            {"title": "Sample certificate", "key": sample_key, "content_type": "application/pdf"},
        ).json_body
        world.call("POST", "/api/reviewer-grants", admin, {"email": world.reviewer_email})
        reviewer = find_user_by_email(world.services.store, world.reviewer_email)
        standard = find_user_by_email(world.services.store, world.gc.standard)
        assert reviewer is not None
        assert standard is not None
        params = {
            "project_id": scenario.project_id,
            "contract_id": scenario.contract_id,
            "document_id": scenario.document_id,
            "group_id": scenario.group_id,
            "vendor_id": scenario.vendor_id,
            "entity_id": entity["id"],
            "sample_id": project["sample_documents"][0]["id"],
            "user_id": standard.id,
            "reviewer_id": reviewer.id,
            "token": scenario.token,
            "tenant_id": world.gc.tenant_id,
            "requirement_key": "umbrella",
        }
        yield Shared(world, scenario, params)
