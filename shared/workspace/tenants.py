"""Tenants and users: sign-up, tenant settings, users, reviewer grants and legal entities.

Every function takes a `Context` (actor + tenant repository + publisher + clock), checks the
role, stages its writes (audit entries included) and commits them in one transaction.
"""

from __future__ import annotations

from shared.clock import Clock
from shared.contracts import MinimumAmBest
from shared.workspace.access import Context, Permission
from shared.workspace.entities import (
    CoverageSpec,
    LegalEntity,
    LegalEntityInput,
    RequiredDocument,
    RequirementGroup,
    ReviewerGrant,
    Role,
    Tenant,
    TenantSettings,
    TenantSettingsUpdate,
    User,
    UserInput,
    UserUpdate,
    new_id,
)
from shared.workspace.errors import Conflict, InvalidInput, NotFound
from shared.workspace.repository import Page, TenantRepository, find_user_by_email
from shared.workspace.store import ItemStore


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


def create_tenant(  # noqa: PLR0913  keyword-only fields of the tenant and its first admin
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
