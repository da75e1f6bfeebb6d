"""A valid request for every API route, so route-table tests (isolation, roles, success) can
call each one; a test fails when a route has no sample here."""

from __future__ import annotations

from typing import Any

from tests.functional.erp_export.api_samples import ERP_ADMIN_ONLY, ERP_SAMPLES
from tests.functional.procore_sync.api_samples import PROCORE_ADMIN_ONLY, PROCORE_SAMPLES

GROUP_BODY = {
    "name": "Default + Pollution",
    "coverages": [
        {"coverage": "general_liability", "limits": {"each_occurrence": 1000000}, "additional_insured": True},
        {"coverage": "other", "label": "Pollution Liability", "limits": {"each_claim": 1000000}},
    ],
    "minimum_am_best": {"rating": "A-", "size": "VII"},
    "required_documents": [{"key": "w9", "name": "W-9"}],
}

# (method, path) -> body (None for no body). Paths use the placeholders the routes use.
SAMPLES: dict[tuple[str, str], Any] = {
    ("GET", "/api/health"): None,
    ("GET", "/api/openapi.json"): None,
    ("POST", "/api/auth/token"): {"email": "admin@summit.example"},
    ("GET", "/api/me"): None,
    ("GET", "/api/tenant"): None,
    ("PATCH", "/api/tenant"): {"sender_name": "Summit Compliance"},
    ("GET", "/api/users"): None,
    ("POST", "/api/users"): {"email": "new.user@summit.example", "name": "New User", "role": "standard"},
    ("PATCH", "/api/users/{user_id}"): {"name": "Sam S. Standard"},
    ("GET", "/api/legal-entities"): None,
    ("POST", "/api/legal-entities"): {"name": "Summit Builders of NH LLC"},
    ("PUT", "/api/legal-entities/{entity_id}"): {"name": "Summit Builders of Massachusetts LLC"},
    ("GET", "/api/reviewer-grants"): None,
    ("POST", "/api/reviewer-grants"): {"email": "reviewer@partners.example"},
    ("DELETE", "/api/reviewer-grants/{user_id}"): None,
    ("GET", "/api/projects"): None,
    ("POST", "/api/projects"): {"number": "3001", "name": "Cedar Lofts"},
    ("GET", "/api/projects/{project_id}"): None,
    ("PATCH", "/api/projects/{project_id}"): {"address": "100 Harbor Way, Boston, MA"},
    ("POST", "/api/projects/{project_id}/status"): {"status": "active"},
    ("GET", "/api/projects/{project_id}/go-live"): None,
    ("POST", "/api/projects/{project_id}/go-live"): None,
    ("GET", "/api/projects/{project_id}/contracts"): None,
    ("POST", "/api/projects/{project_id}/contracts"): {"vendor": {"name": "Ace Electric Inc"}},
    ("GET", "/api/projects/{project_id}/requirement-groups"): None,
    ("GET", "/api/projects/{project_id}/excluded-officers"): None,
    ("POST", "/api/projects/{project_id}/sample-documents/uploads"): {"content_type": "application/pdf"},
    ("POST", "/api/projects/{project_id}/sample-documents"): {
        "title": "Sample endorsement",
        "key": "samples/{tenant_id}/{project_id}/" + "6" * 32 + ".pdf",
        "content_type": "application/pdf",
    },
    ("DELETE", "/api/projects/{project_id}/sample-documents/{sample_id}"): None,
    ("GET", "/api/requirement-groups"): None,
    ("POST", "/api/requirement-groups"): GROUP_BODY,
    ("GET", "/api/requirement-groups/{group_id}"): None,
    ("PUT", "/api/requirement-groups/{group_id}"): GROUP_BODY,
    ("POST", "/api/requirement-groups/{group_id}/copy"): {"name": "Default + Pollution"},
    ("GET", "/api/contracts"): None,
    ("GET", "/api/contracts/{contract_id}"): None,
    ("GET", "/api/contracts/{contract_id}/timeline"): None,
    ("PATCH", "/api/contracts/{contract_id}"): {"contact": {"name": "Rosa", "email": "rosa@rivera.example"}},
    ("DELETE", "/api/contracts/{contract_id}"): None,
    ("GET", "/api/contracts/{contract_id}/portal-link"): None,
    ("POST", "/api/contracts/{contract_id}/portal-link"): None,
    ("DELETE", "/api/contracts/{contract_id}/portal-link"): None,
    ("GET", "/api/contracts/{contract_id}/documents"): None,
    ("POST", "/api/contracts/{contract_id}/uploads"): {"content_type": "image/png"},
    ("GET", "/api/contracts/{contract_id}/notes"): None,
    ("POST", "/api/contracts/{contract_id}/notes"): {"text": "Broker promised the renewal by Friday."},
    ("POST", "/api/contracts/{contract_id}/waivers"): {"requirement_key": "umbrella", "note": "Small scope"},
    ("DELETE", "/api/contracts/{contract_id}/waivers/{requirement_key}"): None,
    ("POST", "/api/contracts/{contract_id}/request-documents"): {"message": "Please send the W-9."},
    ("GET", "/api/contracts/{contract_id}/audit"): None,
    ("GET", "/api/review-queue"): None,
    ("GET", "/api/review-queue/all"): None,
    ("GET", "/api/documents/{document_id}"): None,
    ("GET", "/api/documents/{document_id}/download"): None,
    ("GET", "/api/documents/{document_id}/review"): None,
    ("PUT", "/api/documents/{document_id}/review"): {
        "decisions": [{"requirement_key": "general_liability", "status": "active"}]
    },
    ("POST", "/api/documents/{document_id}/review/done"): {
        "decisions": [
            {"requirement_key": key, "status": "active"}
            for key in ("general_liability", "auto_liability", "umbrella", "workers_comp")
        ]
    },
    ("GET", "/api/coverages/summary"): None,
    ("GET", "/api/coverages"): None,
    ("GET", "/api/vendors"): None,
    ("GET", "/api/vendors/{vendor_id}"): None,
    ("PUT", "/api/vendors/{vendor_id}"): {"name": "Rivera Concrete LLC", "code": "V-1001"},
    ("GET", "/api/exports/coverages.csv"): None,
    ("GET", "/api/exports/vendors.csv"): None,
    ("GET", "/api/do-not-pay"): None,
    ("GET", "/api/audit"): None,
    ("GET", "/api/portal/{token}"): None,
    ("POST", "/api/portal/{token}/uploads"): {"content_type": "application/pdf"},
    ("GET", "/api/portal/{token}/documents/{document_id}"): None,
    ("GET", "/api/action-needed"): None,
    ("GET", "/api/contracts/{contract_id}/messages"): None,
    ("GET", "/api/carriers"): None,
    ("PUT", "/api/carriers"): {
        "csv": "naic,name,am_best_rating,am_best_size\n25674,Travelers Property Casualty Co,A++,XV\n"
    },
    **ERP_SAMPLES,
    **PROCORE_SAMPLES,
}

