"""The UI's small web layer: sessions in a cookie, CSRF tokens, form parsing, HTML responses with
security headers, hashed static assets, and a `page` decorator that maps domain errors to pages.

The cookie holds the same bearer token the JSON API takes (a local HS256 token, or a Cognito JWT
in AWS), so authentication is `services.api.auth.authenticate` and nothing else.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import jinja2
from chalice import Blueprint, Response
from pydantic import ValidationError

from services.api.auth import AuthError, authenticate
from services.api.bootstrap import ApiServices, get_services
from services.api.ports import UploadRejected
from shared.workspace import Actor, Conflict, Context, Forbidden, Gone, InvalidInput, NotFound, Permission

logger = logging.getLogger("coi.ui")

UI_DIR = Path(__file__).resolve().parent
STATIC_DIR = UI_DIR / "static"
SESSION_COOKIE = "coi_session"
FORM = "application/x-www-form-urlencoded"
# Far above any page's form (a review form has a few fields per requirement).
MAX_FORM_FIELDS = 2000


# ---------------------------------------------------------------- static assets


@lru_cache(maxsize=1)
def asset_names() -> dict[str, str]:
    """`app.css` -> `app.1a2b3c4d5e.css`: the content hash in the URL lets browsers cache forever."""
    names = {}
    for path in sorted(STATIC_DIR.iterdir()):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            names[path.name] = f"{path.stem}.{digest}{path.suffix}"
    return names


@lru_cache(maxsize=1)
def hashed_assets() -> dict[str, Path]:
    return {hashed: STATIC_DIR / plain for plain, hashed in asset_names().items()}


def asset_url(name: str) -> str:
    return f"/static/{asset_names()[name]}"


# ---------------------------------------------------------------- templates


def _money(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        return f"${int(value):,}"
    except (TypeError, ValueError):
        return str(value)


COVERAGE_NAMES = {
    "general_liability": "General liability",
    "auto_liability": "Automobile liability",
    "umbrella": "Umbrella liability",
    "excess": "Excess liability",
    "workers_comp": "Workers' compensation",
}


def _words(value: Any) -> str:
    """`approved_non_compliant` -> `Approved non-compliant` for labels built from codes."""
    raw = str(value or "")
    if raw in COVERAGE_NAMES:
        return COVERAGE_NAMES[raw]
    text = raw.replace("_", " ").replace(":", " ").replace(".", " ").strip()
    text = re.sub(r"^el ", "EL ", text)
    return (text[:1].upper() + text[1:]).replace("non compliant", "non-compliant")


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(UI_DIR / "templates")),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = _money
    env.filters["words"] = _words
    env.globals["asset_url"] = asset_url
    return env


# ---------------------------------------------------------------- responses and headers


def content_security_policy(*, connect: str = "", form: str = "", frame: str = "") -> str:
    """Only this origin, plus the S3 origin where a page posts uploads to or frames a document."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:" + (f" {frame}" if frame else ""),
            f"connect-src 'self'{' ' + connect if connect else ''}",
            f"form-action 'self'{' ' + form if form else ''}",
            f"frame-src {frame}" if frame else "frame-src 'none'",
            f"object-src {frame}" if frame else "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


def html(
    body: str, status: int = 200, *, csp: str | None = None, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        body=body,
        status_code=status,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-store",
            "Content-Security-Policy": csp or content_security_policy(),
            "X-Frame-Options": "DENY",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            **(headers or {}),
        },
    )


def json_response(body: Any, status: int = 200) -> Response:
    """JSON for the pages' own scripts (an upload ticket, a document's status), never cached."""
    return Response(
        body=json.dumps(body),
        status_code=status,
        headers={"Content-Type": "application/json", "Cache-Control": "no-store"},
    )


def redirect(location: str, *, headers: dict[str, str] | None = None) -> Response:
    return Response(
        body="",
        status_code=303,
        headers={"Location": location, "Cache-Control": "no-store", **(headers or {})},
    )


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@lru_cache(maxsize=8)
def _s3_origin_for(endpoint: str, bucket: str) -> str:
    services = get_services()
    url = services.s3.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": "x"}, ExpiresIn=60
    )
    return origin_of(url)


def s3_origin(services: ApiServices) -> str:
    """Where presigned URLs point (signing is local: no request is made)."""
    endpoint = str(getattr(getattr(services.s3, "meta", None), "endpoint_url", ""))
    return _s3_origin_for(endpoint, services.settings.documents_bucket)


# ---------------------------------------------------------------- sessions


