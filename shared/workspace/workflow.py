"""Workflow services: accounts, projects, requirement groups, vendors, contracts, portal links, notes.

Every function takes a `Context` (actor + tenant repository + publisher + clock), checks the
role, stages its writes (audit entries included) and commits them in one transaction, then
publishes its events. Documents and reviews are in `reviews.py`; company views in `views.py`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from shared.clock import Clock
from shared.contracts import CoverageRequirement, MinimumAmBest
from shared.events import (
    ComplianceChanged,
    ContractChanged,
    ContractNoteAdded,
    Envelope,
    ProjectStatusChanged,
)
from shared.events.catalog import SOURCE_API, CoverageSnapshot, DocumentsRequested
from shared.events.envelope import EventPayload
from shared.workspace.access import Context, Permission, system_actor
from shared.workspace.compliance import (
    compliant_until,
    contract_status,
    requirement_states,
    waived_requirement_keys,
    without_waived,
)
from shared.workspace.entities import (
    Contract,
    ContractCompliance,
    ContractUpdate,
    CopyRequirementGroup,
    CoverageSpec,
    LegalEntity,
    LegalEntityInput,
    NewContract,
    NewProject,
    Note,
    NoteInput,
    PortalLink,
    Project,
    ProjectStatus,
    ProjectStatusChange,
    ProjectUpdate,
    RequiredDocument,
    RequirementGroup,
    RequirementGroupInput,
    RetiredPortalLink,
    ReviewerGrant,
    Role,
    SampleDocument,
    Tenant,
    TenantSettings,
    TenantSettingsUpdate,
    User,
    UserInput,
    UserUpdate,
    Vendor,
    VendorContractRef,
    VendorInput,
    new_id,
    new_portal_generation,
)
from shared.workspace.errors import Conflict, Gone, InvalidInput, NotFound
from shared.workspace.keys import require_issued_key
from shared.workspace.repository import (
    Page,
    TenantRepository,
    find_portal_link,
    find_retired_portal_link,
    find_user_by_email,
)
from shared.workspace.scope import require_contract_in_scope
from shared.workspace.store import ItemStore

# ---------------------------------------------------------------- events


def publish(ctx: Context, payloads: list[tuple[EventPayload, str]], source: str = SOURCE_API) -> None:
    """Publish after commit; each payload comes with the idempotency key of the fact it states."""
    if not payloads:
        return
    ctx.publisher.publish(
        [
            Envelope.wrap(
                payload,
                source=source,
                correlation_id=ctx.correlation_id,
                idempotency_key=key,
                tenant_id=ctx.tenant_id,
            )
            for payload, key in payloads
        ]
    )


# ---------------------------------------------------------------- tenants and users


def default_requirement_group(tenant_id: str, gc_name: str) -> RequirementGroup:
    """The typical GC requirements (coi_domain.md), used as a new tenant's default group."""
    return RequirementGroup(
        id=new_id(),
        tenant_id=tenant_id,
        name="Default",
        is_default=True,
        minimum_am_best=MinimumAmBest(rating="A-", size="VII"),
        coverages=[
            CoverageSpec(
                coverage="general_liability",
                limits={
                    "each_occurrence": 1_000_000,
                    "general_aggregate": 2_000_000,
                    "products_completed_operations_aggregate": 2_000_000,
                },
                additional_insured=True,
                subrogation_waived=True,
                primary_noncontributory=True,
                completed_operations=True,
                occurrence_only=True,
                per_project_aggregate=True,
                endorsements=["CG 20 10", "CG 20 37", "CG 20 01", "CG 24 04", "CG 25 03"],
            ),
            CoverageSpec(
                coverage="auto_liability",
                limits={"combined_single_limit": 1_000_000},
                auto_types_any_of=["any"],
            ),
            CoverageSpec(coverage="umbrella", limits={"each_occurrence": 5_000_000}),
            CoverageSpec(
                coverage="workers_comp",
                per_statute=True,
                limits={
                    "el_each_accident": 1_000_000,
                    "el_disease_each_employee": 1_000_000,
                    "el_disease_policy_limit": 1_000_000,
                },
                endorsements=["WC 00 03 13"],
            ),
        ],
        required_documents=[RequiredDocument(key="w9", name="W-9", description="IRS form W-9 for payment")],
    )


def create_tenant(
    store: ItemStore,
    clock: Clock,
    *,
    name: str,
    admin_email: str,
    admin_name: str,
    settings: TenantSettings | None = None,
    tenant_id: str | None = None,
    admin_role: Role = Role.ADMIN,
) -> tuple[Tenant, User, RequirementGroup]:
    """Operators' path (seeding, CLI): a tenant, its first admin and its default requirement group."""
    email = UserInput(email=admin_email, name=admin_name, role=admin_role).email
    if find_user_by_email(store, email) is not None:
        raise Conflict(f"a user with email {email} already exists")
    tenant = Tenant(
        id=tenant_id or new_id(), name=name, settings=settings or TenantSettings(), created_at=clock.now()
    )
    admin = User(
        id=new_id(),
        tenant_id=tenant.id,
        email=email,
        name=admin_name,
        role=admin_role,
        created_at=clock.now(),
    )
    group = default_requirement_group(tenant.id, name)
    repo = TenantRepository(store, tenant.id)
    repo.add(tenant)
    repo.add(admin)
    repo.add(group)
    repo.commit()
    return tenant, admin, group


def get_tenant(ctx: Context) -> Tenant:
    ctx.require(Permission.READ)
    return ctx.repo.tenant()


