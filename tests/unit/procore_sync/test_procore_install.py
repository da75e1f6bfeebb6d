"""The signed install state and the authorize URL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from shared.procore.install import (
    InstallRequest,
    InvalidStateError,
    authorization_url,
    sign_state,
    verify_state,
)

KEY = b"state-key"
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def test_a_signed_state_names_its_tenant_and_company():
    state = sign_state(InstallRequest("t1", 1001), key=KEY, now=NOW)
    assert verify_state(state, key=KEY, now=NOW + timedelta(minutes=5)) == InstallRequest("t1", 1001)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s[:-2] + ("A" if s[-2] != "A" else "B") + s[-1],  # signature changed
        lambda s: "eyJ0IjoidDIiLCJjIjoxMDAxLCJlIjo5OTk5OTk5OTk5fQ." + s.split(".")[1],  # other tenant
        lambda s: s.replace(".", ""),
        lambda s: "%%%.%%%",
    ],
)
def test_a_forged_or_mangled_state_is_refused(mangle):
    state = sign_state(InstallRequest("t1", 1001), key=KEY, now=NOW)
    with pytest.raises(InvalidStateError, match="not valid"):
        verify_state(mangle(state), key=KEY, now=NOW)


def test_a_state_signed_with_another_key_is_refused():
    state = sign_state(InstallRequest("t1", 1001), key=b"other", now=NOW)
    with pytest.raises(InvalidStateError):
        verify_state(state, key=KEY, now=NOW)


def test_an_old_state_has_expired():
    state = sign_state(InstallRequest("t1", 1001), key=KEY, now=NOW)
    with pytest.raises(InvalidStateError, match="expired"):
        verify_state(state, key=KEY, now=NOW + timedelta(hours=1))


def test_the_authorize_url_carries_the_oauth_parameters():
    url = authorization_url(
        auth_base_url="https://login-sandbox.procore.com/",
        client_id="cid",
        redirect_uri="https://coi.example.com/api/procore/oauth/callback",
        state="abc.def",
    )
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("login-sandbox.procore.com", "/oauth/authorize")
    assert parse_qs(parts.query) == {
        "response_type": ["code"],
        "client_id": ["cid"],
        "redirect_uri": ["https://coi.example.com/api/procore/oauth/callback"],
        "state": ["abc.def"],
    }
