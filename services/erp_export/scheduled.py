"""Scheduled export: per tenant whose schedule is due, each configured ERP's file into S3 at
`exports/<tenant>/<erp>/<yyyy-mm-dd>/<file>`, logged for the Exports page and delivered (Intacct's
gateway, the AP mailbox) as configured; failed deliveries of other tenants are retried."""

from __future__ import annotations

from typing import Any

from services.erp_export.exporter import export_all


class ExportFailedError(RuntimeError):
    pass


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from services.erp_export import bootstrap

    ports = bootstrap.dependencies()
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
