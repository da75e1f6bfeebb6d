"""Cognito's token endpoint: the ID token for a hosted-UI authorization code (PKCE)."""

from __future__ import annotations

import httpx

from services.api.auth import AuthError


def exchange_code(domain: str, client_id: str, code: str, redirect_uri: str, verifier: str) -> str:
    """The ID token for an authorization code (Cognito's token endpoint)."""
    response = httpx.post(
        f"{domain.rstrip('/')}/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "client_id": client_id,
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        },
        timeout=10,
    )
    if response.status_code != 200:
        raise AuthError("the sign-in could not be completed; try again")
    return str(response.json()["id_token"])
