"""Workspace unit tests: the real services and repositories over the in-memory item store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from shared import workspace
from shared.clock import FixedClock
from shared.contracts import Certificate, DocumentInfo, Insurer, Party, Policy, Verdict
from shared.events import CertificateExtracted
from shared.workspace import (
    Actor,
    Contact,
    Context,
    Contract,
    NewContract,
    NewProject,
    Project,
    Role,
    UserInput,
    VendorInput,
    new_id,
    open_context,
)
from tests.fakes.bus import InMemoryPublisher
from tests.fakes.item_store import InMemoryItemStore


@dataclass
class Desk:
    store: InMemoryItemStore
    clock: FixedClock
    publisher: InMemoryPublisher
    admin: Context
    standard: Context
    read_only: Context
    other: Context

    def project(self, number: str = "2231", name: str = "Harbor Point", **extra: object) -> Project:
        return workspace.create_project(
            self.admin, NewProject(number=number, name=name, status="active", **extra)
        )

    def contract(self, project: Project, vendor: str = "Rivera Concrete LLC") -> Contract:
        return workspace.create_contract(
            self.admin,
            project.id,
            NewContract(vendor=VendorInput(name=vendor), contact=Contact(email="ops@vendor.example")),
        )

    def deliver(
        self,
        contract: Contract,
        *,
        policies: list[Policy] | None = None,
        sha256: str | None = None,
        compliant: bool = True,
    ) -> str:
        """Store an automatic verdict as the review handler does; returns the document id."""
        document_id = new_id()
        certificate = Certificate(
            document=DocumentInfo(pages=1, kind="acord25"),
            insured=Party(name=contract.vendor_name),
            insurers=[Insurer(letter="A", name="Travelers Property Casualty Co", naic="25674")],
            policies=policies if policies is not None else [gl_policy()],
        )
        event = CertificateExtracted(
            tenant_id=contract.tenant_id,
            project_id=contract.project_id,
            contract_id=contract.id,
            document_id=document_id,
            bucket="docs",
            key=f"uploads/{contract.tenant_id}/{contract.id}/{document_id}.pdf",
            sha256=sha256 or document_id * 2,
            certificate=certificate,
        )
        deficiencies = (
            []
            if compliant
            else [{"code": "LIMIT_BELOW_REQUIRED", "coverage": "general_liability", "message": "Too low."}]
        )
        verdict = Verdict(compliant=compliant, as_of=self.clock.today(), deficiencies=deficiencies)
        outcome = workspace.store_automatic_verdict(self.admin, event, verdict, received_at=self.clock.now())
        workspace.publish(self.admin, outcome.events)
        return document_id


def gl_policy(
    number: str = "GL-1", effective: date = date(2026, 1, 1), expiration: date = date(2027, 1, 1)
) -> Policy:
    return Policy(
        coverage="general_liability",
        insurer_letter="A",
        policy_number=number,
        effective_date=effective,
        expiration_date=expiration,
        limits={"each_occurrence": 1_000_000},
    )


def _ctx(store: InMemoryItemStore, publisher: InMemoryPublisher, clock: FixedClock, email: str) -> Context:
    from shared.workspace import find_user_by_email

    user = find_user_by_email(store, email)
    assert user is not None
    return open_context(store, Actor(user.id, user.email, user.role, user.tenant_id), publisher, clock)


@pytest.fixture
def desk() -> Desk:
    store = InMemoryItemStore()
    clock = FixedClock(datetime(2026, 5, 1, 12, 0, tzinfo=UTC))
    publisher = InMemoryPublisher()
    workspace.create_tenant(
        store, clock, name="Summit Builders Inc", admin_email="admin@summit.example", admin_name="A"
    )
    workspace.create_tenant(store, clock, name="Other GC", admin_email="admin@other.example", admin_name="O")
    admin = _ctx(store, publisher, clock, "admin@summit.example")
    workspace.create_user(admin, UserInput(email="pm@summit.example", name="P", role=Role.STANDARD))
    workspace.create_user(admin, UserInput(email="ro@summit.example", name="R", role=Role.READ_ONLY))
    return Desk(
        store,
        clock,
        publisher,
        admin,
        _ctx(store, publisher, clock, "pm@summit.example"),
        _ctx(store, publisher, clock, "ro@summit.example"),
        _ctx(store, publisher, clock, "admin@other.example"),
    )
