"""Export now and Retry as requests: the console stores the export queued and publishes the
request; erp_export's request handler (through the SQS/EventBridge shape, on moto) writes it under
the same id and settles it done or failed; the console waits a bounded time and otherwise answers
with the export still queued; a retry is claimed once."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from services.erp_export.adapters.dynamodb import DynamoExportStateStore
from services.erp_export.adapters.s3 import S3ExportSink
from services.erp_export.handlers import requests as request_handler
from services.erp_export.logic.exporter import record_compliance
from services.erp_export.ports import ExportPorts
from shared.clock import FixedClock
from shared.erp import (
    ConsolePorts,
    DynamoErpCodeStore,
    DynamoErpConfigStore,
    DynamoExportLog,
    ErpConsole,
    TenantErpConfig,
)
from shared.events import Envelope, ErpDeliveryRetryRequested, ErpExportRequested
from shared.workspace import Conflict
from tests.fakes.bus import InMemoryPublisher
from tests.fakes.erp_export import ErpServiceOnBus, InMemoryFileLinks, InMemoryMailer
from tests.functional.erp_export.conftest import BUCKET, TABLE
from tests.functional.erp_export.test_erp_exports import envelope
from tests.lambda_events import LambdaContext, eventbridge_event_for, sqs_event

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


class _Broken:
    def write(self, key: str, content: bytes, content_type: str) -> None:
        raise OSError("bucket unavailable")

    def read(self, key: str) -> bytes:
        raise OSError("bucket unavailable")


class _Rejecting:
    def publish(self, events: Any) -> None:
        raise RuntimeError("bus down")


@pytest.fixture
def service(aws) -> ExportPorts:
    client = aws["dynamodb"]
    ports = ExportPorts(
        states=DynamoExportStateStore(client, TABLE),
        configs=DynamoErpConfigStore(client, TABLE),
        codes=DynamoErpCodeStore(client, TABLE),
        log=DynamoExportLog(client, TABLE),
        sink=S3ExportSink(aws["s3"], BUCKET),
        clock=FixedClock(NOW),
        mailer=InMemoryMailer(),
        sleep=lambda seconds: None,
    )
    record_compliance(envelope("c1", "non_compliant"), ports.states)
    return ports


def console_on(service: ExportPorts, publisher: Any, *, waits: list[float] | None = None) -> ErpConsole:
    return ErpConsole(
        ConsolePorts(
            configs=service.configs,
            codes=service.codes,
            log=service.log,
            links=InMemoryFileLinks(),
            publisher=publisher,
            clock=service.clock,
            sleep=(waits.append if waits is not None else lambda seconds: None),
            wait_seconds=3.0,
        )
    )


def test_export_now_is_written_by_erp_export_under_the_id_the_api_gave_it(aws, service):
    # GIVEN erp_export behind the bus
    bus = ErpServiceOnBus(InMemoryPublisher(), service)
    console = console_on(service, bus)
    # WHEN staff export Sage 300 CRE now
    entry = console.export_now("t1", "sage300cre", by="ap@summit.example")
    # THEN the request carried the export's id, and erp_export completed that very export
    (published,) = bus.inner.published
    assert isinstance(published.data, ErpExportRequested)
    assert (published.data.export_id, published.data.erp) == (entry["id"], "sage300cre")
    assert (entry["status"], entry["rows"], entry["requested_by"]) == ("done", 1, "ap@summit.example")
    assert entry["files"][0]["name"].startswith("vendor_compliance_")
    assert [r.id for r in service.log.records("t1")] == [entry["id"]]
    body = aws["s3"].get_object(Bucket=BUCKET, Key=service.log.records("t1")[0].keys[0])["Body"].read()
    assert body.decode().splitlines()[1].startswith("RIV001,Rivera Concrete LLC")
    # AND the batch reported no failure
    assert bus.handled == [{"batchItemFailures": []}]


def test_a_slow_export_service_leaves_the_export_queued_after_a_bounded_wait(service):
    # GIVEN a bus nobody consumes yet
    waits: list[float] = []
    console = console_on(service, InMemoryPublisher(), waits=waits)
    # WHEN staff export now
    entry = console.export_now("t1", "vista", by="pm@summit.example")
    # THEN the answer comes after about the wait budget, the export listed as queued
    assert 3.0 <= sum(waits) < 4.5
    assert entry["status"] == "queued"
    assert (entry["files"], entry["download_url"]) == ([], None)
    assert console.exports("t1")[0]["status"] == "queued"
    # AND when erp_export gets to it, the same export is done
    request = ErpExportRequested(tenant_id="t1", export_id=entry["id"], erp="vista", requested_by="pm")
    _deliver(service, request)
    assert console.exports("t1")[0]["status"] == "done"
    assert [e["id"] for e in console.exports("t1")] == [entry["id"]]


def test_a_redelivered_request_writes_nothing_twice(aws, service):
    bus = ErpServiceOnBus(InMemoryPublisher(), service)
    entry = console_on(service, bus).export_now("t1", "sage300cre", by="ap@summit.example")
    files_before = aws["s3"].list_objects_v2(Bucket=BUCKET)["KeyCount"]
    # WHEN the queue delivers the same request again
    (published,) = bus.inner.published
    _deliver(service, published.data)
    # THEN the settled export is left alone
    assert aws["s3"].list_objects_v2(Bucket=BUCKET)["KeyCount"] == files_before
    assert service.log.get("t1", entry["id"]).status == "done"


def test_an_export_that_cannot_be_written_is_shown_failed_with_the_reason(service):
    service.sink = _Broken()
    entry = console_on(service, ErpServiceOnBus(InMemoryPublisher(), service)).export_now(
        "t1", "cmic", by="ap@summit.example"
    )
    assert entry["status"] == "failed"
    assert entry["error"] == "the export could not be written (OSError); try Export now again"


def test_a_request_the_bus_refuses_is_shown_failed_not_a_server_error(service):
    entry = console_on(service, _Rejecting()).export_now("t1", "cmic", by="ap@summit.example")
    assert (entry["status"], entry["error"]) == (
        "failed",
        "the export service could not be asked: RuntimeError",
    )
    assert service.log.get("t1", entry["id"]).status == "failed"


def test_a_failed_e_mail_is_retried_once_by_erp_export(service):
    # GIVEN an export whose e-mail to accounts payable failed
    service.configs.put(TenantErpConfig(tenant_id="t1", email_files=True, ap_emails=["ap@summit.example"]))
    mailer = InMemoryMailer(fail=True)
    service.mailer = mailer
    bus = ErpServiceOnBus(InMemoryPublisher(), service)
    console = console_on(service, bus)
    failed = console.export_now("t1", "vista", by="ap@summit.example")
    assert [d["status"] for d in failed["deliveries"]] == ["failed"]
    # WHEN staff retry while a first retry is still with erp_export
    queued = service.log.get("t1", failed["id"]).model_copy(update={"status": "queued"})
    service.log.replace(queued)
    with pytest.raises(Conflict, match="still being written or delivered"):
        console.retry("t1", failed["id"], by="ap@summit.example")
    service.log.replace(queued.model_copy(update={"status": "done"}))
    # AND when it has settled and the mailbox accepts mail again
    mailer.fail = False
    retried = console.retry("t1", failed["id"], by="ap@summit.example")
    # THEN erp_export delivered it, and the export is settled
    assert ([d["status"] for d in retried["deliveries"]], retried["status"]) == (["sent"], "done")
    assert isinstance(bus.inner.published[-1].data, ErpDeliveryRetryRequested)
    assert len(mailer.sent) == 1
    with pytest.raises(Conflict, match="nothing to retry"):
        console.retry("t1", failed["id"], by="ap@summit.example")


def test_only_one_retry_claims_an_export(service):
    console = console_on(service, ErpServiceOnBus(InMemoryPublisher(), service))
    service.configs.put(TenantErpConfig(tenant_id="t1", email_files=True, ap_emails=["ap@summit.example"]))
    service.mailer = InMemoryMailer(fail=True)
    failed = service.log.get("t1", console.export_now("t1", "vista", by="ap")["id"])
    queued = failed.model_copy(update={"status": "queued"})
    # The first claim wins; a second claim expecting the same settled state finds it taken
    assert service.log.swap(queued, expected="done") is True
    assert service.log.swap(queued, expected="done") is False


def test_a_malformed_request_fails_alone_and_the_others_in_its_batch_are_done(service):
    console = console_on(service, InMemoryPublisher())
    queued = console.export_now("t1", "sage300cre", by="ap@summit.example")
    request = ErpExportRequested(tenant_id="t1", export_id=queued["id"], erp="sage300cre", requested_by="ap")
    good = Envelope.wrap(request, source="coi.api", correlation_id="c", idempotency_key=request.export_id)
    result = request_handler.handle_batch(
        sqs_event(
            json.dumps({"not": "an event"}),
            json.dumps(eventbridge_event_for(good)),
            message_ids=["bad", "ok"],
        ),
        LambdaContext(),
        ports=service,
    )
    assert result == {"batchItemFailures": [{"itemIdentifier": "bad"}]}
    assert service.log.get("t1", queued["id"]).status == "done"


def _deliver(service: ExportPorts, request: Any) -> None:
    envelope_ = Envelope.wrap(
        request, source="coi.api", correlation_id="c", idempotency_key=request.export_id
    )
    result = request_handler.handle_batch(
        sqs_event(json.dumps(eventbridge_event_for(envelope_))), LambdaContext(), ports=service
    )
    assert result == {"batchItemFailures": []}
