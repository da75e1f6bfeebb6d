"""The tenant's own carrier table: AM Best ratings the GC keeps (exported from their AM Best
subscription or maintained by hand), used by the automatic review before the system table.

Storage (`T = T#<tenant_id>`): a head item `T#CARRIERS` / `HEAD` names the current generation;
the carriers of a generation live in their own partition `T#CARRIERS#<generation>`:
`ROW#<line>` (the list, in upload order), `NAIC#<naic>` and `NAME#<normalised name>` (lookups).
A replace writes a complete new generation first and then moves the head in one conditional
transaction with the audit entry, so a failure at any point leaves the old table in force; the
old generation is deleted afterwards. A review reads the head and one BatchGetItem of the keys
of the certificate's insurers (at most 6 insurers, 12 keys): two reads whatever the table size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.contracts.carriers import (
    Carrier,
    CarrierTable,
    CarrierTableError,
    LayeredCarrierTable,
    normalise_naic,
    parse_carriers_csv,
)
from shared.contracts.names import normalise_name
from shared.workspace.access import Context, Permission
from shared.workspace.entities import new_id
from shared.workspace.errors import Conflict, InvalidInput
from shared.workspace.repository import DEFAULT_PAGE, MAX_PAGE, Page, TenantRepository, tenant_pk
from shared.workspace.store import Item, ItemStore, Put, decode_cursor, encode_cursor

# AM Best rates a few thousand US property and casualty companies; a GC's list is far smaller.
MAX_CARRIERS = 5_000
MAX_CSV_CHARS = 2_000_000
# Longer names are not insurer names, and keys must stay far below DynamoDB's 1 KB.
MAX_NAME_CHARS = 300
_HEAD_SK = "HEAD"
_ROW = "ROW#"
_BY_NAIC = "NAIC#"
_BY_NAME = "NAME#"


class CarrierTableHead(BaseModel):
    """Which generation of the tenant's carrier table is current, and who loaded it."""

    model_config = ConfigDict(extra="forbid")

    tenant_id: str
    generation: str
    count: int
    replaced_at: datetime
    replaced_by: str
    # Where the ratings come from, shown with the table (the demo seed marks its invented ones).
    note: str | None = None


def _head_pk(tenant_id: str) -> str:
    return f"{tenant_pk(tenant_id)}#CARRIERS"


def _rows_pk(tenant_id: str, generation: str) -> str:
    return f"{_head_pk(tenant_id)}#{generation}"


def _name_key(name: str | None) -> str | None:
    core = normalise_name(name) if name else ""
    return f"{_BY_NAME}{core}" if core else None


def _naic_key(naic: str | None) -> str | None:
    code = normalise_naic(naic)
    return f"{_BY_NAIC}{code}" if code else None


def _head_item(store: ItemStore, tenant_id: str) -> Item | None:
    return store.get(_head_pk(tenant_id), _HEAD_SK)


def carrier_table_head(repo: TenantRepository) -> CarrierTableHead | None:
    """The current generation of the tenant's table, or None when the tenant never loaded one."""
    item = _head_item(repo.store, repo.tenant_id)
    return CarrierTableHead.model_validate(item.body) if item else None


def _items_for(tenant_id: str, generation: str, table: CarrierTable) -> list[Item]:
    pk = _rows_pk(tenant_id, generation)
    items: list[Item] = []
    seen: set[str] = set()
    for line, carrier in enumerate(table):
        body = carrier.model_dump(mode="json")
        items.append(Item(pk, f"{_ROW}{line:06d}", "Carrier", body))
        # The first carrier with a NAIC code or name wins its lookup, as in CarrierTable.
        for key in (_naic_key(carrier.naic), _name_key(carrier.name)):
            if key is not None and key not in seen:
                seen.add(key)
                items.append(Item(pk, key, "Carrier", body))
    return items


def _parse(csv_text: str) -> CarrierTable:
    if len(csv_text) > MAX_CSV_CHARS:
        raise InvalidInput("the carriers CSV is too large", {"csv": f"at most {MAX_CSV_CHARS:,} characters"})
    try:
        table = parse_carriers_csv(csv_text)
    except CarrierTableError as error:
        raise InvalidInput(str(error), {"csv": str(error)}) from error
    if len(table) > MAX_CARRIERS:
        raise InvalidInput("too many carriers", {"csv": f"at most {MAX_CARRIERS:,} carriers"})
    for line, carrier in enumerate(table, start=2):
        if len(carrier.name) > MAX_NAME_CHARS:
            message = (
                f"carriers CSV: the name of carrier {line - 1} is longer than {MAX_NAME_CHARS} characters"
            )
            raise InvalidInput(message, {"csv": message})
    return table


