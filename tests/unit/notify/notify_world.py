"""Helpers: a notifier wired to in-memory fakes and a fixed clock, with one GC, one project and one vendor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from services.notify import bootstrap
from services.notify.domain.model import Contact, ContractView, ProjectView, StaffMember, TenantView
from services.notify.logic.events import handle_event
from services.notify.logic.sweep import run_sweep
from services.notify.ports import NotifyConfig, NotifyPorts
from shared.clock import FixedClock
from shared.correspondence import action_rows, message_history, message_row, open_actions
from shared.events.envelope import Envelope, EventPayload
from tests.fakes.notify import (
    InMemoryDirectory,
    InMemoryNotifyStore,
    RecordingEmailSender,
    RecordingSmsSender,
)

TENANT = "t1"
PROJECT = "p1"
CONTRACT = "c1"
VENDOR_EMAIL = "ops@rivera.example"


@dataclass
class World:
    notifier: NotifyPorts
    store: InMemoryNotifyStore
    directory: InMemoryDirectory
    email: RecordingEmailSender
    sms: RecordingSmsSender
    clock: FixedClock

    def publish(self, payload: EventPayload, key: str | None = None) -> Envelope[Any]:
        envelope = Envelope.wrap(
            payload,
            source="test",
            correlation_id="corr",
            idempotency_key=key or f"{payload.NAME}-{id(payload)}",
        )
        handle_event(self.notifier, envelope)
        return envelope

    def days_pass(self, days: int) -> None:
        """Like the daily schedule: one sweep per day."""
        for _ in range(days):
            self.clock.advance(days=1)
            run_sweep(self.notifier)

    def vendor_subjects(self) -> list[str]:
        return [e.subject for e in self.email.sent if VENDOR_EMAIL in e.to]

    def action_kinds(self) -> list[str]:
        return [a.kind for a in self.store.list_actions(TENANT)]

    def action_needed(self, tenant_id: str = TENANT, **filters: str) -> list[dict[str, Any]]:
        """The action-needed rows people see (the shared read model), vendors named by the directory."""

        def vendor_name_of(contract_id: str) -> str | None:
            contract = self.directory.contract(tenant_id, contract_id)
            return contract.vendor_name if contract else None

        return action_rows(open_actions(self.store, tenant_id, **filters), vendor_name_of)

    def message_rows(self, contract_id: str = CONTRACT) -> list[dict[str, Any]]:
        """The contract's message history as people see it (the shared read model)."""
        return [message_row(m) for m in message_history(self.store, TENANT, contract_id)]


def make_world() -> World:
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # a Monday
    store = InMemoryNotifyStore(shards=2)
    directory = InMemoryDirectory()
    directory.add_tenant(
        TenantView(
            TENANT,
            "Summit Builders",
            sender_email="compliance@summit.example",
            sender_name="Summit Compliance",
        )
    )
    directory.add_project(ProjectView(TENANT, PROJECT, "Harbor Tower", "Active", "2231"))
    directory.add_contract(
        ContractView(
            TENANT,
            PROJECT,
            CONTRACT,
            "Rivera Concrete LLC",
            active=True,
            contact=Contact(email=VENDOR_EMAIL, name="Ana Rivera"),
            compliance="needs_certificate",
            upload_url="https://portal.example/u/tok123",
        )
    )
    directory.add_staff(TENANT, StaffMember("u-admin", "admin@summit.example", "Pat Admin", role="Admin"))
    directory.add_staff(
        TENANT, StaffMember("u-pm", "pm@summit.example", "Sam PM", role="Standard", notify_on_submission=True)
    )
    email, sms = RecordingEmailSender(), RecordingSmsSender()
    notifier = bootstrap.build(
        store=store,
        directory=directory,
        email=email,
        sms=sms,
        clock=clock,
        config=NotifyConfig(default_sender_email="noreply@coi.example", due_shards=2),
        pauses=None,
        idempotency=None,
    )
    return World(notifier, store, directory, email, sms, clock)
