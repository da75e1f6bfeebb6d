"""Everything specific to the emulator (ministack) lives here, so its gaps are fixed in one place.

- `MinistackProcess`: the child process bound to 127.0.0.1 with persistence under `var/`.
- `local_cloudformation`: the translated template minus what the local stack runs itself
  (Lambda functions, event source mappings and schedule targets -> the dispatcher; API Gateway ->
  the local HTTP server; IAM, log groups, Cognito, SES configuration sets -> not needed locally;
  the bucket's deny-insecure-transport policy -> the local endpoint is plain HTTP).
- `provision`: create the stack once, update it when the template changed, idempotently.

Gaps found in ministack 1.5.33 and handled here: CloudFormation ignores a table's
TimeToLiveSpecification (`apply_table_ttl`); SES refuses unverified senders as AWS does, with no
console to verify in (`verify_sender`); the IoT MQTT/TLS listener binds 0.0.0.0:8883 unless
disabled (`MinistackProcess`); scheduled rules cannot follow the local offset clock and Lambda
workers run under ministack's interpreter, so both are the dispatcher's job; Textract does not
exist (the local stack reads with Tesseract).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

STACK_NAME = "coi-local"
LOCAL_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}

# Resource types the emulator is asked to create; everything else is run or replaced locally.
PROVISIONED_TYPES = {
    "AWS::S3::Bucket",
    "AWS::DynamoDB::Table",
    "AWS::SQS::Queue",
    "AWS::SQS::QueuePolicy",
    "AWS::Events::EventBus",
    "AWS::Events::Rule",
    "AWS::SNS::Topic",
    "AWS::SNS::Subscription",
}


EMULATED_SERVICES = (
    "cloudformation", "s3", "sqs", "sns", "dynamodb", "dynamodbstreams",
    "events", "ses", "sts", "iam", "logs",
)  # fmt: skip


class EmulatorError(RuntimeError):
    pass


def _is_schedule_for_a_function(resource: dict[str, Any]) -> bool:
    props = resource.get("Properties", {})
    return resource["Type"] == "AWS::Events::Rule" and "ScheduleExpression" in props


def _references(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        if "Ref" in value:
            found.add(str(value["Ref"]))
        if "Fn::GetAtt" in value:
            attr = value["Fn::GetAtt"]
            found.add(str(attr[0] if isinstance(attr, list) else attr.split(".")[0]))
        if "Fn::Sub" in value:
            template = value["Fn::Sub"][0] if isinstance(value["Fn::Sub"], list) else value["Fn::Sub"]
            found.update(part.split("}")[0].split(".")[0] for part in str(template).split("${")[1:])
        for inner in value.values():
            found |= _references(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= _references(inner)
    return found


def local_cloudformation(translated: dict[str, Any]) -> dict[str, Any]:
    """The part of the translated template the emulator provisions."""
    template = copy.deepcopy(translated)
    kept = {
        name: resource
        for name, resource in template["Resources"].items()
        if resource["Type"] in PROVISIONED_TYPES and not _is_schedule_for_a_function(resource)
    }
    for name, resource in kept.items():
        depends = resource.get("DependsOn")
        if isinstance(depends, list):
            resource["DependsOn"] = [d for d in depends if d in kept]
        elif isinstance(depends, str) and depends not in kept:
            resource.pop("DependsOn")
        dangling = _references(resource) - set(kept) - set(template.get("Parameters", {}))
        dangling = {d for d in dangling if not d.startswith("AWS::")}
        if dangling:
            raise EmulatorError(
                f"{name} refers to resources the local stack does not create: {sorted(dangling)}"
            )
    template["Resources"] = kept
    template["Outputs"] = {
        name: output
        for name, output in template.get("Outputs", {}).items()
        if not (
            _references(output)
            - set(kept)
            - set(template.get("Parameters", {}))
            - {"AWS::Region", "AWS::URLSuffix"}
        )
    }
    return template


@dataclass
class MinistackProcess:
    """ministack as a child process, run with this interpreter so it shares the project's packages."""

    port: int
    state_dir: Path
    log_path: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        self.launch()
        self.wait_healthy(timeout)

    def launch(self) -> None:
        """Start the process without waiting for it (the caller has other work meanwhile)."""
        (self.state_dir / "state").mkdir(parents=True, exist_ok=True)
        (self.state_dir / "s3").mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "BIND_HOST": "127.0.0.1",
            "GATEWAY_PORT": str(self.port),
            "PERSIST_STATE": "1",
            "STATE_DIR": str(self.state_dir / "state"),
            "S3_PERSIST": "1",
            "S3_DATA_DIR": str(self.state_dir / "s3"),
            "LOG_LEVEL": "WARNING",
            # Only what the template and the handlers use: faster start, less memory, and no
            # extra listeners (the IoT MQTT/TLS one binds 0.0.0.0:8883 by default).
            "SERVICES": ",".join(EMULATED_SERVICES),
            "IOT_MTLS_ENABLED": "0",
            "SFTP_ENABLED": "0",
        }
        env.pop("AWS_ENDPOINT_URL", None)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "ministack"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own session: Ctrl-C reaches only `coi local up`, which stops the dispatcher
                # first and then this process, in that order.
                start_new_session=True,
            )

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise EmulatorError(f"ministack exited with {self.process.returncode}; see {self.log_path}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.endpoint}/_ministack/health", timeout=1.0).status_code == 200:
                    return
            time.sleep(0.1)
        raise EmulatorError(f"ministack did not become healthy within {timeout:.0f} s; see {self.log_path}")

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM and wait: ministack writes DynamoDB and SQS state only on a graceful shutdown."""
        stop_gracefully(self.process, timeout)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None


def stop_gracefully(process: subprocess.Popen[bytes] | None, timeout: float) -> None:
    """SIGTERM, then wait up to `timeout` seconds for the process to write its state and exit;
    kill it only if it does not."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def verify_sender(ses: Any, sender_email: str, identity: str) -> None:
    """In AWS the SES identity is verified once by hand (infra/README.md); the emulator enforces
    verification too and accepts a verification request as done."""
    ses.verify_domain_identity(Domain=identity)
    ses.verify_email_identity(EmailAddress=sender_email)


