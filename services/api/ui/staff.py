"""Staff pages: sign-in, projects, project, contract, review queue and review screen.

Views call the workspace services with the signed-in user's context, exactly as the JSON API does;
every write is a form POST (CSRF-checked) answered by a redirect, so reload never repeats it.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import urlencode

from chalice import Blueprint, Response

from services.api.auth import AuthError, issue_local_token
from services.api.bootstrap import get_services
from services.api.routes.projects import open_sync_problems
from services.api.ui import contract_tabs
from services.api.ui.redirects import safe_redirect_target
from services.api.ui.review_form import ReviewForm, form_field, overrides, read_review_form
from services.api.ui.web import (
    SESSION_COOKIE,
    UiRequest,
    content_security_policy,
    cookies,
    html,
    is_https,
    page,
    parse_form,
    redirect,
    s3_origin,
    session_cookie,
    templates,
)
from services.intake.uploads import presign_download, presign_sample_upload, presign_upload
from shared.workspace import golive, reviews, views, waivers, workflow
from shared.workspace.access import Permission
from shared.workspace.entities import (
    CONTRACT_STATUSES,
    DOCUMENT_PROBLEM_CODES,
    Contact,
    Contract,
    ContractUpdate,
    NewContract,
    NewProject,
    NoteInput,
    Project,
    ProjectStatus,
    ProjectStatusChange,
    ProjectUpdate,
    ReviewDecisionStatus,
    Role,
    VendorInput,
    WaiveInput,
)
from shared.workspace.errors import InvalidInput

bp = Blueprint(__name__)

# Short result codes in `?done=` so a redirect can say what happened without echoing free text.
MESSAGES = {
    "project_created": "Project created.",
    "status_changed": "Project status changed.",
    "project_saved": "Project details saved.",
    "sample_added": "Sample document added; vendors see it on their upload page.",
    "sample_removed": "Sample document removed.",
    "contract_added": "Contract added. Send the vendor the request link from its actions menu.",
    "requested": "Request sent to the vendor.",
    "activated": "Contract marked active.",
    "deactivated": "Contract marked inactive: no more messages; documents are kept.",
    "removed": "Contract removed.",
    "contact_saved": "Contact saved.",
    "note_added": "Note added.",
    "waived": "Requirement waived for this contract.",
    "unwaived": "Waiver withdrawn: the requirement is judged on the certificates again.",
    "went_live": "The project is live: requests are going out to vendors who still owe a certificate.",
    "draft_saved": "Draft saved. Nothing changes until you press Done.",
    "draft_kept": "Review left unfinished; your decisions are kept as a draft.",
    "reviewed": "Review done; the contract's compliance is updated.",
    "queue_empty": "Review done. The Needs Review queue is empty.",
    "link_revoked": "The request link was revoked.",
}
CONTRACT_TABS = [
    ("", "All"),
    ("needs_certificate", "Needs certificate"),
    ("needs_review", "Needs review"),
    ("compliant", "Compliant"),
    ("non_compliant", "Non-compliant"),
    ("inactive", "Inactive"),
]
DECISIONS = [
    (ReviewDecisionStatus.ACTIVE.value, "Active (approve)"),
    (ReviewDecisionStatus.REJECTED.value, "Rejected"),
    (ReviewDecisionStatus.WAIVED.value, "Waived"),
    (ReviewDecisionStatus.APPROVED_NON_COMPLIANT.value, "Approved non-compliant"),
]


def _flash(req: UiRequest) -> str | None:
    return MESSAGES.get(req.query.get("done", ""))


def _with(path: str, **query: str) -> str:
    return f"{path}?{urlencode(query)}" if query else path


def _safe_next(target: str | None) -> str:
    # Only a path on this site: never an open redirect.
    return safe_redirect_target(target)


# ---------------------------------------------------------------- sign-in


def _sign_in_page(target: str, *, error: str | None = None, email: str = "", status: int = 200) -> Response:
    from services.api.ui.cognito import hosted_ui_configured

    hosted = get_services().settings.auth_mode == "cognito" and hosted_ui_configured()
    page_html = templates().get_template("sign_in.html")
    body = page_html.render(
        actor=None, path="/sign-in", next=target, error=error, email=email, hosted_ui=hosted
    )
    return html(body, status)


@bp.route("/sign-in", methods=["GET"])
def sign_in_form() -> Response:
    query = dict(bp.current_request.query_params or {})
    return _sign_in_page(_safe_next(query.get("next")))


@bp.route("/sign-in", methods=["POST"], content_types=["application/x-www-form-urlencoded"])
def sign_in() -> Response:
    """Local mode: a seeded user's email is enough (the local stack has no identity provider)."""
    request = bp.current_request
    try:
        form = parse_form(request.raw_body)
    except InvalidInput as exc:
        return _sign_in_page("/projects", error=str(exc), status=400)
    email = (form.get("email") or [""])[0].strip().lower()
    target = _safe_next((form.get("next") or [""])[0])
    headers = {k.lower(): v for k, v in (request.headers or {}).items()}
    services = get_services()
    try:
        token = issue_local_token(email, services=services)
    except AuthError as exc:
        return _sign_in_page(target, error=str(exc), email=email, status=401)
    max_age = services.settings.local_token_hours * 3600
    cookie = session_cookie(token, secure=is_https(headers), max_age=max_age)
    return redirect(target, headers={"Set-Cookie": cookie})