def update_tenant_settings(ctx: Context, change: TenantSettingsUpdate) -> Tenant:
    ctx.require(Permission.ADMIN)
    tenant = ctx.repo.tenant()
    values = change.model_dump(exclude_unset=True)
    if "name" in values:
        tenant.name = values.pop("name")
    if {"sender_email", "sender_name"} & values.keys():
        # A saved sender (checked against SES by the API) lets paused vendor e-mails go again.
        tenant.sender_paused_reason = tenant.sender_paused_at = None
    tenant.settings = tenant.settings.model_copy(update=values)
    ctx.repo.save(tenant)
    ctx.audit(
        "tenant.settings_updated", "tenant", tenant.id, **change.model_dump(mode="json", exclude_unset=True)
    )
    ctx.repo.commit()
    return tenant


def list_users(ctx: Context, cursor: str | None = None, limit: int = 50) -> Page[User]:
    ctx.require(Permission.READ)
    return ctx.repo.users(cursor, limit)


def create_user(ctx: Context, data: UserInput) -> User:
    ctx.require(Permission.ADMIN)
    if find_user_by_email(ctx.repo.store, data.email) is not None:
        raise Conflict(f"a user with email {data.email} already exists")
    user = User(
        id=new_id(),
        tenant_id=ctx.tenant_id,
        email=data.email,
        name=data.name,
        role=data.role,
        created_at=ctx.clock.now(),
    )
    ctx.repo.add(user)
    ctx.audit("user.created", "user", user.id, email=user.email, role=user.role.value)
    ctx.repo.commit()
    return user


def update_user(ctx: Context, user_id: str, change: UserUpdate) -> User:
    ctx.require(Permission.ADMIN)
    user = ctx.repo.user(user_id)
    values = change.model_dump(exclude_unset=True)
    if user.id == ctx.actor.user_id and (
        values.get("role", Role.ADMIN) != Role.ADMIN or values.get("active") is False
    ):
        raise InvalidInput(
            "you cannot demote or deactivate yourself", {"role": "keep at least your own admin access"}
        )
    for name, value in values.items():
        setattr(user, name, value)
    ctx.repo.save(user)
    ctx.audit("user.updated", "user", user.id, **change.model_dump(mode="json", exclude_unset=True))
    ctx.repo.commit()
    return user


def grant_reviewer(ctx: Context, reviewer_email: str) -> ReviewerGrant:
    """Let a managed-service reviewer (a Reviewer user of another tenant) work this tenant's queue."""
    ctx.require(Permission.ADMIN)
    reviewer = find_user_by_email(ctx.repo.store, reviewer_email)
    if reviewer is None or reviewer.role != Role.REVIEWER:
        raise InvalidInput("no reviewer with that email", {"email": "must be an existing Reviewer user"})
    grant = ReviewerGrant(
        tenant_id=ctx.tenant_id,
        reviewer_user_id=reviewer.id,
        reviewer_email=reviewer.email,
        granted_by=ctx.actor.email,
        granted_at=ctx.clock.now(),
    )
    ctx.repo.add(grant)
    ctx.audit("reviewer.granted", "user", reviewer.id, email=reviewer.email)
    ctx.repo.commit()
    return grant


def revoke_reviewer(ctx: Context, reviewer_user_id: str) -> None:
    ctx.require(Permission.ADMIN)
    grant = ctx.repo.grant(reviewer_user_id)
    if grant is None:
        raise NotFound("reviewer grant", reviewer_user_id)
    ctx.repo.remove(grant)
    ctx.audit("reviewer.revoked", "user", reviewer_user_id)
    ctx.repo.commit()


def list_reviewer_grants(ctx: Context) -> list[ReviewerGrant]:
    ctx.require(Permission.ADMIN)
    return ctx.repo.grants()


def create_legal_entity(ctx: Context, data: LegalEntityInput) -> LegalEntity:
    ctx.require(Permission.ADMIN)
    entity = LegalEntity(id=new_id(), tenant_id=ctx.tenant_id, name=data.name, address=data.address)
    ctx.repo.add(entity)
    ctx.audit("legal_entity.created", "legal_entity", entity.id, name=entity.name)
    ctx.repo.commit()
    return entity


def update_legal_entity(ctx: Context, entity_id: str, data: LegalEntityInput) -> LegalEntity:
    ctx.require(Permission.ADMIN)
    entity = ctx.repo.legal_entity(entity_id)
    entity.name, entity.address = data.name, data.address
    ctx.repo.save(entity)
    ctx.audit("legal_entity.updated", "legal_entity", entity.id, name=entity.name, address=entity.address)
    ctx.repo.commit()
    return entity


def list_legal_entities(ctx: Context, cursor: str | None = None, limit: int = 50) -> Page[LegalEntity]:
    ctx.require(Permission.READ)
    return ctx.repo.legal_entities(cursor, limit)


# ---------------------------------------------------------------- requirement groups


def _copy_group(
    source: RequirementGroup, *, name: str, project_id: str | None, contract_id: str | None, clock: Clock
) -> RequirementGroup:
    return source.model_copy(
        update={
            "id": new_id(),
            "name": name,
            "project_id": project_id,
            "contract_id": contract_id,
            "is_default": False,
            "copied_from": source.id,
            "updated_at": clock.now(),
        },
        deep=True,
    )


def list_requirement_groups(
    ctx: Context, project_id: str | None = None, cursor: str | None = None, limit: int = 50
) -> Page[RequirementGroup]:
    ctx.require(Permission.READ)
    if project_id is not None:
        ctx.repo.project(project_id)
    return ctx.repo.requirement_groups(project_id, cursor, limit)


def get_requirement_group(ctx: Context, group_id: str) -> RequirementGroup:
    if not (ctx.actor.may(Permission.READ) or ctx.actor.may(Permission.REVIEW)):
        ctx.require(Permission.READ)
    return ctx.repo.requirement_group(group_id)


def create_requirement_group(
    ctx: Context, data: RequirementGroupInput, *, make_default: bool = False
) -> RequirementGroup:
    ctx.require(Permission.ADMIN)
    group = RequirementGroup(
        id=new_id(), tenant_id=ctx.tenant_id, updated_at=ctx.clock.now(), **data.model_dump()
    )
    if make_default:
        _move_default(ctx, group)
    ctx.repo.add(group)
    ctx.audit("requirement_group.created", "requirement_group", group.id, name=group.name)
    ctx.repo.commit()
    return group


