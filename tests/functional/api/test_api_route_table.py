"""Route-table tests: every route has a sample request; the OpenAPI document matches the routing
table; tenant isolation (404 for another tenant's ids) and roles, route by route."""

from __future__ import annotations

import csv
import io

import pytest

from services.api.app import app
from services.api.http import ROUTES
from tests.functional.api.api_samples import ADMIN_ONLY, PUBLIC, QUERIES, SAMPLES, body_for, fill
from tests.functional.api.conftest import Shared

API_ROUTES = sorted(
    (method, path) for path, methods in app.routes.items() if path.startswith("/api/") for method in methods
)
STAFF_ROUTES = [r for r in API_ROUTES if r[1] not in PUBLIC and not r[1].startswith("/api/portal/")]
READS = [r for r in STAFF_ROUTES if r[0] == "GET"]
WRITES = [r for r in STAFF_ROUTES if r[0] != "GET"]
WITH_IDS = [r for r in STAFF_ROUTES if "{" in r[1]]
EXPECTED_STATUS = {(doc.method, "/api" + doc.path): doc.status for doc in ROUTES}
VENDOR_CSV_HEADER = (
    "Vendor,Vendor code,Project number,Project name,Contract number,Compliance,Compliant until,"
    "Active,Contact name,Contact email,Contact phone"
)
# The Sage-shaped coverage CSV: these columns, one `Limit_...` column per limit present, then these.
COVERAGE_CSV_LEAD = [
    "Vendor",
    "Vendor_Name",
    "Job",
    "Job_Name",
    "Commitment",
    "Coverage",
    "Policy_Number",
    "Insurer",
    "Effective_Date",
    "Expiration_Date",
]
COVERAGE_CSV_TRAIL = ["Status", "Waived", "Approved_Non_Compliant"]


def _call(shared: Shared, route: tuple[str, str], email: str | None, **headers: str):
    method, path = route
    url = fill(path, shared.params) + QUERIES.get(route, "")
    return shared.world.call(method, url, email, body_for(route, shared.params), headers=headers)


def test_every_route_has_a_sample_request():
    # GIVEN the app's routing table WHEN compared with the samples THEN each route has one
    assert set(API_ROUTES) == set(SAMPLES)


def test_openapi_document_lists_exactly_the_apps_routes(shared: Shared):
    # WHEN the document is fetched
    response = shared.world.call("GET", "/api/openapi.json")

    # THEN its paths and methods are the app's /api routes, and bodies have schemas
    assert response.status_code == 200
    document = response.json_body
    documented = sorted(
        (method.upper(), path) for path, operations in document["paths"].items() for method in operations
    )
    assert documented == API_ROUTES
    create_project = document["paths"]["/api/projects"]["post"]
    schema_name = create_project["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit(
        "/", 1
    )[1]
    assert "number" in document["components"]["schemas"][schema_name]["properties"]


@pytest.mark.parametrize("route", READS, ids=lambda r: f"{r[0]} {r[1]}")
def test_every_read_route_answers_an_admin(shared: Shared, route: tuple[str, str]):
    # WHEN an admin of the tenant reads
    response = _call(shared, route, shared.world.gc.admin)

    # THEN it succeeds with the route's documented status and security headers
    assert response.status_code == EXPECTED_STATUS[route], response.body
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("route", WITH_IDS, ids=lambda r: f"{r[0]} {r[1]}")
def test_another_tenants_ids_are_not_found(shared: Shared, route: tuple[str, str]):
    # GIVEN ids that belong to tenant `gc`
    # WHEN an admin of another tenant uses them on any route
    response = _call(shared, route, shared.world.other.admin)

    # THEN the answer is 404, as if they did not exist
    assert response.status_code == 404, response.body


@pytest.mark.parametrize("route", WRITES, ids=lambda r: f"{r[0]} {r[1]}")
def test_read_only_users_change_nothing(shared: Shared, route: tuple[str, str]):
    # WHEN a read-only user attempts a change
    response = _call(shared, route, shared.world.gc.read_only)

    # THEN it is forbidden
    assert response.status_code == 403, response.body


@pytest.mark.parametrize("route", sorted(ADMIN_ONLY), ids=lambda r: f"{r[0]} {r[1]}")
def test_only_admins_edit_users_requirement_groups_and_settings(shared: Shared, route: tuple[str, str]):
    # WHEN a standard user attempts an admin change
    response = _call(shared, route, shared.world.gc.standard)

    # THEN it is forbidden
    assert response.status_code == 403, response.body


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=lambda r: f"{r[0]} {r[1]}")
def test_every_staff_route_needs_a_valid_token(shared: Shared, route: tuple[str, str]):
    # WHEN called without a token, or with a forged one
    missing = _call(shared, route, None)
    forged = _call(shared, route, None, Authorization="Bearer eyJhbGciOiJIUzI1NiJ9.e30.forged")

    # THEN both are 401
    assert (missing.status_code, forged.status_code) == (401, 401)


