"""The requirement-group editor: a form per coverage instead of JSON; a refused form comes back with
everything typed and each problem beside its field; JSON stays as import and export."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from shared import workspace
from shared.workspace import CopyRequirementGroup
from tests.functional.ui.conftest import ADMIN, Site


class _EditorForm(HTMLParser):
    """The fields the editor form would submit as a browser would (checked boxes only)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._in_editor = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._in_editor = "editor" in (a.get("class") or "")
        if not self._in_editor or not a.get("name"):
            return
        name = a["name"] or ""
        if tag == "input":
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.fields.setdefault(name, []).append(
                a.get("value") or ("on" if a.get("type") == "checkbox" else "")
            )
        elif tag == "textarea":
            self._textarea = name
            self.fields.setdefault(name, []).append("")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        if tag == "form":
            self._in_editor = False


def _editor_fields(site: Site, cookie: str, group_id: str) -> dict[str, list[str]]:
    parser = _EditorForm()
    parser.feed(site.get(f"/requirement-groups/{group_id}", cookie).body.decode())
    parser.fields.pop("csrf", None)
    return parser.fields


def test_the_editor_shows_each_coverages_limits_as_printed_and_saves_a_change(site: Site):
    group = workspace.list_requirement_groups(site.ctx(), None).items[0]
    admin = site.sign_in(ADMIN)
    page = site.get(f"/requirement-groups/{group.id}", admin).body.decode()
    # The limits that exist for each coverage, labelled as on an ACORD 25
    for label in ("Each occurrence", "Products - comp/op agg", "Combined single limit (ea accident)",
                  "E.L. disease - policy limit"):  # fmt: skip
        assert label in page
    assert "Additional insured includes completed operations" in page
    fields = _editor_fields(site, admin, group.id)
    fields["general_liability.required"] = ["on"]
    fields["general_liability.limit.each_occurrence"] = ["$2,000,000"]
    fields["general_liability.per_project_aggregate"] = ["on"]
    fields["other0.required"] = ["on"]
    fields["other0.label"] = ["Pollution Liability"]
    fields["other0.limit_name.0"] = ["Each claim"]
    fields["other0.limit_amount.0"] = ["1,000,000"]
    fields["vendor_instructions"] = ["Name Harbor Point Owner LLC on the AI endorsement."]
    saved = site.post(f"/requirement-groups/{group.id}", admin, fields)
    assert saved.status_code == 303
    after = workspace.get_requirement_group(site.ctx(), group.id)
    gl = next(c for c in after.coverages if c.coverage == "general_liability")
    assert gl.limits["each_occurrence"] == 2_000_000
    assert gl.per_project_aggregate is True
    pollution = next(c for c in after.coverages if c.coverage == "other")
    assert (pollution.label, pollution.limits) == ("Pollution Liability", {"each_claim": 1_000_000})
    assert after.vendor_instructions == "Name Harbor Point Owner LLC on the AI endorsement."


def test_a_refused_form_keeps_what_was_typed_with_the_problem_beside_the_field(site: Site):
    group = workspace.list_requirement_groups(site.ctx(), None).items[0]
    before = workspace.get_requirement_group(site.ctx(), group.id)
    admin = site.sign_in(ADMIN)
    fields = _editor_fields(site, admin, group.id)
    fields["general_liability.required"] = ["on"]
    fields["general_liability.limit.each_occurrence"] = ["a million"]
    fields["general_liability.limit.general_aggregate"] = ["3,000,000"]
    fields["am_best_rating"] = ["Z+"]
    fields["other0.label"] = ["Cyber"]
    refused = site.post(f"/requirement-groups/{group.id}", admin, fields)
    assert refused.status_code == 400
    page = refused.body.decode()
    for typed in ('value="a million"', 'value="3,000,000"', 'value="Cyber"'):
        assert typed in page
    assert 'id="err-general_liability-limit-each_occurrence"' in page
    assert "must be a dollar amount" in page
    # Nothing was saved
    assert workspace.get_requirement_group(site.ctx(), group.id) == before


