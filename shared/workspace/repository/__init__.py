"""Tenant-scoped repository and unit of work over the single table.

Every key is built here from the tenant id the repository was opened with, so a caller cannot
reach another tenant's item by passing its id: isolation lives in the data layer itself. The
deliberate cross-tenant lookups (`find_user_by_email`, `tenant_ids`, `find_portal_link`,
`grants_for_reviewer`) are module functions in `lookups` that go through gsi1 on a value that is
global (sign-in email) or unguessable (the hash of a portal token).

- `items`: the keys and index keys of every entity (the single-table design lives there only)
- `unit_of_work`: reads, staged writes, optimistic versions, one transaction per commit
- `accounts`, `projects`, `contracts`, `documents`, `notes`: each aggregate's queries
"""

from __future__ import annotations

from shared.workspace.repository.accounts import AccountQueries
from shared.workspace.repository.common import DEFAULT_PAGE, MAX_PAGE, Page, tenant_pk
from shared.workspace.repository.contracts import ContractQueries
from shared.workspace.repository.documents import DocumentQueries
from shared.workspace.repository.items import coverage_sk, coverage_tally_key, item_for
from shared.workspace.repository.lookups import (
    find_portal_link,
    find_retired_portal_link,
    find_user_by_email,
    grants_for_reviewer,
    tenant_ids,
)
from shared.workspace.repository.notes import NoteQueries
from shared.workspace.repository.projects import ProjectQueries
from shared.workspace.repository.unit_of_work import UnitOfWork


class TenantRepository(AccountQueries, ProjectQueries, ContractQueries, DocumentQueries, NoteQueries):
    """Reads and staged writes for one tenant; `commit()` applies the staged writes atomically.

    Versions of loaded items are remembered, so saving an entity that someone else changed in
    the meantime fails with Conflict instead of overwriting their change.
    """


__all__ = [
    "DEFAULT_PAGE",
    "MAX_PAGE",
    "Page",
    "TenantRepository",
    "UnitOfWork",
    "coverage_sk",
    "coverage_tally_key",
    "find_portal_link",
    "find_retired_portal_link",
    "find_user_by_email",
    "grants_for_reviewer",
    "item_for",
    "tenant_ids",
    "tenant_pk",
]
