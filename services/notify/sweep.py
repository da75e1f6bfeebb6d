"""Lambda: the daily EventBridge schedule runs the due-work sweep."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from services.notify import bootstrap
from services.notify.logic.sweep import run_sweep

logger = Logger(service="notify")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    report = run_sweep(bootstrap.bind_invocation(context)).as_dict()
    logger.info("sweep", extra=report)
    return report
