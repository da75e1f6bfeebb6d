"""The review form read without losing anything: every typed value is kept, each problem is named
beside its field, and approving a requirement that still shows problems needs a ticked confirmation
(recorded in the audit trail with who overrode what)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from shared.workspace import (
    DOCUMENT_PROBLEM_CODES,
    DocumentProblemDecision,
    RequirementDecision,
    ReviewDecisionStatus,
    ReviewInput,
)


@dataclass(frozen=True)
class _Typed:
    """A decision as typed (what `_review_rows` reads from a saved draft)."""

    requirement_key: str
    status: Any
    note: str | None
    policy_number: str | None
    effective_date: date | str | None
    expiration_date: date | str | None
    excluded_officers: list[str]


@dataclass(frozen=True)
class _Status:
    value: str


@dataclass
class ReviewForm:
    decisions: list[_Typed] = field(default_factory=list)
    notes_to_vendor: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    valid: list[RequirementDecision] = field(default_factory=list)
    # Certificate-level problems (insured name, holder): code -> (decision, note) as typed.
    document_typed: dict[str, tuple[str, str]] = field(default_factory=dict)
    document_decisions: list[DocumentProblemDecision] = field(default_factory=list)
    confirm_override: bool = False
    # "Send e-mail to the vendor" (on unless the reviewer unticks it).
    notify_vendor: bool = True

    def review_input(self) -> ReviewInput:
        """The decisions that are valid (all of them once `errors` is empty)."""
        return ReviewInput(
            decisions=self.valid,
            document_decisions=self.document_decisions,
            notes_to_vendor=self.notes_to_vendor,
            notify_vendor=self.notify_vendor,
            confirm_override=self.confirm_override,
        )


def _day(text: str, name: str, errors: dict[str, str]) -> date | str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = "not a date: use YYYY-MM-DD"
        return text


def read_review_form(fields: dict[str, list[str]]) -> ReviewForm:
    def get(name: str) -> str:
        return (fields.get(name) or [""])[0].strip()

    form = ReviewForm(
        notes_to_vendor=get("notes_to_vendor") or None,
        confirm_override=get("confirm_override") == "on",
        # An unticked box sends nothing: the hidden marker tells "unticked" from "not on the form".
        notify_vendor=get("notify_vendor") == "on" if "notify_vendor_shown" in fields else True,
    )
    for code in DOCUMENT_PROBLEM_CODES:
        _read_document_decision(form, code, get(f"docdecision:{code}"), get(f"docnote:{code}"))
    for key in dict.fromkeys(v.strip() for v in fields.get("requirement", [])):
        _read_requirement_decision(form, key, get)
    return form


def _read_document_decision(form: ReviewForm, code: str, chosen: str, reason: str) -> None:
    """One certificate-level problem accepted (with a reason) or rejected; none chosen is skipped."""
    if not chosen:
        return
    form.document_typed[code] = (chosen, reason)
    if chosen == "accepted" and not reason:
        form.errors[f"docnote:{code}"] = "say why the certificate is accepted despite this"
    elif chosen in ("accepted", "rejected"):
        form.document_decisions.append(
            DocumentProblemDecision.model_validate({"code": code, "status": chosen, "note": reason or None})
        )
    else:
        form.errors[f"docdecision:{code}"] = "choose accept or reject"


def _read_requirement_decision(form: ReviewForm, key: str, get: Callable[[str], str]) -> None:
    """One requirement's decision, kept as typed; valid only with the note its status needs and
    dates that are dates, in order."""
    status = get(f"decision:{key}")
    note = get(f"note:{key}") or None
    effective = _day(get(f"effective:{key}"), f"effective:{key}", form.errors)
    expiration = _day(get(f"expiration:{key}"), f"expiration:{key}", form.errors)
    officers = [n.strip() for n in get(f"officers:{key}").split(",") if n.strip()]
    typed = _Typed(key, _Status(status), note, get(f"policy:{key}") or None, effective, expiration, officers)
    if not status:
        return
    form.decisions.append(typed)
    problem = _decision_problem(status, note, effective, expiration)
    if problem is not None:
        field, message = problem
        form.errors[f"{field}:{key}"] = message
        return
    if isinstance(effective, str) or isinstance(expiration, str):
        return  # a date that is not one: already reported
    try:
        form.valid.append(
            RequirementDecision(
                requirement_key=key,
                status=ReviewDecisionStatus(status),
                note=note,
                policy_number=typed.policy_number,
                effective_date=effective,
                expiration_date=expiration,
                excluded_officers=officers,
            )
        )
    except ValidationError as exc:
        form.errors[f"note:{key}"] = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())


def _decision_problem(
    status: str, note: str | None, effective: date | str | None, expiration: date | str | None
) -> tuple[str, str] | None:
    """(the field at fault, what to say) for a decision that cannot stand as typed, else None."""
    if status not in {s.value for s in ReviewDecisionStatus}:
        return "decision", "choose a decision from the list"
    if status == ReviewDecisionStatus.APPROVED_NON_COMPLIANT and not note:
        return "note", "say why it is approved although it does not comply"
    if status == ReviewDecisionStatus.WAIVED and not note:
        return "note", "say why the requirement is waived"
    if isinstance(effective, date) and isinstance(expiration, date) and expiration < effective:
        return "expiration", "expires before it starts"
    return None


def overrides(form: ReviewForm, problems_by_key: dict[str, list[str]]) -> dict[str, list[str]]:
    """Requirements approved as plain Active while the document still shows problems for them."""
    return {
        d.requirement_key: problems_by_key[d.requirement_key]
        for d in form.valid
        if d.status == ReviewDecisionStatus.ACTIVE and problems_by_key.get(d.requirement_key)
    }


def form_field(form: ReviewForm, server_field: str) -> str:
    """The form field a server refusal names: `decisions.2.note` is the note of the third decision
    sent, `decisions[umbrella]` its decision, `document_decisions.CODE` the certificate-level one."""
    parts = server_field.split(".")
    if parts[0] == "document_decisions" and len(parts) == 3 and parts[1].isdigit():
        index = int(parts[1])
        if index < len(form.document_decisions):
            code = form.document_decisions[index].code
            return f"docnote:{code}" if parts[2] == "note" else f"docdecision:{code}"
    if server_field.startswith("document_decisions."):
        return "docdecision:" + server_field.removeprefix("document_decisions.")
    if server_field.startswith("decisions["):
        return "decision:" + server_field.removeprefix("decisions[").removesuffix("]")
    if len(parts) == 3 and parts[0] == "decisions" and parts[1].isdigit() and int(parts[1]) < len(form.valid):
        return f"{parts[2]}:{form.valid[int(parts[1])].requirement_key}"
    return server_field