def _move_default(ctx: Context, group: RequirementGroup) -> None:
    previous = ctx.repo.default_requirement_group()
    if previous is not None and previous.id != group.id:
        previous.is_default = False
        ctx.repo.save(previous)
    group.is_default = True


def update_requirement_group(
    ctx: Context, group_id: str, data: RequirementGroupInput, *, make_default: bool | None = None
) -> RequirementGroup:
    """Edits only this group: projects hold their own copies, so the tenant default's edits stop here."""
    ctx.require(Permission.ADMIN)
    group = ctx.repo.requirement_group(group_id)
    before = group.model_dump(
        mode="json", include={"name", "coverages", "minimum_am_best", "required_documents"}
    )
    for name, value in data.model_dump().items():
        setattr(group, name, value)
    group.coverages = data.coverages
    group.required_documents = data.required_documents
    group.minimum_am_best = data.minimum_am_best
    group.updated_at = ctx.clock.now()
    if make_default:
        if group.project_id:
            raise InvalidInput(
                "only a tenant-level group can be the default", {"make_default": "project group"}
            )
        _move_default(ctx, group)
    ctx.repo.save(group)
    ctx.audit(
        "requirement_group.updated",
        "requirement_group",
        group.id,
        before=before,
        after=group.model_dump(
            mode="json", include={"name", "coverages", "minimum_am_best", "required_documents"}
        ),
    )
    ctx.repo.commit()
    events: list[tuple[EventPayload, str]] = []
    if group.project_id:
        events = _recompute_contracts_using(ctx, group)
    publish(ctx, events)
    return group


def copy_requirement_group(ctx: Context, group_id: str, data: CopyRequirementGroup) -> RequirementGroup:
    """Copy and rename ("Default + Pollution"), at tenant level, into a project, or for one contract."""
    ctx.require(Permission.ADMIN)
    source = ctx.repo.requirement_group(group_id)
    project_id = data.project_id
    contract: Contract | None = None
    if data.contract_id:
        contract = ctx.repo.contract(data.contract_id)
        if project_id and project_id != contract.project_id:
            raise InvalidInput(
                "the contract is not on that project", {"contract_id": "belongs to another project"}
            )
        project_id = contract.project_id
    if project_id:
        ctx.repo.project(project_id)
    copy = _copy_group(
        source, name=data.name, project_id=project_id, contract_id=data.contract_id, clock=ctx.clock
    )
    ctx.repo.add(copy)
    ctx.audit("requirement_group.copied", "requirement_group", copy.id, source=source.id, name=copy.name)
    events: list[tuple[EventPayload, str]] = []
    if contract is not None:
        contract.requirement_group_id = copy.id
        ctx.repo.save(contract)
        ctx.audit("contract.requirements_changed", "contract", contract.id, requirement_group_id=copy.id)
    ctx.repo.commit()
    if contract is not None:
        events = _recompute_contracts_using(ctx, copy, contracts=[ctx.repo.contract(contract.id)])
        events.append(_contract_changed(ctx, contract, "requirements_changed"))
    publish(ctx, events)
    return copy


def _group_for_project(ctx: Context, project: Project, group_id: str) -> RequirementGroup:
    """A group usable on `project`: the project's own copies; a tenant group is copied in first."""
    group = ctx.repo.requirement_group(group_id)
    if group.project_id == project.id:
        return group
    if group.project_id is None:
        copy = _copy_group(group, name=group.name, project_id=project.id, contract_id=None, clock=ctx.clock)
        ctx.repo.add(copy)
        return copy
    raise InvalidInput(
        "that requirement group belongs to another project", {"requirement_group_id": "other project"}
    )


# ---------------------------------------------------------------- projects


def create_project(ctx: Context, data: NewProject) -> Project:
    ctx.require(Permission.WRITE)
    tenant = ctx.repo.tenant()
    if data.legal_entity_id:
        ctx.repo.legal_entity(data.legal_entity_id)
    if data.status == ProjectStatus.WARRANTY and data.warranty_end_date is None:
        raise InvalidInput(
            "warranty needs an end date", {"warranty_end_date": "required for the warranty status"}
        )
    source = (
        ctx.repo.requirement_group(data.requirement_group_id)
        if data.requirement_group_id
        else ctx.repo.default_requirement_group()
    )
    if source is not None and source.project_id is not None:
        raise InvalidInput(
            "choose a tenant-level requirement group", {"requirement_group_id": "project group"}
        )
    now = ctx.clock.now()
    project = Project(
        id=new_id(),
        tenant_id=ctx.tenant_id,
        number=data.number,
        name=data.name,
        address=data.address,
        legal_entity_id=data.legal_entity_id,
        status=data.status,
        warranty_end_date=data.warranty_end_date,
        additional_insureds=_with_gc(tenant.name, data.additional_insureds),
        created_at=now,
        updated_at=now,
    )
    if source is not None:
        # The project gets its own copy: later edits of the tenant default leave it alone.
        copy = _copy_group(source, name=source.name, project_id=project.id, contract_id=None, clock=ctx.clock)
        project.requirement_group_id = copy.id
        ctx.repo.add(copy)
    ctx.repo.add(project)
    ctx.audit("project.created", "project", project.id, number=project.number, name=project.name)
    ctx.repo.commit()
    publish(
        ctx,
        [
            (
                ProjectStatusChanged(
                    tenant_id=ctx.tenant_id, project_id=project.id, status=project.status.value
                ),
                f"project-status:{project.id}:created",
            )
        ],
    )
    return project


def _with_gc(gc_name: str, names: list[str]) -> list[str]:
    """The GC is always an additional insured, listed first, without duplicates."""
    seen: dict[str, str] = {gc_name.lower(): gc_name}
    for raw in names:
        name = raw.strip()
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())


