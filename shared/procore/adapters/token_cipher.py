"""Procore tokens are encrypted before they are written to the table (AES-256-GCM).

The key is derived (HKDF-SHA256) from the Procore state secret, which the deployed functions read
from an SSM SecureString; each value is bound to its tenant and field as associated data, so a
token item copied to another tenant, or an access token pasted over a refresh token, does not
decrypt. Rotating the secret means reconnecting (the stored tokens can no longer be read, which the
Connected Apps page shows as "reconnect").
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from shared.procore.auth import ProcoreAuthError

_PREFIX = "v1:"
_NONCE_BYTES = 12


class TokenDecryptError(ProcoreAuthError):
    """A stored token cannot be read with this key (the secret was rotated, or the item altered)."""


class TokenCipher:
    def __init__(self, secret: bytes) -> None:
        if not secret:
            raise ValueError("the token encryption secret is empty")
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"coi procore tokens v1").derive(
            secret
        )
        self._aead = AESGCM(key)

    def encrypt(self, plaintext: str, *, tenant_id: str, field: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), _context(tenant_id, field))
        return _PREFIX + base64.b64encode(nonce + sealed).decode()

    def decrypt(self, stored: str, *, tenant_id: str, field: str) -> str:
        if not stored.startswith(_PREFIX):
            raise TokenDecryptError("the stored Procore token is not encrypted; reconnect Procore")
        raw = base64.b64decode(stored[len(_PREFIX) :])
        try:
            plain = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _context(tenant_id, field))
        except InvalidTag as exc:
            raise TokenDecryptError("the stored Procore token cannot be read; reconnect Procore") from exc
        return plain.decode()


def _context(tenant_id: str, field: str) -> bytes:
    return f"{tenant_id}\x00{field}".encode()


class UnavailableCipher:
    """No secret configured: connecting is refused with a clear message."""

    def encrypt(self, plaintext: str, *, tenant_id: str, field: str) -> str:
        raise ProcoreAuthError("Procore is not set up here: PROCORE_STATE_SECRET is missing")

    def decrypt(self, stored: str, *, tenant_id: str, field: str) -> str:
        raise ProcoreAuthError("Procore is not set up here: PROCORE_STATE_SECRET is missing")
