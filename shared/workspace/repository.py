"""Tenant-scoped repository and unit of work over the single table.

Every key is built here from the tenant id the repository was opened with, so a caller cannot
reach another tenant's item by passing its id: isolation lives in the data layer itself. The two
deliberate cross-tenant lookups (`find_user_by_email`, `find_portal_link`, `grants_for_reviewer`)
are module functions that go through gsi1 on a value that is global (sign-in email) or
unguessable (the hash of a portal token).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel

from shared.workspace.entities import (
    AuditEntry,
    Contract,
    CoverageRecord,
    Document,
    DocumentStatus,
    ExcludedOfficers,
    LegalEntity,
    Note,
    PortalLink,
    Project,
    RequirementGroup,
    RetiredPortalLink,
    Review,
    ReviewDecisionStatus,
    ReviewerGrant,
    Tenant,
    User,
    Vendor,
    is_valid_id,
    normalized_name,
)
from shared.workspace.errors import Conflict, InvalidInput, NotFound
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
T = TypeVar("T")

MAX_PAGE = 200
DEFAULT_PAGE = 50
_FAR_FUTURE = "9999-12-31"


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None

    def to_json(self, dump: Callable[[T], Any] | None = None) -> dict[str, Any]:
        render = dump or (lambda e: cast(Any, e).model_dump(mode="json"))
        return {"items": [render(i) for i in self.items], "next_cursor": self.next_cursor}


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def tenant_pk(tenant_id: str) -> str:
    return f"T#{tenant_id}"


# ---------------------------------------------------------------- item builders (keys live here only)


def _item(entity: BaseModel, pk: str, sk: str, **indexes: Any) -> Item:
    return Item(pk=pk, sk=sk, entity=type(entity).__name__, body=entity.model_dump(mode="json"), **indexes)


def item_for(entity: BaseModel) -> Item:
    """The storage item of an entity: its keys and index keys, all derived from its tenant.

    Small tenant-wide sets (users, grants, legal entities) share the tenant's partition; anything
    that grows with the business has its own partition (`T#<tenant>#C#<contract>` holds a
    contract with its coverage history, notes, portal link and file hashes), so no tenant is one
    hot partition.
    """
    t = tenant_pk(entity.tenant_id) if hasattr(entity, "tenant_id") else tenant_pk(entity.id)  # type: ignore[attr-defined]
    match entity:
        case Tenant():
            # The operators' list of tenants (daily jobs iterate it); holds ids only.
            return _item(entity, t, "TENANT", gsi1pk="TENANTS", gsi1sk=entity.id)
        case User():
            return _item(
                entity, t, f"USER#{entity.id}", gsi1pk=f"EMAIL#{entity.email.lower()}", gsi1sk="USER"
            )
        case ReviewerGrant():
            return _item(
                entity,
                t,
                f"GRANT#{entity.reviewer_user_id}",
                gsi1pk=f"REVIEWER#{entity.reviewer_user_id}",
                gsi1sk=t,
            )
        case LegalEntity():
            return _item(entity, t, f"LE#{entity.id}")
        case Project():
            return _item(
                entity,
                f"{t}#P#{entity.id}",
                "PROJECT",
                gsi1pk=f"{t}#PROJECTS",
                gsi1sk=f"NUM#{entity.number.lower()}#{entity.id}",
                gsi2pk=f"{t}#PROJECTS",
                gsi2sk=f"NAME#{normalized_name(entity.name)}#{entity.id}",
            )
        case RequirementGroup():
            scope = f"P#{entity.project_id}" if entity.project_id else "TENANT"
            return _item(
                entity,
                f"{t}#RG#{entity.id}",
                "GROUP",
                gsi1pk=f"{t}#RG#{scope}",
                gsi1sk=f"{normalized_name(entity.name)}#{entity.id}",
            )
        case Vendor():
            return _item(
                entity,
                f"{t}#V#{entity.id}",
                "VENDOR",
                gsi1pk=f"{t}#VENDORS",
                gsi1sk=f"{normalized_name(entity.name)}#{entity.id}",
            )
        case Contract():
            return _item(
                entity,
                f"{t}#C#{entity.id}",
                "CONTRACT",
                gsi1pk=f"{t}#P#{entity.project_id}#CONTRACTS",
                gsi1sk=f"{normalized_name(entity.vendor_name)}#{entity.id}",
                gsi2pk=f"{t}#CONTRACTS",
                gsi2sk=f"{entity.status}#{normalized_name(entity.vendor_name)}#{entity.id}",
            )
        case PortalLink():
            return _item(
                entity,
                f"{t}#C#{entity.contract_id}",
                "PORTAL",
                gsi1pk=f"PORTAL#{entity.token_hash}",
                gsi1sk="PORTAL",
                # DynamoDB removes dead links a while after they stop working.
                expires_at=int((entity.expires_at + timedelta(days=30)).timestamp()),
            )
        case RetiredPortalLink():
            return _item(
                entity,
                f"{t}#C#{entity.contract_id}",
                f"RETIRED#{entity.token_hash}",
                gsi1pk=f"PORTAL_RETIRED#{entity.token_hash}",
                gsi1sk="PORTAL_RETIRED",
                expires_at=int(entity.kept_until.timestamp()),
            )
        case Document():
            queue: dict[str, Any] = {}
            if entity.status == DocumentStatus.NEEDS_REVIEW:
                queue = {"gsi2pk": f"{t}#NEEDS_REVIEW", "gsi2sk": f"{_iso(entity.uploaded_at)}#{entity.id}"}
            return _item(
                entity,
                f"{t}#D#{entity.id}",
                "DOCUMENT",
                gsi1pk=f"{t}#C#{entity.contract_id}#DOCS",
                gsi1sk=f"{_iso(entity.uploaded_at)}#{entity.id}",
                **queue,
            )
        case Review():
            return _item(entity, f"{t}#D#{entity.document_id}", "REVIEW")
        case CoverageRecord():
            bucket: dict[str, Any] = {}
            if (
                entity.decision
                in (
                    ReviewDecisionStatus.ACTIVE,
                    ReviewDecisionStatus.APPROVED_NON_COMPLIANT,
                    ReviewDecisionStatus.WAIVED,
                )
                and not entity.superseded
            ):
                expiry = entity.expiration_date.isoformat() if entity.expiration_date else _FAR_FUTURE
                bucket = {
                    "gsi2pk": f"{t}#COV#{entity.decision}",
                    "gsi2sk": f"{expiry}#{entity.contract_id}#{entity.id}",
                }
            return _item(entity, f"{t}#C#{entity.contract_id}", coverage_sk(entity), **bucket)
        case ExcludedOfficers():
            return _item(
                entity, f"{t}#P#{entity.project_id}", f"OFFICERS#{entity.contract_id}#{entity.document_id}"
            )
        case Note():
            return _item(entity, f"{t}#C#{entity.contract_id}", f"NOTE#{_iso(entity.created_at)}#{entity.id}")
        case AuditEntry():
            return _item(
                entity,
                f"{t}#AUDIT#{entity.entity_type}#{entity.entity_id}",
                f"{_iso(entity.at)}#{entity.id}",
                gsi1pk=f"{t}#AUDIT",
                gsi1sk=f"{_iso(entity.at)}#{entity.id}",
            )
    raise TypeError(f"no storage mapping for {type(entity).__name__}")


def coverage_tally_key(item: Item) -> tuple[str, str] | None:
    """The counter a coverage record's bucket membership counts in: (`T#<tenant>#COVCOUNT#<decision>`,
    expiration date), or None outside the company views."""
    if not item.gsi2pk or not item.gsi2sk:
        return None
    tenant_part, _, decision = item.gsi2pk.rpartition("#COV#")
    return f"{tenant_part}#COVCOUNT#{decision}", item.gsi2sk.split("#", 1)[0]


def coverage_sk(record: CoverageRecord) -> str:
    return f"COV#{record.requirement_key}#{_iso(record.recorded_at)}#{record.id}"


_ENTITY_TYPES: dict[str, type[BaseModel]] = {
    cls.__name__: cls
    for cls in (
        Tenant,
        User,
        ReviewerGrant,
        LegalEntity,
        Project,
        RequirementGroup,
        Vendor,
        Contract,
        PortalLink,
        RetiredPortalLink,
        Document,
        Review,
        CoverageRecord,
        ExcludedOfficers,
        Note,
        AuditEntry,
    )
}


def entity_of(item: Item) -> BaseModel:
    return _ENTITY_TYPES[item.entity].model_validate(item.body)


# ---------------------------------------------------------------- cross-tenant lookups (gsi1)


def find_user_by_email(store: ItemStore, email: str) -> User | None:
    page = store.query(f"EMAIL#{email.strip().lower()}", index="gsi1", limit=1)
    return User.model_validate(page.items[0].body) if page.items else None


def tenant_ids(store: ItemStore) -> list[str]:
    """Every tenant, for operators' daily jobs (never exposed through the API)."""
    ids: list[str] = []
    start: dict[str, str] | None = None
    while True:
        page = store.query("TENANTS", index="gsi1", start_key=start, limit=500)
        ids += [str(i.body["id"]) for i in page.items]
        if page.next_key is None:
            return ids
        start = page.next_key


