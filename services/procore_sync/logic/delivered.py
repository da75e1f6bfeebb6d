"""One change Procore told us about (a webhook delivery the API accepted): applied for a tenant
still connected to that company, through its import choices when staff made them."""

from __future__ import annotations

from dataclasses import dataclass

from services.procore_sync.logic.chosen_sync import apply_chosen_change
from services.procore_sync.logic.inbound import apply_change
from shared.procore.records import ProcoreChange
from shared.procore.wiring import ProcoreIntegration


@dataclass(frozen=True)
class DeliveredOutcome:
    connected: bool
    our_id: str | None = None


def apply_delivered_change(change: ProcoreChange, ports: ProcoreIntegration) -> DeliveredOutcome:
    connection = ports.connections.get(change.tenant_id)
    if connection is None or not connection.enabled or connection.company_id != change.company_id:
        return DeliveredOutcome(connected=False)
    importer = ports.importer_for(connection)
    if importer is not None:
        our_id = apply_chosen_change(change, importer)
    else:
        our_id = apply_change(change, client=ports.client_for(connection), sink=ports.sink, ids=ports.ids)
    if ports.health is not None:
        ports.health.record(change.tenant_id, at=ports.clock.now())
    return DeliveredOutcome(connected=True, our_id=our_id)
