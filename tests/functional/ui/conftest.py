"""UI functional tests: the Chalice app in-process (chalice.test.Client) over the in-memory item
store and moto's S3, signed in through the real sign-in form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest
from chalice.test import Client
from moto import mock_aws

from services.api.bootstrap import ApiServices, build, reset_services, set_services
from services.api.settings import ApiSettings
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
    find_user_by_email,
    new_id,
    open_context,
)
from tests.fakes.bus import InMemoryPublisher
from tests.fakes.item_store import InMemoryItemStore
from tests.fakes.notify import InMemoryNotifyStore

BUCKET = "coi-documents-ui-test"
ADMIN = "admin@summit.example"
STANDARD = "pm@summit.example"
READ_ONLY = "ro@summit.example"
OTHER_ADMIN = "admin@other.example"


@dataclass
class Site:
    client: Client
    services: ApiServices
    clock: FixedClock

    def ctx(self, email: str = ADMIN) -> Context:
        user = find_user_by_email(self.services.store, email)
        assert user is not None
        return open_context(
            self.services.store,
            Actor(user.id, user.email, user.role, user.tenant_id),
            self.services.publisher,
            self.clock,
        )

    def sign_in(self, email: str = ADMIN) -> str:
        """Signs in through the form; returns the session cookie header value to send."""
        response = self.client.http.post(
            "/sign-in",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=urlencode({"email": email, "next": "/projects"}),
        )
        assert response.status_code == 303, response.body
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        return cookie

    def get(self, path: str, cookie: str | None = None) -> Any:
        return self.client.http.get(path, headers={"Cookie": cookie} if cookie else {})

    def post(self, path: str, cookie: str, form: dict[str, Any], *, csrf: bool = True) -> Any:
        data = dict(form)
        if csrf:
            data["csrf"] = self.csrf(cookie)
        return self.client.http.post(
            path,
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            body=urlencode(data, doseq=True),
        )

    def csrf(self, cookie: str) -> str:
        page = self.get("/review", cookie).body.decode()  # every signed-in page carries it
        match = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def project(self, number: str = "2231", name: str = "Harbor Point") -> Project:
        return workspace.create_project(self.ctx(), NewProject(number=number, name=name, status="active"))

    def contract(self, project: Project, vendor: str = "Rivera Concrete LLC") -> Contract:
        return workspace.create_contract(
            self.ctx(),
            project.id,
            NewContract(vendor=VendorInput(name=vendor), contact=Contact(email="ops@rivera.example")),
        )

    def deliver(self, contract: Contract, *, compliant: bool = True) -> str:
        """An automatic verdict stored as the review handler does; the file itself is in S3."""
        document_id = new_id()
        key = f"uploads/{contract.tenant_id}/{contract.id}/{document_id}.pdf"
        self.services.s3.put_object(
            Bucket=BUCKET, Key=key, Body=b"%PDF-1.4 test", ContentType="application/pdf"
        )
        certificate = Certificate(
            document=DocumentInfo(pages=1, kind="acord25"),
            insured=Party(name=contract.vendor_name),
            insurers=[Insurer(letter="A", name="Travelers Property Casualty Co", naic="25674")],
            policies=[
                Policy(
                    coverage="general_liability",
                    insurer_letter="A",
                    policy_number="GL-1",
                    effective_date=date(2026, 1, 1),
                    expiration_date=date(2027, 1, 1),
                    limits={"each_occurrence": 500_000, "general_aggregate": 2_000_000},
                )
            ],
        )
        event = CertificateExtracted(
            tenant_id=contract.tenant_id,
            project_id=contract.project_id,
            contract_id=contract.id,
            document_id=document_id,
            bucket=BUCKET,
            key=key,
            sha256=document_id * 2,
            certificate=certificate,
        )
        deficiencies = (
            []
            if compliant
            else [
                {
                    "code": "LIMIT_BELOW_REQUIRED",
                    "coverage": "general_liability",
                    "message": "General liability each occurrence is $500,000; $1,000,000 is required.",
                }
            ]
        )
        verdict = Verdict(compliant=compliant, as_of=self.clock.today(), deficiencies=deficiencies)
        ctx = self.ctx()
        outcome = workspace.store_automatic_verdict(ctx, event, verdict, received_at=self.clock.now())
        workspace.publish(ctx, outcome.events)
        return document_id


@pytest.fixture(scope="module")
def s3() -> Iterator[Any]:
    """moto's S3, once per module (starting moto is the slow part); each test gets a fresh store."""
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture
def site(s3: Any) -> Iterator[Site]:
    clock = FixedClock(datetime(2026, 5, 1, 12, 0, tzinfo=UTC))
    services = build(
        ApiSettings(
            table_name="unused-in-memory",
            documents_bucket=BUCKET,
            event_bus_name="coi-bus",
            auth_mode="local",
            local_token_secret="ui-test-secret-0123456789abcdef-0123",
            portal_token_secret="ui-portal-token-secret-0123456789abcdef",
            portal_base_url="http://127.0.0.1:8000/portal",
        ),
        store=InMemoryItemStore(),
        publisher=InMemoryPublisher(),
        clock=clock,
        s3=s3,
        correspondence=InMemoryNotifyStore(),
    )
    set_services(services)
    tenant, admin, _ = workspace.create_tenant(
        services.store, clock, name="Summit Builders Inc", admin_email=ADMIN, admin_name="Ada Admin"
    )
    workspace.create_tenant(
        services.store, clock, name="Other GC", admin_email=OTHER_ADMIN, admin_name="Otto"
    )
    admin_ctx = open_context(
        services.store, Actor(admin.id, admin.email, admin.role, tenant.id), services.publisher, clock
    )
    workspace.create_user(admin_ctx, UserInput(email=STANDARD, name="Sam Standard", role=Role.STANDARD))
    workspace.create_user(admin_ctx, UserInput(email=READ_ONLY, name="Rea Only", role=Role.READ_ONLY))
    from services.api.app import app

    try:
        with Client(app) as client:
            yield Site(client, services, clock)
    finally:
        reset_services()