def get_project(ctx: Context, project_id: str) -> Project:
    ctx.require(Permission.READ)
    return ctx.repo.project(project_id)


def list_projects(
    ctx: Context,
    *,
    sort: str = "number",
    descending: bool = False,
    status: ProjectStatus | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Project]:
    ctx.require(Permission.READ)
    if sort not in ("number", "name"):
        raise InvalidInput("unknown sort", {"sort": "use number or name"})
    return ctx.repo.projects(
        sort=sort, descending=descending, status=status.value if status else None, cursor=cursor, limit=limit
    )


def update_project(ctx: Context, project_id: str, change: ProjectUpdate) -> Project:
    ctx.require(Permission.WRITE)
    project = ctx.repo.project(project_id)
    values = change.model_dump(exclude_unset=True)
    if values.get("legal_entity_id"):
        ctx.repo.legal_entity(values["legal_entity_id"])
    if "additional_insureds" in values:
        values["additional_insureds"] = _with_gc(ctx.repo.tenant().name, values["additional_insureds"] or [])
    if values.get("requirement_group_id"):
        if not ctx.actor.may(Permission.ADMIN):
            ctx.require(Permission.ADMIN)
        values["requirement_group_id"] = _group_for_project(ctx, project, values["requirement_group_id"]).id
    for name, value in values.items():
        if value is not None or name in ("address", "legal_entity_id"):
            setattr(project, name, value)
    project.updated_at = ctx.clock.now()
    ctx.repo.save(project)
    ctx.audit("project.updated", "project", project.id, **change.model_dump(mode="json", exclude_unset=True))
    ctx.repo.commit()
    return project


def change_project_status(ctx: Context, project_id: str, change: ProjectStatusChange) -> Project:
    ctx.require(Permission.WRITE)
    project = ctx.repo.project(project_id)
    previous = project.status
    project.status = change.status
    project.warranty_end_date = (
        change.warranty_end_date if change.status == ProjectStatus.WARRANTY else project.warranty_end_date
    )
    project.updated_at = ctx.clock.now()
    ctx.repo.save(project)
    ctx.audit(
        "project.status_changed",
        "project",
        project.id,
        previous=previous.value,
        status=change.status.value,
        warranty_end_date=change.warranty_end_date.isoformat() if change.warranty_end_date else None,
    )
    ctx.repo.commit()
    publish(
        ctx,
        [
            (
                ProjectStatusChanged(
                    tenant_id=ctx.tenant_id,
                    project_id=project.id,
                    previous_status=previous.value,
                    status=project.status.value,
                ),
                f"project-status:{project.id}:{project.updated_at.isoformat()}",
            )
        ],
    )
    return project


def add_sample_document(ctx: Context, project_id: str, *, title: str, key: str, content_type: str) -> Project:
    ctx.require(Permission.WRITE)
    project = ctx.repo.project(project_id)
    # Component by component, not a prefix test: `samples/<t>/<p>/../x` is refused.
    require_issued_key(key, "samples", ctx.tenant_id, project.id)
    document = SampleDocument(id=new_id(), title=title, key=key, content_type=content_type)
    project.sample_documents.append(document)
    project.updated_at = ctx.clock.now()
    ctx.repo.save(project)
    ctx.audit("project.sample_added", "project", project.id, title=title, key=key)
    ctx.repo.commit()
    return project


def remove_sample_document(ctx: Context, project_id: str, sample_id: str) -> Project:
    ctx.require(Permission.WRITE)
    project = ctx.repo.project(project_id)
    kept = [s for s in project.sample_documents if s.id != sample_id]
    if len(kept) == len(project.sample_documents):
        raise NotFound("sample document", sample_id)
    project.sample_documents = kept
    ctx.repo.save(project)
    ctx.audit("project.sample_removed", "project", project.id, sample_id=sample_id)
    ctx.repo.commit()
    return project


# ---------------------------------------------------------------- vendors


def list_vendors(
    ctx: Context, cursor: str | None = None, limit: int = 50, name_prefix: str | None = None
) -> Page[Vendor]:
    ctx.require(Permission.READ)
    return ctx.repo.vendors(cursor, limit, name_prefix)


def get_vendor(ctx: Context, vendor_id: str) -> Vendor:
    ctx.require(Permission.READ)
    return ctx.repo.vendor(vendor_id)


def update_vendor(ctx: Context, vendor_id: str, data: VendorInput) -> Vendor:
    """Rename or re-address a vendor; its contracts carry the name for sorting, so they follow."""
    ctx.require(Permission.WRITE)
    vendor = ctx.repo.vendor(vendor_id)
    before = vendor.model_dump(mode="json", include={"name", "address", "tax_id", "code"})
    vendor.name, vendor.address, vendor.tax_id, vendor.code = data.name, data.address, data.tax_id, data.code
    for contract in ctx.repo.contracts_of_vendor(vendor.id):
        if contract.vendor_name != vendor.name:
            contract.vendor_name = vendor.name
            ctx.repo.save(contract)
    ctx.repo.save(vendor)
    ctx.audit("vendor.updated", "vendor", vendor.id, before=before, after=data.model_dump(mode="json"))
    ctx.repo.commit()
    return vendor


# ---------------------------------------------------------------- contracts


def _project_counts_move(project: Project, previous: str | None, status: str) -> None:
    counts = dict(project.contract_counts)
    if previous is not None:
        counts[previous] = max(0, counts.get(previous, 0) - 1)
    counts[status] = counts.get(status, 0) + 1
    project.contract_counts = {k: v for k, v in counts.items() if v}