# Query strings some GET routes need to be meaningful.
QUERIES: dict[tuple[str, str], str] = {
    ("GET", "/api/coverages"): "?bucket=active",
    ("GET", "/api/do-not-pay"): "?date=2026-06-01",
    ("GET", "/api/erp/codes"): "?erp=vista&kind=vendor",
}

PUBLIC = {"/api/health", "/api/openapi.json", "/api/auth/token"}
ADMIN_ONLY = {
    ("PATCH", "/api/tenant"),
    ("POST", "/api/users"),
    ("PATCH", "/api/users/{user_id}"),
    ("POST", "/api/legal-entities"),
    ("PUT", "/api/legal-entities/{entity_id}"),
    ("GET", "/api/reviewer-grants"),
    ("POST", "/api/reviewer-grants"),
    ("DELETE", "/api/reviewer-grants/{user_id}"),
    ("POST", "/api/requirement-groups"),
    ("PUT", "/api/requirement-groups/{group_id}"),
    ("POST", "/api/requirement-groups/{group_id}/copy"),
    ("PUT", "/api/carriers"),
    *ERP_ADMIN_ONLY,
    *PROCORE_ADMIN_ONLY,
}


def fill(path: str, params: dict[str, str]) -> str:
    for name, value in params.items():
        path = path.replace("{" + name + "}", value)
    return path


def body_for(key: tuple[str, str], params: dict[str, str]) -> Any:
    """The route's sample body with `{placeholders}` in its top-level strings filled from params."""
    body = SAMPLES[key]
    if isinstance(body, dict):
        return {
            name: fill(value, params) if isinstance(value, str) else value for name, value in body.items()
        }
    return body
