"""Company-wide pages: coverage buckets, vendor directory, exports, Do-Not-Pay, requirement groups
(Admins edit), users (Admins add and change)."""

from __future__ import annotations

import json
from datetime import date

from chalice import Blueprint, Response
from pydantic import ValidationError

from services.api.logic.erp import console_for, sage_coverages_csv
from services.api.ui.requirements_form import (
    AUTO_TYPES,
    GroupForm,
    form_from_fields,
    form_from_group,
    parse_group_form,
)
from services.api.ui.web import UiRequest, page, redirect
from shared import workspace
from shared.contracts.requirements import OPTION_LABELS, limit_label, plain_errors
from shared.workspace import (
    CopyRequirementGroup,
    InvalidInput,
    Permission,
    RequirementGroup,
    RequirementGroupInput,
    Role,
    UserInput,
    UserUpdate,
    slug,
)

bp = Blueprint(__name__)

BUCKETS = [
    ("active", "Active"),
    ("expiring_soon", "Expiring soon"),
    ("expired", "Expired"),
    ("waived", "Waived"),
    ("approved_non_compliant", "Approved non-compliant"),
]


def _project_names(req: UiRequest, project_ids: set[str]) -> dict[str, str]:
    names = {}
    for project_id in project_ids:
        project = workspace.get_project(req.ctx, project_id)
        names[project_id] = f"{project.number} {project.name}"
    return names


def contract_numbers(req: UiRequest, contract_ids: set[str]) -> dict[str, str]:
    """Each listed contract's own number (SC-004, PO-009): a vendor holding two commitments on one
    project shows as two rows that only the number tells apart. One batch read a page."""
    found = req.ctx.repo.contracts_by_id(sorted(i for i in contract_ids if i))
    return {c.id: c.number for c in found if c.number}


@page(bp, "/coverages")
def coverages(req: UiRequest) -> Response:
    counts = workspace.coverage_bucket_counts(req.ctx)
    bucket = req.query.get("bucket", "expiring_soon")
    records = workspace.coverages_in_bucket(req.ctx, bucket, cursor=req.query.get("cursor") or None, limit=50)
    return req.render(
        "coverages.html",
        buckets=BUCKETS,
        counts=counts,
        bucket=bucket,
        records=records.items,
        next_cursor=records.next_cursor,
        project_names=_project_names(req, {r.project_id for r in records.items}),
        numbers=contract_numbers(req, {r.contract_id for r in records.items}),
    )


@page(bp, "/vendors")
def vendors(req: UiRequest) -> Response:
    prefix = req.query.get("q", "").strip() or None
    directory = workspace.vendor_directory(
        req.ctx, cursor=req.query.get("cursor") or None, limit=25, name_prefix=prefix
    )
    ids = {c.project_id for entry in directory.items for c in entry.contracts}
    return req.render(
        "vendors.html",
        entries=directory.items,
        next_cursor=directory.next_cursor,
        q=prefix or "",
        project_names=_project_names(req, ids),
    )


@page(bp, "/do-not-pay")
def do_not_pay(req: UiRequest) -> Response:
    raw = req.query.get("on", "")
    try:
        on = date.fromisoformat(raw) if raw else req.services.clock.today()
    except ValueError as exc:
        raise InvalidInput("the date must look like 2026-05-31", {"on": "a date (YYYY-MM-DD)"}) from exc
    blocked = workspace.do_not_pay(req.ctx, on, cursor=req.query.get("cursor") or None, limit=100)
    return req.render(
        "do_not_pay.html",
        on=on,
        contracts=blocked.items,
        next_cursor=blocked.next_cursor,
        project_names=_project_names(req, {c.project_id for c in blocked.items}),
    )


@page(bp, "/exports")
def exports(req: UiRequest) -> Response:
    return req.render("exports.html")


