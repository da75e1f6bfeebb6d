"""Renewal changes reach Procore: each insurance record's notes, and the commitment's insurance notes."""

from __future__ import annotations

from datetime import date

from services.procore_sync.logic.outbound import _notes, insurance_update
from shared.contracts.changes import Change
from shared.events import ComplianceChanged, CoverageSnapshot

LOWER = Change(
    code="CARRIER_RATING_LOWER",
    coverage="general_liability",
    field="insurer",
    previous="A++ XV",
    current="B+ VIII",
    severity="warning",
    message="The new general liability policy is written by X, rated B+; the previous one by Y, rated A++.",
)
DROPPED_FORM = Change(
    code="ENDORSEMENT_DROPPED",
    coverage=None,
    field="endorsements",
    previous="IL 99 99",
    severity="warning",
    message="Endorsement IL 99 99 was on the previous certificate and is gone from the new one.",
)


def _event(changes: list[Change]) -> ComplianceChanged:
    return ComplianceChanged(
        tenant_id="t1",
        project_id="p1",
        contract_id="c1",
        vendor_id="v1",
        status="compliant",
        coverages=[
            CoverageSnapshot(coverage="general_liability", status="active", expiration_date=date(2028, 1, 1)),
            CoverageSnapshot(coverage="auto_liability", status="active", expiration_date=date(2028, 1, 1)),
        ],
        changes=changes,
    )


def test_the_changed_coverage_record_carries_the_change_in_its_notes() -> None:
    event = _event([LOWER])
    general, auto = (insurance_update(event, c, "project") for c in event.coverages)
    assert general["notes"] == f"Changed since the previous certificate: {LOWER.message}"
    assert "notes" not in auto


def test_without_changes_no_notes_are_sent() -> None:
    event = _event([])
    assert all("notes" not in insurance_update(event, c, "project") for c in event.coverages)


def test_a_document_wide_warning_goes_to_the_commitment_notes() -> None:
    assert DROPPED_FORM.message in _notes(_event([DROPPED_FORM]))
