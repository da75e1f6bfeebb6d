"""What a Reviewer may read: only contracts with a document waiting in its review queue.

Reviewers (a managed-service company's staff, or a GC's own Reviewer users) hold the REVIEW
permission and not READ. Their scope, on their own tenant or a tenant that granted them:
- a contract, its detail page and its documents (earlier ones too, to compare a renewal) while
  at least one of its documents needs review;
- a document, its saved review and the review actions under the same condition.
Anything else is 404, exactly like another tenant's id: a Reviewer cannot probe which contracts
exist. Once the last waiting document is reviewed the contract leaves their scope. Requirement
groups (templates without vendor data) stay readable. Staff with READ see everything as before.
"""

from __future__ import annotations

from shared.workspace.access import Context, Permission
from shared.workspace.entities import DocumentStatus, is_valid_id
from shared.workspace.errors import NotFound


def has_document_to_review(ctx: Context, contract_id: str) -> bool:
    """True when a document of the contract is in the tenant's review queue."""
    if not is_valid_id(contract_id):
        return False
    repo = ctx.repo
    waiting = repo.store.query(
        f"{repo.pk}#C#{contract_id}#DOCS",
        index="gsi1",
        where=lambda item: item.body.get("status") == DocumentStatus.NEEDS_REVIEW.value,
        limit=1,
    )
    return bool(waiting.items)


def require_contract_in_scope(ctx: Context, contract_id: str) -> None:
    """READ sees any contract of the tenant; REVIEW alone only those with a document to review."""
    if ctx.actor.may(Permission.READ):
        return
    ctx.require(Permission.REVIEW)
    if not has_document_to_review(ctx, contract_id):
        raise NotFound("contract", contract_id)
