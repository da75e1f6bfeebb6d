"""Staff sign-in and sign-out, and the site's front door (`/`).

Locally a seeded user's e-mail is enough; in AWS the hosted UI signs staff in (`ui/cognito.py`).
"""

from __future__ import annotations

from chalice import Blueprint, Response

from services.api.auth import AuthError, issue_local_token
from services.api.bootstrap import get_services
from services.api.ui.redirects import safe_redirect_target
from services.api.ui.web import (
    SESSION_COOKIE,
    UiRequest,
    cookies,
    html,
    is_https,
    page,
    parse_form,
    redirect,
    session_cookie,
    templates,
)
from shared.workspace import InvalidInput

bp = Blueprint(__name__)


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
    return _sign_in_page(safe_redirect_target(query.get("next")))


@bp.route("/sign-in", methods=["POST"], content_types=["application/x-www-form-urlencoded"])
def sign_in() -> Response:
    """Local mode: a seeded user's email is enough (the local stack has no identity provider)."""
    request = bp.current_request
    try:
        form = parse_form(request.raw_body)
    except InvalidInput as exc:
        return _sign_in_page("/projects", error=str(exc), status=400)
    email = (form.get("email") or [""])[0].strip().lower()
    target = safe_redirect_target((form.get("next") or [""])[0])
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
