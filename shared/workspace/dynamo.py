"""The single workspace table through pynamodb.

The model class is built per table name at composition time (pynamodb binds the table in
`Meta`), so nothing reads the environment at import. Key schema (docs/ARCHITECTURE.md):
`pk`/`sk`; GSIs `gsi1` (gsi1pk/gsi1sk), `gsi2` (gsi2pk/gsi2sk), `due` (due_pk/due_sk, owned by
notify); TTL `expires_at`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

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

_READ_OPERATIONS = {"GetItem", "BatchGetItem", "Query", "Scan"}
# Items fetched per DynamoDB page when a filter may drop some.
_PAGE_SIZE = 100


def workspace_model(table_name: str, region: str | None = None, host: str | None = None) -> type[Model]:
    """A pynamodb model bound to `table_name` (one class per table, cached by the caller)."""

    meta_attrs: dict[str, Any] = {"table_name": table_name}
    if region:
        meta_attrs["region"] = region
    if host:
        meta_attrs["host"] = host

    def index(name: str, hash_attr: str, range_attr: str) -> GlobalSecondaryIndex[Any]:
        index_meta = type("Meta", (), {"index_name": name, "projection": AllProjection()})
        attrs = {
            "Meta": index_meta,
            hash_attr: UnicodeAttribute(hash_key=True),
            range_attr: UnicodeAttribute(range_key=True),
        }
        return type(f"{name.title()}Index", (GlobalSecondaryIndex,), attrs)()

    attrs: dict[str, Any] = {
        "Meta": type("Meta", (), meta_attrs),
        "pk": UnicodeAttribute(hash_key=True),
        "sk": UnicodeAttribute(range_key=True),
        "entity": UnicodeAttribute(null=True),
        "body": JSONAttribute(null=True),
        "version": NumberAttribute(default=0),
        "tally": NumberAttribute(null=True),
        "gsi1pk": UnicodeAttribute(null=True),
        "gsi1sk": UnicodeAttribute(null=True),
        "gsi2pk": UnicodeAttribute(null=True),
        "gsi2sk": UnicodeAttribute(null=True),
        "due_pk": UnicodeAttribute(null=True),
        "due_sk": UnicodeAttribute(null=True),
        "expires_at": TTLAttribute(null=True),
        "gsi1": index("gsi1", "gsi1pk", "gsi1sk"),
        "gsi2": index("gsi2", "gsi2pk", "gsi2sk"),
        "due": index("due", "due_pk", "due_sk"),
    }
    return type(f"WorkspaceItem_{table_name.replace('-', '_')}", (Model,), attrs)


def create_workspace_table(model: type[Model]) -> None:
    """Create the table with its indexes and TTL (tests, benchmarks); pynamodb enables the TTL
    attribute itself."""
    if not model.exists():
        model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)


def _to_item(row: Any) -> Item:
    expires = row.expires_at
    return Item(
        pk=row.pk,
        sk=row.sk,
        entity=row.entity or "",
        body=row.body or {},
        version=int(row.version or 0),
        gsi1pk=row.gsi1pk,
        gsi1sk=row.gsi1sk,
        gsi2pk=row.gsi2pk,
        gsi2sk=row.gsi2sk,
        expires_at=int(expires.timestamp()) if expires is not None else None,
        tally=int(row.tally) if row.tally is not None else None,
    )


class DynamoItemStore:
    def __init__(self, model: type[Model]) -> None:
        # Any: the attributes are added by `workspace_model`, invisible to the type checker.
        self.model: Any = model
        self.reads = ReadCounter()
        self._counting_hooked = False

    def _connection(self) -> Connection:
        connection = self.model._get_connection().connection
        if not self._counting_hooked:
            # Count every read the botocore client makes, pages of queries included.
            def count(model: Any = None, params: Any = None, **_: Any) -> None:
                if model is not None and model.name in _READ_OPERATIONS:
                    self.reads.add()

            connection.client.meta.events.register("before-call.dynamodb", count)
            self._counting_hooked = True
        return connection

    def _row(self, item: Item, version: int) -> Any:
        from datetime import UTC, datetime

        return self.model(
            item.pk,
            item.sk,
            entity=item.entity,
            body=item.body,
            version=version,
            gsi1pk=item.gsi1pk,
            gsi1sk=item.gsi1sk,
            gsi2pk=item.gsi2pk,
            gsi2sk=item.gsi2sk,
            expires_at=datetime.fromtimestamp(item.expires_at, UTC) if item.expires_at else None,
            tally=item.tally,
        )

    def get(self, pk: str, sk: str) -> Item | None:
        self._connection()
        try:
            return _to_item(self.model.get(pk, sk, consistent_read=True))
        except DoesNotExist:
            return None

    def batch_get(self, keys: Sequence[tuple[str, str]]) -> list[Item]:
        self._connection()
        unique = list(dict.fromkeys(keys))
        if not unique:
            return []
        return [_to_item(row) for row in self.model.batch_get(unique)]

    def _range_condition(self, index: str, prefix: str | None, between: tuple[str, str] | None) -> Any:
        range_attr = getattr(self.model, INDEX_KEYS[index][1])
        # Every sort key starts with "", and DynamoDB refuses an empty key value in begins_with
        # (a vendor search of only punctuation normalises to ""), so that prefix is no condition.
        if prefix:
            return range_attr.startswith(prefix)
        if between is not None:
            return range_attr.between(*between)
        return None

    def query(  # noqa: PLR0913  keyword-only options of a DynamoDB Query
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
        self._connection()
        source: Any = self.model if index == "table" else getattr(self.model, index)
        page_size = _PAGE_SIZE if limit is None or where is not None else min(limit + 1, _PAGE_SIZE)
        results = source.query(
            pk,
            range_key_condition=self._range_condition(index, prefix, between),
            scan_index_forward=forward,
            last_evaluated_key=_to_dynamo_key(start_key) if start_key else None,
            page_size=page_size,
        )
        found: list[Item] = []
        for row in results:
            item = _to_item(row)
            if where is not None and not where(item):
                continue
            found.append(item)
            if limit is not None and len(found) > limit:
                page = found[:limit]
                return QueryPage(page, page[-1].key_for(index))
        return QueryPage(found, None)

    def count(self, pk: str, *, index: IndexName = "table", between: tuple[str, str] | None = None) -> int:
        self._connection()
        source: Any = self.model if index == "table" else getattr(self.model, index)
        return int(source.count(pk, range_key_condition=self._range_condition(index, None, between)))

    def transact(self, writes: Sequence[Write]) -> None:
        if not writes:
            return
        for write in writes:
            if isinstance(write, Put):
                check_item_size(write.item)
        connection = self._connection()
        try:
            with TransactWrite(connection=connection) as transaction:
                for write in writes:
                    self._stage(transaction, write)
        except TransactWriteError as exc:
            reasons = [r.code for r in (exc.cancellation_reasons or []) if r is not None]
            if "ConditionalCheckFailed" in reasons or (exc.cause_response_code or "").startswith(
                "TransactionCanceled"
            ):
                raise Conflict("changed by someone else; reload and retry") from exc
            raise
        except PutError as exc:  # pragma: no cover - single puts are not used, kept for clarity
            raise Conflict(str(exc)) from exc

    def _stage(self, transaction: TransactWrite, write: Write) -> None:
        """One write of a transaction, with its create-once or version condition."""
        if isinstance(write, Put):
            expected = write.expected_version
            if expected is None:
                current = self.get(write.item.pk, write.item.sk)
                row = self._row(write.item, (current.version if current else 0) + 1)
                transaction.save(row)
            elif expected == 0:
                transaction.save(self._row(write.item, 1), condition=self.model.pk.does_not_exist())
            else:
                row = self._row(write.item, expected + 1)
                transaction.save(row, condition=self.model.version == expected)
        elif isinstance(write, Delete):
            row = self.model(write.pk, write.sk)
            condition = self.model.version == write.expected_version if write.expected_version else None
            transaction.delete(row, condition=condition)
        elif isinstance(write, Add):
            transaction.update(self.model(write.pk, write.sk), actions=[self.model.tally.add(write.amount)])
        elif isinstance(write, Check):
            transaction.condition_check(
                self.model,
                write.pk,
                write.sk,
                condition=self.model.version == write.expected_version,
            )

    def put_many(self, items: Iterable[Item]) -> None:
        self._connection()
        items = list(items)
        for item in items:
            check_item_size(item)
        with self.model.batch_write() as batch:
            for item in items:
                batch.save(self._row(item, max(item.version, 1)))

    def delete_many(self, keys: Iterable[tuple[str, str]]) -> None:
        self._connection()
        with self.model.batch_write() as batch:
            for pk, sk in keys:
                batch.delete(self.model(pk, sk))


def _to_dynamo_key(key: dict[str, str]) -> dict[str, dict[str, str]]:
    return {name: {"S": value} for name, value in key.items()}
