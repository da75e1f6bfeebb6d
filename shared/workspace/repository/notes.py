"""Repository queries for notes and the audit trail."""

from __future__ import annotations

from shared.workspace.entities import AuditEntry, Note
from shared.workspace.repository.common import DEFAULT_PAGE, Page
from shared.workspace.repository.unit_of_work import UnitOfWork


class NoteQueries(UnitOfWork):
    """Notes and the audit trail."""

    def notes(self, contract_id: str, cursor: str | None = None, limit: int = DEFAULT_PAGE) -> Page[Note]:
        return self._page(
            Note, f"{self.pk}#C#{contract_id}", prefix="NOTE#", cursor=cursor, limit=limit, forward=False
        )

    def record_audit(self, entry: AuditEntry) -> None:
        """Audit entries are create-only: there is deliberately no update or delete path."""
        self._staged.append((entry, 0))

    def audit_trail(
        self,
        *,
        entity_type: str | None = None,
        entity_id: str | None = None,
        cursor: str | None = None,
        limit: int = DEFAULT_PAGE,
    ) -> Page[AuditEntry]:
        if entity_type and entity_id:
            return self._page(
                AuditEntry,
                f"{self.pk}#AUDIT#{entity_type}#{entity_id}",
                cursor=cursor,
                limit=limit,
                forward=False,
            )
        return self._page(
            AuditEntry, f"{self.pk}#AUDIT", index="gsi1", cursor=cursor, limit=limit, forward=False
        )
