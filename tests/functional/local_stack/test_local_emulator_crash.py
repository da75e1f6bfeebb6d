"""The emulator survives crashes: state snapshotted every second, messages a dead consumer held
released at start, leftovers of a crashed run found by `coi local down`, and an emulator whose
`coi local up` was killed stops by itself, saving its state. Real ministack child processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest
from typer.testing import CliRunner

from coi_cli.local import emulator, pidfile
from coi_cli.local.emulator import LOCAL_CREDENTIALS, MinistackProcess
from coi_cli.local.process import free_port
from coi_cli.local_cmd import local_app

REPO = Path(__file__).resolve().parents[3]


def _wait_until(check, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _client(service: str, endpoint: str):  # type: ignore[no-untyped-def]
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=LOCAL_CREDENTIALS["AWS_REGION"],
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path.resolve() / "ministack"


@pytest.fixture
def running(state_dir: Path) -> Iterator[MinistackProcess]:
    process = MinistackProcess(free_port(), state_dir, state_dir.parent / "ministack.log")
    process.start(timeout=60)
    try:
        yield process
    finally:
        process.stop()


def _snapshot_time(state_dir: Path) -> float:
    marker = state_dir / "state" / "coi-run.json"
    return float(json.loads(marker.read_text())["at"]) if marker.exists() else 0.0


def _settled_snapshot(state_dir: Path, since: float) -> float:
    """The time of the snapshot that holds everything changed after `since`: one taken after
    it, and no other following within two intervals (a change applied while a snapshot was being
    taken is written by the next one)."""
    _wait_until(lambda: _snapshot_time(state_dir) > since, 10, "a snapshot")
    while True:
        seen = _snapshot_time(state_dir)
        time.sleep(2.0)
        if _snapshot_time(state_dir) == seen:
            return seen


def test_a_kill_9_loses_nothing_a_second_old_and_frees_the_messages_in_flight(state_dir, running):
    before_changes = time.time()
    # GIVEN a queue whose three messages a consumer received (hidden for 720 s), a table item
    # and a captured email
    sqs, ddb, ses = (_client(s, running.endpoint) for s in ("sqs", "dynamodb", "ses"))
    queue = sqs.create_queue(QueueName="intake", Attributes={"VisibilityTimeout": "720"})["QueueUrl"]
    for n in range(3):
        sqs.send_message(QueueUrl=queue, MessageBody=f"upload {n}")
    assert len(sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]) == 3
    ddb.create_table(
        TableName="workspace",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    ddb.put_item(TableName="workspace", Item={"pk": {"S": "contract-1"}})
    ses.verify_email_identity(EmailAddress="compliance@coi.local")
    ses.send_email(
        Source="compliance@coi.local",
        Destination={"ToAddresses": ["vendor@example.com"]},
        Message={"Subject": {"Data": "Certificate needed"}, "Body": {"Text": {"Data": "Please upload."}}},
    )

    # WHEN the periodic snapshots have caught up and then the emulator is killed outright
    _settled_snapshot(state_dir, before_changes)
    assert running.pid is not None
    os.kill(running.pid, signal.SIGKILL)
    assert running.process is not None
    running.process.wait()
    assert emulator.unclean_since(state_dir) is not None

    # THEN a new emulator on the same state has the item, the email and the queue, and the three
    # messages are deliverable at once instead of after 720 s
    again = MinistackProcess(running.port, state_dir, state_dir.parent / "ministack.log")
    again.start(timeout=60)
    try:
        assert ddb.get_item(TableName="workspace", Key={"pk": {"S": "contract-1"}}).get("Item")
        redelivered = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=2)
        assert sorted(m["Body"] for m in redelivered["Messages"]) == ["upload 0", "upload 1", "upload 2"]
        assert "Certificate needed" in _captured_emails(again.endpoint)
    finally:
        again.stop()
    # AND a graceful stop marks the run clean
    assert emulator.unclean_since(state_dir) is None


def _captured_emails(endpoint: str) -> str:
    return httpx.get(f"{endpoint}/_ministack/ses/messages", timeout=5).text


def test_an_idle_emulator_writes_no_snapshots(state_dir, running):
    # GIVEN an emulator that has taken its snapshot after a change
    sqs = _client("sqs", running.endpoint)
    before_change = time.time()
    queue = sqs.create_queue(QueueName="idle")["QueueUrl"]
    settled = _settled_snapshot(state_dir, before_change)

    # WHEN only reads and empty polls reach it for a while
    for _ in range(5):
        sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=0)
        sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])
    time.sleep(2.5)

    # THEN no new snapshot was written
    assert _snapshot_time(state_dir) == settled


def test_down_stops_an_emulator_a_crashed_run_left_behind(state_dir, running):
    # GIVEN an emulator whose `coi local up` is gone (its pid file is all that is left)
    record = emulator.leftover(state_dir)
    assert record is not None
    assert record.pid == running.pid

    # WHEN `coi local down` runs on that state directory
    result = CliRunner().invoke(local_app, ["down", "--state-dir", str(state_dir.parent)])

    # THEN it found and stopped it gracefully
    assert result.exit_code == 0, result.output
    assert f"stopped the emulator a crashed run left behind (pid {running.pid})" in result.output
    assert not record.running()
    assert emulator.unclean_since(state_dir) is None
    assert emulator.leftover(state_dir) is None


def test_a_pid_file_naming_another_process_is_ignored(state_dir):
    # GIVEN a pid file left by a crash whose pid now belongs to an unrelated process (this one)
    pidfile.write(state_dir / emulator.PID_FILE, os.getpid(), emulator.emulator_marker(state_dir))

    # THEN nothing is taken for a leftover emulator, and `down` stops nothing
    assert emulator.leftover(state_dir) is None
    result = CliRunner().invoke(local_app, ["down", "--state-dir", str(state_dir.parent)])
    assert "no local stack is running" in result.output


def test_an_emulator_stops_and_saves_when_its_parent_is_killed(state_dir):
    # GIVEN a parent process (standing in for `coi local up`) that started an emulator
    parent_code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from coi_cli.local.emulator import MinistackProcess
        process = MinistackProcess({free_port()}, Path({str(state_dir)!r}), Path({str(state_dir)!r}) / "log")
        process.start(timeout=60)
        print(process.pid, flush=True)
        time.sleep(600)
        """
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        record = pidfile.ProcessRecord(child, pidfile.start_ticks(child), emulator.EMULATOR_MODULE)
        assert record.running()

        # WHEN the parent is killed outright
        parent.kill()
        parent.wait()

        # THEN the emulator stops by itself, gracefully (its state saved, the run marked clean)
        _wait_until(lambda: not record.running(), 30, "the orphaned emulator to stop")
        assert emulator.unclean_since(state_dir) is None
    finally:
        if parent.poll() is None:
            parent.kill()
