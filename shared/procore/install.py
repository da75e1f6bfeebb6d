"""The authorization-code install: staff start it (the API builds the authorize URL with a signed
state naming the tenant and the Procore company), the company admin approves in Procore, and
Procore redirects the browser to our callback with `code` and `state`.

The state is HMAC-signed and expires, so the public callback can trust which tenant it connects.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

STATE_LIFETIME = timedelta(minutes=15)


class InvalidStateError(ValueError):
    """The callback's state is forged, mangled or expired."""


@dataclass(frozen=True)
class InstallRequest:
    tenant_id: str
    company_id: int


def sign_state(request: InstallRequest, *, key: bytes, now: datetime) -> str:
    body = json.dumps(
        {"t": request.tenant_id, "c": request.company_id, "e": int((now + STATE_LIFETIME).timestamp())},
        separators=(",", ":"),
    ).encode()
    signature = hmac.new(key, body, hashlib.sha256).digest()
    return f"{_b64(body)}.{_b64(signature)}"


def verify_state(state: str, *, key: bytes, now: datetime) -> InstallRequest:
    try:
        body_part, signature_part = state.split(".")
        body, signature = _unb64(body_part), _unb64(signature_part)
    except ValueError as exc:
        raise InvalidStateError("the install link is not valid") from exc
    if not hmac.compare_digest(hmac.new(key, body, hashlib.sha256).digest(), signature):
        raise InvalidStateError("the install link is not valid")
    claims = json.loads(body)
    if int(claims["e"]) < now.timestamp():
        raise InvalidStateError("the install link has expired; start again")
    return InstallRequest(tenant_id=str(claims["t"]), company_id=int(claims["c"]))


def authorization_url(*, auth_base_url: str, client_id: str, redirect_uri: str, state: str) -> str:
    query = urlencode(
        {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri, "state": state}
    )
    return f"{auth_base_url.rstrip('/')}/oauth/authorize?{query}"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64") from exc
