"""Review handler tests: the handler over moto's DynamoDB with the real rules engine, an
in-memory bus and a pinned clock; one GC tenant with a project and a contract."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from moto import mock_aws

from services.review.ports import ReviewPorts
from services.review.rules import check_certificate, unreadable_verdict
from shared import workspace
from shared.clock import FixedClock
from shared.workspace import (
    Actor,
    Contact,
    Context,
    Contract,
    DynamoItemStore,
    NewContract,
    NewProject,
    Project,
    VendorInput,
    create_workspace_table,
    open_context,
    workspace_model,
)
from tests.fakes.bus import InMemoryPublisher
from tests.functional.review.review_events import CARRIERS


@dataclass
class ReviewWorld:
    ports: ReviewPorts
    publisher: InMemoryPublisher
    clock: FixedClock
    ctx: Context
    project: Project
    contract: Contract


@pytest.fixture
def review_world() -> Iterator[ReviewWorld]:
    with mock_aws():
        model = workspace_model("coi-review-test", "us-east-1")
        create_workspace_table(model)
        store = DynamoItemStore(model)
        clock = FixedClock(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
        publisher = InMemoryPublisher()
        tenant, admin, _ = workspace.create_tenant(
            store, clock, name="Summit Builders Inc", admin_email="admin@summit.example", admin_name="Ada"
        )
        ctx = open_context(store, Actor(admin.id, admin.email, admin.role, tenant.id), publisher, clock)
        project = workspace.create_project(
            ctx, NewProject(number="2231", name="Harbor Point", status="active")
        )
        contract = workspace.create_contract(
            ctx,
            project.id,
            NewContract(
                vendor=VendorInput(name="Rivera Concrete LLC"), contact=Contact(email="ops@rivera.example")
            ),
        )
        publisher.published.clear()
        ports = ReviewPorts(
            store=store,
            publisher=publisher,
            clock=clock,
            check_certificate=check_certificate,
            unreadable_verdict=unreadable_verdict,
            carriers=CARRIERS,
        )
        yield ReviewWorld(ports, publisher, clock, ctx, project, contract)
