"""Notes on contracts and the audit trail."""

from __future__ import annotations

from typing import Any

from shared.events import ContractNoteAdded
from shared.workspace.access import Context, Permission
from shared.workspace.entities import Note, NoteInput, new_id
from shared.workspace.publishing import publish
from shared.workspace.repository import Page


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
