"""ERP exports: the settings Admins keep (which ERPs, schedule, AP e-mail, codes per ERP with each
ERP's rules, matching the ERP's vendor list), the generated files with short-lived download links,
"export now", retrying a failed delivery; and the Sage-shaped Company Coverages CSV that the
company routes serve.

The use cases live in `shared.erp.console` (the API imports no service: export now and retry are
requests erp_export runs, by event) and `services.api.logic.erp` (the console on the API's ports,
the workspace's vendors, projects and contracts, the Sage CSV), which the ERP pages share; this
module checks permissions (settings: Admin; exports: read; export now and retry: write).
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from pydantic import BaseModel, ConfigDict, Field

from services.api.http import ApiRequest, api_route
from services.api.logic.erp import (
    code_kind,
    confirm,
    console_for,
    entities_of,
    entity,
    erp_name,
    settings_json,
    vendors_of,
)
from shared.erp import RULES, ErpSettingsInput
from shared.workspace import Permission

bp = Blueprint(__name__)


# ---------------------------------------------------------------- settings (Admin)


@api_route(bp, "/erp/settings", summary="ERP settings: ERPs, schedule, AP e-mail, options", tag="erp")
def get_settings(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    return settings_json(console_for(req.services), req.ctx.tenant_id)


@api_route(bp, "/erp/settings", "PUT", summary="Change the ERP settings", tag="erp", body=ErpSettingsInput)
def put_settings(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    console = console_for(req.services)
    console.save_settings(req.ctx.tenant_id, req.body)
    return settings_json(console, req.ctx.tenant_id)


@api_route(
    bp,
    "/erp/codes",
    summary="Each vendor (kind=vendor), project (job) or contract (commitment) with its code in one ERP",
    tag="erp",
    query=("erp", "kind"),
)
def list_codes(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    erp, kind = erp_name(req.query.get("erp", "")), code_kind(req.query.get("kind", "vendor"))
    rows = console_for(req.services).code_rows(req.ctx.tenant_id, erp, kind, entities_of(req.ctx, kind))
    return {"erp": erp, "kind": kind, "rule": RULES[(erp, kind)].text, "items": rows}


class CodeChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    erp: str = Field(min_length=1, max_length=20)
    kind: str = Field(default="vendor", max_length=20)
    id: str = Field(min_length=1, max_length=64)
    code: str | None = Field(default=None, max_length=64)


@api_route(
    bp,
    "/erp/codes",
    "PUT",
    summary="Set (or with a null code clear) one ERP code; checked against that ERP's rule",
    tag="erp",
    body=CodeChange,
)
def put_code(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    body: CodeChange = req.body
    erp, kind = erp_name(body.erp), code_kind(body.kind)
    target = entity(req.ctx, kind, body.id)
    saved = console_for(req.services).set_code(
        req.ctx.tenant_id, erp, kind, target, body.code, by=req.ctx.actor.email
    )
    return {"erp": erp, "kind": kind, "id": target.id, "code": saved}


class VendorListInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    erp: str = Field(min_length=1, max_length=20)
    csv: str = Field(min_length=1, max_length=2_000_000)


@api_route(
    bp,
    "/erp/vendor-matches",
    "POST",
    summary="Match the ERP's vendor list (CSV) to our vendors by name, for confirmation",
    tag="erp",
    body=VendorListInput,
)
def vendor_matches(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    erp = erp_name(req.body.erp)
    matches = console_for(req.services).match_vendor_list(erp, req.body.csv, vendors_of(req.ctx))
    return {"erp": erp, "items": [m.__dict__ for m in matches]}


class ConfirmedMatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vendor_id: str = Field(min_length=1, max_length=64)
    code: str = Field(min_length=1, max_length=64)


class ConfirmMatchesInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    erp: str = Field(min_length=1, max_length=20)
    matches: list[ConfirmedMatch] = Field(max_length=5000)


@api_route(
    bp,
    "/erp/vendor-matches/confirm",
    "POST",
    summary="Save the confirmed matches as vendor codes (each checked against the ERP's rule)",
    tag="erp",
    body=ConfirmMatchesInput,
)
def confirm_matches(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    return confirm(
        req.ctx,
        console_for(req.services),
        erp_name(req.body.erp),
        [(m.vendor_id, m.code) for m in req.body.matches],
    )


# ---------------------------------------------------------------- exports


class ExportNowInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    erp: str = Field(min_length=1, max_length=20)


@api_route(
    bp, "/erp/exports", summary="Every generated ERP file, newest first, with download links", tag="erp"
)
def list_exports(req: ApiRequest) -> Any:
    req.ctx.require(Permission.READ)
    return {"items": console_for(req.services).exports(req.ctx.tenant_id), "next_cursor": None}


@api_route(
    bp,
    "/erp/exports",
    "POST",
    summary="Export now: erp_export writes one ERP's file; the entry (done, or queued/running if slow)",
    tag="erp",
    body=ExportNowInput,
    status=201,
)
def export_now(req: ApiRequest) -> Any:
    req.ctx.require(Permission.WRITE)
    erp = erp_name(req.body.erp)
    return console_for(req.services).export_now(req.ctx.tenant_id, erp, by=req.ctx.actor.email)


class RetryInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    export_id: str = Field(min_length=1, max_length=64)


@api_route(
    bp,
    "/erp/exports/retry",
    "POST",
    summary="Retry an export's failed delivery (Intacct, e-mail)",
    tag="erp",
    body=RetryInput,
)
def retry_delivery(req: ApiRequest) -> Any:
    req.ctx.require(Permission.WRITE)
    return console_for(req.services).retry(req.ctx.tenant_id, req.body.export_id, by=req.ctx.actor.email)
