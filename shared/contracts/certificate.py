"""The certificate contract (`coi.certificate/1`): what `coi extract --json` prints.

Field names are fixed by `shared/contracts/README.md` in the steering repo; outside tools
depend on them. Add fields freely, never rename or drop one without a schema version bump.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CERTIFICATE_SCHEMA = "coi.certificate/1"

CoverageKind = Literal["general_liability", "auto_liability", "umbrella", "excess", "workers_comp", "other"]
DocumentKind = Literal["acord25", "certificate", "unknown"]
AggregateBasis = Literal["policy", "project", "location"]
AutoType = Literal["any", "owned", "scheduled", "hired", "non_owned"]

COVERAGE_KINDS: tuple[CoverageKind, ...] = (
    "general_liability",
    "auto_liability",
    "umbrella",
    "excess",
    "workers_comp",
    "other",
)

# Limit keys the contract fixes per coverage; `other` takes free snake_case keys.
LIMIT_KEYS: dict[str, tuple[str, ...]] = {
    "general_liability": (
        "each_occurrence",
        "damage_to_rented_premises",
        "medical_expense",
        "personal_advertising_injury",
        "general_aggregate",
        "products_completed_operations_aggregate",
    ),
    "auto_liability": (
        "combined_single_limit",
        "bodily_injury_per_person",
        "bodily_injury_per_accident",
        "property_damage_per_accident",
    ),
    "umbrella": ("each_occurrence", "aggregate", "retention", "deductible"),
    "excess": ("each_occurrence", "aggregate", "retention", "deductible"),
    "workers_comp": ("el_each_accident", "el_disease_each_employee", "el_disease_policy_limit"),
}


class _Contract(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


# The engines that read a PDF's own text layer or form fields: what they return is what the file
# says. Every other engine (OCR, Textract) read a picture of the page, glyph by glyph.
TEXT_LAYER_ENGINES = frozenset({"pdf-text", "pdf-form"})


class DocumentInfo(_Contract):
    pages: int = 0
    kind: DocumentKind = "unknown"
    engine: str | None = None
    sha256: str | None = None

    @property
    def read_from_images(self) -> bool:
        """Read glyph by glyph from a scan or photo, where a letter can be misread."""
        return self.engine is not None and self.engine not in TEXT_LAYER_ENGINES


class Producer(_Contract):
    name: str | None = None
    address: str | None = None
    contact_name: str | None = None
    phone: str | None = None
    email: str | None = None


class Party(_Contract):
    name: str | None = None
    address: str | None = None


class Insurer(_Contract):
    letter: str
    name: str | None = None
    naic: str | None = None


class Policy(_Contract):
    coverage: CoverageKind
    label: str | None = None
    insurer_letter: str | None = None
    policy_number: str | None = None
    effective_date: date | None = None
    expiration_date: date | None = None
    additional_insured: bool | None = None
    subrogation_waived: bool | None = None
    claims_made: bool | None = None
    aggregate_applies_per: AggregateBasis | None = None
    auto_types: list[AutoType] = Field(default_factory=list)
    per_statute: bool | None = None
    officers_excluded: bool | None = None
    limits: dict[str, int] = Field(default_factory=dict)


class Endorsement(_Contract):
    form: str
    edition: str | None = None
    page: int | None = None


IntegrityCode = Literal["HIDDEN_TEXT", "EDITED_AFTER_ISSUE", "FORM_ALTERED", "NAIC_NAME_MISMATCH"]


class IntegrityFinding(_Contract):
    """Something wrong with the file itself; any finding sends the certificate to a person."""

    code: IntegrityCode
    page: int | None = None
    detail: str
    # HIDDEN_TEXT: the text present but not shown, beside what the page shows there.
    hidden_text: str | None = None
    visible_text: str | None = None


class Review(_Contract):
    """What the reader is not sure of: contract paths (`insured.name`, `insurers[A].naic`,
    `policies[0].limits.each_occurrence`) a person must check, and each value's confidence 0..1."""

    needs_human_review: list[str] = Field(default_factory=list)
    confidence: dict[str, float] = Field(default_factory=dict)


class Certificate(_Contract):
    schema_: str = Field(default=CERTIFICATE_SCHEMA, alias="schema")
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    certificate_date: date | None = None
    certificate_number: str | None = None
    revision_number: str | None = None
    producer: Producer = Field(default_factory=Producer)
    insured: Party = Field(default_factory=Party)
    insurers: list[Insurer] = Field(default_factory=list)
    policies: list[Policy] = Field(default_factory=list)
    description_of_operations: str | None = None
    certificate_holder: Party = Field(default_factory=Party)
    endorsements: list[Endorsement] = Field(default_factory=list)
    integrity: list[IntegrityFinding] = Field(default_factory=list)
    review: Review | None = None

    def insurer(self, letter: str | None) -> Insurer | None:
        if letter is None:
            return None
        return next((i for i in self.insurers if i.letter == letter.upper()), None)

    def policies_for(self, coverage: CoverageKind) -> list[Policy]:
        return [p for p in self.policies if p.coverage == coverage]

    def to_contract_json(self) -> dict[str, object]:
        """The exact JSON shape of the contract (aliases, ISO dates)."""
        return self.model_dump(mode="json", by_alias=True)
