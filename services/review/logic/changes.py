"""What changed from the certificate a vendor sent before to the one that replaces it.

`compare_certificates(previous, current, carriers=table) -> Changes` is pure: no I/O, no clock.
Every certificate is checked against the requirements on its own; this catches what that misses
when a renewal is still "compliant" but weaker than what it replaces (a lower-rated carrier, a
scheduled additional-insured endorsement become blanket, a per-project aggregate become per-policy).

Policies are paired by coverage (an `other` coverage also by its printed label); with several
policies of one coverage on a certificate the one running longest is the one compared, as the
workspace does when it records coverage.
"""

from __future__ import annotations

import re
from datetime import date

from services.review.rules.messages import coverage_name, limit_name, long_date, money
from services.review.rules.wording import (
    AI_FORMS_WITH_SCHEDULE,
    DescriptionFacts,
    EndorsementFacts,
    normalise_form,
    read_description,
    read_endorsements,
)
from shared.contracts.carriers import Carrier, CarrierTable, normalise_naic, rating_rank, size_rank
from shared.contracts.certificate import Certificate, CoverageKind, Insurer, Policy
from shared.contracts.changes import Change, ChangeCode, Changes, ChangeValue, Severity
from shared.contracts.names import normalise_name

# Blanket additional-insured forms: "where required by written contract", nobody named.
BLANKET_AI_FORMS = frozenset({"CG 20 38", "CG 20 33", "CG 20 39", "CA 20 28"})
# Scheduled forms that name an additional insured in a schedule (CG 20 37 names one too, but it
# is the completed-operations companion: its loss is an ENDORSEMENT_DROPPED of its own).
SCHEDULED_AI_FORMS = frozenset({"CG 20 10", "CG 20 26", "CA 20 48"})
# Retentions and deductibles are what the insured pays first: lower is better, so not "limits".
_NOT_LIMITS = frozenset({"retention", "deductible"})
# Per project is the narrowest aggregate a GC can get; per policy is shared by every job.
_AGGREGATE_WIDTH = {"project": 0, "location": 1, "policy": 2}
_FORM_COVERAGE: dict[str, CoverageKind] = {
    "CG": "general_liability",
    "CA": "auto_liability",
    "WC": "workers_comp",
}
_POLICY_NUMBER_NOISE = re.compile(r"[\s\-./]+")


def compare_certificates(
    previous: Certificate, current: Certificate, *, carriers: CarrierTable | None = None
) -> Changes:
    """The changes from `previous` to `current`, policy by policy, then document-wide forms."""
    table = carriers if carriers is not None else CarrierTable()
    changes: list[Change] = []
    now_policies = _policies_by_key(current)
    for key, before in _policies_by_key(previous).items():
        after = now_policies.get(key)
        if after is None:
            changes.append(_dropped(before))
            continue
        changes += _carrier_changes(previous, before, current, after, table)
        changes += _limit_changes(before, after)
        changes += _flag_changes(before, after)
        changes += _term_changes(before, after)
    changes += _form_changes(previous, current)
    return Changes(changes=changes)


# -- pairing ------------------------------------------------------------------------------------------


def _policy_key(policy: Policy) -> str:
    if policy.coverage == "other":
        return f"other:{normalise_name(policy.label or '') or (policy.label or '').strip().lower()}"
    return policy.coverage


def _policies_by_key(certificate: Certificate) -> dict[str, Policy]:
    chosen: dict[str, Policy] = {}
    for policy in certificate.policies:
        key = _policy_key(policy)
        held = chosen.get(key)
        if held is None or (policy.expiration_date or date.min) > (held.expiration_date or date.min):
            chosen[key] = policy
    return chosen


def _change(  # noqa: PLR0913  one constructor shape for every change code
    code: ChangeCode,
    policy: Policy | None,
    field: str | None,
    values: tuple[ChangeValue, ChangeValue],
    message: str,
    *,
    severity: Severity = "warning",
) -> Change:
    return Change(
        code=code,
        coverage=policy.coverage if policy else None,
        label=policy.label if policy and policy.coverage == "other" else None,
        field=field,
        previous=values[0],
        current=values[1],
        severity=severity,
        message=message,
    )


def _name(policy: Policy) -> str:
    return coverage_name(policy.coverage, policy.label)


# -- per policy -----------------------------------------------------------------------------------------


def _dropped(before: Policy) -> Change:
    number = f" ({before.policy_number})" if before.policy_number else ""
    return _change(
        ChangeCode.COVERAGE_DROPPED,
        before,
        None,
        (before.policy_number, None),
        f"The previous certificate showed {_name(before)} coverage{number}; the new one shows none.",
    )


