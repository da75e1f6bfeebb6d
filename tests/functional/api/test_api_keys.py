"""The sample-document route refuses keys that only look like they are under the project."""

from __future__ import annotations

import pytest

from tests.functional.api.conftest import Scenario, World

FILE = "5" * 32 + ".pdf"


@pytest.mark.parametrize(
    "suffix",
    [f"../../x/{FILE}", f"./{FILE}", f"/{FILE}", f"a/../{FILE}", "..", f"%2e%2e/{FILE}x"],
)
def test_a_sample_key_outside_the_project_is_400(world: World, scenario: Scenario, suffix: str):
    key = f"samples/{world.gc.tenant_id}/{scenario.project_id}/{suffix}"
    response = world.call(
        "POST",
        f"/api/projects/{scenario.project_id}/sample-documents",
        world.gc.admin,
        {"title": "Sample", "key": key, "content_type": "application/pdf"},
    )
    assert response.status_code == 400
    assert response.json_body["error"].startswith("not a key this service issued")


def test_an_issued_sample_key_is_stored(world: World, scenario: Scenario):
    key = f"samples/{world.gc.tenant_id}/{scenario.project_id}/{FILE}"
    response = world.call(
        "POST",
        f"/api/projects/{scenario.project_id}/sample-documents",
        world.gc.admin,
        {"title": "Sample", "key": key, "content_type": "application/pdf"},
    )
    assert response.status_code in (200, 201)
    assert [s["key"] for s in response.json_body["sample_documents"]] == [key]
