"""Versioned event contracts and their envelope. This package imports no service."""

from shared.events.catalog import (
    EVENT_TYPES,
    CertificateExtracted,
    CertificateReviewed,
    ComplianceChanged,
    ContractChanged,
    ContractNoteAdded,
    CoverageSnapshot,
    DocumentsRequested,
    ErpDeliveryRetryRequested,
    ErpExportRequested,
    ProjectStatusChanged,
    ReviewCompleted,
)
from shared.events.envelope import Envelope, EventMetadata, EventPayload

__all__ = [
    "EVENT_TYPES",
    "CertificateExtracted",
    "CertificateReviewed",
    "ComplianceChanged",
    "ContractChanged",
    "ContractNoteAdded",
    "CoverageSnapshot",
    "DocumentsRequested",
    "Envelope",
    "ErpDeliveryRetryRequested",
    "ErpExportRequested",
    "EventMetadata",
    "EventPayload",
    "ProjectStatusChanged",
    "ReviewCompleted",
]
