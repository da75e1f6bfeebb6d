"""Applying each ERP's codes before a file is written: nothing goes out under an id the ERP does
not know. A vendor without a valid code is left out of that ERP's file and listed on the export as
"needs an ERP code". The codes and their rules are `shared.erp.codes`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.erp_export.models import ContractComplianceState
from shared.erp.codes import REQUIRED, CodeKind, ErpCodes, code_problem, normalize
from shared.erp.records import ERP_TITLES, ErpName, LeftOut


@dataclass(frozen=True)
class Prepared:
    """One ERP's view of the contracts: ERP codes in place of ours."""

    # Every active contract of a vendor with a valid vendor code (vendor-level holds).
    contracts: list[ContractComplianceState]
    # Those whose job and commitment codes the ERP needs are known too (contract-level rows).
    contract_rows: list[ContractComplianceState]
    left_out: list[LeftOut]


def _code(erp: str, kind: CodeKind, stored: str | None, fallback: str | None) -> str | None:
    if stored and code_problem(erp, kind, stored) is None:
        return stored
    if fallback and code_problem(erp, kind, fallback.strip()) is None:
        return normalize(erp, kind, fallback)
    return None


def prepare(erp: ErpName, states: Iterable[ContractComplianceState], codes: ErpCodes) -> Prepared:
    required = REQUIRED[erp]
    title = ERP_TITLES[erp]
    contracts: list[ContractComplianceState] = []
    rows: list[ContractComplianceState] = []
    left_out: dict[tuple[str, str], LeftOut] = {}
    for state in states:
        if not state.active:
            continue
        name = state.vendor_name or "Unnamed vendor"
        vendor = _code(erp, "vendor", codes.get(erp, "vendor", state.vendor_id), state.vendor_code)
        if vendor is None:
            left_out[(state.vendor_id, "")] = LeftOut(
                vendor_id=state.vendor_id,
                vendor_name=name,
                missing="vendor",
                reason=f"needs an ERP code: no valid {title} vendor code",
            )
            continue
        job = _code(erp, "job", codes.get(erp, "job", state.project_id), state.project_number)
        commitment = _code(
            erp, "commitment", codes.get(erp, "commitment", state.contract_id), state.contract_number
        )
        coded = state.model_copy(
            update={"vendor_code": vendor, "project_number": job, "contract_number": commitment}
        )
        contracts.append(coded)
        missing: CodeKind | None = next(
            (k for k, v in (("job", job), ("commitment", commitment)) if k in required and v is None), None
        )
        if missing is None:
            rows.append(coded)
        else:
            left_out[(state.vendor_id, state.contract_id)] = LeftOut(
                vendor_id=state.vendor_id,
                vendor_name=name,
                missing=missing,
                reason=f"needs an ERP code: no valid {title} {missing} code for this contract",
                project_id=state.project_id,
                contract_id=state.contract_id,
            )
    ordered = sorted(
        left_out.values(), key=lambda e: (e.vendor_name.lower(), e.vendor_id, e.contract_id or "")
    )
    return Prepared(contracts, rows, ordered)
