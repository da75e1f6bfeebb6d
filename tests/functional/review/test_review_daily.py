"""The daily refresh: a compliant contract whose approved coverage lapsed becomes non-compliant."""

from __future__ import annotations

from datetime import date

from services.review.handlers.review import process_batch
from services.review.logic.daily import refresh_all_tenants
from shared import workspace
from shared.events import ComplianceChanged
from shared.workspace import TenantRepository, TenantSettingsUpdate, WaiveInput, waive_requirement
from tests.functional.review.conftest import ReviewWorld
from tests.functional.review.review_events import compliant_certificate, extracted_envelope, sqs_event_for


def _make_compliant(world: ReviewWorld, expiration: date) -> TenantRepository:
    workspace.update_tenant_settings(world.ctx, TenantSettingsUpdate(auto_approve_compliant=True))
    waive_w9 = WaiveInput(requirement_key="document:w9", note="W-9 on file")
    waive_requirement(world.ctx, world.contract.id, waive_w9)
    certificate = compliant_certificate(
        "Rivera Concrete LLC", "Summit Builders Inc", ["Summit Builders Inc"], expiration=expiration
    )
    envelope = extracted_envelope(
        tenant_id=world.contract.tenant_id,
        project_id=world.project.id,
        contract_id=world.contract.id,
        certificate=certificate,
    )
    process_batch(sqs_event_for(envelope), None, world.ports)
    return TenantRepository(world.ports.store, world.contract.tenant_id)


def test_contract_turns_non_compliant_the_day_after_its_coverage_expires(review_world: ReviewWorld):
    # GIVEN a contract made compliant by a certificate whose policies expire on 2026-06-30
    repo = _make_compliant(review_world, expiration=date(2026, 6, 30))
    assert repo.contract(review_world.contract.id).status == "compliant"
    review_world.publisher.published.clear()

    # WHEN the daily job runs while the policies are still in force
    review_world.clock.advance(days=60)  # 2026-06-30
    quiet = refresh_all_tenants(review_world.ports)

    # THEN nothing changes
    assert quiet.lapsed_contracts == 0
    assert repo.contract(review_world.contract.id).status == "compliant"

    # WHEN it runs the day after they expired
    review_world.clock.advance(days=1)
    report = refresh_all_tenants(review_world.ports)

    # THEN the contract is non-compliant and everyone downstream is told once
    assert report.tenants == 1
    assert report.lapsed_contracts == 1
    assert report.failed_tenants == []
    assert repo.contract(review_world.contract.id).status == "non_compliant"
    changes = review_world.publisher.payloads(ComplianceChanged)
    assert [(c.previous_status, c.status) for c in changes] == [("compliant", "non_compliant")]

    # AND running again the same day changes nothing more
    assert refresh_all_tenants(review_world.ports).lapsed_contracts == 0
