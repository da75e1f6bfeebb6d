"""Staff pages for projects: the list, a project (contracts, samples, details, status), go-live.

Every write is a form POST (CSRF-checked) answered by a redirect, so reload never repeats it.
"""

from __future__ import annotations

from datetime import date

from chalice import Blueprint, Response

from services.api.logic.procore import open_sync_problems
from services.api.logic.uploads import sample_upload_ticket as sample_ticket
from services.api.ui.flash import flash, with_query
from services.api.ui.web import (
    UiRequest,
    content_security_policy,
    json_response,
    page,
    redirect,
    s3_origin,
)
from shared import workspace
from shared.workspace import (
    CONTRACT_STATUSES,
    Contact,
    NewContract,
    NewProject,
    ProjectStatus,
    ProjectStatusChange,
    ProjectUpdate,
    Role,
    VendorInput,
)

bp = Blueprint(__name__)


CONTRACT_TABS = [
    ("", "All"),
    ("needs_certificate", "Needs certificate"),
    ("needs_review", "Needs review"),
    ("compliant", "Compliant"),
    ("non_compliant", "Non-compliant"),
    ("inactive", "Inactive"),
]


@page(bp, "/projects")
def projects(req: UiRequest) -> Response:
    if req.actor is not None and req.actor.role == Role.REVIEWER:
        return redirect("/review")
    status_raw = req.query.get("status") or None
    status = ProjectStatus(status_raw) if status_raw in {s.value for s in ProjectStatus} else None
    sort = req.query.get("sort", "number")
    order = req.query.get("order", "asc")
    listed = workspace.list_projects(
        req.ctx,
        sort=sort if sort in ("number", "name") else "number",
        descending=order == "desc",
        status=status,
        cursor=req.query.get("cursor") or None,
        limit=50,
    )
    return req.render(
        "projects.html",
        projects=listed.items,
        next_cursor=listed.next_cursor,
        statuses=[s.value for s in ProjectStatus],
        status=status.value if status else "",
        sort=sort,
        order=order,
        flash=flash(req),
        groups=workspace.list_requirement_groups(req.ctx, None, limit=100).items,
    )


@page(bp, "/projects", ("POST",))
def create_project(req: UiRequest) -> Response:
    insureds = [line.strip() for line in req.field("additional_insureds").splitlines() if line.strip()]
    project = workspace.create_project(
        req.ctx,
        NewProject(
            number=req.field("number"),
            name=req.field("name"),
            address=req.field("address") or None,
            # A new project never starts Active: it goes live through the checklist.
            status=ProjectStatus(req.field("status", "draft") or "draft")
            if req.field("status") != ProjectStatus.ACTIVE
            else ProjectStatus.DRAFT,
            additional_insureds=insureds,
            requirement_group_id=req.field("requirement_group_id") or None,
        ),
    )
    return redirect(with_query(f"/projects/{project.id}", done="project_created"))


@page(bp, "/projects/{project_id}")
def project(req: UiRequest) -> Response:
    found = workspace.get_project(req.ctx, req.params["project_id"])
    show = req.query.get("show", "")
    contracts = workspace.list_contracts(
        req.ctx,
        project_id=found.id,
        status=show if show in CONTRACT_STATUSES else None,
        cursor=req.query.get("cursor") or None,
        limit=100,
    )
    group = req.ctx.repo.requirement_group(found.requirement_group_id) if found.requirement_group_id else None
    samples = [
        {
            "id": s.id,
            "title": s.title,
            "url": req.services.uploads.download(s.key, expires_in=900),
        }
        for s in found.sample_documents
    ]
    s3 = s3_origin(req.services)
    return req.render(
        "project.html",
        csp=content_security_policy(connect=s3, form=s3),
        project=found,
        compliance=found.compliance_bar,
        contracts=contracts.items,
        next_cursor=contracts.next_cursor,
        tabs=CONTRACT_TABS,
        show=show,
        group=group,
        group_words=workspace.requirements_in_plain_words(group, found) if group else [],
        samples=samples,
        officers=workspace.excluded_officers(req.ctx, found.id),
        statuses=[s.value for s in ProjectStatus],
        flash=flash(req),
    )


