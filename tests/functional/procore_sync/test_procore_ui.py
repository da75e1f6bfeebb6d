"""Settings > Connected Apps and a project's Procore page, through the signed-in UI, against the
fake Procore (in-memory stores)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from services.api.routes.integrations import use_procore
from services.procore_sync.adapters.workspace_sink import WorkspaceSinkAdapter
from services.procore_sync.auth import InMemoryTokenStore
from services.procore_sync.bootstrap import Dependencies
from services.procore_sync.client import RecordingSleeper
from services.procore_sync.imports import InMemoryImportStore, InMemorySyncLog
from services.procore_sync.install import verify_state
from services.procore_sync.ports import (
    InMemoryChangeQueue,
    InMemoryConnectionStore,
    InMemoryCursorStore,
    InMemoryDeliveryLedger,
    InMemoryIdMap,
    InMemorySyncHealth,
)
from services.procore_sync.staff import ProcoreForStaff
from tests.fakes.procore import FakeProcore, connected_client_factory
from tests.functional.api.integrations import staff_facade
from tests.functional.ui.conftest import ADMIN, READ_ONLY, Site, s3, site  # noqa: F401 - fixtures
from tests.unit.procore_sync.test_procore_imports import seeded

KEY = b"ui-test-state-key"


@pytest.fixture
def procore(site: Site) -> tuple[Site, FakeProcore, ProcoreForStaff]:  # noqa: F811 - the fixture
    fake = seeded()
    ids = InMemoryIdMap()
    client_for = connected_client_factory(
        fake, clock=site.clock, sleeper=RecordingSleeper(), tokens=InMemoryTokenStore()
    )
    deps = Dependencies(
        connections=InMemoryConnectionStore(),
        ids=ids,
        sink=WorkspaceSinkAdapter(site.services.store, site.services.publisher, site.clock, ids),
        cursors=InMemoryCursorStore(),
        ledger=InMemoryDeliveryLedger(),
        queue=InMemoryChangeQueue(),
        clock=site.clock,
        client_for=client_for,
        imports=InMemoryImportStore(),
        log=InMemorySyncLog(),
        health=InMemorySyncHealth(),
    )
    facade = staff_facade(fake, deps, state_key=KEY)
    use_procore(site.services, facade)
    return site, fake, facade


def test_an_admin_connects_imports_and_reads_the_sync_log(procore):
    ui, fake, facade = procore
    cookie = ui.sign_in(ADMIN)
    # GIVEN Connected Apps offers both ways to connect
    page = ui.get("/settings/connected-apps", cookie).body.decode()
    assert "Connect with Procore" in page
    assert "Connect with a service account" in page
    # WHEN the admin presses "Connect with Procore"
    started = ui.post("/settings/connected-apps/procore/authorize", cookie, {})
    assert started.status_code == 303
    location = started.headers["Location"]
    assert location.startswith("https://login.procore.com/oauth/authorize?")
    # AND approves on Procore's consent page (the callback finishes the install)
    browser = httpx.Client(transport=fake.transport())
    form = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    answer = browser.post("https://login.procore.com/oauth/authorize", data={**form, "decision": "approve"})
    back = {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["Location"]).query).items()}
    facade.apps.finish_authorization(
        verify_state(back["state"], key=KEY, now=datetime(2026, 5, 1, 12, tzinfo=UTC)), back["code"]
    )
    # THEN the page says connected, as whom, to which company
    page = ui.get("/settings/connected-apps?procore=connected", cookie).body.decode()
    assert "Procore is connected." in page
    assert "Summit Builders Inc (#1001)" in page
    assert "Pat Morgan (pat.morgan@summit.example)" in page
    # WHEN the admin imports Harbor Point by Subcontract with only Approved commitments
    projects = ui.get("/settings/connected-apps/procore/projects", cookie).body.decode()
    assert "Harbor Point" in projects
    imported = ui.post(
        "/settings/connected-apps/procore/imports",
        cookie,
        {"procore_project_id": "11", "method": "subcontract", "statuses": ["Approved"]},
    )
    assert imported.status_code == 303, imported.body
    project_page = imported.headers["Location"]
    assert re.fullmatch(r"/projects/[0-9a-f]+/procore\?imported=1", project_page)
    # THEN the project's Procore page lists the vendor without an invoice contact, with its link
    page = ui.get(project_page, cookie).body.decode()
    assert "Procore Sync Log" in page
    assert "SC-005" in page
    assert "Apex Steel Inc" in page
    assert 'href="https://app.procore.com/11/project/commitments/work_order_contracts/902"' in page
    # AND the project list marks the project imported
    projects = ui.get("/settings/connected-apps/procore/projects", cookie).body.decode()
    assert "Imported" in projects
    # AND the project list, the project page and the contract page link into Procore
    project_id = project_page.split("/")[2]
    assert 'href="https://app.procore.com/11/project/home"' in ui.get("/projects", cookie).body.decode()
    assert (
        'href="https://app.procore.com/11/project/home"'
        in ui.get(f"/projects/{project_id}", cookie).body.decode()
    )
    contract_id, *_ = re.findall(
        r'href="/contracts/([0-9a-f]+)"', ui.get(f"/projects/{project_id}", cookie).body.decode()
    )
    contract_page = ui.get(f"/contracts/{contract_id}", cookie).body.decode()
    assert 'href="https://app.procore.com/11/project/commitments/work_order_contracts/901"' in contract_page


def test_read_only_staff_cannot_connect_or_import(procore):
    ui, _fake, _facade = procore
    cookie = ui.sign_in(READ_ONLY)
    page = ui.get("/settings/connected-apps", cookie).body.decode()
    assert "Connect with Procore" not in page
    assert ui.post("/settings/connected-apps/procore/authorize", cookie, {}).status_code == 403
    refused = ui.post(
        "/settings/connected-apps/procore/imports",
        cookie,
        {"procore_project_id": "11", "method": "subcontract"},
    )
    assert refused.status_code == 403
