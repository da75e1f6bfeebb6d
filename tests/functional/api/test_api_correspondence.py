"""The action-needed list and a contract's message history, as notify recorded them."""

from __future__ import annotations

from datetime import UTC, datetime

from services.notify.adapters.dynamo_store import DynamoNotifyStore
from shared.correspondence import ActionItem
from tests.functional.api.conftest import Scenario, World


def test_action_needed_lists_notifys_items_for_this_tenant_only(world: World, scenario: Scenario):
    # GIVEN notify raised an item for the scenario's contract and one for another tenant (on the
    # table the API reads)
    notify_store = DynamoNotifyStore(world.services.correspondence.model)
    notify_store.put_action(
        ActionItem(
            tenant_id=world.gc.tenant_id,
            kind="non_responsive_request",
            contract_id=scenario.contract_id,
            project_id=scenario.project_id,
            ref="request-1",
            created_at=datetime(2026, 5, 2, tzinfo=UTC),
            detail="3 reminders unanswered",
        )
    )
    notify_store.put_action(
        ActionItem(
            tenant_id=world.other.tenant_id,
            kind="non_responsive_request",
            contract_id="elsewhere",
            ref="request-1",
            created_at=datetime(2026, 5, 2, tzinfo=UTC),
        )
    )

    # WHEN a read-only user of the GC asks for the list
    response = world.call("GET", "/api/action-needed", world.gc.read_only)

    # THEN only the GC's item is there, with the vendor's name
    assert response.status_code == 200
    items = response.json_body["items"]
    expected = [("non_responsive_request", scenario.contract_id)]
    assert [(i["kind"], i["contract_id"]) for i in items] == expected
    assert items[0]["vendor_name"]
    assert items[0]["detail"] == "3 reminders unanswered"
    assert response.json_body["next_cursor"] is None

    # AND filtering by another contract finds nothing
    filtered = world.call("GET", "/api/action-needed?contract_id=other", world.gc.read_only)
    assert filtered.json_body["items"] == []


def test_message_history_is_empty_before_notify_sent_anything(world: World, scenario: Scenario):
    response = world.call("GET", f"/api/contracts/{scenario.contract_id}/messages", world.gc.admin)
    assert response.status_code == 200
    assert response.json_body == {"items": [], "next_cursor": None}
