"""The compliance rules engine: a certificate against a requirement group gives a verdict.

`check_certificate(certificate, requirements, carriers=table, as_of=day) -> Verdict` and
`unreadable_verdict(reason, as_of) -> Verdict` are the public API.
"""

from services.review.rules.engine import (
    InvalidRequirements,
    check_certificate,
    not_a_certificate_verdict,
    unreadable_verdict,
    validate_requirements,
)

__all__ = [
    "InvalidRequirements",
    "check_certificate",
    "not_a_certificate_verdict",
    "unreadable_verdict",
    "validate_requirements",
]
