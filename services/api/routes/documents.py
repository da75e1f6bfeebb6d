"""Documents, the Needs Review queue and human review (draft, done)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from services.api.http import PAGE_QUERY, ApiRequest, api_route, call_route, page_route
from shared import workspace
from shared.workspace import ReviewInput

bp = Blueprint(__name__)


page_route(
    bp,
    "/review-queue",
    workspace.needs_review_queue,
    summary="Documents needing review in this tenant, oldest first",
    tag="review",
)


@api_route(
    bp,
    "/review-queue/all",
    summary="Needs Review across every tenant the caller may review",
    tag="review",
    query=PAGE_QUERY,
)
def queue_all(req: ApiRequest) -> Any:
    assert req.actor is not None
    req.ctx.require(workspace.Permission.REVIEW)
    page = workspace.reviewer_queue_page(req.services.store, req.actor, **req.page_args())
    return page.to_json(lambda e: {"tenant_id": e.tenant_id, **e.document.model_dump(mode="json")})


call_route(
    bp,
    "/documents/{document_id}",
    "GET",
    workspace.get_document,
    summary="A document: extraction, automatic verdict, review status",
    tag="documents",
)


@api_route(
    bp, "/documents/{document_id}/download", summary="A short-lived link to the stored file", tag="documents"
)
def download(req: ApiRequest) -> Any:
    document = workspace.get_document(req.ctx, req.params["document_id"])
    return {"url": req.services.uploads.download(document.key, bucket=document.bucket)}


@api_route(
    bp, "/documents/{document_id}/review", summary="The saved review (draft or done), if any", tag="review"
)
def get_review(req: ApiRequest) -> Any:
    review = workspace.get_review(req.ctx, req.params["document_id"])
    return {"review": review.model_dump(mode="json") if review else None}


call_route(
    bp,
    "/documents/{document_id}/review",
    "PUT",
    workspace.save_review_draft,
    summary="Save review work as a draft (Cancel keeps it; compliance unchanged)",
    tag="review",
    body=ReviewInput,
)


@api_route(
    bp,
    "/documents/{document_id}/review/done",
    "POST",
    summary="Done: apply the decisions (or the saved draft when the body is empty)",
    tag="review",
    body=ReviewInput,
)
def done(req: ApiRequest) -> Any:
    body: ReviewInput = req.body
    data = body if body.decisions or body.notes_to_vendor else None
    return workspace.complete_review(req.ctx, req.params["document_id"], data)
