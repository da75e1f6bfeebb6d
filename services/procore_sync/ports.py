"""What procore_sync's use cases are given. The integration's own ports (connections, tokens, id
map, workspace sink, webhook ledger and queue) are `shared.procore.ports`, shared with the API's
Procore routes; these two are procore_sync's alone. Fakes: `tests/fakes/procore_stores.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from shared.procore.wiring import ProcoreIntegration


class CursorStore(Protocol):
    def last_polled(self, tenant_id: str) -> datetime | None: ...

    def save(self, tenant_id: str, polled_until: datetime) -> None: ...


class PushWatermark(Protocol):
    """The time of the newest compliance change pushed per contract: SQS does not keep order, and
    an older status must never overwrite a newer one in Procore."""

    def is_stale(self, tenant_id: str, contract_id: str, changed_at: datetime) -> bool: ...

    def advance(self, tenant_id: str, contract_id: str, changed_at: datetime) -> None: ...


@dataclass
class ProcorePorts(ProcoreIntegration):
    """The integration's ports (`shared.procore.wiring.ProcoreIntegration`) and procore_sync's own."""

    cursors: CursorStore = field(kw_only=True)
    watermark: PushWatermark | None = field(default=None, kw_only=True)
    idempotency_table_name: str = field(default="", kw_only=True)