def _delete_generation(store: ItemStore, tenant_id: str, generation: str) -> None:
    """Remove a generation nothing points to (BatchWriteItem, 25 keys a call; no transactions)."""
    pk = _rows_pk(tenant_id, generation)
    keys: list[tuple[str, str]] = []
    start: dict[str, str] | None = None
    while True:
        page = store.query(pk, start_key=start, limit=1_000)
        keys += [(item.pk, item.sk) for item in page.items]
        if page.next_key is None:
            break
        start = page.next_key
    store.delete_many(keys)


def replace_carrier_table(ctx: Context, csv_text: str, *, note: str | None = None) -> int:
    """Replace the tenant's carrier table with the CSV `naic,name,am_best_rating,am_best_size`
    (Admins only); returns the number of carriers. Every line is checked before anything is
    written; a bad line is InvalidInput naming it, and the old table stays."""
    ctx.require(Permission.ADMIN)
    table = _parse(csv_text)
    store = ctx.repo.store
    current = _head_item(store, ctx.tenant_id)
    previous = CarrierTableHead.model_validate(current.body) if current else None
    generation = new_id()
    # The new generation's partition is fresh and unreachable until the head names it, so the
    # bulk load needs no conditions; the head move below is the one conditional write.
    store.put_many(_items_for(ctx.tenant_id, generation, table))
    head = CarrierTableHead(
        tenant_id=ctx.tenant_id,
        generation=generation,
        count=len(table),
        replaced_at=ctx.clock.now(),
        replaced_by=ctx.actor.email,
        note=note,
    )
    ctx.audit(
        "carriers.replaced",
        "carriers",
        ctx.tenant_id,
        count=len(table),
        previous_count=previous.count if previous else 0,
    )
    head_item = Item(_head_pk(ctx.tenant_id), _HEAD_SK, "CarrierTableHead", head.model_dump(mode="json"))
    writes = [*ctx.repo.staged, Put(head_item, expected_version=current.version if current else 0)]
    ctx.repo.discard()
    try:
        store.transact(writes)
    except Conflict:
        # Another Admin replaced the table meanwhile: theirs stands, ours is dropped.
        _delete_generation(store, ctx.tenant_id, generation)
        raise Conflict("the carrier table was replaced by someone else; reload and retry") from None
    if previous is not None:
        _delete_generation(store, ctx.tenant_id, previous.generation)
    return len(table)


def list_carriers(ctx: Context, cursor: str | None = None, limit: int = DEFAULT_PAGE) -> Page[Carrier]:
    """The tenant's carriers in the order they were loaded."""
    ctx.require(Permission.READ)
    head = carrier_table_head(ctx.repo)
    if head is None:
        decode_cursor(cursor, pk_name="pk", pk_value=_head_pk(ctx.tenant_id))
        return Page([], None)
    pk = _rows_pk(ctx.tenant_id, head.generation)
    start = decode_cursor(cursor, pk_name="pk", pk_value=pk)
    if start is not None and not start.get("sk", "").startswith(_ROW):
        raise InvalidInput("invalid cursor", {"cursor": "not a cursor this list issued"})
    page = ctx.repo.store.query(pk, prefix=_ROW, start_key=start, limit=max(1, min(limit, MAX_PAGE)))
    return Page([Carrier.model_validate(i.body) for i in page.items], encode_cursor(page.next_key))


def carrier_table_for(
    repo: TenantRepository,
    *,
    fallback: CarrierTable | None = None,
    insurers: Sequence[tuple[str | None, str | None]] | None = None,
) -> CarrierTable:
    """The tenant's carrier table over `fallback` (the system table) for carriers it lacks.

    With `insurers` ((naic, name) pairs from a certificate) only their entries are read: the head
    and one BatchGetItem. Without, the whole tenant table is read (CLI, exports)."""
    own = CarrierTable(_tenant_carriers(repo, insurers))
    if fallback is None or len(fallback) == 0:
        return own
    return LayeredCarrierTable(own, fallback)


def _tenant_carriers(
    repo: TenantRepository, insurers: Sequence[tuple[str | None, str | None]] | None
) -> Iterable[Carrier]:
    head = carrier_table_head(repo)
    if head is None or head.count == 0:
        return []
    pk = _rows_pk(repo.tenant_id, head.generation)
    if insurers is None:
        carriers: list[Carrier] = []
        start: dict[str, str] | None = None
        while True:
            page = repo.store.query(pk, prefix=_ROW, start_key=start, limit=1_000)
            carriers += [Carrier.model_validate(i.body) for i in page.items]
            if page.next_key is None:
                return carriers
            start = page.next_key
    keys = [
        (pk, key) for naic, name in insurers for key in (_naic_key(naic), _name_key(name)) if key is not None
    ]
    if not keys:
        return []
    found: dict[str, Any] = {item.sk: item.body for item in repo.store.batch_get(keys)}
    # NAIC entries first, so the table's NAIC-then-name lookup sees what the full table would.
    ordered = sorted(found, key=lambda sk: (not sk.startswith(_BY_NAIC), sk))
    return [Carrier.model_validate(found[sk]) for sk in ordered]
