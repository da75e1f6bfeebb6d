"""The export logic: record each compliance change; build, store and log every configured ERP's
file; deliver it (Intacct's gateway, the AP mailbox) with bounded retries, the outcome logged on
the export so nothing fails unseen."""

from __future__ import annotations

import functools
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from services.erp_export.codes import Prepared, prepare
from services.erp_export.formatters.cmic import format_cmic
from services.erp_export.formatters.common import vendor_summaries
from services.erp_export.formatters.intacct import (
    compliance_functions,
    intacct_request,
    parse_intacct_response,
    vendor_hold_functions,
)
from services.erp_export.formatters.sage300 import format_sage300
from services.erp_export.formatters.vista import format_vista_ap, format_vista_sl
from services.erp_export.models import ContractComplianceState, ExportFile
from services.erp_export.ports import ExportPorts, ExportStateStore
from shared.erp.records import ERP_TITLES, Delivery, ErpName, ExportRecord, TenantErpConfig, new_export_id
from shared.events import ComplianceChanged, ContractChanged, Envelope

logger = logging.getLogger(__name__)

_CSV = "text/csv"
# Keep gateway requests small; Intacct processes each function of a request in turn.
INTACCT_FUNCTIONS_PER_REQUEST = 100
# Attempts per delivery within one run, with exponential backoff between them; a delivery still
# failing is logged on the export and retried by the next run or the Exports page's button.
DELIVERY_ATTEMPTS = 3
BACKOFF_SECONDS = 1.0
_VENDOR_HOLD = "vendor-hold:"


class DeliveryError(RuntimeError):
    """A delivery that failed; `retryable` when trying again may help (transport, 5xx)."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


def current_contracts(tenant_id: str, ports: ExportPorts) -> list[ContractComplianceState]:
    """Every contract's latest compliance; a workspace contract without any (created, no
    certificate yet) comes with its workspace status, which holds payment."""
    states = ports.states.contracts(tenant_id)
    if ports.directory is None:
        return states
    known = {s.contract_id for s in states}
    return states + [c for c in ports.directory.contracts(tenant_id) if c.contract_id not in known]


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


@dataclass(frozen=True)
class BuiltFiles:
    files: list[ExportFile]
    rows: int
    # Intacct: the vendors the file puts on hold.
    intacct_held: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class FileRun:
    """What one export's files are stamped with, and (Intacct) what earlier files left behind."""

    stamp: str  # in every file name, unique per export
    as_of: date
    known_intacct_records: dict[str, str] | None = None
    intacct_held_before: set[str] | None = None


def build_files(config: TenantErpConfig, erp: ErpName, prepared: Prepared, run: FileRun) -> BuiltFiles:
    """One ERP's file(s) from contracts already carrying that ERP's codes."""
    stamp, as_of = run.stamp, run.as_of
    if erp == "sage300cre":
        content, rows = format_sage300(prepared.contracts)
        return BuiltFiles(
            [
                ExportFile(
                    erp=erp, filename=f"vendor_compliance_{stamp}.csv", content=content, content_type=_CSV
                )
            ],
            rows,
        )
    if erp == "cmic":
        content, rows = format_cmic(prepared.contract_rows, config, as_of=as_of)
        name = f"sc_insurance_certificates_{stamp}.csv"
        return BuiltFiles([ExportFile(erp=erp, filename=name, content=content, content_type=_CSV)], rows)
    if erp == "vista":
        sl, sl_rows = format_vista_sl(prepared.contract_rows, config)
        ap, ap_rows = format_vista_ap(prepared.contracts, config)
        return BuiltFiles(
            [
                ExportFile(erp=erp, filename=f"slct_compliance_{stamp}.csv", content=sl, content_type=_CSV),
                ExportFile(erp=erp, filename=f"apvc_compliance_{stamp}.csv", content=ap, content_type=_CSV),
            ],
            sl_rows + ap_rows,
        )
    records = compliance_functions(
        prepared.contracts, config, as_of=as_of, known_records=run.known_intacct_records
    )
    holds, held = vendor_hold_functions(prepared.contracts, held_before=run.intacct_held_before or set())
    functions = records + holds
    content = intacct_request(functions, control_id=f"coi-{stamp}")
    name = f"compliance_records_{stamp}.xml"
    return BuiltFiles(
        [ExportFile(erp=erp, filename=name, content=content, content_type="application/xml")],
        len(functions),
        held,
    )