def coverage_snapshots(ctx: Context, contract: Contract, group: RequirementGroup) -> list[CoverageSnapshot]:
    states = requirement_states(group, ctx.repo.coverage_records(contract.id), ctx.clock.today())
    snapshots = []
    for state in states:
        current = state.current
        snapshots.append(
            CoverageSnapshot(
                coverage=state.coverage,
                label=state.label,
                status=state.status.value,
                policy_number=current.policy_number if current else None,
                insurer_name=current.insurer_name if current else None,
                effective_date=current.effective_date if current else None,
                expiration_date=current.expiration_date if current else None,
                limits=current.limits if current else {},
            )
        )
    return snapshots


def evaluate_contract(
    ctx: Context,
    contract: Contract,
    group: RequirementGroup | None = None,
    *,
    needs_review: bool | None = None,
) -> ContractCompliance:
    """The contract's status today; also refreshes `contract.compliant_until` (not saved here)."""
    group = group or ctx.repo.requirement_group(contract.requirement_group_id)
    if needs_review is None:
        needs_review = ctx.repo.contract_has_document_needing_review(contract.id)
    records = ctx.repo.coverage_records(contract.id)
    contract.compliant_until = compliant_until(group, records, ctx.clock.today())
    return contract_status(
        contract, group, records, ctx.clock.today(), has_document_needing_review=needs_review
    )


@dataclass
class StatusChange:
    contract: Contract
    previous: ContractCompliance
    status: ContractCompliance
    reason: str | None


def stage_status(
    ctx: Context,
    contract: Contract,
    status: ContractCompliance,
    *,
    project: Project | None = None,
    reason: str | None = None,
) -> StatusChange | None:
    """Stage the contract's new status and the project's compliance counts; None when unchanged."""
    if status == contract.status:
        return None
    previous = contract.status
    contract.status = status
    contract.status_changed_at = ctx.clock.now()
    project = project or ctx.repo.project(contract.project_id)
    _project_counts_move(project, previous, status)
    ctx.repo.save(project)
    vendor = ctx.repo.vendor_for_update(contract.vendor_id)
    vendor.contracts[contract.id] = VendorContractRef(
        project_id=contract.project_id, status=status, active=contract.active
    )
    ctx.repo.save(vendor)
    ctx.audit(
        "contract.status_changed", "contract", contract.id, previous=previous, status=status, reason=reason
    )
    return StatusChange(contract, previous, status, reason)


def status_kept(contract: Contract, reason: str) -> StatusChange:
    """The status stays but the policies behind it changed (a renewal approved while compliant):
    a ComplianceChanged with previous == status still goes out, so Procore's insurance records
    and the renewal reminders follow the new policy dates."""
    return StatusChange(contract, contract.status, contract.status, reason)


def compliance_event(
    ctx: Context, change: StatusChange, group: RequirementGroup | None = None
) -> tuple[EventPayload, str]:
    contract = change.contract
    group = group or ctx.repo.requirement_group(contract.requirement_group_id)
    vendor = ctx.repo.vendor(contract.vendor_id)
    project = ctx.repo.project(contract.project_id)
    payload = ComplianceChanged(
        tenant_id=ctx.tenant_id,
        project_id=contract.project_id,
        contract_id=contract.id,
        vendor_id=contract.vendor_id,
        previous_status=change.previous,
        status=change.status,
        coverages=coverage_snapshots(ctx, contract, group),
        reason=change.reason,
        vendor_name=vendor.name,
        vendor_code=vendor.code,
        project_number=project.number,
        contract_number=contract.number,
    )
    return payload, f"compliance:{contract.id}:{change.status}:{contract.status_changed_at.isoformat()}"


def _contract_changed(ctx: Context, contract: Contract, change: str) -> tuple[EventPayload, str]:
    payload = ContractChanged(
        tenant_id=ctx.tenant_id,
        project_id=contract.project_id,
        contract_id=contract.id,
        change=change,
        active=contract.active,
    )
    return payload, f"contract:{contract.id}:{change}:{ctx.clock.now().isoformat()}"


def _recompute_contracts_using(
    ctx: Context, group: RequirementGroup, contracts: list[Contract] | None = None
) -> list[tuple[EventPayload, str]]:
    """After a requirement change, contracts using the group may change status."""
    if contracts is None:
        if not group.project_id:
            return []
        contracts = []
        cursor = None
        while True:
            page = ctx.repo.contracts_of_project(
                group.project_id, where=lambda c: c.requirement_group_id == group.id, cursor=cursor, limit=200
            )
            contracts += page.items
            cursor = page.next_cursor
            if cursor is None:
                break
    changes = []
    for contract in contracts:
        change = stage_status(
            ctx, contract, evaluate_contract(ctx, contract, group), reason="requirements changed"
        )
        if change:
            ctx.repo.save(contract)
            changes.append(change)
    ctx.repo.commit()
    return [compliance_event(ctx, c, group) for c in changes]


def _find_or_create_vendor(ctx: Context, data: NewContract) -> Vendor:
    """The vendor, staged for saving (new vendors for creation)."""
    if data.vendor_id:
        vendor = ctx.repo.vendor(data.vendor_id)
        ctx.repo.save(vendor)
        return vendor
    assert data.vendor is not None
    existing = ctx.repo.vendor_named(data.vendor.name)
    if existing is not None:
        ctx.repo.save(existing)
        return existing
    vendor = Vendor(
        id=new_id(), tenant_id=ctx.tenant_id, created_at=ctx.clock.now(), **data.vendor.model_dump()
    )
    ctx.repo.add(vendor)
    ctx.audit("vendor.created", "vendor", vendor.id, name=vendor.name)
    return vendor


