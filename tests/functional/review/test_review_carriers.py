"""The review handler rates insurers through the tenant's own carrier table (moto DynamoDB)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from services.review.handlers.review import process_batch
from shared import workspace
from shared.contracts.carriers import Carrier, CarrierTable
from shared.workspace import TenantRepository
from tests.functional.review.conftest import ReviewWorld
from tests.functional.review.review_events import compliant_certificate, extracted_envelope, sqs_event_for

HEADER = "naic,name,am_best_rating,am_best_size\n"


def _review(world: ReviewWorld, system: CarrierTable) -> list[tuple[str, str]]:
    """Review the standard compliant certificate (insurers Travelers = A, Liberty Mutual = B)."""
    certificate = compliant_certificate("Rivera Concrete LLC", "Summit Builders Inc", ["Summit Builders Inc"])
    envelope = extracted_envelope(
        tenant_id=world.contract.tenant_id,
        project_id=world.project.id,
        contract_id=world.contract.id,
        certificate=certificate,
    )
    response = process_batch(sqs_event_for(envelope), None, replace(world.ports, carriers=system))
    assert response == {"batchItemFailures": []}
    document = TenantRepository(world.ports.store, world.contract.tenant_id).document(
        envelope.data.document_id
    )
    assert document.verdict is not None
    return sorted(
        (str(d.code), str(d.coverage)) for d in document.verdict.deficiencies if d.code.startswith("INSURER")
    )


def test_insurers_rated_in_the_tenant_table_pass_without_a_system_table(review_world: ReviewWorld):
    # GIVEN no system table, and the tenant's own table rating both insurers (one by name only)
    workspace.replace_carrier_table(
        review_world.ctx,
        HEADER + '25674,Travelers Property Casualty Co,A++,XV\n,"LIBERTY MUTUAL FIRE INS. CO.",A,XV\n',
    )

    # WHEN the certificate is reviewed THEN no insurer deficiency is raised
    assert _review(review_world, CarrierTable()) == []


def test_an_insurer_missing_from_the_tenant_table_is_not_rated(review_world: ReviewWorld):
    # GIVEN a tenant table that lists Travelers only, and no system table
    workspace.replace_carrier_table(
        review_world.ctx, HEADER + "25674,Travelers Property Casualty Co,A++,XV\n"
    )

    # WHEN reviewed THEN only workers' compensation (insured by Liberty Mutual) is unrated
    assert _review(review_world, CarrierTable()) == [("INSURER_NOT_RATED", "workers_comp")]


@pytest.mark.parametrize(("rating", "size"), [("B++", "XV"), ("A", "VI")])
def test_a_tenant_rating_below_the_minimum_is_reported(review_world: ReviewWorld, rating: str, size: str):
    # GIVEN a tenant table rating Liberty Mutual below A- VII, over a system table rating it well
    workspace.replace_carrier_table(
        review_world.ctx,
        HEADER + f"25674,Travelers Property Casualty Co,A++,XV\n23035,Liberty Mutual,{rating},{size}\n",
    )
    system = CarrierTable(
        [Carrier(naic="23035", name="Liberty Mutual", am_best_rating="A++", am_best_size="XV")]
    )

    # WHEN reviewed THEN the tenant's rating is the one applied
    assert _review(review_world, system) == [("INSURER_RATING_BELOW_MINIMUM", "workers_comp")]


def test_the_system_table_rates_insurers_the_tenant_does_not_list(review_world: ReviewWorld):
    # GIVEN a tenant table with Travelers only and a system table with Liberty Mutual
    workspace.replace_carrier_table(
        review_world.ctx, HEADER + "25674,Travelers Property Casualty Co,A++,XV\n"
    )
    system = CarrierTable(
        [Carrier(naic="23035", name="Liberty Mutual", am_best_rating="A", am_best_size="XV")]
    )

    # WHEN reviewed THEN both insurers are rated
    assert _review(review_world, system) == []
