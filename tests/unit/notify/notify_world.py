"""Helpers: a notifier wired to in-memory fakes and a fixed clock, with one GC, one project and one vendor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from services.notify.adapters.memory import (
    InMemoryDirectory,
    InMemoryNotifyStore,
    RecordingEmailSender,
    RecordingSmsSender,
)
from services.notify.domain.model import Contact, ContractView, ProjectView, StaffMember, TenantView
from services.notify.logic.core import Notifier, NotifyConfig
from services.notify.logic.events import handle_event
from services.notify.logic.sweep import run_sweep
from shared.clock import FixedClock
from shared.events.envelope import Envelope, EventPayload

TENANT = "t1"
PROJECT = "p1"
CONTRACT = "c1"
VENDOR_EMAIL = "ops@rivera.example"


@dataclass
class World:
    notifier: Notifier
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
    notifier = Notifier(
        store=store,
        directory=directory,
        email=email,
        sms=sms,
        clock=clock,
        config=NotifyConfig(default_sender_email="noreply@coi.example", due_shards=2),
    )
    return World(notifier, store, directory, email, sms, clock)
