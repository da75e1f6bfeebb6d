"""Connected Apps: connect (consent page or service account), choose the company, status,
disconnect, against the fake Procore."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from shared.clock import FixedClock
from shared.procore.auth import ENVIRONMENTS, OAuthCredentials
from shared.procore.connected_apps import ConnectedApps, ConnectionProblem
from shared.procore.install import authorization_url, verify_state
from shared.procore.webhook import authorization_matches
from shared.procore.wiring import client_factory
from tests.fakes.procore import FakeProcore
from tests.fakes.procore_stores import (
    InMemoryConnectionStore,
    InMemorySyncHealth,
    InMemoryTokenStore,
    RecordingSleeper,
)

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
KEY = b"state-key-for-tests"
REDIRECT = "https://coi.example.com/integrations/procore/oauth/callback"


@pytest.fixture
def world():
    fake = FakeProcore()
    tokens = InMemoryTokenStore()
    http = httpx.Client(transport=fake.transport())
    clock = FixedClock(NOW)
    env = ENVIRONMENTS["production"]
    apps = ConnectedApps(
        connections=InMemoryConnectionStore(),
        health=InMemorySyncHealth(),
        client_for=client_factory(
            environment=env,
            credentials=OAuthCredentials(fake.client_id, fake.client_secret, REDIRECT),
            tokens=tokens,
            http=http,
            clock=clock,
            sleeper=RecordingSleeper(),
        ),
        clock=clock,
        state_key=KEY,
        authorize_url=lambda state: authorization_url(
            auth_base_url=env.auth_base_url, client_id=fake.client_id, redirect_uri=REDIRECT, state=state
        ),
        webhook_base_url="https://coi.example.com/integrations",
    )
    return fake, apps, tokens, http


def approve_on_consent_page(fake: FakeProcore, http: httpx.Client, url: str, decision: str = "approve"):
    """What the admin's browser does: open Procore's page, press Allow; returns the callback query."""
    page = http.get(url)
    assert page.status_code == 200
    assert "Authorize application" in page.text
    form = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    answer = http.post("https://login.procore.com/oauth/authorize", data={**form, "decision": decision})
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(REDIRECT)
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def test_connecting_through_the_consent_page_connects_the_only_company(world):
    fake, apps, tokens, http = world
    # GIVEN staff of t1 start the connection
    url = apps.start_authorization("t1")
    # WHEN the Procore user approves on Procore's page and the callback finishes it
    answer = approve_on_consent_page(fake, http, url)
    request = verify_state(answer["state"], key=KEY, now=NOW)
    view = apps.finish_authorization(request, answer["code"])
    # THEN t1 is connected to the user's one company, as that user, with tokens and a hook
    assert view.status == "connected"
    body = view.to_json()
    assert body["connected_as"] == "Pat Morgan (pat.morgan@summit.example)"
    assert body["company"] == {"id": 1001, "name": "Summit Builders Inc"}
    assert body["auth_mode"] == "authorization_code"
    assert body["connected_at"] == NOW.isoformat()
    assert tokens.tokens["t1"].refresh_token
    (hook,) = fake.hooks.values()
    assert hook["destination_url"] == "https://coi.example.com/integrations/webhooks/procore/t1"
    connection = apps.connections.get("t1")
    assert connection is not None
    assert authorization_matches(hook["destination_headers"], connection.webhook_authorization)


def test_a_user_with_several_companies_chooses_one(world):
    fake, apps, _tokens, http = world
    fake.companies.append({"id": 2002, "name": "Summit West LLC", "is_active": True})
    answer = approve_on_consent_page(fake, http, apps.start_authorization("t1"))
    # WHEN the callback finishes
    view = apps.finish_authorization(verify_state(answer["state"], key=KEY, now=NOW), answer["code"])
    # THEN staff are asked to choose, no hook yet, deliveries refused
    assert view.status == "choose_company"
    assert [c.id for c in view.companies] == [1001, 2002]
    assert fake.hooks == {}
    assert apps.status("t1").status == "choose_company"
    # AND choosing one that is not theirs is refused in plain words
    with pytest.raises(ConnectionProblem, match="not one this connection can see"):
        apps.choose_company("t1", 9999)
    # AND choosing theirs connects
    assert apps.choose_company("t1", 1001).status == "connected"
    assert len(fake.hooks) == 1


def test_a_service_account_connects_with_client_credentials(world):
    fake, apps, tokens, _http = world
    view = apps.connect_service_account("t1")
    assert view.status == "connected"
    assert view.auth_mode == "client_credentials"
    assert tokens.tokens["t1"].refresh_token is None
    assert len(fake.hooks) == 1


def test_status_shows_last_sync_and_last_error(world):
    _fake, apps, _tokens, _http = world
    assert apps.status("t1").to_json()["status"] == "not_connected"
    apps.connect_service_account("t1")
    apps.health.record("t1", at=NOW)
    apps.health.record("t1", at=NOW, error="Procore answered 403 for vendor 5")
    body = apps.status("t1").to_json()
    assert body["last_sync_at"] == NOW.isoformat()
    assert body["last_error"] == "Procore answered 403 for vendor 5"
    assert body["procore_url"] == "https://app.procore.com/1001/company/home"


def test_disconnecting_removes_the_hook_revokes_and_deletes_the_tokens(world):
    fake, apps, tokens, http = world
    answer = approve_on_consent_page(fake, http, apps.start_authorization("t1"))
    apps.finish_authorization(verify_state(answer["state"], key=KEY, now=NOW), answer["code"])
    refresh = tokens.tokens["t1"].refresh_token
    # WHEN staff disconnect
    view = apps.disconnect("t1")
    # THEN nothing of the connection remains, here or at Procore
    assert view.status == "not_connected"
    assert fake.hooks == {}
    assert fake.refresh_tokens[refresh or ""] is False
    assert "t1" not in tokens.tokens
    assert apps.connections.get("t1") is None


def test_a_denied_consent_comes_back_as_an_error(world):
    fake, apps, _tokens, http = world
    answer = approve_on_consent_page(fake, http, apps.start_authorization("t1"), decision="deny")
    assert answer["error"] == "access_denied"
    assert "code" not in answer


def test_triggers_procore_does_not_support_are_refused_by_the_fake(world):
    fake, apps, _tokens, _http = world
    apps.connect_service_account("t1")
    (hook_id,) = fake.hooks
    client = apps.client_for(apps.connections.get("t1"))  # type: ignore[arg-type]
    response = client._http.post(
        f"https://api.procore.com/rest/v1.0/webhooks/hooks/{hook_id}/triggers",
        json={"company_id": 1001, "trigger": {"resource_name": "Projects", "event_type": "delete"}},
        headers={
            "Authorization": f"Bearer {client.token_provider.access_token()}",
            "Procore-Company-Id": "1001",
        },
    )
    assert response.status_code == 422
