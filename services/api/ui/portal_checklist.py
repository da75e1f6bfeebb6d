"""The returning vendor's checklist on the portal page: each requirement with its state, what to
send next, and one upload box per thing the vendor sends (all through the same presigned upload).

Requirements printed on the certificate (coverages, insurer rating) are kept apart from documents
that are not insurance (W-9, signed forms): those are sent on their own, not on the ACORD 25.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from shared.workspace import (
    Checklist,
    ChecklistItem,
    Project,
    RequirementGroup,
    TenantRepository,
    contract_checklist,
    requirements_in_plain_words,
)

STATUS_WORDS = {
    "accepted": "Accepted",
    "in_review": "In review",
    "missing": "Missing",
    "rejected": "Not accepted",
    "expired": "Expired",
}


@dataclass(frozen=True)
class PortalRow:
    item: ChecklistItem
    requirement: str
    status_words: str


@dataclass(frozen=True)
class UploadBox:
    slug: str
    title: str
    hint: str
    open: bool


@dataclass
class PortalChecklist:
    certificate_rows: list[PortalRow]
    document_rows: list[PortalRow]
    checklist: Checklist
    send_next: list[str] = field(default_factory=list)
    uploads: list[UploadBox] = field(default_factory=list)
    insurer_rule: str | None = None

    @property
    def done(self) -> int:
        return sum(1 for r in self.certificate_rows + self.document_rows if not r.item.open)

    @property
    def total(self) -> int:
        return len(self.certificate_rows) + len(self.document_rows)

    @property
    def returning(self) -> bool:
        """The vendor sent something before: show states, not only the list of what is required."""
        return any(r.item.status != "missing" for r in self.certificate_rows + self.document_rows)


def _sentence(group: RequirementGroup, project: Project, key: str) -> str:
    one = group.model_copy(
        update={
            "coverages": [c for c in group.coverages if c.requirement_key == key],
            "required_documents": [d for d in group.required_documents if d.requirement_key == key],
            "minimum_am_best": None,
        }
    )
    lines = requirements_in_plain_words(one, project)
    return lines[0] if lines else ""


def portal_checklist(
    repo: TenantRepository, contract_id: str, group: RequirementGroup, project: Project, day: date
) -> PortalChecklist:
    checklist = contract_checklist(repo, contract_id, group, day)
    rows = [
        PortalRow(item, _sentence(group, project, item.requirement_key), STATUS_WORDS[item.status])
        for item in checklist.items
    ]
    certificate_rows = [r for r in rows if r.item.kind == "coverage"]
    document_rows = [r for r in rows if r.item.kind == "document"]
    open_coverages = [r for r in certificate_rows if r.item.open]
    send_next: list[str] = []
    if open_coverages or checklist.certificate_problems:
        names = ", ".join(r.item.title.lower() for r in open_coverages)
        send_next.append(
            "A corrected certificate of insurance (ACORD 25) from your broker"
            + (f" fixing {names}." if names else ".")
        )
    for endorsement in checklist.endorsements_needed:
        send_next.append(f"The {endorsement} page.")
    for row in document_rows:
        if row.item.open:
            send_next.append(f"{row.item.title}.")
    uploads = [
        UploadBox(
            "certificate",
            "Certificate of insurance (ACORD 25)",
            "The certificate from your broker; endorsement pages may be in the same PDF.",
            bool(open_coverages or checklist.certificate_problems) or not checklist.items,
        ),
        UploadBox(
            "endorsements",
            "Endorsement pages",
            "Additional insured, waiver of subrogation, primary and noncontributory forms.",
            bool(checklist.endorsements_needed),
        ),
    ]
    for row in document_rows:
        uploads.append(
            UploadBox(
                row.item.requirement_key.replace(":", "-"),
                row.item.title,
                row.requirement,
                row.item.open,
            )
        )
    best = group.minimum_am_best
    insurer_rule = (
        f"Insurers rated at least {best.rating}{f' {best.size}' if best.size else ''} by AM Best."
        if best and best.rating
        else None
    )
    return PortalChecklist(certificate_rows, document_rows, checklist, send_next, uploads, insurer_rule)
