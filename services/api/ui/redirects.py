"""Where a sign-in may send the browser afterwards: a path on this site, nothing else.

Every `next`/`return_to` the UI reads (the sign-in form and page, the Cognito start and callback,
a form's `back`) goes through `safe_redirect_target`. Browsers are lenient with Location headers:
they drop tabs and newlines (`/<TAB>/evil.example` becomes `//evil.example`), treat a backslash as
a slash and may decode `%2f`, so anything that could turn a path into another origin is refused
rather than cleaned up.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

DEFAULT_TARGET = "/projects"
MAX_TARGET_LENGTH = 2048

# %2f (/), %5c (\), and any percent-encoded control character (%00-%1f, %7f).
_ENCODED_DANGER = re.compile(r"%(2f|5c|[01][0-9a-f]|7f)", re.IGNORECASE)


def _is_plain_path(value: str) -> bool:
    if not value.startswith("/") or value.startswith("//"):
        return False
    if "\\" in value or _ENCODED_DANGER.search(value):
        return False
    # Control, format and separator characters (tab, newline, DEL, NUL, zero-width, non-breaking
    # spaces): browsers strip some of them, which can turn `/\t/host` into `//host`. A plain space
    # is harmless (browsers encode it) and appears once a query such as `?q=a%20b` is decoded.
    if any(ch != " " and unicodedata.category(ch)[0] in "CZ" for ch in value):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc


def is_safe_redirect_target(value: object) -> bool:
    """True for a same-origin absolute path (with an optional query), as it is and once decoded."""
    if not isinstance(value, str) or not value or len(value) > MAX_TARGET_LENGTH:
        return False
    # Checked again after one decoding so `%252f` or `%2509` cannot survive a second decode.
    return _is_plain_path(value) and _is_plain_path(unquote(value))


def safe_redirect_target(value: object, default: str = DEFAULT_TARGET) -> str:
    """`value` when it is a safe same-origin path, else `default`."""
    return value if is_safe_redirect_target(value) and isinstance(value, str) else default
