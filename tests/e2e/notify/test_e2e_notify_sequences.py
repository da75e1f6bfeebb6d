"""Correspondence on the real local stack: seeded contracts get their document request, and
`coi local advance --days 7` runs the daily sweep that sends the first reminder."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e


def _captured_emails(aws: str) -> list[dict[str, Any]]:
    messages = httpx.get(f"{aws}/_ministack/ses/messages", timeout=5).json()["messages"]
    if isinstance(messages, dict):  # grouped by account id
        return [m for per_account in messages.values() for m in per_account]
    return list(messages)


def _subjects(aws: str) -> list[str]:
    return [str(m.get("Subject") or m.get("subject") or "") for m in _captured_emails(aws)]


def _wait_for_subject(aws: str, fragment: str, timeout: float = 90) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [s for s in _subjects(aws) if fragment in s]
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"no email whose subject contains {fragment!r}; got {_subjects(aws)}")


def test_requests_then_a_reminder_after_a_week(local_stack: Any) -> None:
    # GIVEN the demo data: contracts without certificates in Active projects
    requests = _wait_for_subject(local_stack.aws, "needs your certificate of insurance")
    assert requests
    assert not [s for s in _subjects(local_stack.aws) if s.startswith("Reminder")]
    # WHEN a week passes on the local clock
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "coi_cli.local_cmd",
            "advance",
            "--days",
            "7",
            "--state-dir",
            str(local_stack.state_dir),
        ],
        capture_output=True,
        text=True,
        timeout=200,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # THEN the daily sweep sent a first reminder to a vendor that still has not uploaded
    assert _wait_for_subject(local_stack.aws, "Reminder 1: certificate of insurance still needed")
