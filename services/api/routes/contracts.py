"""Contracts: detail with coverage history, changes, portal link, uploads, notes, waivers, audit."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from pydantic import BaseModel, ConfigDict, Field

from services.api.http import PAGE_QUERY, ApiRequest, api_route, call_route, page_route
from services.api.logic.uploads import staff_upload_ticket
from shared import workspace
from shared.workspace import ContractUpdate, NoteInput, PortalLink, WaiveInput

bp = Blueprint(__name__)


class UploadRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    content_type: str = Field(max_length=100)
    filename: str | None = Field(default=None, max_length=255)


class DocumentsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    message: str | None = Field(default=None, max_length=2000)


def portal_link_json(link: PortalLink | None) -> dict[str, Any] | None:
    if link is None:
        return None
    return {
        "created_at": link.created_at.isoformat(),
        "expires_at": link.expires_at.isoformat(),
        "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
        "created_by": link.created_by,
    }


@api_route(
    bp,
    "/contracts",
    summary="Contracts across projects; filter needs_certificate, needs_review, "
    "compliant, non_compliant, inactive",
    tag="contracts",
    query=("status", *PAGE_QUERY),
)
def list_contracts(req: ApiRequest) -> Any:
    return workspace.list_contracts(req.ctx, status=req.query.get("status"), **req.page_args())


@api_route(
    bp,
    "/contracts/{contract_id}",
    summary="A contract: vendor, project, requirements with status and coverage history, documents",
    tag="contracts",
)
def get_contract(req: ApiRequest) -> Any:
    detail = workspace.contract_detail(req.ctx, req.params["contract_id"])
    return {
        "contract": detail.contract.model_dump(mode="json"),
        "project": workspace.project_json(detail.project),
        "vendor": detail.vendor.model_dump(mode="json"),
        "requirement_group": detail.group.model_dump(mode="json"),
        "requirements": [workspace.requirement_state_json(s) for s in detail.requirements],
        "documents": detail.documents.to_json(),
        "portal_link": portal_link_json(detail.portal_link),
    }


call_route(
    bp,
    "/contracts/{contract_id}",
    "PATCH",
    workspace.update_contract,
    summary="Change contact, requirement group or activity of a contract",
    tag="contracts",
    body=ContractUpdate,
)


call_route(
    bp,
    "/contracts/{contract_id}",
    "DELETE",
    workspace.remove_contract,
    summary="Remove a contract (only while nothing was reviewed)",
    tag="contracts",
    status=204,
)


@api_route(
    bp,
    "/contracts/{contract_id}/portal-link",
    summary="The portal link's state (never the token)",
    tag="contracts",
)
def get_portal_link(req: ApiRequest) -> Any:
    return {"portal_link": portal_link_json(workspace.portal_link_status(req.ctx, req.params["contract_id"]))}


@api_route(
    bp,
    "/contracts/{contract_id}/portal-link",
    "POST",
    summary="Create or regenerate the vendor upload link (the old one stops working)",
    tag="contracts",
    status=201,
)
def issue_portal_link(req: ApiRequest) -> Any:
    issued = workspace.issue_portal_link(
        req.ctx, req.params["contract_id"], secret=req.services.portal_token_secret
    )
    base = req.services.settings.portal_base_url.rstrip("/")
    return {
        "token": issued.token,
        "url": f"{base}/{issued.token}",
        "portal_link": portal_link_json(issued.link),
    }


@api_route(
    bp,
    "/contracts/{contract_id}/portal-link",
    "DELETE",
    summary="Revoke the vendor upload link",
    tag="contracts",
)
def revoke_portal_link(req: ApiRequest) -> Any:
    return {"portal_link": portal_link_json(workspace.revoke_portal_link(req.ctx, req.params["contract_id"]))}


page_route(
    bp,
    "/contracts/{contract_id}/documents",
    workspace.list_documents,
    summary="Documents of a contract, newest first",
    tag="documents",
)


@api_route(
    bp,
    "/contracts/{contract_id}/uploads",
    "POST",
    summary="Presigned POST for a staff upload (drag and drop) to this contract",
    tag="documents",
    body=UploadRequest,
    status=201,
)
def staff_upload(req: ApiRequest) -> Any:
    ticket = staff_upload_ticket(
        req.ctx, req.services.uploads, req.params["contract_id"], req.body.content_type
    )
    return ticket.to_json()


page_route(
    bp,
    "/contracts/{contract_id}/notes",
    workspace.list_notes,
    summary="Notes on a contract, newest first",
    tag="contracts",
)
call_route(
    bp,
    "/contracts/{contract_id}/notes",
    "POST",
    workspace.add_note,
    summary="Add a note, optionally emailed to a user",
    tag="contracts",
    body=NoteInput,
    status=201,
)
call_route(
    bp,
    "/contracts/{contract_id}/waivers",
    "POST",
    workspace.waive_requirement,
    summary="Waive one requirement for this contract (before or after review)",
    tag="contracts",
    body=WaiveInput,
    status=201,
)


call_route(
    bp,
    "/contracts/{contract_id}/waivers/{requirement_key}",
    "DELETE",
    workspace.unwaive_requirement,
    summary="Take back this contract's waiver of one requirement (it is judged on certificates again)",
    tag="contracts",
    status=204,
)


@api_route(
    bp,
    "/contracts/{contract_id}/request-documents",
    "POST",
    summary="Ask the vendor for documents now",
    tag="contracts",
    body=DocumentsRequest,
    status=202,
)
def request_documents(req: ApiRequest) -> Any:
    workspace.request_documents(req.ctx, req.params["contract_id"], req.body.message)
    return {"requested": True}


@api_route(
    bp, "/contracts/{contract_id}/audit", summary="Audit trail of one contract", tag="audit", query=PAGE_QUERY
)
def contract_audit(req: ApiRequest) -> Any:
    contract = workspace.get_contract(req.ctx, req.params["contract_id"])
    return workspace.audit_trail(req.ctx, entity_type="contract", entity_id=contract.id, **req.page_args())
