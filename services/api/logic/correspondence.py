"""What the correspondence needs from a person, as the API and the staff pages list it.

Notify writes the records; the API reads them through the shared correspondence read model.
"""

from __future__ import annotations

from typing import Any

from shared.correspondence import CorrespondenceReader, action_rows, open_actions
from shared.workspace import Context, NotFound, Permission


def action_needed_rows(
    correspondence: CorrespondenceReader,
    ctx: Context,
    *,
    kind: str | None = None,
    project_id: str | None = None,
    contract_id: str | None = None,
) -> list[dict[str, Any]]:
    """The tenant's open action-needed items, oldest first, with vendor names (API and UI)."""
    ctx.require(Permission.READ)
    items = open_actions(
        correspondence, ctx.tenant_id, kind=kind, project_id=project_id, contract_id=contract_id
    )

    def vendor_name_of(contract_id: str) -> str | None:
        try:
            return ctx.repo.contract(contract_id).vendor_name
        except NotFound:  # removed since the item was raised; the item still stands
            return None

    return action_rows(items, vendor_name_of)
