"""The Chalice app's REST API definition, as `chalice package` writes it for SAM.

Chalice routes by API Gateway's resource path, so the gateway needs every route as its own path
(a `{proxy+}` catch-all would reach no route). Chalice's CloudFormation swagger generator gives
exactly that, each integration pointing at `${APIHandler.Arn}`, the function in the template.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SWAGGER_PATH = Path(__file__).resolve().parents[2] / "infra" / "build" / "chalice" / "swagger.json"


def api_swagger() -> dict[str, Any]:
    from chalice.deploy.swagger import CFNSwaggerGenerator

    from services.api.app import app

    swagger: dict[str, Any] = CFNSwaggerGenerator().generate_swagger(app)
    return swagger


def write_swagger(path: Path = SWAGGER_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(api_swagger(), indent=1, sort_keys=True))
    return path
