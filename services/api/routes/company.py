"""Company views: coverage buckets, vendor directory, CSV exports, Do-Not-Pay, audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalice import Blueprint, Response

from services.api.http import PAGE_QUERY, ApiRequest, api_route
from services.api.logic.erp import console_for, sage_coverages_csv
from shared import workspace
from shared.workspace import InvalidInput, VendorInput

bp = Blueprint(__name__)


def _csv_response(text: str, filename: str) -> Response:
    return Response(
        body=text,
        status_code=200,
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


@api_route(
    bp,
    "/coverages/summary",
    summary="Coverage counts: active, expiring_soon, expired, waived, approved_non_compliant",
    tag="company",
)
def summary(req: ApiRequest) -> Any:
    return {"buckets": workspace.coverage_bucket_counts(req.ctx)}


@api_route(bp, "/coverages", summary="Coverages in one bucket", tag="company", query=("bucket", *PAGE_QUERY))
def bucket(req: ApiRequest) -> Any:
    chosen = req.query.get("bucket")
    if not chosen:
        raise InvalidInput("choose a bucket", {"bucket": "required"})
    return workspace.coverages_in_bucket(req.ctx, chosen, **req.page_args())


@api_route(
    bp,
    "/vendors",
    summary="Vendor directory across projects with per-project status",
    tag="company",
    query=("name", *PAGE_QUERY),
)
def vendors(req: ApiRequest) -> Any:
    page = workspace.vendor_directory(req.ctx, name_prefix=req.query.get("name"), **req.page_args())
    return page.to_json(lambda e: e.to_json())


@api_route(bp, "/vendors/{vendor_id}", summary="A vendor with its contracts", tag="company")
def vendor(req: ApiRequest) -> Any:
    return workspace.VendorEntry(workspace.get_vendor(req.ctx, req.params["vendor_id"])).to_json()


@api_route(
    bp,
    "/vendors/{vendor_id}",
    "PUT",
    summary="Change a vendor's name or address",
    tag="company",
    body=VendorInput,
)
def update_vendor(req: ApiRequest) -> Any:
    body: VendorInput = req.body
    return workspace.update_vendor(req.ctx, req.params["vendor_id"], body)


@api_route(
    bp,
    "/exports/coverages.csv",
    summary="CSV of every current coverage (Sage-shaped)",
    tag="company",
    produces="text/csv",
)
def export_coverages(req: ApiRequest) -> Response:
    return _csv_response(
        sage_coverages_csv(req.ctx, console_for(req.services)).decode("ascii"), "coverages.csv"
    )


@api_route(
    bp, "/exports/vendors.csv", summary="CSV of the vendor directory", tag="company", produces="text/csv"
)
def export_vendors(req: ApiRequest) -> Response:
    return _csv_response(workspace.export_vendors_csv(req.ctx), "vendors.csv")


@api_route(
    bp,
    "/do-not-pay",
    summary="Active contracts not compliant on a date (default today)",
    tag="company",
    query=("date", *PAGE_QUERY),
)
def do_not_pay(req: ApiRequest) -> Any:
    raw = req.query.get("date")
    try:
        on = date.fromisoformat(raw) if raw else req.services.clock.today()
    except ValueError as exc:
        raise InvalidInput("invalid date", {"date": "use YYYY-MM-DD"}) from exc
    page = workspace.do_not_pay(req.ctx, on, **req.page_args())
    return {"date": on.isoformat(), **page.to_json()}


@api_route(
    bp,
    "/audit",
    summary="The tenant's audit trail, newest first (read-only by design)",
    tag="audit",
    query=("entity_type", "entity_id", *PAGE_QUERY),
)
def audit(req: ApiRequest) -> Any:
    return workspace.audit_trail(
        req.ctx,
        entity_type=req.query.get("entity_type"),
        entity_id=req.query.get("entity_id"),
        **req.page_args(),
    )
