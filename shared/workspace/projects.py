"""Projects: creation with their own copy of the requirements, updates, status changes and
sample documents."""

from __future__ import annotations

from shared.events import ProjectStatusChanged
from shared.workspace.access import Context, Permission
from shared.workspace.entities import (
    NewProject,
    Project,
    ProjectStatus,
    ProjectStatusChange,
    ProjectUpdate,
    SampleDocument,
    new_id,
)
from shared.workspace.errors import InvalidInput, NotFound
from shared.workspace.keys import require_issued_key
from shared.workspace.publishing import publish
from shared.workspace.repository import Page
from shared.workspace.requirement_groups import copy_group, group_for_project


def create_project(ctx: Context, data: NewProject) -> Project:
    ctx.require(Permission.WRITE)
    tenant = ctx.repo.tenant()
    if data.legal_entity_id:
        ctx.repo.legal_entity(data.legal_entity_id)
    if data.status == ProjectStatus.WARRANTY and data.warranty_end_date is None:
        raise InvalidInput(
            "warranty needs an end date", {"warranty_end_date": "required for the warranty status"}
        )
    source = (
        ctx.repo.requirement_group(data.requirement_group_id)
        if data.requirement_group_id
        else ctx.repo.default_requirement_group()
    )
    if source is not None and source.project_id is not None:
        raise InvalidInput(
            "choose a tenant-level requirement group", {"requirement_group_id": "project group"}
        )
    now = ctx.clock.now()
    project = Project(
        id=new_id(),
        tenant_id=ctx.tenant_id,
        number=data.number,
        name=data.name,
        address=data.address,
        legal_entity_id=data.legal_entity_id,
        status=data.status,
        warranty_end_date=data.warranty_end_date,
        additional_insureds=_with_gc(tenant.name, data.additional_insureds),
        created_at=now,
        updated_at=now,
    )
    if source is not None:
        # The project gets its own copy: later edits of the tenant default leave it alone.
        copy = copy_group(source, name=source.name, project_id=project.id, contract_id=None, clock=ctx.clock)
        project.requirement_group_id = copy.id
        ctx.repo.add(copy)
    ctx.repo.add(project)
    ctx.audit("project.created", "project", project.id, number=project.number, name=project.name)
    ctx.repo.commit()
    publish(
        ctx,
        [
            (
                ProjectStatusChanged(
                    tenant_id=ctx.tenant_id, project_id=project.id, status=project.status.value
                ),
                f"project-status:{project.id}:created",
            )
        ],
    )
    return project


def _with_gc(gc_name: str, names: list[str]) -> list[str]:
    """The GC is always an additional insured, listed first, without duplicates."""
    seen: dict[str, str] = {gc_name.lower(): gc_name}
    for raw in names:
        name = raw.strip()
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())


def get_project(ctx: Context, project_id: str) -> Project:
    ctx.require(Permission.READ)
    return ctx.repo.project(project_id)


def list_projects(  # noqa: PLR0913  keyword-only sort, filter and paging options of the list
    ctx: Context,
    *,
    sort: str = "number",
    descending: bool = False,
    status: ProjectStatus | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Project]:
    ctx.require(Permission.READ)
    if sort not in ("number", "name"):
        raise InvalidInput("unknown sort", {"sort": "use number or name"})
    return ctx.repo.projects(
        sort=sort, descending=descending, status=status.value if status else None, cursor=cursor, limit=limit
    )


def update_project(ctx: Context, project_id: str, change: ProjectUpdate) -> Project:
    ctx.require(Permission.WRITE)
    project = ctx.repo.project(project_id)
    values = change.model_dump(exclude_unset=True)
    if values.get("legal_entity_id"):
        ctx.repo.legal_entity(values["legal_entity_id"])
    if "additional_insureds" in values:
        values["additional_insureds"] = _with_gc(ctx.repo.tenant().name, values["additional_insureds"] or [])
    if values.get("requirement_group_id"):
        if not ctx.actor.may(Permission.ADMIN):
            ctx.require(Permission.ADMIN)
        values["requirement_group_id"] = group_for_project(ctx, project, values["requirement_group_id"]).id
    for name, value in values.items():
        if value is not None or name in ("address", "legal_entity_id"):
            setattr(project, name, value)
    project.updated_at = ctx.clock.now()
    ctx.repo.save(project)
    ctx.audit("project.updated", "project", project.id, **change.model_dump(mode="json", exclude_unset=True))
    ctx.repo.commit()
    return project


def change_project_status(ctx: Context, project_id: str, change: ProjectStatusChange) -> Project:
    ctx.require(Permission.WRITE)
    project = ctx.repo.project(project_id)
    previous = project.status
    project.status = change.status
    project.warranty_end_date = (
        change.warranty_end_date if change.status == ProjectStatus.WARRANTY else project.warranty_end_date
    )
    project.updated_at = ctx.clock.now()
    ctx.repo.save(project)
    ctx.audit(
        "project.status_changed",
        "project",
        project.id,
        previous=previous.value,
        status=change.status.value,
        warranty_end_date=change.warranty_end_date.isoformat() if change.warranty_end_date else None,
    )
    ctx.repo.commit()
    publish(
        ctx,
        [
            (
                ProjectStatusChanged(
                    tenant_id=ctx.tenant_id,
                    project_id=project.id,
                    previous_status=previous.value,
                    status=project.status.value,
                ),
                f"project-status:{project.id}:{project.updated_at.isoformat()}",
            )
        ],
    )
    return project


def add_sample_document(ctx: Context, project_id: str, *, title: str, key: str, content_type: str) -> Project:
    ctx.require(Permission.WRITE)
    project = ctx.repo.project(project_id)
    # Component by component, not a prefix test: `samples/<t>/<p>/../x` is refused.
    require_issued_key(key, "samples", ctx.tenant_id, project.id)
    document = SampleDocument(id=new_id(), title=title, key=key, content_type=content_type)
    project.sample_documents.append(document)
    project.updated_at = ctx.clock.now()
    ctx.repo.save(project)
    ctx.audit("project.sample_added", "project", project.id, title=title, key=key)
    ctx.repo.commit()
    return project


def remove_sample_document(ctx: Context, project_id: str, sample_id: str) -> Project:
    ctx.require(Permission.WRITE)
    project = ctx.repo.project(project_id)
    kept = [s for s in project.sample_documents if s.id != sample_id]
    if len(kept) == len(project.sample_documents):
        raise NotFound("sample document", sample_id)
    project.sample_documents = kept
    ctx.repo.save(project)
    ctx.audit("project.sample_removed", "project", project.id, sample_id=sample_id)
    ctx.repo.commit()
    return project
