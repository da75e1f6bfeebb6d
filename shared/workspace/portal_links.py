"""Portal links: the vendor's upload link for one contract, and what opening it shows.

The token is derived, not stored: base64url(HMAC-SHA256(PORTAL_TOKEN_SECRET,
"<tenant>:<contract>:<generation>")), 256 bits. `generation` is a random nonce on the link
(a new one on regenerate retires the old token); only sha256(token) is stored and used for
lookup. So whoever holds the secret (the API, notify) can put the live link into an email
without the database ever holding a usable token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from shared.clock import Clock
from shared.contracts import CoverageRequirement
from shared.events import Envelope
from shared.workspace.access import Context, Permission, system_actor
from shared.workspace.compliance import waived_requirement_keys, without_waived
from shared.workspace.entities import (
    Contract,
    PortalLink,
    Project,
    RequirementGroup,
    RetiredPortalLink,
    new_portal_generation,
)
from shared.workspace.errors import Conflict, Gone, NotFound
from shared.workspace.repository import TenantRepository, find_portal_link, find_retired_portal_link
from shared.workspace.store import ItemStore

PortalSecret = bytes | str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def derive_portal_token(secret: PortalSecret, link: PortalLink) -> str | None:
    """The link's token, or None for a link issued before tokens were derived (no generation)."""
    if not link.generation:
        return None
    key = secret.encode() if isinstance(secret, str) else secret
    if not key:
        raise ValueError("the portal token secret is empty")
    message = f"{link.tenant_id}:{link.contract_id}:{link.generation}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass(frozen=True)
class IssuedPortalLink:
    token: str
    link: PortalLink


def _live(secret: PortalSecret, link: PortalLink | None, now: datetime) -> IssuedPortalLink | None:
    """The link with its token if it is usable and its token derives from this secret."""
    if link is None or not link.usable(now):
        return None
    token = derive_portal_token(secret, link)
    # A link from before derivation, or derived under a rotated secret, cannot be rebuilt.
    if token is None or not hmac.compare_digest(hash_token(token), link.token_hash):
        return None
    return IssuedPortalLink(token, link)


def _stage_new_link(
    ctx: Context, contract: Contract, secret: PortalSecret, replacing: PortalLink | None
) -> IssuedPortalLink:
    """Stage a fresh link (new generation, so any previous token stops working) and its audit.

    `replacing` is the link the caller read and decided to replace (None: there was none). The
    write is conditional on exactly that state (create-only, or the version read then), so a
    link another issuer stored in the meantime is never overwritten: the commit fails with
    Conflict instead. Reading the link again here would take the other issuer's live link as the
    one to replace."""
    tenant = ctx.repo.tenant()
    now = ctx.clock.now()
    link = PortalLink(
        tenant_id=ctx.tenant_id,
        project_id=contract.project_id,
        contract_id=contract.id,
        token_hash="",
        created_at=now,
        expires_at=now + timedelta(days=tenant.settings.portal_link_days),
        created_by=ctx.actor.email,
        generation=new_portal_generation(),
    )
    token = derive_portal_token(secret, link)
    assert token is not None  # a new link always has a generation
    link.token_hash = hash_token(token)
    if replacing is None:
        ctx.repo.add(link)
    else:
        ctx.repo.save(link)
        if replacing.token_hash:
            # The vendor may still open the old link (an older email): it says "expired", not "unknown".
            ctx.repo.add(
                RetiredPortalLink(
                    tenant_id=replacing.tenant_id,
                    project_id=replacing.project_id,
                    contract_id=replacing.contract_id,
                    token_hash=replacing.token_hash,
                    retired_at=now,
                    expires_at=replacing.expires_at,
                )
            )
    ctx.audit("portal_link.issued", "contract", contract.id, expires_at=link.expires_at.isoformat())
    return IssuedPortalLink(token, link)


def issue_portal_link(ctx: Context, contract_id: str, *, secret: PortalSecret) -> IssuedPortalLink:
    """Create or regenerate the contract's link; the previous token stops working at once.

    Only the token's hash is stored; `portal_link_for` derives the same token again later.
    """
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    issued = _stage_new_link(ctx, contract, secret, ctx.repo.portal_link(contract.id))
    try:
        ctx.repo.commit()
    except Conflict:
        # Another issuer wrote the link at the same moment (notify creating the first one for its
        # request email): theirs is as new as ours would have been, so it is the link. A revoke
        # at that moment leaves nothing live, and the conflict stands.
        fresh = TenantRepository(ctx.repo.store, ctx.tenant_id).portal_link(contract.id)
        live = _live(secret, fresh, ctx.clock.now())
        if live is None:
            raise
        return live
    return issued


def portal_link_for(ctx: Context, contract_id: str, *, secret: PortalSecret) -> IssuedPortalLink | None:
    """The contract's live link with its token (None when missing, revoked, expired or not derivable)."""
    ctx.require(Permission.READ)
    contract = ctx.repo.contract(contract_id)
    return _live(secret, ctx.repo.portal_link(contract.id), ctx.clock.now())


def ensure_portal_link(ctx: Context, contract_id: str, *, secret: PortalSecret) -> IssuedPortalLink | None:
    """The live link, created when there is none (missing, expired, or not derivable).

    A live link is never regenerated (the vendor may already hold it). A revoked link stays
    revoked: staff revoked it on purpose, so only an explicit `issue_portal_link` replaces it.
    Inactive contracts get no link (None).
    """
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    if not contract.active:
        return None
    existing = ctx.repo.portal_link(contract.id)
    now = ctx.clock.now()
    if existing is not None and existing.revoked_at is not None:
        return None
    live = _live(secret, existing, now)
    if live is not None:
        return live
    issued = _stage_new_link(ctx, contract, secret, existing)
    try:
        ctx.repo.commit()
    except Conflict:
        # Someone else issued (or revoked) it at the same moment: theirs is the link.
        fresh = TenantRepository(ctx.repo.store, ctx.tenant_id)
        return _live(secret, fresh.portal_link(contract.id), now)
    return issued


class _NoEvents:
    """Publisher for system calls that publish nothing (portal links raise no events)."""

    def publish(self, events: Sequence[Envelope[Any]]) -> None:
        raise RuntimeError("portal link maintenance publishes no events")


def ensure_portal_link_as_system(
    store: ItemStore, clock: Clock, tenant_id: str, contract_id: str, *, secret: PortalSecret
) -> str | None:
    """For services without a user (notify): the token of the contract's live link, issuing one
    when needed; None for unknown or inactive contracts and revoked links."""
    ctx = Context(
        actor=system_actor(tenant_id),
        repo=TenantRepository(store, tenant_id),
        publisher=_NoEvents(),
        clock=clock,
    )
    try:
        issued = ensure_portal_link(ctx, contract_id, secret=secret)
    except NotFound:
        return None
    return issued.token if issued else None


def revoke_portal_link(ctx: Context, contract_id: str) -> PortalLink:
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    link = ctx.repo.portal_link(contract.id)
    if link is None:
        raise NotFound("portal link", contract_id)
    link.revoked_at = ctx.clock.now()
    ctx.repo.save(link)
    ctx.audit("portal_link.revoked", "contract", contract.id)
    ctx.repo.commit()
    return link


def portal_link_status(ctx: Context, contract_id: str) -> PortalLink | None:
    ctx.require(Permission.READ)
    contract = ctx.repo.contract(contract_id)
    return ctx.repo.portal_link(contract.id)


@dataclass(frozen=True)
class PortalView:
    tenant_name: str
    project: Project
    contract: Contract
    group: RequirementGroup
    link: PortalLink


