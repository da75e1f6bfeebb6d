"""The hosted-UI sign-in flow (authorization code + PKCE) with a fake token endpoint."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest

from services.api.auth import issue_local_token
from tests.functional.ui.conftest import ADMIN, Site

DOMAIN = "https://summit.auth.us-east-1.amazoncognito.com"


@pytest.fixture
def hosted_ui(site: Site) -> list[tuple[str, ...]]:
    site.services.settings = site.services.settings.model_copy(
        update={"cognito_domain": DOMAIN, "cognito_app_client_id": "client123"}
    )
    return []


def test_start_sends_the_browser_to_the_hosted_ui_with_pkce(site: Site, hosted_ui):
    response = site.client.http.get("/auth/start?next=/review", headers={"Host": "coi.example.com"})
    location = urlsplit(response.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    flow = response.headers["Set-Cookie"]
    state, verifier = flow.split("=", 1)[1].split(";")[0].split(".")[:2]
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{DOMAIN}/oauth2/authorize"
    assert query["client_id"] == "client123"
    assert query["redirect_uri"] == "http://coi.example.com/auth/callback"
    assert query["state"] == state
    expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert query["code_challenge"] == expected
    assert "HttpOnly" in flow
    assert "SameSite=Lax" in flow


def test_callback_with_the_right_state_signs_in(site: Site, hosted_ui):
    # GIVEN a started flow, and a token endpoint that answers with a valid token
    started = site.client.http.get("/auth/start?next=/review", headers={"Host": "coi.example.com"})
    flow = started.headers["Set-Cookie"].split(";")[0]
    state = flow.split("=", 1)[1].split(".")[0]

    def fake_exchange(domain: str, client: str, code: str, redirect_uri: str, verifier: str) -> str:
        hosted_ui.append((domain, client, code, redirect_uri, verifier))
        return issue_local_token(ADMIN, services=site.services)

    site.services.token_exchange = fake_exchange
    # WHEN Cognito sends the browser back with a code
    response = site.client.http.get(
        f"/auth/callback?code=abc&state={state}", headers={"Cookie": flow, "Host": "coi.example.com"}
    )
    # THEN the code was exchanged with the flow's verifier and a session cookie is set
    assert response.status_code == 200
    assert hosted_ui[0][2] == "abc"
    assert hosted_ui[0][4] == flow.split(".")[1]
    assert response.headers["Set-Cookie"].startswith("coi_session=")
    assert 'url=/review"' in response.body.decode()


def test_callback_with_a_foreign_state_is_refused(site: Site, hosted_ui):
    started = site.client.http.get("/auth/start", headers={"Host": "coi.example.com"})
    flow = started.headers["Set-Cookie"].split(";")[0]
    response = site.client.http.get("/auth/callback?code=abc&state=forged", headers={"Cookie": flow})
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers
