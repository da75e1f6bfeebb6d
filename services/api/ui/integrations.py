"""Settings > Connected Apps (Procore: connect, choose the company, status, disconnect), the
company's Procore projects to import, and each imported project's Procore page (import method,
statuses, the Procore Sync Log with its "View in Procore" links)."""

from __future__ import annotations

import logging
from typing import Any

from chalice import Blueprint, Response

from services.api.logic.procore import has_procore, procore_for_services
from services.api.ui.web import UiRequest, content_security_policy, error_page, page, redirect, templates
from shared import workspace
from shared.procore import PURCHASE_ORDER_STATUSES, SUBCONTRACT_STATUSES
from shared.procore.pushes import ContractPush, DynamoPushRecords, PushRecords
from shared.workspace import Permission

bp = Blueprint(__name__)
logger = logging.getLogger(__name__)

METHODS = [
    ("subcontract", "Subcontract"),
    ("purchase_order", "Purchase Order"),
    ("subcontract_or_purchase_order", "Subcontract or Purchase Order"),
    ("directory", "Project Directory"),
]
STATUSES = list(dict.fromkeys(SUBCONTRACT_STATUSES + PURCHASE_ORDER_STATUSES))


def _procore(req: UiRequest) -> Any:
    return procore_for_services(req.services)


def _unreachable(req: UiRequest, fn: Any, *args: Any) -> Any:
    from shared.procore.staff import ProcoreUnreachable

    try:
        return fn(*args)
    except ProcoreUnreachable as problem:
        return error_page(req, 502, f"{problem}. Try again in a moment.")


@page(bp, "/settings/connected-apps")
def connected_apps(req: UiRequest) -> Response:
    req.ctx.require(Permission.READ)
    facade = _procore(req)
    status = facade.status(req.ctx.tenant_id)
    # "Connect with Procore" posts here and is redirected to Procore's sign-in: browsers apply
    # form-action to that redirect too.
    origin = facade.authorize_origin()
    csp = content_security_policy(form=origin) if origin else None
    return req.render("connected_apps.html", csp=csp, procore=status, flash=req.query.get("procore", ""))


