"""The WorkspaceSink over the GC workspace's own workflow services (shared/workspace), so records
arriving from Procore get the same invariants, audit entries and events as staff edits.

A record is found again through the id map (Procore id -> our id) that inbound sync keeps; a
vendor not mapped yet is matched by name first, so one that staff created by hand is reused.
"""

from __future__ import annotations

import logging

from pydantic import ValidationError

from shared import workspace
from shared.aws.bus import EventPublisher
from shared.clock import Clock
from shared.procore.ports import IdMap, SyncedValues
from shared.procore.records import MappedKind, ProcoreCommitment, ProcoreProject, ProcoreVendor
from shared.workspace import (
    Actor,
    Contact,
    Context,
    ContractUpdate,
    ItemStore,
    NewContract,
    NewProject,
    ProjectStatus,
    ProjectStatusChange,
    ProjectUpdate,
    Role,
    Vendor,
    VendorInput,
    new_id,
    open_context,
)
from tests.fakes.procore_stores import InMemorySyncedValues

logger = logging.getLogger(__name__)

PROCORE_ACTOR_EMAIL = "procore-sync@coi.integration"
_PROCORE_ACTOR_ID = "0" * 31 + "1"


def _actor(tenant_id: str) -> Actor:
    return Actor(
        user_id=_PROCORE_ACTOR_ID, email=PROCORE_ACTOR_EMAIL, role=Role.STANDARD, tenant_id=tenant_id
    )


def _address(*parts: str | None) -> str | None:
    line = ", ".join(p.strip() for p in parts if p and p.strip())
    return line[:500] or None


def _contact(commitment: ProcoreCommitment) -> Contact:
    """The commitment's certificate contact; an address the workspace refuses is left out."""
    name = (commitment.contact_name or "")[:200] or None
    phone = (commitment.contact_phone or "")[:40] or None
    for email in (commitment.contact_email, *commitment.invoice_contact_emails):
        if not email:
            continue
        try:
            return Contact(name=name, email=email, phone=phone)
        except ValidationError:
            continue
    return Contact(name=name, phone=phone)


def _owned(
    current: str | None, last_synced: dict[str, str | None] | None, name: str, incoming: str | None
) -> str | None:
    """Field-level ownership: a value staff changed here (it differs from what Procore last gave)
    is theirs and stays; otherwise Procore's new value is taken. Before anything was recorded
    (records synced by earlier versions) only an empty field is filled."""
    if last_synced is None or name not in last_synced:
        return current if current not in (None, "") else incoming
    return incoming if current == last_synced[name] else current


