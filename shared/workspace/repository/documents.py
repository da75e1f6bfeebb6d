"""Repository queries for documents, reviews, coverage history and excluded officers."""

from __future__ import annotations

from shared.workspace.entities import (
    CoverageRecord,
    Document,
    DocumentStatus,
    ExcludedOfficers,
    Review,
    ReviewDecisionStatus,
    is_valid_id,
)
from shared.workspace.repository.common import DEFAULT_PAGE, MAX_PAGE, Page
from shared.workspace.repository.unit_of_work import UnitOfWork
from shared.workspace.store import Item, Put, decode_cursor, encode_cursor


class DocumentQueries(UnitOfWork):
    """Documents, reviews, coverage history and excluded officers."""

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
