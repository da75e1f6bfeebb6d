"""Sample requests for the Procore integration routes (merged into the API's route-table samples)."""

from __future__ import annotations

from typing import Any

PROCORE_SAMPLES: dict[tuple[str, str], Any] = {
    ("GET", "/api/integrations/procore"): None,
    ("DELETE", "/api/integrations/procore"): None,
    ("POST", "/api/integrations/procore/authorize"): None,
    ("POST", "/api/integrations/procore/service-account"): None,
    ("PUT", "/api/integrations/procore/company"): {"company_id": 1001},
    ("GET", "/api/integrations/procore/projects"): None,
    ("POST", "/api/integrations/procore/imports"): {
        "procore_project_id": 11,
        "method": "subcontract",
        "statuses": ["Approved"],
    },
    ("GET", "/api/projects/{project_id}/procore"): None,
    ("PUT", "/api/projects/{project_id}/procore"): {"method": "purchase_order", "statuses": ["Approved"]},
    ("GET", "/api/projects/{project_id}/procore/sync-log"): None,
}

PROCORE_ADMIN_ONLY = {
    ("DELETE", "/api/integrations/procore"),
    ("POST", "/api/integrations/procore/authorize"),
    ("POST", "/api/integrations/procore/service-account"),
    ("PUT", "/api/integrations/procore/company"),
}
