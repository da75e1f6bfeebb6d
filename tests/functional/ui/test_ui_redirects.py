"""Every place the UI reads a `next` target sends the browser only to a path on this site."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest

from services.api.auth import issue_local_token
from services.api.ui.redirects import is_safe_redirect_target, safe_redirect_target
from tests.functional.ui.conftest import ADMIN, Site

# Each form a hostile `next` takes, as the decoded value the server reads.
HOSTILE = {
    "tab before a second slash": "/\t/evil.example",
    "newline": "/\n/evil.example",
    "carriage return": "/\r\nSet-Cookie: x=1",
    "nul": "/\x00/evil.example",
    "delete": "/\x7f/evil.example",
    "other control": "/\x1b/evil.example",
    "backslash": "/\\evil.example",
    "backslash first": "\\/evil.example",
    "protocol-relative": "//evil.example/phish",
    "encoded slash": "/%2fevil.example",
    "encoded slash upper case": "/%2F%2Fevil.example",
    "encoded backslash": "/%5cevil.example",
    "double-encoded slash": "/%252fevil.example",
    "encoded tab": "/%09/evil.example",
    "scheme": "https://evil.example/",
    "javascript scheme": "javascript:alert(1)",
    "relative": "evil.example",
    "empty": "",
    "zero-width space": "/\u200b/evil.example",
    "no-break space": "/\u00a0/evil.example",
    "overlong": "/" + "a" * 5000,
}
SAFE = [
    "/projects",
    "/projects/abc",
    "/review?tenant_id=t1&done=ok",
    "/contracts/c1#notes",
    "/search?q=a%20b",
]


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_targets_fall_back_to_the_default(value: str):
    assert not is_safe_redirect_target(value)
    assert safe_redirect_target(value) == "/projects"


@pytest.mark.parametrize("value", SAFE)
def test_same_origin_paths_are_kept(value: str):
    assert safe_redirect_target(value) == value


def test_a_target_that_is_not_text_falls_back():
    assert safe_redirect_target(None) == "/projects"
    assert safe_redirect_target(["/review"]) == "/projects"


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_sign_in_post_never_redirects_off_site(site: Site, value: str):
    response = site.client.http.post(
        "/sign-in",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body=urlencode({"email": ADMIN, "next": value}),
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/projects"


def test_sign_in_post_tab_form_from_the_report(site: Site):
    # The raw body as the probe sent it: `%09` decodes to a tab, `%0A` to a newline.
    for raw in ("/%09/evil.example", "/%0A/evil.example"):
        response = site.client.http.post(
            "/sign-in",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=f"email={quote(ADMIN)}&next={raw}",
        )
        assert response.status_code == 303
        assert response.headers["Location"] == "/projects"


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_sign_in_page_does_not_carry_a_hostile_target_into_the_form(site: Site, value: str):
    response = site.client.http.get(f"/sign-in?{urlencode({'next': value})}")
    assert response.status_code == 200
    assert 'name="next" value="/projects"' in response.body.decode()


def test_sign_in_page_carries_a_safe_target_into_the_form(site: Site):
    response = site.client.http.get("/sign-in?next=/review")
    assert 'name="next" value="/review"' in response.body.decode()


@pytest.mark.parametrize("back", ["/projects/\t/evil.example", "/contracts/%2f%2fevil.example"])
def test_a_contract_action_back_target_stays_on_site(site: Site, back: str):
    project = site.project()
    contract = site.contract(project)
    cookie = site.sign_in()
    response = site.post(f"/contracts/{contract.id}/actions", cookie, {"action": "deactivate", "back": back})
    assert response.status_code == 303
    assert response.headers["Location"] == "/projects?done=deactivated"


@pytest.fixture
def hosted_ui(site: Site) -> None:
    site.services.settings = site.services.settings.model_copy(
        update={"cognito_domain": "https://auth.example.com", "cognito_app_client_id": "client123"}
    )


def _flow_target(set_cookie: str) -> str:
    value = set_cookie.split(";", 1)[0].split("=", 1)[1]
    return value.split(".", 2)[2]


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_cognito_start_keeps_only_a_safe_target(site: Site, hosted_ui: None, value: str):
    response = site.client.http.get(
        f"/auth/start?{urlencode({'next': value})}", headers={"Host": "coi.example.com"}
    )
    assert response.status_code == 303
    assert _flow_target(response.headers["Set-Cookie"]) == "%2Fprojects"


def _callback_with_target(site: Site, raw_target: str) -> str:
    state = "s" * 32
    site.services.token_exchange = lambda *_: issue_local_token(ADMIN, services=site.services)
    response = site.client.http.get(
        f"/auth/callback?code=abc&state={state}",
        headers={"Cookie": f"coi_oauth={state}.verifier.{raw_target}", "Host": "coi.example.com"},
    )
    assert response.status_code == 200, response.body
    return response.body.decode()


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_cognito_callback_refuses_a_tampered_target(site: Site, hosted_ui: None, value: str):
    # The flow cookie is the browser's to edit: the callback checks its target again.
    body = _callback_with_target(site, quote(value, safe=""))
    assert 'url=/projects"' in body


def test_cognito_callback_returns_to_a_safe_target(site: Site, hosted_ui: None):
    assert 'url=/review"' in _callback_with_target(site, quote("/review", safe=""))
