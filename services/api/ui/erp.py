"""The ERP pages: Exports (every generated file, download through a short-lived link, export now,
retry a failed delivery) for staff; ERP settings and the codes each ERP needs (entered, or matched
from the ERP's vendor list) for Admins.

Export now and Retry are run by erp_export: the page waits a few seconds for it, and an export
still queued or running is shown as such, the page refreshing itself until it is done."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from chalice import Blueprint, Response

from services.api.logic.erp import (
    code_kind,
    confirm,
    console_for,
    entities_of,
    erp_name,
    settings_json,
    vendors_of,
)
from services.api.ui.web import UiRequest, page, redirect
from shared.erp import ERP_NAMES, ERP_TITLES, RULES, SETTLED, ErpSettingsInput, kinds_for
from shared.workspace import Conflict, InvalidInput, Permission

bp = Blueprint(__name__)

KIND_WORDS = {"vendor": "Vendor codes", "job": "Job codes", "commitment": "Commitment (subcontract) codes"}
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# ---------------------------------------------------------------- exports


@page(bp, "/erp/exports")
def exports_page(req: UiRequest) -> Response:
    req.ctx.require(Permission.READ)
    console = console_for(req.services)
    config = console.settings(req.ctx.tenant_id)
    exports = console.exports(req.ctx.tenant_id)
    return req.render(
        "erp_exports.html",
        exports=exports,
        configured=[(e, ERP_TITLES[e]) for e in config.erps],
        schedule=_schedule_words(config.schedule, config.weekly_day),
        flash=req.query.get("done"),
        pending=req.query.get("pending"),
        refresh=any(e["status"] not in SETTLED for e in exports),
    )


@page(bp, "/erp/exports", ("POST",))
def export_now(req: UiRequest) -> Response:
    req.ctx.require(Permission.WRITE)
    entry = console_for(req.services).export_now(
        req.ctx.tenant_id, erp_name(req.field("erp")), by=req.ctx.actor.email
    )
    return redirect(f"/erp/exports?{_outcome(entry, entry['erp'])}#export-{entry['id']}")


@page(bp, "/erp/exports/{export_id}/download")
def download(req: UiRequest) -> Response:
    """A fresh presigned link on each click: the page never shows a link that has expired."""
    req.ctx.require(Permission.READ)
    raw = req.query.get("file", "0")
    index = int(raw) if raw.isdigit() else -1
    return redirect(console_for(req.services).download_url(req.ctx.tenant_id, req.params["export_id"], index))


@page(bp, "/erp/exports/{export_id}/retry", ("POST",))
def retry(req: UiRequest) -> Response:
    req.ctx.require(Permission.WRITE)
    entry = console_for(req.services).retry(
        req.ctx.tenant_id, req.params["export_id"], by=req.ctx.actor.email
    )
    return redirect(f"/erp/exports?{_outcome(entry, 'retried')}#export-{entry['id']}")


def _outcome(entry: dict[str, Any], done: str) -> str:
    """The flash to show: done (or failed, shown on the row), or still with erp_export."""
    if entry["status"] in SETTLED:
        return urlencode({"done": "failed" if entry["status"] == "failed" else done})
    return urlencode({"pending": "retry" if done == "retried" else "export"})


# ---------------------------------------------------------------- settings (Admin)


@page(bp, "/erp/settings")
def settings_page(req: UiRequest) -> Response:
    return _settings(req)


def _settings(req: UiRequest, *, error: str | None = None, status: int = 200) -> Response:
    req.ctx.require(Permission.ADMIN)
    console = console_for(req.services)
    settings = settings_json(console, req.ctx.tenant_id)
    vendors = vendors_of(req.ctx)
    missing = {}
    for erp in settings["erps"]:
        rows = console.code_rows(req.ctx.tenant_id, erp, "vendor", vendors)
        missing[erp] = sum(1 for r in rows if r["needs_code"])
    return req.render(
        "erp_settings.html",
        status,
        settings=settings,
        erps=[(e, ERP_TITLES[e], kinds_for(e)) for e in ERP_NAMES],
        kind_words=KIND_WORDS,
        days=DAYS,
        missing=missing,
        error=error,
        flash=req.query.get("done"),
    )


@page(bp, "/erp/settings", ("POST",))
def save_settings(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    emails = [e for part in req.field("ap_emails").replace(";", ",").split(",") for e in part.split()]
    values: dict[str, Any] = {
        "erps": [e for e in req.fields("erps") if e],
        "schedule": req.field("schedule", "nightly"),
        "weekly_day": int(req.field("weekly_day", "0") or 0),
        "ap_emails": emails,
        "email_files": req.field("email_files") == "on",
        "overall_code": req.field("overall_code", "COI"),
        "cmic_company_code": req.field("cmic_company_code", "01"),
        "vista_sl_company": int(req.field("vista_sl_company", "1") or 1),
        "vista_ap_company": int(req.field("vista_ap_company", "1") or 1),
        "vista_vendor_group": int(req.field("vista_vendor_group", "1") or 1),
        "intacct_send": req.field("intacct_send") == "on",
        "intacct_credentials_parameter": req.field("intacct_credentials_parameter") or None,
    }
    try:
        console_for(req.services).save_settings(req.ctx.tenant_id, ErpSettingsInput.model_validate(values))
    except InvalidInput as exc:
        return _settings(req, error=str(exc), status=400)
    return redirect("/erp/settings?done=1")


# ---------------------------------------------------------------- codes (Admin)


@page(bp, "/erp/codes/{erp}/{kind}")
def codes_page(req: UiRequest) -> Response:
    return _codes(req)


@dataclass(frozen=True)
class CodesShown:
    """What the codes page shows beside the stored codes after a POST: the codes as typed and why
    some were refused, or the vendor list pasted and its matches to confirm."""

    errors: dict[str, str] = field(default_factory=dict)
    typed: dict[str, str] = field(default_factory=dict)
    matches: list[Any] | None = None
    listing: str = ""
    message: str | None = None


def _codes(req: UiRequest, shown: CodesShown | None = None, status: int = 200) -> Response:
    req.ctx.require(Permission.ADMIN)
    shown = shown or CodesShown()
    erp, kind = erp_name(req.params["erp"]), code_kind(req.params["kind"])
    rows = console_for(req.services).code_rows(req.ctx.tenant_id, erp, kind, entities_of(req.ctx, kind))
    return req.render(
        "erp_codes.html",
        status,
        erp=erp,
        erp_title=ERP_TITLES[erp],
        kind=kind,
        kind_title=KIND_WORDS[kind],
        kinds=[(k, KIND_WORDS[k]) for k in ("vendor", "job", "commitment")],
        needed=kinds_for(erp),
        rule=RULES[(erp, kind)].text,
        rows=rows,
        errors=shown.errors,
        typed=shown.typed,
        matches=shown.matches,
        listing=shown.listing,
        message=shown.message,
        flash=req.query.get("done"),
    )


@page(bp, "/erp/codes/{erp}/{kind}", ("POST",))
def save_codes(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    erp, kind = erp_name(req.params["erp"]), code_kind(req.params["kind"])
    console = console_for(req.services)
    entities = {e.id: e for e in entities_of(req.ctx, kind)}
    current = {
        r["id"]: r["code"] or ""
        for r in console.code_rows(req.ctx.tenant_id, erp, kind, list(entities.values()))
    }
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    saved = 0
    taken = console.taken_codes(req.ctx.tenant_id, erp, kind)
    for entity_id, entity in entities.items():
        values = req.form.get(f"code-{entity_id}")
        if values is None:
            continue
        code = values[0].strip()
        typed[entity_id] = code
        if code == current.get(entity_id, ""):
            continue
        try:
            console.set_code(
                req.ctx.tenant_id, erp, kind, entity, code or None, by=req.ctx.actor.email, taken=taken
            )
            saved += 1
        except (InvalidInput, Conflict) as exc:
            errors[entity_id] = str(exc)
    if errors:
        message = f"{len(errors)} code(s) not saved: each ERP takes only ids that fit its rules."
        return _codes(req, CodesShown(errors=errors, typed=typed, message=message), status=400)
    return redirect(f"/erp/codes/{erp}/{kind}?done={saved}")


@page(bp, "/erp/codes/{erp}/vendor/match", ("POST",))
def match_vendor_list(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    erp = erp_name(req.params["erp"])
    req.params["kind"] = "vendor"
    listing = req.form.get("csv", [""])[0]
    try:
        matches = console_for(req.services).match_vendor_list(erp, listing, vendors_of(req.ctx))
    except InvalidInput as exc:
        return _codes(req, CodesShown(listing=listing, message=str(exc)), status=400)
    return _codes(req, CodesShown(matches=matches, listing=listing))


@page(bp, "/erp/codes/{erp}/vendor/confirm", ("POST",))
def confirm_matches(req: UiRequest) -> Response:
    req.ctx.require(Permission.ADMIN)
    erp = erp_name(req.params["erp"])
    req.params["kind"] = "vendor"
    pairs = []
    for vendor_id in req.fields("accept"):
        code = req.field(f"match-{vendor_id}")
        if code:
            pairs.append((vendor_id, code))
    result = confirm(req.ctx, console_for(req.services), erp, pairs)
    if result["errors"]:
        refused = CodesShown(errors=result["errors"], message=f"{result['saved']} saved; some were refused.")
        return _codes(req, refused, status=400)
    return redirect(f"/erp/codes/{erp}/vendor?done={result['saved']}")


def _schedule_words(schedule: str, day: int) -> str:
    return {
        "nightly": "every night",
        "weekdays": "every weeknight",
        "weekly": f"every {DAYS[day]} night",
        "manual": "only when someone clicks Export now",
    }[schedule]
