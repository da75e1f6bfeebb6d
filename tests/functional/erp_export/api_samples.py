"""Sample requests for the ERP routes (merged into tests/functional/api/api_samples.py)."""

from __future__ import annotations

from typing import Any

ERP_SAMPLES: dict[tuple[str, str], Any] = {
    ("GET", "/api/erp/settings"): None,
    ("PUT", "/api/erp/settings"): {"erps": ["sage300cre", "vista"], "schedule": "nightly"},
    ("GET", "/api/erp/codes"): None,
    ("PUT", "/api/erp/codes"): {"erp": "vista", "kind": "vendor", "id": "{vendor_id}", "code": "4021"},
    ("POST", "/api/erp/vendor-matches"): {"erp": "vista", "csv": "Vendor,Name\n4021,Rivera Concrete LLC\n"},
    ("POST", "/api/erp/vendor-matches/confirm"): {"erp": "vista", "matches": []},
    ("GET", "/api/erp/exports"): None,
    ("POST", "/api/erp/exports"): {"erp": "vista"},
    ("POST", "/api/erp/exports/retry"): {"export_id": "{export_id}"},
}

ERP_ADMIN_ONLY = {
    ("GET", "/api/erp/settings"),
    ("PUT", "/api/erp/settings"),
    ("GET", "/api/erp/codes"),
    ("PUT", "/api/erp/codes"),
    ("POST", "/api/erp/vendor-matches"),
    ("POST", "/api/erp/vendor-matches/confirm"),
}
