"""Requirement groups: the server refuses a limit no certificate has, or an option no coverage has,
in words a coordinator reads (not `coverages.4.coverage: Input should be…`)."""

from __future__ import annotations

from tests.functional.api.conftest import World


def test_a_misspelt_limit_key_is_refused_naming_the_coverage_and_the_key(world: World):
    body = {
        "name": "Default",
        "coverages": [{"coverage": "general_liability", "limits": {"each_occurence": 1_000_000}}],
    }
    response = world.call("POST", "/api/requirement-groups", world.gc.admin, body)
    assert response.status_code == 400
    error = response.json_body["error"]
    assert "Commercial general liability" in error
    assert "each_occurence" in error
    assert "Each occurrence" in error


def test_an_unknown_coverage_kind_reads_as_words(world: World):
    body = {"name": "Default", "coverages": [{"coverage": "gl", "limits": {}}]}
    response = world.call("POST", "/api/requirement-groups", world.gc.admin, body)
    assert response.status_code == 400
    assert response.json_body["error"].startswith(
        "coverage 1, kind of coverage: must be one of general liability"
    )
    assert "Input should be" not in response.json_body["error"]


def test_impossible_values_are_refused(world: World):
    for coverage, problem in [
        ({"coverage": "general_liability", "limits": {"each_occurrence": -5}}, "cannot be negative"),
        ({"coverage": "general_liability", "per_statute": True}, "“Per statute” does not exist"),
        ({"coverage": "auto_liability", "limits": {"each_occurrence": 1_000_000}}, "not a limit"),
        ({"coverage": "other", "limits": {"each_claim": 1_000_000}}, "give the label"),
    ]:
        response = world.call(
            "POST", "/api/requirement-groups", world.gc.admin, {"name": "X", "coverages": [coverage]}
        )
        assert response.status_code == 400, coverage
        assert problem in response.json_body["error"], response.json_body


def test_a_correct_group_with_an_other_coverage_and_vendor_text_is_saved(world: World):
    body = {
        "name": "Default + Pollution",
        "coverages": [
            {"coverage": "general_liability", "limits": {"each_occurrence": 1_000_000}},
            {"coverage": "other", "label": "Pollution Liability", "limits": {"each_claim": 1_000_000}},
        ],
        "vendor_instructions": "Name Harbor Point Owner LLC on the AI endorsement.",
    }
    response = world.call("POST", "/api/requirement-groups", world.gc.admin, body)
    assert response.status_code == 201, response.json_body
    assert response.json_body["vendor_instructions"].startswith("Name Harbor Point")