def create_contract(ctx: Context, project_id: str, data: NewContract) -> Contract:
    ctx.require(Permission.WRITE)
    project = ctx.repo.project(project_id)
    vendor = _find_or_create_vendor(ctx, data)
    group_id = data.requirement_group_id or project.requirement_group_id
    if group_id is None:
        raise InvalidInput("the project has no requirement group", {"requirement_group_id": "required"})
    group = _group_for_project(ctx, project, group_id)
    contract = Contract(
        id=new_id(),
        tenant_id=ctx.tenant_id,
        project_id=project.id,
        vendor_id=vendor.id,
        vendor_name=vendor.name,
        number=data.number,
        description=data.description,
        contact=data.contact,
        requirement_group_id=group.id,
        active=data.active,
        status="needs_certificate" if data.active else "inactive",
        status_changed_at=ctx.clock.now(),
        created_at=ctx.clock.now(),
    )
    if data.active and not group.requirement_keys():
        contract.status = "compliant"
    vendor.contracts[contract.id] = VendorContractRef(
        project_id=project.id, status=contract.status, active=contract.active
    )
    _project_counts_move(project, None, contract.status)
    ctx.repo.save(project)
    ctx.repo.add(contract)
    ctx.audit("contract.created", "contract", contract.id, vendor=vendor.name, project=project.number)
    ctx.repo.commit()
    publish(ctx, [_contract_changed(ctx, contract, "created")])
    return contract


def get_contract(ctx: Context, contract_id: str) -> Contract:
    if not ctx.actor.may(Permission.REVIEW):
        ctx.require(Permission.READ)
    contract = ctx.repo.contract(contract_id)
    require_contract_in_scope(ctx, contract.id)
    return contract


CONTRACT_FILTERS = ("needs_certificate", "needs_review", "compliant", "non_compliant", "inactive")


def list_contracts(
    ctx: Context,
    *,
    project_id: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Contract]:
    ctx.require(Permission.READ)
    if status is not None and status not in CONTRACT_FILTERS:
        raise InvalidInput("unknown filter", {"status": f"one of {', '.join(CONTRACT_FILTERS)}"})
    if project_id:
        ctx.repo.project(project_id)
        where = (lambda c: c.status == status) if status else None
        return ctx.repo.contracts_of_project(project_id, where=where, cursor=cursor, limit=limit)
    return ctx.repo.contracts(status=status, cursor=cursor, limit=limit)


def update_contract(ctx: Context, contract_id: str, change: ContractUpdate) -> Contract:
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    project = ctx.repo.project(contract.project_id)
    values = change.model_dump(exclude_unset=True)
    changes: list[str] = []
    if "contact" in values and change.contact is not None:
        contract.contact = change.contact
        changes.append("contact_updated")
    for name in ("number", "description"):
        if name in values:
            setattr(contract, name, values[name])
    group: RequirementGroup | None = None
    if values.get("requirement_group_id") and values["requirement_group_id"] != contract.requirement_group_id:
        group = _group_for_project(ctx, project, values["requirement_group_id"])
        contract.requirement_group_id = group.id
        changes.append("requirements_changed")
    if "active" in values and values["active"] is not None and values["active"] != contract.active:
        contract.active = values["active"]
        changes.append("activated" if contract.active else "deactivated")
    status_change = None
    if any(c in changes for c in ("requirements_changed", "activated", "deactivated")):
        status_change = stage_status(
            ctx, contract, evaluate_contract(ctx, contract, group), project=project, reason=", ".join(changes)
        )
    ctx.repo.save(contract)
    ctx.audit(
        "contract.updated", "contract", contract.id, **change.model_dump(mode="json", exclude_unset=True)
    )
    ctx.repo.commit()
    events = [_contract_changed(ctx, contract, c) for c in changes]
    if status_change:
        events.append(compliance_event(ctx, status_change, group))
    publish(ctx, events)
    return contract


def remove_contract(ctx: Context, contract_id: str) -> None:
    """Only while nothing on it was reviewed: afterwards the evidence must stay (deactivate instead)."""
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    if contract.reviewed:
        raise Conflict("this contract has reviewed documents; deactivate it instead")
    project = ctx.repo.project(contract.project_id)
    counts = dict(project.contract_counts)
    counts[contract.status] = max(0, counts.get(contract.status, 0) - 1)
    project.contract_counts = {k: v for k, v in counts.items() if v}
    ctx.repo.save(project)
    vendor = ctx.repo.vendor(contract.vendor_id)
    vendor.contracts.pop(contract.id, None)
    ctx.repo.save(vendor)
    ctx.repo.remove(contract)
    link = ctx.repo.portal_link(contract.id)
    if link is not None:
        ctx.repo.remove(link)
    ctx.audit("contract.removed", "contract", contract.id, vendor=contract.vendor_name)
    ctx.repo.commit()
    contract.active = False
    publish(ctx, [_contract_changed(ctx, contract, "removed")])


def request_documents(ctx: Context, contract_id: str, message: str | None = None) -> None:
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    if not contract.active:
        raise Conflict("the contract is inactive; activate it to send requests")
    ctx.audit("contract.documents_requested", "contract", contract.id, message=message)
    ctx.repo.commit()
    payload = DocumentsRequested(
        tenant_id=ctx.tenant_id,
        project_id=contract.project_id,
        contract_id=contract.id,
        requested_by=ctx.actor.email,
        message=message,
    )
    publish(ctx, [(payload, f"documents-requested:{contract.id}:{ctx.clock.now().isoformat()}")])


# ---------------------------------------------------------------- portal links
#
# The token is derived, not stored: base64url(HMAC-SHA256(PORTAL_TOKEN_SECRET,
# "<tenant>:<contract>:<generation>")), 256 bits. `generation` is a random nonce on the link
# (a new one on regenerate retires the old token); only sha256(token) is stored and used for
# lookup. So whoever holds the secret (the API, notify) can put the live link into an email
# without the database ever holding a usable token.

PortalSecret = bytes | str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def derive_portal_token(secret: PortalSecret, link: PortalLink) -> str | None:
    """The link's token, or None for a link issued before tokens were derived (no generation)."""
    if not link.generation:
        return None
    key = secret.encode() if isinstance(secret, str) else secret
    if not key:
        raise ValueError("the portal token secret is empty")
    message = f"{link.tenant_id}:{link.contract_id}:{link.generation}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass(frozen=True)
