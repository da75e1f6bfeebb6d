"""Item builders: the keys and index keys of every entity, derived from its tenant (keys live here only)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from shared.workspace.entities import (
    AuditEntry,
    Contract,
    CoverageRecord,
    Document,
    DocumentStatus,
    ExcludedOfficers,
    LegalEntity,
    Note,
    PortalLink,
    Project,
    RequirementGroup,
    RetiredPortalLink,
    Review,
    ReviewDecisionStatus,
    ReviewerGrant,
    Tenant,
    User,
    Vendor,
    normalized_name,
)
from shared.workspace.repository.common import tenant_pk
from shared.workspace.store import Item

_FAR_FUTURE = "9999-12-31"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _item(entity: BaseModel, pk: str, sk: str, **indexes: Any) -> Item:
    return Item(pk=pk, sk=sk, entity=type(entity).__name__, body=entity.model_dump(mode="json"), **indexes)


def item_for(entity: BaseModel) -> Item:  # noqa: PLR0911, PLR0912  one case per entity type: the key design in one place
    """The storage item of an entity: its keys and index keys, all derived from its tenant.

    Small tenant-wide sets (users, grants, legal entities) share the tenant's partition; anything
    that grows with the business has its own partition (`T#<tenant>#C#<contract>` holds a
    contract with its coverage history, notes, portal link and file hashes), so no tenant is one
    hot partition.
    """
    t = tenant_pk(entity.tenant_id) if hasattr(entity, "tenant_id") else tenant_pk(entity.id)  # type: ignore[attr-defined]
    match entity:
        case Tenant():
            # The operators' list of tenants (daily jobs iterate it); holds ids only.
            return _item(entity, t, "TENANT", gsi1pk="TENANTS", gsi1sk=entity.id)
        case User():
            return _item(
                entity, t, f"USER#{entity.id}", gsi1pk=f"EMAIL#{entity.email.lower()}", gsi1sk="USER"
            )
        case ReviewerGrant():
            return _item(
                entity,
                t,
                f"GRANT#{entity.reviewer_user_id}",
                gsi1pk=f"REVIEWER#{entity.reviewer_user_id}",
                gsi1sk=t,
            )
        case LegalEntity():
            return _item(entity, t, f"LE#{entity.id}")
        case Project():
            return _item(
                entity,
                f"{t}#P#{entity.id}",
                "PROJECT",
                gsi1pk=f"{t}#PROJECTS",
                gsi1sk=f"NUM#{entity.number.lower()}#{entity.id}",
                gsi2pk=f"{t}#PROJECTS",
                gsi2sk=f"NAME#{normalized_name(entity.name)}#{entity.id}",
            )
        case RequirementGroup():
            scope = f"P#{entity.project_id}" if entity.project_id else "TENANT"
            return _item(
                entity,
                f"{t}#RG#{entity.id}",
                "GROUP",
                gsi1pk=f"{t}#RG#{scope}",
                gsi1sk=f"{normalized_name(entity.name)}#{entity.id}",
            )
        case Vendor():
            return _item(
                entity,
                f"{t}#V#{entity.id}",
                "VENDOR",
                gsi1pk=f"{t}#VENDORS",
                gsi1sk=f"{normalized_name(entity.name)}#{entity.id}",
            )
        case Contract():
            return _item(
                entity,
                f"{t}#C#{entity.id}",
                "CONTRACT",
                gsi1pk=f"{t}#P#{entity.project_id}#CONTRACTS",
                gsi1sk=f"{normalized_name(entity.vendor_name)}#{entity.id}",
                gsi2pk=f"{t}#CONTRACTS",
                gsi2sk=f"{entity.status}#{normalized_name(entity.vendor_name)}#{entity.id}",
            )
        case PortalLink():
            return _item(
                entity,
                f"{t}#C#{entity.contract_id}",
                "PORTAL",
                gsi1pk=f"PORTAL#{entity.token_hash}",
                gsi1sk="PORTAL",
                # DynamoDB removes dead links a while after they stop working.
                expires_at=int((entity.expires_at + timedelta(days=30)).timestamp()),
            )
        case RetiredPortalLink():
            return _item(
                entity,
                f"{t}#C#{entity.contract_id}",
                f"RETIRED#{entity.token_hash}",
                gsi1pk=f"PORTAL_RETIRED#{entity.token_hash}",
                gsi1sk="PORTAL_RETIRED",
                expires_at=int(entity.kept_until.timestamp()),
            )
        case Document():
            queue: dict[str, Any] = {}
            if entity.status == DocumentStatus.NEEDS_REVIEW:
                queue = {"gsi2pk": f"{t}#NEEDS_REVIEW", "gsi2sk": f"{_iso(entity.uploaded_at)}#{entity.id}"}
            return _item(
                entity,
                f"{t}#D#{entity.id}",
                "DOCUMENT",
                gsi1pk=f"{t}#C#{entity.contract_id}#DOCS",
                gsi1sk=f"{_iso(entity.uploaded_at)}#{entity.id}",
                **queue,
            )
        case Review():
            return _item(entity, f"{t}#D#{entity.document_id}", "REVIEW")
        case CoverageRecord():
            bucket: dict[str, Any] = {}
            if (
                entity.decision
                in (
                    ReviewDecisionStatus.ACTIVE,
                    ReviewDecisionStatus.APPROVED_NON_COMPLIANT,
                    ReviewDecisionStatus.WAIVED,
                )
                and not entity.superseded
            ):
                expiry = entity.expiration_date.isoformat() if entity.expiration_date else _FAR_FUTURE
                bucket = {
                    "gsi2pk": f"{t}#COV#{entity.decision}",
                    "gsi2sk": f"{expiry}#{entity.contract_id}#{entity.id}",
                }
            return _item(entity, f"{t}#C#{entity.contract_id}", coverage_sk(entity), **bucket)
        case ExcludedOfficers():
            return _item(
                entity, f"{t}#P#{entity.project_id}", f"OFFICERS#{entity.contract_id}#{entity.document_id}"
            )
        case Note():
            return _item(entity, f"{t}#C#{entity.contract_id}", f"NOTE#{_iso(entity.created_at)}#{entity.id}")
        case AuditEntry():
            return _item(
                entity,
                f"{t}#AUDIT#{entity.entity_type}#{entity.entity_id}",
                f"{_iso(entity.at)}#{entity.id}",
                gsi1pk=f"{t}#AUDIT",
                gsi1sk=f"{_iso(entity.at)}#{entity.id}",
            )
    raise TypeError(f"no storage mapping for {type(entity).__name__}")


def coverage_tally_key(item: Item) -> tuple[str, str] | None:
    """The counter a coverage record's bucket membership counts in: (`T#<tenant>#COVCOUNT#<decision>`,
    expiration date), or None outside the company views."""
    if not item.gsi2pk or not item.gsi2sk:
        return None
    tenant_part, _, decision = item.gsi2pk.rpartition("#COV#")
    return f"{tenant_part}#COVCOUNT#{decision}", item.gsi2sk.split("#", 1)[0]


def coverage_sk(record: CoverageRecord) -> str:
    return f"COV#{record.requirement_key}#{_iso(record.recorded_at)}#{record.id}"
