"""Upload -> extraction -> review -> notification, on the real local stack, over HTTP only."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

import httpx
import pytest

from coi_cli.local.seed import upload_through_portal
from tests.fixtures.certgen import generate

pytestmark = pytest.mark.e2e

PIPELINE_TIMEOUT_S = 90


def _wait_for(check: Any, timeout: float, what: str, on_timeout: Any = None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    detail = on_timeout() if on_timeout else ""
    raise AssertionError(f"timed out waiting for {what}\n{detail}")


def _captured_emails(aws: str) -> list[dict[str, Any]]:
    messages = httpx.get(f"{aws}/_ministack/ses/messages", timeout=5).json()["messages"]
    if isinstance(messages, dict):  # ministack groups them by account id
        return [m for per_account in messages.values() for m in per_account]
    return list(messages)


def _mentions(message: dict[str, Any], text: str) -> bool:
    return text.lower() in str(message).lower()


def _contract(local_stack: Any, vendor: str) -> dict[str, Any]:
    return next(c for c in local_stack.endpoints["demo"]["contracts"] if c["vendor"] == vendor)


def test_stack_serves_the_api_and_the_emulator(local_stack):
    assert httpx.get(f"{local_stack.api}/api/health", timeout=5).status_code == 200
    assert httpx.get(f"{local_stack.api}/", timeout=5).status_code in {200, 302, 303}
    assert httpx.get(f"{local_stack.aws}/_ministack/health", timeout=5).status_code == 200


def test_portal_upload_is_reviewed_and_an_email_is_captured(local_stack):
    # GIVEN the seeded contract that has no certificate yet, and its vendor portal link
    contract = _contract(local_stack, "Pacific Drywall Co")
    token = contract["portal_token"]
    emails_before = len(_captured_emails(local_stack.aws))
    document = generate(2026, "flattened")
    with httpx.Client(timeout=30) as client:
        page = client.get(contract["portal_link"])
        assert page.status_code == 200
        assert "text/html" in page.headers["content-type"]
        # WHEN the vendor uploads a certificate through the portal (presigned POST to S3)
        document_id = upload_through_portal(local_stack.api, token, document, client)

        # THEN the portal soon shows the reviewed document
        def reviewed() -> dict[str, Any] | None:
            response = client.get(f"{local_stack.api}/api/portal/{token}/documents/{document_id}")
            return response.json() if response.status_code == 200 else None

        status = _wait_for(reviewed, PIPELINE_TIMEOUT_S, "the review", local_stack.log_tail)
    assert status["document_id"] == document_id
    assert status["status"] != "processing"
    assert status["unreadable"] is False

    # AND the resulting correspondence is captured by the emulator's SES
    emails = _wait_for(
        lambda: [
            m for m in _captured_emails(local_stack.aws)[emails_before:] if _mentions(m, "Pacific Drywall")
        ],
        PIPELINE_TIMEOUT_S,
        "an email about the upload",
        local_stack.log_tail,
    )
    assert emails

    # AND the structured logs of every step carry the upload's correlation id (its document id);
    # notify logs "message sent" just after the email is handed over, so it is waited for.
    def services_logging_it() -> set[str]:
        return {
            line.get("service")
            for line in _json_log_lines(local_stack)
            if line.get("correlation_id") == document_id
        }

    _wait_for(
        lambda: {"intake", "review", "notify"} <= services_logging_it(),
        PIPELINE_TIMEOUT_S,
        "intake, review and notify logs with the upload's correlation id",
        lambda: sorted(services_logging_it()),
    )


def _json_log_lines(local_stack: Any) -> list[dict[str, Any]]:
    lines = []
    for raw in local_stack.log_path.read_text(errors="replace").splitlines():
        if raw.startswith("{"):
            try:
                lines.append(json.loads(raw))
            except ValueError:
                continue
    return lines


def test_presigned_post_refuses_files_larger_than_25_mb(local_stack):
    contract = _contract(local_stack, "Pacific Drywall Co")
    with httpx.Client(timeout=60) as client:
        ticket = client.post(
            f"{local_stack.api}/api/portal/{contract['portal_token']}/uploads",
            json={"content_type": "application/pdf", "filename": "big.pdf"},
        ).json()
        too_big = b"%PDF-1.7\n" + b"0" * (25 * 1024 * 1024)
        response = client.post(
            ticket["url"], data=ticket["fields"], files={"file": ("big.pdf", too_big, "application/pdf")}
        )
    assert response.status_code == 400


def test_everything_created_survives_a_restart(local_stack):
    # GIVEN a running stack with the demo account and one processed upload
    admin = local_stack.endpoints["demo"]["login_email"]
    contract = next(c for c in local_stack.endpoints["demo"]["contracts"] if "document_id" in c)
    with httpx.Client(timeout=30) as client:
        token = client.post(f"{local_stack.api}/api/auth/token", json={"email": admin}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        before = client.get(f"{local_stack.api}/api/projects", headers=headers)
        assert before.status_code == 200
        # WHEN the stack is stopped gracefully and started again on the same state
        local_stack.stop()
        local_stack.start()
        # THEN the same user, projects and vendor portal link are still there
        token = client.post(f"{local_stack.api}/api/auth/token", json={"email": admin}).json()["token"]
        after = client.get(f"{local_stack.api}/api/projects", headers={"Authorization": f"Bearer {token}"})
        portal = client.get(f"{local_stack.api}/api/portal/{contract['portal_token']}")
    assert after.status_code == 200
    assert after.json() == before.json()
    assert portal.status_code == 200
    assert portal.json()["vendor"] == contract["vendor"]


def _coi_local(local_stack: Any, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coi_cli.local_cmd", *args, "--state-dir", str(local_stack.state_dir)],
        capture_output=True,
        text=True,
        timeout=150,
        check=False,
    )


def test_token_command_signs_in_a_seeded_user(local_stack):
    admin = local_stack.endpoints["demo"]["login_email"]
    result = _coi_local(local_stack, "token", admin)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    me = httpx.get(f"{local_stack.api}/api/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert me.status_code == 200
    assert admin in me.text


def test_advance_moves_the_local_clock_and_runs_the_daily_sweep(local_stack):
    result = _coi_local(local_stack, "advance", "--days", "2")
    assert result.returncode == 0, result.stderr
    assert "daily schedules ran" in result.stdout
    clock = json.loads((local_stack.state_dir / "clock.json").read_text())
    assert clock["offset_days"] >= 2
