"""Who is calling: Cognito JWTs in AWS, HS256 tokens signed with LOCAL_TOKEN_SECRET locally.

The token names the user; the role and tenant always come from the stored user, so a role
change or deactivation takes effect on the next request.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import jwt

from shared.workspace import Actor, NotFound, TenantRepository, User, find_user_by_email

if TYPE_CHECKING:
    from services.api.bootstrap import ApiServices

_LOCAL_ISSUER = "coi-local"


class AuthError(Exception):
    """Missing, invalid or expired credentials (401)."""


def issue_local_token(email: str, *, services: ApiServices | None = None) -> str:
    """A signed token for a seeded user (`coi local token EMAIL`, `POST /api/auth/token`)."""
    from services.api.bootstrap import get_services

    services = services or get_services()
    settings = services.settings
    if settings.auth_mode != "local" or settings.local_token_secret is None:
        raise AuthError("local tokens are only issued when AUTH_MODE=local")
    user = find_user_by_email(services.store, email)
    if user is None or not user.active:
        raise AuthError("no active user with that email")
    now = datetime.now(UTC)
    claims = {
        "iss": _LOCAL_ISSUER,
        "sub": user.id,
        "tid": user.tenant_id,
        "email": user.email,
        "iat": now,
        "exp": now + timedelta(hours=settings.local_token_hours),
    }
    return jwt.encode(claims, settings.local_token_secret.get_secret_value(), algorithm="HS256")


def _bearer(headers: dict[str, str]) -> str:
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("sign in first: send Authorization: Bearer <token>")
    return token.strip()


def _local_user(services: ApiServices, token: str) -> User:
    assert services.settings.local_token_secret is not None
    try:
        claims = jwt.decode(
            token,
            services.settings.local_token_secret.get_secret_value(),
            algorithms=["HS256"],
            issuer=_LOCAL_ISSUER,
            options={"require": ["exp", "sub", "tid"]},
        )
        return TenantRepository(services.store, str(claims["tid"])).user(str(claims["sub"]))
    except (jwt.PyJWTError, NotFound) as exc:
        raise AuthError("invalid or expired token") from exc


def _cognito_email(services: ApiServices, token: str, request_context: dict[str, Any] | None) -> str:
    # Behind API Gateway's Cognito authorizer the claims are already verified.
    claims = ((request_context or {}).get("authorizer") or {}).get("claims")
    if not claims:
        settings = services.settings
        pool = settings.cognito_user_pool_id
        if not pool:
            raise AuthError("authentication is not configured")
        region = pool.split("_", 1)[0]
        try:
            key = services.jwks.get_signing_key_from_jwt(token)
            claims = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                issuer=f"https://cognito-idp.{region}.amazonaws.com/{pool}",
                options={"verify_aud": False},
            )
        except jwt.PyJWTError as exc:
            raise AuthError("invalid or expired token") from exc
        # ID tokens carry `aud`, access tokens `client_id`; either must be our app client.
        client = claims.get("aud") or claims.get("client_id")
        if settings.cognito_app_client_id and client != settings.cognito_app_client_id:
            raise AuthError("token issued for another application")
    email = claims.get("email") or claims.get("username")
    if not email:
        raise AuthError("the token carries no email")
    return str(email)


def authenticate(services: ApiServices, headers: dict[str, str], request_context: Any = None) -> Actor:
    token = _bearer(headers)
    if services.settings.auth_mode == "local":
        user = _local_user(services, token)
    else:
        found = find_user_by_email(services.store, _cognito_email(services, token, request_context))
        if found is None:
            raise AuthError("no user for this sign-in")
        user = found
    if not user.active:
        raise AuthError("this user is deactivated")
    return Actor(user_id=user.id, email=user.email, role=user.role, tenant_id=user.tenant_id)