def cookies(headers: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in headers.get("cookie", "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            found[name] = value
    return found


def session_cookie(token: str, *, secure: bool, max_age: int) -> str:
    flags = f"Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict"
    return f"{SESSION_COOKIE}={token}; {flags}" + ("; Secure" if secure else "")


def is_https(headers: dict[str, str]) -> bool:
    return headers.get("x-forwarded-proto", "").lower() == "https"


def csrf_token(session_token: str) -> str:
    """Tied to the session: a page from another site can neither read nor forge it."""
    return hmac.new(session_token.encode(), b"coi-ui-csrf", hashlib.sha256).hexdigest()[:32]


# ---------------------------------------------------------------- requests


@dataclass
class UiRequest:
    services: ApiServices
    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    headers: dict[str, str]
    form: dict[str, list[str]] = field(default_factory=dict)
    actor: Actor | None = None
    session_token: str | None = None
    _ctx: Context | None = None

    @property
    def tenant(self) -> str | None:
        """A Reviewer works a granted client's documents: the client tenant travels in the URL/form."""
        chosen = self.field("tenant") or self.query.get("tenant") or None
        return chosen if self.actor is not None and chosen != self.actor.tenant_id else None

    @property
    def ctx(self) -> Context:
        if self._ctx is None:
            assert self.actor is not None
            self._ctx = self.services.context(self.actor, tenant_id=self.tenant)
        return self._ctx

    def field(self, name: str, default: str = "") -> str:
        values = self.form.get(name)
        return values[0].strip() if values else default

    def fields(self, name: str) -> list[str]:
        return [v.strip() for v in self.form.get(name, [])]

    def may(self, permission: Permission) -> bool:
        return self.actor is not None and self.actor.may(permission)

    def sender_paused(self) -> str | None:
        """For Admins: why the tenant's vendor e-mails are paused (notify could not send), if they are."""
        if not self.may(Permission.ADMIN):
            return None
        try:
            return self.ctx.repo.tenant().sender_paused_reason
        except NotFound:
            return None

    def render(
        self, template: str, http_status: int = 200, *, csp: str | None = None, **values: Any
    ) -> Response:
        body = (
            templates()
            .get_template(template)
            .render(
                actor=self.actor,
                csrf=csrf_token(self.session_token) if self.session_token else "",
                may_write=self.may(Permission.WRITE),
                may_review=self.may(Permission.REVIEW),
                is_admin=self.may(Permission.ADMIN),
                sender_paused=self.sender_paused(),
                path=self.path,
                query=self.query,
                **values,
            )
        )
        return html(body, http_status, csp=csp)


def parse_form(raw: bytes | str | None) -> dict[str, list[str]]:
    if not raw:
        return {}
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    try:
        return parse_qs(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except ValueError as exc:
        raise InvalidInput(f"the form has more than {MAX_FORM_FIELDS} fields") from exc


def _actual_path(template: str, params: dict[str, str]) -> str:
    for name, value in params.items():
        template = template.replace("{" + name + "}", quote(value, safe=""))
    return template


def error_page(req: UiRequest, status: int, message: str) -> Response:
    titles = {
        500: "Something went wrong",
        400: "That did not work",
        403: "Not allowed",
        404: "Not found",
        409: "Changed meanwhile",
        410: "Link no longer valid",
    }
    return req.render("error.html", status, title=titles.get(status, "Error"), message=message, status=status)


def _staff_gate(req: UiRequest, context: Any) -> Response | None:
    """None when a signed-in staff member may go on (a POST carrying the session's CSRF token);
    else the answer: to sign-in (no or a lapsed session), or 403 for an expired form."""
    token = cookies(req.headers).get(SESSION_COOKIE)
    if not token:
        return redirect(f"/sign-in?next={quote(req.path)}")
    try:
        req.actor = authenticate(req.services, {"authorization": f"Bearer {token}"}, context)
    except AuthError:
        return redirect(
            f"/sign-in?next={quote(req.path)}",
            headers={"Set-Cookie": session_cookie("", secure=is_https(req.headers), max_age=0)},
        )
    req.session_token = token
    if req.method == "POST" and not hmac.compare_digest(req.field("csrf"), csrf_token(token)):
        return error_page(req, 403, "This form expired. Go back, reload the page and try again.")
    return None


# The failures answered with their status and their own message.
_STATUS_OF: tuple[tuple[type[Exception], int], ...] = ((Forbidden, 403), (Conflict, 409), (Gone, 410))


def _problem(exc: Exception) -> tuple[int, str]:
    """The status and plain message for a failure a page raised (checked in this order)."""
    if isinstance(exc, ValidationError):
        return 400, "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'input'}: {e['msg']}" for e in exc.errors()
        )
    if isinstance(exc, InvalidInput | UploadRejected):
        fields = getattr(exc, "fields", None) or {}
        detail = "; ".join(f"{k}: {v}" for k, v in fields.items())
        return 400, f"{exc}" + (f" ({detail})" if detail else "")
    if isinstance(exc, ValueError):  # a form value of the wrong shape (a date, a status)
        return 400, f"A value in the form is not valid: {exc}"
    if isinstance(exc, NotFound):
        return 404, "There is nothing here, or it belongs to another account."
    for kind, status in _STATUS_OF:
        if isinstance(exc, kind):
            return status, str(exc)
    return 500, "Something went wrong on our side. Please try again."


def _problem_page(req: UiRequest, exc: Exception) -> Response:
    """A plain page with the right status, never a traceback."""
    status, message = _problem(exc)
    if status == 500:
        # Logged with its traceback for operators; the user gets a plain page.
        logger.exception("page %s failed", req.path)
    return error_page(req, status, message)


def page(
    bp: Blueprint, path: str, methods: tuple[str, ...] = ("GET",), *, staff: bool = True
) -> Callable[[Callable[[UiRequest], Response]], Callable[[UiRequest], Response]]:
    """Declare a page: staff pages need the session cookie (else to sign-in); POSTs need the CSRF token.

    Domain errors become a plain page with the right status, never a traceback.
    """

    def decorate(view: Callable[[UiRequest], Response]) -> Callable[[UiRequest], Response]:
        @functools.wraps(view)
        def handler(**params: str) -> Response:
            request = bp.current_request
            headers = {k.lower(): v for k, v in (request.headers or {}).items()}
            req = UiRequest(
                services=get_services(),
                method=request.method,
                path=_actual_path(path, params),
                params=params,
                query=dict(request.query_params or {}),
                headers=headers,
            )
            try:
                if request.method == "POST":
                    req.form = parse_form(request.raw_body)
                if staff:
                    refused = _staff_gate(req, request.context)
                    if refused is not None:
                        return refused
                return view(req)
            except Exception as exc:
                return _problem_page(req, exc)

        content_types = [FORM] if "POST" in methods else None
        if content_types:
            bp.route(path, methods=list(methods), content_types=[FORM, "multipart/form-data"])(handler)
        else:
            bp.route(path, methods=list(methods))(handler)
        return view

    return decorate
