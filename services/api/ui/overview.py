"""The account overview, the signed-in home page: compliance across projects, the Needs Review
count, Action needed, coverage expiring soon and recent activity, all from existing read models
(project contract counts, the review queue, the coverage buckets, notify's action items, the audit
trail). Reviewers (a managed service's) have no company view: they go to their queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalice import Blueprint, Response

from services.api.ui.company import contract_numbers
from services.api.ui.web import UiRequest, page, redirect
from shared import workspace
from shared.workspace import ComplianceBar, Permission, Project, ProjectStatus, Role

bp = Blueprint(__name__)

# Projects read for the compliance table; an account has tens, rarely hundreds, of live projects.
_PROJECTS = 200
_QUEUE_PEEK = 100


@dataclass(frozen=True)
class ProjectLine:
    project: Project
    bar: ComplianceBar
    needs_review: int
    non_compliant: int
    needs_certificate: int


def _activity_words(action: str) -> str:
    return action.replace(".", " ").replace("_", " ").capitalize()


def _contract_of(entry: Any) -> str | None:
    """The contract an audit entry is about, to name its vendor (None for tenant-wide entries)."""
    if entry.entity_type == "contract":
        return str(entry.entity_id)
    contract_id = entry.changes.get("contract_id")
    return str(contract_id) if contract_id else None


@page(bp, "/overview")
def overview(req: UiRequest) -> Response:
    if req.actor is not None and req.actor.role == Role.REVIEWER:
        return redirect("/review")
    ctx = req.ctx
    tracked = [ProjectStatus.ACTIVE, ProjectStatus.WARRANTY]
    lines: list[ProjectLine] = []
    for status in tracked:
        for project in workspace.list_projects(ctx, status=status, limit=_PROJECTS).items:
            counts = project.contract_counts
            lines.append(
                ProjectLine(
                    project,
                    project.compliance_bar,
                    counts.get("needs_review", 0),
                    counts.get("non_compliant", 0),
                    counts.get("needs_certificate", 0),
                )
            )
    # Worst first: the coordinator's day starts where compliance is lowest.
    lines.sort(
        key=lambda line: (line.bar.percent if line.bar.percent is not None else 101, line.project.number)
    )
    overall = ComplianceBar(
        active_contracts=sum(line.bar.active_contracts for line in lines),
        compliant_contracts=sum(line.bar.compliant_contracts for line in lines),
    )
    if ctx.actor.may(Permission.REVIEW):
        queue = workspace.needs_review_queue(ctx, limit=_QUEUE_PEEK)
        needs_review, needs_review_more = len(queue.items), queue.next_cursor is not None
    else:  # Read-only users cannot open the queue; the contracts waiting say as much
        needs_review, needs_review_more = sum(line.needs_review for line in lines), False
    from services.api.logic.correspondence import action_needed_rows

    actions = action_needed_rows(req.services.correspondence, ctx)
    buckets = workspace.coverage_bucket_counts(ctx)
    expiring = workspace.coverages_in_bucket(ctx, "expiring_soon", limit=10).items
    activity = workspace.audit_trail(ctx, limit=12).items
    names = {line.project.id: f"{line.project.number} {line.project.name}" for line in lines}
    activity_rows = [(entry, _activity_words(entry.action), _contract_of(entry)) for entry in activity]
    vendors = {
        c.id: c.vendor_name
        for c in ctx.repo.contracts_by_id(sorted({cid for _, _, cid in activity_rows if cid}))
    }
    return req.render(
        "overview.html",
        lines=lines,
        overall=overall,
        needs_review=needs_review,
        needs_review_more=needs_review_more,
        actions=actions[:8],
        action_count=len(actions),
        buckets=buckets,
        expiring=expiring,
        expiring_days=ctx.repo.tenant().settings.expiring_soon_days,
        activity=activity_rows,
        vendors=vendors,
        project_names=names,
        numbers=contract_numbers(
            req,
            {r["contract_id"] for r in actions[:8] if r["contract_id"]} | {c.contract_id for c in expiring},
        ),
    )
