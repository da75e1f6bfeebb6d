"""Compliance flowing out to Procore: the vendor's insurances (synced by origin_id, one record per
coverage) and the commitment's Procore Pay `insurance_status`, which can hold payment."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.procore_sync.ports import PushWatermark
from shared.events import ComplianceChanged, CoverageSnapshot
from shared.procore.client import ProcoreApiError, ProcoreClient
from shared.procore.ports import ConnectionStore, IdMap
from shared.procore.pushes import PushedInsurance
from shared.procore.records import InsuranceScope, ProcoreConnection, ProcoreRef

logger = logging.getLogger(__name__)

INSURANCE_TYPES = {
    "general_liability": "General Liability",
    "auto_liability": "Automobile Liability",
    "umbrella": "Umbrella Liability",
    "excess": "Excess Liability",
    "workers_comp": "Workers Compensation",
}

# The limit Procore shows (one free string): the headline limit of each coverage, in order.
_HEADLINE_LIMITS = {
    "general_liability": ("each_occurrence", "general_aggregate"),
    "auto_liability": ("combined_single_limit", "bodily_injury_per_accident", "bodily_injury_per_person"),
    "umbrella": ("each_occurrence", "aggregate"),
    "excess": ("each_occurrence", "aggregate"),
    "workers_comp": ("el_each_accident", "el_disease_each_employee", "el_disease_policy_limit"),
}
_OTHER_LIMITS = ("each_claim", "each_occurrence", "per_occurrence", "aggregate")

# Answers that retrying cannot change (the record is gone or not visible to this account).
_PERMANENT = frozenset({403, 404})

# Coverage statuses arrive in the workspace's vocabulary (requirement status: active,
# approved_non_compliant, waived, unreviewed, inactive, missing); the verdict contract's
# (met, deficient, missing, expired, waived) is understood too.
_SETTLED_STATUS = {
    "active": "compliant",
    # An approval with a recorded exception: the workspace counts it as compliant, so does Pay.
    "approved_non_compliant": "compliant",
    "waived": "compliant",
    "unreviewed": "undecided",
    "inactive": "non_compliant",
    "missing": "non_compliant",
    "met": "compliant",
    "deficient": "non_compliant",
    "expired": "expired",
}
# While a person is still reviewing the contract, Procore has "in progress" variants.
_IN_REVIEW_STATUS = {
    "met": "compliant_in_progress",
    "deficient": "non_compliant_in_progress",
    "missing": "non_compliant_in_progress",
    "inactive": "non_compliant_in_progress",
}
ACCEPTABLE = frozenset({"active", "approved_non_compliant", "waived", "met"})
# Requirement rows that are documents (W-9, licences), not insurance policies.
NOT_INSURANCE = frozenset({"document"})


@dataclass(frozen=True)
class PushResult:
    sent_insurances: int
    commitment_status: str | None
    skipped: str | None = None
    errors: tuple[str, ...] = ()
    # The insurance records Procore holds after the push (None: none were sent).
    insurances: tuple[PushedInsurance, ...] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "sent_insurances": self.sent_insurances,
            "commitment_status": self.commitment_status,
            "skipped": self.skipped,
            "errors": list(self.errors),
            "insurances": None if self.insurances is None else [i.to_json() for i in self.insurances],
        }


class ProcoreSyncRejectedError(RuntimeError):
    """Procore refused some insurance records (validation, ERP lock); retrying will not help alone."""


def procore_insurance_status(
    coverage: CoverageSnapshot, contract_status: str, as_of: date | None = None
) -> str:
    status = coverage.status
    if status == "inactive" and coverage.expiration_date and as_of and coverage.expiration_date < as_of:
        return "expired"
    if contract_status == "needs_review" and status in _IN_REVIEW_STATUS:
        return _IN_REVIEW_STATUS[status]
    return _SETTLED_STATUS.get(status, "undecided")


def commitment_insurance_status(contract_status: str) -> str | None:
    """Procore Pay's gate; None: leave Procore as it is (we no longer track the contract)."""
    if contract_status == "inactive":
        return None
    return "compliant" if contract_status == "compliant" else "not_compliant"


def headline_limit(coverage: CoverageSnapshot) -> str | None:
    keys = _HEADLINE_LIMITS.get(coverage.coverage, _OTHER_LIMITS)
    for key in keys:
        if coverage.limits.get(key) is not None:
            return str(coverage.limits[key])
    if coverage.limits:
        return str(max(coverage.limits.values()))
    return None


