"""Once a day, contracts whose approved coverage has run out stop being compliant.

Compliance is stored on the contract (so lists and the Do-Not-Pay view read one item), which
means something must notice the day a policy lapses: this job, on the daily schedule. Each
change publishes ComplianceChanged, so notify, Procore and the ERP hear of it like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aws_lambda_powertools import Logger

from services.review.ports import ReviewPorts
from shared import workspace
from shared.workspace import open_context, system_actor, tenant_ids

logger = Logger(service="review")


@dataclass
class DailyReport:
    tenants: int = 0
    lapsed_contracts: int = 0
    failed_tenants: list[str] = field(default_factory=list)


class DailyRefreshFailed(RuntimeError):
    """Some tenants could not be refreshed; the others were. The schedule's retry runs it again."""


def refresh_all_tenants(ports: ReviewPorts) -> DailyReport:
    report = DailyReport()
    for tenant_id in tenant_ids(ports.store):
        report.tenants += 1
        ctx = open_context(
            ports.store,
            system_actor(tenant_id),
            ports.publisher,
            ports.clock,
            correlation_id=f"daily-refresh:{ports.clock.today().isoformat()}",
        )
        try:
            report.lapsed_contracts += len(workspace.refresh_lapsed_contracts(ctx))
        except Exception:
            # One tenant's bad data must not stop every other tenant's refresh.
            logger.exception("daily refresh failed", extra={"tenant_id": tenant_id})
            report.failed_tenants.append(tenant_id)
    return report
