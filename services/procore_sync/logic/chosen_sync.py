"""Webhook changes and the reconciliation poll, once staff choose what to import: only imported
projects, the vendors already brought in, and the commitments that fit each project's method and
statuses are followed; everything else in the Procore company is left alone."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Literal

from services.procore_sync.logic.inbound import RESOURCE_FAMILIES, sync_project, sync_vendor
from shared.procore.client import CommitmentKind, updated_between
from shared.procore.imports import ImportSummary, ProjectImporter, kinds_for
from shared.procore.records import ProcoreChange

logger = logging.getLogger(__name__)


def apply_chosen_change(change: ProcoreChange, importer: ProjectImporter) -> str | None:
    family = RESOURCE_FAMILIES.get(change.resource_name.strip().lower())
    if family is None:
        return None
    kind, commitment_kind = family
    if kind == "project":
        return _apply_project_change(change, importer)
    if kind == "vendor":
        return _apply_vendor_change(change, importer)
    assert commitment_kind is not None
    return _apply_commitment_change(change, importer, commitment_kind)


def _apply_project_change(change: ProcoreChange, importer: ProjectImporter) -> str | None:
    tenant_id = change.tenant_id
    if importer.imports.get(tenant_id, change.resource_id) is None:
        return None  # not imported: staff did not choose it
    if change.event_type == "delete":
        return _deactivate(change, importer, "project")
    return sync_project(
        tenant_id, importer.client.get_project(change.resource_id), sink=importer.sink, ids=importer.ids
    )


def _apply_vendor_change(change: ProcoreChange, importer: ProjectImporter) -> str | None:
    tenant_id = change.tenant_id
    if importer.ids.our_id(tenant_id, "vendor", change.resource_id) is None or change.event_type == "delete":
        return None  # only vendors of imported projects; a vendor is never deleted here
    return sync_vendor(
        tenant_id, importer.client.get_vendor(change.resource_id), sink=importer.sink, ids=importer.ids
    )


def _apply_commitment_change(
    change: ProcoreChange, importer: ProjectImporter, commitment_kind: CommitmentKind
) -> str | None:
    tenant_id = change.tenant_id
    chosen = importer.imports.get(tenant_id, change.project_id) if change.project_id else None
    if chosen is None:
        return None
    if change.event_type == "delete":
        return _deactivate(change, importer, "contract")
    return importer.follow_commitment(chosen, commitment_kind, change.resource_id)


def _deactivate(
    change: ProcoreChange, importer: ProjectImporter, kind: Literal["project", "contract"]
) -> str | None:
    our_id = importer.ids.our_id(change.tenant_id, kind, change.resource_id)
    if our_id:
        importer.sink.deactivate(change.tenant_id, kind, our_id)
    return our_id


def reconcile_chosen(
    tenant_id: str, importer: ProjectImporter, *, since: datetime, now: datetime
) -> ImportSummary:
    """What webhooks may have missed (Procore retries them for 24 hours, then drops them)."""
    window = updated_between(since, now)
    total = ImportSummary()
    for chosen in importer.imports.all(tenant_id):
        for raw in importer.client.list_projects(
            {"filters[id][]": [chosen.procore_project_id], "filters[by_status]": "All", **window}
        ):
            sync_project(tenant_id, raw, sink=importer.sink, ids=importer.ids)
        for kind in kinds_for(chosen.method):
            for item in importer.client.list_commitments(kind, chosen.procore_project_id, window):
                if importer.follow_commitment(chosen, kind, int(item["id"])):
                    total.contracts += 1
        if chosen.method == "directory":
            part = importer.sync(chosen)
            total.contracts += part.contracts
            total.skipped += part.skipped
    for raw in importer.client.list_vendors(window):
        if importer.ids.our_id(tenant_id, "vendor", int(raw["id"])):
            sync_vendor(tenant_id, raw, sink=importer.sink, ids=importer.ids)
    return total
