"""The build step lays out exactly what the template's functions need."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from coi_cli.local.sam import load_sam_template

REPO = Path(__file__).resolve().parents[2]


def _build_module():
    spec = importlib.util.spec_from_file_location("build_lambda", REPO / "scripts" / "build_lambda.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_lambda"] = module
    spec.loader.exec_module(module)
    return module


def test_build_holds_every_handler_module_and_only_runtime_requirements(tmp_path):
    # WHEN the Lambda code is laid out
    out = _build_module().build(tmp_path / "lambda")
    # THEN each handler's module file is inside CodeUri
    functions = [
        r for r in load_sam_template()["Resources"].values() if r["Type"] == "AWS::Serverless::Function"
    ]
    for function in functions:
        module_path = function["Properties"]["Handler"].rpartition(".")[0].replace(".", "/")
        assert (out / f"{module_path}.py").exists() or (out / module_path / "__init__.py").exists(), (
            module_path
        )
    # AND the requirements are the locked runtime ones, without test tooling
    requirements = (out / "requirements.txt").read_text().lower()
    assert "boto3==" in requirements
    assert "aws-lambda-powertools" in requirements
    for dev_only in ("pytest", "moto", "ministack", "cfn-lint"):
        assert f"\n{dev_only}==" not in f"\n{requirements}", dev_only
    assert not list(out.rglob("__pycache__"))
