"""Where staff see what each compliance push did: the contract page (what was pushed and when, in
`shared.procore.pushes`) and, when it failed, the project's Procore Sync Log with a link to the
record in Procore. The failure is raised again afterwards: SQS retries the message
(`maxReceiveCount`), then keeps it in the dead-letter queue for `coi procore replay-dead-letters`.
A later push that succeeds marks the log entry resolved."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from services.procore_sync.logic.outbound import ProcoreSyncRejectedError, PushResult
from shared.events import ComplianceChanged
from shared.procore.client import ProcoreApiError, ProcoreRateLimitedError
from shared.procore.imports import SyncLog, SyncLogEntry
from shared.procore.links import ProcoreLinks
from shared.procore.ports import IdMap
from shared.procore.pushes import PushRecords

logger = logging.getLogger(__name__)


def log_key(contract_id: str) -> str:
    return f"push:{contract_id}"


@dataclass
class PushLog:
    ids: IdMap
    links: ProcoreLinks
    log: SyncLog | None = None
    pushes: PushRecords | None = None

    def pushed(self, event: ComplianceChanged, result: PushResult, at: datetime) -> None:
        if result.skipped is not None:
            return  # nothing was sent (not connected, not from Procore, superseded)
        if self.pushes is not None:
            self.pushes.succeeded(
                event.tenant_id,
                event.contract_id,
                at,
                insurances=list(result.insurances) if result.insurances is not None else None,
                commitment_status=result.commitment_status,
            )
        if result.errors:
            # Gone from Procore or not visible to the account: retrying cannot help, staff can.
            self._failed(event, "Procore refused part of the update: " + "; ".join(result.errors), at)
        elif self.log is not None:
            self.log.succeeded(event.tenant_id, event.project_id, log_key(event.contract_id), at)

    def failed(self, event: ComplianceChanged, error: Exception, at: datetime) -> None:
        try:
            self._failed(event, _plain(error), at)
        except Exception:  # the push's own failure is what must reach SQS
            logger.exception("push failure could not be recorded", extra={"contract_id": event.contract_id})

    def _failed(self, event: ComplianceChanged, message: str, at: datetime) -> None:
        if self.pushes is not None:
            self.pushes.failed(event.tenant_id, event.contract_id, at, message)
        if self.log is None:
            return
        self.log.failed(
            event.tenant_id,
            event.project_id,
            SyncLogEntry(
                key=log_key(event.contract_id),
                time=at,
                contract_number=event.contract_number,
                vendor=event.vendor_name or event.vendor_id,
                scope=None,
                error=message[:500],
                procore_url=self._url(event),
            ),
        )

    def _url(self, event: ComplianceChanged) -> str:
        contract = self.ids.procore_ref(event.tenant_id, "contract", event.contract_id)
        if contract is not None and contract.commitment_kind and contract.procore_project_id:
            return self.links.commitment(
                contract.procore_project_id, contract.commitment_kind, contract.procore_id
            )
        project = self.ids.procore_ref(event.tenant_id, "project", event.project_id)
        vendor = self.ids.procore_ref(event.tenant_id, "vendor", event.vendor_id)
        if project is not None and vendor is not None:
            return self.links.directory_vendor(project.procore_id, vendor.procore_id)
        return self.links.project(project.procore_id) if project is not None else self.links.web_base_url


def _plain(error: Exception) -> str:
    """The failure in words staff can act on (no stack traces, no secrets)."""
    if isinstance(error, ProcoreSyncRejectedError):
        return f"{error} It will be retried; fix the record in Procore if it keeps failing."
    if isinstance(error, ProcoreRateLimitedError):
        return "Procore's rate limit was reached; the compliance update will be retried automatically."
    if isinstance(error, ProcoreApiError):
        return (
            f"Compliance not sent to Procore (Procore answered HTTP {error.status_code}); "
            "it will be retried automatically."
        )
    return f"Compliance not sent to Procore ({type(error).__name__}); it will be retried automatically."


def logged(
    push: Callable[[ComplianceChanged], PushResult], push_log: PushLog, now: Callable[[], datetime]
) -> Callable[[ComplianceChanged], PushResult]:
    """`push` recorded for staff: success on the contract page, failure in the sync log too."""

    def run(event: ComplianceChanged) -> PushResult:
        try:
            result = push(event)
        except Exception as error:
            push_log.failed(event, error, now())
            raise
        push_log.pushed(event, result, now())
        return result

    return run
