"""SQS consumer of the ERP request queue: "Export now" (`ErpExportRequested`) and "Retry"
(`ErpDeliveryRetryRequested`) from the staff pages and API, run with the same ports as the
nightly job (`logic.requests`)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.erp_export import bootstrap
from services.erp_export.logic.requests import retry_requested_delivery, run_requested_export
from services.erp_export.ports import ExportPorts
from services.erp_export.settings import ErpSettings
from shared.events import ErpDeliveryRetryRequested, ErpExportRequested
from shared.runtime import built_once, consume_sqs_batch, parse_bus_event

logger = Logger(service="erp_export")
export_ports = built_once(bootstrap.build, ErpSettings)


def handle_batch(event: dict[str, Any], context: Any, *, ports: ExportPorts) -> dict[str, Any]:
    def record_handler(record: SQSRecord) -> str | None:
        envelope = parse_bus_event(record.body, ErpExportRequested, ErpDeliveryRetryRequested)
        if envelope is None:
            return None
        logger.set_correlation_id(envelope.metadata.correlation_id)
        request = envelope.data
        if isinstance(request, ErpExportRequested):
            done = run_requested_export(request, ports)
        else:
            done = retry_requested_delivery(request, ports)
        status = done.status if done is not None else "skipped"
        logger.info(
            "erp request handled", tenant_id=request.tenant_id, export_id=request.export_id, status=status
        )
        return status

    return consume_sqs_batch(event, context, record_handler)


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    ports = export_ports()
    idempotency = getattr(ports.intacct, "config", None)
    if idempotency is not None:
        idempotency.register_lambda_context(context)
    return handle_batch(event, context, ports=ports)
