"""Sending compliance records and vendor holds to the Sage Intacct XML gateway (XML over HTTPS,
https://developer.intacct.com/web-services/requests/). Credentials (the Web Services sender id and
password, the API user's id, company id and password) come per tenant from an SSM SecureString
parameter, live only inside the request, and are never logged."""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable

import httpx

from services.erp_export.formatters.intacct import IntacctCredentials, intacct_request
from shared.erp.records import TenantErpConfig

logger = logging.getLogger(__name__)


class IntacctUnavailableError(RuntimeError):
    pass


def ssm_credentials(client: object) -> Callable[[str], IntacctCredentials]:
    def load(parameter: str) -> IntacctCredentials:
        response = client.get_parameter(Name=parameter, WithDecryption=True)  # type: ignore[attr-defined]
        raw = json.loads(response["Parameter"]["Value"])
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
        if not tenant.intacct_credentials_parameter:
            raise ValueError(f"tenant {tenant.tenant_id} sends to Intacct but has no credentials parameter")
        try:
            credentials = self._credentials_for(tenant.intacct_credentials_parameter)
        except (KeyError, ValueError) as exc:
            raise ValueError("the Intacct credentials parameter is not the expected JSON") from exc
        body = intacct_request(functions, control_id=control_id, credentials=credentials)
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
