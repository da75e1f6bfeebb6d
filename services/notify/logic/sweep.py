"""The daily sweep: read the due index day by day and run what is due.

Cost is one Query per (day, shard) plus a few reads per due item, so it grows with the work due,
not with the number of contracts or tracked policies. Days from the last sweep (minus a small
lookback, which re-finds items a crashed or contended step left behind) up to today are
covered, so a missed schedule or `coi local advance --days N` catches up in order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from services.notify.domain.model import SequenceState
from services.notify.logic.lookup import Lookup
from services.notify.logic.saves import try_save
from services.notify.logic.sequences import advance
from services.notify.ports import NotifyPorts

logger = logging.getLogger(__name__)

# Leave time to finish the item in hand and log before the Lambda is cut off.
STOP_WITH_SECONDS_LEFT = 20.0


@dataclass(frozen=True)
class SweepReport:
    today: date
    first_day: date
    due_items: int
    messages_sent: int
    failures: int
    complete: bool = True

    def as_dict(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "first_day": self.first_day.isoformat(),
            "due_items": self.due_items,
            "messages_sent": self.messages_sent,
            "failures": self.failures,
            "complete": self.complete,
        }


def sweep_days(today: date, watermark: date | None, lookback_days: int, max_catch_up_days: int) -> list[date]:
    start = (watermark or today) - timedelta(days=lookback_days)
    start = max(start, today - timedelta(days=max_catch_up_days))
    return [start + timedelta(days=i) for i in range((today - start).days + 1)]


def run_sweep(n: NotifyPorts, *, seconds_left: Callable[[], float] | None = None) -> SweepReport:
    """Run what is due; with `seconds_left` (the Lambda's remaining time) it stops early enough
    to finish cleanly, leaves the watermark where it was, and the next run picks up the rest."""
    today = n.clock.today()
    days = sweep_days(
        today, n.store.sweep_watermark(), n.config.sweep_lookback_days, n.config.max_catch_up_days
    )
    lookup = Lookup(n)
    due_items = sent = failures = 0
    for day in days:
        for shard in range(max(1, n.config.due_shards)):
            for state in n.store.due_on(day, shard):
                if seconds_left is not None and seconds_left() < STOP_WITH_SECONDS_LEFT:
                    report = SweepReport(today, days[0], due_items, sent, failures, complete=False)
                    logger.warning("sweep stopped before its deadline %s", report.as_dict())
                    return report
                due_items += 1
                try:
                    sent += advance(n, lookup, state)
                except Exception:
                    # One bad item must not hold up the rest: it moves to tomorrow, so it is retried
                    # daily and never silently dropped.
                    failures += 1
                    logger.exception("sweep: %s/%s %s failed", state.tenant_id, state.contract_id, state.key)
                    _retry_tomorrow(n, state, today)
    n.store.set_sweep_watermark(today)
    report = SweepReport(today, days[0], due_items, sent, failures)
    logger.info("sweep done %s", report.as_dict())
    return report


def _retry_tomorrow(n: NotifyPorts, state: SequenceState, today: date) -> None:
    try:
        fresh = n.store.get_sequence(state.tenant_id, state.contract_id, state.key)
        if fresh and fresh.status == "active" and fresh.due_on and fresh.due_on <= today:
            try_save(n, fresh.evolve(due_on=today + timedelta(days=1)))
    except Exception:
        logger.exception("sweep: could not reschedule %s/%s", state.contract_id, state.key)
