"""Procore OAuth: environments, token exchange and refresh with rotating refresh tokens.

Refresh tokens rotate: every refresh returns a new one and invalidates the old one at once, so
the new pair must be stored atomically (a condition on the version read) before it is used. Two
cold starts refreshing at the same moment race; the loser reloads what the winner stored.
Tokens and secrets are never logged and never part of a repr.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal, Protocol

import httpx

from shared.clock import Clock

logger = logging.getLogger(__name__)

AuthMode = Literal["authorization_code", "client_credentials"]
EnvironmentName = Literal["production", "sandbox", "monthly"]

# Refresh this long before expiry so a token never expires in the middle of a batch.
_EXPIRY_MARGIN = timedelta(minutes=2)


@dataclass(frozen=True)
class ProcoreEnvironment:
    auth_base_url: str
    api_base_url: str

    @classmethod
    def named(cls, name: EnvironmentName) -> ProcoreEnvironment:
        return ENVIRONMENTS[name]


ENVIRONMENTS: dict[str, ProcoreEnvironment] = {
    "production": ProcoreEnvironment("https://login.procore.com", "https://api.procore.com"),
    "sandbox": ProcoreEnvironment("https://login-sandbox.procore.com", "https://sandbox.procore.com"),
    "monthly": ProcoreEnvironment(
        "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"
    ),
}


@dataclass(frozen=True)
class OAuthCredentials:
    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str | None = None


@dataclass(frozen=True)
class StoredToken:
    access_token: str = field(repr=False)
    expires_at: datetime
    refresh_token: str | None = field(default=None, repr=False)
    # Optimistic-locking version: a save is conditional on the version that was read.
    version: int = 0


class TokenConflictError(RuntimeError):
    """Another process stored a newer token since this one was read."""


class ProcoreAuthError(RuntimeError):
    """The connection cannot obtain a token (revoked grant, wrong credentials): it must be reconnected."""


class TokenStore(Protocol):
    def load(self, tenant_id: str) -> StoredToken | None: ...

    def save(self, tenant_id: str, token: StoredToken, *, previous_version: int | None) -> None:
        """Store `token` (whose version is previous_version + 1) only if the stored version is still
        `previous_version` (None: nothing stored yet); raise TokenConflictError otherwise."""

    def delete(self, tenant_id: str) -> None: ...


class TokenProvider:
    """Hands out a valid access token for one tenant's Procore connection."""

    def __init__(  # noqa: PLR0913  keyword-only collaborators, built once by client_factory
        self,
        *,
        tenant_id: str,
        mode: AuthMode,
        environment: ProcoreEnvironment,
        credentials: OAuthCredentials,
        store: TokenStore,
        http: httpx.Client,
        clock: Clock,
    ) -> None:
        self._tenant_id = tenant_id
        self._mode = mode
        self._environment = environment
        self._credentials = credentials
        self._store = store
        self._http = http
        self._clock = clock

    def access_token(self) -> str:
        stored = self._store.load(self._tenant_id)
        if stored and stored.expires_at - _EXPIRY_MARGIN > self._clock.now():
            return stored.access_token
        return self._renew(stored).access_token

    def renew_after_rejection(self, rejected_access_token: str) -> str:
        """The API answered 401 to `rejected_access_token`: renew unless someone already did."""
        stored = self._store.load(self._tenant_id)
        if stored and stored.access_token != rejected_access_token:
            return stored.access_token
        return self._renew(stored).access_token

    def exchange_code(self, code: str) -> StoredToken:
        """First install (authorization code grant): store the first token pair."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": self._credentials.client_id,
            "client_secret": self._credentials.client_secret,
        }
        if self._credentials.redirect_uri:
            form["redirect_uri"] = self._credentials.redirect_uri
        stored = self._store.load(self._tenant_id)
        token = self._token_request(form, version=(stored.version + 1) if stored else 1)
        self._store.save(self._tenant_id, token, previous_version=stored.version if stored else None)
        return token

    def revoke(self) -> None:
        """Disconnect: revoke the stored tokens at Procore (`POST {auth}/oauth/revoke`), then delete
        them here. Tokens that can no longer be read (secret rotated) are deleted all the same."""
        try:
            stored = self._store.load(self._tenant_id)
        except ProcoreAuthError:
            stored = None
        for token in (stored.refresh_token, stored.access_token) if stored else ():
            if not token:
                continue
            response = self._http.post(
                f"{self._environment.auth_base_url}/oauth/revoke",
                data={
                    "token": token,
                    "client_id": self._credentials.client_id,
                    "client_secret": self._credentials.client_secret,
                },
            )
            if response.status_code >= 500:
                raise ProcoreAuthUnavailableError(f"Procore revoke endpoint answered {response.status_code}")
        self._store.delete(self._tenant_id)

    def _renew(self, stored: StoredToken | None) -> StoredToken:
        if self._mode == "client_credentials":
            form = {
                "grant_type": "client_credentials",
                "client_id": self._credentials.client_id,
                "client_secret": self._credentials.client_secret,
            }
        else:
            if stored is None or not stored.refresh_token:
                raise ProcoreAuthError(f"tenant {self._tenant_id} has no Procore refresh token; reconnect")
            form = {
                "grant_type": "refresh_token",
                "refresh_token": stored.refresh_token,
                "client_id": self._credentials.client_id,
                "client_secret": self._credentials.client_secret,
            }
        previous_version = stored.version if stored else None
        try:
            token = self._token_request(form, version=(previous_version or 0) + 1)
        except ProcoreAuthError:
            # A concurrent refresh may have rotated the refresh token we sent: use its result.
            latest = self._store.load(self._tenant_id)
            if latest and latest.version != previous_version:
                return latest
            raise
        try:
            self._store.save(self._tenant_id, token, previous_version=previous_version)
        except TokenConflictError:
            latest = self._store.load(self._tenant_id)
            if latest is None:
                raise
            logger.info("procore token rotated concurrently; using the stored one")
            return latest
        logger.info(
            "procore token renewed", extra={"tenant_id": self._tenant_id, "grant": form["grant_type"]}
        )
        return token

    def _token_request(self, form: dict[str, str], *, version: int) -> StoredToken:
        url = f"{self._environment.auth_base_url}/oauth/token"
        try:
            response = self._http.post(url, data=form)
        except httpx.TransportError as exc:
            raise ProcoreAuthUnavailableError(
                f"Procore token endpoint unreachable: {type(exc).__name__}"
            ) from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise ProcoreAuthUnavailableError(f"Procore token endpoint answered {response.status_code}")
        if response.status_code != 200:
            error = _safe_error(response)
            raise ProcoreAuthError(f"Procore refused the {form['grant_type']} grant: {error}")
        body = response.json()
        created_at = self._clock.now()
        return replace(
            StoredToken(
                access_token=body["access_token"],
                expires_at=created_at + timedelta(seconds=int(body.get("expires_in", 5400))),
                refresh_token=body.get("refresh_token"),
            ),
            version=version,
        )


class ProcoreAuthUnavailableError(RuntimeError):
    """The token endpoint is temporarily failing; the work should be retried later."""


def _safe_error(response: httpx.Response) -> str:
    """The OAuth error code only: error descriptions may echo what was sent."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return f"{body['error']} (HTTP {response.status_code})"
    return f"HTTP {response.status_code}"