class IssuedPortalLink:
    token: str
    link: PortalLink


def _live(secret: PortalSecret, link: PortalLink | None, now: datetime) -> IssuedPortalLink | None:
    """The link with its token if it is usable and its token derives from this secret."""
    if link is None or not link.usable(now):
        return None
    token = derive_portal_token(secret, link)
    # A link from before derivation, or derived under a rotated secret, cannot be rebuilt.
    if token is None or not hmac.compare_digest(hash_token(token), link.token_hash):
        return None
    return IssuedPortalLink(token, link)


def _stage_new_link(
    ctx: Context, contract: Contract, secret: PortalSecret, replacing: PortalLink | None
) -> IssuedPortalLink:
    """Stage a fresh link (new generation, so any previous token stops working) and its audit.

    `replacing` is the link the caller read and decided to replace (None: there was none). The
    write is conditional on exactly that state (create-only, or the version read then), so a
    link another issuer stored in the meantime is never overwritten: the commit fails with
    Conflict instead. Reading the link again here would take the other issuer's live link as the
    one to replace."""
    tenant = ctx.repo.tenant()
    now = ctx.clock.now()
    link = PortalLink(
        tenant_id=ctx.tenant_id,
        project_id=contract.project_id,
        contract_id=contract.id,
        token_hash="",
        created_at=now,
        expires_at=now + timedelta(days=tenant.settings.portal_link_days),
        created_by=ctx.actor.email,
        generation=new_portal_generation(),
    )
    token = derive_portal_token(secret, link)
    assert token is not None  # a new link always has a generation
    link.token_hash = hash_token(token)
    if replacing is None:
        ctx.repo.add(link)
    else:
        ctx.repo.save(link)
        if replacing.token_hash:
            # The vendor may still open the old link (an older email): it says "expired", not "unknown".
            ctx.repo.add(
                RetiredPortalLink(
                    tenant_id=replacing.tenant_id,
                    project_id=replacing.project_id,
                    contract_id=replacing.contract_id,
                    token_hash=replacing.token_hash,
                    retired_at=now,
                    expires_at=replacing.expires_at,
                )
            )
    ctx.audit("portal_link.issued", "contract", contract.id, expires_at=link.expires_at.isoformat())
    return IssuedPortalLink(token, link)


def issue_portal_link(ctx: Context, contract_id: str, *, secret: PortalSecret) -> IssuedPortalLink:
    """Create or regenerate the contract's link; the previous token stops working at once.

    Only the token's hash is stored; `portal_link_for` derives the same token again later.
    """
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    issued = _stage_new_link(ctx, contract, secret, ctx.repo.portal_link(contract.id))
    try:
        ctx.repo.commit()
    except Conflict:
        # Another issuer wrote the link at the same moment (notify creating the first one for its
        # request email): theirs is as new as ours would have been, so it is the link. A revoke
        # at that moment leaves nothing live, and the conflict stands.
        fresh = TenantRepository(ctx.repo.store, ctx.tenant_id).portal_link(contract.id)
        live = _live(secret, fresh, ctx.clock.now())
        if live is None:
            raise
        return live
    return issued


def portal_link_for(ctx: Context, contract_id: str, *, secret: PortalSecret) -> IssuedPortalLink | None:
    """The contract's live link with its token (None when missing, revoked, expired or not derivable)."""
    ctx.require(Permission.READ)
    contract = ctx.repo.contract(contract_id)
    return _live(secret, ctx.repo.portal_link(contract.id), ctx.clock.now())


def ensure_portal_link(ctx: Context, contract_id: str, *, secret: PortalSecret) -> IssuedPortalLink | None:
    """The live link, created when there is none (missing, expired, or not derivable).

    A live link is never regenerated (the vendor may already hold it). A revoked link stays
    revoked: staff revoked it on purpose, so only an explicit `issue_portal_link` replaces it.
    Inactive contracts get no link (None).
    """
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    if not contract.active:
        return None
    existing = ctx.repo.portal_link(contract.id)
    now = ctx.clock.now()
    if existing is not None and existing.revoked_at is not None:
        return None
    live = _live(secret, existing, now)
    if live is not None:
        return live
    issued = _stage_new_link(ctx, contract, secret, existing)
    try:
        ctx.repo.commit()
    except Conflict:
        # Someone else issued (or revoked) it at the same moment: theirs is the link.
        fresh = TenantRepository(ctx.repo.store, ctx.tenant_id)
        return _live(secret, fresh.portal_link(contract.id), now)
    return issued


class _NoEvents:
    """Publisher for system calls that publish nothing (portal links raise no events)."""

    def publish(self, events: Sequence[Envelope[Any]]) -> None:
        raise RuntimeError("portal link maintenance publishes no events")


def ensure_portal_link_as_system(
    store: ItemStore, clock: Clock, tenant_id: str, contract_id: str, *, secret: PortalSecret
) -> str | None:
    """For services without a user (notify): the token of the contract's live link, issuing one
    when needed; None for unknown or inactive contracts and revoked links."""
    ctx = Context(
        actor=system_actor(tenant_id),
        repo=TenantRepository(store, tenant_id),
        publisher=_NoEvents(),
        clock=clock,
    )
    try:
        issued = ensure_portal_link(ctx, contract_id, secret=secret)
    except NotFound:
        return None
    return issued.token if issued else None


def revoke_portal_link(ctx: Context, contract_id: str) -> PortalLink:
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    link = ctx.repo.portal_link(contract.id)
    if link is None:
        raise NotFound("portal link", contract_id)
    link.revoked_at = ctx.clock.now()
    ctx.repo.save(link)
    ctx.audit("portal_link.revoked", "contract", contract.id)
    ctx.repo.commit()
    return link


