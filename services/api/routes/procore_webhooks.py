"""`POST /webhooks/procore/{tenant_id}`: Procore's webhook deliveries, answered fast; and
`GET /procore/oauth/callback`: the end of an authorization-code install.

Register on the Chalice app with `app.register_blueprint(procore_webhooks)`. The webhook route does
only the cheap part, in `shared.procore.webhook`: the hook's secret compared in constant time,
parse, dedup (a conditional put in the table), enqueue on the Procore inbound queue, which
procore_sync's inbound handler consumes (it fetches the resource). Nothing here imports
procore_sync.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable

from chalice import Blueprint, Response

from shared.procore.auth import ProcoreAuthError
from shared.procore.install import InvalidStateError, verify_state
from shared.procore.settings import ProcoreAppSettings
from shared.procore.webhook import InvalidWebhookError, WebhookRejectedError, accept_webhook
from shared.procore.wiring import (
    CALLBACK_PATH,
    Installer,
    ProcoreIntegration,
    build_installer,
    build_integration,
)
from shared.runtime import built_once

logger = logging.getLogger(__name__)

_JSON: dict[str, str | list[str]] = {"Content-Type": "application/json"}
CONNECTED_APPS_PAGE = "/settings/connected-apps"

# The answer to a delivery that can never be processed. Issue 11 asks for a 4xx so it is not
# mistaken for our outage. Note Procore's own page (procore/documentation `webhooks/webhooks.md`,
# "Webhooks Retry/Backoff Behavior") retries ANY non-2xx for up to 24 hours and pauses later
# deliveries meanwhile; the reconciliation poll covers that window. Set 202 here to drop such
# deliveries silently instead.
POISON_STATUS = 400
_TENANT_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


def _plausible_tenant(tenant_id: str) -> bool:
    """Tenant ids are short slugs; anything else is not looked up (it would not fit a table key)."""
    return bool(_TENANT_ID.fullmatch(tenant_id))


def make_blueprint(
    get_dependencies: Callable[[], ProcoreIntegration], get_installer: Callable[[], Installer] | None = None
) -> Blueprint:
    blueprint = Blueprint(__name__)

    @blueprint.route(CALLBACK_PATH, methods=["GET"])
    def procore_oauth_callback() -> Response:
        """Procore sends the approving admin's browser here with `code` and our signed `state`."""
        params: dict[str, str] = dict(blueprint.current_request.query_params or {})
        if params.get("error"):
            return _page(400, f"Procore did not authorize the connection ({params['error'][:80]}).")
        if not params.get("code") or not params.get("state"):
            return _page(400, "The Procore callback is missing its code or state.")
        setup = (get_installer or _default_installer)()
        try:
            request = verify_state(params["state"], key=setup.state_key, now=setup.clock.now())
        except InvalidStateError as error:
            return _page(400, f"{str(error).capitalize()}.")
        try:
            outcome = setup.connect(request, params["code"])
        except ProcoreAuthError:
            return _page(400, "Procore refused the authorization; start the connection again.")
        except Exception:
            logger.exception("procore install failed", extra={"tenant_id": request.tenant_id})
            return _page(502, "Procore could not be reached to finish the connection; try again shortly.")
        # Back to the staff page (a fixed same-origin path), which shows the company to choose
        # when the approving user sees more than one.
        status = getattr(outcome, "status", "connected")
        return Response(
            body="",
            status_code=303,
            headers={"Location": f"{CONNECTED_APPS_PAGE}?procore={status}", "Cache-Control": "no-store"},
        )

    @blueprint.route("/webhooks/procore/{tenant_id}", methods=["POST"], content_types=["application/json"])
    def procore_webhook(tenant_id: str) -> Response:
        """Who answers what: a wrong secret 401; a payload that can never be processed (malformed,
        oversize, not ids) 400 once the secret is right; only our own transient failures (the
        table or the queue unreachable) 503, which Procore redelivers."""
        request = blueprint.current_request
        try:
            deps = get_dependencies()
            # An unknown tenant looks exactly like a wrong secret: nothing to probe.
            connection = deps.connections.get(tenant_id) if _plausible_tenant(tenant_id) else None
            expected = connection.webhook_authorization if connection and connection.enabled else ""
            result = accept_webhook(
                dict(request.headers),
                request.raw_body or b"",
                tenant_id=tenant_id,
                expected_authorization=expected,
                own_application_id=deps.own_application_id,
                ledger=deps.ledger,
                queue=deps.queue,
            )
        except WebhookRejectedError:
            return Response(body={"error": "unauthorized"}, status_code=401, headers=_JSON)
        except InvalidWebhookError as error:
            logger.warning("procore webhook refused", extra={"tenant_id": tenant_id, "error": str(error)})
            return Response(body={"error": str(error)}, status_code=POISON_STATUS, headers=_JSON)
        except Exception:
            logger.exception("procore webhook could not be queued")
            return Response(body={"error": "try again later"}, status_code=503, headers=_JSON)
        return Response(body={"status": result.outcome}, status_code=202, headers=_JSON)

    return blueprint


def _page(status: int, message: str) -> Response:
    body = f"<!doctype html><title>Procore</title><p>{html.escape(message)}</p>"
    return Response(body=body, status_code=status, headers={"Content-Type": "text/html; charset=utf-8"})


# The deployed settings, built once per cold start (again only if the environment changes).
_default_installer = built_once(build_installer, ProcoreAppSettings)
_default_dependencies = built_once(build_integration, ProcoreAppSettings)

procore_webhooks = make_blueprint(_default_dependencies)
