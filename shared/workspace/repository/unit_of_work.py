"""The unit of work every tenant repository is built on: tenant-scoped reads, staged writes,
optimistic versions and bucket counters applied in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from pydantic import BaseModel

from shared.workspace.entities import is_valid_id
from shared.workspace.errors import InvalidInput, NotFound
from shared.workspace.repository.common import DEFAULT_PAGE, MAX_PAGE, Page, tenant_pk
from shared.workspace.repository.items import coverage_tally_key, item_for
from shared.workspace.store import (
    INDEX_KEYS,
    Add,
    Check,
    Delete,
    IndexName,
    Item,
    ItemStore,
    Put,
    Write,
    decode_cursor,
    encode_cursor,
)

E = TypeVar("E", bound=BaseModel)


class UnitOfWork:
    """Reads and staged writes for one tenant; `commit()` applies the staged writes atomically.

    Versions of loaded items are remembered, so saving an entity that someone else changed in
    the meantime fails with Conflict instead of overwriting their change. The queries of each
    aggregate are subclasses composed into `TenantRepository`.
    """

    def __init__(self, store: ItemStore, tenant_id: str) -> None:
        if not is_valid_id(tenant_id):
            raise NotFound("tenant", tenant_id)
        self.store = store
        self.tenant_id = tenant_id
        self.pk = tenant_pk(tenant_id)
        self._versions: dict[tuple[str, str], int] = {}
        # Which bucket counter each loaded coverage record counts in (None: none).
        self._bucket_of: dict[tuple[str, str], tuple[str, str] | None] = {}
        # Staged writes are materialised at commit, so changes made to an entity after staging
        # it are still written.
        self._staged: list[Write | tuple[BaseModel, int | None]] = []

    def _remember(self, item: Item) -> Item:
        self._versions[(item.pk, item.sk)] = item.version
        if item.entity == "CoverageRecord":
            self._bucket_of[(item.pk, item.sk)] = coverage_tally_key(item)
        return item

    def _get(self, pk: str, sk: str, model: type[E], kind: str, item_id: str | None = None) -> E:
        item = self.store.get(pk, sk)
        if item is None:
            raise NotFound(kind, item_id)
        return model.model_validate(self._remember(item).body)

    def _find(self, pk: str, sk: str, model: type[E]) -> E | None:
        item = self.store.get(pk, sk)
        return model.model_validate(self._remember(item).body) if item else None

    def _by_id(self, segment: str, item_id: str, model: type[E], kind: str, sk: str) -> E:
        """An item in its own partition `T#<tenant>#<segment>#<id>`."""
        # An id that cannot exist never reaches a key (it could smuggle `#`).
        if not is_valid_id(item_id):
            raise NotFound(kind, item_id)
        return self._get(f"{self.pk}#{segment}#{item_id}", sk, model, kind, item_id)

    def _in_tenant(self, prefix: str, item_id: str, model: type[E], kind: str) -> E:
        """An item of a small tenant-wide set, in the tenant's own partition."""
        if not is_valid_id(item_id):
            raise NotFound(kind, item_id)
        return self._get(self.pk, f"{prefix}#{item_id}", model, kind, item_id)

    def _page(  # noqa: PLR0913  keyword-only query options of ItemStore.query
        self,
        model: type[E],
        pk: str,
        *,
        index: IndexName = "table",
        prefix: str | None = None,
        cursor: str | None = None,
        limit: int = DEFAULT_PAGE,
        forward: bool = True,
        where: Callable[[E], bool] | None = None,
    ) -> Page[E]:
        limit = max(1, min(limit, MAX_PAGE))
        pk_name = "pk" if index == "table" else f"{index}pk"
        start = decode_cursor(cursor, pk_name=pk_name, pk_value=pk)
        range_name = INDEX_KEYS[index][1]
        if start is not None and not start.get(range_name, "").startswith(prefix or ""):
            raise InvalidInput("invalid cursor", {"cursor": "not a cursor this list issued"})
        item_filter = None
        if where is not None:
            test = where

            def item_filter(item: Item) -> bool:
                return test(model.model_validate(item.body))

        page = self.store.query(
            pk, index=index, prefix=prefix, start_key=start, limit=limit, forward=forward, where=item_filter
        )
        entities = [model.model_validate(self._remember(i).body) for i in page.items]
        return Page(entities, encode_cursor(page.next_key))

    def _all(
        self, model: type[E], pk: str, *, index: IndexName = "table", prefix: str | None = None
    ) -> list[E]:
        page = self.store.query(pk, index=index, prefix=prefix)
        return [model.model_validate(self._remember(i).body) for i in page.items]

    def add(self, entity: BaseModel) -> None:
        """Stage the creation of a new item (fails on commit if it already exists)."""
        self._staged.append((entity, 0))

    def save(self, entity: BaseModel) -> None:
        """Stage an update of an item loaded through this repository (optimistic concurrency)."""
        item = item_for(entity)
        expected = self._versions.get((item.pk, item.sk))
        if expected is None:
            raise RuntimeError(f"{type(entity).__name__} was not loaded through this repository")
        self._staged.append((entity, expected))

    def put(self, entity: BaseModel) -> None:
        """Stage an unconditional upsert (for derived items whose last write is the truth)."""
        self._staged.append((entity, None))

    def remove(self, entity: BaseModel) -> None:
        item = item_for(entity)
        self._staged.append(Delete(item.pk, item.sk, expected_version=self._versions.get((item.pk, item.sk))))

    def require_unchanged(self, entity: BaseModel) -> None:
        item = item_for(entity)
        version = self._versions.get((item.pk, item.sk))
        if version:
            self._staged.append(Check(item.pk, item.sk, version))

    def commit(self) -> None:
        staged = list(self.staged)
        self._staged = []
        # The same item staged twice (e.g. a project touched by two contracts) keeps the last write.
        by_key: dict[tuple[str, str], Write] = {}
        for write in staged:
            key = (write.item.pk, write.item.sk) if isinstance(write, Put) else (write.pk, write.sk)
            previous = by_key.get(key)
            merged = write
            if isinstance(write, Put) and isinstance(previous, Put):
                merged = Put(write.item, previous.expected_version)
            by_key[key] = merged
        writes = list(by_key.values()) + self._tally_moves(writes_by_key=by_key)
        for start in range(0, len(writes), 100):
            self.store.transact(writes[start : start + 100])
        for write in writes:
            if isinstance(write, Put):
                self._versions[(write.item.pk, write.item.sk)] = (write.expected_version or 0) + 1
                if write.item.entity == "CoverageRecord":
                    self._bucket_of[(write.item.pk, write.item.sk)] = coverage_tally_key(write.item)
            elif isinstance(write, Delete):
                self._bucket_of.pop((write.pk, write.sk), None)

    def _tally_moves(self, writes_by_key: dict[tuple[str, str], Write]) -> list[Write]:
        """Keep the per-expiry-date bucket counters in step with coverage records entering,
        leaving or moving between the company-view buckets (same transaction, atomic ADDs)."""
        amounts: dict[tuple[str, str], int] = {}
        for key, write in writes_by_key.items():
            if isinstance(write, Delete):
                # A coverage record removed (a waiver taken back) leaves its bucket too.
                gone = self._bucket_of.get(key)
                if gone is not None:
                    amounts[gone] = amounts.get(gone, 0) - 1
                continue
            if not isinstance(write, Put) or write.item.entity != "CoverageRecord":
                continue
            before = self._bucket_of.get(key) if write.expected_version else None
            after = coverage_tally_key(write.item)
            if before == after:
                continue
            if before is not None:
                amounts[before] = amounts.get(before, 0) - 1
            if after is not None:
                amounts[after] = amounts.get(after, 0) + 1
        return [Add(pk, sk, amount) for (pk, sk), amount in amounts.items() if amount]

    def discard(self) -> None:
        self._staged = []

    @property
    def staged(self) -> Sequence[Write]:
        return tuple(
            w if isinstance(w, Put | Delete | Check | Add) else Put(item_for(w[0]), expected_version=w[1])
            for w in self._staged
        )
