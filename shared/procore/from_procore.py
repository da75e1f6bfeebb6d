"""Procore's JSON -> our records: what the import, webhooks and the reconciliation poll read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.procore.client import CommitmentKind
from shared.procore.records import ProcoreCommitment, ProcoreProject, ProcoreVendor

_ACTIVE_COMMITMENT_STATUSES: dict[CommitmentKind, frozenset[str]] = {
    "work_order_contracts": frozenset({"Approved", "Complete"}),
    "purchase_order_contracts": frozenset(
        {"Approved", "Submitted", "Partially Received", "Received", "Processing", "Closed"}
    ),
}


class InboundChangeError(ValueError):
    """The change cannot be applied (e.g. a commitment without a project id)."""


def project_from_procore(raw: Mapping[str, Any]) -> ProcoreProject:
    return ProcoreProject(
        procore_id=int(raw["id"]),
        name=str(raw.get("name") or raw.get("display_name") or f"Procore project {raw['id']}"),
        project_number=raw.get("project_number") or None,
        active=bool(raw.get("active", True)),
        address=raw.get("address"),
        city=raw.get("city"),
        state_code=raw.get("state_code"),
        zip=raw.get("zip"),
    )


def vendor_from_procore(raw: Mapping[str, Any]) -> ProcoreVendor:
    contact = raw.get("primary_contact") or {}
    contact_name = " ".join(p for p in (contact.get("first_name"), contact.get("last_name")) if p) or None
    trades = tuple(str(t.get("name") if isinstance(t, Mapping) else t) for t in raw.get("trades") or [])
    return ProcoreVendor(
        procore_id=int(raw["id"]),
        name=str(raw.get("name") or raw.get("legal_name") or f"Procore vendor {raw['id']}"),
        legal_name=raw.get("legal_name") or None,
        email_address=raw.get("email_address") or None,
        business_phone=raw.get("business_phone") or None,
        active=bool(raw.get("is_active", True)),
        address=raw.get("address"),
        city=raw.get("city"),
        state_code=raw.get("state_code"),
        zip=raw.get("zip"),
        contact_name=contact_name,
        contact_email=contact.get("email_address") or None,
        trades=trades,
    )


def commitment_from_procore(kind: CommitmentKind, raw: Mapping[str, Any]) -> ProcoreCommitment:
    project = raw.get("project") or {}
    vendor = raw.get("vendor") or {}
    project_id = project.get("id") if isinstance(project, Mapping) else None
    if project_id is None:
        raise InboundChangeError(f"commitment {raw.get('id')} has no project")
    status = str(raw.get("status") or "Draft")
    deleted = raw.get("deleted_at") is not None
    emails = tuple(
        c["email"] for c in raw.get("invoice_contacts") or [] if isinstance(c, Mapping) and c.get("email")
    )
    return ProcoreCommitment(
        procore_id=int(raw["id"]),
        kind=kind,
        procore_project_id=int(project_id),
        procore_vendor_id=int(vendor["id"]) if isinstance(vendor, Mapping) and vendor.get("id") else None,
        number=raw.get("number"),
        title=raw.get("title"),
        status=status,
        executed=bool(raw.get("executed", False)),
        active=not deleted and status in _ACTIVE_COMMITMENT_STATUSES[kind],
        deleted=deleted,
        invoice_contact_emails=emails,
    )
