"""`GET /procore/oauth/callback` through Chalice's test client: the install finishes in Procore."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from chalice import Chalice
from chalice.test import Client

from services.api.routes.procore_webhooks import make_blueprint
from shared.clock import FixedClock
from shared.procore.auth import ENVIRONMENTS, OAuthCredentials, TokenProvider
from shared.procore.client import ProcoreClient
from shared.procore.connect import ConnectRequest, connect_tenant
from shared.procore.install import InstallRequest, sign_state
from shared.procore.wiring import Installer
from tests.fakes.procore import FakeProcore
from tests.fakes.procore_stores import InMemoryConnectionStore, InMemoryTokenStore, RecordingSleeper

KEY = b"install-state-key"
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def world():
    fake = FakeProcore()
    clock = FixedClock(NOW)
    connections = InMemoryConnectionStore()
    tokens = InMemoryTokenStore()
    http = httpx.Client(transport=fake.transport())

    def connect(request: InstallRequest, code: str):
        provider = TokenProvider(
            tenant_id=request.tenant_id,
            mode="authorization_code",
            environment=ENVIRONMENTS["production"],
            credentials=OAuthCredentials(fake.client_id, fake.client_secret),
            store=tokens,
            http=http,
            clock=clock,
        )
        client = ProcoreClient(
            http=http,
            api_base_url=ENVIRONMENTS["production"].api_base_url,
            company_id=request.company_id,
            tokens=provider,
            sleeper=RecordingSleeper(),
            clock=clock,
        )
        return connect_tenant(
            ConnectRequest(
                tenant_id=request.tenant_id,
                company_id=request.company_id,
                our_api_base_url="https://coi.example.com/api",
                authorization_code=code,
            ),
            client=client,
            connections=connections,
            tokens=provider,
        )

    def no_dependencies():
        raise AssertionError("the callback needs no webhook dependencies")

    app = Chalice(app_name="procore-install-test")
    app.register_blueprint(make_blueprint(no_dependencies, lambda: Installer(KEY, clock, connect)))
    return {"app": app, "fake": fake, "connections": connections, "tokens": tokens}


def callback(world, **params: str):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    with Client(world["app"]) as client:
        return client.http.get(f"/procore/oauth/callback?{query}")


def test_the_callback_connects_the_tenant_named_by_the_signed_state(world):
    # GIVEN an admin approved the install started for tenant t1 / company 1001
    state = sign_state(InstallRequest("t1", world["fake"].company_id), key=KEY, now=NOW)
    code = world["fake"].issue_authorization_code()
    # WHEN Procore redirects the browser back
    response = callback(world, code=code, state=state)
    # THEN the browser goes back to Connected Apps, and the tenant is connected: tokens, hook and
    # connection stored
    assert response.status_code == 303
    assert response.headers["Location"] == "/settings/connected-apps?procore=connected"
    connection = world["connections"].get("t1")
    assert connection is not None
    assert connection.company_id == world["fake"].company_id
    assert world["tokens"].tokens["t1"].refresh_token
    assert len(world["fake"].hooks) == 1


def test_a_tampered_state_connects_nothing(world):
    state = sign_state(InstallRequest("t1", 1001), key=b"not-our-key", now=NOW)
    response = callback(world, code=world["fake"].issue_authorization_code(), state=state)
    assert response.status_code == 400
    assert b"not valid" in response.body
    assert world["connections"].connections == {}


def test_a_denied_install_says_so(world):
    response = callback(world, error="access_denied")
    assert response.status_code == 400
    assert b"access_denied" in response.body


def test_a_code_procore_refuses_is_a_clear_400(world):
    state = sign_state(InstallRequest("t1", 1001), key=KEY, now=NOW)
    response = callback(world, code="used-or-made-up", state=state)
    assert response.status_code == 400
    assert b"Procore refused the authorization" in response.body
    assert world["connections"].connections == {}
