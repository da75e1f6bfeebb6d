"""The export logic: record each compliance change, and build + store every configured ERP's file."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from services.erp_export.formatters.cmic import format_cmic
from services.erp_export.formatters.intacct import (
    compliance_functions,
    intacct_request,
    parse_intacct_response,
)
from services.erp_export.formatters.sage300 import format_sage300
from services.erp_export.formatters.vista import format_vista_ap, format_vista_sl
from services.erp_export.models import ContractComplianceState, ExportFile, TenantErpConfig
from services.erp_export.ports import ErpConfigStore, ExportSink, ExportStateStore, IntacctGateway
from shared.clock import Clock
from shared.events import ComplianceChanged, ContractChanged, Envelope

logger = logging.getLogger(__name__)

_CSV = "text/csv"
# Keep gateway requests small; Intacct processes each function of a request in turn.
INTACCT_FUNCTIONS_PER_REQUEST = 100


class IntacctRejectedError(RuntimeError):
    """Intacct refused some compliance records (the files were still written)."""


def record_compliance(envelope: Envelope[ComplianceChanged], store: ExportStateStore) -> bool:
    state = ContractComplianceState.from_event(envelope.data, envelope.metadata.created_at)
    kept = store.record(state)
    if not kept:
        logger.info("older compliance change ignored", extra={"contract_id": state.contract_id})
    return kept


def record_removal(envelope: Envelope[ContractChanged], store: ExportStateStore) -> bool:
    """A contract removed from the workspace leaves the exports (a tombstone keeps it out)."""
    if envelope.data.change != "removed":
        return False
    return store.record(ContractComplianceState.tombstone(envelope.data, envelope.metadata.created_at))


def build_files(
    config: TenantErpConfig,
    states: list[ContractComplianceState],
    *,
    stamp: str,
    known_intacct_records: dict[str, str] | None = None,
) -> list[ExportFile]:
    files: list[ExportFile] = []
    for erp in config.erps:
        if erp == "sage300":
            files.append(
                ExportFile(
                    erp=erp,
                    filename=f"vendor_compliance_{stamp}.csv",
                    content=format_sage300(states),
                    content_type=_CSV,
                )
            )
        elif erp == "cmic":
            files.append(
                ExportFile(
                    erp=erp,
                    filename=f"sc_insurance_certificates_{stamp}.csv",
                    content=format_cmic(states, config),
                    content_type=_CSV,
                )
            )
        elif erp == "vista":
            files.append(
                ExportFile(
                    erp=erp,
                    filename=f"slct_compliance_{stamp}.csv",
                    content=format_vista_sl(states, config),
                    content_type=_CSV,
                )
            )
            files.append(
                ExportFile(
                    erp=erp,
                    filename=f"apvc_compliance_{stamp}.csv",
                    content=format_vista_ap(states, config),
                    content_type=_CSV,
                )
            )
        elif erp == "intacct":
            functions = compliance_functions(states, config, known_records=known_intacct_records)
            files.append(
                ExportFile(
                    erp=erp,
                    filename=f"compliance_records_{stamp}.xml",
                    content=intacct_request(functions, control_id=f"coi-{stamp}"),
                    content_type="application/xml",
                )
            )
    return files


@dataclass(frozen=True)
class TenantExport:
    tenant_id: str
    keys: list[str]
    intacct_sent: int = 0


def export_tenant(
    config: TenantErpConfig,
    *,
    states: ExportStateStore,
    sink: ExportSink,
    clock: Clock,
    intacct: IntacctGateway | None = None,
) -> TenantExport:
    contracts = states.contracts(config.tenant_id)
    now = clock.now()
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    known = states.intacct_records(config.tenant_id) if "intacct" in config.erps else {}
    keys = []
    for file in build_files(config, contracts, stamp=stamp, known_intacct_records=known):
        key = f"exports/{config.tenant_id}/{file.erp}/{now.date().isoformat()}/{file.filename}"
        sink.write(key, file.content, file.content_type)
        keys.append(key)
    sent = 0
    if "intacct" in config.erps and config.intacct_send and intacct is not None:
        functions = compliance_functions(contracts, config, known_records=known)
        errors: list[str] = []
        for start in range(0, len(functions), INTACCT_FUNCTIONS_PER_REQUEST):
            # One control id per day and batch: a same-day retry is recognised and not resent.
            control_id = f"coi-{now.date().isoformat()}-{start // INTACCT_FUNCTIONS_PER_REQUEST + 1}"
            batch = functions[start : start + INTACCT_FUNCTIONS_PER_REQUEST]
            result = parse_intacct_response(intacct.send(config, batch, control_id))
            states.remember_intacct_records(config.tenant_id, result.records)
            sent += len(result.records)
            errors.extend(result.errors)
        if errors:
            raise IntacctRejectedError(f"Intacct refused {len(errors)} record(s): {'; '.join(errors)[:500]}")
    logger.info(
        "erp export written", extra={"tenant_id": config.tenant_id, "files": len(keys), "intacct_sent": sent}
    )
    return TenantExport(config.tenant_id, keys, sent)


@dataclass
class ExportRun:
    exports: list[TenantExport]
    failed_tenants: list[str]


def export_all(
    *,
    configs: ErpConfigStore,
    states: ExportStateStore,
    sink: ExportSink,
    clock: Clock,
    intacct: IntacctGateway | None = None,
) -> ExportRun:
    run = ExportRun([], [])
    for config in configs.configured():
        if not config.erps:
            continue
        try:
            run.exports.append(export_tenant(config, states=states, sink=sink, clock=clock, intacct=intacct))
        except Exception:
            # One tenant's failure (e.g. Intacct refusing) must not cost the others their files.
            logger.exception("erp export failed", extra={"tenant_id": config.tenant_id})
            run.failed_tenants.append(config.tenant_id)
    return run