def _dead_link_message(store: ItemStore, tenant_id: str, what_happened: str) -> str:
    """Why a link stopped working and how the vendor gets a working one (the 410 answer)."""
    try:
        gc = TenantRepository(store, tenant_id).tenant().name
    except NotFound:
        gc = "the contractor who sent it"
    return (
        f"this upload link {what_happened}: use the link in the latest email from {gc}, "
        f"or ask {gc} to send you a new one"
    )


def open_portal(store: ItemStore, clock: Clock, token: str) -> PortalView:
    """The vendor's view through a link: no login, so an unknown or dead token reveals nothing."""
    if not token or len(token) > 200:
        raise NotFound("portal link")
    token_hash = hash_token(token)
    link = find_portal_link(store, token_hash)
    now = clock.now()
    if link is None:
        retired = find_retired_portal_link(store, token_hash)
        if retired is None or now >= retired.kept_until:
            raise NotFound("portal link")
        raise Gone(_dead_link_message(store, retired.tenant_id, "was replaced by a newer one"))
    if link.revoked_at is not None:
        raise Gone(_dead_link_message(store, link.tenant_id, "was revoked"))
    if not link.usable(now):
        raise Gone(_dead_link_message(store, link.tenant_id, "has expired"))
    repo = TenantRepository(store, link.tenant_id)
    contract = repo.contract(link.contract_id)
    if not contract.active:
        raise Gone("this contract is no longer active")
    project = repo.project(contract.project_id)
    group = repo.requirement_group(contract.requirement_group_id)
    # What the contract waived is not asked of the vendor (a waived coverage is skipped everywhere).
    waived = waived_requirement_keys(group, repo.coverage_records(contract.id), clock.today())
    return PortalView(repo.tenant().name, project, contract, without_waived(group, waived), link)


def requirements_in_plain_words(group: RequirementGroup, project: Project) -> list[str]:
    """What the vendor must provide, one sentence per requirement."""
    names = {
        "general_liability": "General liability",
        "auto_liability": "Automobile liability",
        "umbrella": "Umbrella liability",
        "excess": "Excess liability",
        "workers_comp": "Workers' compensation",
    }
    lines = []
    for spec in group.coverages:
        if spec.waived:
            continue
        name = (
            spec.label if spec.coverage == "other" and spec.label else names.get(spec.coverage, spec.coverage)
        )
        parts = [f"{k.replace('_', ' ')} ${v:,}" for k, v in spec.limits.items()]
        sentence = f"{name}" + (f": {', '.join(parts)}" if parts else "")
        extras = _options_in_words(spec, project)
        if extras:
            sentence += f"; {'; '.join(extras)}"
        lines.append(sentence + ".")
    if group.minimum_am_best and group.minimum_am_best.rating:
        size = f" {group.minimum_am_best.size}" if group.minimum_am_best.size else ""
        lines.append(f"Insurers rated at least {group.minimum_am_best.rating}{size} by AM Best.")
    for doc in group.required_documents:
        lines.append(f"{doc.name}" + (f": {doc.description}" if doc.description else "") + ".")
    if group.vendor_instructions:
        lines.append(group.vendor_instructions)
    return lines


def _options_in_words(spec: CoverageRequirement, project: Project) -> list[str]:
    words = []
    if spec.additional_insured:
        words.append(f"additional insured: {', '.join(project.additional_insureds)}")
    if spec.completed_operations:
        words.append("including completed operations")
    if spec.primary_noncontributory:
        words.append("primary and non-contributory")
    if spec.subrogation_waived:
        words.append("waiver of subrogation")
    if spec.occurrence_only:
        words.append("occurrence form")
    if spec.per_project_aggregate:
        words.append("aggregate applies per project")
    if spec.per_statute:
        words.append("statutory limits")
    if spec.auto_types_any_of:
        words.append(f"covering {' or '.join(a.replace('_', '-') for a in spec.auto_types_any_of)} autos")
    endorsements = getattr(spec, "endorsements", None)
    if endorsements:
        words.append(f"endorsements {', '.join(endorsements)}")
    return words
