"""Documents and reviews: draft and done, rejections, approvals with notes, renewals stacking,
waivers, excluded officers, company views and the audit trail."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from pydantic import ValidationError

from shared import workspace
from shared.events import ComplianceChanged, ReviewCompleted
from shared.workspace import (
    Actor,
    AuditEntry,
    Conflict,
    DocumentStatus,
    InvalidInput,
    RequirementDecision,
    ReviewDecisionStatus,
    ReviewInput,
    Role,
    WaiveInput,
    new_id,
    open_context,
)
from tests.unit.workspace.conftest import Desk, gl_policy

ALL_KEYS = ("general_liability", "auto_liability", "umbrella", "workers_comp", "document:w9")


def _approve_all(desk: Desk, document_id: str, **decision: object) -> None:
    workspace.complete_review(
        desk.standard,
        document_id,
        ReviewInput(
            decisions=[RequirementDecision(requirement_key=k, status="active", **decision) for k in ALL_KEYS]
        ),
    )


def test_draft_changes_nothing_until_done(desk: Desk):
    contract = desk.contract(desk.project())
    document_id = desk.deliver(contract)
    draft = ReviewInput(decisions=[RequirementDecision(requirement_key="general_liability", status="active")])

    # WHEN a reviewer saves a draft (then cancels)
    workspace.save_review_draft(desk.standard, document_id, draft)

    # THEN the document still waits and the draft is kept
    assert desk.admin.repo.document(document_id).status == DocumentStatus.NEEDS_REVIEW
    assert desk.admin.repo.contract(contract.id).status == "needs_review"
    kept = workspace.get_review(desk.standard, document_id)
    assert kept is not None
    assert kept.state == "draft"
    assert kept.decisions == draft.decisions

    # WHEN Done is pressed without a body, the draft is applied
    workspace.complete_review(desk.standard, document_id)
    assert desk.admin.repo.document(document_id).status == DocumentStatus.REVIEWED


def test_every_requirement_the_document_shows_must_be_decided(desk: Desk):
    contract = desk.contract(desk.project())
    document_id = desk.deliver(contract)  # shows general liability

    with pytest.raises(InvalidInput) as raised:
        workspace.complete_review(
            desk.standard,
            document_id,
            ReviewInput(decisions=[RequirementDecision(requirement_key="umbrella", status="waived")]),
        )

    assert "decisions[general_liability]" in raised.value.fields


def test_rejection_lists_what_to_fix_for_one_vendor_email(desk: Desk):
    contract = desk.contract(desk.project())
    document_id = desk.deliver(contract, compliant=False)
    desk.publisher.published.clear()

    workspace.complete_review(
        desk.standard,
        document_id,
        ReviewInput(
            decisions=[
                RequirementDecision(
                    requirement_key="general_liability",
                    status="rejected",
                    note="Each occurrence must be $1M.",
                )
            ],
            notes_to_vendor="Please ask your broker for a corrected certificate.",
        ),
    )

    completed = desk.publisher.payloads(ReviewCompleted)
    assert len(completed) == 1
    assert completed[0].rejected is True
    assert completed[0].reasons == ["General liability: Each occurrence must be $1M."]
    assert completed[0].notes_to_vendor == "Please ask your broker for a corrected certificate."
    assert desk.admin.repo.contract(contract.id).status == "non_compliant"
    assert [e.status for e in desk.publisher.payloads(ComplianceChanged)] == ["non_compliant"]


def test_approving_non_compliant_needs_a_note():
    with pytest.raises(ValidationError, match="note is required"):
        RequirementDecision(requirement_key="general_liability", status="approved_non_compliant")


def test_full_approval_makes_the_contract_compliant_and_fills_the_project_bar(desk: Desk):
    project = desk.project()
    contract = desk.contract(project)
    desk.contract(project, vendor="Other Vendor")
    document_id = desk.deliver(contract)

    _approve_all(desk, document_id)

    assert desk.admin.repo.contract(contract.id).status == "compliant"
    bar = desk.admin.repo.project(project.id).compliance_bar
    assert (bar.active_contracts, bar.compliant_contracts, bar.percent) == (2, 1, 50)
    assert workspace.needs_review_queue(desk.standard).items == []


def test_renewal_stacks_and_takes_over_in_the_company_views(desk: Desk):
    # GIVEN an approved certificate expiring in 20 days (Expiring Soon)
    contract = desk.contract(desk.project())
    first = desk.deliver(contract, policies=[gl_policy("GL-1", date(2025, 5, 21), date(2026, 5, 21))])
    _approve_all(desk, first)
    assert workspace.coverage_bucket_counts(desk.admin)["expiring_soon"] == 1

    # WHEN the renewal arrives a few days later and is approved
    desk.clock.advance(days=3)
    renewal = desk.deliver(contract, policies=[gl_policy("GL-2", date(2026, 5, 21), date(2027, 5, 21))])
    assert desk.admin.repo.contract(contract.id).status == "needs_review"
    workspace.complete_review(
        desk.standard,
        renewal,
        ReviewInput(decisions=[RequirementDecision(requirement_key="general_liability", status="active")]),
    )

    # THEN history shows both, the renewal is current, and the old one left the buckets
    detail = workspace.contract_detail(desk.admin, contract.id)
    gl = next(s for s in detail.requirements if s.requirement_key == "general_liability")
    assert [r.policy_number for r in gl.history] == ["GL-2", "GL-1"]
    assert gl.current is not None
    assert gl.current.policy_number == "GL-2"
    counts = workspace.coverage_bucket_counts(desk.admin)
    assert counts["expiring_soon"] == 0
    assert counts["active"] == 5
    assert desk.admin.repo.contract(contract.id).status == "compliant"


def test_expired_coverage_puts_the_contract_on_the_do_not_pay_list_for_that_date(desk: Desk):
    contract = desk.contract(desk.project())
    document_id = desk.deliver(contract, policies=[gl_policy("GL-1", date(2025, 6, 1), date(2026, 6, 1))])
    workspace.complete_review(
        desk.standard,
        document_id,
        ReviewInput(
            decisions=[
                RequirementDecision(requirement_key=k, status="active", expiration_date=date(2026, 6, 1))
                for k in ALL_KEYS
            ]
        ),
    )

    assert workspace.do_not_pay(desk.admin, date(2026, 5, 15)).items == []
    assert [c.id for c in workspace.do_not_pay(desk.admin, date(2026, 6, 2)).items] == [contract.id]
    desk.clock.advance(days=45)
    assert workspace.coverage_bucket_counts(desk.admin)["expired"] == 5


def test_waiver_before_any_document(desk: Desk):
    contract = desk.contract(desk.project())

    workspace.waive_requirement(
        desk.admin, contract.id, WaiveInput(requirement_key="umbrella", note="Small scope")
    )

    detail = workspace.contract_detail(desk.admin, contract.id)
    assert {s.requirement_key: s.status for s in detail.requirements}["umbrella"] == "waived"
    assert workspace.coverage_bucket_counts(desk.admin)["waived"] == 1
    with pytest.raises(InvalidInput):
        workspace.waive_requirement(
            desk.admin, contract.id, WaiveInput(requirement_key="pollution", note="x")
        )


def test_excluded_officers_from_workers_comp_are_listed_per_project(desk: Desk):
    project = desk.project()
    contract = desk.contract(project)
    document_id = desk.deliver(contract)
    decisions = [
        RequirementDecision(requirement_key="general_liability", status="active"),
        RequirementDecision(
            requirement_key="workers_comp",
            status="approved_non_compliant",
            note="Owner excluded; sole officer",
            excluded_officers=["Rosa Rivera"],
        ),
    ]

    workspace.complete_review(desk.standard, document_id, ReviewInput(decisions=decisions))

    listed = workspace.excluded_officers(desk.read_only, project.id)
    assert [(e.vendor_name, e.officers) for e in listed] == [("Rivera Concrete LLC", ["Rosa Rivera"])]


def test_same_file_again_is_a_duplicate_that_cannot_be_reviewed(desk: Desk):
    contract = desk.contract(desk.project())
    first = desk.deliver(contract, sha256="b" * 64)
    second = desk.deliver(contract, sha256="b" * 64)

    duplicate = desk.admin.repo.document(second)
    assert (duplicate.status, duplicate.duplicate_of) == (DocumentStatus.DUPLICATE, first)
    assert desk.admin.repo.contract(contract.id).documents_count == 1
    with pytest.raises(Conflict):
        _approve_all(desk, second)


def test_reviewer_queue_spans_granted_tenants_only(desk: Desk):
    # GIVEN a managed-service reviewer granted on the GC tenant only
    _, reviewer, _ = workspace.create_tenant(
        desk.store,
        desk.clock,
        name="Partners",
        admin_email="rev@partners.example",
        admin_name="R",
        admin_role=Role.REVIEWER,
    )
    workspace.grant_reviewer(desk.admin, "rev@partners.example")
    mine = desk.deliver(desk.contract(desk.project()))
    other_project = workspace.create_project(desk.other, workspace.NewProject(number="1", name="Elsewhere"))
    other_contract = workspace.create_contract(
        desk.other, other_project.id, workspace.NewContract(vendor=workspace.VendorInput(name="Someone"))
    )
    other_desk = Desk(desk.store, desk.clock, desk.publisher, desk.other, desk.other, desk.other, desk.admin)
    other_desk.deliver(other_contract)

    actor = Actor(reviewer.id, reviewer.email, reviewer.role, reviewer.tenant_id)
    queue = workspace.reviewer_queue(desk.store, actor)

    assert [(e.tenant_id, e.document.id) for e in queue] == [(desk.admin.tenant_id, mine)]
    # AND the reviewer can complete a review in the granted tenant
    ctx = open_context(desk.store, actor, desk.publisher, desk.clock, tenant_id=desk.admin.tenant_id)
    workspace.complete_review(
        ctx,
        mine,
        ReviewInput(decisions=[RequirementDecision(requirement_key="general_liability", status="active")]),
    )
    assert desk.admin.repo.document(mine).reviewed_by == "rev@partners.example"


def test_exports_are_csv_with_formula_cells_neutralised(desk: Desk):
    contract = desk.contract(desk.project(), vendor="=HYPERLINK(evil)")
    _approve_all(desk, desk.deliver(contract))

    vendors = list(csv.DictReader(io.StringIO(workspace.export_vendors_csv(desk.admin))))

    assert vendors[0]["Vendor"] == "'=HYPERLINK(evil)"
    assert vendors[0]["Compliance"] == "Compliant"
    # people read it: project number and name, no internal ids, MM/DD/YYYY
    assert vendors[0]["Project number"]
    assert vendors[0]["Project name"]
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", vendors[0]["Compliant until"])
    assert contract.id not in workspace.export_vendors_csv(desk.admin)


def test_audit_entries_cannot_be_rewritten(desk: Desk):
    # GIVEN an audit entry already recorded
    entry = AuditEntry(
        id=new_id(),
        tenant_id=desk.admin.tenant_id,
        at=desk.clock.now(),
        actor="a",
        action="x",
        entity_type="contract",
        entity_id="c" * 32,
    )
    desk.admin.repo.record_audit(entry)
    desk.admin.repo.commit()

    # WHEN someone tries to record it again with other content
    desk.admin.repo.record_audit(entry.model_copy(update={"action": "forged"}))

    # THEN the create-only condition refuses it and the original stands
    with pytest.raises(Conflict):
        desk.admin.repo.commit()
    trail = workspace.audit_trail(desk.admin, entity_type="contract", entity_id="c" * 32).items
    assert [e.action for e in trail] == ["x"]
    assert not hasattr(desk.admin.repo, "update_audit")


def test_a_reviewed_document_can_be_reviewed_again_and_its_values_edited(desk: Desk):
    # GIVEN a document whose general liability was rejected
    contract = desk.contract(desk.project())
    document_id = desk.deliver(contract)
    workspace.complete_review(
        desk.standard,
        document_id,
        ReviewInput(
            decisions=[RequirementDecision(requirement_key="general_liability", status="rejected", note="x")]
        ),
    )
    desk.clock.advance(hours=1)

    # WHEN it is re-reviewed with a corrected expiration date and everything approved
    workspace.complete_review(
        desk.standard,
        document_id,
        ReviewInput(
            decisions=[
                RequirementDecision(
                    requirement_key=k,
                    status="active",
                    expiration_date=date(2027, 3, 1) if k == "general_liability" else None,
                )
                for k in ALL_KEYS
            ]
        ),
    )

    # THEN the same record carries the new decision and value, and the contract is compliant
    records = [
        r for r in desk.admin.repo.coverage_records(contract.id) if r.requirement_key == "general_liability"
    ]
    assert [(r.decision, r.expiration_date) for r in records] == [("active", date(2027, 3, 1))]
    assert desk.admin.repo.contract(contract.id).status == "compliant"
    review = workspace.get_review(desk.standard, document_id)
    assert review is not None
    assert review.rounds == 2


def test_bucket_counters_match_the_coverages_in_the_index(desk: Desk):
    # GIVEN approvals, a renewal that supersedes, a rejection on re-review and a waiver
    contract = desk.contract(desk.project())
    first = desk.deliver(contract, policies=[gl_policy("GL-1", date(2025, 5, 21), date(2026, 5, 21))])
    _approve_all(desk, first)
    desk.clock.advance(days=1)
    renewal = desk.deliver(contract, policies=[gl_policy("GL-2", date(2026, 5, 21), date(2027, 5, 21))])
    gl_only = [RequirementDecision(requirement_key="general_liability", status="active")]
    workspace.complete_review(desk.standard, renewal, ReviewInput(decisions=gl_only))
    workspace.complete_review(
        desk.standard,
        renewal,
        ReviewInput(
            decisions=[RequirementDecision(requirement_key="general_liability", status="rejected", note="x")]
        ),
    )
    workspace.waive_requirement(
        desk.admin, contract.id, WaiveInput(requirement_key="umbrella", note="Small scope")
    )

    # WHEN the counters are summed and the index is counted item by item
    counts = workspace.coverage_bucket_counts(desk.admin)
    indexed = {
        decision: len(desk.admin.repo.coverage_bucket(decision, limit=200).items)
        for decision in ReviewDecisionStatus
    }

    # THEN they agree
    assert (
        counts["active"] + counts["expiring_soon"] + counts["expired"] == indexed[ReviewDecisionStatus.ACTIVE]
    )
    assert counts["waived"] == indexed[ReviewDecisionStatus.WAIVED]
    assert counts["approved_non_compliant"] == indexed[ReviewDecisionStatus.APPROVED_NON_COMPLIANT]
    assert counts["waived"] == 1
    # AND rejecting the renewal on re-review put the earlier certificate back in the views
    current = desk.admin.repo.coverage_bucket(ReviewDecisionStatus.ACTIVE, limit=200).items
    assert "GL-1" in {r.policy_number for r in current}


def test_daily_refresh_turns_lapsed_compliant_contracts_non_compliant(desk: Desk):
    # GIVEN a contract compliant until its policies end on 2026-06-01
    contract = desk.contract(desk.project())
    document_id = desk.deliver(contract)
    workspace.complete_review(
        desk.standard,
        document_id,
        ReviewInput(
            decisions=[
                RequirementDecision(requirement_key=k, status="active", expiration_date=date(2026, 6, 1))
                for k in ALL_KEYS
            ]
        ),
    )
    assert workspace.refresh_lapsed_contracts(desk.admin) == []

    # WHEN the daily job runs after that date
    desk.clock.advance(days=40)
    desk.publisher.published.clear()
    changed = workspace.refresh_lapsed_contracts(desk.admin)

    # THEN the contract is non-compliant and that is announced
    assert [c.id for c in changed] == [contract.id]
    assert desk.admin.repo.contract(contract.id).status == "non_compliant"
    assert [(e.previous_status, e.status) for e in desk.publisher.payloads(ComplianceChanged)] == [
        ("compliant", "non_compliant")
    ]
    from shared.workspace import tenant_ids

    assert desk.admin.tenant_id in tenant_ids(desk.store)


def test_cross_tenant_queue_pages_through_every_granted_tenant(desk: Desk):
    # GIVEN a reviewer granted on two tenants with two documents waiting in each
    _, reviewer, _ = workspace.create_tenant(
        desk.store,
        desk.clock,
        name="Partners",
        admin_email="rev2@partners.example",
        admin_name="R",
        admin_role=Role.REVIEWER,
    )
    workspace.grant_reviewer(desk.admin, "rev2@partners.example")
    workspace.grant_reviewer(desk.other, "rev2@partners.example")
    other_desk = Desk(desk.store, desk.clock, desk.publisher, desk.other, desk.other, desk.other, desk.admin)
    waiting = set()
    for each in (desk, other_desk):
        contract = each.contract(each.project())
        waiting |= {each.deliver(contract), each.deliver(contract)}
    actor = Actor(reviewer.id, reviewer.email, reviewer.role, reviewer.tenant_id)

    # WHEN read three at a time
    seen, cursor = [], None
    while True:
        page = workspace.reviewer_queue_page(desk.store, actor, cursor=cursor, limit=3)
        seen += [e.document.id for e in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break

    # THEN every waiting document comes exactly once
    assert sorted(seen) == sorted(waiting)
    with pytest.raises(InvalidInput):
        workspace.reviewer_queue_page(desk.store, actor, cursor="bogus")
