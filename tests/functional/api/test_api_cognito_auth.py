"""Cognito mode: tokens verified against the user pool's keys (a local RSA key stands in for the
JWKS endpoint), or claims already verified by API Gateway's Cognito authorizer."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from services.api.auth import AuthError, authenticate
from shared.workspace import Role
from tests.functional.api.conftest import Shared

POOL = "us-east-1_TestPool1"
CLIENT = "app-client-123"
ISSUER = f"https://cognito-idp.us-east-1.amazonaws.com/{POOL}"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class _SigningKey:
    key: Any


class _PoolKeys:
    """Stands in for PyJWKClient: the pool's public key for any token."""

    def get_signing_key_from_jwt(self, token: str) -> _SigningKey:
        return _SigningKey(KEY.public_key())


def _cognito_services(shared: Shared) -> Any:
    settings = shared.world.services.settings.model_copy(
        update={"auth_mode": "cognito", "cognito_user_pool_id": POOL, "cognito_app_client_id": CLIENT}
    )
    services = replace(shared.world.services, settings=settings)
    services.__dict__["jwks"] = _PoolKeys()
    return services


def _token(email: str, *, issuer: str = ISSUER, audience: str = CLIENT, key: Any = KEY) -> str:
    now = int(time.time())
    claims = {"iss": issuer, "aud": audience, "email": email, "token_use": "id", "iat": now, "exp": now + 600}
    return jwt.encode(claims, key, algorithm="RS256")


def test_a_pool_token_signs_in_the_stored_user_with_their_stored_role(shared: Shared):
    services = _cognito_services(shared)

    actor = authenticate(services, {"authorization": f"Bearer {_token(shared.world.gc.read_only)}"})

    assert (actor.email, actor.role, actor.tenant_id) == (
        shared.world.gc.read_only,
        Role.READ_ONLY,
        shared.world.gc.tenant_id,
    )


def test_tokens_from_another_pool_client_or_key_are_refused(shared: Shared):
    services = _cognito_services(shared)
    email = shared.world.gc.admin
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for token in (
        _token(email, issuer="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"),
        _token(email, audience="someone-elses-client"),
        _token(email, key=other_key),
        _token("stranger@nowhere.example"),
    ):
        with pytest.raises(AuthError):
            authenticate(services, {"authorization": f"Bearer {token}"})


def test_claims_verified_by_api_gateway_are_used_as_they_are(shared: Shared):
    services = _cognito_services(shared)
    context = {"authorizer": {"claims": {"email": shared.world.gc.standard}}}

    actor = authenticate(services, {"authorization": "Bearer verified-upstream"}, context)

    assert actor.role == Role.STANDARD
