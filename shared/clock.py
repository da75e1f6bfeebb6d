"""Time as a port: production reads the system clock, the local stack can be moved forward
(`coi local advance --days N`) and tests pin it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()


class FixedClock:
    def __init__(self, at: datetime) -> None:
        self.at = at if at.tzinfo else at.replace(tzinfo=UTC)

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return self.at.date()

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


class OffsetFileClock:
    """System time plus a day offset kept in a JSON file, re-read on every call so that every
    local process sees `coi local advance` at once."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def offset_days(self) -> int:
        try:
            return int(json.loads(self.path.read_text())["offset_days"])
        except (FileNotFoundError, ValueError, KeyError):
            return 0

    def advance(self, days: int) -> int:
        total = self.offset_days() + days
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"offset_days": total}))
        return total

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(days=self.offset_days())

    def today(self) -> date:
        return self.now().date()