@page(bp, "/sign-out", ("POST",))
def sign_out(req: UiRequest) -> Response:
    from services.api.ui.cognito import hosted_ui_logout_url

    cleared = {"Set-Cookie": session_cookie("", secure=is_https(req.headers), max_age=0)}
    # With the hosted UI, its own session ends too (else "Sign in" would silently sign back in).
    target = hosted_ui_logout_url(req.headers) if req.services.settings.auth_mode == "cognito" else None
    return redirect(target or "/sign-in", headers=cleared)


@bp.route("/", methods=["GET"])
def home() -> Response:
    request = bp.current_request
    signed_in = SESSION_COOKIE in cookies({k.lower(): v for k, v in (request.headers or {}).items()})
    return redirect("/overview" if signed_in else "/sign-in")


# ---------------------------------------------------------------- projects


@page(bp, "/projects")
def projects(req: UiRequest) -> Response:
    if req.actor is not None and req.actor.role == Role.REVIEWER:
        return redirect("/review")
    status_raw = req.query.get("status") or None
    status = ProjectStatus(status_raw) if status_raw in {s.value for s in ProjectStatus} else None
    sort = req.query.get("sort", "number")
    order = req.query.get("order", "asc")
    listed = workflow.list_projects(
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
        flash=_flash(req),
        groups=workflow.list_requirement_groups(req.ctx, None, limit=100).items,
    )


