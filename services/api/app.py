"""The Chalice app: JSON API under /api (and, registered by the UI, the staff UI and vendor portal).

Nothing is built at import: services come from `bootstrap.get_services()` on the first request.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Chalice, Response

from services.api.limits import MAX_REQUEST_BODY, body_length
from services.api.routes import (
    accounts,
    carriers,
    company,
    contracts,
    correspondence,
    documents,
    erp,
    integrations,
    meta,
    portal,
    projects,
    timeline,
)
from services.api.routes.procore_webhooks import procore_webhooks

app = Chalice(app_name="coi-api")

# JSON API blueprints, mounted under /api.
API_BLUEPRINTS: list[Blueprint] = [
    meta.bp,
    accounts.bp,
    projects.bp,
    contracts.bp,
    documents.bp,
    company.bp,
    correspondence.bp,
    portal.bp,
    carriers.bp,
    erp.bp,
    integrations.bp,
    timeline.bp,
]
for _blueprint in API_BLUEPRINTS:
    app.register_blueprint(_blueprint, url_prefix="/api")

# The staff UI and vendor portal pages (services/api/ui/) register here: (blueprint, url_prefix).
UI_BLUEPRINTS: list[tuple[Blueprint, str]] = []
try:  # the API also runs without the UI package; an error inside the UI still surfaces
    from services.api.ui import BLUEPRINTS as _UI_BLUEPRINTS  # type: ignore[import-not-found,unused-ignore]

    UI_BLUEPRINTS.extend(_UI_BLUEPRINTS)
except ModuleNotFoundError as _missing:
    if _missing.name != "services.api.ui":
        raise
for _blueprint, _prefix in UI_BLUEPRINTS:
    app.register_blueprint(_blueprint, url_prefix=_prefix or None)

# Third-party callbacks (Procore webhooks and the OAuth install callback) live outside the
# documented /api surface: Procore, not our users, calls them, and they authenticate themselves.
INTEGRATIONS_PREFIX = "/integrations"
app.register_blueprint(procore_webhooks, url_prefix=INTEGRATIONS_PREFIX)

_API_CSP = "default-src 'none'; frame-ancestors 'none'"
_SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Portal URLs carry the vendor's token: never leak it in a Referer.
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}


def _refuse_oversize(event: Any) -> Response | None:
    """Any request over the overall cap is refused before a route reads it (routes cap lower)."""
    size = body_length(event.raw_body)
    if size <= MAX_REQUEST_BODY:
        return None
    message = f"the request body is {size:,} bytes; at most {MAX_REQUEST_BODY:,} are accepted"
    if event.path.startswith("/api/"):
        return Response(
            body={"error": message}, status_code=413, headers={"Content-Type": "application/json"}
        )
    return Response(body=message, status_code=413, headers={"Content-Type": "text/plain; charset=utf-8"})


@app.middleware("http")
def security_headers(event: Any, get_response: Any) -> Any:
    from services.api.bootstrap import get_services

    metrics = False
    try:
        services = get_services()
        metrics = services.settings.api_debug_metrics
        services.store.reads.reset()
    except Exception:
        services = None
    response = _refuse_oversize(event) or get_response(event)
    headers = response.headers
    for name, value in _SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    # UI pages set their own policy; JSON responses get the strictest one.
    headers.setdefault("Content-Security-Policy", _API_CSP)
    if event.path.startswith("/api/"):
        headers.setdefault("Cache-Control", "no-store")
    if metrics and services is not None:
        headers["X-Db-Reads"] = str(services.store.reads.count)
    return response
