"""Requirement groups: the coverages and documents a project or contract asks for."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field, ValidationError, field_validator

from shared.contracts import CoverageRequirement, MinimumAmBest, Requirements
from shared.contracts.certificate import CoverageKind
from shared.contracts.requirements import check_coverages, plain_errors
from shared.workspace.entities.common import (
    MAX_LIST_ITEMS,
    Entity,
    IdRef,
    Limits,
    Name,
    RequestBody,
    slug,
    utcnow,
)


class CoverageSpec(CoverageRequirement):
    """A requirement group's coverage: the rules-engine contract plus what reviewers check by eye."""

    label: str | None = Field(default=None, max_length=120)
    limits: Limits = Field(default_factory=dict)
    endorsements: list[Name] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)

    @property
    def requirement_key(self) -> str:
        return requirement_key(self.coverage, self.label)


def requirement_key(coverage: CoverageKind | str, label: str | None = None) -> str:
    """Stable name of a coverage requirement inside a contract: `general_liability`, `other:pollution`."""
    if coverage == "other":
        return f"other:{slug(label or 'other')}"
    return str(coverage)


class RequiredDocument(Entity):
    """A document without expiry the vendor must provide (W-9, AI endorsement)."""

    key: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    name: str = Field(min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=500)

    @property
    def requirement_key(self) -> str:
        return f"document:{self.key}"


class RequirementGroup(Entity):
    id: str
    tenant_id: str
    name: str
    # None: a tenant-level group; otherwise the project (and maybe contract) the copy belongs to.
    project_id: str | None = None
    contract_id: str | None = None
    is_default: bool = False
    copied_from: str | None = None
    coverages: list[CoverageSpec] = Field(default_factory=list)
    minimum_am_best: MinimumAmBest | None = None
    allow_umbrella_to_satisfy_limits: bool = True
    required_documents: list[RequiredDocument] = Field(default_factory=list)
    # Free text the vendor and its broker read with the requirements (portal and request e-mails).
    vendor_instructions: str | None = None
    updated_at: datetime = Field(default_factory=utcnow)

    def requirement_keys(self) -> list[str]:
        """Every requirement the contract must satisfy, waived ones included."""
        return [c.requirement_key for c in self.coverages] + [
            d.requirement_key for d in self.required_documents
        ]

    def waived_keys(self) -> set[str]:
        return {c.requirement_key for c in self.coverages if c.waived}

    def to_requirements(
        self,
        *,
        insured_name: str | None,
        certificate_holder: str | None,
        additional_insureds: list[str],
        as_of: date,
    ) -> Requirements:
        # A stored group was checked when saved; reading it never refuses (an older group included).
        return Requirements.model_validate(
            {
                "name": self.name,
                "as_of": as_of,
                "insured_name": insured_name,
                "certificate_holder": certificate_holder,
                "additional_insureds": additional_insureds,
                "minimum_am_best": self.minimum_am_best,
                "allow_umbrella_to_satisfy_limits": self.allow_umbrella_to_satisfy_limits,
                "coverages": [CoverageRequirement.model_validate(c.model_dump()) for c in self.coverages],
            },
            context={"stored": True},
        )


class RequirementGroupInput(RequestBody):
    name: str = Field(min_length=1, max_length=120)
    coverages: list[CoverageSpec] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    minimum_am_best: MinimumAmBest | None = None
    allow_umbrella_to_satisfy_limits: bool = True
    required_documents: list[RequiredDocument] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    vendor_instructions: str | None = Field(default=None, max_length=4000)

    @field_validator("coverages")
    @classmethod
    def _one_requirement_per_coverage(cls, coverages: list[CoverageSpec]) -> list[CoverageSpec]:
        keys = [c.requirement_key for c in coverages]
        if len(keys) != len(set(keys)):
            raise ValueError("each coverage (and each `other` label) may appear only once")
        check_coverages(list(coverages))
        return coverages

    @field_validator("required_documents")
    @classmethod
    def _one_entry_per_document(cls, documents: list[RequiredDocument]) -> list[RequiredDocument]:
        keys = [d.key for d in documents]
        if len(keys) != len(set(keys)):
            raise ValueError("each required document may appear only once")
        return documents

    @classmethod
    def plain_errors(cls, exc: ValidationError) -> tuple[str, dict[str, str]]:
        return plain_errors(exc)


class CopyRequirementGroup(RequestBody):
    name: str = Field(min_length=1, max_length=120)
    # Where the copy belongs: omitted = tenant level; a project; or one contract of that project.
    project_id: IdRef | None = None
    contract_id: IdRef | None = None
