"""Lambda on the daily schedule: every connected tenant polled for what webhooks missed
(`logic.reconcile`). A run where some tenant failed raises after the others are done."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from services.procore_sync import bootstrap
from services.procore_sync.logic.reconcile import reconcile
from services.procore_sync.settings import ProcoreSettings
from shared.runtime import built_once

logger = Logger(service="procore_sync")
procore_ports = built_once(bootstrap.build, ProcoreSettings)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    logger.info("procore reconciliation started")
    return reconcile(procore_ports())
