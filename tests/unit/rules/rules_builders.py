"""Builders for the rules tests: a compliant baseline certificate and requirement group to vary."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from services.review.rules import check_certificate
from shared.contracts.carriers import CarrierTable, load_carriers_csv
from shared.contracts.certificate import Certificate
from shared.contracts.requirements import Requirements
from shared.contracts.verdict import Verdict

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rules"
AS_OF = date(2026, 5, 1)

_BASE_CERTIFICATE: dict[str, Any] = json.loads((FIXTURES / "certificate_compliant.json").read_text())
_BASE_REQUIREMENTS: dict[str, Any] = json.loads((FIXTURES / "requirements_default.json").read_text())
CARRIERS: CarrierTable = load_carriers_csv(FIXTURES / "carriers_sample.csv")


def base_certificate() -> dict[str, Any]:
    return copy.deepcopy(_BASE_CERTIFICATE)


def base_requirements() -> dict[str, Any]:
    return copy.deepcopy(_BASE_REQUIREMENTS)


def policy(certificate: dict[str, Any], coverage: str) -> dict[str, Any]:
    return next(p for p in certificate["policies"] if p["coverage"] == coverage)


def requirement(requirements: dict[str, Any], coverage: str) -> dict[str, Any]:
    return next(r for r in requirements["coverages"] if r["coverage"] == coverage)


def run_check(
    certificate: dict[str, Any],
    requirements: dict[str, Any],
    carriers: CarrierTable = CARRIERS,
    as_of: date | None = None,
) -> Verdict:
    return check_certificate(
        Certificate.model_validate(certificate),
        Requirements.model_validate(requirements),
        carriers=carriers,
        as_of=as_of,
    )


def codes(verdict: Verdict) -> list[tuple[str, str | None, str | None]]:
    return [(d.code, d.coverage, d.field) for d in verdict.deficiencies]


Mutation = Callable[[dict[str, Any]], None]
