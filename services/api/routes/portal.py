"""The vendor portal API: no login, the per-contract link token is the credential."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response
from pydantic import BaseModel, ConfigDict, Field

from services.api.http import ApiRequest, api_route
from services.api.ports import UploadTarget
from shared.workspace import (
    Checklist,
    DocumentStatus,
    NotFound,
    TenantRepository,
    contract_checklist,
    is_valid_id,
    open_portal,
    problems_for_vendor,
    requirements_in_plain_words,
    review_outcome_for_vendor,
)

bp = Blueprint(__name__)


class PortalUploadRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    content_type: str = Field(max_length=100)
    filename: str | None = Field(default=None, max_length=255)
    uploaded_by: str | None = Field(default=None, max_length=200)


@api_route(
    bp,
    "/portal/{token}",
    summary="What the vendor must provide for this contract",
    tag="portal",
    auth="public",
)
def portal(req: ApiRequest) -> Any:
    view = open_portal(req.services.store, req.services.clock, req.params["token"])
    repo = TenantRepository(req.services.store, view.contract.tenant_id)
    checklist = contract_checklist(repo, view.contract.id, view.group, req.services.clock.today())
    samples = [
        {
            "title": s.title,
            "content_type": s.content_type,
            "url": req.services.uploads.download(s.key, expires_in=3600),
        }
        for s in view.project.sample_documents
    ]
    return {
        "gc": view.tenant_name,
        "vendor": view.contract.vendor_name,
        "project": {
            "number": view.project.number,
            "name": view.project.name,
            "address": view.project.address,
        },
        # view.group already leaves out what the contract waived (open_portal).
        "requirements": requirements_in_plain_words(view.group, view.project),
        "additional_insureds": view.project.additional_insureds,
        "sample_documents": samples,
        "link_expires_at": view.link.expires_at.isoformat(),
        # For a returning vendor: each requirement's state and what is still open.
        "checklist": _checklist_json(checklist),
    }


def _checklist_json(checklist: Checklist) -> dict[str, Any]:
    return {
        "items": [
            {
                "requirement_key": i.requirement_key,
                "title": i.title,
                "kind": i.kind,
                "status": i.status,
                "problems": list(i.problems) if i.open else [],
                "send_next": i.send_next if i.open else None,
                "expires_on": i.expires_on.isoformat() if i.expires_on else None,
            }
            for i in checklist.items
        ],
        "certificate_problems": list(checklist.certificate_problems),
        "endorsements_needed": checklist.endorsements_needed,
        "notes_to_vendor": checklist.notes_to_vendor,
    }


@api_route(
    bp,
    "/portal/{token}/uploads",
    "POST",
    summary="Presigned POST for the vendor's upload",
    tag="portal",
    auth="public",
    body=PortalUploadRequest,
    status=201,
)
def upload(req: ApiRequest) -> Any:
    view = open_portal(req.services.store, req.services.clock, req.params["token"])
    target = UploadTarget(
        tenant_id=view.contract.tenant_id,
        project_id=view.contract.project_id,
        contract_id=view.contract.id,
        channel="portal",
        uploaded_by=req.body.uploaded_by or view.contract.contact.email,
    )
    ticket = req.services.uploads.upload(target, req.body.content_type)
    return ticket.to_json()


@api_route(
    bp,
    "/portal/{token}/documents/{document_id}",
    summary="Status, automatic check and reviewer decision of an upload (202 while it is being read)",
    tag="portal",
    auth="public",
)
def document_status(req: ApiRequest) -> Any:
    view = open_portal(req.services.store, req.services.clock, req.params["token"])
    document_id = req.params["document_id"]
    if not is_valid_id(document_id):
        raise NotFound("document", document_id)
    repo = TenantRepository(req.services.store, view.contract.tenant_id)
    document = repo.find_document(document_id)
    if document is not None and document.contract_id != view.contract.id:
        raise NotFound("document", document_id)
    if document is not None and document.status == DocumentStatus.DUPLICATE and document.duplicate_of:
        document = repo.find_document(document.duplicate_of)
    if document is None:
        return Response(
            body={"document_id": document_id, "status": "processing"},
            status_code=202,
            headers={"Content-Type": "application/json"},
        )
    verdict = document.verdict
    return {
        "document_id": document_id,
        "status": document.status.value,
        "compliant": verdict.compliant if verdict else None,
        # What the broker can act on: one plain sentence per problem.
        "problems": problems_for_vendor(repo, view.group, document, req.services.clock.today()),
        "unreadable": document.extraction_error is not None,
        # The reviewer's decision once a person has finished reviewing it (None until then).
        "review": review_outcome_for_vendor(repo, view.group, document),
    }
