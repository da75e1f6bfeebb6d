"""`coi local` commands without a running stack fail with one clear line, never a traceback."""

from __future__ import annotations

import socket

from typer.testing import CliRunner

from coi_cli.local_cmd import local_app

runner = CliRunner()


def test_down_without_a_running_stack_says_so(tmp_path):
    result = runner.invoke(local_app, ["down", "--state-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert "no local stack is running" in result.output


def test_advance_without_a_running_stack_is_refused_and_leaves_the_clock(tmp_path):
    result = runner.invoke(local_app, ["advance", "--days", "3", "--state-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "not running" in result.output
    assert not (tmp_path / "clock.json").exists()


def test_advance_rejects_a_non_positive_number_of_days(tmp_path):
    result = runner.invoke(local_app, ["advance", "--days", "0", "--state-dir", str(tmp_path)])
    assert result.exit_code == 2


def test_token_without_a_running_stack_is_refused(tmp_path):
    result = runner.invoke(local_app, ["token", "admin@example.com", "--state-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "not running" in result.output


def test_up_refuses_a_port_already_in_use(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(local_app, ["up", "--state-dir", str(tmp_path), "--port-api", str(port)])
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is in use" in result.output
    assert not (tmp_path / "stack.pid").exists()
