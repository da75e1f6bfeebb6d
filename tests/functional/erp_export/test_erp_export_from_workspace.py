"""Contract check: what the workspace really emits is what erp_export (and procore_sync) consume."""

from __future__ import annotations

from datetime import UTC, datetime

from services.erp_export.adapters.dynamodb import DynamoExportStateStore
from services.erp_export.formatters.sage300 import format_sage300
from services.erp_export.handlers import compliance as erp_handler
from shared import workspace
from shared.clock import FixedClock
from shared.events import ComplianceChanged
from shared.runtime import BusEvent
from shared.workspace import ContractUpdate, NewContract, NewProject, VendorInput, open_context, system_actor
from tests.fakes.bus import InMemoryPublisher
from tests.fakes.item_store import InMemoryItemStore

TABLE = "coi-workspace-erp-test"


def test_compliance_changes_emitted_by_the_workspace_feed_the_erp_state(
    aws, make_sqs_event, make_eventbridge_body
):
    # GIVEN a real workspace contract whose vendor has an ERP code, deactivated then reactivated
    clock = FixedClock(datetime(2026, 5, 1, 12, tzinfo=UTC))
    store = InMemoryItemStore()
    tenant, _, _ = workspace.create_tenant(
        store, clock, name="Summit Builders Inc", admin_email="a@s.example", admin_name="A"
    )
    publisher = InMemoryPublisher()
    ctx = open_context(store, system_actor(tenant.id), publisher, clock)
    project = workspace.create_project(ctx, NewProject(number="2231", name="Harbor Point"))
    contract = workspace.create_contract(
        ctx,
        project.id,
        NewContract(vendor=VendorInput(name="Rivera Concrete LLC", code="RIV001"), number="SC-007"),
    )
    workspace.update_contract(ctx, contract.id, ContractUpdate(active=False))
    clock.advance(minutes=5)
    workspace.update_contract(ctx, contract.id, ContractUpdate(active=True))
    emitted = [e for e in publisher.published if isinstance(e.data, ComplianceChanged)]
    assert len(emitted) == 2
    # WHEN they reach both consumers as EventBridge events on SQS
    bodies = [make_eventbridge_body(e.model_dump_json(), e.metadata.name) for e in emitted]
    for body in bodies:
        BusEvent[ComplianceChanged].model_validate_json(body)  # procore_sync's parser accepts them
    states = DynamoExportStateStore(aws["dynamodb"], TABLE)
    response = erp_handler.handle_batch(make_sqs_event(*bodies), None, store=states)
    # THEN the ERP state holds the latest, with the names the export prints
    assert response["batchItemFailures"] == []
    (state,) = states.contracts(tenant.id)
    assert (state.status, state.vendor_code, state.project_number, state.contract_number) == (
        emitted[-1].data.status,
        "RIV001",
        "2231",
        "SC-007",
    )
    assert format_sage300([state])[0].decode().splitlines()[1].startswith("RIV001,Rivera Concrete LLC,")
