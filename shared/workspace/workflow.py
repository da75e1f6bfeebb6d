"""Moved by aggregate (tenants, requirement_groups, projects, contracts, status_changes,
portal_links, notes, publishing); kept only until every caller imports `shared.workspace`."""

# ruff: noqa: F403
from shared.workspace.contracts import *
from shared.workspace.notes import *
from shared.workspace.portal_links import *
from shared.workspace.projects import *
from shared.workspace.publishing import *
from shared.workspace.requirement_groups import *
from shared.workspace.status_changes import *
from shared.workspace.tenants import *
