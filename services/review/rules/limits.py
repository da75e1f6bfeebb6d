"""Limit lookup and umbrella/excess stacking.

Stacking rule (issue 4, contract section 4): when `allow_umbrella_to_satisfy_limits` is true, an
umbrella or excess policy that is itself in force on `as_of` makes up a shortfall in exactly:

- general liability `each_occurrence` (from the umbrella's `each_occurrence`),
- general liability `general_aggregate` (from the umbrella's `aggregate`),
- auto liability `combined_single_limit` (from the umbrella's `each_occurrence`).

Decisions, all on the conservative side (a reviewer can approve, a missed gap cannot be undone):

- Products-completed operations aggregate, employers' liability and split auto limits are not
  made up: the contract names only the keys above.
- Several umbrella/excess rows: the single largest amount counts, never a sum. A certificate does
  not show attachment points, so two rows may be a tower or the same layer printed twice.
- An underlying limit that is not printed is not made up (the umbrella sits on top of an
  unknown amount); the requirement's key is reported "not shown".
- An umbrella whose own requirement is deficient or waived still stacks if it is in force; an
  expired or not-yet-effective one never does; unknown dates are not held against it (as for any
  policy: only a printed date can expire a policy).
- `retention` and `deductible` in a requirement are maxima, not minima.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from shared.contracts.certificate import LIMIT_KEYS, Policy

UMBRELLA_KINDS = ("umbrella", "excess")
STACKABLE: dict[tuple[str, str], str] = {
    ("general_liability", "each_occurrence"): "each_occurrence",
    ("general_liability", "general_aggregate"): "aggregate",
    ("auto_liability", "combined_single_limit"): "each_occurrence",
}
MAXIMUM_KEYS = frozenset({"retention", "deductible"})

# `other` coverages print free keys taken from their label; these name the same limit.
_OTHER_ALIASES: tuple[frozenset[str], ...] = (
    frozenset({"each_claim", "each_occurrence", "per_claim", "per_occurrence", "each_incident", "each_loss",
               "per_loss", "occurrence", "claim", "each_claim_occurrence", "each_occurrence_claim", "limit",
               "each_pollution_condition", "per_pollution_condition", "each_condition"}),
    frozenset({"aggregate", "general_aggregate", "annual_aggregate", "policy_aggregate", "total_aggregate"}),
)  # fmt: skip


def in_force(policy: Policy, as_of: date) -> bool:
    if policy.expiration_date is not None and policy.expiration_date < as_of:
        return False
    return not (policy.effective_date is not None and policy.effective_date > as_of)


def printed_limit(policy: Policy, coverage: str, key: str) -> int | None:
    limits = policy.limits
    found = limits.get(key)
    if found is not None or coverage != "other":
        return found
    for aliases in _OTHER_ALIASES:
        if key in aliases:
            best = [limits[alias] for alias in aliases if limits.get(alias) is not None]
            return max(best) if best else None
    return None


def umbrella_layers(policies: Iterable[Policy], as_of: date) -> dict[str, int]:
    """The largest in-force umbrella/excess amount per umbrella key (`each_occurrence`, `aggregate`)."""
    layers: dict[str, int] = {}
    for policy in policies:
        if policy.coverage not in UMBRELLA_KINDS or not in_force(policy, as_of):
            continue
        for key in ("each_occurrence", "aggregate"):
            amount = policy.limits.get(key)
            if amount is not None and amount > layers.get(key, 0):
                layers[key] = amount
    return layers


def ordered_limit_keys(coverage: str, limits: dict[str, int]) -> tuple[str, ...]:
    """The contract's key order for the coverage, then any other keys alphabetically."""
    return _ordered_keys(coverage, tuple(limits))


@lru_cache(maxsize=512)
def _ordered_keys(coverage: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    known = LIMIT_KEYS.get(coverage, ())
    return tuple(key for key in known if key in keys) + tuple(sorted(key for key in keys if key not in known))