class WorkspaceSinkAdapter:
    def __init__(
        self,
        store: ItemStore,
        publisher: EventPublisher,
        clock: Clock,
        ids: IdMap,
        synced: SyncedValues | None = None,
    ) -> None:
        self._store = store
        self._publisher = publisher
        self._clock = clock
        self._ids = ids
        self._synced: SyncedValues = synced or InMemorySyncedValues()

    def _context(self, tenant_id: str) -> Context:
        return open_context(self._store, _actor(tenant_id), self._publisher, self._clock)

    def upsert_project(self, tenant_id: str, project: ProcoreProject) -> str:
        ctx = self._context(tenant_id)
        incoming = {
            "number": (project.project_number or f"PROCORE-{project.procore_id}")[:64],
            "name": project.name[:200],
            "address": _address(
                project.address, project.city, " ".join(p for p in (project.state_code, project.zip) if p)
            ),
        }
        our_id = self._ids.our_id(tenant_id, "project", project.procore_id)
        if our_id is None:
            status = (
                ProjectStatus.DRAFT
                if project.draft
                else ProjectStatus.ACTIVE
                if project.active
                else ProjectStatus.CLOSED
            )
            created = workspace.create_project(ctx, NewProject(**incoming, status=status))
            self._synced.save(tenant_id, "project", created.id, incoming)
            return created.id
        current = workspace.get_project(ctx, our_id)
        last = self._synced.load(tenant_id, "project", our_id)
        wanted = {name: _owned(getattr(current, name), last, name, value) for name, value in incoming.items()}
        if any(wanted[name] != getattr(current, name) for name in wanted):
            workspace.update_project(ctx, our_id, ProjectUpdate(**wanted))
        self._synced.save(tenant_id, "project", our_id, incoming)
        # Only the active/inactive dimension comes from Procore; draft, frozen, warranty stay ours.
        if project.active and current.status == ProjectStatus.CLOSED:
            workspace.change_project_status(ctx, our_id, ProjectStatusChange(status=ProjectStatus.ACTIVE))
        elif not project.active and current.status == ProjectStatus.ACTIVE:
            workspace.change_project_status(ctx, our_id, ProjectStatusChange(status=ProjectStatus.CLOSED))
        return our_id

    def upsert_vendor(self, tenant_id: str, vendor: ProcoreVendor) -> str:
        ctx = self._context(tenant_id)
        incoming = {
            "name": (vendor.legal_name or vendor.name)[:200],
            "address": _address(
                vendor.address, vendor.city, " ".join(p for p in (vendor.state_code, vendor.zip) if p)
            ),
        }
        our_id = self._ids.our_id(tenant_id, "vendor", vendor.procore_id)
        existing = (
            workspace.get_vendor(ctx, our_id) if our_id else ctx.repo.vendor_named(incoming["name"] or "")
        )
        if existing is None:
            created = Vendor(
                id=new_id(),
                tenant_id=tenant_id,
                name=incoming["name"] or vendor.name,
                address=incoming["address"],
                created_at=self._clock.now(),
            )
            ctx.repo.add(created)
            ctx.audit("vendor.created", "vendor", created.id, name=created.name, source="procore")
            ctx.repo.commit()
            self._synced.save(tenant_id, "vendor", created.id, incoming)
            return created.id
        last = self._synced.load(tenant_id, "vendor", existing.id)
        name = _owned(existing.name, last, "name", incoming["name"]) or existing.name
        address = _owned(existing.address, last, "address", incoming["address"])
        if (existing.name, existing.address) != (name, address):
            workspace.update_vendor(
                ctx,
                existing.id,
                VendorInput(name=name, address=address, tax_id=existing.tax_id, code=existing.code),
            )
        self._synced.save(tenant_id, "vendor", existing.id, incoming)
        return existing.id

    def upsert_contract(
        self,
        tenant_id: str,
        commitment: ProcoreCommitment,
        *,
        project_id: str,
        vendor_id: str,
        existing_id: str | None = None,
    ) -> str:
        ctx = self._context(tenant_id)
        contact = _contact(commitment)
        incoming = {
            "number": (commitment.number or "")[:64] or None,
            "description": (commitment.title or "")[:500] or None,
            "contact_name": contact.name,
            "contact_email": contact.email,
            "contact_phone": contact.phone,
        }
        our_id = existing_id or (
            self._ids.our_id(tenant_id, "contract", commitment.procore_id) if commitment.procore_id else None
        )
        if our_id is None:
            created = workspace.create_contract(
                ctx,
                project_id,
                NewContract(
                    vendor_id=vendor_id,
                    number=incoming["number"],
                    description=incoming["description"],
                    contact=contact,
                    active=commitment.active,
                ),
            )
            self._synced.save(tenant_id, "contract", created.id, incoming)
            return created.id
        current = workspace.get_contract(ctx, our_id)
        last = self._synced.load(tenant_id, "contract", our_id)
        now = {
            "number": current.number,
            "description": current.description,
            "contact_name": current.contact.name,
            "contact_email": current.contact.email,
            "contact_phone": current.contact.phone,
        }
        wanted = {name: _owned(now[name], last, name, value) for name, value in incoming.items()}
        change: dict[str, object] = {}
        for name in ("number", "description"):
            if wanted[name] != now[name]:
                change[name] = wanted[name]
        if any(wanted[n] != now[n] for n in ("contact_name", "contact_email", "contact_phone")):
            change["contact"] = current.contact.model_copy(
                update={
                    "name": wanted["contact_name"],
                    "email": wanted["contact_email"],
                    "phone": wanted["contact_phone"],
                }
            )
        if current.active != commitment.active:
            change["active"] = commitment.active
        if change:
            workspace.update_contract(ctx, our_id, ContractUpdate.model_validate(change))
        self._synced.save(tenant_id, "contract", our_id, incoming)
        return our_id

    def deactivate(self, tenant_id: str, kind: MappedKind, our_id: str) -> None:
        ctx = self._context(tenant_id)
        if kind == "contract":
            if workspace.get_contract(ctx, our_id).active:
                workspace.update_contract(ctx, our_id, ContractUpdate(active=False))
        elif kind == "project":
            if workspace.get_project(ctx, our_id).status == ProjectStatus.ACTIVE:
                workspace.change_project_status(ctx, our_id, ProjectStatusChange(status=ProjectStatus.CLOSED))
        else:
            # Vendors have no active flag here; their contracts carry the state.
            logger.info("procore vendor removed; workspace vendor kept", extra={"vendor_id": our_id})


def workspace_sink(  # noqa: PLR0913  the table plus the adapter's keyword-only collaborators
    table_name: str,
    *,
    ids: IdMap,
    publisher: EventPublisher,
    clock: Clock,
    region: str | None = None,
    host: str | None = None,
    synced: SyncedValues | None = None,
) -> WorkspaceSinkAdapter:
    from shared.workspace import DynamoItemStore, workspace_model

    return WorkspaceSinkAdapter(
        DynamoItemStore(workspace_model(table_name, region, host)), publisher, clock, ids, synced
    )
