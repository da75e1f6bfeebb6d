"""SQS consumer: keep the latest compliance per contract for the ERP exports; a `ContractChanged`
"removed" takes the contract out (other contract changes arrive as ComplianceChanged too). Every
write is conditional on the change's time, so redeliveries and out-of-order deliveries never
regress the state (`logic.exporter.record_compliance`, `record_removal`)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.erp_export import bootstrap
from services.erp_export.logic.exporter import record_compliance, record_removal
from services.erp_export.ports import ExportStateStore
from services.erp_export.settings import ErpSettings
from shared.events import ComplianceChanged, ContractChanged
from shared.runtime import built_once, consume_sqs_batch, parse_bus_event

logger = Logger(service="erp_export")
state_store = built_once(bootstrap.state_store, ErpSettings)


def handle_batch(event: dict[str, Any], context: Any, *, store: ExportStateStore) -> dict[str, Any]:
    def record_handler(record: SQSRecord) -> bool | None:
        envelope = parse_bus_event(record.body, ComplianceChanged, ContractChanged)
        if envelope is None:
            return None
        if isinstance(envelope.data, ContractChanged):
            return record_removal(envelope, store)
        logger.set_correlation_id(envelope.metadata.correlation_id)
        kept = record_compliance(envelope, store)
        logger.info(
            "compliance recorded for erp export",
            tenant_id=envelope.data.tenant_id,
            contract_id=envelope.data.contract_id,
            status=envelope.data.status,
            kept=kept,
        )
        return kept

    return consume_sqs_batch(event, context, record_handler)


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return handle_batch(event, context, store=state_store())
