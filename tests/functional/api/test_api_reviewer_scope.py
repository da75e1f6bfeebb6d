"""A Reviewer (own tenant, or granted by a client) sees only contracts with a document waiting in
its review queue; everything else is 404, route by route (see shared/workspace/scope.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.functional.api.conftest import World, build_scenario, build_world, deliver_certificate

GL_ACTIVE = [
    {"requirement_key": key, "status": "active"}
    for key in ("general_liability", "auto_liability", "umbrella", "workers_comp")
]


@dataclass
class Setup:
    world: World
    # A contract with a document waiting for review, one without any, one whose only document
    # was reviewed.
    waiting_contract: str
    waiting_document: str
    empty_contract: str
    reviewed_contract: str
    reviewed_document: str
    own_reviewer: str


@pytest.fixture(scope="module")
def setup() -> Iterator[Setup]:
    with build_world() as world:
        admin = world.gc.admin
        scenario = build_scenario(world)
        empty = world.call(
            "POST",
            f"/api/projects/{scenario.project_id}/contracts",
            admin,
            {"vendor": {"name": "Empty Electric"}},
        ).json_body["id"]
        reviewed = world.call(
            "POST",
            f"/api/projects/{scenario.project_id}/contracts",
            admin,
            {"vendor": {"name": "Done Drywall"}},
        ).json_body["id"]
        reviewed_document = deliver_certificate(world, scenario.project_id, reviewed, "Done Drywall")
        done = world.call(
            "POST",
            f"/api/documents/{reviewed_document}/review/done",
            admin,
            {"decisions": GL_ACTIVE},
        )
        assert done.status_code == 200, done.body
        assert world.call(
            "POST", "/api/reviewer-grants", admin, {"email": world.reviewer_email}
        ).status_code in (
            200,
            201,
        )
        own = world.call(
            "POST", "/api/users", admin, {"email": "rev@summit.example", "name": "Rae", "role": "reviewer"}
        )
        assert own.status_code == 201, own.body
        yield Setup(
            world,
            scenario.contract_id,
            scenario.document_id,
            empty,
            reviewed,
            reviewed_document,
            "rev@summit.example",
        )


READ_CONTRACT = ["/api/contracts/{c}", "/api/contracts/{c}/documents", "/api/contracts/{c}/timeline"]
READ_DOCUMENT = ["/api/documents/{d}", "/api/documents/{d}/download", "/api/documents/{d}/review"]


def _as(setup: Setup, who: str) -> tuple[str, dict[str, str]]:
    if who == "granted":
        return setup.world.reviewer_email, {"X-Tenant-Id": setup.world.gc.tenant_id}
    return setup.own_reviewer, {}


@pytest.mark.parametrize("who", ["granted", "own tenant"])
@pytest.mark.parametrize("route", READ_CONTRACT)
def test_a_contract_with_a_document_to_review_is_readable(setup: Setup, who: str, route: str):
    email, headers = _as(setup, who)
    response = setup.world.call("GET", route.format(c=setup.waiting_contract), email, headers=headers)
    assert response.status_code == 200, response.body


@pytest.mark.parametrize("who", ["granted", "own tenant"])
@pytest.mark.parametrize("route", READ_CONTRACT)
@pytest.mark.parametrize("contract", ["empty_contract", "reviewed_contract"])
def test_a_contract_with_nothing_to_review_is_404(setup: Setup, who: str, route: str, contract: str):
    email, headers = _as(setup, who)
    response = setup.world.call("GET", route.format(c=getattr(setup, contract)), email, headers=headers)
    assert response.status_code == 404
    # The same answer as an id that does not exist: nothing is revealed.
    unknown = setup.world.call("GET", route.format(c="f" * 32), email, headers=headers)
    assert unknown.status_code == 404


@pytest.mark.parametrize("who", ["granted", "own tenant"])
@pytest.mark.parametrize("route", READ_DOCUMENT)
def test_a_document_waiting_for_review_is_readable(setup: Setup, who: str, route: str):
    email, headers = _as(setup, who)
    response = setup.world.call("GET", route.format(d=setup.waiting_document), email, headers=headers)
    assert response.status_code == 200, response.body


@pytest.mark.parametrize("who", ["granted", "own tenant"])
@pytest.mark.parametrize("route", READ_DOCUMENT)
def test_a_document_of_a_contract_with_nothing_to_review_is_404(setup: Setup, who: str, route: str):
    email, headers = _as(setup, who)
    response = setup.world.call("GET", route.format(d=setup.reviewed_document), email, headers=headers)
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["granted", "own tenant"])
def test_review_actions_outside_the_scope_are_404(setup: Setup, who: str):
    email, headers = _as(setup, who)
    path = f"/api/documents/{setup.reviewed_document}/review"
    body = {"decisions": GL_ACTIVE}
    assert setup.world.call("PUT", path, email, body, headers=headers).status_code == 404
    assert setup.world.call("POST", f"{path}/done", email, body, headers=headers).status_code == 404


@pytest.mark.parametrize("who", ["granted", "own tenant"])
def test_staff_only_contract_routes_stay_closed(setup: Setup, who: str):
    email, headers = _as(setup, who)
    for route in ("/api/contracts/{c}/notes", "/api/contracts/{c}/messages", "/api/contracts/{c}/audit"):
        response = setup.world.call("GET", route.format(c=setup.waiting_contract), email, headers=headers)
        assert response.status_code in (403, 404), route


def test_staff_with_read_still_see_every_contract(setup: Setup):
    for contract in (setup.empty_contract, setup.reviewed_contract):
        response = setup.world.call("GET", f"/api/contracts/{contract}", setup.world.gc.read_only)
        assert response.status_code == 200


def test_the_scope_ends_when_the_last_waiting_document_is_reviewed(setup: Setup):
    world, email = setup.world, setup.own_reviewer
    # A fresh contract with one waiting document, reviewed by the Reviewer itself
    project = world.call("GET", f"/api/contracts/{setup.waiting_contract}", world.gc.admin).json_body
    contract = world.call(
        "POST",
        f"/api/projects/{project['project']['id']}/contracts",
        world.gc.admin,
        {"vendor": {"name": "Last Lath"}},
    ).json_body["id"]
    document = deliver_certificate(world, project["project"]["id"], contract, "Last Lath")
    assert world.call("GET", f"/api/contracts/{contract}", email).status_code == 200
    done = world.call("POST", f"/api/documents/{document}/review/done", email, {"decisions": GL_ACTIVE})
    assert done.status_code == 200, done.body
    assert world.call("GET", f"/api/contracts/{contract}", email).status_code == 404
