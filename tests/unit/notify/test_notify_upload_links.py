"""Vendor emails carry the contract's working upload link, derived from the workspace's portal link."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from services.notify import bootstrap
from services.notify.adapters.workspace_directory import WorkspaceDirectory, portal_upload_urls
from services.notify.logic.events import handle_event
from services.notify.logic.sweep import run_sweep
from services.notify.ports import NotifyConfig, NotifyPorts
from shared import workspace
from shared.clock import FixedClock
from shared.events import DocumentsRequested
from shared.events.envelope import Envelope
from shared.workspace import Actor, Contact, Context, NewContract, NewProject, VendorInput, open_context
from tests.fakes.bus import InMemoryPublisher
from tests.fakes.item_store import InMemoryItemStore
from tests.fakes.notify import InMemoryNotifyStore, RecordingEmailSender, RecordingSmsSender

SECRET = "notify-portal-secret-0123456789abcdef"
BASE = "https://portal.example/portal"
VENDOR = "ops@rivera.example"
LINK = re.compile(re.escape(BASE) + r"/([A-Za-z0-9_-]{43})")


@dataclass
class Desk:
    store: InMemoryItemStore
    clock: FixedClock
    staff: Context
    contract_id: str
    notifier: NotifyPorts
    email: RecordingEmailSender

    def request_documents(self, key: str) -> None:
        contract = self.staff.repo.contract(self.contract_id)
        payload = DocumentsRequested(
            tenant_id=self.staff.tenant_id,
            project_id=contract.project_id,
            contract_id=contract.id,
            requested_by="admin@summit.example",
        )
        handle_event(
            self.notifier, Envelope.wrap(payload, source="test", correlation_id="c", idempotency_key=key)
        )

    def vendor_emails(self) -> list[tuple[str, str, str]]:
        return [(e.subject, e.text, e.html) for e in self.email.sent if VENDOR in e.to]


def make_desk() -> Desk:
    store, clock = InMemoryItemStore(), FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    tenant, admin, _ = workspace.create_tenant(
        store, clock, name="Summit Builders", admin_email="admin@summit.example", admin_name="Ada"
    )
    staff = open_context(
        store, Actor(admin.id, admin.email, admin.role, tenant.id), InMemoryPublisher(), clock
    )
    project = workspace.create_project(staff, NewProject(number="2231", name="Harbor Tower", status="active"))
    contract = workspace.create_contract(
        staff,
        project.id,
        NewContract(vendor=VendorInput(name="Rivera Concrete"), contact=Contact(email=VENDOR)),
    )
    email = RecordingEmailSender()
    notifier = bootstrap.build(
        store=InMemoryNotifyStore(shards=2),
        directory=WorkspaceDirectory(store, upload_url_for=portal_upload_urls(store, clock, SECRET, BASE)),
        email=email,
        sms=RecordingSmsSender(),
        clock=clock,
        config=NotifyConfig(default_sender_email="noreply@coi.example", due_shards=2),
        pauses=None,
        idempotency=None,
    )
    return Desk(store, clock, staff, contract.id, notifier, email)


def _token_in(text: str) -> str:
    found = LINK.search(text)
    assert found is not None, text
    return found.group(1)


def test_a_request_email_carries_a_link_that_opens_the_contracts_portal():
    # GIVEN a contract that has never had a link
    desk = make_desk()

    # WHEN staff request documents
    desk.request_documents("req-1")

    # THEN the vendor's email (text and HTML) holds a link that opens this contract's portal
    [(_, text, html)] = desk.vendor_emails()
    token = _token_in(text)
    assert f"{BASE}/{token}" in html
    assert workspace.open_portal(desk.store, desk.clock, token).contract.id == desk.contract_id


def test_reminders_repeat_the_same_link_and_a_staff_link_is_reused():
    # GIVEN a link staff already gave the vendor
    desk = make_desk()
    staff_link = workspace.issue_portal_link(desk.staff, desk.contract_id, secret=SECRET)

    # WHEN the request goes out and a week later the reminder
    desk.request_documents("req-1")
    for _ in range(7):
        desk.clock.advance(days=1)
        run_sweep(desk.notifier)

    # THEN both emails carry the staff's link, which still works (nothing was regenerated)
    emails = desk.vendor_emails()
    assert len(emails) == 2
    assert [_token_in(text) for _, text, _ in emails] == [staff_link.token, staff_link.token]
    workspace.open_portal(desk.store, desk.clock, staff_link.token)


def test_a_revoked_link_is_not_revived_and_the_email_asks_for_a_reply():
    desk = make_desk()
    workspace.issue_portal_link(desk.staff, desk.contract_id, secret=SECRET)
    workspace.revoke_portal_link(desk.staff, desk.contract_id)

    desk.request_documents("req-1")

    [(_, text, html)] = desk.vendor_emails()
    assert BASE not in text
    assert "Reply to this email" in html


def test_the_composition_root_reads_the_key_from_ssm_and_wires_the_links(monkeypatch):
    import boto3
    from moto import mock_aws

    from services.notify.bootstrap import build_directory, portal_token_secret
    from services.notify.settings import NotifySettings
    from shared.aws.clients import reset_clients

    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    settings = NotifySettings(
        table_name="workspace",
        idempotency_table_name="idempotency",
        sender_email="noreply@coi.example",
        portal_base_url=BASE,
        portal_token_secret_parameter="/coi/portal-token-secret",
    )
    with mock_aws():
        reset_clients()
        boto3.client("ssm", region_name="us-east-1").put_parameter(
            Name="/coi/portal-token-secret", Value=SECRET, Type="SecureString"
        )
        # WHEN notify starts with only the parameter's name
        secret = portal_token_secret(settings)
        directory = build_directory(settings, FixedClock(datetime(2026, 3, 2, tzinfo=UTC)))
    reset_clients()

    # THEN it has the key and vendor views get upload links
    assert secret == SECRET
    assert directory._upload_url_for is not None


def test_without_a_key_the_emails_carry_no_link():
    from services.notify.bootstrap import build_directory
    from services.notify.settings import NotifySettings

    settings = NotifySettings(
        table_name="workspace", idempotency_table_name="idempotency", sender_email="noreply@coi.example"
    )
    assert build_directory(settings, FixedClock(datetime(2026, 3, 2, tzinfo=UTC)))._upload_url_for is None
