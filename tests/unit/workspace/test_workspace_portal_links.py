"""Derived portal tokens: rebuildable by whoever holds the secret, never stored, still revocable."""

from __future__ import annotations

import hashlib

import pytest

from shared import workspace
from shared.workspace import ContractUpdate, Gone, NotFound
from tests.unit.workspace.conftest import Desk

SECRET = "workspace-portal-secret-0123456789abcdef"


def test_the_derived_link_is_the_issued_one_and_stable_across_calls(desk: Desk):
    # GIVEN an issued link
    contract = desk.contract(desk.project())
    issued = workspace.issue_portal_link(desk.admin, contract.id, secret=SECRET)

    # WHEN it is derived again, twice
    first = workspace.portal_link_for(desk.read_only, contract.id, secret=SECRET)
    second = workspace.portal_link_for(desk.admin, contract.id, secret=SECRET)

    # THEN both are the issued token: 256 bits, only its hash stored, and it opens the portal
    assert first is not None
    assert second is not None
    assert first.token == second.token == issued.token
    assert len(issued.token) == 43  # base64url of 32 bytes, unpadded
    assert issued.link.token_hash == hashlib.sha256(issued.token.encode()).hexdigest()
    assert issued.token not in str(desk.store.items)
    assert workspace.open_portal(desk.store, desk.clock, first.token).contract.id == contract.id


def test_regenerating_changes_the_token_and_the_old_one_stops_working(desk: Desk):
    contract = desk.contract(desk.project())
    old = workspace.issue_portal_link(desk.admin, contract.id, secret=SECRET)

    # WHEN staff regenerate
    new = workspace.issue_portal_link(desk.admin, contract.id, secret=SECRET)

    # THEN the derived link is the new one and the old token no longer opens the portal
    derived = workspace.portal_link_for(desk.admin, contract.id, secret=SECRET)
    assert derived is not None
    assert derived.token == new.token != old.token
    with pytest.raises(Gone):
        workspace.open_portal(desk.store, desk.clock, old.token)


def test_another_secret_derives_nothing(desk: Desk):
    contract = desk.contract(desk.project())
    workspace.issue_portal_link(desk.admin, contract.id, secret=SECRET)

    assert workspace.portal_link_for(desk.admin, contract.id, secret="another-secret-" + "x" * 32) is None


def test_a_revoked_link_derives_nothing_and_ensure_does_not_revive_it(desk: Desk):
    contract = desk.contract(desk.project())
    issued = workspace.issue_portal_link(desk.admin, contract.id, secret=SECRET)

    # WHEN staff revoke it
    workspace.revoke_portal_link(desk.admin, contract.id)

    # THEN there is no live link, the automatic path issues none, and the old token is gone
    assert workspace.portal_link_for(desk.admin, contract.id, secret=SECRET) is None
    assert (
        workspace.ensure_portal_link_as_system(
            desk.store, desk.clock, desk.admin.tenant_id, contract.id, secret=SECRET
        )
        is None
    )
    with pytest.raises(Gone):
        workspace.open_portal(desk.store, desk.clock, issued.token)


def test_ensure_issues_a_link_when_missing_and_keeps_a_live_one(desk: Desk):
    contract = desk.contract(desk.project())
    tenant_id = desk.admin.tenant_id

    # WHEN notify needs a link for a contract that has none
    created = workspace.ensure_portal_link_as_system(
        desk.store, desk.clock, tenant_id, contract.id, secret=SECRET
    )

    # THEN one is issued (and audited as the system), and asking again returns the same token
    assert created is not None
    assert workspace.open_portal(desk.store, desk.clock, created).contract.id == contract.id
    again = workspace.ensure_portal_link_as_system(
        desk.store, desk.clock, tenant_id, contract.id, secret=SECRET
    )
    assert again == created
    # AND a link staff issued is reused, not regenerated
    staff = workspace.issue_portal_link(desk.admin, contract.id, secret=SECRET)
    reused = workspace.ensure_portal_link_as_system(
        desk.store, desk.clock, tenant_id, contract.id, secret=SECRET
    )
    assert reused == staff.token
    workspace.open_portal(desk.store, desk.clock, staff.token)


def test_ensure_replaces_an_expired_link(desk: Desk):
    contract = desk.contract(desk.project())
    expired = workspace.issue_portal_link(desk.admin, contract.id, secret=SECRET)
    desk.clock.advance(days=181)
    assert workspace.portal_link_for(desk.admin, contract.id, secret=SECRET) is None

    # WHEN a live link is ensured
    fresh = workspace.ensure_portal_link(desk.admin, contract.id, secret=SECRET)

    # THEN a new token works and the expired one says it expired (410), not unknown (404)
    assert fresh is not None
    assert fresh.token != expired.token
    assert workspace.open_portal(desk.store, desk.clock, fresh.token).contract.id == contract.id
    with pytest.raises(Gone, match="use the link in the latest email from"):
        workspace.open_portal(desk.store, desk.clock, expired.token)


def test_a_regenerated_link_answers_gone_until_a_while_after_it_would_have_expired(desk: Desk):
    contract = desk.contract(desk.project())
    old = workspace.issue_portal_link(desk.admin, contract.id, secret=SECRET)
    tenant_name = desk.admin.repo.tenant().name

    # WHEN staff regenerate the link (the old one is replaced while still valid)
    workspace.issue_portal_link(desk.admin, contract.id, secret=SECRET)

    # THEN the old token tells the vendor where to get the working link
    with pytest.raises(Gone) as gone:
        workspace.open_portal(desk.store, desk.clock, old.token)
    assert str(gone.value) == (
        f"this upload link was replaced by a newer one: use the link in the latest email from "
        f"{tenant_name}, or ask {tenant_name} to send you a new one"
    )
    # AND long after it would have expired, it is simply unknown
    desk.clock.advance(days=180 + 91)
    with pytest.raises(NotFound):
        workspace.open_portal(desk.store, desk.clock, old.token)


def test_an_expired_link_not_yet_replaced_says_how_to_get_a_new_one(desk: Desk):
    contract = desk.contract(desk.project())
    link = workspace.issue_portal_link(desk.admin, contract.id, secret=SECRET)
    desk.clock.advance(days=181)
    with pytest.raises(Gone, match="has expired: use the link in the latest email from"):
        workspace.open_portal(desk.store, desk.clock, link.token)


def test_ensure_gives_inactive_or_unknown_contracts_no_link(desk: Desk):
    contract = desk.contract(desk.project())
    workspace.update_contract(desk.admin, contract.id, ContractUpdate(active=False))

    assert workspace.ensure_portal_link(desk.admin, contract.id, secret=SECRET) is None
    assert workspace.portal_link_status(desk.admin, contract.id) is None
    unknown = "f" * 32
    assert (
        workspace.ensure_portal_link_as_system(
            desk.store, desk.clock, desk.admin.tenant_id, unknown, secret=SECRET
        )
        is None
    )
