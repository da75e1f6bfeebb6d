"""The in-memory item store behaves like the table: order, prefixes, conditions, transactions."""

from __future__ import annotations

import pytest

from shared.workspace import Check, Conflict, Delete, InvalidInput, Item, Put, decode_cursor, encode_cursor
from tests.fakes.item_store import InMemoryItemStore


def _item(sk: str, **extra: object) -> Item:
    return Item(pk="T#a", sk=sk, entity="X", body={"sk": sk}, **extra)  # type: ignore[arg-type]


def test_create_only_put_refuses_an_existing_item():
    store = InMemoryItemStore()
    store.transact([Put(_item("A#1"))])

    with pytest.raises(Conflict):
        store.transact([Put(_item("A#1"))])


def test_versioned_put_refuses_a_stale_version_and_nothing_in_the_transaction_is_written():
    # GIVEN an item at version 1
    store = InMemoryItemStore()
    store.transact([Put(_item("A#1"))])

    # WHEN a transaction writes a new item and updates the first with a stale version
    with pytest.raises(Conflict):
        store.transact([Put(_item("A#2")), Put(_item("A#1"), expected_version=7)])

    # THEN neither write happened
    assert store.get("T#a", "A#2") is None
    assert store.get("T#a", "A#1").version == 1  # type: ignore[union-attr]


def test_check_and_delete_honour_versions():
    store = InMemoryItemStore()
    store.transact([Put(_item("A#1"))])
    with pytest.raises(Conflict):
        store.transact([Check("T#a", "A#1", 2)])
    store.transact([Delete("T#a", "A#1", expected_version=1)])
    assert store.get("T#a", "A#1") is None


def test_query_pages_through_a_prefix_in_key_order_with_cursors():
    # GIVEN five items under a prefix and one outside it
    store = InMemoryItemStore()
    store.put_many([_item(f"A#{n}") for n in (3, 1, 5, 2, 4)] + [_item("B#1")])

    # WHEN read two at a time
    first = store.query("T#a", prefix="A#", limit=2)
    second = store.query("T#a", prefix="A#", limit=2, start_key=first.next_key)
    third = store.query("T#a", prefix="A#", limit=2, start_key=second.next_key)

    # THEN every item comes once, in order, and the last page says nothing is left
    assert [i.sk for i in first.items + second.items + third.items] == ["A#1", "A#2", "A#3", "A#4", "A#5"]
    assert third.next_key is None


def test_secondary_index_query_skips_items_without_index_keys():
    store = InMemoryItemStore()
    store.put_many([_item("A#1", gsi2pk="Q", gsi2sk="2"), _item("A#2"), _item("A#3", gsi2pk="Q", gsi2sk="1")])

    page = store.query("Q", index="gsi2")

    assert [i.sk for i in page.items] == ["A#3", "A#1"]


def test_cursor_round_trips_and_a_foreign_cursor_is_rejected():
    key = {"pk": "T#a", "sk": "A#2"}
    cursor = encode_cursor(key)

    assert decode_cursor(cursor, pk_name="pk", pk_value="T#a") == key
    with pytest.raises(InvalidInput):
        decode_cursor(cursor, pk_name="pk", pk_value="T#b")
    with pytest.raises(InvalidInput):
        decode_cursor("not-base64-json!", pk_name="pk", pk_value="T#a")