@page(bp, "/projects/{project_id}/details", ("POST",))
def project_details(req: UiRequest) -> Response:
    project_id = req.params["project_id"]
    insureds = [line.strip() for line in req.field("additional_insureds").splitlines() if line.strip()]
    workspace.update_project(
        req.ctx,
        project_id,
        ProjectUpdate(
            number=req.field("number"),
            name=req.field("name"),
            address=req.field("address") or None,
            additional_insureds=insureds,
        ),
    )
    return redirect(with_query(f"/projects/{project_id}", done="project_saved"))


def _open_sync_problems(req: UiRequest, project_id: str) -> int:
    # The same count the API's go-live routes read.
    return open_sync_problems(req.services, req.ctx.tenant_id, project_id)


@page(bp, "/projects/{project_id}/go-live")
def go_live_page(req: UiRequest) -> Response:
    found = workspace.get_project(req.ctx, req.params["project_id"])
    checks = workspace.go_live_checklist(
        req.ctx, found.id, open_sync_problems=_open_sync_problems(req, found.id)
    )
    return req.render("go_live.html", project=found, checks=checks, ready=all(c.ok for c in checks))


@page(bp, "/projects/{project_id}/go-live", ("POST",))
def go_live(req: UiRequest) -> Response:
    project_id = req.params["project_id"]
    workspace.go_live(req.ctx, project_id, open_sync_problems=_open_sync_problems(req, project_id))
    return redirect(with_query(f"/projects/{project_id}", done="went_live"))


@page(bp, "/projects/{project_id}/status", ("POST",))
def project_status(req: UiRequest) -> Response:
    project_id = req.params["project_id"]
    if (
        req.field("status") == ProjectStatus.ACTIVE
        and workspace.get_project(req.ctx, project_id).status == ProjectStatus.DRAFT
    ):
        # A Draft project turns Active only through the go-live checklist.
        return redirect(f"/projects/{project_id}/go-live")
    warranty = req.field("warranty_end_date")
    workspace.change_project_status(
        req.ctx,
        project_id,
        ProjectStatusChange(
            status=ProjectStatus(req.field("status")),
            warranty_end_date=date.fromisoformat(warranty) if warranty else None,
        ),
    )
    return redirect(with_query(f"/projects/{project_id}", done="status_changed"))


@page(bp, "/projects/{project_id}/sample-ticket", ("POST",))
def sample_upload_ticket(req: UiRequest) -> Response:
    """Presigned POST for a sample document (the drop zone on the project page)."""
    ticket = sample_ticket(req.ctx, req.services.uploads, req.params["project_id"], req.field("content_type"))
    return json_response(ticket.to_json(), 201)


@page(bp, "/projects/{project_id}/samples", ("POST",))
def add_sample(req: UiRequest) -> Response:
    project_id = req.params["project_id"]
    workspace.add_sample_document(
        req.ctx,
        project_id,
        title=req.field("title")[:200] or "Sample document",
        key=req.field("key"),
        content_type=req.field("content_type"),
    )
    return redirect(with_query(f"/projects/{project_id}", done="sample_added"))


@page(bp, "/projects/{project_id}/samples/{sample_id}/remove", ("POST",))
def remove_sample(req: UiRequest) -> Response:
    project_id = req.params["project_id"]
    workspace.remove_sample_document(req.ctx, project_id, req.params["sample_id"])
    return redirect(with_query(f"/projects/{project_id}", done="sample_removed"))


@page(bp, "/projects/{project_id}/contracts", ("POST",))
def add_contract(req: UiRequest) -> Response:
    project_id = req.params["project_id"]
    workspace.create_contract(
        req.ctx,
        project_id,
        NewContract(
            vendor=VendorInput(name=req.field("vendor_name")),
            description=req.field("description") or None,
            contact=Contact(
                name=req.field("contact_name") or None,
                email=req.field("contact_email") or None,
                phone=req.field("contact_phone") or None,
            ),
        ),
    )
    return redirect(with_query(f"/projects/{project_id}", done="contract_added"))
