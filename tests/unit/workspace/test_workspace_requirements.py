"""Requirement groups: the tenant default copied into projects, copies, and the rules-engine contract."""

from __future__ import annotations

from datetime import date

import pytest

from shared import workspace
from shared.workspace import (
    CopyRequirementGroup,
    CoverageSpec,
    Forbidden,
    InvalidInput,
    LegalEntityInput,
    RequirementGroupInput,
)
from tests.unit.workspace.conftest import Desk


def test_new_project_gets_its_own_copy_of_the_tenant_default(desk: Desk):
    default = desk.admin.repo.default_requirement_group()
    assert default is not None

    project = desk.project()

    group = desk.admin.repo.requirement_group(project.requirement_group_id or "")
    assert group.id != default.id
    assert group.project_id == project.id
    assert group.copied_from == default.id
    assert group.coverages == default.coverages


def test_editing_the_tenant_default_leaves_existing_projects_alone(desk: Desk):
    # GIVEN a project created from the default
    project = desk.project()
    default = desk.admin.repo.default_requirement_group()
    assert default is not None

    # WHEN an admin raises the default's umbrella requirement
    changed = RequirementGroupInput(
        name="Default", coverages=[CoverageSpec(coverage="umbrella", limits={"each_occurrence": 10_000_000})]
    )
    workspace.update_requirement_group(desk.admin, default.id, changed)

    # THEN the project's copy still has the old requirements; new projects get the new ones
    project_group = desk.admin.repo.requirement_group(project.requirement_group_id or "")
    assert len(project_group.coverages) == 4
    newer = desk.project(number="2232", name="Cedar Lofts")
    assert [
        c.coverage for c in desk.admin.repo.requirement_group(newer.requirement_group_id or "").coverages
    ] == ["umbrella"]


def test_copy_and_rename_for_one_contract_assigns_it(desk: Desk):
    # GIVEN a contract on a project
    project = desk.project()
    contract = desk.contract(project)

    # WHEN the project's group is copied as "Default + Pollution" for that contract
    copy = workspace.copy_requirement_group(
        desk.admin,
        project.requirement_group_id or "",
        CopyRequirementGroup(name="Default + Pollution", contract_id=contract.id),
    )

    # THEN the copy belongs to the project and the contract uses it
    assert (copy.name, copy.project_id, copy.contract_id) == ("Default + Pollution", project.id, contract.id)
    assert desk.admin.repo.contract(contract.id).requirement_group_id == copy.id
    names = [g.name for g in workspace.list_requirement_groups(desk.admin, project.id).items]
    assert sorted(names) == ["Default", "Default + Pollution"]


def test_only_admins_edit_requirement_groups(desk: Desk):
    default = desk.admin.repo.default_requirement_group()
    assert default is not None
    with pytest.raises(Forbidden):
        workspace.update_requirement_group(desk.standard, default.id, RequirementGroupInput(name="X"))
    with pytest.raises(Forbidden):
        workspace.copy_requirement_group(desk.standard, default.id, CopyRequirementGroup(name="Y"))


def test_one_requirement_per_coverage():
    with pytest.raises(ValueError, match="only once"):
        RequirementGroupInput(
            name="X", coverages=[CoverageSpec(coverage="umbrella"), CoverageSpec(coverage="umbrella")]
        )


def test_requirements_for_the_rules_engine_name_the_vendor_holder_and_additional_insureds(desk: Desk):
    # GIVEN a project under a legal entity with an owner as additional insured
    entity = workspace.create_legal_entity(desk.admin, LegalEntityInput(name="Summit Builders of MA LLC"))
    project = desk.project(legal_entity_id=entity.id, additional_insureds=["Harbor Point Owner LLC"])
    group = desk.admin.repo.requirement_group(project.requirement_group_id or "")

    # WHEN converted
    requirements = group.to_requirements(
        insured_name="Rivera Concrete LLC",
        certificate_holder=entity.name,
        additional_insureds=project.additional_insureds,
        as_of=date(2026, 5, 1),
    )

    # THEN the contract JSON carries them, and the GC is always an additional insured
    data = requirements.to_contract_json()
    assert data["schema"] == "coi.requirements/1"
    assert data["insured_name"] == "Rivera Concrete LLC"
    assert data["certificate_holder"] == "Summit Builders of MA LLC"
    assert data["additional_insureds"] == ["Summit Builders Inc", "Harbor Point Owner LLC"]
    assert data["minimum_am_best"] == {"rating": "A-", "size": "VII"}
    assert [c.coverage for c in requirements.coverages] == [
        "general_liability",
        "auto_liability",
        "umbrella",
        "workers_comp",
    ]


def test_a_project_cannot_use_another_projects_group(desk: Desk):
    first, second = desk.project(), desk.project(number="2232", name="Cedar Lofts")
    contract = desk.contract(second)
    from shared.workspace import ContractUpdate

    with pytest.raises(InvalidInput):
        workspace.update_contract(
            desk.admin, contract.id, ContractUpdate(requirement_group_id=first.requirement_group_id)
        )