def export_erp(  # noqa: PLR0913  keyword-only: who asked (trigger, user, queued id) and contracts already read
    config: TenantErpConfig,
    erp: ErpName,
    ports: ExportPorts,
    *,
    trigger: str = "schedule",
    requested_by: str | None = None,
    contracts: list[ContractComplianceState] | None = None,
    export_id: str | None = None,
) -> ExportRecord:
    """Write one ERP's file(s), log the export, then deliver them as configured. `export_id` is
    the id the API gave a requested export (its queued record is completed under it)."""
    tenant = config.tenant_id
    now = ports.clock.now()
    export_id = export_id or new_export_id(now, erp)
    stamp = f"{now:%Y%m%dT%H%M%SZ}_{export_id[-6:]}"
    states = contracts if contracts is not None else current_contracts(tenant, ports)
    prepared = prepare(erp, states, ports.codes.codes(tenant, erp))
    intacct = erp == "intacct"
    run = FileRun(
        stamp=stamp,
        as_of=now.date(),
        known_intacct_records=ports.states.intacct_records(tenant) if intacct else None,
        intacct_held_before=ports.states.intacct_held(tenant) if intacct else None,
    )
    built = build_files(config, erp, prepared, run)
    keys = []
    for file in built.files:
        key = f"exports/{tenant}/{erp}/{now.date().isoformat()}/{file.filename}"
        ports.sink.write(key, file.content, file.content_type)
        keys.append(key)
    vendors = vendor_summaries(prepared.contracts)
    deliveries = []
    if intacct and config.intacct_send:
        deliveries.append(Delivery(channel="intacct_api", status="pending"))
    elif intacct:
        # The file is the delivery: its holds are ours from now on (released by later files).
        ports.states.remember_intacct_held(tenant, built.intacct_held)
    if config.email_files and config.ap_emails:
        deliveries.append(Delivery(channel="email", status="pending"))
    record = ExportRecord(
        id=export_id,
        tenant_id=tenant,
        erp=erp,
        created_at=now,
        trigger="manual" if trigger == "manual" else "schedule",
        keys=keys,
        rows=built.rows,
        held=sum(1 for v in vendors if v.hold_payment),
        vendors=len(vendors),
        left_out=prepared.left_out,
        deliveries=deliveries,
        requested_by=requested_by,
        # Settled ("done") only once every delivery has been tried: the API waits for that.
        status="running" if deliveries else "done",
    )
    ports.log.add(record)
    logger.info(
        "erp export written",
        extra={"tenant_id": tenant, "erp": erp, "rows": record.rows, "left_out": len(record.left_out)},
    )
    return deliver(record, config, ports)


def deliver(record: ExportRecord, config: TenantErpConfig, ports: ExportPorts) -> ExportRecord:
    """Every pending or failed delivery of `record`, each retried with backoff; logged after each."""
    for delivery in record.deliveries:
        if delivery.status == "sent":
            continue
        send = _send_intacct if delivery.channel == "intacct_api" else _send_email
        attempt = functools.partial(send, record, config, ports)
        record = _with_retries(record, delivery, attempt, ports)
        ports.log.replace(record)
    if record.status != "done":
        record = record.model_copy(update={"status": "done", "error": None})
        ports.log.replace(record)
    return record


def _with_retries(
    record: ExportRecord, delivery: Delivery, attempt: Callable[[], str], ports: ExportPorts
) -> ExportRecord:
    attempts = delivery.attempts
    error: str | None = None
    for tried in range(DELIVERY_ATTEMPTS):
        if tried:
            ports.sleep(BACKOFF_SECONDS * 2 ** (tried - 1))
        attempts += 1
        try:
            detail = attempt()
        except DeliveryError as exc:
            error = str(exc)[:500]
            logger.warning(
                "erp delivery failed",
                extra={"tenant_id": record.tenant_id, "export_id": record.id, "channel": delivery.channel},
            )
            if not exc.retryable:
                break
            continue
        sent = _attempted(delivery, attempts, ports, status="sent", last_error=None, detail=detail)
        return _replace_delivery(record, sent)
    return _replace_delivery(record, _attempted(delivery, attempts, ports, status="failed", last_error=error))


def _attempted(delivery: Delivery, attempts: int, ports: ExportPorts, **outcome: str | None) -> Delivery:
    """The delivery after this run's attempts: how many in all, when the last one was, its outcome."""
    return delivery.model_copy(update={"attempts": attempts, "last_attempt_at": ports.clock.now(), **outcome})


def _replace_delivery(record: ExportRecord, delivery: Delivery) -> ExportRecord:
    deliveries = [delivery if d.channel == delivery.channel else d for d in record.deliveries]
    return record.model_copy(update={"deliveries": deliveries})


