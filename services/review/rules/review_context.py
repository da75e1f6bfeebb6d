"""What one check carries through every rule: the certificate, the requirements, the day, the
facts read from the wording, the umbrella layers and the insurer-rating minimum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from services.review.rules import am_best
from services.review.rules.wording import (
    DescriptionFacts,
    EndorsementFacts,
)
from shared.contracts.carriers import Carrier, CarrierTable
from shared.contracts.certificate import Certificate
from shared.contracts.requirements import MinimumAmBest, Requirements


class InvalidRequirements(ValueError):
    """The requirement group cannot be applied (e.g. an unknown AM Best rating)."""


@lru_cache(maxsize=256)
def minimum_for(rating: str | None, size: str | None) -> am_best.Minimum | None:
    try:
        return am_best.minimum_from(MinimumAmBest(rating=rating, size=size))
    except ValueError as error:
        raise InvalidRequirements(f"minimum_am_best: {error}") from error


def validate_requirements(requirements: Requirements) -> None:
    """Raise InvalidRequirements for what the model accepts but the rules cannot apply."""
    if requirements.minimum_am_best is not None:
        minimum_for(requirements.minimum_am_best.rating, requirements.minimum_am_best.size)


@dataclass(slots=True)
class Review:
    certificate: Certificate
    requirements: Requirements
    carriers: CarrierTable
    as_of: date
    description: DescriptionFacts
    endorsements: EndorsementFacts
    layers: dict[str, int]
    minimum: am_best.Minimum | None
    carrier_cache: dict[str | None, tuple[str | None, Carrier | None]]