def _same_insurer(old: Insurer | None, new: Insurer | None) -> bool:
    if old is None or new is None:
        return True  # nothing to compare: an unread insurer row is not a change of carrier
    old_naic, new_naic = normalise_naic(old.naic), normalise_naic(new.naic)
    if old_naic and new_naic:
        return old_naic == new_naic
    if old.name and new.name:
        return normalise_name(old.name) == normalise_name(new.name)
    return True


def _rating_text(carrier: Carrier | None) -> str:
    if carrier is None:
        return "not in the carrier table"
    parts = [part for part in (carrier.am_best_rating, carrier.am_best_size) if part]
    return f"rated {' '.join(parts)}" if parts else "not rated"


def _rated_lower(old: Carrier | None, new: Carrier | None) -> bool:
    if old is None or new is None:
        return False
    if (
        old.am_best_rating
        and new.am_best_rating
        and rating_rank(new.am_best_rating) > rating_rank(old.am_best_rating)
    ):
        return True
    return bool(
        old.am_best_size and new.am_best_size and size_rank(new.am_best_size) < size_rank(old.am_best_size)
    )


def _carrier_changes(
    previous: Certificate, before: Policy, current: Certificate, after: Policy, table: CarrierTable
) -> list[Change]:
    old, new = previous.insurer(before.insurer_letter), current.insurer(after.insurer_letter)
    if old is None or new is None:
        return []
    old_carrier = table.lookup(old.naic, old.name)
    new_carrier = table.lookup(new.naic, new.name)
    changed = not _same_insurer(old, new)
    lower = _rated_lower(old_carrier, new_carrier)
    if not changed and not lower:
        return []
    old_name, new_name = old.name or f"NAIC {old.naic}", new.name or f"NAIC {new.naic}"
    sentence = (
        f"The new {_name(after)} policy is written by {new_name}, {_rating_text(new_carrier)}; "
        f"the previous one by {old_name}, {_rating_text(old_carrier)}."
    )
    changes = []
    if changed:
        changes.append(
            _change(
                ChangeCode.CARRIER_CHANGED, after, "insurer", (old.name, new.name), sentence, severity="info"
            )
        )
    if lower:
        assert old_carrier is not None
        assert new_carrier is not None
        changes.append(
            _change(
                ChangeCode.CARRIER_RATING_LOWER,
                after,
                "insurer",
                (_rating_value(old_carrier), _rating_value(new_carrier)),
                sentence,
            )
        )
    return changes


def _rating_value(carrier: Carrier) -> str | None:
    return " ".join(part for part in (carrier.am_best_rating, carrier.am_best_size) if part) or None


def _limit_changes(before: Policy, after: Policy) -> list[Change]:
    changes = []
    for key, old in before.limits.items():
        if key in _NOT_LIMITS:
            continue
        new = after.limits.get(key)
        if new is not None and new >= old:
            continue
        shown = money(new) if new is not None else "not shown"
        changes.append(
            _change(
                ChangeCode.LIMIT_REDUCED,
                after,
                key,
                (old, new),
                f"The {_name(after)} {limit_name(key)} limit is {shown} on the new certificate; "
                f"it was {money(old)}.",
            )
        )
    return changes


def _flag_changes(before: Policy, after: Policy) -> list[Change]:
    changes = []
    name = _name(after)
    if before.additional_insured is True and after.additional_insured is not True:
        changes.append(
            _change(
                ChangeCode.ADDITIONAL_INSURED_DROPPED,
                after,
                "additional_insured",
                (True, after.additional_insured),
                f"The previous {name} policy was marked additional insured; the new one is not.",
            )
        )
    if before.subrogation_waived is True and after.subrogation_waived is not True:
        changes.append(
            _change(
                ChangeCode.SUBROGATION_WAIVER_DROPPED,
                after,
                "subrogation_waived",
                (True, after.subrogation_waived),
                f"The previous {name} policy was marked with a waiver of subrogation; the new one is not.",
            )
        )
    if before.claims_made is False and after.claims_made is True:
        changes.append(
            _change(
                ChangeCode.OCCURRENCE_TO_CLAIMS_MADE,
                after,
                "claims_made",
                (False, True),
                f"The {name} policy was written on an occurrence basis; the new one is claims-made.",
            )
        )
    old_basis, new_basis = before.aggregate_applies_per, after.aggregate_applies_per
    if old_basis and new_basis and _AGGREGATE_WIDTH[new_basis] > _AGGREGATE_WIDTH[old_basis]:
        changes.append(
            _change(
                ChangeCode.AGGREGATE_BASIS_WIDER,
                after,
                "aggregate_applies_per",
                (old_basis, new_basis),
                f"The {name} aggregate applied per {old_basis}; on the new certificate it applies per "
                f"{new_basis}, shared with the subcontractor's other work.",
            )
        )
    return changes


