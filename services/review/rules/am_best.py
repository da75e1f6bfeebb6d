"""AM Best minimums: rating A++ (best) .. S, size category I (smallest) .. XV."""

from __future__ import annotations

from dataclasses import dataclass

from shared.contracts.carriers import (
    Carrier,
    parse_am_best_rating,
    parse_am_best_size,
    rating_rank,
    size_rank,
)
from shared.contracts.requirements import MinimumAmBest


@dataclass(frozen=True, slots=True)
class Minimum:
    rating: str | None
    size: str | None

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.rating, self.size) if part)


def minimum_from(requirement: MinimumAmBest | None) -> Minimum | None:
    """The canonical minimum, or None when nothing is required. Raises ValueError when unreadable."""
    if requirement is None:
        return None
    rating = parse_am_best_rating(requirement.rating)
    size = parse_am_best_size(requirement.size)
    if rating is None and size is None:
        return None
    return Minimum(rating, size)


def describe(carrier: Carrier) -> str:
    return " ".join(part for part in (carrier.am_best_rating, carrier.am_best_size) if part) or "not rated"


def is_rated_for(carrier: Carrier, minimum: Minimum) -> bool:
    """Whether the table knows every part of the rating the minimum asks about."""
    if minimum.rating is not None and carrier.am_best_rating is None:
        return False
    return not (minimum.size is not None and carrier.am_best_size is None)


def meets(carrier: Carrier, minimum: Minimum) -> bool:
    """Rating at least as good AND size at least as large (call only when `is_rated_for`)."""
    rating, size = carrier.am_best_rating, carrier.am_best_size
    if (
        minimum.rating is not None
        and rating is not None
        and rating_rank(rating) > rating_rank(minimum.rating)
    ):
        return False
    return not (minimum.size is not None and size is not None and size_rank(size) < size_rank(minimum.size))
