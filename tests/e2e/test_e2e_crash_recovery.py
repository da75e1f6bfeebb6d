"""The whole local stack killed outright (`kill -9` of `coi local up` and of its emulator) with
uploads in flight, then started again on the same state: every upload is reviewed exactly once,
nobody gets an e-mail twice, and nothing waits for the intake queue's 720 s visibility timeout."""

from __future__ import annotations

import collections
import os
import signal
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from coi_cli.local import pidfile
from coi_cli.local.process import LocalStackProcess
from coi_cli.local.seed import upload_through_portal
from tests.fixtures.certgen import generate

pytestmark = pytest.mark.e2e

# Well under the intake queue's visibility timeout (720 s): recovery must not wait for it.
RECOVERY_TIMEOUT_S = 150


def _wait_for(check: Any, timeout: float, what: str, on_timeout: Any = None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}\n{on_timeout() if on_timeout else ''}")


def _mailbox(aws: str) -> list[dict[str, Any]]:
    messages = httpx.get(f"{aws}/_ministack/ses/messages", timeout=10).json()["messages"]
    if isinstance(messages, dict):  # grouped by account id
        return [m for per_account in messages.values() for m in per_account]
    return list(messages)


def _kill_outright(stack: LocalStackProcess) -> None:
    """SIGKILL the emulator first (so it cannot save on its parent's death), then `coi local up`."""
    emulator = pidfile.ProcessRecord(
        int(stack.endpoints["ministack_pid"]), pidfile.start_ticks(int(stack.endpoints["ministack_pid"])), ""
    )
    os.kill(emulator.pid, signal.SIGKILL)
    os.kill(int(stack.endpoints["pid"]), signal.SIGKILL)
    assert stack.process is not None
    stack.process.wait()
    _wait_for(lambda: not emulator.running(), 10, "the emulator to be gone")


def _decided(client: httpx.Client, api: str, token: str, document_id: str) -> bool:
    response = client.get(f"{api}/api/portal/{token}/documents/{document_id}")
    return response.status_code == 200 and response.json().get("status") != "processing"


def test_a_kill_9_of_the_whole_stack_with_uploads_in_flight_loses_nothing(tmp_path: Path) -> None:
    stack = LocalStackProcess(tmp_path / "state")
    stack.start(seed_demo=True)
    try:
        contracts = stack.endpoints["demo"]["contracts"]
        uploads = [(c["portal_token"], c["document_id"]) for c in contracts if "document_id" in c]
        # GIVEN a new certificate uploaded to every demo contract, the last one a moment ago
        with httpx.Client(timeout=30) as client:
            for index, contract in enumerate(contracts):
                document = generate(3100 + index, "flattened")
                document_id = upload_through_portal(stack.api, contract["portal_token"], document, client)
                uploads.append((contract["portal_token"], document_id))

        # WHEN both processes are killed outright while those uploads are being read and reviewed
        _kill_outright(stack)

        # AND `coi local up` starts again on the same state
        stack.start(seed_demo=True)

        with httpx.Client(timeout=30) as client:
            # THEN every upload gets its decision, without waiting out a visibility timeout
            for token, document_id in uploads:
                _wait_for(
                    lambda t=token, d=document_id: _decided(client, stack.api, t, d),
                    RECOVERY_TIMEOUT_S,
                    f"a decision on upload {document_id}",
                    stack.log_tail,
                )
            # AND each was checked exactly once
            admin = stack.endpoints["demo"]["login_email"]
            bearer = client.post(f"{stack.api}/api/auth/token", json={"email": admin}).json()["token"]
            for _, document_id in uploads:
                trail = client.get(
                    f"{stack.api}/api/audit",
                    params={"entity_type": "document", "entity_id": document_id, "limit": 100},
                    headers={"Authorization": f"Bearer {bearer}"},
                ).json()["items"]
                checks = [entry for entry in trail if entry["action"] == "document.checked"]
                assert len(checks) == 1, f"upload {document_id} was checked {len(checks)} times"

        # AND once the mail has settled, no one got the same e-mail twice
        def settled_mailbox() -> list[dict[str, Any]] | None:
            first = _mailbox(stack.aws)
            time.sleep(4)
            second = _mailbox(stack.aws)
            return second if len(second) == len(first) else None

        mailbox = _wait_for(settled_mailbox, RECOVERY_TIMEOUT_S, "the mail to settle")
        sent = collections.Counter(
            (tuple(m.get("To", [])), m.get("Subject"), m.get("BodyText")) for m in mailbox
        )
        twice = [(to, subject) for (to, subject, _), count in sent.items() if count > 1]
        assert not twice, f"sent more than once: {twice}"
        assert mailbox
    finally:
        stack.stop()
