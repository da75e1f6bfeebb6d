"""The local API server's access log never shows a vendor's portal token."""

from __future__ import annotations

from coi_cli.local.stack import redact_portal_tokens


def test_portal_tokens_are_redacted_from_access_log_lines():
    line = '"POST /api/portal/4f6PY5OBmbKzu3ezC4V0t-wJelECO5gTsF9R0AEhE9w/uploads HTTP/1.1" 201 -'
    page = '"GET /portal/nhUARJlWKtPtGAaYaL-CZXQogU3mAWyFkLg_Cstfrkw?x=1 HTTP/1.1" 200 -'

    assert redact_portal_tokens(line) == '"POST /api/portal/<token>/uploads HTTP/1.1" 201 -'
    assert redact_portal_tokens(page) == '"GET /portal/<token>?x=1 HTTP/1.1" 200 -'
    assert redact_portal_tokens('"GET /api/projects HTTP/1.1" 200 -') == '"GET /api/projects HTTP/1.1" 200 -'
