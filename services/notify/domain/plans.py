"""Step plans: which message goes out on which day for each sequence kind.

A plan is a pure function of the sequence's anchor date (the start of a request or rejection
run, or a policy's expiration date) and the tenant's policy, so the sweep can recompute it from
the stored state and a crash never leaves a schedule half-written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from services.notify.domain.model import SequenceKind
from services.notify.domain.policy import SequencePolicy
from shared.correspondence import ActionKind


@dataclass(frozen=True)
class Step:
    index: int
    due_on: date
    # "send": a message to the vendor; "escalate": no message, an action-needed item for the GC.
    action: Literal["send", "escalate"]
    template: str = ""
    escalation: ActionKind | None = None
    reminder_number: int = 0
    days_before_expiry: int | None = None


def plan(kind: SequenceKind, anchor: date, policy: SequencePolicy) -> list[Step]:
    if kind == "request":
        return _chase(anchor, policy, "document_request", "request_reminder", "non_responsive_request")
    if kind == "rejection":
        return _chase(anchor, policy, "rejection_notice", "rejection_reminder", "non_responsive_rejection")
    if kind == "renewal":
        return _renewal(anchor, policy)
    raise ValueError(f"sequence kind {kind!r} has no step plan")


def _chase(
    anchor: date, policy: SequencePolicy, first: str, reminder: str, escalation: ActionKind
) -> list[Step]:
    every = timedelta(days=policy.reminder_interval_days)
    steps = [Step(0, anchor, "send", first)]
    count = policy.unanswered_reminders_before_non_responsive
    for n in range(1, count + 1):
        steps.append(Step(n, anchor + every * n, "send", reminder, reminder_number=n))
    # The last reminder is "unanswered" once another interval has passed without an upload.
    steps.append(Step(count + 1, anchor + every * (count + 1), "escalate", escalation=escalation))
    return steps


def _renewal(expiration: date, policy: SequencePolicy) -> list[Step]:
    steps: list[Step] = []
    for days_before in sorted(set(policy.renewal_reminder_days_before), reverse=True):
        steps.append(
            Step(
                len(steps),
                expiration - timedelta(days=days_before),
                "send",
                "renewal_reminder",
                days_before_expiry=days_before,
            )
        )
    # A policy is in force through its expiration date; the day after, it has expired.
    expired_on = expiration + timedelta(days=1)
    steps.append(Step(len(steps), expired_on, "send", "expiration_alert", days_before_expiry=-1))
    every = timedelta(days=policy.expired_reminder_interval_days)
    for n in range(1, policy.expired_reminders + 1):
        steps.append(Step(len(steps), expired_on + every * n, "send", "expired_reminder", reminder_number=n))
    steps.append(
        Step(
            len(steps),
            expired_on + every * (policy.expired_reminders + 1),
            "escalate",
            escalation="non_responsive_expiration",
        )
    )
    return steps


def first_step_on_or_after(steps: list[Step], today: date) -> Step | None:
    """Where a sequence (re)joins its plan: stale reminders are skipped, not sent late in a burst."""
    for step in steps:
        if step.due_on >= today:
            return step
    return None
