"""The Procore facade the integration routes and pages share, and the project's open sync problems
that the go-live checklist counts (JSON route and project page alike).

Procore is reached only through `shared.procore.staff`: one facade per API services object (tests
build several and install their own with `use_procore`), never a global.
"""

from __future__ import annotations

from typing import Any

_FACADE_ATTRIBUTE = "_procore_facade"


def procore_for_services(services: Any) -> Any:
    """The Procore facade for these API services (tests install their own with `use_procore`)."""
    facade = getattr(services, _FACADE_ATTRIBUTE, None)
    if facade is None:
        from shared.procore.staff import for_table  # only the requests that reach Procore load it

        facade = for_table(services.settings.table_name)
        use_procore(services, facade)
    return facade


def has_procore(services: Any) -> bool:
    return getattr(services, _FACADE_ATTRIBUTE, None) is not None


def use_procore(services: Any, facade: Any) -> None:
    setattr(services, _FACADE_ATTRIBUTE, facade)


def open_sync_problems(services: Any, tenant_id: str, project_id: str) -> int:
    """Unresolved Procore Sync Log entries of the project (none without Procore records)."""
    from shared.workspace import DynamoItemStore

    if not has_procore(services) and not isinstance(services.store, DynamoItemStore):
        return 0  # an in-memory workspace has no Procore records
    log = procore_for_services(services).sync_log(tenant_id, project_id)
    return sum(1 for entry in log if not entry.get("resolved"))
