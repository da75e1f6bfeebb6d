"""`POST /webhooks/procore/{tenant_id}`: Procore's webhook deliveries, answered fast.

Register on the Chalice app with `app.register_blueprint(procore_webhooks)`. The route does only
the cheap part (auth, parse, dedup, enqueue); the inbound worker fetches the resource.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from chalice import Blueprint, Response

from services.procore_sync.bootstrap import Dependencies
from services.procore_sync.webhook import InvalidWebhookError, WebhookRejectedError, accept_webhook

logger = logging.getLogger(__name__)

_JSON: dict[str, str | list[str]] = {"Content-Type": "application/json"}


def make_blueprint(get_dependencies: Callable[[], Dependencies]) -> Blueprint:
    blueprint = Blueprint(__name__)

    @blueprint.route("/webhooks/procore/{tenant_id}", methods=["POST"], content_types=["application/json"])
    def procore_webhook(tenant_id: str) -> Response:
        request = blueprint.current_request
        deps = get_dependencies()
        connection = deps.connections.get(tenant_id)
        # An unknown tenant looks exactly like a wrong secret: nothing to probe.
        expected = connection.webhook_authorization if connection and connection.enabled else ""
        try:
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
            return Response(body={"error": str(error)}, status_code=400, headers=_JSON)
        except Exception:
            logger.exception("procore webhook could not be queued")
            return Response(body={"error": "try again later"}, status_code=503, headers=_JSON)
        return Response(body={"status": result.outcome}, status_code=202, headers=_JSON)

    return blueprint


def _default_dependencies() -> Dependencies:
    from services.procore_sync import bootstrap

    return bootstrap.dependencies()


procore_webhooks = make_blueprint(_default_dependencies)
