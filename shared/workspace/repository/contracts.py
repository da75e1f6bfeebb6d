"""Repository queries for vendors, contracts and portal links."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from shared.workspace.entities import (
    Contract,
    CoverageRecord,
    PortalLink,
    Project,
    RequirementGroup,
    Vendor,
    is_valid_id,
    normalized_name,
)
from shared.workspace.errors import NotFound
from shared.workspace.repository.common import DEFAULT_PAGE, Page
from shared.workspace.repository.unit_of_work import UnitOfWork


class ContractQueries(UnitOfWork):
    """Vendors, contracts and portal links."""

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
