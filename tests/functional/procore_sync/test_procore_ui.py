"""Settings > Connected Apps and a project's Procore page, through the signed-in UI, against the
fake Procore (in-memory stores)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from services.api.logic.procore import use_procore
from services.api.ui.integrations import use_procore_pushes
from services.procore_sync.logic.outbound import push_compliance
from services.procore_sync.logic.push_log import PushLog, logged
from shared import workspace
from shared.events import ComplianceChanged, CoverageSnapshot
from shared.procore.adapters.workspace_sink import WorkspaceSinkAdapter
from shared.procore.client import ProcoreApiError
from shared.procore.install import verify_state
from shared.procore.staff import ProcoreForStaff
from shared.procore.wiring import ProcoreIntegration
from shared.workspace import ProjectStatus
from tests.fakes.procore import FakeProcore, connected_client_factory
from tests.fakes.procore_stores import (
    InMemoryChangeQueue,
    InMemoryConnectionStore,
    InMemoryDeliveryLedger,
    InMemoryIdMap,
    InMemoryImportStore,
    InMemoryPushRecords,
    InMemorySyncHealth,
    InMemorySyncLog,
    InMemoryTokenStore,
    RecordingSleeper,
)
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
    deps = ProcoreIntegration(
        connections=InMemoryConnectionStore(),
        ids=ids,
        sink=WorkspaceSinkAdapter(site.services.store, site.services.publisher, site.clock, ids),
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


@pytest.mark.parametrize("active_in_procore", [True, False])
def test_an_imported_project_starts_in_draft_whatever_its_procore_status(procore, active_in_procore):
    ui, fake, facade = procore
    cookie = ui.sign_in(ADMIN)
    fake.projects[11]["active"] = active_in_procore
    connected = ui.post("/settings/connected-apps/procore/service-account", cookie, {})
    assert connected.status_code == 303, connected.body
    # WHEN staff import the project
    imported = ui.post(
        "/settings/connected-apps/procore/imports",
        cookie,
        {"procore_project_id": "11", "method": "subcontract", "statuses": ["Approved"]},
    )
    assert imported.status_code == 303, imported.body
    project_id = imported.headers["Location"].split("/")[2]
    # THEN it is a Draft project here (nobody is e-mailed before staff look at what came in)
    assert workspace.get_project(ui.ctx(), project_id).status == ProjectStatus.DRAFT
    # AND a later sync from Procore (the project changed there) leaves it in Draft
    fake.projects[11]["name"] = "Harbor Point Phase 2"
    facade.change_import(ui.ctx().tenant_id, project_id, "subcontract", ["Approved"])
    project = workspace.get_project(ui.ctx(), project_id)
    assert (project.name, project.status) == ("Harbor Point Phase 2", ProjectStatus.DRAFT)


def test_the_project_contract_list_shows_the_procore_commitment_number(procore):
    ui, _fake, _facade = procore
    cookie = ui.sign_in(ADMIN)
    assert ui.post("/settings/connected-apps/procore/service-account", cookie, {}).status_code == 303
    # GIVEN Harbor Point imported by Subcontract: SC-004 (Rivera Concrete LLC) came from Procore
    imported = ui.post(
        "/settings/connected-apps/procore/imports",
        cookie,
        {"procore_project_id": "11", "method": "subcontract", "statuses": ["Approved"]},
    )
    project_id = imported.headers["Location"].split("/")[2]
    contract = next(
        c for c in workspace.list_contracts(ui.ctx(), project_id=project_id).items if c.number == "SC-004"
    )
    link = f'<a href="/contracts/{contract.id}">'
    # WHEN staff open the project page
    project_page = ui.get(f"/projects/{project_id}", cookie).body.decode()
    # THEN the contract's row names the commitment beside the vendor's link
    assert f'{link}{contract.vendor_name}</a> <span class="muted">SC-004</span>' in project_page


def test_the_contract_page_shows_what_was_pushed_to_procore_and_a_failed_push_is_in_the_sync_log(procore):
    ui, fake, facade = procore
    cookie = ui.sign_in(ADMIN)
    assert ui.post("/settings/connected-apps/procore/service-account", cookie, {}).status_code == 303
    imported = ui.post(
        "/settings/connected-apps/procore/imports",
        cookie,
        {"procore_project_id": "11", "method": "subcontract", "statuses": ["Approved"]},
    )
    project_id = imported.headers["Location"].split("/")[2]
    ctx = ui.ctx()
    listed = workspace.list_contracts(ctx, project_id=project_id).items
    contract = next(c for c in listed if c.number == "SC-004")
    records = InMemoryPushRecords()
    use_procore_pushes(ui.services, records)
    deps = facade.deps
    push_log = PushLog(ids=deps.ids, links=deps.links, log=deps.log, pushes=records)

    def push(event: ComplianceChanged):
        return logged(
            lambda e: push_compliance(
                e,
                idempotency_key=f"k-{len(fake.writes())}",
                connections=deps.connections,
                ids=deps.ids,
                client_for=deps.client_for,
            ),
            push_log,
            ui.clock.now,
        )(event)

    event = ComplianceChanged(
        tenant_id=ctx.tenant_id,
        project_id=project_id,
        contract_id=contract.id,
        vendor_id=contract.vendor_id,
        status="compliant",
        contract_number="SC-004",
        vendor_name="Rivera Concrete LLC",
        coverages=[
            CoverageSnapshot(
                coverage="general_liability",
                status="active",
                policy_number="GL-88120",
                expiration_date=date(2027, 1, 1),
                limits={"each_occurrence": 1_000_000},
            )
        ],
    )
    # WHEN a review's compliance is pushed to Procore
    push(event)
    # THEN the contract page shows the insurance record Procore holds (its id, the status sent)
    # and the commitment's compliance status, each with when it was sent
    (record,) = fake.insurances_for(5, project_id=11)
    page = ui.get(f"/contracts/{contract.id}", cookie).body.decode()
    assert "Sent to Procore" in page
    assert re.search(r"General Liability</td><td>Compliant</td><td[^>]*>GL-88120</td>", page), page
    assert f"<td>{record['id']}</td>" in page
    assert 'data-procore="commitment-status">Compliant</strong>' in page
    assert "sent 2026-05-01 12:00 UTC" in page
    # WHEN the next push fails (Procore refuses it)
    fake.fail_next(422, path_contains="/insurances/sync")
    with pytest.raises(ProcoreApiError):
        push(event)
    # THEN the contract page says so, and the project's Procore Sync Log lists it with its link
    page = ui.get(f"/contracts/{contract.id}", cookie).body.decode()
    assert "Last attempt failed 2026-05-01 12:00 UTC: Compliance not sent to Procore" in page
    log_page = ui.get(f"/projects/{project_id}/procore", cookie).body.decode()
    assert "Procore answered HTTP 422" in log_page
    assert 'href="https://app.procore.com/11/project/commitments/work_order_contracts/901"' in log_page
    # AND another tenant's staff see nothing of it
    assert records.get("another-tenant", contract.id) is None


def test_a_contract_never_pushed_shows_no_procore_section(procore):
    ui, _fake, _facade = procore
    use_procore_pushes(ui.services, InMemoryPushRecords())
    project = ui.project()
    contract = ui.contract(project)
    page = ui.get(f"/contracts/{contract.id}", ui.sign_in(ADMIN)).body.decode()
    assert "Sent to Procore" not in page