@page(bp, "/projects", ("POST",))
def create_project(req: UiRequest) -> Response:
    insureds = [line.strip() for line in req.field("additional_insureds").splitlines() if line.strip()]
    project = workflow.create_project(
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
    return redirect(_with(f"/projects/{project.id}", done="project_created"))


@page(bp, "/projects/{project_id}")
def project(req: UiRequest) -> Response:
    found = workflow.get_project(req.ctx, req.params["project_id"])
    show = req.query.get("show", "")
    contracts = workflow.list_contracts(
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
            "url": presign_download(
                req.services.s3, req.services.settings.documents_bucket, s.key, expires_in=900
            ),
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
        group_words=workflow.requirements_in_plain_words(group, found) if group else [],
        samples=samples,
        officers=views.excluded_officers(req.ctx, found.id),
        statuses=[s.value for s in ProjectStatus],
        flash=_flash(req),
    )


@page(bp, "/projects/{project_id}/details", ("POST",))
def project_details(req: UiRequest) -> Response:
    project_id = req.params["project_id"]
    insureds = [line.strip() for line in req.field("additional_insureds").splitlines() if line.strip()]
    workflow.update_project(
        req.ctx,
        project_id,
        ProjectUpdate(
            number=req.field("number"),
            name=req.field("name"),
            address=req.field("address") or None,
            additional_insureds=insureds,
        ),
    )
    return redirect(_with(f"/projects/{project_id}", done="project_saved"))


def _open_sync_problems(req: UiRequest, project_id: str) -> int:
    # The same count the API's go-live routes read.
    return open_sync_problems(req.services, req.ctx.tenant_id, project_id)


@page(bp, "/projects/{project_id}/go-live")
def go_live_page(req: UiRequest) -> Response:
    found = workflow.get_project(req.ctx, req.params["project_id"])
    checks = golive.go_live_checklist(
        req.ctx, found.id, open_sync_problems=_open_sync_problems(req, found.id)
    )
    return req.render("go_live.html", project=found, checks=checks, ready=all(c.ok for c in checks))


@page(bp, "/projects/{project_id}/go-live", ("POST",))
def go_live(req: UiRequest) -> Response:
    project_id = req.params["project_id"]
    golive.go_live(req.ctx, project_id, open_sync_problems=_open_sync_problems(req, project_id))
    return redirect(_with(f"/projects/{project_id}", done="went_live"))


@page(bp, "/projects/{project_id}/status", ("POST",))
def project_status(req: UiRequest) -> Response:
    project_id = req.params["project_id"]
    if (
        req.field("status") == ProjectStatus.ACTIVE
        and workflow.get_project(req.ctx, project_id).status == ProjectStatus.DRAFT
    ):
        # A Draft project turns Active only through the go-live checklist.
        return redirect(f"/projects/{project_id}/go-live")
    warranty = req.field("warranty_end_date")
    workflow.change_project_status(
        req.ctx,
        project_id,
        ProjectStatusChange(
            status=ProjectStatus(req.field("status")),
            warranty_end_date=date.fromisoformat(warranty) if warranty else None,
        ),
    )
    return redirect(_with(f"/projects/{project_id}", done="status_changed"))


@page(bp, "/projects/{project_id}/sample-ticket", ("POST",))
def sample_upload_ticket(req: UiRequest) -> Response:
    """Presigned POST for a sample document (the drop zone on the project page)."""
    req.ctx.require(Permission.WRITE)
    found = workflow.get_project(req.ctx, req.params["project_id"])
    ticket = presign_sample_upload(
        req.services.s3,
        req.services.settings.documents_bucket,
        tenant_id=req.ctx.tenant_id,
        project_id=found.id,
        content_type=req.field("content_type"),
    )
    return _json(ticket.to_json(), 201)


@page(bp, "/projects/{project_id}/samples", ("POST",))
def add_sample(req: UiRequest) -> Response:
    project_id = req.params["project_id"]
    workflow.add_sample_document(
        req.ctx,
        project_id,
        title=req.field("title")[:200] or "Sample document",
        key=req.field("key"),
        content_type=req.field("content_type"),
    )
    return redirect(_with(f"/projects/{project_id}", done="sample_added"))


@page(bp, "/projects/{project_id}/samples/{sample_id}/remove", ("POST",))
def remove_sample(req: UiRequest) -> Response:
    project_id = req.params["project_id"]
    workflow.remove_sample_document(req.ctx, project_id, req.params["sample_id"])
    return redirect(_with(f"/projects/{project_id}", done="sample_removed"))


@page(bp, "/projects/{project_id}/contracts", ("POST",))
def add_contract(req: UiRequest) -> Response:
    project_id = req.params["project_id"]
    workflow.create_contract(
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
    return redirect(_with(f"/projects/{project_id}", done="contract_added"))


# ---------------------------------------------------------------- contract actions


def _back(req: UiRequest, contract_project_id: str, default: str) -> str:
    target = req.field("back")
    if target.startswith("/projects/") or target.startswith("/contracts/"):
        return _safe_next(target)
    return default or f"/projects/{contract_project_id}"


@page(bp, "/contracts/{contract_id}/actions", ("POST",))
def contract_action(req: UiRequest) -> Response:
    contract = workflow.get_contract(req.ctx, req.params["contract_id"])
    action = req.field("action")
    back = _back(req, contract.project_id, f"/projects/{contract.project_id}")
    if action == "request":
        workflow.request_documents(req.ctx, contract.id, req.field("message") or None)
        return redirect(_with(back, done="requested"))
    if action in ("activate", "deactivate"):
        workflow.update_contract(req.ctx, contract.id, ContractUpdate(active=action == "activate"))
        return redirect(_with(back, done=f"{action}d"))
    if action == "remove":
        workflow.remove_contract(req.ctx, contract.id)
        return redirect(_with(f"/projects/{contract.project_id}", done="removed"))
    if action == "revoke_link":
        workflow.revoke_portal_link(req.ctx, contract.id)
        return redirect(_with(back, done="link_revoked"))
    if action == "link":
        # The live link the vendor may already hold; a new one only when there is none (or it was
        # revoked: revoke, then copy, is how staff regenerate).
        secret = req.services.portal_token_secret
        issued = workflow.ensure_portal_link(req.ctx, contract.id, secret=secret)
        if issued is None:
            issued = workflow.issue_portal_link(req.ctx, contract.id, secret=secret)
        link = f"{req.services.settings.portal_base_url.rstrip('/')}/{issued.token}"
        return req.render(
            "portal_link.html", contract=contract, link=link, expires_at=issued.link.expires_at, back=back
        )
    raise InvalidInput(
        "unknown action", {"action": "request, activate, deactivate, remove, link or revoke_link"}
    )


@page(bp, "/contracts/{contract_id}/edit")
def edit_contract_form(req: UiRequest) -> Response:
    contract = workflow.get_contract(req.ctx, req.params["contract_id"])
    groups = workflow.list_requirement_groups(req.ctx, contract.project_id, limit=100).items
    return req.render("contract_edit.html", contract=contract, groups=groups)


@page(bp, "/contracts/{contract_id}/edit", ("POST",))
def edit_contract(req: UiRequest) -> Response:
    contract_id = req.params["contract_id"]
    contact = Contact(
        name=req.field("contact_name") or None,
        email=req.field("contact_email") or None,
        phone=req.field("contact_phone") or None,
        sms_opt_in=req.field("sms_opt_in") == "on",
    )
    updated = workflow.update_contract(
        req.ctx,
        contract_id,
        ContractUpdate(
            contact=contact,
            number=req.field("number") or None,
            description=req.field("description") or None,
            requirement_group_id=req.field("requirement_group_id") or None,
        ),
    )
    return redirect(_with(f"/contracts/{updated.id}", done="contact_saved"))


# ---------------------------------------------------------------- contract page


def _document_label(document: Any) -> str:
    certificate = document.certificate
    if certificate is not None and certificate.certificate_date:
        return f"Certificate dated {certificate.certificate_date.isoformat()}"
    return "Uploaded file"


@page(bp, "/contracts/{contract_id}")
def contract(req: UiRequest) -> Response:
    tab = contract_tabs.chosen_tab(req)
    detail = views.contract_detail(req.ctx, req.params["contract_id"])
    s3 = s3_origin(req.services)
    return req.render(
        "contract.html",
        csp=content_security_policy(connect=s3, form=s3),
        tab=tab,
        tabs=contract_tabs.TABS,
        detail=detail,
        contract=detail.contract,
        project=detail.project,
        documents=detail.documents.items,
        document_label=_document_label,
        today=req.services.clock.today(),
        flash=_flash(req),
        **contract_tabs.tab_values(req, tab, detail),
    )


@page(bp, "/contracts/{contract_id}/notes", ("POST",))
def add_note(req: UiRequest) -> Response:
    contract_id = req.params["contract_id"]
    workflow.add_note(
        req.ctx,
        contract_id,
        NoteInput(text=req.field("text"), email_user_id=req.field("email_user_id") or None),
    )
    return redirect(_with(f"/contracts/{contract_id}", tab="notes", done="note_added"))


@page(bp, "/contracts/{contract_id}/waivers", ("POST",))
def waive(req: UiRequest) -> Response:
    contract_id = req.params["contract_id"]
    reviews.waive_requirement(
        req.ctx, contract_id, WaiveInput(requirement_key=req.field("requirement_key"), note=req.field("note"))
    )
    return redirect(_with(f"/contracts/{contract_id}", done="waived"))


@page(bp, "/contracts/{contract_id}/waivers/remove", ("POST",))
def unwaive(req: UiRequest) -> Response:
    contract_id = req.params["contract_id"]
    waivers.unwaive_requirement(req.ctx, contract_id, req.field("requirement_key"))
    return redirect(_with(f"/contracts/{contract_id}", done="unwaived"))


@page(bp, "/contracts/{contract_id}/upload-ticket", ("POST",))
def staff_upload_ticket(req: UiRequest) -> Response:
    """The staff drop zone's presigned POST (same path as the API's; the session cookie authenticates)."""
    req.ctx.require(Permission.WRITE)
    found = req.ctx.repo.contract(req.params["contract_id"])
    assert req.actor is not None
    ticket = presign_upload(
        req.services.s3,
        req.services.settings.documents_bucket,
        tenant_id=req.ctx.tenant_id,
        project_id=found.project_id,
        contract_id=found.id,
        content_type=req.field("content_type"),
        channel="staff",
        uploaded_by=req.actor.email,
    )
    return _json(ticket.to_json(), 201)


def _json(body: Any, status: int = 200) -> Response:
    return Response(
        body=json.dumps(body),
        status_code=status,
        headers={"Content-Type": "application/json", "Cache-Control": "no-store"},
    )


# ---------------------------------------------------------------- review


@page(bp, "/review")
def review_queue(req: UiRequest) -> Response:
    assert req.actor is not None
    if req.actor.role == Role.REVIEWER:
        # Managed-service reviewers work every client tenant that granted them, oldest first.
        entries = [(e.tenant_id, e.document) for e in reviews.reviewer_queue(req.services.store, req.actor)]
        next_cursor = None
    else:
        queue = reviews.needs_review_queue(req.ctx, cursor=req.query.get("cursor") or None, limit=50)
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
    return req.render("review_queue.html", rows=rows, next_cursor=next_cursor, flash=_flash(req))


def _contract_and_project(req: UiRequest, tenant_id: str, contract_id: str) -> tuple[Contract, Project]:
    assert req.actor is not None
    if req.actor.may(Permission.READ):
        contract = workflow.get_contract(req.ctx, contract_id)
        return contract, workflow.get_project(req.ctx, contract.project_id)
    # Reviewers may not read projects at large; the contract detail is what review allows them.
    detail = views.contract_detail(req.services.context(req.actor, tenant_id=tenant_id), contract_id)
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
    document = reviews.get_document(req.ctx, req.params["document_id"])
    detail = views.contract_detail(req.ctx, document.contract_id)
    # A refused submission shows what was typed, never the older draft.
    draft: Any = form if form is not None else reviews.get_review(req.ctx, document.id)
    url = presign_download(req.services.s3, document.bucket, document.key, expires_in=900)
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
        flash=_flash(req),
        errors=form.errors if form is not None else {},
        document_problems=[
            {
                "code": code,
                "message": message,
                "decision": typed[0] if (typed := _document_typed(draft, code)) else "",
                "note": typed[1] if typed else "",
            }
            for code, message in reviews.open_document_problems(document).items()
        ],
        overridden=overridden or {},
    )


@page(bp, "/documents/{document_id}/review", ("POST",))
def submit_review(req: UiRequest) -> Response:
    document_id = req.params["document_id"]
    button = req.field("button")
    tenant = {"tenant": req.tenant} if req.tenant else {}
    form = read_review_form(req.form)
    if button == "cancel":
        # Leaving keeps the work: what can be kept is kept as the draft.
        if form.valid or form.notes_to_vendor:
            reviews.save_review_draft(req.ctx, document_id, form.review_input())
        return redirect(_with("/review", done="draft_kept"))
    if form.errors:
        return _review_page(req, form)
    if button == "save":
        reviews.save_review_draft(req.ctx, document_id, form.review_input())
        return redirect(_with(f"/documents/{document_id}/review", done="draft_saved", **tenant))
    document = reviews.get_document(req.ctx, document_id)
    detail = views.contract_detail(req.ctx, document.contract_id)
    problems = {row["key"]: row["problems"] for row in _review_rows(document, detail, None)}
    overridden = overrides(form, problems)
    if overridden and not form.confirm_override:
        form.errors["confirm_override"] = "approving over open problems needs your confirmation"
        return _review_page(req, form, overridden)
    try:
        reviews.complete_review(req.ctx, document_id, form.review_input())
    except InvalidInput as refused:
        # The server's own checks (certificate-level problems, unknown requirements) keep the form too.
        for name, message in refused.fields.items():
            form.errors[form_field(form, name)] = message
        form.errors.setdefault("form", str(refused))
        return _review_page(req, form, overridden)
    if button == "save_next":
        queue = reviews.needs_review_queue(req.ctx, limit=1).items
        if queue:
            return redirect(_with(f"/documents/{queue[0].id}/review", done="reviewed", **tenant))
        return redirect(_with("/review", done="queue_empty"))
    if tenant or not req.may(Permission.READ):
        # A Reviewer goes back to the queue: the contract leaves its scope once nothing waits.
        return redirect(_with("/review", done="reviewed"))
    found = reviews.get_document(req.ctx, document_id)
    return redirect(_with(f"/contracts/{found.contract_id}", done="reviewed"))