def insurance_origin_id(event: ComplianceChanged, coverage: CoverageSnapshot, scope: InsuranceScope) -> str:
    """Stable per coverage, unique per Procore company (origin_id is company-wide)."""
    kind = (
        coverage.coverage
        if coverage.coverage != "other"
        else f"other:{(coverage.label or '').strip().lower()}"
    )
    if scope == "project":
        return f"coi:{event.tenant_id}:{event.project_id}:{event.vendor_id}:{kind}"
    return f"coi:{event.tenant_id}:{event.vendor_id}:{kind}"


def insurance_update(
    event: ComplianceChanged, coverage: CoverageSnapshot, scope: InsuranceScope, as_of: date | None = None
) -> dict[str, Any]:
    label = INSURANCE_TYPES.get(coverage.coverage) or (coverage.label or "Other Insurance")
    update: dict[str, Any] = {
        "origin_id": insurance_origin_id(event, coverage, scope),
        "insurance_type": label,
        "status": procore_insurance_status(coverage, event.status, as_of),
        "exempt": coverage.status == "waived",
        "info_received": coverage.status not in ("missing", "waived"),
        "enable_expired_insurance_notifications": False,
        "origin_data": f"coi-compliance:{event.contract_id}",
    }
    optional = {
        "policy_number": coverage.policy_number,
        "effective_date": coverage.effective_date.isoformat() if coverage.effective_date else None,
        "expiration_date": coverage.expiration_date.isoformat() if coverage.expiration_date else None,
        "limit": headline_limit(coverage),
        "name": coverage.insurer_name,
        "notes": _change_notes(event, coverage),
    }
    update.update({k: v for k, v in optional.items() if v is not None})
    return update


def _change_notes(event: ComplianceChanged, coverage: CoverageSnapshot) -> str | None:
    """What the renewal weakened for this coverage against the certificate it replaced."""
    label = (coverage.label or "").strip().lower()
    lines = [
        change.message
        for change in event.changes
        if change.coverage == coverage.coverage
        and (coverage.coverage != "other" or (change.label or "").strip().lower() == label)
    ]
    return " ".join(["Changed since the previous certificate:", *lines])[:1000] if lines else None


def push_compliance(  # noqa: PLR0913  keyword-only ports of the push use case, each named by its callers
    event: ComplianceChanged,
    *,
    idempotency_key: str,
    connections: ConnectionStore,
    ids: IdMap,
    client_for: Callable[[ProcoreConnection], ProcoreClient],
    default_scope: InsuranceScope = "project",
    watermark: PushWatermark | None = None,
    changed_at: datetime | None = None,
) -> PushResult:
    connection = connections.get(event.tenant_id)
    if connection is None or not connection.enabled:
        logger.info("tenant has no procore connection; nothing sent", extra={"tenant_id": event.tenant_id})
        return PushResult(0, None, skipped="no_connection")
    if watermark and changed_at and watermark.is_stale(event.tenant_id, event.contract_id, changed_at):
        logger.info("older compliance change not pushed", extra={"contract_id": event.contract_id})
        return PushResult(0, None, skipped="superseded")
    vendor = ids.procore_ref(event.tenant_id, "vendor", event.vendor_id)
    project = ids.procore_ref(event.tenant_id, "project", event.project_id)
    contract = ids.procore_ref(event.tenant_id, "contract", event.contract_id)
    if vendor is None:
        logger.info("vendor not linked to procore; nothing sent", extra={"vendor_id": event.vendor_id})
        return PushResult(0, None, skipped="vendor_not_in_procore")
    scope = connection.insurance_scope or default_scope
    if scope == "project" and project is None:
        logger.info("project not linked to procore; nothing sent", extra={"project_id": event.project_id})
        return PushResult(0, None, skipped="project_not_in_procore")
    client = client_for(connection)

    as_of = changed_at.date() if changed_at else None
    updates = [
        insurance_update(event, coverage, scope, as_of)
        for coverage in event.coverages
        if coverage.coverage not in NOT_INSURANCE and connection.sync_insurances
    ]
    errors: tuple[str, ...] = ()
    unreachable: list[str] = []
    pushed: tuple[PushedInsurance, ...] | None = None
    if updates:
        try:
            result = client.sync_insurances(
                vendor_id=vendor.procore_id,
                updates=updates,
                project_id=project.procore_id if scope == "project" and project else None,
                idempotency_token=f"{idempotency_key}:insurances",
            )
            errors = tuple(_describe_sync_error(e) for e in result["errors"])
            pushed = _pushed(updates, result["entities"])
        except ProcoreApiError as error:
            if error.status_code not in _PERMANENT:
                raise
            # Gone or not visible to this account: retrying cannot help; say so and go on.
            logger.warning("procore vendor insurances unreachable", extra={"status": error.status_code})
            unreachable.append(f"insurances: HTTP {error.status_code}")
            updates = []

    commitment_status, refused = _write_commitment_gate(client, event, contract, project, idempotency_key)
    if refused:
        unreachable.append(refused)
    if watermark and changed_at:
        watermark.advance(event.tenant_id, event.contract_id, changed_at)
    if errors:
        # Raised after the commitment gate was written: the pay hold must never wait on a bad record.
        raise ProcoreSyncRejectedError(
            f"Procore rejected {len(errors)} insurance record(s): {'; '.join(errors)}"
        )
    logger.info(
        "compliance pushed to procore",
        extra={
            "contract_id": event.contract_id,
            "insurances": len(updates),
            "commitment_status": commitment_status,
        },
    )
    return PushResult(len(updates), commitment_status, errors=tuple(unreachable), insurances=pushed)


