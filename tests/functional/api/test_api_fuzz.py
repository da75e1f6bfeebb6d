"""Property-based fuzzing of every documented route (schemathesis, from `openapi_document()`):
whatever the body, query or path holds, the API never answers 5xx.

Requests go in-process to the Chalice app through its local test client (a `requests` adapter),
over moto's DynamoDB and S3. Path parameters are drawn from the real ids of a seeded tenant as
well as from arbitrary strings, so generated bodies reach the use cases, not only the 404s.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from requests.structures import CaseInsensitiveDict
from schemathesis.checks import not_a_server_error

from services.api.app import app  # noqa: F401  (registers every route before the document is built)
from services.api.openapi import openapi_document
from tests.functional.api.conftest import Shared, World

# Per operation: 69 operations x 20 is about 1,800 requests, under a minute of CPU. The coverage
# phase (every boundary value of every schema, about 2,800 more requests) runs with FUZZ_COVERAGE=1.
EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "20"))
CASES: dict[str, int] = {"count": 0}
ADMIN_HEADERS: dict[str, dict[str, str]] = {}


class ChaliceAdapter(requests.adapters.BaseAdapter):
    """Sends a prepared `requests` request to the Chalice app through `chalice.test.Client`."""

    def __init__(self, world: World) -> None:
        super().__init__()
        self._world = world

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        url = urlsplit(request.url or "")
        path = url.path + (f"?{url.query}" if url.query else "")
        body = request.body or b""
        raw = body.encode() if isinstance(body, str) else bytes(body)  # type: ignore[arg-type]
        headers = {name: str(value) for name, value in request.headers.items()}
        answer = self._world.client.http.request(str(request.method), path, headers=headers, body=raw)
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.body
        response.headers = CaseInsensitiveDict(answer.headers)
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


@pytest.fixture(scope="module")
def fuzz_session(shared: Shared) -> Iterator[requests.Session]:
    session = requests.Session()
    session.mount("http://api.test", ChaliceAdapter(shared.world))
    yield session
    print(f"\nAPI fuzzing: {CASES['count']} generated requests, no 5xx")


# Methods the API declares somewhere: a wrong one on a path is a plain 405. (OPTIONS and TRACE
# are API Gateway's to answer in AWS; Chalice's local gateway cannot serve them.)
CONFIG = schemathesis.Config.from_dict(
    {
        "phases": {
            "coverage": {
                "enabled": os.environ.get("FUZZ_COVERAGE") == "1",
                "unexpected-methods": ["get", "put", "post", "delete", "patch"],
            },
        }
    }
)
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_route_answers_5xx(case: schemathesis.Case, shared: Shared, fuzz_session: requests.Session):
    _use_real_ids(case, shared.params)
    headers = {}
    if case.operation.definition.raw.get("security"):
        headers = _admin_headers(shared)
    response = case.call(base_url="http://api.test", session=fuzz_session, headers=headers)
    CASES["count"] += 1
    case.validate_response(response, checks=[not_a_server_error])
    assert "Traceback" not in response.text
    # 405 and 415 (a method or content type no route takes) are the gateway's own answers.
    if response.status_code >= 400 and response.status_code not in (405, 415):
        # Every refusal of ours is one line of JSON.
        error = response.json()["error"]
        assert isinstance(error, str)
        assert "\n" not in error


def _admin_headers(shared: Shared) -> dict[str, str]:
    if "admin" not in ADMIN_HEADERS:
        ADMIN_HEADERS["admin"] = shared.world.headers(shared.world.gc.admin)
    return ADMIN_HEADERS["admin"]


def _use_real_ids(case: schemathesis.Case, ids: dict[str, str]) -> None:
    """Half of the generated path ids are swapped for ones that exist (by a stable hash of the case)."""
    for name in list(case.path_parameters or {}):
        real = ids.get(name)
        value = case.path_parameters[name]
        if real is not None and sum(map(ord, str(value))) % 2 == 0:
            case.path_parameters[name] = real


def test_every_documented_operation_is_fuzzed():
    documented = sum(
        method in ("get", "post", "put", "patch", "delete")
        for entries in openapi_document()["paths"].values()
        for method in entries
    )
    loaded = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(loaded) == documented
