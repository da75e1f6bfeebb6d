"""Sign-in (local mode), the caller, tenant settings, users, legal entities, reviewer grants."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from pydantic import BaseModel, ConfigDict, Field

from services.api.auth import AuthError, issue_local_token
from services.api.http import ApiRequest, api_route, call_route, page_route
from services.api.logic.senders import require_verified_sender
from shared import workspace
from shared.workspace import (
    LegalEntityInput,
    NotFound,
    Permission,
    TenantRepository,
    TenantSettingsUpdate,
    UserInput,
    UserUpdate,
    grants_for_reviewer,
)

bp = Blueprint(__name__)


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    email: str = Field(min_length=3, max_length=254)


class GrantRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    email: str = Field(min_length=3, max_length=254)


@api_route(
    bp,
    "/auth/token",
    "POST",
    summary="Sign in (local mode): a token for a seeded user",
    tag="auth",
    auth="public",
    body=TokenRequest,
)
def sign_in(req: ApiRequest) -> dict[str, Any]:
    if req.services.settings.auth_mode != "local":
        raise NotFound("local sign-in")
    try:
        token = issue_local_token(req.body.email, services=req.services)
    except AuthError as exc:
        raise NotFound("user") from exc
    return {"token": token, "token_type": "Bearer"}


@api_route(bp, "/me", summary="The signed-in user, their tenant and (Reviewers) granted tenants", tag="auth")
def me(req: ApiRequest) -> dict[str, Any]:
    assert req.actor is not None
    repo = TenantRepository(req.services.store, req.actor.tenant_id)
    user = repo.user(req.actor.user_id)
    tenants = [{"tenant_id": req.actor.tenant_id, "name": repo.tenant().name}]
    for grant in grants_for_reviewer(req.services.store, req.actor.user_id):
        tenants.append(
            {
                "tenant_id": grant.tenant_id,
                "name": TenantRepository(req.services.store, grant.tenant_id).tenant().name,
            }
        )
    return {"user": user.model_dump(mode="json"), "tenants": tenants}


call_route(
    bp,
    "/tenant",
    "GET",
    workspace.get_tenant,
    summary="The tenant and its settings",
    tag="accounts",
)


@api_route(
    bp,
    "/tenant",
    "PATCH",
    summary="Change the tenant's name or settings (Admin)",
    tag="accounts",
    body=TenantSettingsUpdate,
)
def update_tenant(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    # SES's own verification state, asked before saving (a saved sender also resumes paused mail).
    require_verified_sender(req.services.sender_identities, req.body.sender_email)
    return workspace.update_tenant_settings(req.ctx, req.body)


page_route(
    bp,
    "/users",
    workspace.list_users,
    summary="Users of the tenant",
    tag="accounts",
)


call_route(
    bp,
    "/users",
    "POST",
    workspace.create_user,
    summary="Add a user (Admin)",
    tag="accounts",
    body=UserInput,
    status=201,
)


call_route(
    bp,
    "/users/{user_id}",
    "PATCH",
    workspace.update_user,
    summary="Change a user's name, role or activity (Admin)",
    tag="accounts",
    body=UserUpdate,
)


page_route(
    bp,
    "/legal-entities",
    workspace.list_legal_entities,
    summary="Legal entities of the tenant",
    tag="accounts",
)


call_route(
    bp,
    "/legal-entities",
    "POST",
    workspace.create_legal_entity,
    summary="Add a legal entity (Admin)",
    tag="accounts",
    body=LegalEntityInput,
    status=201,
)


call_route(
    bp,
    "/legal-entities/{entity_id}",
    "PUT",
    workspace.update_legal_entity,
    summary="Change a legal entity (Admin)",
    tag="accounts",
    body=LegalEntityInput,
)


@api_route(
    bp, "/reviewer-grants", summary="Managed-service reviewers allowed on this tenant (Admin)", tag="accounts"
)
def list_grants(req: ApiRequest) -> Any:
    return {
        "items": [g.model_dump(mode="json") for g in workspace.list_reviewer_grants(req.ctx)],
        "next_cursor": None,
    }


@api_route(
    bp,
    "/reviewer-grants",
    "POST",
    summary="Let a Reviewer work this tenant's queue (Admin)",
    tag="accounts",
    body=GrantRequest,
    status=201,
)
def grant(req: ApiRequest) -> Any:
    return workspace.grant_reviewer(req.ctx, req.body.email)


call_route(
    bp,
    "/reviewer-grants/{user_id}",
    "DELETE",
    workspace.revoke_reviewer,
    summary="Withdraw a Reviewer's access (Admin)",
    tag="accounts",
    status=204,
)
