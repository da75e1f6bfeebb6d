"""The tenant's carrier table over the in-memory item store: replace, list, lookups for a review."""

from __future__ import annotations

import pytest

from shared import workspace
from shared.contracts.carriers import Carrier, CarrierTable
from shared.workspace import Conflict, Forbidden, InvalidInput, Put, carriers
from tests.unit.workspace.conftest import Desk

HEADER = "naic,name,am_best_rating,am_best_size\n"
TABLE = (
    HEADER
    + "25674,Travelers Property Casualty Co of America,A++,XV\n"
    + "24074,Ohio Casualty Insurance Company,B++,VIII\n"
    + ",Hand Kept Mutual Insurance Co,A-,VII\n"
)


def _items_under(desk: Desk, marker: str) -> int:
    return sum(1 for pk, _ in desk.store.items if marker in pk)


def test_admin_replaces_the_table_and_everyone_in_the_tenant_lists_it(desk: Desk):
    # WHEN an admin loads a three-carrier CSV
    count = workspace.replace_carrier_table(desk.admin, TABLE)

    # THEN the count is returned and a read-only user lists the carriers in upload order
    assert count == 3
    listed = workspace.list_carriers(desk.read_only)
    assert [(c.naic, c.name, c.am_best_rating, c.am_best_size) for c in listed.items] == [
        ("25674", "Travelers Property Casualty Co of America", "A++", "XV"),
        ("24074", "Ohio Casualty Insurance Company", "B++", "VIII"),
        (None, "Hand Kept Mutual Insurance Co", "A-", "VII"),
    ]
    assert listed.next_cursor is None
    # AND the other tenant still has no carriers
    assert workspace.list_carriers(desk.other).items == []


def test_list_pages_with_cursors(desk: Desk):
    # GIVEN a table of three carriers
    workspace.replace_carrier_table(desk.admin, TABLE)

    # WHEN listed two at a time
    first = workspace.list_carriers(desk.admin, limit=2)
    second = workspace.list_carriers(desk.admin, cursor=first.next_cursor, limit=2)

    # THEN the pages join up without overlap
    assert [c.name for c in first.items + second.items] == [
        "Travelers Property Casualty Co of America",
        "Ohio Casualty Insurance Company",
        "Hand Kept Mutual Insurance Co",
    ]
    assert second.next_cursor is None
    # AND a cursor is bound to its tenant's list
    with pytest.raises(InvalidInput):
        workspace.list_carriers(desk.other, cursor=first.next_cursor)


@pytest.mark.parametrize("context", ["standard", "read_only"])
def test_only_admins_replace_the_table(desk: Desk, context: str):
    # WHEN a non-admin replaces the table THEN it is forbidden and nothing is stored
    with pytest.raises(Forbidden):
        workspace.replace_carrier_table(getattr(desk, context), TABLE)
    assert workspace.list_carriers(desk.admin).items == []


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        (HEADER + "25674,Travelers,A++,XV\n19682,Hartford,Q,XV\n", "line 3: unknown AM Best rating 'Q'"),
        (HEADER + "25674,Travelers,A++,XXV\n", "line 2: unknown AM Best size category 'XXV'"),
        (HEADER + ",,A,X\n", "line 2: needs a naic or a name"),
        ("naic,name\n25674,Travelers\n", "missing am_best_rating, am_best_size"),
    ],
)
def test_a_bad_line_is_named_and_the_old_table_stays(desk: Desk, csv_text: str, expected: str):
    # GIVEN a loaded table
    workspace.replace_carrier_table(desk.admin, TABLE)
    before = dict(desk.store.items)

    # WHEN a CSV with a bad line replaces it
    with pytest.raises(InvalidInput) as raised:
        workspace.replace_carrier_table(desk.admin, csv_text)

    # THEN the error names the line, and nothing was written
    assert expected in str(raised.value)
    assert expected in raised.value.fields["csv"]
    assert desk.store.items == before


def test_replacing_drops_the_old_generation_and_audits(desk: Desk):
    # GIVEN a loaded table
    workspace.replace_carrier_table(desk.admin, TABLE)

    # WHEN it is replaced by a one-carrier table, a minute later
    desk.clock.advance(minutes=1)
    workspace.replace_carrier_table(desk.admin, HEADER + "19682,Hartford Fire Insurance Company,A+,XV\n")

    # THEN only the new carrier is listed or found, and old items are gone (1 row + NAIC + name)
    assert [c.name for c in workspace.list_carriers(desk.admin).items] == ["Hartford Fire Insurance Company"]
    table = workspace.carrier_table_for(desk.admin.repo, insurers=[("25674", "Travelers")])
    assert len(table) == 0
    assert _items_under(desk, "#CARRIERS#") == 3
    # AND each replace is in the audit trail with its counts
    trail = workspace.audit_trail(desk.admin, entity_type="carriers", entity_id=desk.admin.tenant_id).items
    assert [(e.action, e.changes) for e in trail] == [
        ("carriers.replaced", {"count": 1, "previous_count": 3}),
        ("carriers.replaced", {"count": 3, "previous_count": 0}),
    ]


