"""The workspace adapter's `vendor_todo`: what a rejection e-mail lists, read from a real
(in-memory) workspace after the automatic check and a human review."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.notify.adapters.workspace_directory import WorkspaceDirectory
from shared import workspace
from shared.clock import FixedClock
from shared.contracts import Certificate, DocumentInfo, Insurer, Party, Policy, Verdict
from shared.events import CertificateExtracted
from shared.workspace import (
    Actor,
    Contact,
    NewContract,
    NewProject,
    RequirementDecision,
    ReviewInput,
    VendorInput,
    WaiveInput,
    open_context,
)
from tests.fakes.bus import InMemoryPublisher
from tests.fakes.item_store import InMemoryItemStore

LOW_GL = "General liability each occurrence is $500,000; the contract requires $1,000,000."
NO_AI = "General liability does not show the certificate holder as additional insured."


def test_rejected_items_carry_the_checks_sentences_and_waived_ones_drop_out():
    clock = FixedClock(datetime(2026, 5, 1, 12, 0, tzinfo=UTC))
    store = InMemoryItemStore()
    tenant, admin, _ = workspace.create_tenant(
        store, clock, name="Summit Builders Inc", admin_email="a@summit.example", admin_name="Ada"
    )
    ctx = open_context(store, Actor(admin.id, admin.email, admin.role, tenant.id), InMemoryPublisher(), clock)
    project = workspace.create_project(ctx, NewProject(number="2231", name="Harbor Point", status="active"))
    contract = workspace.create_contract(
        ctx,
        project.id,
        NewContract(vendor=VendorInput(name="Rivera Concrete LLC"), contact=Contact(email="o@r.example")),
    )
    certificate = Certificate(
        document=DocumentInfo(pages=1, kind="acord25"),
        insured=Party(name="Rivera Concrete LLC"),
        insurers=[Insurer(letter="A", name="Travelers", naic="25674")],
        policies=[
            Policy(
                coverage="general_liability",
                insurer_letter="A",
                policy_number="GL-1",
                effective_date=date(2026, 1, 1),
                expiration_date=date(2027, 1, 1),
                limits={"each_occurrence": 500_000},
            )
        ],
    )
    event = CertificateExtracted(
        tenant_id=tenant.id,
        project_id=project.id,
        contract_id=contract.id,
        document_id="d" * 32,
        bucket="b",
        key="k",
        sha256="e" * 64,
        certificate=certificate,
    )
    verdict = Verdict(
        compliant=False,
        as_of=clock.today(),
        deficiencies=[
            {"code": "LIMIT_BELOW_REQUIRED", "coverage": "general_liability", "message": LOW_GL},
            {"code": "ADDITIONAL_INSURED_MISSING", "coverage": "general_liability", "message": NO_AI},
            {"code": "COVERAGE_MISSING", "coverage": "auto_liability", "message": "No automobile liability."},
        ],
    )
    workspace.store_automatic_verdict(ctx, event, verdict, received_at=clock.now())
    workspace.complete_review(
        ctx,
        "d" * 32,
        ReviewInput(
            decisions=[RequirementDecision(requirement_key="general_liability", status="rejected")],
            notes_to_vendor="Call Acme Insurance.",
        ),
    )
    workspace.waive_requirement(ctx, contract.id, WaiveInput(requirement_key="umbrella", note="small job"))

    todo = WorkspaceDirectory(store, clock=clock).vendor_todo(tenant.id, contract.id)

    assert todo is not None
    by_title = {item.title: item for item in todo.items}
    assert by_title["General liability"].status == "rejected"
    assert by_title["General liability"].problems == (LOW_GL, NO_AI)
    assert by_title["Automobile liability"].status == "missing"
    assert by_title["Automobile liability"].problems == ("No automobile liability.",)
    assert "Umbrella liability" not in by_title  # waived: never in a message
    assert by_title["W-9"].status == "missing"
    assert any("CG 20 10" in e for e in todo.endorsements)
    assert todo.notes_to_vendor == "Call Acme Insurance."
    assert WorkspaceDirectory(store, clock=clock).vendor_todo(tenant.id, "c" * 32) is None