def find_portal_link(store: ItemStore, token_hash: str) -> PortalLink | None:
    page = store.query(f"PORTAL#{token_hash}", index="gsi1", limit=1)
    return PortalLink.model_validate(page.items[0].body) if page.items else None


def find_retired_portal_link(store: ItemStore, token_hash: str) -> RetiredPortalLink | None:
    page = store.query(f"PORTAL_RETIRED#{token_hash}", index="gsi1", limit=1)
    return RetiredPortalLink.model_validate(page.items[0].body) if page.items else None


def grants_for_reviewer(store: ItemStore, reviewer_user_id: str) -> list[ReviewerGrant]:
    page = store.query(f"REVIEWER#{reviewer_user_id}", index="gsi1")
    return [ReviewerGrant.model_validate(i.body) for i in page.items]


# ---------------------------------------------------------------- the tenant repository


class TenantRepository:
    """Reads and staged writes for one tenant; `commit()` applies the staged writes atomically.

    Versions of loaded items are remembered, so saving an entity that someone else changed in
    the meantime fails with Conflict instead of overwriting their change.
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

    # ------------------------------------------------------------ generic

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

    def _page(
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

    # ------------------------------------------------------------ unit of work

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

    # ------------------------------------------------------------ tenant, users, entities

    def tenant(self) -> Tenant:
        return self._get(self.pk, "TENANT", Tenant, "tenant", self.tenant_id)

    def user(self, user_id: str) -> User:
        return self._in_tenant("USER", user_id, User, "user")

    def users(self, cursor: str | None = None, limit: int = DEFAULT_PAGE) -> Page[User]:
        return self._page(User, self.pk, prefix="USER#", cursor=cursor, limit=limit)

    def grants(self) -> list[ReviewerGrant]:
        return self._all(ReviewerGrant, self.pk, prefix="GRANT#")

    def grant(self, reviewer_user_id: str) -> ReviewerGrant | None:
        if not is_valid_id(reviewer_user_id):
            return None
        item = self.store.get(self.pk, f"GRANT#{reviewer_user_id}")
        return ReviewerGrant.model_validate(self._remember(item).body) if item else None

    def legal_entity(self, entity_id: str) -> LegalEntity:
        return self._in_tenant("LE", entity_id, LegalEntity, "legal entity")

    def legal_entities(self, cursor: str | None = None, limit: int = DEFAULT_PAGE) -> Page[LegalEntity]:
        return self._page(LegalEntity, self.pk, prefix="LE#", cursor=cursor, limit=limit)

    # ------------------------------------------------------------ projects

    def project(self, project_id: str) -> Project:
        return self._by_id("P", project_id, Project, "project", "PROJECT")

    def projects(
        self,
        *,
        sort: str = "number",
        descending: bool = False,
        status: str | None = None,
        cursor: str | None = None,
        limit: int = DEFAULT_PAGE,
    ) -> Page[Project]:
        index: IndexName = "gsi2" if sort == "name" else "gsi1"
        where = (lambda p: p.status == status) if status else None
        return self._page(
            Project,
            f"{self.pk}#PROJECTS",
            index=index,
            cursor=cursor,
            limit=limit,
            forward=not descending,
            where=where,
        )

    # ------------------------------------------------------------ requirement groups

    def requirement_group(self, group_id: str) -> RequirementGroup:
        return self._by_id("RG", group_id, RequirementGroup, "requirement group", "GROUP")

    def requirement_groups(
        self, project_id: str | None = None, cursor: str | None = None, limit: int = DEFAULT_PAGE
    ) -> Page[RequirementGroup]:
        scope = f"P#{project_id}" if project_id else "TENANT"
        return self._page(RequirementGroup, f"{self.pk}#RG#{scope}", index="gsi1", cursor=cursor, limit=limit)

    def default_requirement_group(self) -> RequirementGroup | None:
        groups = self._all(RequirementGroup, f"{self.pk}#RG#TENANT", index="gsi1")
        return next((g for g in groups if g.is_default), None)

    def groups_by_id(self, group_ids: Sequence[str]) -> dict[str, RequirementGroup]:
        items = self.store.batch_get([(f"{self.pk}#RG#{g}", "GROUP") for g in group_ids if is_valid_id(g)])
        return {i.body["id"]: RequirementGroup.model_validate(self._remember(i).body) for i in items}

    # ------------------------------------------------------------ vendors and contracts

    def vendor(self, vendor_id: str) -> Vendor:
        return self._by_id("V", vendor_id, Vendor, "vendor", "VENDOR")

    def vendors(
        self, cursor: str | None = None, limit: int = DEFAULT_PAGE, name_prefix: str | None = None
    ) -> Page[Vendor]:
        prefix = normalized_name(name_prefix) if name_prefix else None
        return self._page(
            Vendor, f"{self.pk}#VENDORS", index="gsi1", prefix=prefix, cursor=cursor, limit=limit
        )

    def vendor_for_update(self, vendor_id: str) -> Vendor:
        """The vendor as staged in this unit of work if it already is (several contracts of one
        vendor may change in one commit), else as stored."""
        for write in self._staged:
            if isinstance(write, tuple) and isinstance(write[0], Vendor) and write[0].id == vendor_id:
                return write[0]
        return self.vendor(vendor_id)

    def vendor_named(self, name: str) -> Vendor | None:
        wanted = normalized_name(name)
        found = self._all(Vendor, f"{self.pk}#VENDORS", index="gsi1", prefix=f"{wanted}#")
        return found[0] if found else None

    def contract(self, contract_id: str) -> Contract:
        return self._by_id("C", contract_id, Contract, "contract", "CONTRACT")

    def contracts_of_project(
        self,
        project_id: str,
        *,
        where: Callable[[Contract], bool] | None = None,
        cursor: str | None = None,
        limit: int = DEFAULT_PAGE,
    ) -> Page[Contract]:
        return self._page(
            Contract,
            f"{self.pk}#P#{project_id}#CONTRACTS",
            index="gsi1",
            cursor=cursor,
            limit=limit,
            where=where,
        )

    def contracts(
        self,
        *,
        status: str | None = None,
        where: Callable[[Contract], bool] | None = None,
        cursor: str | None = None,
        limit: int = DEFAULT_PAGE,
    ) -> Page[Contract]:
        """Contracts across projects (gsi2), grouped by status then vendor name."""
        return self._page(
            Contract,
            f"{self.pk}#CONTRACTS",
            index="gsi2",
            prefix=f"{status}#" if status else None,
            cursor=cursor,
            limit=limit,
            where=where,
        )

    def contract_with_history(self, contract_id: str) -> tuple[Contract, list[CoverageRecord]]:
        """The contract and its coverage history in one query (`CONTRACT` and `COV#...` sort together)."""
        if not is_valid_id(contract_id):
            raise NotFound("contract", contract_id)
        page = self.store.query(f"{self.pk}#C#{contract_id}", prefix="CO")
        contract: Contract | None = None
        records: list[CoverageRecord] = []
        for item in page.items:
            self._remember(item)
            if item.sk == "CONTRACT":
                contract = Contract.model_validate(item.body)
            elif item.entity == "CoverageRecord":
                records.append(CoverageRecord.model_validate(item.body))
        if contract is None:
            raise NotFound("contract", contract_id)
        return contract, records

    def contract_surroundings(
        self, contract: Contract
    ) -> tuple[RequirementGroup, Project, Vendor, PortalLink | None]:
        """The contract's group, project, vendor and portal link in one batch read."""
        t = self.pk
        items = {
            (i.pk, i.sk): i
            for i in self.store.batch_get(
                [
                    (f"{t}#RG#{contract.requirement_group_id}", "GROUP"),
                    (f"{t}#P#{contract.project_id}", "PROJECT"),
                    (f"{t}#V#{contract.vendor_id}", "VENDOR"),
                    (f"{t}#C#{contract.id}", "PORTAL"),
                ]
            )
        }
        for item in items.values():
            self._remember(item)

        def body(pk: str, sk: str, kind: str) -> dict[str, Any]:
            item = items.get((pk, sk))
            if item is None:
                raise NotFound(kind)
            return item.body

        portal = items.get((f"{t}#C#{contract.id}", "PORTAL"))
        return (
            RequirementGroup.model_validate(
                body(f"{t}#RG#{contract.requirement_group_id}", "GROUP", "requirement group")
            ),
            Project.model_validate(body(f"{t}#P#{contract.project_id}", "PROJECT", "project")),
            Vendor.model_validate(body(f"{t}#V#{contract.vendor_id}", "VENDOR", "vendor")),
            PortalLink.model_validate(portal.body) if portal else None,
        )

    def contracts_by_id(self, contract_ids: Sequence[str]) -> list[Contract]:
        keys = [(f"{self.pk}#C#{c}", "CONTRACT") for c in contract_ids if is_valid_id(c)]
        found: list[Contract] = []
        for start in range(0, len(keys), 100):
            found += [
                Contract.model_validate(self._remember(i).body)
                for i in self.store.batch_get(keys[start : start + 100])
            ]
        return found

    def contracts_of_vendor(self, vendor_id: str) -> list[Contract]:
        vendor = self.vendor(vendor_id)
        return sorted(self.contracts_by_id(list(vendor.contracts)), key=lambda c: c.created_at)

    def portal_link(self, contract_id: str) -> PortalLink | None:
        if not is_valid_id(contract_id):
            return None
        return self._find(f"{self.pk}#C#{contract_id}", "PORTAL", PortalLink)

    # ------------------------------------------------------------ documents and reviews

    def document(self, document_id: str) -> Document:
        return self._by_id("D", document_id, Document, "document", "DOCUMENT")

    def find_document(self, document_id: str) -> Document | None:
        if not is_valid_id(document_id):
            return None
        return self._find(f"{self.pk}#D#{document_id}", "DOCUMENT", Document)

    def document_with_hash(self, contract_id: str, sha256: str) -> str | None:
        item = self.store.get(f"{self.pk}#C#{contract_id}", f"DOCHASH#{sha256}")
        return str(item.body["document_id"]) if item else None

    def add_document_hash(self, document: Document) -> None:
        item = Item(
            pk=f"{self.pk}#C#{document.contract_id}",
            sk=f"DOCHASH#{document.sha256}",
            entity="DocumentHash",
            body={"document_id": document.id},
        )
        self._staged.append(Put(item, expected_version=0))

    def documents_of_contract(
        self, contract_id: str, cursor: str | None = None, limit: int = DEFAULT_PAGE
    ) -> Page[Document]:
        return self._page(
            Document,
            f"{self.pk}#C#{contract_id}#DOCS",
            index="gsi1",
            cursor=cursor,
            limit=limit,
            forward=False,
        )

    def needs_review(self, cursor: str | None = None, limit: int = DEFAULT_PAGE) -> Page[Document]:
        return self._page(Document, f"{self.pk}#NEEDS_REVIEW", index="gsi2", cursor=cursor, limit=limit)

    def contract_has_document_needing_review(self, contract_id: str) -> bool:
        page = self.store.query(
            f"{self.pk}#C#{contract_id}#DOCS",
            index="gsi1",
            where=lambda i: i.body.get("status") == DocumentStatus.NEEDS_REVIEW.value,
            limit=1,
        )
        return bool(page.items)

    def review(self, document_id: str) -> Review | None:
        if not is_valid_id(document_id):
            return None
        return self._find(f"{self.pk}#D#{document_id}", "REVIEW", Review)

    # ------------------------------------------------------------ coverage history

    def coverage_records(self, contract_id: str) -> list[CoverageRecord]:
        return self._all(CoverageRecord, f"{self.pk}#C#{contract_id}", prefix="COV#")

    def coverage_bucket(
        self,
        decision: ReviewDecisionStatus,
        *,
        expiring_between: tuple[str, str] | None = None,
        cursor: str | None = None,
        limit: int = DEFAULT_PAGE,
    ) -> Page[CoverageRecord]:
        pk = f"{self.pk}#COV#{decision}"
        limit = max(1, min(limit, MAX_PAGE))
        start = decode_cursor(cursor, pk_name="gsi2pk", pk_value=pk)
        page = self.store.query(pk, index="gsi2", between=expiring_between, start_key=start, limit=limit)
        return Page([CoverageRecord.model_validate(i.body) for i in page.items], encode_cursor(page.next_key))

    def count_coverage_bucket(
        self, decision: ReviewDecisionStatus, between: tuple[str, str] | None = None
    ) -> int:
        """Sum of the per-expiry-date counters in the range: one small query, however many coverages."""
        page = self.store.query(f"{self.pk}#COVCOUNT#{decision}", between=between)
        return sum(item.tally or 0 for item in page.items)

    def all_current_coverages(self) -> list[CoverageRecord]:
        records: list[CoverageRecord] = []
        for decision in (
            ReviewDecisionStatus.ACTIVE,
            ReviewDecisionStatus.APPROVED_NON_COMPLIANT,
            ReviewDecisionStatus.WAIVED,
        ):
            records += self._all(CoverageRecord, f"{self.pk}#COV#{decision}", index="gsi2")
        return records

    def excluded_officers_page(
        self, project_id: str, cursor: str | None = None, limit: int = DEFAULT_PAGE
    ) -> Page[ExcludedOfficers]:
        return self._page(
            ExcludedOfficers, f"{self.pk}#P#{project_id}", prefix="OFFICERS#", cursor=cursor, limit=limit
        )

    def excluded_officers(self, project_id: str) -> list[ExcludedOfficers]:
        return self._all(ExcludedOfficers, f"{self.pk}#P#{project_id}", prefix="OFFICERS#")

    # ------------------------------------------------------------ notes and audit

    def notes(self, contract_id: str, cursor: str | None = None, limit: int = DEFAULT_PAGE) -> Page[Note]:
        return self._page(
            Note, f"{self.pk}#C#{contract_id}", prefix="NOTE#", cursor=cursor, limit=limit, forward=False
        )

    def record_audit(self, entry: AuditEntry) -> None:
        """Audit entries are create-only: there is deliberately no update or delete path."""
        self._staged.append((entry, 0))

    def audit_trail(
        self,
        *,
        entity_type: str | None = None,
        entity_id: str | None = None,
        cursor: str | None = None,
        limit: int = DEFAULT_PAGE,
    ) -> Page[AuditEntry]:
        if entity_type and entity_id:
            return self._page(
                AuditEntry,
                f"{self.pk}#AUDIT#{entity_type}#{entity_id}",
                cursor=cursor,
                limit=limit,
                forward=False,
            )
        return self._page(
            AuditEntry, f"{self.pk}#AUDIT", index="gsi1", cursor=cursor, limit=limit, forward=False
        )


def ensure_absent(repo: TenantRepository, exists: bool, what: str) -> None:
    if exists:
        raise Conflict(f"{what} already exists")
