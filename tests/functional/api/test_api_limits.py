"""Oversize and malformed bodies: one-line 400/413 answers, on anonymous routes too, never a 500."""

from __future__ import annotations

import pytest

from services.api.limits import MAX_JSON_BODY, MAX_REQUEST_BODY
from tests.functional.api.conftest import World

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 5_000 + "1" + "}" * 5_000
ANONYMOUS = [("POST", "/api/auth/token"), ("POST", "/api/portal/not-a-real-token/uploads")]


@pytest.mark.parametrize(("method", "path"), ANONYMOUS)
@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["deep array", "deep object"])
def test_deep_json_on_anonymous_routes_is_400(world: World, method: str, path: str, body: str):
    response = world.call(method, path, None, body)
    assert response.status_code == 400
    assert response.json_body["error"].startswith("the body nests deeper than")


@pytest.mark.parametrize(("method", "path"), ANONYMOUS)
def test_oversize_bodies_on_anonymous_routes_are_413(world: World, method: str, path: str):
    body = '{"email": "' + "a" * MAX_JSON_BODY + '"}'
    response = world.call(method, path, None, body)
    assert response.status_code == 413
    assert "at most 262,144 are accepted" in response.json_body["error"]


def test_deep_json_with_brackets_inside_strings_is_parsed(world: World):
    # Brackets inside strings are not nesting: the body reaches validation.
    body = '{"email": "' + "[" * 1000 + '"}'
    response = world.call("POST", "/api/auth/token", None, body)
    assert response.status_code in (400, 401)
    assert "nests deeper" not in response.json_body["error"]


def test_anything_over_the_overall_cap_is_413_before_any_route(world: World):
    response = world.call("PUT", "/api/carriers", world.gc.admin, "x" * (MAX_REQUEST_BODY + 1))
    assert response.status_code == 413
    assert response.json_body["error"].startswith("the request body is")


def test_a_huge_integer_is_400(world: World):
    body = '{"expiring_soon_days": ' + "9" * 5000 + "}"
    response = world.call("PATCH", "/api/tenant", world.gc.admin, body)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        {"name": "x" * 1_000_000},
        {"sender_name": "x" * 1_000},
        {"sender_email": "x" * 1_000 + "@example.com"},
    ],
    ids=["name", "sender_name", "sender_email"],
)
def test_long_tenant_fields_are_refused(world: World, change: dict[str, str]):
    response = world.call("PATCH", "/api/tenant", world.gc.admin, change)
    assert response.status_code in (400, 413)
    assert isinstance(response.json_body["error"], str)


@pytest.mark.parametrize(
    "body",
    [
        {"number": "1", "name": "P", "additional_insureds": ["Owner LLC"] * 5_000},
        {"number": "1", "name": "P", "additional_insureds": ["x" * 10_000]},
        {"number": "1", "name": "P", "legal_entity_id": "x" * 100_000},
        {"number": "1", "name": "x" * 1_000_000},
    ],
    ids=["5000 insureds", "long insured", "long id", "1 MB name"],
)
def test_long_project_fields_are_400(world: World, body: dict[str, object]):
    response = world.call("POST", "/api/projects", world.gc.admin, body)
    assert response.status_code in (400, 413)
    assert isinstance(response.json_body["error"], str)


def test_a_requirement_group_with_too_many_limits_is_400(world: World):
    coverage = {"coverage": "general_liability", "limits": {f"limit_{i}": 1 for i in range(100)}}
    response = world.call(
        "POST", "/api/requirement-groups", world.gc.admin, {"name": "Big", "coverages": [coverage]}
    )
    assert response.status_code == 400
    assert "coverages.0.limits" in response.json_body["fields"]
