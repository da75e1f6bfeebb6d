"""Offline SAM -> CloudFormation translation of `infra/template.yaml`.

Used by the infra tests (lint the translated form) and by the local stack (provision what the
template declares). aws-sam-translator needs only a region and a managed-policy map; both are
supplied here so no AWS call is ever made.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import boto3
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "infra" / "template.yaml"
LOCAL_REGION = "us-east-1"

# The AWS managed policies SAM attaches by itself (execution role basics, X-Ray, SQS polling).
# Their ARNs are fixed and public, so the translator needs no IAM ListPolicies call.
_MANAGED_POLICIES = {
    name: f"arn:aws:iam::aws:policy/{path}{name}"
    for name, path in (
        ("AWSLambdaBasicExecutionRole", "service-role/"),
        ("AWSXrayWriteOnlyAccess", ""),
        ("AWSXRayDaemonWriteAccess", ""),
        ("AWSLambdaSQSQueueExecutionRole", "service-role/"),
        ("AWSLambdaDynamoDBExecutionRole", "service-role/"),
        ("AWSLambdaRole", "service-role/"),
    )
}


def load_sam_template(path: Path = TEMPLATE_PATH) -> dict[str, Any]:
    """The SAM template as a dict, CloudFormation short-form tags (!Ref, !Sub...) expanded."""
    parsed: dict[str, Any] = yaml_parse(path.read_text())
    return parsed


def translate(
    sam_template: dict[str, Any],
    parameter_values: dict[str, Any] | None = None,
    region: str = LOCAL_REGION,
) -> dict[str, Any]:
    """The CloudFormation template SAM's transform would produce, computed offline."""
    translator = Translator(
        _MANAGED_POLICIES,
        Parser(),
        boto_session=boto3.session.Session(region_name=region),
    )
    params = {"AWS::Region": region, "AWS::Partition": "aws", **(parameter_values or {})}
    translated: dict[str, Any] = translator.translate(
        _as_packaged(sam_template),
        parameter_values=params,
        get_managed_policy_map=lambda: _MANAGED_POLICIES,
    )
    return translated


def _include_chalice_swagger(node: Any) -> Any:
    """What CloudFormation does with `AWS::Include` of the built Chalice swagger: inline it."""
    if isinstance(node, dict):
        transform = node.get("Fn::Transform")
        if isinstance(transform, dict) and transform.get("Name") == "AWS::Include":
            location = str(transform.get("Parameters", {}).get("Location", ""))
            if location.endswith("chalice/swagger.json"):
                from coi_cli.local.chalice_api import api_swagger

                return api_swagger()
        return {key: _include_chalice_swagger(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_include_chalice_swagger(value) for value in node]
    return node


def _as_packaged(sam_template: dict[str, Any]) -> dict[str, Any]:
    """What `sam package` and CloudFormation do before the SAM transform: local CodeUri folders
    become S3 locations and the included Chalice swagger is inlined."""
    packaged: dict[str, Any] = _include_chalice_swagger(copy.deepcopy(sam_template))
    function_sections = [packaged.get("Globals", {}).get("Function", {})]
    function_sections += [
        r.get("Properties", {})
        for r in packaged.get("Resources", {}).values()
        if r.get("Type") == "AWS::Serverless::Function"
    ]
    for section in function_sections:
        code_uri = section.get("CodeUri")
        if isinstance(code_uri, str) and not code_uri.startswith("s3://"):
            section["CodeUri"] = f"s3://offline-artifacts/{code_uri.strip('/')}.zip"
    return packaged


@cache
def translated_template() -> dict[str, Any]:
    """The project's template, translated once per process."""
    return translate(load_sam_template())
