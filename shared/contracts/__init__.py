"""Public contracts: the JSON shapes that leave the system (certificate, requirements, verdict)."""

from shared.contracts.certificate import (
    CERTIFICATE_SCHEMA,
    COVERAGE_KINDS,
    LIMIT_KEYS,
    Certificate,
    CoverageKind,
    DocumentInfo,
    Endorsement,
    Insurer,
    Party,
    Policy,
    Producer,
)
from shared.contracts.requirements import (
    REQUIREMENTS_SCHEMA,
    CoverageRequirement,
    MinimumAmBest,
    Requirements,
)
from shared.contracts.verdict import (
    DOCUMENT_LEVEL_CODES,
    VERDICT_SCHEMA,
    CoverageVerdict,
    Deficiency,
    DeficiencyCode,
    Verdict,
)

__all__ = [
    "CERTIFICATE_SCHEMA",
    "COVERAGE_KINDS",
    "DOCUMENT_LEVEL_CODES",
    "LIMIT_KEYS",
    "REQUIREMENTS_SCHEMA",
    "VERDICT_SCHEMA",
    "Certificate",
    "CoverageKind",
    "CoverageRequirement",
    "CoverageVerdict",
    "Deficiency",
    "DeficiencyCode",
    "DocumentInfo",
    "Endorsement",
    "Insurer",
    "MinimumAmBest",
    "Party",
    "Policy",
    "Producer",
    "Requirements",
    "Verdict",
]
