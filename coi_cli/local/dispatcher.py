"""Delivers queue messages and schedules to the Lambda handlers the template names, the way
Lambda does: SQS event batches in, `batchItemFailures` honoured (succeeded messages deleted, failed
ones left for retry and, after the queue's maxReceiveCount, redriven to its dead-letter queue by
the emulator), and EventBridge "Scheduled Event"s once per local day.

Wiring comes from the translated template (event source mappings and schedule rules), so the
local stack runs exactly the consumers a deployment would.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shared.clock import Clock

log = logging.getLogger("coi.local.dispatcher")

ACCOUNT = "000000000000"
REGION = "us-east-1"
Handler = Callable[[dict[str, Any], Any], Any]


@dataclass(frozen=True)
class QueueSubscription:
    function: str  # logical id
    handler: str  # dotted path, e.g. services.intake.handlers.upload.handler
    queue: str  # logical id
    batch_size: int
    timeout: int


@dataclass(frozen=True)
class Schedule:
    rule: str  # logical id
    function: str
    handler: str
    expression: str
    timeout: int


@dataclass(frozen=True)
class Wiring:
    subscriptions: list[QueueSubscription]
    schedules: list[Schedule]


def _target(value: Any) -> str:
    if isinstance(value, dict) and "Ref" in value:
        return str(value["Ref"])
    attr = value["Fn::GetAtt"]
    return str(attr[0] if isinstance(attr, list) else attr.split(".")[0])


def wiring_from(translated: dict[str, Any]) -> Wiring:
    resources = translated["Resources"]
    functions = {n: r["Properties"] for n, r in resources.items() if r["Type"] == "AWS::Lambda::Function"}
    subscriptions = []
    schedules = []
    for name, resource in resources.items():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::Lambda::EventSourceMapping":
            function = _target(props["FunctionName"])
            subscriptions.append(
                QueueSubscription(
                    function=function,
                    handler=functions[function]["Handler"],
                    queue=_target(props["EventSourceArn"]),
                    batch_size=int(props.get("BatchSize", 10)),
                    timeout=int(functions[function].get("Timeout", 3)),
                )
            )
        elif resource["Type"] == "AWS::Events::Rule" and "ScheduleExpression" in props:
            for target in props.get("Targets", []):
                function = _target(target["Arn"])
                schedules.append(
                    Schedule(
                        rule=name,
                        function=function,
                        handler=functions[function]["Handler"],
                        expression=str(props["ScheduleExpression"]),
                        timeout=int(functions[function].get("Timeout", 3)),
                    )
                )
    return Wiring(subscriptions, schedules)


@dataclass
class LocalLambdaContext:
    """What Powertools reads from the Lambda context object."""

    function_name: str
    timeout_seconds: int
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    _started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return "local"

    def get_remaining_time_in_millis(self) -> int:
        elapsed = time.monotonic() - self._started
        return max(int((self.timeout_seconds - elapsed) * 1000), 0)


def resolve_handler(dotted: str) -> Handler:
    module_name, _, attribute = dotted.rpartition(".")
    handler: Handler = getattr(importlib.import_module(module_name), attribute)
    return handler


def sqs_record(message: dict[str, Any], queue_arn: str) -> dict[str, Any]:
    """An SQS message as Lambda's event source mapping delivers it."""
    attributes = {
        "ApproximateReceiveCount": "1",
        "SentTimestamp": str(int(time.time() * 1000)),
        "SenderId": ACCOUNT,
        "ApproximateFirstReceiveTimestamp": str(int(time.time() * 1000)),
        **message.get("Attributes", {}),
    }
    message_attributes = {
        name: {
            "stringValue": value.get("StringValue"),
            "binaryValue": value.get("BinaryValue"),
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": value.get("DataType", "String"),
        }
        for name, value in message.get("MessageAttributes", {}).items()
    }
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": attributes,
        "messageAttributes": message_attributes,
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": REGION,
    }


def scheduled_event(rule_arn: str, at_iso: str) -> dict[str, Any]:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT,
        "time": at_iso,
        "region": REGION,
        "resources": [rule_arn],
        "detail": {},
    }


def failures_path(schedule_state: Path) -> Path:
    """Where the last failure of each schedule is kept (what `coi local advance` reports)."""
    return schedule_state.with_name("schedule-failures.json")


def failed_message_ids(response: Any, batch: list[dict[str, Any]]) -> set[str]:
    """Lambda's rules: a malformed or missing report fails the whole batch; an empty one fails none."""
    if response is None:
        return set()
    if not isinstance(response, dict) or not isinstance(response.get("batchItemFailures", []), list):
        return {m["messageId"] for m in batch}
    failed = {str(f.get("itemIdentifier")) for f in response.get("batchItemFailures", [])}
    if not failed <= {m["messageId"] for m in batch}:
        return {m["messageId"] for m in batch}
    return failed


