"""The single-table item store in memory: a faithful fake of `DynamoItemStore` (key order,
prefixes, create-once and version conditions, all-or-nothing transactions), so unit tests exercise
the real repositories and key design without AWS. Test-only: production always uses DynamoDB."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from shared.workspace.errors import Conflict
from shared.workspace.store import (
    INDEX_KEYS,
    Add,
    Check,
    Delete,
    IndexName,
    Item,
    Put,
    QueryPage,
    ReadCounter,
    Write,
    check_item_size,
)


class InMemoryItemStore:
    """A faithful in-memory fake of the single table (keys, order, conditions, transactions)."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], Item] = {}
        self.reads = ReadCounter()
        self.transactions = 0
        self._lock = threading.Lock()

    def get(self, pk: str, sk: str) -> Item | None:
        self.reads.add()
        return self.items.get((pk, sk))

    def batch_get(self, keys: Sequence[tuple[str, str]]) -> list[Item]:
        self.reads.add()
        return [self.items[k] for k in dict.fromkeys(keys) if k in self.items]

    def _matching(
        self, pk: str, index: str, prefix: str | None, between: tuple[str, str] | None
    ) -> list[Item]:
        hash_name, range_name = INDEX_KEYS[index]
        found = []
        for item in self.items.values():
            if getattr(item, hash_name) != pk:
                continue
            range_value = getattr(item, range_name)
            if range_value is None:
                continue
            if prefix is not None and not range_value.startswith(prefix):
                continue
            if between is not None and not between[0] <= range_value <= between[1]:
                continue
            found.append(item)
        # DynamoDB orders GSI ties by table key; so do we, to keep cursors stable.
        found.sort(key=lambda i: (getattr(i, range_name), i.pk, i.sk))
        return found

    def query(
        self,
        pk: str,
        *,
        index: IndexName = "table",
        prefix: str | None = None,
        between: tuple[str, str] | None = None,
        start_key: dict[str, str] | None = None,
        limit: int | None = None,
        forward: bool = True,
        where: Callable[[Item], bool] | None = None,
    ) -> QueryPage:
        self.reads.add()
        _, range_name = INDEX_KEYS[index]
        found = self._matching(pk, index, prefix, between)
        if not forward:
            found.reverse()
        if start_key is not None:
            marker = (start_key[range_name], start_key["pk"], start_key["sk"])

            def after(i: Item) -> bool:
                position = (getattr(i, range_name), i.pk, i.sk)
                return position > marker if forward else position < marker

            found = [i for i in found if after(i)]
        if where is not None:
            found = [i for i in found if where(i)]
        if limit is None or len(found) <= limit:
            return QueryPage(found, None)
        page = found[:limit]
        return QueryPage(page, page[-1].key_for(index))

    def count(self, pk: str, *, index: IndexName = "table", between: tuple[str, str] | None = None) -> int:
        self.reads.add()
        return len(self._matching(pk, index, None, between))

    def transact(self, writes: Sequence[Write]) -> None:
        if len(writes) > 100:
            raise Conflict("too many changes in one transaction")
        for write in writes:
            if isinstance(write, Put):
                check_item_size(write.item)
        with self._lock:
            for write in writes:
                if isinstance(write, Add):
                    continue
                current = self.items.get(
                    (write.item.pk, write.item.sk) if isinstance(write, Put) else (write.pk, write.sk)
                )
                expected = write.expected_version
                if isinstance(write, Put) and expected == 0 and current is not None:
                    raise Conflict("already exists")
                if expected and (current is None or current.version != expected):
                    raise Conflict("changed by someone else; reload and retry")
                if isinstance(write, Check) and current is None:
                    raise Conflict("changed by someone else; reload and retry")
            for write in writes:
                if isinstance(write, Put):
                    base = write.expected_version or (
                        self.items[(write.item.pk, write.item.sk)].version
                        if write.expected_version is None and (write.item.pk, write.item.sk) in self.items
                        else 0
                    )
                    self.items[(write.item.pk, write.item.sk)] = replace(write.item, version=base + 1)
                elif isinstance(write, Delete):
                    self.items.pop((write.pk, write.sk), None)
                elif isinstance(write, Add):
                    counter = self.items.get((write.pk, write.sk)) or Item(write.pk, write.sk, "Tally", {})
                    self.items[(write.pk, write.sk)] = replace(
                        counter, tally=(counter.tally or 0) + write.amount, version=counter.version + 1
                    )
            self.transactions += 1

    def put_many(self, items: Iterable[Item]) -> None:
        items = list(items)
        for item in items:
            check_item_size(item)
        with self._lock:
            for item in items:
                self.items[(item.pk, item.sk)] = replace(item, version=max(item.version, 1))

    def delete_many(self, keys: Iterable[tuple[str, str]]) -> None:
        with self._lock:
            for key in keys:
                self.items.pop(key, None)
