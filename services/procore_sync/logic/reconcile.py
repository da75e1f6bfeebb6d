"""Scheduled reconciliation: Procore discards webhooks it could not deliver after 24 hours, so a
poll on `filters[updated_at]` since the last cursor backs them. The window overlaps the previous
one a little (clock skew, late commits); upserts are idempotent so the overlap costs nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from services.procore_sync.logic.chosen_sync import reconcile_chosen
from services.procore_sync.logic.inbound import sync_commitment, sync_project, sync_vendor
from services.procore_sync.ports import CursorStore, ProcorePorts
from shared.clock import Clock
from shared.procore.client import COMMITMENT_KINDS, ProcoreClient, updated_between
from shared.procore.ports import ConnectionStore, IdMap, WorkspaceSink
from shared.procore.records import ProcoreConnection

logger = logging.getLogger(__name__)

FIRST_LOOKBACK = timedelta(days=1)
WINDOW_OVERLAP = timedelta(minutes=10)


@dataclass
class ReconcileSummary:
    tenant_id: str
    projects: int = 0
    vendors: int = 0
    contracts: int = 0


@dataclass
class ReconcileRun:
    summaries: list[ReconcileSummary] = field(default_factory=list)
    failed_tenants: list[str] = field(default_factory=list)


class ReconcileFailedError(RuntimeError):
    pass


@dataclass(frozen=True)
class ReconcileStores:
    """Where a poll writes (the workspace and the id map), where it keeps its cursor, and its clock."""

    sink: WorkspaceSink
    ids: IdMap
    cursors: CursorStore
    clock: Clock


def reconcile_tenant(
    connection: ProcoreConnection, *, client: ProcoreClient, stores: ReconcileStores
) -> ReconcileSummary:
    sink, ids, cursors = stores.sink, stores.ids, stores.cursors
    tenant_id = connection.tenant_id
    now = stores.clock.now()
    since = (cursors.last_polled(tenant_id) or now - FIRST_LOOKBACK) - WINDOW_OVERLAP
    window = updated_between(since, now)
    summary = ReconcileSummary(tenant_id)
    for raw in client.list_projects(window):
        sync_project(tenant_id, raw, sink=sink, ids=ids)
        summary.projects += 1
    for raw in client.list_vendors(window):
        sync_vendor(tenant_id, raw, sink=sink, ids=ids)
        summary.vendors += 1
    # Commitments are listed per project; a changed commitment need not change its project.
    for project in client.list_projects({"filters[by_status]": "Active"}):
        for kind in COMMITMENT_KINDS:
            for raw in client.list_commitments(kind, int(project["id"]), window):
                if sync_commitment(tenant_id, kind, raw, client=client, sink=sink, ids=ids):
                    summary.contracts += 1
    # The cursor moves only after the whole window was applied, so a failure re-polls it.
    cursors.save(tenant_id, now)
    return summary


def reconcile_all(
    *,
    connections: ConnectionStore,
    client_for: Callable[[ProcoreConnection], ProcoreClient],
    stores: ReconcileStores,
) -> ReconcileRun:
    run = ReconcileRun()
    for connection in connections.all():
        if not connection.enabled:
            continue
        try:
            summary = reconcile_tenant(connection, client=client_for(connection), stores=stores)
        except Exception:
            # One tenant's broken connection must not stop the others.
            logger.exception("procore reconciliation failed", extra={"tenant_id": connection.tenant_id})
            run.failed_tenants.append(connection.tenant_id)
            continue
        logger.info("procore reconciliation done", extra=vars(summary))
        run.summaries.append(summary)
    return run


def reconcile(ports: ProcorePorts) -> dict[str, Any]:
    """Every enabled connection polled; raises after the others are done when one failed, so the
    schedule retries."""
    if ports.imports is not None:
        return _reconcile_chosen(ports)
    run = reconcile_all(
        connections=ports.connections,
        client_for=ports.client_for,
        stores=ReconcileStores(sink=ports.sink, ids=ports.ids, cursors=ports.cursors, clock=ports.clock),
    )
    if run.failed_tenants:
        raise ReconcileFailedError(f"reconciliation failed for {len(run.failed_tenants)} tenant(s)")
    return {"tenants": [vars(s) for s in run.summaries]}


def _reconcile_chosen(deps: ProcorePorts) -> dict[str, Any]:
    """Tenants that choose their imports: only imported projects are followed."""
    failed: list[str] = []
    summaries: list[dict[str, Any]] = []
    for connection in deps.connections.all():
        if not connection.enabled or not connection.company_id:
            continue
        tenant_id = connection.tenant_id
        now = deps.clock.now()
        since = (deps.cursors.last_polled(tenant_id) or now - FIRST_LOOKBACK) - WINDOW_OVERLAP
        importer = deps.importer_for(connection)
        assert importer is not None  # imports are set (checked by the caller)
        try:
            summary = reconcile_chosen(tenant_id, importer, since=since, now=now)
        except Exception as error:
            logger.exception("procore reconciliation failed", extra={"tenant_id": tenant_id})
            if deps.health is not None:
                deps.health.record(tenant_id, at=now, error=f"Reconciliation failed: {str(error)[:300]}")
            failed.append(tenant_id)
            continue
        deps.cursors.save(tenant_id, now)
        if deps.health is not None:
            deps.health.record(tenant_id, at=now)
        summaries.append({"tenant_id": tenant_id, "contracts": summary.contracts, "skipped": summary.skipped})
    if failed:
        raise ReconcileFailedError(f"reconciliation failed for {len(failed)} tenant(s)")
    return {"tenants": summaries}
