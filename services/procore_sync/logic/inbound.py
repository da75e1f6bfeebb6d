"""Records flowing in from Procore: fetch the changed resource, upsert it into the workspace,
remember the id mapping (used when compliance flows back out).

Projects, company vendors and commitments (work order and purchase order contracts) flow in.
A commitment brings its project and vendor along when they are not known yet, so a contract
never lands without the records it points at.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Literal

from shared.procore.client import CommitmentKind, ProcoreClient, ProcoreNotFoundError
from shared.procore.from_procore import (
    InboundChangeError,
    commitment_from_procore,
    project_from_procore,
    vendor_from_procore,
)
from shared.procore.ports import IdMap, WorkspaceSink
from shared.procore.records import (
    MappedKind,
    ProcoreChange,
    ProcoreCommitment,
    ProcoreRef,
)

logger = logging.getLogger(__name__)

ResourceFamily = Literal["project", "vendor", "contract"]

# Procore's webhook resource names (compared case-insensitively) -> what they change here.
RESOURCE_FAMILIES: dict[str, tuple[ResourceFamily, CommitmentKind | None]] = {
    "projects": ("project", None),
    "company vendors": ("vendor", None),
    "project vendors": ("vendor", None),
    "vendors": ("vendor", None),
    "work order contracts": ("contract", "work_order_contracts"),
    "purchase order contracts": ("contract", "purchase_order_contracts"),
}


def apply_change(
    change: ProcoreChange, *, client: ProcoreClient, sink: WorkspaceSink, ids: IdMap
) -> str | None:
    """Apply one change; returns our id of the record touched, None when ignored."""
    family = RESOURCE_FAMILIES.get(change.resource_name.strip().lower())
    if family is None:
        logger.info("procore resource not synced", extra={"resource": change.resource_name})
        return None
    kind, commitment_kind = family
    if change.event_type == "delete":
        return _deactivate(change, kind, sink=sink, ids=ids)
    try:
        if kind == "project":
            return sync_project(change.tenant_id, client.get_project(change.resource_id), sink=sink, ids=ids)
        if kind == "vendor":
            return sync_vendor(change.tenant_id, client.get_vendor(change.resource_id), sink=sink, ids=ids)
        assert commitment_kind is not None
        if change.project_id is None:
            raise InboundChangeError(
                f"{change.resource_name} {change.resource_id} arrived without a project id"
            )
        raw = client.get_commitment(commitment_kind, change.resource_id, change.project_id)
        return sync_commitment(change.tenant_id, commitment_kind, raw, client=client, sink=sink, ids=ids)
    except ProcoreNotFoundError:
        # Gone (or no longer visible to our account) between the event and the fetch.
        logger.info("procore resource no longer readable", extra={"resource": change.resource_name})
        return _deactivate(change, kind, sink=sink, ids=ids)


def sync_project(tenant_id: str, raw: Mapping[str, Any], *, sink: WorkspaceSink, ids: IdMap) -> str:
    project = project_from_procore(raw)
    our_id = sink.upsert_project(tenant_id, project)
    ids.remember(tenant_id, "project", our_id, ProcoreRef(project.procore_id))
    return our_id


def sync_vendor(tenant_id: str, raw: Mapping[str, Any], *, sink: WorkspaceSink, ids: IdMap) -> str:
    vendor = vendor_from_procore(raw)
    our_id = sink.upsert_vendor(tenant_id, vendor)
    ids.remember(tenant_id, "vendor", our_id, ProcoreRef(vendor.procore_id))
    return our_id


def sync_commitment(  # noqa: PLR0913  sync_project's shape plus the kind and the client that fetches missing parents
    tenant_id: str,
    kind: CommitmentKind,
    raw: Mapping[str, Any],
    *,
    client: ProcoreClient,
    sink: WorkspaceSink,
    ids: IdMap,
) -> str | None:
    commitment = commitment_from_procore(kind, raw)
    if commitment.procore_vendor_id is None:
        logger.info(
            "procore commitment without vendor skipped", extra={"commitment_id": commitment.procore_id}
        )
        return None
    project_id = ids.our_id(tenant_id, "project", commitment.procore_project_id) or sync_project(
        tenant_id, client.get_project(commitment.procore_project_id), sink=sink, ids=ids
    )
    vendor_raw: Mapping[str, Any] | None = None
    vendor_id = ids.our_id(tenant_id, "vendor", commitment.procore_vendor_id)
    if vendor_id is None:
        vendor_raw = client.get_vendor(commitment.procore_vendor_id)
        vendor_id = sync_vendor(tenant_id, vendor_raw, sink=sink, ids=ids)
    commitment = _with_contact(commitment, client, vendor_raw)
    our_id = sink.upsert_contract(tenant_id, commitment, project_id=project_id, vendor_id=vendor_id)
    ids.remember(
        tenant_id,
        "contract",
        our_id,
        ProcoreRef(
            commitment.procore_id, commitment_kind=kind, procore_project_id=commitment.procore_project_id
        ),
    )
    return our_id


def _with_contact(
    commitment: ProcoreCommitment, client: ProcoreClient, vendor_raw: Mapping[str, Any] | None
) -> ProcoreCommitment:
    """Certificate requests go to the vendor's insurance manager on the project when Procore's
    directory names one, else to the vendor's primary contact, else to an invoice contact."""
    assert commitment.procore_vendor_id is not None
    people = list(
        client.list_project_users(commitment.procore_project_id, vendor_id=commitment.procore_vendor_id)
    )
    manager = next((p for p in people if p.get("is_insurance_manager") and p.get("email_address")), None)
    if manager is not None:
        name = manager.get("name") or " ".join(
            part for part in (manager.get("first_name"), manager.get("last_name")) if part
        )
        return replace(
            commitment,
            contact_name=name or None,
            contact_email=manager["email_address"],
            contact_phone=manager.get("mobile_phone") or manager.get("business_phone"),
        )
    primary = (vendor_raw or {}).get("primary_contact") or {}
    if primary.get("email_address"):
        name = " ".join(part for part in (primary.get("first_name"), primary.get("last_name")) if part)
        return replace(
            commitment,
            contact_name=name or None,
            contact_email=primary["email_address"],
            contact_phone=primary.get("mobile_phone") or primary.get("business_phone"),
        )
    if commitment.invoice_contact_emails:
        return replace(commitment, contact_email=commitment.invoice_contact_emails[0])
    return commitment


def _deactivate(change: ProcoreChange, kind: MappedKind, *, sink: WorkspaceSink, ids: IdMap) -> str | None:
    our_id = ids.our_id(change.tenant_id, kind, change.resource_id)
    if our_id is None:
        return None
    sink.deactivate(change.tenant_id, kind, our_id)
    return our_id
