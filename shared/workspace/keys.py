"""S3 object keys a client hands back (a sample document's key): checked component by component.

A prefix test is not enough: `samples/<tenant>/<project>/../../<other tenant>/x.pdf` starts with
the right prefix. A key must already be in normal form (NFC, no control characters, no backslash)
and split on `/` into exactly the expected components, none empty, `.` or `..`.
"""

from __future__ import annotations

import re
import unicodedata

from shared.workspace.errors import InvalidInput

MAX_KEY_BYTES = 1024  # S3's own limit
# What the upload policy issues as a file name: a hex id and the extension of an allowed type.
ISSUED_FILE_NAME = re.compile(r"[a-z0-9]{8,64}\.(pdf|png|jpg)")


def _refuse(reason: str) -> InvalidInput:
    return InvalidInput(f"not a key this service issued: {reason}", {"key": reason})


def key_components(key: str) -> list[str]:
    """The `/`-separated components of a well-formed key, or InvalidInput saying what is wrong."""
    if not key or len(key.encode()) > MAX_KEY_BYTES:
        raise _refuse("empty or too long")
    if unicodedata.normalize("NFC", key) != key:
        raise _refuse("not in normal form")
    if "\\" in key or any(unicodedata.category(ch) == "Cc" for ch in key):
        raise _refuse("control characters or backslashes")
    parts = key.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise _refuse("empty, '.' or '..' components")
    return parts


def require_issued_key(key: str, *prefix: str) -> str:
    """`key` when it is exactly `prefix/.../<id>.<ext>`, as the upload policy issues it."""
    parts = key_components(key)
    if len(parts) != len(prefix) + 1 or parts[: len(prefix)] != list(prefix):
        raise _refuse("wrong prefix")
    if not ISSUED_FILE_NAME.fullmatch(parts[-1]):
        raise _refuse("wrong file name")
    return key
