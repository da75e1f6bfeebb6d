"""Checks on a reviewer's decisions before they are stored: every decision names a requirement of
the contract, problems with the certificate as a whole are decided first, and overriding a
failed rule says why."""

from __future__ import annotations

from typing import Any

from shared.workspace.entities import (
    DOCUMENT_PROBLEM_CODES,
    Document,
    RequirementGroup,
    ReviewDecisionStatus,
    ReviewInput,
)
from shared.workspace.errors import InvalidInput


def check_decisions(group: RequirementGroup, review: ReviewInput) -> None:
    known = set(group.requirement_keys())
    unknown = {
        f"decisions.{i}.requirement_key": "not a requirement of this contract"
        for i, d in enumerate(review.decisions)
        if d.requirement_key not in known
    }
    if unknown:
        raise InvalidInput("decisions name requirements this contract does not have", unknown)


_PROBLEM_WORDS = {
    "INSURED_NAME_MISMATCH": "insured name",
    "CERTIFICATE_HOLDER_MISMATCH": "certificate holder",
}


def open_document_problems(document: Document) -> dict[str, str]:
    """The certificate-level problems the automatic check found: code -> its sentence."""
    found = document.verdict.deficiencies if document.verdict else []
    return {str(d.code): d.message for d in found if str(d.code) in DOCUMENT_PROBLEM_CODES}


def check_document_problems(document: Document, data: ReviewInput) -> None:
    """No policy on a certificate is approved while its insured name or holder problem is
    undecided or rejected: a certificate naming another company cannot make a contract compliant."""
    if not any(d.status in APPROVED_DECISIONS for d in data.decisions):
        return
    decided: dict[str, Any] = {d.code: d for d in data.document_decisions}
    fields: dict[str, str] = {}
    for code in open_document_problems(document):
        decision = decided.get(code)
        if decision is None:
            fields[f"document_decisions.{code}"] = "accept it with a note, or reject the certificate"
        elif decision.status == "rejected":
            fields[f"document_decisions.{code}"] = "rejected: no policy on this certificate can be approved"
    if fields:
        names = " and ".join(_PROBLEM_WORDS[k.split(".")[1]] for k in fields)
        raise InvalidInput(f"decide the certificate's {names} before approving a policy on it", fields)


def problems_by_requirement(document: Document, group: RequirementGroup) -> dict[str, list[str]]:
    """The automatic check's open problems per requirement of the group (what approving as plain
    Active overrides)."""
    found = document.verdict.deficiencies if document.verdict else []
    return {
        spec.requirement_key: [d.message for d in found if d.coverage == spec.coverage]
        for spec in group.coverages
    }


def check_overrides(document: Document, group: RequirementGroup, data: ReviewInput) -> dict[str, list[str]]:
    """Requirements approved as plain Active over open problems; refused unless confirmed."""
    problems = problems_by_requirement(document, group)
    overridden = {
        d.requirement_key: problems[d.requirement_key]
        for d in data.decisions
        if d.status == ReviewDecisionStatus.ACTIVE and problems.get(d.requirement_key)
    }
    if overridden and not data.confirm_override:
        raise InvalidInput(
            "approving over open problems needs your confirmation",
            {"confirm_override": "approving over open problems needs your confirmation"}
            | {f"decisions[{key}]": "; ".join(found) for key, found in overridden.items()},
        )
    return overridden


APPROVED_DECISIONS = (ReviewDecisionStatus.ACTIVE, ReviewDecisionStatus.APPROVED_NON_COMPLIANT)


def check_decided_and_explained(
    document: Document, group: RequirementGroup, data: ReviewInput, *, shown: set[str]
) -> None:
    """Every requirement the document shows is decided, and every waive or reject says why (a
    reject may lean on the automatic check's problem or the notes to the vendor)."""
    decided = {d.requirement_key for d in data.decisions}
    undecided = sorted(shown - decided)
    if undecided:
        raise InvalidInput(
            "decide every requirement this document shows",
            {f"decisions[{key}]": "a decision is required" for key in undecided},
        )
    if not data.decisions:
        raise InvalidInput("a review needs at least one decision", {"decisions": "required"})
    found = problems_by_requirement(document, group)
    unexplained: dict[str, str] = {}
    for i, d in enumerate(data.decisions):
        if (d.note or "").strip():
            continue
        if d.status == ReviewDecisionStatus.WAIVED:
            unexplained[f"decisions.{i}.note"] = "a note is required to waive a requirement"
        elif d.status == ReviewDecisionStatus.REJECTED and not (
            found.get(d.requirement_key) or (data.notes_to_vendor or "").strip()
        ):
            # The vendor must learn what to fix: the automatic check's problem or the reviewer's words.
            unexplained[f"decisions.{i}.note"] = (
                "say why it is rejected (the automatic check found no problem)"
            )
    if unexplained:
        raise InvalidInput("say why each waived or rejected requirement is decided so", unexplained)
