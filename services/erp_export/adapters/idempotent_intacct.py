"""Sending each Intacct request at most once (Powertools idempotency on DynamoDB), keyed on the
tenant and the control id, which the export makes per day and batch.

A retried scheduled run must not create the same compliance records twice: the first send's
response (which carries the RECORDNOs Intacct assigned) is kept and replayed instead.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function

from services.erp_export.ports import IntacctGateway
from shared.erp.records import TenantErpConfig


class IdempotentIntacctGateway:
    def __init__(self, inner: IntacctGateway, persistence_store: Any) -> None:
        self._inner = inner
        # The XML elements cannot be hashed by Powertools: the key is (tenant, control id) and
        # the elements ride alongside for the one call that actually sends.
        self._pending: tuple[TenantErpConfig, list[ET.Element]] | None = None
        self.config = IdempotencyConfig(
            event_key_jmespath="[tenant_id, control_id]",
            raise_on_no_idempotency_key=True,
            expires_after_seconds=2 * 24 * 3600,
        )
        self._send_once = idempotent_function(
            data_keyword_argument="request",
            persistence_store=persistence_store,
            config=self.config,
            key_prefix="erp_export.intacct",
        )(self._send)

    def send(self, tenant: TenantErpConfig, functions: list[ET.Element], control_id: str) -> str:
        self._pending = (tenant, functions)
        try:
            request = {"tenant_id": tenant.tenant_id, "control_id": control_id}
            response: str = self._send_once(request=request)
            return response
        finally:
            self._pending = None

    def _send(self, request: dict[str, str]) -> str:
        assert self._pending is not None
        tenant, functions = self._pending
        return self._inner.send(tenant, functions, request["control_id"])
