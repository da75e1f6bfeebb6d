"""Browser tests: Debian's Chromium through Playwright against the real local stack.

The stack is `coi_cli.local.process.LocalStackProcess` (`coi local up --seed-demo` as a
child process on free ports in a temporary state directory), as the e2e suite uses it.
Screenshots go to tests/artifacts/browser/ on every run (gitignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coi_cli.local.process import LocalStackProcess

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
# The seeded demo tenant's admin (`coi local up --seed-demo`).
ADMIN = "admin@summitridge.example"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStackProcess]:
    running = LocalStackProcess(tmp_path_factory.mktemp("browser-stack"))
    running.start(seed_demo=True)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def shots() -> Any:
    """`shots(page, "01-projects")` saves a full-page screenshot under tests/artifacts/browser/."""
    folder = ARTIFACTS / "browser"
    folder.mkdir(parents=True, exist_ok=True)

    def save(page: Any, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


def sign_in(page: Any, api: str, email: str = ADMIN) -> None:
    """Signs in on the stack's home page and waits for the projects list it lands on."""
    page.goto(f"{api}/")
    page.get_by_label("Work email").fill(email)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/projects$"))
