"""`coi compare`: exit codes, output shapes, one-line errors; JSON pairs and a real generated PDF pair."""

from __future__ import annotations

import copy
import json
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from coi_cli.compare_cmd import compare
from tests.fixtures.certgen import _digital
from tests.fixtures.certgen.spec import make_spec

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rules"
PREVIOUS = FIXTURES / "certificate_compliant.json"
CARRIERS = FIXTURES / "carriers_sample.csv"


def _app() -> typer.Typer:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command("compare")(compare)

    @app.callback()
    def _root() -> None:
        """Only so that `compare` stays a named sub-command, as in coi_cli/main.py."""

    return app


def _run(*args: str | Path) -> Any:
    return CliRunner().invoke(_app(), ["compare", *map(str, args)])


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def _renewal(**gl_changes: Any) -> dict[str, Any]:
    current = json.loads(PREVIOUS.read_text())
    for policy in current["policies"]:
        policy["effective_date"], policy["expiration_date"] = "2027-01-01", "2028-01-01"
        if policy["coverage"] == "general_liability":
            policy.update(gl_changes)
    return current


def test_no_warning_exits_0_with_an_empty_list(tmp_path: Path) -> None:
    result = _run(PREVIOUS, _write(tmp_path, "current.json", _renewal()), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"schema": "coi.changes/1", "changes": []}


def test_a_warning_exits_1(tmp_path: Path) -> None:
    current = _write(tmp_path, "current.json", _renewal(aggregate_applies_per="policy"))
    result = _run(PREVIOUS, current, "--carriers", CARRIERS, "--json")
    assert result.exit_code == 1
    (change,) = json.loads(result.stdout)["changes"]
    assert change["code"] == "AGGREGATE_BASIS_WIDER"
    assert change["severity"] == "warning"
    assert (change["previous"], change["current"]) == ("project", "policy")


def test_only_info_changes_exit_0(tmp_path: Path) -> None:
    current = _renewal()
    current["insurers"][1] = {"letter": "B", "name": "Pinecrest Insurance Co", "naic": "90999"}
    result = _run(PREVIOUS, _write(tmp_path, "current.json", current), "--json")
    assert result.exit_code == 0
    assert [c["code"] for c in json.loads(result.stdout)["changes"]] == ["CARRIER_CHANGED"]


def test_human_output_lists_the_messages(tmp_path: Path) -> None:
    current = _write(tmp_path, "current.json", _renewal(claims_made=True))
    result = _run(PREVIOUS, current)
    assert result.exit_code == 1
    assert "1 WARNING" in result.stdout
    assert "the new one is claims-made" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (lambda tmp: [PREVIOUS, tmp / "missing.json"], "file not found"),
        (lambda tmp: [PREVIOUS, _text(tmp, "bad.json", "{not json")], "is not valid JSON"),
        (lambda tmp: [_text(tmp, "req.json", '{"schema": "coi.requirements/1"}'), PREVIOUS], "is not a"),
        (lambda tmp: [PREVIOUS, PREVIOUS, "--carriers", _text(tmp, "c.csv", "a,b\n1,2\n")], "header"),
        (lambda tmp: [PREVIOUS, _text(tmp, "x.pdf", "%PDF-1.4 garbage")], "damaged"),
        (lambda tmp: [PREVIOUS, tmp], "is a directory"),
    ],
)
def test_bad_usage_exits_2_with_one_line(tmp_path: Path, make_args: Any, message: str) -> None:
    result = _run(*make_args(tmp_path))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert "Traceback" not in result.output


def _text(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_real_pdf_pair_is_read_and_compared(tmp_path: Path) -> None:
    """Two generated flattened ACORD 25 PDFs: the renewal halves the general liability occurrence limit."""
    seed = 4
    spec = make_spec(seed)
    spec.truth.policies = [p for p in spec.truth.policies if p.coverage != "other"]
    renewed = copy.deepcopy(spec)
    general = next(p for p in renewed.truth.policies if p.coverage == "general_liability")
    occurrence = general.limits["each_occurrence"]
    general.limits["each_occurrence"] = occurrence // 2
    for policy in renewed.truth.policies:
        if policy.effective_date and policy.expiration_date:
            policy.effective_date = policy.expiration_date
            policy.expiration_date = policy.expiration_date + timedelta(days=365)
    before = tmp_path / "before.pdf"
    after = tmp_path / "after.pdf"
    before.write_bytes(_digital(spec, random.Random(seed), fillable=False))
    after.write_bytes(_digital(renewed, random.Random(seed), fillable=False))

    same = _run(before, before, "--json")
    assert same.exit_code == 0, same.output
    assert json.loads(same.stdout)["changes"] == []

    result = _run(before, after, "--json")
    assert result.exit_code == 1, result.output
    reduced = [c for c in json.loads(result.stdout)["changes"] if c["code"] == "LIMIT_REDUCED"]
    assert [(c["coverage"], c["field"], c["previous"], c["current"]) for c in reduced] == [
        ("general_liability", "each_occurrence", occurrence, occurrence // 2)
    ]
