"""Repository queries for projects and requirement groups."""

from __future__ import annotations

from collections.abc import Sequence

from shared.workspace.entities import Project, RequirementGroup, is_valid_id
from shared.workspace.repository.common import DEFAULT_PAGE, Page
from shared.workspace.repository.unit_of_work import UnitOfWork
from shared.workspace.store import IndexName


class ProjectQueries(UnitOfWork):
    """Projects and requirement groups."""

    def project(self, project_id: str) -> Project:
        return self._by_id("P", project_id, Project, "project", "PROJECT")

    def projects(
        self,
        *,
        sort: str = "number",
        descending: bool = False,
        status: str | None = None,
        cursor: str | None = None,
        limit: int = DEFAULT_PAGE,
    ) -> Page[Project]:
        index: IndexName = "gsi2" if sort == "name" else "gsi1"
        where = (lambda p: p.status == status) if status else None
        return self._page(
            Project,
            f"{self.pk}#PROJECTS",
            index=index,
            cursor=cursor,
            limit=limit,
            forward=not descending,
            where=where,
        )

    def requirement_group(self, group_id: str) -> RequirementGroup:
        return self._by_id("RG", group_id, RequirementGroup, "requirement group", "GROUP")

    def requirement_groups(
        self, project_id: str | None = None, cursor: str | None = None, limit: int = DEFAULT_PAGE
    ) -> Page[RequirementGroup]:
        scope = f"P#{project_id}" if project_id else "TENANT"
        return self._page(RequirementGroup, f"{self.pk}#RG#{scope}", index="gsi1", cursor=cursor, limit=limit)

    def default_requirement_group(self) -> RequirementGroup | None:
        groups = self._all(RequirementGroup, f"{self.pk}#RG#TENANT", index="gsi1")
        return next((g for g in groups if g.is_default), None)

    def groups_by_id(self, group_ids: Sequence[str]) -> dict[str, RequirementGroup]:
        items = self.store.batch_get([(f"{self.pk}#RG#{g}", "GROUP") for g in group_ids if is_valid_id(g)])
        return {i.body["id"]: RequirementGroup.model_validate(self._remember(i).body) for i in items}
