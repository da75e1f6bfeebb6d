"""Projects, their status, sample documents and compliance bar."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from shared.workspace.entities.common import MAX_LIST_ITEMS, Entity, IdRef, Name, RequestBody, utcnow


class ProjectStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    FROZEN = "frozen"
    WARRANTY = "warranty"
    CLOSED = "closed"


class SampleDocument(Entity):
    id: str
    title: str
    key: str
    content_type: str


class Project(Entity):
    id: str
    tenant_id: str
    number: str
    name: str
    address: str | None = None
    legal_entity_id: str | None = None
    status: ProjectStatus = ProjectStatus.DRAFT
    warranty_end_date: date | None = None
    additional_insureds: list[str] = Field(default_factory=list)
    requirement_group_id: str | None = None
    sample_documents: list[SampleDocument] = Field(default_factory=list)
    # Contract counts by compliance status, kept in step with every contract status change.
    contract_counts: dict[str, int] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def compliance_bar(self) -> ComplianceBar:
        active = sum(n for status, n in self.contract_counts.items() if status != "inactive")
        compliant = self.contract_counts.get("compliant", 0)
        return ComplianceBar(active_contracts=active, compliant_contracts=compliant)


class ComplianceBar(BaseModel):
    active_contracts: int
    compliant_contracts: int

    @property
    def percent(self) -> int | None:
        if not self.active_contracts:
            return None
        return round(100 * self.compliant_contracts / self.active_contracts)


class NewProject(RequestBody):
    number: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    legal_entity_id: IdRef | None = None
    status: ProjectStatus = ProjectStatus.DRAFT
    warranty_end_date: date | None = None
    additional_insureds: list[Name] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    # A tenant-level group to copy instead of the tenant default.
    requirement_group_id: IdRef | None = None


class ProjectUpdate(RequestBody):
    number: str | None = Field(default=None, min_length=1, max_length=64)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    legal_entity_id: IdRef | None = None
    additional_insureds: list[Name] | None = Field(default=None, max_length=MAX_LIST_ITEMS)
    requirement_group_id: IdRef | None = None


class ProjectStatusChange(RequestBody):
    status: ProjectStatus
    warranty_end_date: date | None = None

    @model_validator(mode="after")
    def _warranty_needs_end_date(self) -> ProjectStatusChange:
        if self.status == ProjectStatus.WARRANTY and self.warranty_end_date is None:
            raise ValueError("warranty_end_date is required for the warranty status")
        return self
