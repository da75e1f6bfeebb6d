"""Lambda: the daily EventBridge schedule runs the due-work sweep."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from services.notify import bootstrap
from services.notify.logic.sweep import run_sweep

logger = Logger(service="notify")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    notifier = bootstrap.bind_invocation(context)
    seconds_left = (lambda: context.get_remaining_time_in_millis() / 1000) if context is not None else None
    report = run_sweep(notifier, seconds_left=seconds_left).as_dict()
    logger.info("sweep", extra=report)
    return report
