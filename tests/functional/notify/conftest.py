from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from notify_stack import Stack, stack_fixture


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    yield from stack_fixture(tmp_path, monkeypatch)
