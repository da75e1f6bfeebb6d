"""Limits checked on a request body before anything parses it: size, then JSON nesting depth.

Both run before authentication and before the portal token is looked up, so an anonymous caller
cannot make the API parse megabytes or recurse 100,000 levels deep; each answers one plain line.
"""

from __future__ import annotations

import json
import re
from typing import Any

from shared.workspace import InvalidInput, TooLarge

# A JSON body of any route but the carrier CSV upload (DynamoDB items are at most 400 KB anyway).
MAX_JSON_BODY = 256 * 1024
# Any request at all, forms included: the largest legitimate one is a 2,000,000-character carrier
# CSV, which a URL-encoded form can make up to three times larger.
MAX_REQUEST_BODY = 8 * 1024 * 1024
# Deeper than any request model (a requirement group is 4 levels).
MAX_JSON_DEPTH = 16

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def body_length(raw: str | bytes | None) -> int:
    if not raw:
        return 0
    return len(raw) if isinstance(raw, bytes) else len(raw.encode())


def check_body_size(raw: str | bytes | None, limit: int) -> None:
    size = body_length(raw)
    if size > limit:
        raise TooLarge(
            f"the request body is {size:,} bytes; at most {limit:,} are accepted", {"body": "too large"}
        )


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when arrays/objects nest deeper than `limit`, found without parsing (strings skipped)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for bracket in _BRACKET.finditer(_JSON_STRING.sub('""', text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def parse_json_body(raw: str | bytes | None, limit: int = MAX_JSON_BODY) -> Any:
    """The decoded JSON body (None when empty), or a one-line InvalidInput/TooLarge."""
    check_body_size(raw, limit)
    if not raw:
        return None
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise InvalidInput("the body is not UTF-8 text", {"body": "invalid encoding"}) from exc
    if json_depth_exceeds(text):
        raise InvalidInput(
            f"the body nests deeper than {MAX_JSON_DEPTH} levels", {"body": "nested too deeply"}
        )
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        # ValueError covers bad syntax and integers over Python's 4,300-digit limit.
        raise InvalidInput("the body is not valid JSON", {"body": "invalid JSON"}) from exc
