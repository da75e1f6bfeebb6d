"""What staff ask of erp_export from the Exports page: write one ERP's file now, retry an export's
failed deliveries. The API stored the export as queued and waits for it to settle; here the record
is moved to running, the work done, and the record left done or failed (with the reason), so the
page never shows a request that silently went nowhere.

Redeliveries are harmless: a request whose export has settled is skipped, and a rerun of one left
running (the function stopped mid-way) rewrites the same files under the same export id."""

from __future__ import annotations

import logging
from typing import cast

from services.erp_export.logic.exporter import deliver, export_erp
from services.erp_export.ports import ExportPorts
from shared.erp.records import ERP_NAMES, SETTLED, ErpName, ExportRecord, TenantErpConfig
from shared.events import ErpDeliveryRetryRequested, ErpExportRequested

logger = logging.getLogger(__name__)


def run_requested_export(request: ErpExportRequested, ports: ExportPorts) -> ExportRecord | None:
    """Write the requested file(s) under the request's export id; None when already settled."""
    queued = ports.log.get(request.tenant_id, request.export_id)
    if queued is not None and queued.status in SETTLED:
        logger.info("erp export request already settled", extra={"export_id": request.export_id})
        return None
    if request.erp not in ERP_NAMES:
        return _failed(queued, f"unknown ERP {request.erp!r}", ports)
    if queued is not None:
        ports.log.replace(queued.model_copy(update={"status": "running"}))
    config = ports.configs.get(request.tenant_id) or TenantErpConfig(tenant_id=request.tenant_id)
    try:
        return export_erp(
            config,
            cast(ErpName, request.erp),
            ports,
            trigger="manual",
            requested_by=request.requested_by,
            export_id=request.export_id,
        )
    except Exception as exc:
        # Shown on the Exports page; "Export now" again is the retry (a redelivery would find it failed).
        logger.exception("requested erp export failed", extra={"export_id": request.export_id})
        return _failed(
            ports.log.get(request.tenant_id, request.export_id) or queued,
            f"the export could not be written ({type(exc).__name__}); try Export now again",
            ports,
        )


def retry_requested_delivery(request: ErpDeliveryRetryRequested, ports: ExportPorts) -> ExportRecord | None:
    """Deliver the export's pending and failed deliveries again; None when there is nothing to do."""
    record = ports.log.get(request.tenant_id, request.export_id)
    if record is None or record.status in SETTLED:
        logger.info("erp delivery retry already settled or unknown", extra={"export_id": request.export_id})
        return None
    running = record.model_copy(update={"status": "running"})
    ports.log.replace(running)
    config = ports.configs.get(request.tenant_id) or TenantErpConfig(tenant_id=request.tenant_id)
    try:
        return deliver(running, config, ports)
    except Exception as exc:
        logger.exception("erp delivery retry failed", extra={"export_id": request.export_id})
        stored = ports.log.get(request.tenant_id, request.export_id) or running
        return _failed(stored, f"the retry could not run ({type(exc).__name__}); try again", ports)


def _failed(record: ExportRecord | None, error: str, ports: ExportPorts) -> ExportRecord | None:
    if record is None:
        logger.warning("erp request for an unknown export: %s", error)
        return None
    failed = record.model_copy(update={"status": "failed", "error": error})
    ports.log.replace(failed)
    return failed