def test_a_concurrent_replace_loses_cleanly(desk: Desk):
    # GIVEN the store fails the head move as if another admin had just replaced the table
    workspace.replace_carrier_table(desk.admin, TABLE)
    real_transact = desk.store.transact

    def racing(writes):
        if any(isinstance(w, Put) and w.item.sk == "HEAD" for w in writes):
            raise Conflict("changed by someone else; reload and retry")
        return real_transact(writes)

    desk.store.transact = racing  # type: ignore[method-assign]

    # WHEN this admin's replace reaches the head move
    with pytest.raises(Conflict):
        workspace.replace_carrier_table(desk.admin, HEADER + "19682,Hartford,A+,XV\n")

    # THEN the previous table still stands and the loser's items were removed
    desk.store.transact = real_transact  # type: ignore[method-assign]
    assert len(workspace.list_carriers(desk.admin).items) == 3
    assert _items_under(desk, "#CARRIERS#") == 3 * 3 - 1  # the name-only carrier has no NAIC item


def test_lookups_for_a_review_read_the_head_and_one_batch(desk: Desk):
    # GIVEN a loaded table
    workspace.replace_carrier_table(desk.admin, TABLE)
    desk.store.reads.reset()

    # WHEN the table is built for a certificate's insurers (by NAIC, by a name with other punctuation)
    table = workspace.carrier_table_for(
        desk.admin.repo,
        insurers=[
            ("24074", "Ohio Casualty Ins Co"),
            (None, "Hand Kept Mutual Insurance Company"),
            ("99999", "X"),
        ],
    )

    # THEN both are found as the full table would find them, in two reads
    assert desk.store.reads.count == 2
    ohio = table.lookup("24074", "Ohio Casualty Ins Co")
    assert ohio is not None
    assert ohio.am_best_rating == "B++"
    hand_kept = table.lookup(None, "Hand Kept Mutual Insurance Co.")
    assert hand_kept is not None
    assert hand_kept.am_best_size == "VII"
    assert table.lookup("99999", "X") is None


def test_the_tenant_table_wins_over_the_system_table_which_fills_gaps(desk: Desk):
    # GIVEN a tenant table and a system table that disagree on Ohio Casualty and add Hartford
    workspace.replace_carrier_table(desk.admin, TABLE)
    system = CarrierTable(
        [
            Carrier(
                naic="24074", name="Ohio Casualty Insurance Company", am_best_rating="A", am_best_size="XV"
            ),
            Carrier(
                naic="19682", name="Hartford Fire Insurance Company", am_best_rating="A+", am_best_size="XV"
            ),
            Carrier(naic="11111", name="Hand Kept Mutual Insurance Co", am_best_rating="C", am_best_size="I"),
        ]
    )

    # WHEN the whole table is built over the system table
    table = workspace.carrier_table_for(desk.admin.repo, fallback=system)

    # THEN the tenant's ratings win (even a name-only entry over the system's NAIC entry)
    ohio = table.lookup("24074", "Ohio Casualty Insurance Company")
    assert ohio is not None
    assert ohio.am_best_rating == "B++"
    hand_kept = table.lookup("11111", "Hand Kept Mutual Insurance Co")
    assert hand_kept is not None
    assert hand_kept.am_best_rating == "A-"
    # AND the system table answers for carriers the tenant lacks
    hartford = table.lookup("19682", None)
    assert hartford is not None
    assert hartford.am_best_rating == "A+"
    assert len(table) == 6


def test_without_a_tenant_table_the_system_table_is_used_as_is(desk: Desk):
    # GIVEN no tenant table WHEN built over a system table THEN that table answers alone
    system = CarrierTable([Carrier(naic="19682", name="Hartford", am_best_rating="A+", am_best_size="XV")])
    table = workspace.carrier_table_for(desk.admin.repo, fallback=system, insurers=[("19682", "Hartford")])
    assert table.lookup("19682") is not None
    assert workspace.carrier_table_head(desk.admin.repo) is None


def test_an_oversized_table_is_refused(desk: Desk, monkeypatch: pytest.MonkeyPatch):
    # GIVEN a limit of two carriers WHEN three are loaded THEN the load is refused before writing
    monkeypatch.setattr(carriers, "MAX_CARRIERS", 2)
    with pytest.raises(InvalidInput, match="too many carriers"):
        workspace.replace_carrier_table(desk.admin, TABLE)
    assert _items_under(desk, "#CARRIERS") == 0
