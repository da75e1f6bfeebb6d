"""Moved (verdicts, documents, human_review, coverage_records, waivers, lapses); kept only until
every caller imports `shared.workspace`."""

# ruff: noqa: F403
from shared.workspace.coverage_records import *
from shared.workspace.documents import *
from shared.workspace.human_review import *
from shared.workspace.lapses import *
from shared.workspace.review_checks import *
from shared.workspace.verdicts import *
from shared.workspace.waivers import *
