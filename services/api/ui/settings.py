"""Admin settings pages: Team (sender identity with its SES verification state, reply-to, link
and expiry windows), Legal entities (and the projects assigned to each), Requirements and review
(the default requirement group, auto-approve), with Users and roles at `/users`; and each
contract's message history. Everything goes through the same use cases as the JSON API."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response
from pydantic import ValidationError

from services.api.logic.senders import require_verified_sender
from services.api.ui.web import UiRequest, page, redirect
from shared import workspace
from shared.workspace import (
    InvalidInput,
    LegalEntityInput,
    Permission,
    Project,
    RequirementGroupInput,
    TenantSettingsUpdate,
)

bp = Blueprint(__name__)

_VERIFICATION_WORDS = {
    "verified": "Verified in Amazon SES",
    "not_verified": "Not verified in Amazon SES",
    "unknown": "Could not ask Amazon SES",
}


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error.get("loc", ()))
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid"))


def _render(req: UiRequest, template: str, status: int = 200, **values: Any) -> Response:
    return req.render(template, status, saved=req.query.get("saved") == "1", **values)


# ---------------------------------------------------------------- team


def _team(req: UiRequest, status: int = 200, error: str | None = None) -> Response:
    tenant = workspace.get_tenant(req.ctx)
    sender = tenant.settings.sender_email
    verification = req.services.sender_identities.verification(sender) if sender else None
    return _render(
        req,
        "settings_team.html",
        status,
        tenant=tenant,
        verification=verification,
        verification_words=_VERIFICATION_WORDS.get(verification or "", ""),
        error=error,
    )


@page(bp, "/settings")
def team(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    return _team(req)


@page(bp, "/settings", ("POST",))
def save_team(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    try:
        change = TenantSettingsUpdate(
            name=req.field("name") or None,
            sender_name=req.field("sender_name"),
            sender_email=req.field("sender_email"),
            reply_to=req.field("reply_to"),
            expiring_soon_days=int(req.field("expiring_soon_days") or 30),
            portal_link_days=int(req.field("portal_link_days") or 180),
        )
    except ValidationError as exc:
        return _team(req, 400, _first_error(exc))
    except ValueError:
        return _team(req, 400, "days must be whole numbers")
    try:
        require_verified_sender(req.services.sender_identities, change.sender_email)
    except InvalidInput as exc:
        return _team(req, 400, str(exc))
    workspace.update_tenant_settings(req.ctx, change)
    return redirect("/settings?saved=1")


# ---------------------------------------------------------------- legal entities


def _all_projects(req: UiRequest) -> list[Project]:
    found: list[Project] = []
    cursor = None
    while True:
        page_ = workspace.list_projects(req.ctx, cursor=cursor, limit=200)
        found.extend(page_.items)
        cursor = page_.next_cursor
        if not cursor:
            return found


def _entities(req: UiRequest, status: int = 200, error: str | None = None) -> Response:
    entities = workspace.list_legal_entities(req.ctx, limit=200).items
    projects = _all_projects(req)
    assigned = {e.id: [p for p in projects if p.legal_entity_id == e.id] for e in entities}
    unassigned = [p for p in projects if not p.legal_entity_id]
    return _render(
        req,
        "settings_entities.html",
        status,
        entities=entities,
        assigned=assigned,
        unassigned=unassigned,
        error=error,
    )


@page(bp, "/settings/legal-entities")
def legal_entities(req: UiRequest) -> Response:
    return _entities(req)


@page(bp, "/settings/legal-entities", ("POST",))
def add_legal_entity(req: UiRequest) -> Response:
    try:
        data = LegalEntityInput(name=req.field("name"), address=req.field("address") or None)
    except ValidationError as exc:
        return _entities(req, 400, _first_error(exc))
    workspace.create_legal_entity(req.ctx, data)
    return redirect("/settings/legal-entities?saved=1")


@page(bp, "/settings/legal-entities/{entity_id}", ("POST",))
def change_legal_entity(req: UiRequest) -> Response:
    try:
        data = LegalEntityInput(name=req.field("name"), address=req.field("address") or None)
    except ValidationError as exc:
        return _entities(req, 400, _first_error(exc))
    workspace.update_legal_entity(req.ctx, req.params["entity_id"], data)
    return redirect("/settings/legal-entities?saved=1")


# ---------------------------------------------------------------- requirements and review


@page(bp, "/settings/review")
def review_settings(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    groups = [g for g in workspace.list_requirement_groups(req.ctx, limit=200).items if not g.project_id]
    return _render(req, "settings_review.html", tenant=workspace.get_tenant(req.ctx), groups=groups)


@page(bp, "/settings/review", ("POST",))
def save_review_settings(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    group_id = req.field("default_group")
    if group_id:
        group = workspace.get_requirement_group(req.ctx, group_id)
        if not group.is_default:
            data = RequirementGroupInput.model_validate(
                group.model_dump(
                    include={
                        "name",
                        "coverages",
                        "minimum_am_best",
                        "allow_umbrella_to_satisfy_limits",
                        "required_documents",
                        "vendor_instructions",
                    }
                )
            )
            workspace.update_requirement_group(req.ctx, group.id, data, make_default=True)
    workspace.update_tenant_settings(
        req.ctx, TenantSettingsUpdate(auto_approve_compliant=req.field("auto_approve") == "on")
    )
    return redirect("/settings/review?saved=1")


# ---------------------------------------------------------------- contract message history


@page(bp, "/contracts/{contract_id}/messages")
def contract_messages(req: UiRequest) -> Response:
    """The history on a page of its own (older links); the contract's Messages tab shows the same."""
    from services.api.ui.contract_tabs import message_history

    req.ctx.require(Permission.READ)
    contract = req.ctx.repo.contract(req.params["contract_id"])  # 404 for another tenant's id
    return req.render("contract_messages.html", contract=contract, **message_history(req, contract.id))
