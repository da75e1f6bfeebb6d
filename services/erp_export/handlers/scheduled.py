"""Scheduled export: per tenant whose schedule is due, each configured ERP's file into S3 at
`exports/<tenant>/<erp>/<yyyy-mm-dd>/<file>`, logged for the Exports page and delivered (Intacct's
gateway, the AP mailbox) as configured; failed deliveries of other tenants are retried."""

from __future__ import annotations

from typing import Any

from services.erp_export import bootstrap
from services.erp_export.logic.exporter import export_all
from services.erp_export.ports import ExportPorts
from services.erp_export.settings import ErpSettings
from shared.runtime import built_once

export_ports = built_once(bootstrap.build, ErpSettings)


class ExportFailedError(RuntimeError):
    pass


def run_export(ports: ExportPorts, context: Any = None) -> dict[str, Any]:
    """Export every due tenant now; raises ExportFailedError (after the others are done) when
    some tenant failed, so the schedule retries."""
    idempotency = getattr(ports.intacct, "config", None)
    if idempotency is not None and context is not None:
        idempotency.register_lambda_context(context)
    run = export_all(ports)
    if run.failed_tenants:
        raise ExportFailedError(f"ERP export failed for {len(run.failed_tenants)} tenant(s)")
    return {
        "exports": [
            {
                "tenant_id": e.tenant_id,
                "erp": e.erp,
                "files": e.keys,
                "rows": e.rows,
                "held": e.held,
                "left_out": len(e.left_out),
                "deliveries": {d.channel: d.status for d in e.deliveries},
            }
            for e in run.exports
        ]
    }


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return run_export(export_ports(), context)
