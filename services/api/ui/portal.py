"""The vendor portal page at the contract's link (`PORTAL_BASE_URL/<token>`, locally `/portal/<token>`).

No login: the token is the credential. The page shows what is required and uploads straight to S3
with the presigned POST from `POST /api/portal/<token>/uploads`, then polls the document's status.
"""

from __future__ import annotations

from chalice import Blueprint, Response

from services.api.bootstrap import get_services
from services.api.ui.web import content_security_policy, html, s3_origin, templates
from services.intake.uploads import presign_download
from shared.workspace.errors import Gone, NotFound
from shared.workspace.workflow import open_portal, requirements_in_plain_words

bp = Blueprint(__name__)


def _dead_link(status: int, message: str) -> Response:
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
    bucket = services.settings.documents_bucket
    samples = [
        {"title": s.title, "url": presign_download(services.s3, bucket, s.key, expires_in=3600)}
        for s in view.project.sample_documents
    ]
    s3 = s3_origin(services)
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
            requirements=requirements_in_plain_words(view.group, view.project),
            samples=samples,
            expires_at=view.link.expires_at,
        )
    )
    return html(body, csp=content_security_policy(connect=s3, form=s3))
