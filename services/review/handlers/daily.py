"""Lambda on the daily schedule: lapsed coverage refreshed in every tenant (`logic.daily`).
A run where some tenant failed raises after the others are done, so the schedule retries it."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from services.review import bootstrap
from services.review.logic.daily import DailyRefreshFailed, refresh_all_tenants
from services.review.settings import ReviewSettings
from shared.runtime import built_once

logger = Logger(service="review")
review_ports = built_once(bootstrap.build, ReviewSettings)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    report = refresh_all_tenants(review_ports())
    logger.info("daily refresh", extra=report.__dict__)
    if report.failed_tenants:
        raise DailyRefreshFailed(f"{len(report.failed_tenants)} tenant(s) failed; see the log")
    return report.__dict__
