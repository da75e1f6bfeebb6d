"""The review queue and the review screen: one certificate against its contract's requirements.

A refused submission shows the form as typed (400), never the older draft; leaving keeps a draft.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from services.api.ui.flash import flash, with_query
from services.api.ui.review_form import ReviewForm, form_field, overrides, read_review_form
from services.api.ui.web import (
    UiRequest,
    content_security_policy,
    page,
    redirect,
    s3_origin,
)
from shared import workspace
from shared.workspace import (
    DOCUMENT_PROBLEM_CODES,
    Contract,
    InvalidInput,
    Permission,
    Project,
    ReviewDecisionStatus,
    Role,
)

bp = Blueprint(__name__)


DECISIONS = [
    (ReviewDecisionStatus.ACTIVE.value, "Active (approve)"),
    (ReviewDecisionStatus.REJECTED.value, "Rejected"),
    (ReviewDecisionStatus.WAIVED.value, "Waived"),
    (ReviewDecisionStatus.APPROVED_NON_COMPLIANT.value, "Approved non-compliant"),
]


@page(bp, "/review")
def review_queue(req: UiRequest) -> Response:
    assert req.actor is not None
    if req.actor.role == Role.REVIEWER:
        # Managed-service reviewers work every client tenant that granted them, oldest first.
        entries = [(e.tenant_id, e.document) for e in workspace.reviewer_queue(req.services.store, req.actor)]
        next_cursor = None
    else:
        queue = workspace.needs_review_queue(req.ctx, cursor=req.query.get("cursor") or None, limit=50)
        entries = [(req.ctx.tenant_id, d) for d in queue.items]
        next_cursor = queue.next_cursor
    rows = []
    names: dict[str, tuple[Contract, Project]] = {}
    for tenant_id, document in entries:
        if document.contract_id not in names:
            names[document.contract_id] = _contract_and_project(req, tenant_id, document.contract_id)
        contract, project = names[document.contract_id]
        own = tenant_id == req.actor.tenant_id
        rows.append(
            {
                "tenant": "" if own else tenant_id,
                "document": document,
                "contract": contract,
                "project": project,
            }
        )
    return req.render("review_queue.html", rows=rows, next_cursor=next_cursor, flash=flash(req))


def _contract_and_project(req: UiRequest, tenant_id: str, contract_id: str) -> tuple[Contract, Project]:
    assert req.actor is not None
    if req.actor.may(Permission.READ):
        contract = workspace.get_contract(req.ctx, contract_id)
        return contract, workspace.get_project(req.ctx, contract.project_id)
    # Reviewers may not read projects at large; the contract detail is what review allows them.
    detail = workspace.contract_detail(req.services.context(req.actor, tenant_id=tenant_id), contract_id)
    return detail.contract, detail.project


def _review_rows(document: Any, detail: Any, draft: Any) -> list[dict[str, Any]]:
    """Per requirement: what this document shows, what is required, the automatic problems, the decision."""
    deficiencies = document.verdict.deficiencies if document.verdict else []
    specs = {c.requirement_key: c for c in detail.group.coverages}
    drafted = {d.requirement_key: d for d in (draft.decisions if draft else [])}
    rows = []
    for state in detail.requirements:
        record = next((r for r in reversed(state.history) if r.document_id == document.id), None)
        spec = specs.get(state.requirement_key)
        problems = [d.message for d in deficiencies if spec is not None and d.coverage == spec.coverage]
        previous = drafted.get(state.requirement_key)
        if previous is not None:
            decision, note = previous.status.value, previous.note or ""
        elif record is not None and record.decision is not None:
            decision, note = record.decision.value, record.note or ""
        elif record is not None:
            decision, note = ("rejected" if problems else "active"), ""
        else:
            decision, note = "", ""
        required = spec.limits if spec is not None else {}
        found = record.limits if record is not None else {}
        limit_rows = [
            {"name": name, "found": found.get(name), "required": required.get(name)}
            for name in list(dict.fromkeys([*required, *found]))
        ]
        rows.append(
            {
                "key": state.requirement_key,
                "name": state.label
                if state.coverage in ("other", "document") and state.label
                else state.coverage,
                "status": state.status.value,
                "record": record,
                "limits": limit_rows,
                "problems": problems,
                "decision": decision,
                "note": note,
                "policy_number": (previous.policy_number if previous else None)
                or (record.policy_number if record else None)
                or "",
                "effective_date": (previous.effective_date if previous else None)
                or (record.effective_date if record else None),
                "expiration_date": (previous.expiration_date if previous else None)
                or (record.expiration_date if record else None),
                "officers": ", ".join(previous.excluded_officers) if previous else "",
                "is_workers_comp": state.coverage == "workers_comp",
                "waived_by_group": state.waived_by_group,
            }
        )
    return rows


@page(bp, "/documents/{document_id}/review")
def review(req: UiRequest) -> Response:
    return _review_page(req)


def _document_typed(draft: Any, code: str) -> tuple[str, str] | None:
    """A certificate-level decision as typed (a refused form) or as saved in the draft."""
    if isinstance(draft, ReviewForm):
        return draft.document_typed.get(code)
    saved = next((d for d in (draft.document_decisions if draft else []) if d.code == code), None)
    return (saved.status, saved.note or "") if saved else None


def _review_page(
    req: UiRequest, form: ReviewForm | None = None, overridden: dict[str, list[str]] | None = None
) -> Response:
    document = workspace.get_document(req.ctx, req.params["document_id"])
    detail = workspace.contract_detail(req.ctx, document.contract_id)
    # A refused submission shows what was typed, never the older draft.
    draft: Any = form if form is not None else workspace.get_review(req.ctx, document.id)
    url = req.services.uploads.download(document.key, bucket=document.bucket, expires_in=900)
    s3 = s3_origin(req.services)
    coverage_keys = {c.requirement_key for c in detail.group.coverages}
    general = [
        d.message
        for d in (document.verdict.deficiencies if document.verdict else [])
        if (d.coverage is None or all(not k.startswith(str(d.coverage)) for k in coverage_keys))
        and str(d.code) not in DOCUMENT_PROBLEM_CODES
    ]
    return req.render(
        "review.html",
        400 if form is not None else 200,
        csp=content_security_policy(frame=s3),
        document=document,
        detail=detail,
        contract=detail.contract,
        project=detail.project,
        document_url=url,
        is_pdf=(document.content_type or "application/pdf") == "application/pdf",
        rows=_review_rows(document, detail, draft),
        general_problems=general,
        decisions=DECISIONS,
        draft=draft,
        notes_to_vendor=(draft.notes_to_vendor if draft else "") or "",
        notify_vendor=draft.notify_vendor if draft is not None else True,
        tenant=req.tenant or "",
        flash=flash(req),
        errors=form.errors if form is not None else {},
        document_problems=[
            {
                "code": code,
                "message": message,
                "decision": typed[0] if (typed := _document_typed(draft, code)) else "",
                "note": typed[1] if typed else "",
            }
            for code, message in workspace.open_document_problems(document).items()
        ],
        overridden=overridden or {},
    )


@page(bp, "/documents/{document_id}/review", ("POST",))
def submit_review(req: UiRequest) -> Response:
    document_id = req.params["document_id"]
    tenant = {"tenant": req.tenant} if req.tenant else {}
    form = read_review_form(req.form)
    not_completed = _keep_draft(req, form, document_id, tenant)
    if not_completed is not None:
        return not_completed
    document = workspace.get_document(req.ctx, document_id)
    detail = workspace.contract_detail(req.ctx, document.contract_id)
    problems = {row["key"]: row["problems"] for row in _review_rows(document, detail, None)}
    overridden = overrides(form, problems)
    if overridden and not form.confirm_override:
        form.errors["confirm_override"] = "approving over open problems needs your confirmation"
        return _review_page(req, form, overridden)
    try:
        workspace.complete_review(req.ctx, document_id, form.review_input())
    except InvalidInput as refused:
        # The server's own checks (certificate-level problems, unknown requirements) keep the form too.
        for name, message in refused.fields.items():
            form.errors[form_field(form, name)] = message
        form.errors.setdefault("form", str(refused))
        return _review_page(req, form, overridden)
    return _after_review(req, document_id, tenant)


def _keep_draft(
    req: UiRequest, form: ReviewForm, document_id: str, tenant: dict[str, str]
) -> Response | None:
    """The answer when the review is not completed (cancelled, saved as a draft, or the form shown
    again with its errors); None when it goes on to completion."""
    button = req.field("button")
    if button == "cancel":
        # Leaving keeps the work: what can be kept is kept as the draft.
        if form.valid or form.notes_to_vendor:
            workspace.save_review_draft(req.ctx, document_id, form.review_input())
        return redirect(with_query("/review", done="draft_kept"))
    if form.errors:
        return _review_page(req, form)
    if button == "save":
        workspace.save_review_draft(req.ctx, document_id, form.review_input())
        return redirect(with_query(f"/documents/{document_id}/review", done="draft_saved", **tenant))
    return None


def _after_review(req: UiRequest, document_id: str, tenant: dict[str, str]) -> Response:
    """Where a completed review goes: the next document waiting ("save and next"), the queue, or
    the contract."""
    if req.field("button") == "save_next":
        queue = workspace.needs_review_queue(req.ctx, limit=1).items
        if queue:
            return redirect(with_query(f"/documents/{queue[0].id}/review", done="reviewed", **tenant))
        return redirect(with_query("/review", done="queue_empty"))
    if tenant or not req.may(Permission.READ):
        # A Reviewer goes back to the queue: the contract leaves its scope once nothing waits.
        return redirect(with_query("/review", done="reviewed"))
    found = workspace.get_document(req.ctx, document_id)
    return redirect(with_query(f"/contracts/{found.contract_id}", done="reviewed"))
