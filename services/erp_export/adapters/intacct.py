"""Sending compliance records to the Sage Intacct XML gateway. Credentials come from Secrets
Manager per tenant, live only inside the request, and are never logged."""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable

import httpx

from services.erp_export.formatters.intacct import IntacctCredentials, intacct_request
from services.erp_export.models import TenantErpConfig

logger = logging.getLogger(__name__)


class IntacctUnavailableError(RuntimeError):
    pass


def secrets_manager_credentials(client: object) -> Callable[[str], IntacctCredentials]:
    def load(secret_id: str) -> IntacctCredentials:
        raw = json.loads(client.get_secret_value(SecretId=secret_id)["SecretString"])  # type: ignore[attr-defined]
        return IntacctCredentials(
            sender_id=raw["sender_id"],
            sender_password=raw["sender_password"],
            user_id=raw["user_id"],
            company_id=raw["company_id"],
            user_password=raw["user_password"],
        )

    return load


class HttpIntacctGateway:
    def __init__(
        self, http: httpx.Client, url: str, credentials_for: Callable[[str], IntacctCredentials]
    ) -> None:
        self._http = http
        self._url = url
        self._credentials_for = credentials_for

    def send(self, tenant: TenantErpConfig, functions: list[ET.Element], control_id: str) -> str:
        if not tenant.intacct_credentials_secret:
            raise ValueError(f"tenant {tenant.tenant_id} sends to Intacct but has no credentials secret")
        body = intacct_request(
            functions,
            control_id=control_id,
            credentials=self._credentials_for(tenant.intacct_credentials_secret),
        )
        try:
            response = self._http.post(self._url, content=body, headers={"Content-Type": "application/xml"})
        except httpx.TransportError as exc:
            raise IntacctUnavailableError(f"Intacct gateway unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 400:
            raise IntacctUnavailableError(f"Intacct gateway answered {response.status_code}")
        logger.info(
            "intacct request sent", extra={"tenant_id": tenant.tenant_id, "functions": len(functions)}
        )
        return response.text
