"""The vendor portal page at the contract's link (`PORTAL_BASE_URL/<token>`, locally `/portal/<token>`).

No login: the token is the credential. The page shows what is required and uploads straight to S3
with the presigned POST from `POST /api/portal/<token>/uploads`, then polls the document's status.
"""

from __future__ import annotations

from chalice import Blueprint, Response

from services.api.bootstrap import get_services
from services.api.ui.portal_checklist import portal_checklist
from services.api.ui.web import content_security_policy, html, json_response, s3_origin, templates
from shared.workspace import (
    DocumentStatus,
    Gone,
    NotFound,
    TenantRepository,
    is_valid_id,
    open_portal,
    problems_for_vendor,
    review_outcome_for_vendor,
)

bp = Blueprint(__name__)


def _dead_link(status: int, message: str) -> Response:
    message = message[:1].upper() + message[1:]
    body = (
        templates()
        .get_template("portal_dead.html")
        .render(actor=None, path="", status=status, message=message)
    )
    return html(body, status)


@bp.route("/portal/{token}", methods=["GET"])
def portal_page(token: str) -> Response:
    services = get_services()
    try:
        view = open_portal(services.store, services.clock, token)
    except Gone as exc:
        return _dead_link(410, str(exc))
    except NotFound:
        return _dead_link(
            404, "This upload link is not valid. Check that you copied the whole link, or ask for a new one."
        )
    samples = [
        {"title": s.title, "url": services.uploads.download(s.key, expires_in=3600)}
        for s in view.project.sample_documents
    ]
    s3 = s3_origin(services)
    repo = TenantRepository(services.store, view.contract.tenant_id)
    checklist = portal_checklist(repo, view.contract.id, view.group, view.project, services.clock.today())
    body = (
        templates()
        .get_template("portal.html")
        .render(
            actor=None,
            path="",
            token=token,
            gc=view.tenant_name,
            vendor=view.contract.vendor_name,
            project=view.project,
            checklist=checklist,
            instructions=view.group.vendor_instructions,
            samples=samples,
            expires_at=view.link.expires_at,
        )
    )
    return html(body, csp=content_security_policy(connect=s3, form=s3))


@bp.route("/portal/{token}/result/{document_id}", methods=["GET"])
def upload_result(token: str, document_id: str) -> Response:
    """What the vendor's confirmation shows: the automatic check, then the reviewer's decision.

    Same answer as `GET /api/portal/{token}/documents/{id}` (one helper builds the decision).
    """
    services = get_services()
    try:
        view = open_portal(services.store, services.clock, token)
    except Gone as exc:
        return json_response({"error": str(exc)}, 410)
    except NotFound:
        return json_response({"error": "this upload link is not valid"}, 404)
    repo = TenantRepository(services.store, view.contract.tenant_id)
    document = repo.find_document(document_id) if is_valid_id(document_id) else None
    if document is not None and document.contract_id != view.contract.id:
        return json_response({"error": "no such upload"}, 404)
    if document is not None and document.status == DocumentStatus.DUPLICATE and document.duplicate_of:
        document = repo.find_document(document.duplicate_of)
    if document is None:
        return json_response({"document_id": document_id, "status": "processing"}, 202)
    verdict = document.verdict
    return json_response(
        {
            "document_id": document_id,
            "status": document.status.value,
            "compliant": verdict.compliant if verdict else None,
            "problems": problems_for_vendor(repo, view.group, document, services.clock.today()),
            "unreadable": document.extraction_error is not None,
            "review": review_outcome_for_vendor(repo, view.group, document),
        }
    )
