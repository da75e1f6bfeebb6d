"""Sign-in through the Cognito hosted UI (AWS): authorization code with PKCE, exchanged server-side.

The session cookie then holds the ID token, which `services.api.auth.authenticate` verifies like any
API bearer token. Settings (the API's, `services.api.settings`): COGNITO_DOMAIN (the hosted UI's
https origin) and COGNITO_APP_CLIENT_ID (a public app client with this site's /auth/callback as a
callback URL).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import urlencode

from chalice import Blueprint, Response

from services.api.auth import AuthError, authenticate
from services.api.bootstrap import get_services
from services.api.ui.redirects import safe_redirect_target
from services.api.ui.web import cookies, html, is_https, redirect, session_cookie, templates

bp = Blueprint(__name__)

FLOW_COOKIE = "coi_oauth"
FLOW_SECONDS = 600


def hosted_ui_configured() -> bool:
    return get_services().settings.hosted_ui_configured


def _callback_url(headers: dict[str, str]) -> str:
    scheme = "https" if is_https(headers) else "http"
    return f"{scheme}://{headers.get('host', '127.0.0.1')}/auth/callback"


def hosted_ui_logout_url(headers: dict[str, str]) -> str | None:
    if not hosted_ui_configured():
        return None
    settings = get_services().settings
    scheme = "https" if is_https(headers) else "http"
    back = f"{scheme}://{headers.get('host', '127.0.0.1')}/sign-in"
    query = urlencode({"client_id": settings.cognito_app_client_id, "logout_uri": back})
    return f"{str(settings.cognito_domain).rstrip('/')}/logout?{query}"


def _headers() -> dict[str, str]:
    return {k.lower(): v for k, v in (bp.current_request.headers or {}).items()}


@bp.route("/auth/start", methods=["GET"])
def start() -> Response:
    if not hosted_ui_configured():
        return redirect("/sign-in")
    settings = get_services().settings
    headers = _headers()
    query = dict(bp.current_request.query_params or {})
    target = safe_redirect_target(query.get("next"))
    state = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    location = f"{str(settings.cognito_domain).rstrip('/')}/oauth2/authorize?" + urlencode(
        {
            "response_type": "code",
            "client_id": settings.cognito_app_client_id,
            "redirect_uri": _callback_url(headers),
            "scope": "openid email",
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    # Lax, not Strict: the browser must send it back on the top-level return from Cognito's domain.
    flow = (
        f"{FLOW_COOKIE}={state}.{verifier}.{urlencode({'n': target})[2:]}; Path=/auth; Max-Age={FLOW_SECONDS}"
    )
    flow += "; HttpOnly; SameSite=Lax" + ("; Secure" if is_https(headers) else "")
    return redirect(location, headers={"Set-Cookie": flow})


@bp.route("/auth/callback", methods=["GET"])
def callback() -> Response:
    from urllib.parse import unquote_plus

    headers = _headers()
    query = dict(bp.current_request.query_params or {})
    state, _, rest = cookies(headers).get(FLOW_COOKIE, "").partition(".")
    verifier, _, target = rest.partition(".")
    if not state or not secrets.compare_digest(state, query.get("state", "")) or not query.get("code"):
        return _failed("The sign-in expired or came from somewhere else. Please sign in again.")
    services = get_services()
    settings = services.settings
    try:
        token = services.token_exchange(
            str(settings.cognito_domain),
            str(settings.cognito_app_client_id),
            query["code"],
            _callback_url(headers),
            verifier,
        )
        authenticate(services, {"authorization": f"Bearer {token}"})
    except AuthError as exc:
        return _failed(str(exc))
    # The cookie is the browser's to change: the target is checked again on the way back.
    target = safe_redirect_target(unquote_plus(target))
    body = templates().get_template("signed_in.html").render(actor=None, path="", target=target)
    # A page (not a redirect) so the next request starts on this site and the Strict cookie is sent.
    response = html(body)
    response.headers["Set-Cookie"] = session_cookie(token, secure=is_https(headers), max_age=3600)
    return response


def _failed(message: str) -> Response:
    body = (
        templates()
        .get_template("sign_in.html")
        .render(
            actor=None,
            path="/sign-in",
            next="/projects",
            error=message,
            email="",
            hosted_ui=hosted_ui_configured(),
        )
    )
    return html(body, 401)
