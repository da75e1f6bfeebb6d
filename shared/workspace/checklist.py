"""What a vendor still owes, requirement by requirement, in words a broker can act on.

One builder serves the returning vendor's portal and notify's rejection notices and reminders, so
the vendor reads the same sentences everywhere. A requirement waived for the contract is not
listed to the vendor at all (it counts as met and reappears when unwaived); staff pages read the
requirement states themselves and still show it as waived. Messages take only the open items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from shared.contracts.verdict import Deficiency, DeficiencyCode
from shared.workspace.compliance import RequirementState, requirement_states, waived_requirement_keys
from shared.workspace.entities import (
    CoverageRecord,
    CoverageStatus,
    Document,
    RequirementGroup,
    ReviewDecisionStatus,
)
from shared.workspace.repository import TenantRepository

ItemStatus = Literal["accepted", "in_review", "missing", "rejected", "expired"]
OPEN_STATUSES: frozenset[str] = frozenset({"missing", "rejected", "expired"})

_NAMES = {
    "general_liability": "General liability",
    "auto_liability": "Automobile liability",
    "umbrella": "Umbrella liability",
    "excess": "Excess liability",
    "workers_comp": "Workers' compensation",
}

# Problems only an endorsement page proves (a checked box on the ACORD 25 is an indication).
_ENDORSEMENT_CODES = {
    DeficiencyCode.ADDITIONAL_INSURED_MISSING: "additional insured endorsement (e.g. CG 20 10 and CG 20 37)",
    DeficiencyCode.ADDITIONAL_INSURED_NAME_MISSING: "additional insured endorsement naming the parties",
    DeficiencyCode.SUBROGATION_WAIVER_MISSING: "waiver of subrogation endorsement (e.g. CG 24 04)",
    DeficiencyCode.PRIMARY_NONCONTRIBUTORY_MISSING: "primary and noncontributory endorsement (e.g. CG 20 01)",
    DeficiencyCode.COMPLETED_OPERATIONS_MISSING: "completed operations additional insured endorsement",
    DeficiencyCode.PER_PROJECT_AGGREGATE_MISSING: "per-project aggregate endorsement (e.g. CG 25 03)",
}


@dataclass(frozen=True)
class ChecklistItem:
    requirement_key: str
    title: str
    kind: Literal["coverage", "document", "certificate"]
    status: ItemStatus
    # Plain sentences: each deficiency with its required and found value, the reviewer's note.
    problems: tuple[str, ...] = ()
    # What to send to close the item ("A corrected certificate ...", "The W-9").
    send_next: str = ""
    endorsements: tuple[str, ...] = ()
    expires_on: date | None = None

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True)
class Checklist:
    items: list[ChecklistItem]
    notes_to_vendor: str | None = None
    # Problems of the last certificate as a whole (unreadable, wrong insured or holder).
    certificate_problems: tuple[str, ...] = field(default=())
    # Requirements waived for this contract: left out of `items` and of anything the vendor reads.
    waived: frozenset[str] = frozenset()

    @property
    def open_items(self) -> list[ChecklistItem]:
        return [i for i in self.items if i.open]

    @property
    def endorsements_needed(self) -> list[str]:
        seen: dict[str, None] = {}
        for item in self.open_items:
            for e in item.endorsements:
                seen.setdefault(e, None)
        return list(seen)


def _title(state: RequirementState) -> str:
    if state.coverage == "document" or (state.coverage == "other" and state.label):
        return state.label or state.requirement_key
    return state.label or _NAMES.get(state.coverage, state.coverage.replace("_", " ").capitalize())


def _deficiencies_for(document: Document | None, state: RequirementState) -> list[Deficiency]:
    if document is None or document.verdict is None:
        return []
    found = []
    for d in document.verdict.deficiencies:
        if d.coverage != state.coverage:
            continue
        label = getattr(d, "label", None)
        if state.coverage == "other" and label and state.label and label.lower() != state.label.lower():
            continue
        found.append(d)
    return found


def _latest_document(repo: TenantRepository, contract_id: str) -> Document | None:
    for document in repo.documents_of_contract(contract_id, limit=5).items:
        if document.verdict is not None or document.extraction_error:
            return document
    return None


def _item(
    state: RequirementState,
    documents: dict[str, Document | None],
    latest: Document | None,
    repo: TenantRepository,
) -> ChecklistItem:
    title = _title(state)
    kind: Literal["coverage", "document"] = "document" if state.coverage == "document" else "coverage"
    record: CoverageRecord | None = state.current
    status = state.status
    if status in (CoverageStatus.ACTIVE, CoverageStatus.APPROVED_NON_COMPLIANT):
        expires = record.expiration_date if record else None
        return ChecklistItem(state.requirement_key, title, kind, "accepted", expires_on=expires)
    if status == CoverageStatus.UNREVIEWED:
        return ChecklistItem(state.requirement_key, title, kind, "in_review")

    def document_of(rec: CoverageRecord | None) -> Document | None:
        if rec is None or not rec.document_id:
            return latest
        if rec.document_id not in documents:
            documents[rec.document_id] = repo.find_document(rec.document_id)
        return documents[rec.document_id]

    send = (
        f"The {title} document itself."
        if kind == "document"
        else "A corrected certificate of insurance (ACORD 25) from your broker."
    )
    if status == CoverageStatus.MISSING:
        problems = ([d.message for d in _deficiencies_for(latest, state)] if kind == "coverage" else []) or [
            f"We have not received {'it' if kind == 'document' else 'this coverage'} yet."
        ]
        found = _deficiencies_for(latest, state) if kind == "coverage" else []
        return ChecklistItem(
            state.requirement_key,
            title,
            kind,
            "missing",
            tuple(problems),
            send,
            tuple(dict.fromkeys(_ENDORSEMENT_CODES[d.code] for d in found if d.code in _ENDORSEMENT_CODES)),
        )
    # Inactive: rejected by the reviewer, or approved coverage that has run out.
    if record is not None and record.decision == ReviewDecisionStatus.REJECTED:
        deficiencies = _deficiencies_for(document_of(record), state) if kind == "coverage" else []
        problems = [d.message for d in deficiencies]
        if record.note:
            problems.insert(0, record.note)
        if not problems:
            problems = ["The reviewer did not accept what was sent; see the notes below."]
        endorsements = tuple(
            dict.fromkeys(_ENDORSEMENT_CODES[d.code] for d in deficiencies if d.code in _ENDORSEMENT_CODES)
        )
        return ChecklistItem(
            state.requirement_key, title, kind, "rejected", tuple(problems), send, endorsements
        )
    ended = record.expiration_date if record else None
    sentence = (
        f"The policy expired on {ended:%m/%d/%Y}; send the renewal." if ended else "The coverage lapsed."
    )
    return ChecklistItem(state.requirement_key, title, kind, "expired", (sentence,), send, expires_on=ended)


def contract_checklist(
    repo: TenantRepository, contract_id: str, group: RequirementGroup, day: date
) -> Checklist:
    """Every requirement of the contract with its status for the vendor, read from the coverage
    history and the automatic check of the certificates behind it."""
    _, records = repo.contract_with_history(contract_id)
    latest = _latest_document(repo, contract_id)
    documents: dict[str, Document | None] = {latest.id: latest} if latest else {}
    states = requirement_states(group, records, day)
    waived = frozenset(s.requirement_key for s in states if s.status == CoverageStatus.WAIVED)
    items = [_item(s, documents, latest, repo) for s in states if s.requirement_key not in waived]
    notes = None
    if latest is not None:
        review = repo.review(latest.id)
        notes = review.notes_to_vendor if review is not None else None
    certificate_problems: tuple[str, ...] = ()
    if latest is not None and latest.extraction_error and not latest.verdict:
        certificate_problems = (
            "We could not read the last file you sent; please send a clear PDF of the certificate.",
        )
    elif latest is not None and latest.verdict is not None:
        certificate_problems = tuple(d.message for d in latest.verdict.deficiencies if d.coverage is None)
    return Checklist(items, notes, certificate_problems, waived)


def problems_for_vendor(
    repo: TenantRepository, group: RequirementGroup, document: Document, day: date
) -> list[str]:
    """The automatic check's sentences on an upload, without those about waived requirements."""
    if document.verdict is None:
        return []
    waived = waived_requirement_keys(group, repo.coverage_records(document.contract_id), day)
    hidden = {c.coverage for c in group.coverages if c.requirement_key in waived}
    # An `other` coverage is hidden only when every `other` requirement of the group is waived.
    if any(c.coverage == "other" and c.requirement_key not in waived for c in group.coverages):
        hidden.discard("other")
    return [
        d.message for d in document.verdict.deficiencies if d.coverage is None or d.coverage not in hidden
    ]
