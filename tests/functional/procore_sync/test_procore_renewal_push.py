"""A review that keeps the contract's status still refreshes Procore: the new policy dates reach
the vendor's insurance records (a ComplianceChanged with previous == status goes out)."""

from __future__ import annotations

from datetime import date

from services.procore_sync.logic.outbound import push_compliance
from shared import workspace
from shared.events import ComplianceChanged
from shared.procore.records import ProcoreConnection, ProcoreRef
from shared.workspace import RequirementDecision, ReviewInput
from tests.fakes.procore import FakeProcore, connected_client_factory
from tests.fakes.procore_stores import InMemoryConnectionStore, InMemoryIdMap
from tests.unit.workspace.conftest import Desk, desk, gl_policy  # noqa: F401 - the fixture

ALL_KEYS = ("general_liability", "auto_liability", "umbrella", "workers_comp", "document:w9")


def approve(desk: Desk, document_id: str, keys: tuple[str, ...] = ALL_KEYS, **gl: object) -> None:  # noqa: F811
    workspace.complete_review(
        desk.standard,
        document_id,
        ReviewInput(
            decisions=[
                RequirementDecision(
                    requirement_key=k, status="active", **(gl if k == "general_liability" else {})
                )
                for k in keys
            ]
        ),
    )


def compliance_events(desk: Desk) -> list[ComplianceChanged]:  # noqa: F811
    return desk.publisher.payloads(ComplianceChanged)


def keys_of(desk: Desk) -> list[str]:  # noqa: F811
    return [
        e.metadata.idempotency_key for e in desk.publisher.published if isinstance(e.data, ComplianceChanged)
    ]


def test_correcting_an_approved_policy_keeps_compliant_and_still_announces_the_new_dates(desk: Desk):  # noqa: F811
    # GIVEN a compliant contract
    contract = desk.contract(desk.project())
    document_id = desk.deliver(contract, policies=[gl_policy("GL-1", date(2026, 1, 1), date(2027, 1, 1))])
    approve(desk, document_id)
    assert desk.admin.repo.contract(contract.id).status == "compliant"
    before = len(compliance_events(desk))
    # WHEN staff review it again, correcting the general liability's expiration date
    desk.clock.advance(hours=1)
    approve(desk, document_id, expiration_date=date(2027, 3, 1))
    # THEN the status stays compliant, and a ComplianceChanged still carries the new date
    assert desk.admin.repo.contract(contract.id).status == "compliant"
    (event,) = compliance_events(desk)[before:]
    assert (event.previous_status, event.status) == ("compliant", "compliant")
    gl = next(c for c in event.coverages if c.coverage == "general_liability")
    assert gl.expiration_date == date(2027, 3, 1)
    # AND its idempotency key is its own (not the earlier event's, which consumers already handled)
    assert len(set(keys_of(desk))) == len(keys_of(desk))


def test_a_renewal_approved_while_another_certificate_waits_refreshes_the_procore_insurance(desk: Desk):  # noqa: F811
    # GIVEN a contract linked to Procore, its insurance record pushed once
    contract = desk.contract(desk.project())
    fake = FakeProcore(now=desk.clock.now)
    fake.add_project(11, "Harbor Point")
    fake.add_vendor(5, "Rivera Concrete LLC")
    ids = InMemoryIdMap()
    ids.remember(desk.admin.tenant_id, "project", contract.project_id, ProcoreRef(11))
    ids.remember(desk.admin.tenant_id, "vendor", contract.vendor_id, ProcoreRef(5))
    connections = InMemoryConnectionStore()
    connections.put(ProcoreConnection(desk.admin.tenant_id, fake.company_id, "client_credentials"))
    client_for = connected_client_factory(fake, clock=desk.clock)

    def push_all(events: list[ComplianceChanged]) -> None:
        for n, event in enumerate(events):
            push_compliance(
                event, idempotency_key=f"k{n}", connections=connections, ids=ids, client_for=client_for
            )

    first = desk.deliver(contract, policies=[gl_policy("GL-1", date(2025, 6, 1), date(2026, 6, 1))])
    approve(desk, first)
    push_all(compliance_events(desk))
    # WHEN two more certificates arrive and the renewal is approved while the other still waits
    desk.clock.advance(days=3)
    renewal = desk.deliver(contract, policies=[gl_policy("GL-2", date(2026, 6, 1), date(2027, 6, 1))])
    desk.deliver(contract, policies=[gl_policy("GL-X", date(2026, 6, 1), date(2027, 6, 1))])
    status_before = desk.admin.repo.contract(contract.id).status
    before = len(compliance_events(desk))
    approve(desk, renewal, keys=("general_liability",))
    assert desk.admin.repo.contract(contract.id).status == status_before == "needs_review"
    events = compliance_events(desk)[before:]
    push_all(events)
    # THEN Procore's general liability record carries the renewal's policy and dates
    assert [(e.previous_status, e.status) for e in events] == [("needs_review", "needs_review")]
    (record,) = [
        r for r in fake.insurances_for(5, project_id=11) if r["insurance_type"] == "General Liability"
    ]
    assert (record["policy_number"], record["effective_date"], record["expiration_date"]) == (
        "GL-2",
        "2026-06-01",
        "2027-06-01",
    )