def _csv(body: str, filename: str) -> Response:
    return Response(
        body=body,
        status_code=200,
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@page(bp, "/exports/coverages.csv")
def export_coverages(req: UiRequest) -> Response:
    body = sage_coverages_csv(req.ctx, console_for(req.services)).decode("ascii")
    return _csv(body, f"coverages-{req.services.clock.today()}.csv")


@page(bp, "/exports/vendors.csv")
def export_vendors(req: UiRequest) -> Response:
    return _csv(workspace.export_vendors_csv(req.ctx), f"vendors-{req.services.clock.today()}.csv")


# ---------------------------------------------------------------- requirement groups


@page(bp, "/requirement-groups")
def groups(req: UiRequest) -> Response:
    listed = workspace.list_requirement_groups(req.ctx, None, limit=100)
    return req.render("groups.html", groups=listed.items, flash=req.query.get("done") == "saved")


def _group_json(group: RequirementGroup) -> str:
    editable = group.model_dump(
        mode="json",
        include={
            "name",
            "coverages",
            "minimum_am_best",
            "allow_umbrella_to_satisfy_limits",
            "required_documents",
            "vendor_instructions",
        },
        exclude_none=True,
    )
    return json.dumps(editable, indent=2)


def _group_page(
    req: UiRequest,
    group_id: str,
    *,
    form: GroupForm | None = None,
    json_error: str | None = None,
    text: str | None = None,
) -> Response:
    group = workspace.get_requirement_group(req.ctx, group_id)
    project = workspace.get_project(req.ctx, group.project_id) if group.project_id else None
    form = form or form_from_group(group)
    return req.render(
        "group.html",
        400 if (form.errors or json_error) else 200,
        group=group,
        project=project,
        form=form,
        auto_types=AUTO_TYPES,
        option_labels=OPTION_LABELS,
        limit_label=limit_label,
        text=text if text is not None else _group_json(group),
        json_error=json_error,
        saved=req.query.get("done") == "saved",
    )


@page(bp, "/requirement-groups/{group_id}")
def group(req: UiRequest) -> Response:
    return _group_page(req, req.params["group_id"])


@page(bp, "/requirement-groups/{group_id}/export.json")
def export_group(req: UiRequest) -> Response:
    group = workspace.get_requirement_group(req.ctx, req.params["group_id"])
    return Response(
        body=_group_json(group),
        status_code=200,
        headers={
            "Content-Type": "application/json",
            "Content-Disposition": f'attachment; filename="requirements-{slug(group.name) or group.id}.json"',
        },
    )


def _import_json(req: UiRequest, group_id: str, text: str) -> RequirementGroupInput | Response:
    try:
        return RequirementGroupInput.model_validate(json.loads(text))
    except ValidationError as exc:
        return _group_page(req, group_id, json_error=plain_errors(exc)[0], text=text)
    except ValueError as exc:
        return _group_page(req, group_id, json_error=f"not JSON: {str(exc).splitlines()[0]}", text=text)


@page(bp, "/requirement-groups/{group_id}", ("POST",))
def save_group(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    group_id = req.params["group_id"]
    data: RequirementGroupInput | Response | None
    if "definition" in req.form:
        data = _import_json(req, group_id, req.field("definition"))
    else:
        form = form_from_fields(req.form)
        data = parse_group_form(form)
        if data is None:
            return _group_page(req, group_id, form=form)
    if isinstance(data, Response):
        return data
    saved = workspace.update_requirement_group(
        req.ctx, group_id, data, make_default=True if req.field("make_default") == "on" else None
    )
    if saved.project_id:
        return redirect(f"/requirement-groups/{saved.id}?done=saved")
    return redirect("/requirement-groups?done=saved")


@page(bp, "/requirement-groups/{group_id}/copy", ("POST",))
def copy_group(req: UiRequest) -> Response:
    copied = workspace.copy_requirement_group(
        req.ctx,
        req.params["group_id"],
        CopyRequirementGroup(
            name=req.field("name"),
            project_id=req.field("project_id") or None,
            contract_id=req.field("contract_id") or None,
        ),
    )
    if copied.contract_id:
        return redirect(f"/requirement-groups/{copied.id}?done=saved")
    return redirect(f"/requirement-groups/{copied.id}")


# ---------------------------------------------------------------- users


@page(bp, "/users")
def users(req: UiRequest) -> Response:
    listed = workspace.list_users(req.ctx, cursor=req.query.get("cursor") or None, limit=100)
    return req.render(
        "users.html",
        users=listed.items,
        next_cursor=listed.next_cursor,
        roles=[r.value for r in Role],
        flash=req.query.get("done"),
    )


@page(bp, "/users", ("POST",))
def add_user(req: UiRequest) -> Response:
    workspace.create_user(
        req.ctx,
        UserInput(
            email=req.field("email"), name=req.field("name"), role=Role(req.field("role") or "standard")
        ),
    )
    return redirect("/users?done=added")


@page(bp, "/users/{user_id}", ("POST",))
def change_user(req: UiRequest) -> Response:
    role = req.field("role")
    active = req.field("active")
    workspace.update_user(
        req.ctx,
        req.params["user_id"],
        UserUpdate(role=Role(role) if role else None, active=(active == "true") if active else None),
    )
    return redirect("/users?done=changed")


@page(bp, "/action-needed")
def action_needed(req: UiRequest) -> Response:
    from services.api.logic.correspondence import action_needed_rows

    rows = action_needed_rows(req.services.correspondence, req.ctx, kind=req.query.get("kind") or None)
    return req.render(
        "action_needed.html",
        rows=rows,
        project_names=_project_names(req, {r["project_id"] for r in rows if r["project_id"]}),
        numbers=contract_numbers(req, {r["contract_id"] for r in rows if r["contract_id"]}),
    )
