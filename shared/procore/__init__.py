"""Procore's vocabulary that more than one service speaks: the commitment statuses an import can
filter by (procore_sync applies them; the API's Procore page offers them to staff)."""

from __future__ import annotations

# Procore's commitment statuses (reference: work order and purchase order contracts).
SUBCONTRACT_STATUSES: tuple[str, ...] = (
    "Draft",
    "Out For Bid",
    "Out For Signature",
    "Approved",
    "Complete",
    "Terminated",
    "Void",
)
PURCHASE_ORDER_STATUSES: tuple[str, ...] = (
    "Draft",
    "Processing",
    "Submitted",
    "Partially Received",
    "Received",
    "Approved",
    "Closed",
)
