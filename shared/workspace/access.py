"""Who is acting, what their role allows, and the ports a workflow call gets."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from shared.aws.bus import EventPublisher
from shared.clock import Clock
from shared.workspace.entities import AuditEntry, Role, new_id
from shared.workspace.errors import Forbidden, NotFound
from shared.workspace.repository import TenantRepository, grants_for_reviewer
from shared.workspace.store import ItemStore


class Permission(StrEnum):
    READ = "read"
    WRITE = "write"
    REVIEW = "review"
    ADMIN = "admin"


_ALLOWED: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.STANDARD: frozenset({Permission.READ, Permission.WRITE, Permission.REVIEW}),
    Role.READ_ONLY: frozenset({Permission.READ}),
    # Managed-service reviewers work a client's review queue and nothing else.
    Role.REVIEWER: frozenset({Permission.REVIEW}),
}


@dataclass(frozen=True)
class Actor:
    user_id: str
    email: str
    role: Role
    # The tenant the user belongs to (for a Reviewer: the managed-service company).
    tenant_id: str

    def may(self, permission: Permission) -> bool:
        return permission in _ALLOWED[self.role]


@dataclass
class Context:
    """Everything one workflow call needs: the actor, the tenant's repository and the ports."""

    actor: Actor
    repo: TenantRepository
    publisher: EventPublisher
    clock: Clock
    correlation_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def tenant_id(self) -> str:
        return self.repo.tenant_id

    def require(self, permission: Permission) -> None:
        if not self.actor.may(permission):
            raise Forbidden(f"your role ({self.actor.role}) does not allow this ({permission})")

    def audit(self, action: str, entity_type: str, entity_id: str, **changes: object) -> None:
        self.repo.record_audit(
            AuditEntry(
                id=new_id(),
                tenant_id=self.tenant_id,
                at=self.clock.now(),
                actor=self.actor.email,
                action=action,
                entity_type=entity_type,
                entity_id=entity_id,
                changes=changes,
            )
        )


def open_context(  # noqa: PLR0913  the four ports plus two keyword-only options
    store: ItemStore,
    actor: Actor,
    publisher: EventPublisher,
    clock: Clock,
    *,
    tenant_id: str | None = None,
    correlation_id: str | None = None,
) -> Context:
    """A context on the actor's own tenant, or (Reviewers only) on a client tenant that granted them."""
    target = tenant_id or actor.tenant_id
    if target != actor.tenant_id:
        granted = actor.role == Role.REVIEWER and any(
            g.tenant_id == target for g in grants_for_reviewer(store, actor.user_id)
        )
        if not granted:
            # Another tenant's existence is not revealed.
            raise NotFound("tenant", target)
    repo = TenantRepository(store, target)
    ctx = Context(actor=actor, repo=repo, publisher=publisher, clock=clock)
    if correlation_id:
        ctx.correlation_id = correlation_id
    return ctx


SYSTEM_ACTOR_EMAIL = "system@coi.review"


def system_actor(tenant_id: str) -> Actor:
    """The automatic review (rules engine) acting inside a tenant."""
    return Actor(user_id="0" * 32, email=SYSTEM_ACTOR_EMAIL, role=Role.STANDARD, tenant_id=tenant_id)