def apply_table_ttl(dynamodb: Any, template: dict[str, Any], physical: dict[str, str]) -> None:
    """ministack's CloudFormation creates tables without their TTL setting; apply it directly."""
    for name, resource in template["Resources"].items():
        ttl = resource.get("Properties", {}).get("TimeToLiveSpecification")
        if resource["Type"] != "AWS::DynamoDB::Table" or not ttl or name not in physical:
            continue
        current = dynamodb.describe_time_to_live(TableName=physical[name])["TimeToLiveDescription"]
        if current.get("TimeToLiveStatus") in {"ENABLED", "ENABLING"}:
            continue
        dynamodb.update_time_to_live(
            TableName=physical[name],
            TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": bool(ttl["Enabled"])},
        )


def _template_digest(template: dict[str, Any], parameters: dict[str, str]) -> str:
    blob = json.dumps({"t": template, "p": parameters}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def provision(cloudformation: Any, template: dict[str, Any], parameters: dict[str, str]) -> dict[str, str]:
    """Create or update the local stack; returns logical id -> physical id.

    Idempotent: a restarted emulator keeps its stack, so an unchanged template is left alone.
    """
    digest = _template_digest(template, parameters)
    body = json.dumps(template, default=str)
    cfn_parameters = [{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()]
    tags = [{"Key": "coi:template-digest", "Value": digest}]
    existing = _describe(cloudformation)
    if existing is None:
        cloudformation.create_stack(
            StackName=STACK_NAME, TemplateBody=body, Parameters=cfn_parameters, Tags=tags
        )
    elif {t["Key"]: t["Value"] for t in existing.get("Tags", [])}.get("coi:template-digest") != digest:
        try:
            cloudformation.update_stack(
                StackName=STACK_NAME, TemplateBody=body, Parameters=cfn_parameters, Tags=tags
            )
        except cloudformation.exceptions.ClientError as exc:
            if "No updates" not in str(exc):
                raise
    status = _wait_for_stack(cloudformation)
    if not status.endswith("_COMPLETE") or "ROLLBACK" in status:
        reasons = [
            f"{e['LogicalResourceId']}: {e.get('ResourceStatusReason')}"
            for e in cloudformation.describe_stack_events(StackName=STACK_NAME)["StackEvents"]
            if e.get("ResourceStatus", "").endswith("FAILED")
        ]
        raise EmulatorError(f"local stack ended {status}: {'; '.join(reasons[:5])}")
    resources = cloudformation.describe_stack_resources(StackName=STACK_NAME)["StackResources"]
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in resources}


def _describe(cloudformation: Any) -> dict[str, Any] | None:
    try:
        stacks = cloudformation.describe_stacks(StackName=STACK_NAME)["Stacks"]
    except cloudformation.exceptions.ClientError:
        return None
    live = [s for s in stacks if s["StackStatus"] != "DELETE_COMPLETE"]
    return live[0] if live else None


def _wait_for_stack(cloudformation: Any, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        stack = _describe(cloudformation)
        status = stack["StackStatus"] if stack else "MISSING"
        if not status.endswith("_IN_PROGRESS") or time.monotonic() > deadline:
            return status
        time.sleep(0.2)
