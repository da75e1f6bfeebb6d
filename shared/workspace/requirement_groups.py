"""Requirement groups: the insurance a tenant, a project or one contract asks for.

Changing a group re-evaluates the contracts that use it (`status_changes`).
"""

from __future__ import annotations

from shared.clock import Clock
from shared.events.envelope import EventPayload
from shared.workspace.access import Context, Permission
from shared.workspace.entities import (
    Contract,
    CopyRequirementGroup,
    Project,
    RequirementGroup,
    RequirementGroupInput,
    new_id,
)
from shared.workspace.errors import InvalidInput
from shared.workspace.publishing import publish
from shared.workspace.repository import Page
from shared.workspace.status_changes import contract_changed, recompute_contracts_using


def copy_group(
    source: RequirementGroup, *, name: str, project_id: str | None, contract_id: str | None, clock: Clock
) -> RequirementGroup:
    return source.model_copy(
        update={
            "id": new_id(),
            "name": name,
            "project_id": project_id,
            "contract_id": contract_id,
            "is_default": False,
            "copied_from": source.id,
            "updated_at": clock.now(),
        },
        deep=True,
    )


def list_requirement_groups(
    ctx: Context, project_id: str | None = None, cursor: str | None = None, limit: int = 50
) -> Page[RequirementGroup]:
    ctx.require(Permission.READ)
    if project_id is not None:
        ctx.repo.project(project_id)
    return ctx.repo.requirement_groups(project_id, cursor, limit)


def get_requirement_group(ctx: Context, group_id: str) -> RequirementGroup:
    if not (ctx.actor.may(Permission.READ) or ctx.actor.may(Permission.REVIEW)):
        ctx.require(Permission.READ)
    return ctx.repo.requirement_group(group_id)


def create_requirement_group(
    ctx: Context, data: RequirementGroupInput, *, make_default: bool = False
) -> RequirementGroup:
    ctx.require(Permission.ADMIN)
    group = RequirementGroup(
        id=new_id(), tenant_id=ctx.tenant_id, updated_at=ctx.clock.now(), **data.model_dump()
    )
    if make_default:
        _move_default(ctx, group)
    ctx.repo.add(group)
    ctx.audit("requirement_group.created", "requirement_group", group.id, name=group.name)
    ctx.repo.commit()
    return group


def _move_default(ctx: Context, group: RequirementGroup) -> None:
    previous = ctx.repo.default_requirement_group()
    if previous is not None and previous.id != group.id:
        previous.is_default = False
        ctx.repo.save(previous)
    group.is_default = True


def update_requirement_group(
    ctx: Context, group_id: str, data: RequirementGroupInput, *, make_default: bool | None = None
) -> RequirementGroup:
    """Edits only this group: projects hold their own copies, so the tenant default's edits stop here."""
    ctx.require(Permission.ADMIN)
    group = ctx.repo.requirement_group(group_id)
    before = group.model_dump(
        mode="json", include={"name", "coverages", "minimum_am_best", "required_documents"}
    )
    for name, value in data.model_dump().items():
        setattr(group, name, value)
    group.coverages = data.coverages
    group.required_documents = data.required_documents
    group.minimum_am_best = data.minimum_am_best
    group.updated_at = ctx.clock.now()
    if make_default:
        if group.project_id:
            raise InvalidInput(
                "only a tenant-level group can be the default", {"make_default": "project group"}
            )
        _move_default(ctx, group)
    ctx.repo.save(group)
    ctx.audit(
        "requirement_group.updated",
        "requirement_group",
        group.id,
        before=before,
        after=group.model_dump(
            mode="json", include={"name", "coverages", "minimum_am_best", "required_documents"}
        ),
    )
    ctx.repo.commit()
    events: list[tuple[EventPayload, str]] = []
    if group.project_id:
        events = recompute_contracts_using(ctx, group)
    publish(ctx, events)
    return group


def copy_requirement_group(ctx: Context, group_id: str, data: CopyRequirementGroup) -> RequirementGroup:
    """Copy and rename ("Default + Pollution"), at tenant level, into a project, or for one contract."""
    ctx.require(Permission.ADMIN)
    source = ctx.repo.requirement_group(group_id)
    project_id = data.project_id
    contract: Contract | None = None
    if data.contract_id:
        contract = ctx.repo.contract(data.contract_id)
        if project_id and project_id != contract.project_id:
            raise InvalidInput(
                "the contract is not on that project", {"contract_id": "belongs to another project"}
            )
        project_id = contract.project_id
    if project_id:
        ctx.repo.project(project_id)
    copy = copy_group(
        source, name=data.name, project_id=project_id, contract_id=data.contract_id, clock=ctx.clock
    )
    ctx.repo.add(copy)
    ctx.audit("requirement_group.copied", "requirement_group", copy.id, source=source.id, name=copy.name)
    events: list[tuple[EventPayload, str]] = []
    if contract is not None:
        contract.requirement_group_id = copy.id
        ctx.repo.save(contract)
        ctx.audit("contract.requirements_changed", "contract", contract.id, requirement_group_id=copy.id)
    ctx.repo.commit()
    if contract is not None:
        events = recompute_contracts_using(ctx, copy, contracts=[ctx.repo.contract(contract.id)])
        events.append(contract_changed(ctx, contract, "requirements_changed"))
    publish(ctx, events)
    return copy


def group_for_project(ctx: Context, project: Project, group_id: str) -> RequirementGroup:
    """A group usable on `project`: the project's own copies; a tenant group is copied in first."""
    group = ctx.repo.requirement_group(group_id)
    if group.project_id == project.id:
        return group
    if group.project_id is None:
        copy = copy_group(group, name=group.name, project_id=project.id, contract_id=None, clock=ctx.clock)
        ctx.repo.add(copy)
        return copy
    raise InvalidInput(
        "that requirement group belongs to another project", {"requirement_group_id": "other project"}
    )
