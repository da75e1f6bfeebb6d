"""Importing chosen Procore projects, the way GC staff choose them.

Staff see the company's projects and pick which to import; per project they choose the method
(where the vendors come from) and, for commitment methods, which commitment statuses count
(Procore's own values). Both can change later; every sync (import, webhook, reconcile) follows
the stored choice. An imported project starts in Draft, so nobody is e-mailed before staff
review what came in.

Vendor rules, as GCs know them from Procore:
- `subcontract` / `purchase_order` / `subcontract_or_purchase_order`: each commitment of those
  kinds and statuses is its own contract, numbered as in Procore (`SC-004`, `PO-009`); its
  certificate contact is the commitment's invoice contact, read from the commitment's show
  endpoint (list items do not carry `invoice_contacts`);
- `directory`: each vendor in the project's directory is a contract; the contact is the
  company's primary contact, else its e-mail address.
A vendor that cannot be imported is not; the project's Procore Sync Log says why, with a link to
the exact page in Procore where it is fixed. The next sync retries it and records the success.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, Protocol, get_args

from shared.clock import Clock
from shared.procore import PURCHASE_ORDER_STATUSES, SUBCONTRACT_STATUSES
from shared.procore.client import COMMITMENT_KINDS, CommitmentKind, ProcoreClient
from shared.procore.from_procore import commitment_from_procore, project_from_procore, vendor_from_procore
from shared.procore.links import ProcoreLinks
from shared.procore.ports import IdMap, WorkspaceSink
from shared.procore.records import ProcoreCommitment, ProcoreRef

logger = logging.getLogger(__name__)

ImportMethod = Literal["directory", "subcontract", "purchase_order", "subcontract_or_purchase_order"]
IMPORT_METHODS: tuple[ImportMethod, ...] = get_args(ImportMethod)

DEFAULT_STATUSES = ("Approved",)

_KINDS: dict[ImportMethod, tuple[CommitmentKind, ...]] = {
    "directory": (),
    "subcontract": ("work_order_contracts",),
    "purchase_order": ("purchase_order_contracts",),
    "subcontract_or_purchase_order": ("work_order_contracts", "purchase_order_contracts"),
}


def kinds_for(method: ImportMethod) -> tuple[CommitmentKind, ...]:
    return _KINDS[method]


def _fits(chosen: ProjectImport, item: Mapping[str, Any]) -> bool:
    return str(item.get("status")) in chosen.statuses and item.get("deleted_at") is None


class ImportChoiceError(ValueError):
    """A method or status Procore does not have (a 400 with this message)."""


@dataclass(frozen=True)
class ProjectImport:
    tenant_id: str
    procore_project_id: int
    our_project_id: str
    method: ImportMethod
    statuses: tuple[str, ...]
    imported_at: datetime
    last_synced_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "procore_project_id": self.procore_project_id,
            "project_id": self.our_project_id,
            "method": self.method,
            "statuses": list(self.statuses),
            "imported_at": self.imported_at.isoformat(),
            "last_synced_at": self.last_synced_at.isoformat() if self.last_synced_at else None,
        }


@dataclass(frozen=True)
class SyncLogEntry:
    """One vendor that could not be imported (or was, after a failure: `resolved_at`)."""

    key: str  # what failed: `work_order_contracts:901`, `vendor:5`
    time: datetime
    contract_number: str | None
    vendor: str
    scope: str | None
    error: str
    procore_url: str
    resolved_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "time": self.time.isoformat(),
            "contract_number": self.contract_number,
            "vendor": self.vendor,
            "scope": self.scope,
            "error": self.error,
            "procore_url": self.procore_url,
            "resolved": self.resolved_at is not None,
            "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None,
        }


class ImportStore(Protocol):
    def get(self, tenant_id: str, procore_project_id: int) -> ProjectImport | None: ...

    def put(self, chosen: ProjectImport) -> None: ...

    def all(self, tenant_id: str) -> list[ProjectImport]: ...

    def directory_contract(self, tenant_id: str, procore_project_id: int, vendor_id: int) -> str | None: ...

    def remember_directory_contract(
        self, tenant_id: str, procore_project_id: int, vendor_id: int, our_id: str
    ) -> None: ...

    def seen(self, tenant_id: str, key: str) -> str | None:
        """The `updated_at` of a commitment when it was last imported successfully."""

    def mark_seen(self, tenant_id: str, key: str, updated_at: str) -> None: ...


class SyncLog(Protocol):
    def failed(self, tenant_id: str, project_id: str, entry: SyncLogEntry) -> None: ...

    def succeeded(self, tenant_id: str, project_id: str, key: str, at: datetime) -> None: ...

    def entries(self, tenant_id: str, project_id: str) -> list[SyncLogEntry]: ...


def validate_choice(
    method: str, statuses: list[str] | tuple[str, ...] | None
) -> tuple[ImportMethod, tuple[str, ...]]:
    if method not in IMPORT_METHODS:
        raise ImportChoiceError(f"method must be one of {', '.join(IMPORT_METHODS)}")
    if method == "directory":
        return "directory", ()
    allowed = {
        "subcontract": set(SUBCONTRACT_STATUSES),
        "purchase_order": set(PURCHASE_ORDER_STATUSES),
        "subcontract_or_purchase_order": set(SUBCONTRACT_STATUSES) | set(PURCHASE_ORDER_STATUSES),
    }[method]
    chosen = tuple(dict.fromkeys(statuses or DEFAULT_STATUSES))
    unknown = [s for s in chosen if s not in allowed]
    if unknown:
        raise ImportChoiceError(f"{unknown[0]!r} is not a Procore status for {method.replace('_', ' ')}s")
    return method, chosen


@dataclass
class ImportSummary:
    contracts: int = 0
    skipped: int = 0
    requests: int = 0


@dataclass
class ProjectImporter:
    client: ProcoreClient
    sink: WorkspaceSink
    ids: IdMap
    imports: ImportStore
    log: SyncLog
    links: ProcoreLinks
    clock: Clock
    # Company vendors read ahead for the commitments being imported (Procore id -> raw record).
    _vendors: dict[int, dict[str, Any]] = field(default_factory=dict)

    def import_project(
        self, tenant_id: str, procore_project_id: int, method: str, statuses: list[str] | None
    ) -> tuple[ProjectImport, ImportSummary]:
        chosen_method, chosen_statuses = validate_choice(method, statuses)
        raw = self.client.get_project(procore_project_id)
        existing = self.imports.get(tenant_id, procore_project_id)
        project = replace(project_from_procore(raw), draft=existing is None)
        our_id = self.sink.upsert_project(tenant_id, project)
        self.ids.remember(tenant_id, "project", our_id, ProcoreRef(procore_project_id))
        chosen = ProjectImport(
            tenant_id,
            procore_project_id,
            our_id,
            chosen_method,
            chosen_statuses,
            existing.imported_at if existing else self.clock.now(),
            existing.last_synced_at if existing else None,
        )
        self.imports.put(chosen)
        summary = self.sync(chosen, previously=existing.method if existing else None)
        return self.imports.get(tenant_id, procore_project_id) or chosen, summary

    def sync(self, chosen: ProjectImport, *, previously: ImportMethod | None = None) -> ImportSummary:
        """Every vendor of the project by the chosen method; failures go to the sync log. After a
        change of method (`previously`), contracts of commitments no longer chosen become inactive."""
        summary = ImportSummary()
        if chosen.method == "directory":
            for vendor in self._directory(chosen.procore_project_id):
                self._directory_vendor(chosen, vendor, summary)
        for kind in COMMITMENT_KINDS:
            chosen_kind = kind in _KINDS[chosen.method]
            if not chosen_kind and (previously is None or kind not in _KINDS[previously]):
                continue  # never imported under this project's choices: nothing to retire
            items = list(self.client.list_commitments(kind, chosen.procore_project_id))
            fits = [i for i in items if chosen_kind and _fits(chosen, i)]
            # Imported before, no longer chosen (method or statuses changed, deleted): inactive.
            self._retire(chosen, kind, [i for i in items if not (chosen_kind and _fits(chosen, i))])
            # Unchanged since it was imported: no show call (an import larger than the hourly
            # rate limit then finishes over several runs instead of starting over each time).
            wanted = [item for item in fits if not self._unchanged(chosen.tenant_id, kind, item)]
            self._prefetch_vendors(chosen.tenant_id, wanted)
            for item in wanted:
                if self.commitment(chosen, kind, int(item["id"]), summary) and item.get("updated_at"):
                    self.imports.mark_seen(chosen.tenant_id, f"{kind}:{item['id']}", str(item["updated_at"]))
        self.imports.put(replace(chosen, last_synced_at=self.clock.now()))
        return summary

    def commitment(
        self, chosen: ProjectImport, kind: CommitmentKind, commitment_id: int, summary: ImportSummary
    ) -> str | None:
        # The show endpoint: list items carry no invoice contacts.
        raw = self.client.get_commitment(kind, commitment_id, chosen.procore_project_id)
        return self._commitment(chosen, kind, raw, summary)

    def follow_commitment(
        self, chosen: ProjectImport, kind: CommitmentKind, commitment_id: int
    ) -> str | None:
        """A commitment that changed in Procore: imported when it now fits the project's choice,
        its contract made inactive when it no longer does (status changed, kind not chosen)."""
        raw = self.client.get_commitment(kind, commitment_id, chosen.procore_project_id)
        fits = (
            kind in _KINDS[chosen.method]
            and str(raw.get("status")) in chosen.statuses
            and raw.get("deleted_at") is None
        )
        if fits:
            return self._commitment(chosen, kind, raw, ImportSummary())
        our_id = self.ids.our_id(chosen.tenant_id, "contract", commitment_id)
        if our_id is not None:
            self.sink.deactivate(chosen.tenant_id, "contract", our_id)
        return our_id

    def _commitment(
        self, chosen: ProjectImport, kind: CommitmentKind, raw: Mapping[str, Any], summary: ImportSummary
    ) -> str | None:
        commitment = commitment_from_procore(kind, raw)
        key = f"{kind}:{commitment.procore_id}"
        vendor_name = str((raw.get("vendor") or {}).get("company") or "")
        contact = _invoice_contact(raw)
        url = self.links.commitment(chosen.procore_project_id, kind, commitment.procore_id)
        if commitment.procore_vendor_id is None:
            self._skip(
                chosen,
                summary,
                key=key,
                commitment=commitment,
                vendor=vendor_name or "(no vendor)",
                url=url,
                error="The commitment has no vendor (contract company) in Procore.",
            )
            return None
        if contact is None:
            self._skip(
                chosen,
                summary,
                key=key,
                commitment=commitment,
                vendor=vendor_name,
                url=url,
                error="No invoice contact with an e-mail address on this commitment in Procore; "
                "add one on the commitment's General tab.",
            )
            return None
        vendor_id = self.ids.our_id(chosen.tenant_id, "vendor", commitment.procore_vendor_id)
        if vendor_id is None:
            raw_vendor = self._vendors.get(commitment.procore_vendor_id) or self.client.get_vendor(
                commitment.procore_vendor_id
            )
            vendor = vendor_from_procore(raw_vendor)
            vendor_id = self.sink.upsert_vendor(chosen.tenant_id, vendor)
            self.ids.remember(chosen.tenant_id, "vendor", vendor_id, ProcoreRef(vendor.procore_id))
        name, email, phone = contact
        commitment = replace(commitment, contact_name=name, contact_email=email, contact_phone=phone)
        our_id = self.sink.upsert_contract(
            chosen.tenant_id, commitment, project_id=chosen.our_project_id, vendor_id=vendor_id
        )
        self.ids.remember(
            chosen.tenant_id,
            "contract",
            our_id,
            ProcoreRef(
                commitment.procore_id, commitment_kind=kind, procore_project_id=chosen.procore_project_id
            ),
        )
        self.log.succeeded(chosen.tenant_id, chosen.our_project_id, key, self.clock.now())
        summary.contracts += 1
        return our_id

    def _retire(self, chosen: ProjectImport, kind: CommitmentKind, items: list[dict[str, Any]]) -> None:
        for item in items:
            our_id = self.ids.our_id(chosen.tenant_id, "contract", int(item["id"]))
            if our_id is None:
                continue
            self.sink.deactivate(chosen.tenant_id, "contract", our_id)
            # Chosen again later, it must be read again (not skipped as unchanged).
            self.imports.mark_seen(chosen.tenant_id, f"{kind}:{item['id']}", "")

    def _unchanged(self, tenant_id: str, kind: CommitmentKind, item: Mapping[str, Any]) -> bool:
        if not item.get("updated_at") or self.ids.our_id(tenant_id, "contract", int(item["id"])) is None:
            return False
        return self.imports.seen(tenant_id, f"{kind}:{item['id']}") == str(item["updated_at"])

    def _prefetch_vendors(self, tenant_id: str, items: list[dict[str, Any]]) -> None:
        """The vendors not brought in yet, in one list call per 100 (not one show call each): the
        company vendors list with `filters[id][]` (rate limits are per hour and per 10 s)."""
        missing = sorted(
            {
                int(vendor["id"])
                for vendor in (item.get("vendor") for item in items)
                if isinstance(vendor, Mapping)
                and vendor.get("id")
                and self.ids.our_id(tenant_id, "vendor", int(vendor["id"])) is None
            }
        )
        for start in range(0, len(missing), 100):
            chunk = missing[start : start + 100]
            for raw in self.client.list_vendors({"filters[id][]": chunk}):
                self._vendors[int(raw["id"])] = raw

    def _directory(self, procore_project_id: int) -> Iterator[dict[str, Any]]:
        return self.client.paginate(
            f"/rest/v1.0/projects/{procore_project_id}/vendors", {"company_id": self.client.company_id}
        )

    def _directory_vendor(
        self, chosen: ProjectImport, raw: Mapping[str, Any], summary: ImportSummary
    ) -> None:
        vendor = vendor_from_procore(raw)
        key = f"vendor:{vendor.procore_id}"
        email = vendor.contact_email or vendor.email_address
        if not email:
            url = self.links.directory_vendor(chosen.procore_project_id, vendor.procore_id)
            self._skip(
                chosen,
                summary,
                key=key,
                commitment=None,
                vendor=vendor.name,
                url=url,
                error="No primary contact and no company e-mail in the Project Directory; "
                "add the company's primary contact or e-mail there.",
            )
            return
        vendor_id = self.sink.upsert_vendor(chosen.tenant_id, vendor)
        self.ids.remember(chosen.tenant_id, "vendor", vendor_id, ProcoreRef(vendor.procore_id))
        # A directory vendor has no commitment: its contract is found again per (project, vendor).
        as_contract = ProcoreCommitment(
            procore_id=0,
            kind="work_order_contracts",
            procore_project_id=chosen.procore_project_id,
            procore_vendor_id=vendor.procore_id,
            number=None,
            title=", ".join(vendor.trades) or None,
            status="Directory",
            executed=False,
            active=vendor.active,
            contact_name=vendor.contact_name if vendor.contact_email else None,
            contact_email=email,
            contact_phone=vendor.business_phone,
        )
        existing = self.imports.directory_contract(
            chosen.tenant_id, chosen.procore_project_id, vendor.procore_id
        )
        our_id = self.sink.upsert_contract(
            chosen.tenant_id,
            as_contract,
            project_id=chosen.our_project_id,
            vendor_id=vendor_id,
            existing_id=existing,
        )
        if existing is None:
            self.imports.remember_directory_contract(
                chosen.tenant_id, chosen.procore_project_id, vendor.procore_id, our_id
            )
        self.log.succeeded(chosen.tenant_id, chosen.our_project_id, key, self.clock.now())
        summary.contracts += 1

    def _skip(  # noqa: PLR0913  keyword-only fields of the SyncLogEntry it records
        self,
        chosen: ProjectImport,
        summary: ImportSummary,
        *,
        key: str,
        commitment: ProcoreCommitment | None,
        vendor: str,
        url: str,
        error: str,
    ) -> None:
        self.log.failed(
            chosen.tenant_id,
            chosen.our_project_id,
            SyncLogEntry(
                key=key,
                time=self.clock.now(),
                contract_number=commitment.number if commitment else None,
                vendor=vendor,
                scope=commitment.title if commitment else None,
                error=error,
                procore_url=url,
            ),
        )
        summary.skipped += 1


def _invoice_contact(raw: Mapping[str, Any]) -> tuple[str | None, str, str | None] | None:
    for contact in raw.get("invoice_contacts") or []:
        if isinstance(contact, Mapping) and contact.get("email"):
            return (contact.get("name") or None, str(contact["email"]), contact.get("business_phone") or None)
    return None
