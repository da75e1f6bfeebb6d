"""Lambda on the daily schedule: the due-work sweep (`logic.sweep.run_sweep`), stopping early
enough to finish cleanly before the function's time runs out."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from services.notify import bootstrap
from services.notify.logic.sweep import run_sweep
from services.notify.ports import NotifyPorts
from services.notify.settings import NotifySettings
from shared.runtime import built_once

logger = Logger(service="notify")
notify_ports = built_once(bootstrap.build, NotifySettings)


def run(ports: NotifyPorts, context: Any) -> dict[str, Any]:
    if context is not None and ports.idempotency is not None:
        # An in-progress send record left by a worker that timed out expires with this invocation.
        ports.idempotency.register_lambda_context(context)
    seconds_left = (lambda: context.get_remaining_time_in_millis() / 1000) if context is not None else None
    report = run_sweep(ports, seconds_left=seconds_left).as_dict()
    logger.info("sweep", extra=report)
    return report


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return run(notify_ports(), context)
