"""Reading documents: one document, a contract's documents, the Needs Review queues (the
tenant's and a cross-tenant reviewer's) and the review outcome the vendor's portal shows."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from shared.workspace.access import Actor, Context, Permission
from shared.workspace.coverage_records import COVERAGE_NAMES
from shared.workspace.entities import Document, RequirementGroup, ReviewDecisionStatus, ReviewState
from shared.workspace.errors import InvalidInput, NotFound
from shared.workspace.repository import Page, TenantRepository, grants_for_reviewer
from shared.workspace.scope import require_contract_in_scope
from shared.workspace.store import ItemStore


def get_document(ctx: Context, document_id: str) -> Document:
    if not ctx.actor.may(Permission.REVIEW):
        ctx.require(Permission.READ)
    return document_in_scope(ctx, document_id)


def document_in_scope(ctx: Context, document_id: str) -> Document:
    """The document, if the caller's scope includes its contract (see `scope`); else 404."""
    document = ctx.repo.document(document_id)
    try:
        require_contract_in_scope(ctx, document.contract_id)
    except NotFound:
        raise NotFound("document", document_id) from None
    return document


def list_documents(
    ctx: Context, contract_id: str, cursor: str | None = None, limit: int = 50
) -> Page[Document]:
    if not ctx.actor.may(Permission.REVIEW):
        ctx.require(Permission.READ)
    contract = ctx.repo.contract(contract_id)
    require_contract_in_scope(ctx, contract.id)
    return ctx.repo.documents_of_contract(contract.id, cursor, limit)


def needs_review_queue(ctx: Context, cursor: str | None = None, limit: int = 50) -> Page[Document]:
    ctx.require(Permission.REVIEW)
    return ctx.repo.needs_review(cursor, limit)


@dataclass(frozen=True)
class QueueEntry:
    tenant_id: str
    document: Document


def reviewer_queue(store: ItemStore, actor: Actor, *, limit: int = 50) -> list[QueueEntry]:
    """Every granted tenant's Needs Review queue, oldest first (a Reviewer works across clients)."""
    tenants = [actor.tenant_id] + [g.tenant_id for g in grants_for_reviewer(store, actor.user_id)]
    entries: list[QueueEntry] = []
    for tenant_id in dict.fromkeys(tenants):
        page = TenantRepository(store, tenant_id).needs_review(limit=limit)
        entries += [QueueEntry(tenant_id, d) for d in page.items]
    entries.sort(key=lambda e: e.document.uploaded_at)
    return entries[:limit]


def reviewer_queue_page(
    store: ItemStore, actor: Actor, *, cursor: str | None = None, limit: int = 50
) -> Page[QueueEntry]:
    """The cross-tenant queue page by page: tenant by tenant (own first, then granted clients in id
    order), oldest first inside each; the cursor remembers the tenant and its own cursor."""
    tenants = list(
        dict.fromkeys(
            [actor.tenant_id, *sorted(g.tenant_id for g in grants_for_reviewer(store, actor.user_id))]
        )
    )
    position = _decode_queue_cursor(cursor, tenants)
    index, inner = (tenants.index(position[0]), position[1]) if position else (0, None)
    entries: list[QueueEntry] = []
    while index < len(tenants) and len(entries) < limit:
        page = TenantRepository(store, tenants[index]).needs_review(cursor=inner, limit=limit - len(entries))
        entries += [QueueEntry(tenants[index], d) for d in page.items]
        if page.next_cursor is not None:
            return Page(entries, _encode_queue_cursor(tenants[index], page.next_cursor))
        index, inner = index + 1, None
    more = index < len(tenants)
    return Page(entries, _encode_queue_cursor(tenants[index], None) if more else None)


def _encode_queue_cursor(tenant_id: str, inner: str | None) -> str:
    raw = json.dumps({"t": tenant_id, "c": inner}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_queue_cursor(cursor: str | None, tenants: list[str]) -> tuple[str, str | None] | None:
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        tenant_id, inner = data["t"], data["c"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput("invalid cursor", {"cursor": "not a cursor this list issued"}) from exc
    if tenant_id not in tenants or not (inner is None or isinstance(inner, str)):
        raise InvalidInput("invalid cursor", {"cursor": "not a cursor this list issued"})
    return tenant_id, inner


def review_outcome_for_vendor(
    repo: TenantRepository, group: RequirementGroup, document: Document
) -> dict[str, object] | None:
    """The human decision on a document as the vendor's portal shows it, once the review is done.

    `{"accepted": bool, "reasons": [one sentence per rejected requirement], "notes_to_vendor": ...}`;
    None while nobody has finished reviewing it (drafts are not shown).
    """
    review = repo.review(document.id)
    if review is None or review.state != ReviewState.DONE:
        return None
    labels = {c.requirement_key: c.label for c in group.coverages if c.label}
    labels |= {d.requirement_key: d.name for d in group.required_documents}
    reasons = []
    for decision in review.decisions:
        if decision.status != ReviewDecisionStatus.REJECTED:
            continue
        key = decision.requirement_key
        title = labels.get(key) or COVERAGE_NAMES.get(key, key)
        reasons.append(f"{title}: {decision.note}" if decision.note else f"{title} was not accepted.")
    return {"accepted": not reasons, "reasons": reasons, "notes_to_vendor": review.notes_to_vendor}
