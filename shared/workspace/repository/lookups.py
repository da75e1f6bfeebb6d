"""The deliberate cross-tenant lookups, through gsi1 on a value that is global (sign-in email,
the tenant list) or unguessable (the hash of a portal token)."""

from __future__ import annotations

from shared.workspace.entities import PortalLink, RetiredPortalLink, ReviewerGrant, User
from shared.workspace.store import ItemStore


def find_user_by_email(store: ItemStore, email: str) -> User | None:
    page = store.query(f"EMAIL#{email.strip().lower()}", index="gsi1", limit=1)
    return User.model_validate(page.items[0].body) if page.items else None


def tenant_ids(store: ItemStore) -> list[str]:
    """Every tenant, for operators' daily jobs (never exposed through the API)."""
    ids: list[str] = []
    start: dict[str, str] | None = None
    while True:
        page = store.query("TENANTS", index="gsi1", start_key=start, limit=500)
        ids += [str(i.body["id"]) for i in page.items]
        if page.next_key is None:
            return ids
        start = page.next_key


def find_portal_link(store: ItemStore, token_hash: str) -> PortalLink | None:
    page = store.query(f"PORTAL#{token_hash}", index="gsi1", limit=1)
    return PortalLink.model_validate(page.items[0].body) if page.items else None


def find_retired_portal_link(store: ItemStore, token_hash: str) -> RetiredPortalLink | None:
    page = store.query(f"PORTAL_RETIRED#{token_hash}", index="gsi1", limit=1)
    return RetiredPortalLink.model_validate(page.items[0].body) if page.items else None


def grants_for_reviewer(store: ItemStore, reviewer_user_id: str) -> list[ReviewerGrant]:
    page = store.query(f"REVIEWER#{reviewer_user_id}", index="gsi1")
    return [ReviewerGrant.model_validate(i.body) for i in page.items]
