"""Building verdicts and deficiencies from values already of the contract's types.

The hot path of the rules engine: no second round of pydantic validation (see `built`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel

from services.review.rules import messages
from shared.contracts.verdict import VERDICT_SCHEMA, CoverageVerdict, Deficiency, DeficiencyCode, Verdict

Code = DeficiencyCode

_Model = TypeVar("_Model", bound=BaseModel)


def built(model: type[_Model], values: dict[str, Any], extra: dict[str, Any] | None = None) -> _Model:
    """An instance from values already of the contract's types, without validation.

    What `model_construct` does minus its per-field default and alias handling, which these
    contract models do not need here (every field is passed). The property tests re-validate
    every verdict built this way against the models.
    """
    instance = _new_object(model)
    _set_attribute(instance, "__dict__", values)
    _set_attribute(instance, "__pydantic_fields_set__", set(values))
    _set_attribute(instance, "__pydantic_extra__", extra if extra is not None else {})
    _set_attribute(instance, "__pydantic_private__", None)
    return instance


_new_object = object.__new__
_set_attribute = object.__setattr__


def deficiency(  # noqa: PLR0913, PLR0917 - one call shape for twenty codes reads best positionally
    code: Code,
    coverage: str | None,
    field: str | None,
    required: object,
    found: object,
    message: str,
    **extra: object,
) -> Deficiency:
    # `code` is stored as its string value, as the validated model (use_enum_values) stores it.
    values: dict[str, Any] = {
        "code": code.value,
        "coverage": coverage,
        "field": field,
        "required": required,
        "found": found,
        "message": message,
    }
    return built(Deficiency, values, dict(extra) if extra else None)


def verdict(as_of: date, coverages: list[CoverageVerdict], deficiencies: list[Deficiency]) -> Verdict:
    values: dict[str, Any] = {
        "schema_": VERDICT_SCHEMA,
        "compliant": not deficiencies,
        "as_of": as_of,
        "coverages": coverages,
        "deficiencies": deficiencies,
    }
    return built(Verdict, values)


def unreadable_verdict(reason: str, as_of: date) -> Verdict:
    """The verdict for a document nobody could read: UNREADABLE and nothing else."""
    return verdict(
        as_of, [], [deficiency(Code.UNREADABLE, None, None, None, None, messages.unreadable(reason))]
    )


def not_a_certificate_verdict(as_of: date) -> Verdict:
    return verdict(
        as_of, [], [deficiency(Code.NOT_A_CERTIFICATE, None, None, None, None, messages.not_a_certificate())]
    )
