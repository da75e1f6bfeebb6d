"""What review's use cases are given: the workspace's item store, the bus, the clock, the rules
engine and the system carrier table. The adapters are shared's (`DynamoItemStore`,
`EventBridgePublisher`); tests pass the fakes in `tests/fakes/` (`InMemoryItemStore`,
`InMemoryPublisher`) and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from shared.aws.bus import EventPublisher
from shared.clock import Clock
from shared.contracts import Verdict
from shared.contracts.carriers import CarrierTable
from shared.workspace import ItemStore

CheckCertificate = Callable[..., Verdict]  # (certificate, requirements, *, carriers, as_of) -> Verdict
UnreadableVerdict = Callable[[str, date], Verdict]


@dataclass(frozen=True)
class ReviewPorts:
    store: ItemStore
    publisher: EventPublisher
    clock: Clock
    check_certificate: CheckCertificate
    unreadable_verdict: UnreadableVerdict
    # The system table (`CARRIERS_FILE`); each tenant's own table is read per review and wins.
    carriers: CarrierTable