@page(bp, "/settings/connected-apps/procore/authorize", ("POST",))
def procore_authorize(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    # Procore's own consent page; it sends the browser back to our callback.
    return redirect(_procore(req).authorize_url(req.ctx.tenant_id))


@page(bp, "/settings/connected-apps/procore/service-account", ("POST",))
def procore_service_account(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    result = _unreachable(req, _procore(req).connect_service_account, req.ctx.tenant_id)
    if isinstance(result, Response):
        return result
    return redirect(f"/settings/connected-apps?procore={result['status']}")


@page(bp, "/settings/connected-apps/procore/company", ("POST",))
def procore_company(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    chosen = req.field("company_id")
    if not chosen.isdigit():
        return error_page(req, 400, "Choose one of the Procore companies listed.")
    result = _unreachable(req, _procore(req).choose_company, req.ctx.tenant_id, int(chosen))
    if isinstance(result, Response):
        return result
    return redirect("/settings/connected-apps?procore=connected")


@page(bp, "/settings/connected-apps/procore/disconnect", ("POST",))
def procore_disconnect(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    result = _unreachable(req, _procore(req).disconnect, req.ctx.tenant_id)
    if isinstance(result, Response):
        return result
    return redirect("/settings/connected-apps?procore=disconnected")


@page(bp, "/settings/connected-apps/procore/projects")
def procore_projects(req: UiRequest) -> Response:
    req.ctx.require(Permission.READ)
    shown = req.query.get("status") or "active"
    listed = _unreachable(req, _procore(req).projects, req.ctx.tenant_id, shown)
    if isinstance(listed, Response):
        return listed
    return req.render(
        "procore_projects.html",
        listed=listed,
        shown=shown,
        methods=METHODS,
        statuses=STATUSES,
    )


@page(bp, "/settings/connected-apps/procore/imports", ("POST",))
def procore_import(req: UiRequest) -> Response:
    req.ctx.require(Permission.WRITE)
    procore_project_id = req.field("procore_project_id")
    if not procore_project_id.isdigit():
        return error_page(req, 400, "Choose a Procore project to import.")
    result = _unreachable(
        req,
        _procore(req).import_project,
        req.ctx.tenant_id,
        int(procore_project_id),
        req.field("method"),
        req.fields("statuses") or None,
    )
    if isinstance(result, Response):
        return result
    return redirect(f"/projects/{result['project_id']}/procore?imported=1")


@page(bp, "/projects/{project_id}/procore")
def project_procore(req: UiRequest) -> Response:
    project = workspace.get_project(req.ctx, req.params["project_id"])
    facade = _procore(req)
    return req.render(
        "procore_project.html",
        project=project,
        procore=facade.project_procore(req.ctx.tenant_id, project.id),
        log=facade.sync_log(req.ctx.tenant_id, project.id),
        methods=METHODS,
        statuses=STATUSES,
        flash=req.query.get("imported") or req.query.get("saved"),
    )


@page(bp, "/projects/{project_id}/procore", ("POST",))
def change_project_procore(req: UiRequest) -> Response:
    req.ctx.require(Permission.WRITE)
    project = workspace.get_project(req.ctx, req.params["project_id"])
    result = _unreachable(
        req,
        _procore(req).change_import,
        req.ctx.tenant_id,
        project.id,
        req.field("method"),
        req.fields("statuses") or None,
    )
    if isinstance(result, Response):
        return result
    return redirect(f"/projects/{project.id}/procore?saved=1")


class TemplateLinks:
    """`procore_links` in every template: the project list, the project page and the contract page
    link into Procore. Never breaks a page: without Procore (or when its records cannot be read)
    there is simply no link."""

    def projects(self, actor: Any) -> dict[str, str]:
        return self._safe(lambda facade: facade.project_links(actor.tenant_id), {})

    def project(self, actor: Any, project_id: str) -> str | None:
        found = self._safe(lambda facade: facade.project_procore(actor.tenant_id, project_id), None)
        return found["procore_url"] if found else None

    def contract(self, actor: Any, contract: Any) -> str | None:
        return self._safe(
            lambda facade: facade.contract_link(
                actor.tenant_id, contract.id, vendor_id=contract.vendor_id, project_id=contract.project_id
            ),
            None,
        )

    @staticmethod
    def _safe(read: Any, default: Any) -> Any:
        from services.api.bootstrap import get_services
        from shared.workspace import DynamoItemStore

        services = get_services()
        if getattr(services, _LINKS_OFF, False):
            return default
        if not has_procore(services) and not isinstance(services.store, DynamoItemStore):
            return default  # an in-memory workspace has no Procore records
        try:
            return read(procore_for_services(services))
        except Exception:
            # Procore's records unreadable here (no table, no settings): no links for this process
            # rather than a slow failure on every page.
            logger.warning("procore links unavailable", exc_info=True)
            setattr(services, _LINKS_OFF, True)
            return default


_LINKS_OFF = "_procore_links_off"
templates().globals["procore_links"] = TemplateLinks()

_PUSHES_ATTRIBUTE = "_procore_pushes"


def use_procore_pushes(services: Any, records: PushRecords | None) -> None:
    """Tests install their own push records (an in-memory workspace has none of its own)."""
    setattr(services, _PUSHES_ATTRIBUTE, records)


def contract_procore_push(actor: Any, contract: Any) -> ContractPush | None:
    """`procore_push` in templates (`_contract_procore.html`): what was last pushed to Procore
    for this contract, read from the workspace table (shared read model, no procore_sync import).
    Never breaks the page: unreadable means nothing shown."""
    from services.api.bootstrap import get_services
    from shared.workspace import DynamoItemStore

    services = get_services()
    records = getattr(services, _PUSHES_ATTRIBUTE, None)
    if records is None:
        if not isinstance(services.store, DynamoItemStore):
            return None
        from shared.aws.clients import aws_client

        records = DynamoPushRecords(aws_client("dynamodb"), services.settings.table_name)
        use_procore_pushes(services, records)
    try:
        found: ContractPush | None = records.get(actor.tenant_id, contract.id)
    except Exception:
        logger.warning("procore push record unreadable", exc_info=True)
        return None
    return found


templates().globals["procore_push"] = contract_procore_push