def test_an_option_that_does_not_exist_for_the_coverage_is_refused_by_the_server(site: Site):
    group = workspace.list_requirement_groups(site.ctx(), None).items[0]
    admin = site.sign_in(ADMIN)
    fields = _editor_fields(site, admin, group.id)
    fields["workers_comp.required"] = ["on"]
    fields["workers_comp.per_project_aggregate"] = ["on"]  # not a box the page offers
    refused = site.post(f"/requirement-groups/{group.id}", admin, fields)
    assert refused.status_code == 400
    assert "does not exist for this coverage" in refused.body.decode()


def test_json_stays_as_import_and_export(site: Site):
    group = workspace.list_requirement_groups(site.ctx(), None).items[0]
    admin = site.sign_in(ADMIN)
    exported = site.get(f"/requirement-groups/{group.id}/export.json", admin)
    assert exported.status_code == 200
    definition = json.loads(exported.body)
    definition["coverages"][0]["limits"] = {"each_occurence": 1_000_000}
    refused = site.post(f"/requirement-groups/{group.id}", admin, {"definition": json.dumps(definition)})
    assert refused.status_code == 400
    assert "“each_occurence” is not a limit of this coverage" in refused.body.decode()


def test_a_projects_own_copy_is_edited_from_the_project(site: Site):
    project = site.project()
    admin = site.sign_in(ADMIN)
    assert project.requirement_group_id
    page = site.get(f"/projects/{project.id}", admin).body.decode()
    assert f'href="/requirement-groups/{project.requirement_group_id}"' in page
    copy = workspace.copy_requirement_group(
        site.ctx(),
        project.requirement_group_id,
        CopyRequirementGroup(name="Project copy", project_id=project.id),
    )
    group_page = site.get(f"/requirement-groups/{copy.id}", admin).body.decode()
    assert f'href="/projects/{project.id}"' in group_page


def test_a_contract_gets_its_own_group_and_says_which_applies(site: Site):
    project = site.project()
    contract = site.contract(project)
    admin = site.sign_in(ADMIN)
    page = site.get(f"/contracts/{contract.id}", admin).body.decode()
    assert "(the project's group)" in page
    group_id = workspace.get_contract(site.ctx(), contract.id).requirement_group_id
    copied = site.post(
        f"/requirement-groups/{group_id}/copy",
        admin,
        {"name": "Default + Pollution", "contract_id": contract.id},
    )
    assert copied.status_code == 303
    now = workspace.get_contract(site.ctx(), contract.id)
    assert now.requirement_group_id != group_id
    page = site.get(f"/contracts/{contract.id}", admin).body.decode()
    assert "Default + Pollution" in page
    assert "(this contract's own group)" in page


def test_waive_then_unwaive_from_the_contract_page_and_the_portal_follows(site: Site):
    project = site.project()
    contract = site.contract(project)
    admin = site.sign_in(ADMIN)
    from shared.workspace import issue_portal_link, open_portal

    token = issue_portal_link(site.ctx(), contract.id, secret=site.services.portal_token_secret).token
    assert any(line.startswith("Umbrella") for line in _portal_lines(site, token, open_portal))
    site.post(
        f"/contracts/{contract.id}/waivers", admin, {"requirement_key": "umbrella", "note": "Small scope"}
    )
    page = site.get(f"/contracts/{contract.id}", admin).body.decode()
    assert 'aria-label="Unwaive umbrella"' in page.lower() or "Unwaive" in page
    assert not any(line.startswith("Umbrella") for line in _portal_lines(site, token, open_portal))
    removed = site.post(f"/contracts/{contract.id}/waivers/remove", admin, {"requirement_key": "umbrella"})
    assert removed.status_code == 303
    assert any(line.startswith("Umbrella") for line in _portal_lines(site, token, open_portal))
    again = site.post(f"/contracts/{contract.id}/waivers/remove", admin, {"requirement_key": "umbrella"})
    assert again.status_code == 400


def _portal_lines(site: Site, token: str, open_portal) -> list[str]:
    from shared.workspace import requirements_in_plain_words

    view = open_portal(site.services.store, site.clock, token)
    return requirements_in_plain_words(view.group, view.project)