@dataclass
class Dispatcher:
    sqs: Any
    queue_urls: dict[str, str]  # logical id -> URL
    wiring: Wiring
    clock: Clock
    schedule_state: Path  # var/local/schedules.json: last local date each schedule fired
    retry_delay_seconds: int = 5  # locally a failed message comes back after this, not the full timeout
    poll_wait_seconds: int = 1
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _busy: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        for subscription in self.wiring.subscriptions:
            self._spawn(f"poll-{subscription.queue}", self._poll_forever, subscription)
        if self.wiring.schedules:
            self._spawn("schedules", self._schedules_forever)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)

    @property
    def idle(self) -> bool:
        with self._lock:
            return self._busy == 0

    def _spawn(self, name: str, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    # -- queues ------------------------------------------------------------------------------

    def _poll_forever(self, subscription: QueueSubscription) -> None:
        url = self.queue_urls[subscription.queue]
        arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{url.rsplit('/', 1)[-1]}"
        handler: Handler | None = None
        while not self._stop.is_set():
            if handler is None:
                try:
                    handler = resolve_handler(subscription.handler)
                except (ImportError, AttributeError) as exc:
                    log.warning(
                        "%s: handler %s not importable (%s); retrying",
                        subscription.function,
                        subscription.handler,
                        exc,
                    )
                    self._stop.wait(10)
                    continue
            try:
                self.poll_once(subscription, handler, url, arn)
            except Exception:  # the poller must outlive any emulator hiccup
                log.exception("%s: polling %s failed", subscription.function, subscription.queue)
                self._stop.wait(1)

    def poll_once(self, subscription: QueueSubscription, handler: Handler, url: str, arn: str) -> int:
        response = self.sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=min(subscription.batch_size, 10),
            WaitTimeSeconds=self.poll_wait_seconds,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        messages = response.get("Messages", [])
        if not messages:
            return 0
        batch = [sqs_record(m, arn) for m in messages]
        with self._lock:
            self._busy += 1
        try:
            context = LocalLambdaContext(subscription.function, subscription.timeout)
            try:
                result = handler({"Records": batch}, context)
                failed = failed_message_ids(result, batch)
            except Exception:
                log.exception("%s failed on a batch of %d", subscription.function, len(batch))
                failed = {m["messageId"] for m in batch}
            succeeded = [m for m in batch if m["messageId"] not in failed]
            for start in range(0, len(succeeded), 10):
                self.sqs.delete_message_batch(
                    QueueUrl=url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": m["receiptHandle"]}
                        for i, m in enumerate(succeeded[start : start + 10])
                    ],
                )
            for message in batch:
                if message["messageId"] in failed:
                    log.warning(
                        "%s: message %s failed; it will be retried",
                        subscription.function,
                        message["messageId"],
                    )
                    with contextlib.suppress(Exception):
                        self.sqs.change_message_visibility(
                            QueueUrl=url,
                            ReceiptHandle=message["receiptHandle"],
                            VisibilityTimeout=self.retry_delay_seconds,
                        )
        finally:
            with self._lock:
                self._busy -= 1
        return len(batch)

    # -- schedules ---------------------------------------------------------------------------

    def _last_fired(self) -> dict[str, str]:
        try:
            state: dict[str, str] = json.loads(self.schedule_state.read_text())
            return state
        except (FileNotFoundError, ValueError):
            return {}

    def _record_fired(self, rule: str, day: date) -> None:
        state = self._last_fired()
        state[rule] = day.isoformat()
        self.schedule_state.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.schedule_state.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=1))
        tmp.replace(self.schedule_state)

    @property
    def failure_state(self) -> Path:
        return failures_path(self.schedule_state)

    def _record_failure(self, rule: str, day: date, error: str | None) -> None:
        try:
            failures: dict[str, Any] = json.loads(self.failure_state.read_text())
        except (FileNotFoundError, ValueError):
            failures = {}
        if error is None:
            failures.pop(rule, None)
        else:
            failures[rule] = {"date": day.isoformat(), "error": error}
        self.failure_state.parent.mkdir(parents=True, exist_ok=True)
        self.failure_state.write_text(json.dumps(failures, indent=1))

    def _schedules_forever(self) -> None:
        today = self.clock.today()
        for schedule in self.wiring.schedules:
            if schedule.rule not in self._last_fired():
                # A fresh stack starts counting today; the first run is tomorrow (or on `advance`).
                self._record_fired(schedule.rule, today)
        while not self._stop.is_set():
            self.fire_due_schedules()
            self._stop.wait(1)

    def fire_due_schedules(self) -> list[str]:
        """Fire every schedule whose last run is before the local clock's date (daily schedules)."""
        fired = []
        today = self.clock.today()
        for schedule in self.wiring.schedules:
            last = self._last_fired().get(schedule.rule)
            if last is not None and date.fromisoformat(last) >= today:
                continue
            rule_arn = f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{schedule.rule}"
            error = None
            try:
                handler = resolve_handler(schedule.handler)
                handler(
                    scheduled_event(rule_arn, self.clock.now().isoformat()),
                    LocalLambdaContext(schedule.function, schedule.timeout),
                )
                log.info("%s ran for %s", schedule.function, today)
            except Exception as exc:
                log.exception("%s failed for %s", schedule.function, today)
                error = f"{type(exc).__name__}: {exc}"[:300]
            self._record_failure(schedule.rule, today, error)
            self._record_fired(schedule.rule, today)
            fired.append(schedule.rule)
        return fired