def portal_link_status(ctx: Context, contract_id: str) -> PortalLink | None:
    ctx.require(Permission.READ)
    contract = ctx.repo.contract(contract_id)
    return ctx.repo.portal_link(contract.id)


@dataclass(frozen=True)
class PortalView:
    tenant_name: str
    project: Project
    contract: Contract
    group: RequirementGroup
    link: PortalLink


def _dead_link_message(store: ItemStore, tenant_id: str, what_happened: str) -> str:
    """Why a link stopped working and how the vendor gets a working one (the 410 answer)."""
    try:
        gc = TenantRepository(store, tenant_id).tenant().name
    except NotFound:
        gc = "the contractor who sent it"
    return (
        f"this upload link {what_happened}: use the link in the latest email from {gc}, "
        f"or ask {gc} to send you a new one"
    )


def open_portal(store: ItemStore, clock: Clock, token: str) -> PortalView:
    """The vendor's view through a link: no login, so an unknown or dead token reveals nothing."""
    if not token or len(token) > 200:
        raise NotFound("portal link")
    token_hash = hash_token(token)
    link = find_portal_link(store, token_hash)
    now = clock.now()
    if link is None:
        retired = find_retired_portal_link(store, token_hash)
        if retired is None or now >= retired.kept_until:
            raise NotFound("portal link")
        raise Gone(_dead_link_message(store, retired.tenant_id, "was replaced by a newer one"))
    if link.revoked_at is not None:
        raise Gone(_dead_link_message(store, link.tenant_id, "was revoked"))
    if not link.usable(now):
        raise Gone(_dead_link_message(store, link.tenant_id, "has expired"))
    repo = TenantRepository(store, link.tenant_id)
    contract = repo.contract(link.contract_id)
    if not contract.active:
        raise Gone("this contract is no longer active")
    project = repo.project(contract.project_id)
    group = repo.requirement_group(contract.requirement_group_id)
    # What the contract waived is not asked of the vendor (a waived coverage is skipped everywhere).
    waived = waived_requirement_keys(group, repo.coverage_records(contract.id), clock.today())
    return PortalView(repo.tenant().name, project, contract, without_waived(group, waived), link)


def requirements_in_plain_words(group: RequirementGroup, project: Project) -> list[str]:
    """What the vendor must provide, one sentence per requirement."""
    names = {
        "general_liability": "General liability",
        "auto_liability": "Automobile liability",
        "umbrella": "Umbrella liability",
        "excess": "Excess liability",
        "workers_comp": "Workers' compensation",
    }
    lines = []
    for spec in group.coverages:
        if spec.waived:
            continue
        name = (
            spec.label if spec.coverage == "other" and spec.label else names.get(spec.coverage, spec.coverage)
        )
        parts = [f"{k.replace('_', ' ')} ${v:,}" for k, v in spec.limits.items()]
        sentence = f"{name}" + (f": {', '.join(parts)}" if parts else "")
        extras = _options_in_words(spec, project)
        if extras:
            sentence += f"; {'; '.join(extras)}"
        lines.append(sentence + ".")
    if group.minimum_am_best and group.minimum_am_best.rating:
        size = f" {group.minimum_am_best.size}" if group.minimum_am_best.size else ""
        lines.append(f"Insurers rated at least {group.minimum_am_best.rating}{size} by AM Best.")
    for doc in group.required_documents:
        lines.append(f"{doc.name}" + (f": {doc.description}" if doc.description else "") + ".")
    if group.vendor_instructions:
        lines.append(group.vendor_instructions)
    return lines


def _options_in_words(spec: CoverageRequirement, project: Project) -> list[str]:
    words = []
    if spec.additional_insured:
        words.append(f"additional insured: {', '.join(project.additional_insureds)}")
    if spec.completed_operations:
        words.append("including completed operations")
    if spec.primary_noncontributory:
        words.append("primary and non-contributory")
    if spec.subrogation_waived:
        words.append("waiver of subrogation")
    if spec.occurrence_only:
        words.append("occurrence form")
    if spec.per_project_aggregate:
        words.append("aggregate applies per project")
    if spec.per_statute:
        words.append("statutory limits")
    if spec.auto_types_any_of:
        words.append(f"covering {' or '.join(a.replace('_', '-') for a in spec.auto_types_any_of)} autos")
    endorsements = getattr(spec, "endorsements", None)
    if endorsements:
        words.append(f"endorsements {', '.join(endorsements)}")
    return words


# ---------------------------------------------------------------- notes


def add_note(ctx: Context, contract_id: str, data: NoteInput) -> Note:
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    if data.email_user_id:
        ctx.repo.user(data.email_user_id)
    note = Note(
        id=new_id(),
        tenant_id=ctx.tenant_id,
        contract_id=contract.id,
        author=ctx.actor.email,
        text=data.text,
        email_user_id=data.email_user_id,
        created_at=ctx.clock.now(),
    )
    ctx.repo.add(note)
    ctx.audit(
        "contract.note_added", "contract", contract.id, note_id=note.id, email_user_id=data.email_user_id
    )
    ctx.repo.commit()
    payload = ContractNoteAdded(
        tenant_id=ctx.tenant_id,
        project_id=contract.project_id,
        contract_id=contract.id,
        note_id=note.id,
        author=note.author,
        text=note.text,
        email_user_id=note.email_user_id,
    )
    publish(ctx, [(payload, f"note:{note.id}")])
    return note


def list_notes(ctx: Context, contract_id: str, cursor: str | None = None, limit: int = 50) -> Page[Note]:
    ctx.require(Permission.READ)
    contract = ctx.repo.contract(contract_id)
    return ctx.repo.notes(contract.id, cursor, limit)


def audit_trail(
    ctx: Context,
    *,
    entity_type: str | None = None,
    entity_id: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Any]:
    ctx.require(Permission.READ)
    return ctx.repo.audit_trail(entity_type=entity_type, entity_id=entity_id, cursor=cursor, limit=limit)