def _write_commitment_gate(
    client: ProcoreClient,
    event: ComplianceChanged,
    contract: ProcoreRef | None,
    project: ProcoreRef | None,
    idempotency_key: str,
) -> tuple[str | None, str | None]:
    """Write the commitment's insurance status (Procore Pay's payment gate).

    Returns the status to report (None for a contract Procore does not know) and, when Procore
    refused for good, what could not be reached.
    """
    commitment_status = commitment_insurance_status(event.status)
    if contract is None:
        return None, None
    if not contract.commitment_kind or commitment_status is None:
        return commitment_status, None
    try:
        client.update_commitment_compliance(
            kind=contract.commitment_kind,
            project_id=contract.procore_project_id or (project.procore_id if project else 0),
            commitment_id=contract.procore_id,
            fields={"insurance_status": commitment_status, "insurance_notes": _notes(event)},
            idempotency_token=f"{idempotency_key}:compliance",
        )
    except ProcoreApiError as error:
        if error.status_code not in _PERMANENT:
            raise
        # A deleted commitment, or a company without Procore Pay's compliance tools.
        logger.warning("procore commitment compliance unreachable", extra={"status": error.status_code})
        return None, f"commitment compliance: HTTP {error.status_code}"
    return commitment_status, None


def _pushed(updates: list[dict[str, Any]], entities: list[dict[str, Any]]) -> tuple[PushedInsurance, ...]:
    """The records Procore accepted, with the id it gave each (matched on origin_id)."""
    ids = {e.get("origin_id"): e.get("id") for e in entities if e.get("origin_id")}
    return tuple(
        PushedInsurance(
            insurance_type=str(update["insurance_type"]),
            status=str(update["status"]),
            procore_id=_int_or_none(ids[update["origin_id"]]),
            policy_number=update.get("policy_number"),
            expiration_date=update.get("expiration_date"),
        )
        for update in updates
        if update["origin_id"] in ids
    )


def _notes(event: ComplianceChanged) -> str:
    lines = [f"COI compliance: {event.status.replace('_', ' ')}."]
    if event.reason:
        lines.append(event.reason)
    problems = [c for c in event.coverages if c.status not in ACCEPTABLE]
    for coverage in problems:
        name = INSURANCE_TYPES.get(coverage.coverage) or coverage.label or coverage.coverage
        lines.append(f"{name}: {coverage.status.replace('_', ' ')}.")
    lines += [c.message for c in event.changes if c.severity == "warning" and c.coverage is None]
    return " ".join(lines)[:1000]


def _describe_sync_error(error: dict[str, Any]) -> str:
    origin = error.get("origin_id") or error.get("id") or "?"
    detail = error.get("errors")
    if isinstance(detail, dict):
        text = ", ".join(
            f"{k} {' '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in detail.items()
        )
    else:
        text = str(detail)
    return f"{origin}: {text}"[:300]


def _int_or_none(value: Any) -> int | None:
    return int(value) if value is not None else None