def test_reviewer_works_only_the_review_queue_of_granted_tenants(shared: Shared):
    world, reviewer = shared.world, shared.world.reviewer_email
    granted = {"X-Tenant-Id": world.gc.tenant_id}

    # WHEN the reviewer reads the granted tenant's queue, and the cross-tenant queue
    queue = world.call("GET", "/api/review-queue", reviewer, headers=granted)
    across = world.call("GET", "/api/review-queue/all", reviewer)

    # THEN both show the client's document
    assert queue.status_code == 200
    assert shared.scenario.document_id in [d["id"] for d in queue.json_body["items"]]
    assert shared.scenario.document_id in [d["id"] for d in across.json_body["items"]]
    assert (
        world.call(
            "GET", f"/api/documents/{shared.scenario.document_id}", reviewer, headers=granted
        ).status_code
        == 200
    )
    # AND project lists or edits are forbidden, and a tenant that granted nothing does not exist for them
    assert world.call("GET", "/api/projects", reviewer, headers=granted).status_code == 403
    assert (
        world.call(
            "POST", "/api/projects", reviewer, {"number": "9", "name": "X"}, headers=granted
        ).status_code
        == 403
    )
    other = {"X-Tenant-Id": world.other.tenant_id}
    assert world.call("GET", "/api/review-queue", reviewer, headers=other).status_code == 404
    # AND staff of a tenant cannot switch tenants with the header
    assert world.call("GET", "/api/projects", world.other.admin, headers=granted).status_code == 404


BODY_ROUTES = sorted(
    (doc.method, "/api" + doc.path) for doc in ROUTES if doc.body is not None and doc.method != "GET"
)
GARBAGE = ["[]", '"text"', "{", '{"unexpected": 1}', '{"name": 12345, "email": []}', "null"]


@pytest.mark.parametrize("route", BODY_ROUTES, ids=lambda r: f"{r[0]} {r[1]}")
def test_bad_bodies_are_400_with_a_message_never_500(shared: Shared, route: tuple[str, str]):
    method, path = route
    url = fill(path, shared.params)
    email = None if path.startswith("/api/portal/") or path in PUBLIC else shared.world.gc.admin
    for body in GARBAGE:
        # WHEN a malformed or wrongly shaped body is sent
        response = shared.world.call(method, url, email, body)

        # THEN the answer is a 400 with a one-line error (and field messages for validation)
        assert response.status_code == 400, (body, response.body)
        assert isinstance(response.json_body["error"], str)


def test_invalid_paging_parameters_are_400(shared: Shared):
    admin = shared.world.gc.admin
    bad_limit = shared.world.call("GET", "/api/projects?limit=0", admin)
    bad_cursor = shared.world.call("GET", "/api/projects?cursor=garbage", admin)
    foreign_cursor_source = shared.world.call("GET", "/api/contracts?limit=1", admin).json_body
    assert bad_limit.status_code == 400
    assert bad_limit.json_body["fields"] == {"limit": "an integer from 1 to 200"}
    assert bad_cursor.status_code == 400
    if foreign_cursor_source["next_cursor"]:
        reused = shared.world.call(
            "GET", f"/api/projects?cursor={foreign_cursor_source['next_cursor']}", admin
        )
        assert reused.status_code == 400


def test_unknown_or_malformed_ids_are_404(shared: Shared):
    admin = shared.world.gc.admin
    for path in ("/api/projects/" + "0" * 32, "/api/contracts/not-an-id", "/api/documents/%23T%23x"):
        assert shared.world.call("GET", path, admin).status_code == 404


def test_responses_report_dynamodb_reads_when_metrics_are_on(shared: Shared):
    response = shared.world.call(
        "GET", f"/api/contracts/{shared.scenario.contract_id}", shared.world.gc.admin
    )
    assert int(response.headers["X-Db-Reads"]) >= 1


def test_csv_exports_are_served_as_csv(shared: Shared):
    admin = shared.world.gc.admin
    # WHEN the vendor directory is exported THEN it is CSV with the columns people read
    vendors = shared.world.call("GET", "/api/exports/vendors.csv", admin)
    assert vendors.headers["Content-Type"].startswith("text/csv")
    assert vendors.body.decode().splitlines()[0] == VENDOR_CSV_HEADER
    # WHEN the coverages are exported THEN it is the Sage-shaped CSV (rows: test_api_csv_exports.py)
    coverages = shared.world.call("GET", "/api/exports/coverages.csv", admin)
    assert coverages.headers["Content-Type"].startswith("text/csv")
    header = next(csv.reader(io.StringIO(coverages.body.decode())))
    assert header[: len(COVERAGE_CSV_LEAD)] == COVERAGE_CSV_LEAD
    assert header[-len(COVERAGE_CSV_TRAIL) :] == COVERAGE_CSV_TRAIL
    assert all(c.startswith("Limit_") for c in header[len(COVERAGE_CSV_LEAD) : -len(COVERAGE_CSV_TRAIL)])


def test_contract_detail_costs_a_fixed_number_of_reads(shared: Shared):
    # WHEN the contract page's data is read
    url = f"/api/contracts/{shared.scenario.contract_id}"
    response = shared.world.call("GET", url, shared.world.gc.admin)

    # THEN it takes four: the caller's user, contract + history (one query), one batch, the documents
    assert response.status_code == 200
    assert int(response.headers["X-Db-Reads"]) == 4
