"""Static assets under content-hashed names, cached for a year by browsers and CDNs."""

from __future__ import annotations

from chalice import Blueprint, Response

from services.api.ui.web import hashed_assets

bp = Blueprint(__name__)

_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


@bp.route("/static/{name}", methods=["GET"])
def static_asset(name: str) -> Response:
    path = hashed_assets().get(name)
    if path is None:
        return Response(
            body="not found",
            status_code=404,
            headers={"Content-Type": "text/plain", "Cache-Control": "no-store"},
        )
    return Response(
        body=path.read_text(encoding="utf-8"),
        status_code=200,
        headers={
            "Content-Type": _TYPES.get(path.suffix, "text/plain; charset=utf-8"),
            # The name changes whenever the content does, so this can never serve a stale file.
            "Cache-Control": "public, max-age=31536000, immutable",
            "X-Content-Type-Options": "nosniff",
        },
    )
