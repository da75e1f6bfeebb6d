"""Connecting a tenant: first token, webhook hook + triggers, stored connection; rotation."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

import httpx

from shared.clock import FixedClock
from shared.procore.auth import ENVIRONMENTS, OAuthCredentials, TokenProvider
from shared.procore.client import ProcoreClient
from shared.procore.connect import WEBHOOK_RESOURCES, ConnectRequest, connect_tenant, disconnect_tenant
from shared.procore.webhook import authorization_matches
from tests.fakes.procore import FakeProcore
from tests.fakes.procore_stores import InMemoryConnectionStore, InMemoryTokenStore, RecordingSleeper

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
OUR_API = "https://coi.example.com/api"


def wiring(fake: FakeProcore, mode: str):
    clock = FixedClock(NOW)
    http = httpx.Client(transport=fake.transport())
    tokens = InMemoryTokenStore()
    provider = TokenProvider(
        tenant_id="t1",
        mode=mode,  # type: ignore[arg-type]
        environment=ENVIRONMENTS["production"],
        credentials=OAuthCredentials(fake.client_id, fake.client_secret, "https://coi.example.com/cb"),
        store=tokens,
        http=http,
        clock=clock,
    )
    client = ProcoreClient(
        http=http,
        api_base_url=ENVIRONMENTS["production"].api_base_url,
        company_id=fake.company_id,
        tokens=provider,
        sleeper=RecordingSleeper(),
        clock=clock,
    )
    return provider, client, tokens


def test_an_authorization_code_install_stores_tokens_hook_triggers_and_connection():
    # GIVEN a company admin approved the install (Procore handed us a code)
    fake = FakeProcore()
    provider, client, tokens = wiring(fake, "authorization_code")
    code = fake.issue_authorization_code()
    store = InMemoryConnectionStore()
    secrets = (f"secret-{n}" for n in count())
    # WHEN the tenant is connected
    result = connect_tenant(
        ConnectRequest(
            tenant_id="t1",
            company_id=fake.company_id,
            our_api_base_url=OUR_API,
            authorization_code=code,
        ),
        client=client,
        connections=store,
        tokens=provider,
        new_secret=lambda: next(secrets),
    )
    # THEN the first token pair is stored, the hook points at our route with the secret header
    assert tokens.tokens["t1"].refresh_token
    hook = fake.hooks[result.hook_id]
    assert hook["destination_url"] == "https://coi.example.com/api/webhooks/procore/t1"
    assert hook["destination_headers"] == {"Authorization": "Bearer secret-0"}
    assert hook["api_version"] == "v4.0"
    # AND each resource has exactly the triggers Procore lists for it (no delete for Projects
    # and Company Vendors: creating one would be refused)
    triggers = {(t["resource_name"], t["event_type"]) for t in fake.triggers[result.hook_id]}
    assert triggers == {
        (r, e)
        for r in WEBHOOK_RESOURCES
        for e in ("create", "update", "delete")
        if not (e == "delete" and r in ("Projects", "Company Vendors"))
    }
    discovery = [r for r in fake.requests if r.url.path == "/rest/v1.0/webhooks/resources"]
    assert [r.url.params["company_id"] for r in discovery] == [str(fake.company_id)]
    # AND the stored connection accepts exactly what Procore will send
    connection = store.get("t1")
    assert connection is not None
    assert connection.auth_mode == "authorization_code"
    assert authorization_matches(hook["destination_headers"], connection.webhook_authorization)


def test_connecting_again_rotates_the_secret_on_the_same_hook():
    fake = FakeProcore()
    _, client, _ = wiring(fake, "client_credentials")
    store = InMemoryConnectionStore()
    secrets = (f"secret-{n}" for n in count())

    def connect():
        return connect_tenant(
            ConnectRequest(
                tenant_id="t1",
                company_id=fake.company_id,
                our_api_base_url=OUR_API,
            ),
            client=client,
            connections=store,
            new_secret=lambda: next(secrets),
        )

    first = connect()
    second = connect()
    assert (second.hook_id, second.hook_created, second.triggers_added) == (first.hook_id, False, 0)
    assert len(fake.hooks) == 1
    assert fake.hooks[first.hook_id]["destination_headers"] == {"Authorization": "Bearer secret-1"}
    connection = store.get("t1")
    assert connection is not None
    assert connection.webhook_authorization == "Bearer secret-1"
    assert connection.auth_mode == "client_credentials"


def test_disconnecting_disables_deletes_the_hook_and_revokes_the_tokens():
    # GIVEN a connected tenant (authorization code install)
    fake = FakeProcore()
    provider, client, tokens = wiring(fake, "authorization_code")
    store = InMemoryConnectionStore()
    connect_tenant(
        ConnectRequest(
            tenant_id="t1",
            company_id=fake.company_id,
            our_api_base_url=OUR_API,
            authorization_code=fake.issue_authorization_code(),
        ),
        client=client,
        connections=store,
        tokens=provider,
    )
    connection = store.get("t1")
    assert connection is not None
    refresh = tokens.tokens["t1"].refresh_token
    access = tokens.tokens["t1"].access_token
    # WHEN it is disconnected
    deleted = disconnect_tenant(connection, client=client, connections=store, our_api_base_url=OUR_API)
    # THEN nothing can reach us or act for us any more
    assert deleted == 1
    assert fake.hooks == {}
    stored = store.get("t1")
    assert stored is not None
    assert (stored.enabled, stored.webhook_authorization) == (False, "")
    # AND the tokens are revoked at Procore and deleted here
    assert fake.refresh_tokens[refresh or ""] is False
    assert access not in fake.access_tokens
    assert "t1" not in tokens.tokens


def test_a_hook_made_with_payload_v2_moves_to_v4_when_connecting_again():
    # GIVEN a hook created by an earlier version, delivering payload v2
    fake = FakeProcore()
    _, client, _ = wiring(fake, "client_credentials")
    store = InMemoryConnectionStore()
    secrets = (f"secret-{n}" for n in count())
    first = connect_tenant(
        ConnectRequest(
            tenant_id="t1",
            company_id=fake.company_id,
            our_api_base_url=OUR_API,
        ),
        client=client,
        connections=store,
        new_secret=lambda: next(secrets),
    )
    fake.hooks[first.hook_id]["api_version"] = "v2"
    # WHEN the tenant connects again
    connect_tenant(
        ConnectRequest(
            tenant_id="t1",
            company_id=fake.company_id,
            our_api_base_url=OUR_API,
        ),
        client=client,
        connections=store,
        new_secret=lambda: next(secrets),
    )
    # THEN the same hook now delivers payload v4.0 (string ids, `reason`, no `metadata`)
    assert fake.hooks[first.hook_id]["api_version"] == "v4.0"
    delivery = fake.delivery_for_hook(first.hook_id, "Projects", 11)
    assert (delivery["reason"], delivery["resource_id"]) == ("update", "11")
    assert "metadata" not in delivery