def _send_intacct(record: ExportRecord, config: TenantErpConfig, ports: ExportPorts) -> str:
    """Send the export's own file (its functions, with credentials added by the gateway) in
    batches; each batch's control id is fixed per export, so a retry never sends a batch twice."""
    if ports.intacct is None:
        raise DeliveryError("Intacct delivery is not set up in this deployment", retryable=False)
    if not config.intacct_credentials_parameter:
        raise DeliveryError("no Intacct credentials parameter in the ERP settings", retryable=False)
    request = ET.fromstring(ports.sink.read(record.keys[0]))  # noqa: S314 - our own file
    functions = list(request.iterfind("operation/content/function"))
    sent, errors, records = 0, [], {}
    for start in range(0, len(functions), INTACCT_FUNCTIONS_PER_REQUEST):
        batch = functions[start : start + INTACCT_FUNCTIONS_PER_REQUEST]
        control_id = f"coi-{record.id}-{start // INTACCT_FUNCTIONS_PER_REQUEST + 1}"
        try:
            response = ports.intacct.send(config, batch, control_id)
        except ValueError as exc:
            raise DeliveryError(str(exc), retryable=False) from exc
        except Exception as exc:  # transport errors, 5xx: worth another try
            raise DeliveryError(f"Intacct gateway: {exc}", retryable=True) from exc
        result = parse_intacct_response(response)
        if result.request_failed:
            # The whole request failed (control block or login): nothing was applied.
            raise DeliveryError(f"Intacct refused the request: {'; '.join(result.errors)}", retryable=False)
        records.update({k: v for k, v in result.records.items() if not k.startswith(_VENDOR_HOLD)})
        sent += len(batch) - len(result.errors)
        errors.extend(result.errors)
    ports.states.remember_intacct_records(record.tenant_id, records)
    if errors:
        raise DeliveryError(
            f"Intacct refused {len(errors)} of {len(functions)} function(s): {'; '.join(errors)}",
            retryable=False,
        )
    held = {
        f.findtext("update/VENDOR/VENDORID") or ""
        for f in functions
        if f.findtext("update/VENDOR/ONHOLD") == "true"
    }
    ports.states.remember_intacct_held(record.tenant_id, held)
    return f"{sent} function(s) applied"


def _send_email(record: ExportRecord, config: TenantErpConfig, ports: ExportPorts) -> str:
    if ports.mailer is None:
        raise DeliveryError("e-mail is not set up in this deployment (no sender address)", retryable=False)
    files = [(key.rsplit("/", 1)[-1], ports.sink.read(key), _content_type(key)) for key in record.keys]
    title = ERP_TITLES[record.erp]
    left = len({e.vendor_id for e in record.left_out})
    text = (
        f"The {title} compliance export of {record.created_at:%m/%d/%Y %H:%M} UTC is attached: "
        f"{record.rows} rows, {record.held} vendor(s) on hold"
        + (f", {left} vendor(s) left out until they have a {title} code." if left else ".")
    )
    try:
        message = ports.mailer.send_files(
            list(config.ap_emails), f"{title} compliance export {record.created_at:%m/%d/%Y}", text, files
        )
    except Exception as exc:
        raise DeliveryError(f"e-mail not sent: {type(exc).__name__}: {exc}", retryable=True) from exc
    return f"sent to {', '.join(config.ap_emails)} ({message})"


def _content_type(key: str) -> str:
    return "application/xml" if key.endswith(".xml") else _CSV


def export_tenant(
    config: TenantErpConfig,
    ports: ExportPorts,
    *,
    trigger: str = "schedule",
    requested_by: str | None = None,
) -> list[ExportRecord]:
    contracts = current_contracts(config.tenant_id, ports)
    return [
        export_erp(config, erp, ports, trigger=trigger, requested_by=requested_by, contracts=contracts)
        for erp in config.erps
    ]


def retry_failed_deliveries(config: TenantErpConfig, ports: ExportPorts) -> list[ExportRecord]:
    """The latest export of each ERP whose delivery failed: try again (later exports carry the
    full state, so an older failed delivery is superseded by a newer one)."""
    latest: dict[str, ExportRecord] = {}
    for record in ports.log.records(config.tenant_id, limit=50):
        latest.setdefault(record.erp, record)
    retried = []
    for record in latest.values():
        if any(d.status != "sent" for d in record.deliveries):
            retried.append(deliver(record, config, ports))
    return retried


@dataclass
class ExportRun:
    exports: list[ExportRecord]
    failed_tenants: list[str]


def export_all(ports: ExportPorts) -> ExportRun:
    """The nightly run: every tenant whose schedule is due today, then failed deliveries of the
    others retried."""
    run = ExportRun([], [])
    today = ports.clock.today()
    for config in ports.configs.configured():
        if not config.erps:
            continue
        try:
            if config.due_on(today):
                run.exports.extend(export_tenant(config, ports))
            else:
                run.exports.extend(retry_failed_deliveries(config, ports))
        except Exception:
            # One tenant's failure must not cost the others their files.
            logger.exception("erp export failed", extra={"tenant_id": config.tenant_id})
            run.failed_tenants.append(config.tenant_id)
    return run
