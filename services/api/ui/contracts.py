"""Staff pages for a contract: its page (with tabs), actions, edit, notes, waivers, uploads."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from services.api.logic.uploads import staff_upload_ticket as staff_ticket
from services.api.ui import contract_tabs
from services.api.ui.flash import flash, with_query
from services.api.ui.redirects import safe_redirect_target
from services.api.ui.web import (
    UiRequest,
    content_security_policy,
    json_response,
    page,
    redirect,
    s3_origin,
)
from shared import workspace
from shared.workspace import Contact, ContractUpdate, InvalidInput, NoteInput, WaiveInput

bp = Blueprint(__name__)


def _back(req: UiRequest, contract_project_id: str, default: str) -> str:
    target = req.field("back")
    if target.startswith("/projects/") or target.startswith("/contracts/"):
        return safe_redirect_target(target)
    return default or f"/projects/{contract_project_id}"


@page(bp, "/contracts/{contract_id}/actions", ("POST",))
def contract_action(req: UiRequest) -> Response:
    contract = workspace.get_contract(req.ctx, req.params["contract_id"])
    action = req.field("action")
    back = _back(req, contract.project_id, f"/projects/{contract.project_id}")
    if action == "request":
        workspace.request_documents(req.ctx, contract.id, req.field("message") or None)
        return redirect(with_query(back, done="requested"))
    if action in ("activate", "deactivate"):
        workspace.update_contract(req.ctx, contract.id, ContractUpdate(active=action == "activate"))
        return redirect(with_query(back, done=f"{action}d"))
    if action == "remove":
        workspace.remove_contract(req.ctx, contract.id)
        return redirect(with_query(f"/projects/{contract.project_id}", done="removed"))
    if action == "revoke_link":
        workspace.revoke_portal_link(req.ctx, contract.id)
        return redirect(with_query(back, done="link_revoked"))
    if action == "link":
        # The live link the vendor may already hold; a new one only when there is none (or it was
        # revoked: revoke, then copy, is how staff regenerate).
        secret = req.services.portal_token_secret
        issued = workspace.ensure_portal_link(req.ctx, contract.id, secret=secret)
        if issued is None:
            issued = workspace.issue_portal_link(req.ctx, contract.id, secret=secret)
        link = f"{req.services.settings.portal_base_url.rstrip('/')}/{issued.token}"
        return req.render(
            "portal_link.html", contract=contract, link=link, expires_at=issued.link.expires_at, back=back
        )
    raise InvalidInput(
        "unknown action", {"action": "request, activate, deactivate, remove, link or revoke_link"}
    )


@page(bp, "/contracts/{contract_id}/edit")
def edit_contract_form(req: UiRequest) -> Response:
    contract = workspace.get_contract(req.ctx, req.params["contract_id"])
    groups = workspace.list_requirement_groups(req.ctx, contract.project_id, limit=100).items
    return req.render("contract_edit.html", contract=contract, groups=groups)


@page(bp, "/contracts/{contract_id}/edit", ("POST",))
def edit_contract(req: UiRequest) -> Response:
    contract_id = req.params["contract_id"]
    contact = Contact(
        name=req.field("contact_name") or None,
        email=req.field("contact_email") or None,
        phone=req.field("contact_phone") or None,
        sms_opt_in=req.field("sms_opt_in") == "on",
    )
    updated = workspace.update_contract(
        req.ctx,
        contract_id,
        ContractUpdate(
            contact=contact,
            number=req.field("number") or None,
            description=req.field("description") or None,
            requirement_group_id=req.field("requirement_group_id") or None,
        ),
    )
    return redirect(with_query(f"/contracts/{updated.id}", done="contact_saved"))


# ---------------------------------------------------------------- contract page


def _document_label(document: Any) -> str:
    certificate = document.certificate
    if certificate is not None and certificate.certificate_date:
        return f"Certificate dated {certificate.certificate_date.isoformat()}"
    return "Uploaded file"


@page(bp, "/contracts/{contract_id}")
def contract(req: UiRequest) -> Response:
    tab = contract_tabs.chosen_tab(req)
    detail = workspace.contract_detail(req.ctx, req.params["contract_id"])
    s3 = s3_origin(req.services)
    return req.render(
        "contract.html",
        csp=content_security_policy(connect=s3, form=s3),
        tab=tab,
        tabs=contract_tabs.TABS,
        detail=detail,
        contract=detail.contract,
        project=detail.project,
        documents=detail.documents.items,
        document_label=_document_label,
        today=req.services.clock.today(),
        flash=flash(req),
        **contract_tabs.tab_values(req, tab, detail),
    )


@page(bp, "/contracts/{contract_id}/notes", ("POST",))
def add_note(req: UiRequest) -> Response:
    contract_id = req.params["contract_id"]
    workspace.add_note(
        req.ctx,
        contract_id,
        NoteInput(text=req.field("text"), email_user_id=req.field("email_user_id") or None),
    )
    return redirect(with_query(f"/contracts/{contract_id}", tab="notes", done="note_added"))


@page(bp, "/contracts/{contract_id}/waivers", ("POST",))
def waive(req: UiRequest) -> Response:
    contract_id = req.params["contract_id"]
    workspace.waive_requirement(
        req.ctx, contract_id, WaiveInput(requirement_key=req.field("requirement_key"), note=req.field("note"))
    )
    return redirect(with_query(f"/contracts/{contract_id}", done="waived"))


@page(bp, "/contracts/{contract_id}/waivers/remove", ("POST",))
def unwaive(req: UiRequest) -> Response:
    contract_id = req.params["contract_id"]
    workspace.unwaive_requirement(req.ctx, contract_id, req.field("requirement_key"))
    return redirect(with_query(f"/contracts/{contract_id}", done="unwaived"))


@page(bp, "/contracts/{contract_id}/upload-ticket", ("POST",))
def staff_upload_ticket(req: UiRequest) -> Response:
    """The staff drop zone's presigned POST (same workflow as the API's; the session cookie authenticates)."""
    ticket = staff_ticket(req.ctx, req.services.uploads, req.params["contract_id"], req.field("content_type"))
    return json_response(ticket.to_json(), 201)
