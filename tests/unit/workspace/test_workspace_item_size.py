"""Items over DynamoDB's 400 KB limit are refused before the write, by both store adapters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto import mock_aws

from shared.workspace import (
    MAX_ITEM_BYTES,
    DynamoItemStore,
    Item,
    ItemStore,
    Put,
    TooLarge,
    create_workspace_table,
    workspace_model,
)
from shared.workspace.store import item_size
from tests.fakes.item_store import InMemoryItemStore


@pytest.fixture(params=["memory", "dynamodb"])
def store(request: pytest.FixtureRequest) -> Iterator[ItemStore]:
    if request.param == "memory":
        yield InMemoryItemStore()
        return
    with mock_aws():
        model = workspace_model("item-size-test", "us-east-1")
        create_workspace_table(model)
        yield DynamoItemStore(model)


def _item(text_bytes: int) -> Item:
    return Item("T#t1", "PROJECT#p1", "Project", {"name": "x" * text_bytes})


def test_an_item_over_the_limit_is_refused_with_a_clear_message(store: ItemStore):
    with pytest.raises(TooLarge, match=r"this Project would be \d+ KB; the limit is 400 KB"):
        store.transact([Put(_item(MAX_ITEM_BYTES))])
    with pytest.raises(TooLarge):
        store.put_many([_item(MAX_ITEM_BYTES)])
    assert store.get("T#t1", "PROJECT#p1") is None


def test_an_item_just_under_the_limit_is_stored(store: ItemStore):
    item = _item(MAX_ITEM_BYTES - 200)
    assert item_size(item) <= MAX_ITEM_BYTES
    store.transact([Put(item)])
    stored = store.get("T#t1", "PROJECT#p1")
    assert stored is not None
    assert stored.body == item.body


def test_text_is_counted_as_stored_not_as_characters():
    # The body is stored as JSON text, where a euro sign takes six bytes (\u20ac).
    euros = Item("T#t1", "PROJECT#p1", "Project", {"name": "\u20ac" * 1000})
    assert item_size(euros) >= item_size(_item(1000)) + 5000
