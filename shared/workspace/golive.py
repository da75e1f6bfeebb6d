"""Going live: a project starts in Draft (nothing is sent to vendors), staff check the customer's
go-live list, and only then does it turn Active, which sends the queued requests (notify starts
them on the ProjectStatusChanged event)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.workspace.access import Context, Permission
from shared.workspace.entities import Contract, Project, ProjectStatus, ProjectStatusChange
from shared.workspace.errors import InvalidInput
from shared.workspace.projects import change_project_status


@dataclass(frozen=True)
class GoLiveCheck:
    key: str
    title: str
    ok: bool
    detail: str
    # Optional items (sample documents) inform; they never hold the project back.
    required: bool = True


def _active_contracts(ctx: Context, project_id: str) -> list[Contract]:
    found: list[Contract] = []
    cursor = None
    while True:
        page = ctx.repo.contracts_of_project(project_id, where=None, cursor=cursor, limit=100)
        found += [c for c in page.items if c.active]
        cursor = page.next_cursor
        if not cursor:
            return found


def go_live_checklist(ctx: Context, project_id: str, *, open_sync_problems: int = 0) -> list[GoLiveCheck]:
    """The customer's go-live list; `open_sync_problems` is the project's unresolved Procore Sync
    Log entries (0 for a project not imported from Procore)."""
    ctx.require(Permission.READ)
    project = ctx.repo.project(project_id)
    group = ctx.repo.requirement_group(project.requirement_group_id) if project.requirement_group_id else None
    contracts = _active_contracts(ctx, project.id)
    unverified = [c.vendor_name for c in contracts if not c.contact.email]
    samples = len(project.sample_documents)
    return [
        GoLiveCheck(
            "requirement_group",
            "Requirement group set",
            group is not None and bool(group.requirement_keys()),
            f"{group.name}: {len(group.coverages)} coverages, {len(group.required_documents)} documents"
            if group
            else "choose the requirements vendors must meet",
        ),
        GoLiveCheck(
            "additional_insureds",
            "Additional insureds entered",
            bool(project.additional_insureds),
            ", ".join(project.additional_insureds) or "name the parties the certificates must add",
        ),
        GoLiveCheck(
            "sample_documents",
            "Sample documents added (if any)",
            True,
            f"{samples} sample document{'s' if samples != 1 else ''}" if samples else "none (optional)",
            required=False,
        ),
        GoLiveCheck(
            "active_contract",
            "At least one active contract",
            bool(contracts),
            f"{len(contracts)} active contract{'s' if len(contracts) != 1 else ''}"
            if contracts
            else "add the vendors working on the project",
        ),
        GoLiveCheck(
            "contacts",
            "Contacts verified",
            bool(contracts) and not unverified,
            "every active contract has a contact e-mail"
            if contracts and not unverified
            else ("no e-mail for " + ", ".join(unverified) if unverified else "no contracts yet"),
        ),
        GoLiveCheck(
            "procore_sync",
            "Procore Sync Log clear",
            open_sync_problems == 0,
            "no open problems"
            if open_sync_problems == 0
            else f"{open_sync_problems} open problem(s) in the log: fix them in Procore or resolve them",
        ),
    ]


def go_live(ctx: Context, project_id: str, *, open_sync_problems: int = 0) -> Project:
    """Draft -> Active once every required item is met; the requests queued while in Draft go out."""
    ctx.require(Permission.WRITE)
    project = ctx.repo.project(project_id)
    if project.status != ProjectStatus.DRAFT:
        raise InvalidInput("only a Draft project goes live", {"status": project.status.value})
    missing = [
        c
        for c in go_live_checklist(ctx, project_id, open_sync_problems=open_sync_problems)
        if c.required and not c.ok
    ]
    if missing:
        raise InvalidInput(
            "not ready to go live: " + "; ".join(f"{c.title.lower()} ({c.detail})" for c in missing),
            {c.key: c.detail for c in missing},
        )
    return change_project_status(ctx, project_id, ProjectStatusChange(status=ProjectStatus.ACTIVE))
