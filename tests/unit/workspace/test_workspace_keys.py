"""Sample-document keys are checked component by component, not by a prefix test."""

from __future__ import annotations

import pytest

from shared import workspace
from shared.workspace import InvalidInput, key_components, require_issued_key
from tests.unit.workspace.conftest import Desk

FILE = "5" * 32 + ".pdf"


def _bad_keys(tenant: str, project: str, other_tenant: str) -> dict[str, str]:
    base = f"samples/{tenant}/{project}"
    return {
        "dot-dot after the prefix": f"{base}/../../{other_tenant}/{project}/{FILE}",
        "dot-dot as the file": f"{base}/..",
        "single dot": f"{base}/./{FILE}",
        "empty component": f"{base}//{FILE}",
        "trailing slash": f"{base}/{FILE}/",
        "leading slash": f"/{base}/{FILE}",
        "deeper than issued": f"{base}/extra/{FILE}",
        "other tenant": f"samples/{other_tenant}/{project}/{FILE}",
        "other project": f"samples/{tenant}/{'9' * 32}/{FILE}",
        "wrong root": f"uploads/{tenant}/{project}/{FILE}",
        "backslash": f"{base}/..\\{FILE}",
        "control character": f"{base}/\n{FILE}",
        "not normal form": f"{base}/e\u0301{FILE}",
        "not an issued name": f"{base}/passwd",
        "wrong extension": f"{base}/{'5' * 32}.html",
        "empty": "",
        "too long": f"{base}/" + "a" * 2000 + ".pdf",
    }


def test_every_malformed_sample_key_is_refused(desk: Desk):
    project = desk.project()
    tenant = desk.admin.tenant_id
    for reason, key in _bad_keys(tenant, project.id, desk.other.tenant_id).items():
        with pytest.raises(InvalidInput, match="not a key this service issued"):
            workspace.add_sample_document(
                desk.admin, project.id, title="Sample", key=key, content_type="application/pdf"
            )
        assert workspace.get_project(desk.admin, project.id).sample_documents == [], reason


def test_an_issued_sample_key_is_accepted(desk: Desk):
    project = desk.project()
    key = f"samples/{desk.admin.tenant_id}/{project.id}/{FILE}"
    saved = workspace.add_sample_document(
        desk.admin, project.id, title="Sample", key=key, content_type="application/pdf"
    )
    assert [s.key for s in saved.sample_documents] == [key]


def test_components_of_a_clean_key():
    assert key_components("a/b/c.pdf") == ["a", "b", "c.pdf"]
    assert require_issued_key(f"x/y/{FILE}", "x", "y") == f"x/y/{FILE}"
