"""Scheduled export: per tenant and configured ERP, the file that ERP imports, into S3 at
`exports/<tenant>/<erp>/<yyyy-mm-dd>/<file>`; Intacct records are also sent when configured."""

from __future__ import annotations

from typing import Any

from services.erp_export.exporter import export_all


class ExportFailedError(RuntimeError):
    pass


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from services.erp_export import bootstrap

    deps = bootstrap.dependencies()
    idempotency = getattr(deps.intacct, "config", None)
    if idempotency is not None and context is not None:
        idempotency.register_lambda_context(context)
    run = export_all(
        configs=deps.configs, states=deps.states, sink=deps.sink, clock=deps.clock, intacct=deps.intacct
    )
    if run.failed_tenants:
        raise ExportFailedError(f"ERP export failed for {len(run.failed_tenants)} tenant(s)")
    return {
        "exports": [
            {"tenant_id": e.tenant_id, "files": e.keys, "intacct_sent": e.intacct_sent} for e in run.exports
        ]
    }
