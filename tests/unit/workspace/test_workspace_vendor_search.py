"""Vendor search by name prefix behaves the same on both store adapters, whatever is typed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from moto import mock_aws

from shared.workspace import (
    DynamoItemStore,
    ItemStore,
    TenantRepository,
    Vendor,
    create_workspace_table,
    new_id,
    workspace_model,
)
from tests.fakes.item_store import InMemoryItemStore


@pytest.fixture(params=["memory", "dynamodb"])
def store(request: pytest.FixtureRequest) -> Iterator[ItemStore]:
    if request.param == "memory":
        yield InMemoryItemStore()
        return
    with mock_aws():
        model = workspace_model("vendor-search-test", "us-east-1")
        create_workspace_table(model)
        yield DynamoItemStore(model)


@pytest.fixture
def repo(store: ItemStore) -> TenantRepository:
    tenant_id = new_id()
    repo = TenantRepository(store, tenant_id)
    for name in ("Ace Electric Inc", "Bay Plumbing LLC"):
        repo.add(Vendor(id=new_id(), tenant_id=tenant_id, name=name, created_at=datetime.now(UTC)))
    repo.commit()
    return repo


def test_a_prefix_finds_the_vendors_whose_name_starts_with_it(repo: TenantRepository):
    assert [v.name for v in repo.vendors(name_prefix="ace el").items] == ["Ace Electric Inc"]


def test_a_search_of_only_punctuation_lists_every_vendor(repo: TenantRepository):
    # GIVEN a search that normalises to nothing (DynamoDB refuses an empty begins_with value)
    # WHEN vendors are listed with it THEN every vendor is listed, as with no search at all
    names = [v.name for v in repo.vendors(name_prefix="\u0086%!").items]

    assert names == ["Ace Electric Inc", "Bay Plumbing LLC"]
