"""The real local stack (`coi local up`) on free ports in a temporary state directory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coi_cli.local.process import LocalStackProcess


@pytest.fixture(scope="module")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStackProcess]:
    stack = LocalStackProcess(tmp_path_factory.mktemp("local-stack"))
    stack.start(seed_demo=True)
    try:
        yield stack
    finally:
        stack.stop()