def _same_number(old: str, new: str) -> bool:
    return _POLICY_NUMBER_NOISE.sub("", old).upper() == _POLICY_NUMBER_NOISE.sub("", new).upper()


def _term_changes(before: Policy, after: Policy) -> list[Change]:
    changes = []
    name = _name(after)
    old_end, new_start = before.expiration_date, after.effective_date
    if (
        before.policy_number
        and after.policy_number
        and not _same_number(before.policy_number, after.policy_number)
        and old_end is not None
        and new_start is not None
        and new_start < old_end
        and (before.effective_date is None or new_start > before.effective_date)
    ):
        changes.append(
            _change(
                ChangeCode.POLICY_NUMBER_CHANGED_MIDTERM,
                after,
                "policy_number",
                (before.policy_number, after.policy_number),
                f"The {name} policy {before.policy_number} ran to {long_date(old_end)}, but the new "
                f"certificate shows policy {after.policy_number} from {long_date(new_start)}: "
                "the old policy may have been cancelled or rewritten.",
            )
        )
    if old_end is not None and new_start is not None and new_start > old_end:
        days = (new_start - old_end).days
        changes.append(
            _change(
                ChangeCode.COVERAGE_GAP,
                after,
                "effective_date",
                (old_end, new_start),
                f"The previous {name} policy expired on {long_date(old_end)} and the new one starts on "
                f"{long_date(new_start)}: {days} {'day' if days == 1 else 'days'} without coverage.",
            )
        )
    return changes


# -- forms and additional-insured wording -------------------------------------------------------------


def _facts(certificate: Certificate) -> tuple[DescriptionFacts, EndorsementFacts]:
    description = read_description(certificate.description_of_operations)
    return description, read_endorsements(certificate, description)


def _holder_named(certificate: Certificate, description: DescriptionFacts, holder: str | None) -> bool:
    return description.certificate_holder_is_additional_insured or bool(holder and description.names(holder))


def _scheduled(
    certificate: Certificate, description: DescriptionFacts, forms: EndorsementFacts, holder: str | None
) -> bool:
    """The holder is an additional insured by name: a scheduled form attached with a schedule, or cited
    beside wording that names the holder without the blanket "where required by contract" reservation."""
    if forms.scheduled_names or forms.any_attached(SCHEDULED_AI_FORMS):
        return True
    if description.blanket_additional_insured:
        return False
    return forms.any_of(SCHEDULED_AI_FORMS) or _holder_named(certificate, description, holder)


def _blanket(description: DescriptionFacts, forms: EndorsementFacts) -> bool:
    return description.blanket_additional_insured or forms.any_of(BLANKET_AI_FORMS)


def _form_changes(previous: Certificate, current: Certificate) -> list[Change]:
    holder = current.certificate_holder.name or previous.certificate_holder.name
    old_description, old_forms = _facts(previous)
    new_description, new_forms = _facts(current)
    changes: list[Change] = []
    to_blanket = _scheduled(previous, old_description, old_forms, holder) and (
        _blanket(new_description, new_forms) and not _scheduled(current, new_description, new_forms, holder)
    )
    if to_blanket:
        general = next((p for p in current.policies if p.coverage == "general_liability"), None)
        changes.append(
            _change(
                ChangeCode.AI_SCHEDULED_TO_BLANKET,
                general,
                "additional_insured",
                ("scheduled", "blanket"),
                f"The previous certificate named {holder or 'the certificate holder'} as additional "
                "insured; the new one only has blanket wording that applies where required by a written "
                "contract, so coverage now depends on the subcontract's wording.",
            )
        )
    explained = AI_FORMS_WITH_SCHEDULE if to_blanket else frozenset()
    for form in sorted(old_forms.in_evidence - new_forms.in_evidence):
        if form in explained:
            continue
        edition = _edition_of(previous, form)
        changes.append(
            Change(
                code=ChangeCode.ENDORSEMENT_DROPPED,
                coverage=_FORM_COVERAGE.get(form[:2]),
                field="endorsements",
                previous=form,
                current=None,
                severity="warning",
                message=f"Endorsement {form}{edition} was cited or attached on the previous certificate "
                "and is gone from the new one.",
            )
        )
    return changes


def _edition_of(certificate: Certificate, form: str) -> str:
    for endorsement in certificate.endorsements:
        if normalise_form(endorsement.form) == form and endorsement.edition:
            return f" ({endorsement.edition})"
    return ""
