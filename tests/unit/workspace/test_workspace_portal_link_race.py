"""Concurrent issuers of a contract's portal link (the demo seed, notify's first request email, a
staff member opening the link page) agree on one live link, and every token handed out keeps
working. Real threads against the in-memory store, with every read yielding the CPU so the
check-then-write windows interleave as they do on a busy machine."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from shared import workspace
from shared.workspace import Item, Write, open_context
from tests.fakes.item_store import InMemoryItemStore
from tests.unit.workspace.conftest import Desk

SECRET = "workspace-portal-secret-0123456789abcdef"
ISSUERS = 8


class InterleavingStore(InMemoryItemStore):
    """The fake store, but every read and write gives other threads a chance to run first."""

    def __init__(self, inner: InMemoryItemStore) -> None:
        super().__init__()
        self.items = inner.items

    def get(self, pk: str, sk: str) -> Item | None:
        time.sleep(0.0005)
        found = super().get(pk, sk)
        time.sleep(0.0005)
        return found

    def transact(self, writes: Sequence[Write]) -> None:
        time.sleep(0.0005)
        super().transact(writes)


def _issuers(desk: Desk, store: InMemoryItemStore, contract_id: str) -> list[Callable[[], str | None]]:
    """Half like notify (system actor), half like the seed or the staff UI (a signed-in admin)."""
    tenant_id = desk.admin.tenant_id

    def as_system() -> str | None:
        return workspace.ensure_portal_link_as_system(
            store, desk.clock, tenant_id, contract_id, secret=SECRET
        )

    def as_admin() -> str | None:
        ctx = open_context(store, desk.admin.actor, desk.publisher, desk.clock)
        issued = workspace.ensure_portal_link(ctx, contract_id, secret=SECRET)
        return issued.token if issued else None

    return [as_system if i % 2 else as_admin for i in range(ISSUERS)]


def _race(calls: list[Callable[[], str | None]]) -> list[str | None]:
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], str | None]) -> str | None:
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.mark.parametrize("round_", range(5))
def test_concurrent_issuers_of_a_new_contract_agree_on_one_link(desk: Desk, round_: int):
    # GIVEN a contract without a link, and eight issuers starting at the same instant
    contract = desk.contract(desk.project(number=f"22{round_}"))
    store = InterleavingStore(desk.store)

    # WHEN they all ensure its link
    tokens = _race(_issuers(desk, store, contract.id))

    # THEN they all got the same token, it is the stored one, and it opens the portal
    assert None not in tokens
    assert len(set(tokens)) == 1, "concurrent issuers handed out different links"
    stored = workspace.portal_link_for(desk.admin, contract.id, secret=SECRET)
    assert stored is not None
    assert stored.token == tokens[0]
    assert workspace.open_portal(desk.store, desk.clock, str(tokens[0])).contract.id == contract.id


def test_concurrent_issuers_replace_an_expired_link_once(desk: Desk):
    # GIVEN a contract whose link expired
    contract = desk.contract(desk.project())
    expired = workspace.issue_portal_link(desk.admin, contract.id, secret=SECRET)
    desk.clock.advance(days=181)
    store = InterleavingStore(desk.store)

    # WHEN eight issuers need a live link at once
    tokens = _race(_issuers(desk, store, contract.id))

    # THEN exactly one replacement was made and every issuer handed out that one
    assert len(set(tokens)) == 1
    assert tokens[0] not in (None, expired.token)
    assert workspace.open_portal(desk.store, desk.clock, str(tokens[0])).contract.id == contract.id
    trail = workspace.audit_trail(desk.admin, entity_type="contract", entity_id=contract.id, limit=200)
    assert (
        sum(e.action == "portal_link.issued" for e in trail.items) == 2
    )  # the first link and its one replacement


def test_a_token_handed_out_keeps_working_while_others_ask_for_the_link(desk: Desk):
    # GIVEN a live link already given to a vendor
    contract = desk.contract(desk.project())
    handed_out = workspace.ensure_portal_link(desk.admin, contract.id, secret=SECRET)
    assert handed_out is not None
    store = InterleavingStore(desk.store)

    # WHEN many issuers ask for the link at once
    tokens = _race(_issuers(desk, store, contract.id))

    # THEN they all reuse it, and the vendor's token still opens the portal
    assert set(tokens) == {handed_out.token}
    assert workspace.open_portal(desk.store, desk.clock, handed_out.token).contract.id == contract.id


@pytest.mark.parametrize("round_", range(5))
def test_staff_issuing_while_notify_creates_the_first_link_gets_a_working_link(desk: Desk, round_: int):
    # GIVEN a new contract; staff press "create link" while notify ensures one for its email
    contract = desk.contract(desk.project(number=f"23{round_}"))
    store = InterleavingStore(desk.store)

    def staff_issue() -> str | None:
        ctx = open_context(store, desk.admin.actor, desk.publisher, desk.clock)
        return workspace.issue_portal_link(ctx, contract.id, secret=SECRET).token

    calls = [staff_issue, *_issuers(desk, store, contract.id)[1::2]]

    # WHEN they run at once
    tokens = _race(calls)

    # THEN staff got no conflict, and the link they got is the live one
    stored = workspace.portal_link_for(desk.admin, contract.id, secret=SECRET)
    assert stored is not None
    assert tokens[0] == stored.token
    assert workspace.open_portal(desk.store, desk.clock, str(tokens[0])).contract.id == contract.id
