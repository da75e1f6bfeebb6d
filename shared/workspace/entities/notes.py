"""Notes on contracts and audit entries."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from shared.workspace.entities.common import Entity, IdRef, RequestBody


class Note(Entity):
    id: str
    tenant_id: str
    contract_id: str
    author: str
    text: str
    email_user_id: str | None = None
    created_at: datetime


class NoteInput(RequestBody):
    text: str = Field(min_length=1, max_length=4000)
    email_user_id: IdRef | None = None


class AuditEntry(Entity):
    """One decision, as it happened. Stored with a create-only condition; there is no edit path."""

    id: str
    tenant_id: str
    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str
    changes: dict[str, object] = Field(default_factory=dict)
