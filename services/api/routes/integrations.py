"""Connected Apps (Procore): connection status, connect, choose the company, disconnect; the
company's Procore projects and importing them; each imported project's method and sync log.

Procore is reached only through `shared.procore.staff` (one facade, built per API services
object), which raises the workspace's own errors; Procore's failures answer 502.
"""

from __future__ import annotations

from typing import Annotated, Any

from chalice import Blueprint
from pydantic import BaseModel, ConfigDict, Field

from services.api.http import ApiRequest, api_route, error
from services.api.logic.procore import procore_for_services
from shared import workspace
from shared.workspace import Permission

bp = Blueprint(__name__)

TAG = "integrations"
Status = Annotated[str, Field(min_length=1, max_length=40)]


def procore_for(req: ApiRequest) -> Any:
    return procore_for_services(req.services)


def _call(fn: Any, *args: Any) -> Any:
    from shared.procore.staff import ProcoreUnreachable

    try:
        return fn(*args)
    except ProcoreUnreachable as problem:
        return error(502, str(problem))


def _admin_connection_change(req: ApiRequest, operation: str, audit_action: str, **details: Any) -> Any:
    """An Admin connects or disconnects the tenant: Procore's `operation`, then the audit entry."""
    req.ctx.require(Permission.ADMIN)
    result = _call(getattr(procore_for(req), operation), req.ctx.tenant_id)
    req.ctx.audit(audit_action, "tenant", req.ctx.tenant_id, **details)
    req.ctx.repo.commit()
    return result


class CompanyChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")
    company_id: int = Field(gt=0, lt=2**63)


class ImportRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    procore_project_id: int = Field(gt=0, lt=2**63)
    method: str = Field(min_length=1, max_length=40)
    statuses: list[Status] | None = Field(default=None, max_length=20)


class ImportChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    method: str = Field(min_length=1, max_length=40)
    statuses: list[Status] | None = Field(default=None, max_length=20)


@api_route(bp, "/integrations/procore", summary="Procore connection status", tag=TAG)
def procore_status(req: ApiRequest) -> Any:
    req.ctx.require(Permission.READ)
    return _call(procore_for(req).status, req.ctx.tenant_id)


@api_route(
    bp,
    "/integrations/procore/authorize",
    "POST",
    summary="Start connecting with Procore's consent page: the URL to send the browser to",
    tag=TAG,
)
def procore_authorize(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    return {"authorize_url": procore_for(req).authorize_url(req.ctx.tenant_id)}


@api_route(
    bp,
    "/integrations/procore/service-account",
    "POST",
    summary="Connect with the app's service account (client credentials)",
    tag=TAG,
)
def procore_service_account(req: ApiRequest) -> Any:
    return _admin_connection_change(
        req, "connect_service_account", "procore.connected", auth_mode="client_credentials"
    )


@api_route(
    bp,
    "/integrations/procore/company",
    "PUT",
    summary="Choose the Procore company to connect",
    tag=TAG,
    body=CompanyChoice,
)
def procore_company(req: ApiRequest) -> Any:
    req.ctx.require(Permission.ADMIN)
    return _call(procore_for(req).choose_company, req.ctx.tenant_id, req.body.company_id)


@api_route(
    bp,
    "/integrations/procore",
    "DELETE",
    summary="Disconnect Procore: webhooks removed, tokens revoked and deleted",
    tag=TAG,
)
def procore_disconnect(req: ApiRequest) -> Any:
    return _admin_connection_change(req, "disconnect", "procore.disconnected")


@api_route(
    bp,
    "/integrations/procore/projects",
    summary="The company's Procore projects (status active|inactive|all), imported ones marked",
    tag=TAG,
    query=("status",),
)
def procore_projects(req: ApiRequest) -> Any:
    req.ctx.require(Permission.READ)
    return _call(procore_for(req).projects, req.ctx.tenant_id, req.query.get("status") or "active")


@api_route(
    bp,
    "/integrations/procore/imports",
    "POST",
    summary="Import a Procore project (in Draft) by directory, subcontract, purchase_order or both",
    tag=TAG,
    body=ImportRequest,
    status=201,
)
def procore_import(req: ApiRequest) -> Any:
    req.ctx.require(Permission.WRITE)
    body: ImportRequest = req.body
    result = _call(
        procore_for(req).import_project,
        req.ctx.tenant_id,
        body.procore_project_id,
        body.method,
        body.statuses,
    )
    if isinstance(result, dict):
        req.ctx.audit(
            "procore.project_imported",
            "project",
            result["project_id"],
            procore_project_id=body.procore_project_id,
            method=body.method,
        )
        req.ctx.repo.commit()
    return result


@api_route(bp, "/projects/{project_id}/procore", summary="The project's Procore import", tag=TAG)
def project_procore(req: ApiRequest) -> Any:
    project = workspace.get_project(req.ctx, req.params["project_id"])
    found = procore_for(req).project_procore(req.ctx.tenant_id, project.id)
    return {"imported": found is not None, **(found or {})}


@api_route(
    bp,
    "/projects/{project_id}/procore",
    "PUT",
    summary="Change the project's Procore import method and statuses (the next sync follows them)",
    tag=TAG,
    body=ImportChange,
)
def change_project_procore(req: ApiRequest) -> Any:
    req.ctx.require(Permission.WRITE)
    project = workspace.get_project(req.ctx, req.params["project_id"])
    body: ImportChange = req.body
    return _call(procore_for(req).change_import, req.ctx.tenant_id, project.id, body.method, body.statuses)


@api_route(
    bp,
    "/projects/{project_id}/procore/sync-log",
    summary="Vendors Procore could not import for the project: time, contract, vendor, error, link",
    tag=TAG,
)
def project_sync_log(req: ApiRequest) -> Any:
    project = workspace.get_project(req.ctx, req.params["project_id"])
    return {"entries": procore_for(req).sync_log(req.ctx.tenant_id, project.id)}
