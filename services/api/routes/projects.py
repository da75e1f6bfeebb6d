"""Projects, their requirement groups, contracts list, excluded officers and sample documents."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response
from pydantic import BaseModel, ConfigDict, Field

from services.api.http import PAGE_QUERY, ApiRequest, api_route, call_route, one_line, page_route
from services.api.logic.procore import open_sync_problems
from services.api.logic.uploads import sample_upload_ticket
from shared import workspace
from shared.workspace import (
    Conflict,
    CopyRequirementGroup,
    InvalidInput,
    NewContract,
    NewProject,
    Permission,
    ProjectStatus,
    ProjectStatusChange,
    ProjectUpdate,
    RequirementGroupInput,
)

bp = Blueprint(__name__)


class SampleUploadRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    content_type: str = Field(max_length=100)


class SampleDocumentInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    title: str = Field(min_length=1, max_length=200)
    key: str = Field(min_length=1, max_length=300)
    content_type: str = Field(max_length=100)


def _status_filter(req: ApiRequest) -> ProjectStatus | None:
    raw = req.query.get("status")
    if raw is None:
        return None
    try:
        return ProjectStatus(raw)
    except ValueError as exc:
        raise InvalidInput(
            "unknown status", {"status": f"one of {', '.join(s.value for s in ProjectStatus)}"}
        ) from exc


@api_route(
    bp,
    "/projects",
    summary="Projects, sortable by number or name, filterable by status",
    tag="projects",
    query=("sort", "order", "status", *PAGE_QUERY),
)
def list_projects(req: ApiRequest) -> Any:
    order = req.query.get("order", "asc")
    if order not in ("asc", "desc"):
        raise InvalidInput("unknown order", {"order": "asc or desc"})
    page = workspace.list_projects(
        req.ctx,
        sort=req.query.get("sort", "number"),
        descending=order == "desc",
        status=_status_filter(req),
        **req.page_args(),
    )
    return page.to_json(workspace.project_json)


@api_route(
    bp,
    "/projects",
    "POST",
    summary="Create a project (copies the default requirement group)",
    tag="projects",
    body=NewProject,
    status=201,
)
def create_project(req: ApiRequest) -> Any:
    return workspace.project_json(workspace.create_project(req.ctx, req.body))


@api_route(bp, "/projects/{project_id}", summary="A project with its compliance bar", tag="projects")
def get_project(req: ApiRequest) -> Any:
    return workspace.project_json(workspace.get_project(req.ctx, req.params["project_id"]))


@api_route(
    bp,
    "/projects/{project_id}",
    "PATCH",
    summary="Change a project's details",
    tag="projects",
    body=ProjectUpdate,
)
def update_project(req: ApiRequest) -> Any:
    return workspace.project_json(workspace.update_project(req.ctx, req.params["project_id"], req.body))


@api_route(
    bp,
    "/projects/{project_id}/status",
    "POST",
    summary="Move a project to Draft/Active/Frozen/Warranty/Closed",
    tag="projects",
    body=ProjectStatusChange,
)
def change_status(req: ApiRequest) -> Any:
    body: ProjectStatusChange = req.body
    if body.status == ProjectStatus.ACTIVE:
        project = workspace.get_project(req.ctx, req.params["project_id"])
        if project.status == ProjectStatus.DRAFT:
            # As in the UI: a Draft project turns Active only through the go-live checklist.
            raise Conflict(f"a Draft project goes live through POST /api/projects/{project.id}/go-live")
    return workspace.project_json(workspace.change_project_status(req.ctx, req.params["project_id"], body))


class GoLiveRequest(BaseModel):
    """Going live has no options: like the UI, there is no override of the checklist."""

    model_config = ConfigDict(extra="forbid")


def _checklist_json(checks: list[workspace.GoLiveCheck]) -> list[dict[str, Any]]:
    return [
        {"key": c.key, "label": c.title, "ok": c.ok, "detail": c.detail, "required": c.required}
        for c in checks
    ]


@api_route(
    bp,
    "/projects/{project_id}/go-live",
    summary="The go-live checklist (items: key, label, ok, detail, required) and whether it is ready",
    tag="projects",
)
def go_live_checklist(req: ApiRequest) -> Any:
    project = workspace.get_project(req.ctx, req.params["project_id"])
    checks = workspace.go_live_checklist(
        req.ctx,
        project.id,
        open_sync_problems=open_sync_problems(req.services, req.ctx.tenant_id, project.id),
    )
    return {
        "project_id": project.id,
        "status": project.status.value,
        "ready": project.status == ProjectStatus.DRAFT and all(c.ok for c in checks if c.required),
        "items": _checklist_json(checks),
    }


@api_route(
    bp,
    "/projects/{project_id}/go-live",
    "POST",
    summary="Go live: Draft -> Active and the queued requests go out, only when every required "
    "checklist item is met (409 with the failing items otherwise; no override)",
    tag="projects",
    body=GoLiveRequest,
)
def go_live(req: ApiRequest) -> Any:
    req.ctx.require(Permission.WRITE)
    project = workspace.get_project(req.ctx, req.params["project_id"])
    problems = open_sync_problems(req.services, req.ctx.tenant_id, project.id)
    try:
        went = workspace.go_live(req.ctx, project.id, open_sync_problems=problems)
    except InvalidInput as refused:
        failing = [
            c
            for c in workspace.go_live_checklist(req.ctx, project.id, open_sync_problems=problems)
            if c.required and not c.ok
        ]
        body = {
            "error": one_line(str(refused)),
            "fields": refused.fields,
            "failing": _checklist_json(failing),
        }
        return Response(body=body, status_code=409, headers={"Content-Type": "application/json"})
    return workspace.project_json(went)


@api_route(
    bp,
    "/projects/{project_id}/contracts",
    summary="Contracts of a project, filterable by status",
    tag="contracts",
    query=("status", *PAGE_QUERY),
)
def project_contracts(req: ApiRequest) -> Any:
    return workspace.list_contracts(
        req.ctx, project_id=req.params["project_id"], status=req.query.get("status"), **req.page_args()
    )


call_route(
    bp,
    "/projects/{project_id}/contracts",
    "POST",
    workspace.create_contract,
    summary="Add a vendor to the project (a contract)",
    tag="contracts",
    body=NewContract,
    status=201,
)
page_route(
    bp,
    "/projects/{project_id}/requirement-groups",
    workspace.list_requirement_groups,
    summary="The project's requirement groups",
    tag="requirements",
)
page_route(
    bp,
    "/projects/{project_id}/excluded-officers",
    workspace.excluded_officers_page,
    summary="Officers excluded from workers' compensation, per contract",
    tag="projects",
)


@api_route(
    bp,
    "/projects/{project_id}/sample-documents/uploads",
    "POST",
    summary="Presigned POST to upload a sample document for vendors",
    tag="projects",
    body=SampleUploadRequest,
    status=201,
)
def sample_upload(req: ApiRequest) -> Any:
    ticket = sample_upload_ticket(
        req.ctx, req.services.uploads, req.params["project_id"], req.body.content_type
    )
    return ticket.to_json()


@api_route(
    bp,
    "/projects/{project_id}/sample-documents",
    "POST",
    summary="Register an uploaded sample document",
    tag="projects",
    body=SampleDocumentInput,
    status=201,
)
def add_sample(req: ApiRequest) -> Any:
    body = req.body
    project = workspace.add_sample_document(
        req.ctx, req.params["project_id"], title=body.title, key=body.key, content_type=body.content_type
    )
    return workspace.project_json(project)


@api_route(
    bp,
    "/projects/{project_id}/sample-documents/{sample_id}",
    "DELETE",
    summary="Remove a sample document",
    tag="projects",
)
def remove_sample(req: ApiRequest) -> Any:
    return workspace.project_json(
        workspace.remove_sample_document(req.ctx, req.params["project_id"], req.params["sample_id"])
    )


# ---------------------------------------------------------------- requirement groups


@api_route(
    bp, "/requirement-groups", summary="Tenant-level requirement groups", tag="requirements", query=PAGE_QUERY
)
def list_groups(req: ApiRequest) -> Any:
    return workspace.list_requirement_groups(req.ctx, None, **req.page_args())


@api_route(
    bp,
    "/requirement-groups",
    "POST",
    summary="Create a tenant-level requirement group (Admin)",
    tag="requirements",
    body=RequirementGroupInput,
    status=201,
    query=("default",),
)
def create_group(req: ApiRequest) -> Any:
    return workspace.create_requirement_group(
        req.ctx, req.body, make_default=req.query.get("default") == "true"
    )


call_route(
    bp,
    "/requirement-groups/{group_id}",
    "GET",
    workspace.get_requirement_group,
    summary="A requirement group",
    tag="requirements",
)


@api_route(
    bp,
    "/requirement-groups/{group_id}",
    "PUT",
    summary="Replace a group's requirements (Admin); projects keep their own copies",
    tag="requirements",
    body=RequirementGroupInput,
    query=("default",),
)
def update_group(req: ApiRequest) -> Any:
    make_default = True if req.query.get("default") == "true" else None
    return workspace.update_requirement_group(
        req.ctx, req.params["group_id"], req.body, make_default=make_default
    )


call_route(
    bp,
    "/requirement-groups/{group_id}/copy",
    "POST",
    workspace.copy_requirement_group,
    summary="Copy and rename a group, at tenant level, into a project or for one contract (Admin)",
    tag="requirements",
    body=CopyRequirementGroup,
    status=201,
)
