"""Everything specific to the emulator (ministack) lives here, so its gaps are fixed in one place.

- `MinistackProcess`: the child process bound to 127.0.0.1 with persistence under `var/`.
- `local_cloudformation`: the translated template minus what the local stack runs itself
  (Lambda functions, event source mappings and schedule targets -> the dispatcher; API Gateway ->
  the local HTTP server; IAM, log groups, Cognito, SES configuration sets -> not needed locally;
  the bucket's deny-insecure-transport policy -> the local endpoint is plain HTTP).
- `provision`: create the stack once, update it when the template changed, idempotently.

Crash safety (periodic consistent snapshots, in-flight messages released at start, the emulator
stopping with its parent) lives in `emulator_main`, the module the child process runs; finding
and stopping an emulator a crashed run left behind (`leftover`, `stop_leftover`) and re-announcing
uploads whose notification a crash lost (`replay_uploads_since`) live here.

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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import httpx

from coi_cli.local import pidfile
from coi_cli.local.emulator_main import RUN_FILE, SNAPSHOT_PATH

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


# What the emulator's command line contains (`python -m coi_cli.local.emulator_main`).
EMULATOR_MODULE = "coi_cli.local.emulator_main"
PID_FILE = "emulator.pid"
REPO_ROOT = Path(__file__).resolve().parents[2]


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

    @property
    def pid_file(self) -> Path:
        return self.state_dir / PID_FILE

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
            # Stops (gracefully, saving) when `coi local up` dies, even by kill -9.
            "COI_EMULATOR_PARENT_PID": str(os.getpid()),
        }
        env.pop("AWS_ENDPOINT_URL", None)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", EMULATOR_MODULE, "--state", str(self.state_dir)],
                cwd=REPO_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own session: Ctrl-C reaches only `coi local up`, which stops the dispatcher
                # first and then this process, in that order.
                start_new_session=True,
            )
        # So a later `coi local up` or `down` can find it if this process dies without stopping it.
        pidfile.write(self.pid_file, self.process.pid, emulator_marker(self.state_dir))

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
        self.pid_file.unlink(missing_ok=True)

    def snapshot(self) -> None:
        """Write the emulator's state to disk now (it also does so by itself every second)."""
        httpx.post(f"{self.endpoint}{SNAPSHOT_PATH}", timeout=60).raise_for_status()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None


def emulator_marker(state_dir: Path) -> str:
    """What the command line of this state directory's emulator contains."""
    return f"{EMULATOR_MODULE} --state {state_dir}"


def leftover(state_dir: Path) -> pidfile.ProcessRecord | None:
    """An emulator an earlier run on this state directory started and never stopped."""
    return pidfile.running(state_dir / PID_FILE, emulator_marker(state_dir))


def stop_leftover(state_dir: Path, timeout: float = 20.0) -> int | None:
    """Stop that emulator gracefully (it saves its state); returns its pid, None if there was none."""
    record = leftover(state_dir)
    if record is None:
        return None
    pidfile.terminate(record, timeout)
    (state_dir / PID_FILE).unlink(missing_ok=True)
    return record.pid


def unclean_since(state_dir: Path) -> float | None:
    """When the last run's last snapshot was taken, if that run did not stop gracefully."""
    try:
        run = json.loads((state_dir / "state" / RUN_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return None
    if not isinstance(run, dict) or run.get("clean"):
        return None
    at = run.get("at")
    return float(at) if isinstance(at, int | float) else None


def replay_uploads_since(s3: Any, sqs: Any, bucket: str, queue_url: str, since: float) -> int:
    """Announce again every upload stored after `since`, as S3 announced it the first time.

    S3 objects are on disk the moment they are stored; the notification S3 queued for one lives
    in the emulator's memory until its next snapshot. After a crash an upload may be stored with
    its notification lost, so it would never be read. Intake is idempotent per document and
    version, so announcing an upload that was already handled costs a re-read, nothing more.
    """
    replayed = 0
    cutoff = datetime.fromtimestamp(since, UTC)
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="uploads/"):
        for obj in page.get("Contents", []):
            if obj["LastModified"] < cutoff:
                continue
            record = {
                "eventVersion": "2.6",
                "eventSource": "aws:s3",
                "awsRegion": LOCAL_CREDENTIALS["AWS_REGION"],
                "eventTime": obj["LastModified"].isoformat(),
                "eventName": "ObjectCreated:Post",
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
                    "object": {
                        "key": quote_plus(obj["Key"], safe="/"),
                        "size": obj["Size"],
                        "eTag": obj["ETag"].strip('"'),
                    },
                },
            }
            sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps({"Records": [record]}))
            replayed += 1
    return replayed


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
