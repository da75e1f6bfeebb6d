"""Repository queries for the tenant, its users, reviewer grants and legal entities."""

from __future__ import annotations

from shared.workspace.entities import LegalEntity, ReviewerGrant, Tenant, User, is_valid_id
from shared.workspace.repository.common import DEFAULT_PAGE, Page
from shared.workspace.repository.unit_of_work import UnitOfWork


class AccountQueries(UnitOfWork):
    """The tenant, its users, reviewer grants and legal entities."""

    def tenant(self) -> Tenant:
        return self._get(self.pk, "TENANT", Tenant, "tenant", self.tenant_id)

    def user(self, user_id: str) -> User:
        return self._in_tenant("USER", user_id, User, "user")

    def users(self, cursor: str | None = None, limit: int = DEFAULT_PAGE) -> Page[User]:
        return self._page(User, self.pk, prefix="USER#", cursor=cursor, limit=limit)

    def grants(self) -> list[ReviewerGrant]:
        return self._all(ReviewerGrant, self.pk, prefix="GRANT#")

    def grant(self, reviewer_user_id: str) -> ReviewerGrant | None:
        if not is_valid_id(reviewer_user_id):
            return None
        item = self.store.get(self.pk, f"GRANT#{reviewer_user_id}")
        return ReviewerGrant.model_validate(self._remember(item).body) if item else None

    def legal_entity(self, entity_id: str) -> LegalEntity:
        return self._in_tenant("LE", entity_id, LegalEntity, "legal entity")

    def legal_entities(self, cursor: str | None = None, limit: int = DEFAULT_PAGE) -> Page[LegalEntity]:
        return self._page(LegalEntity, self.pk, prefix="LE#", cursor=cursor, limit=limit)
