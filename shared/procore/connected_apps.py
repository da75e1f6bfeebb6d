"""Connected Apps: what staff do with the Procore connection, and what they see of it.

1. Connect, either way Procore offers:
   - authorization code: `start_authorization` gives the URL of Procore's consent page (with a
     signed state naming the tenant); Procore sends the browser back to the callback, which calls
     `finish_authorization` (the code is exchanged, the tokens stored encrypted);
   - a developer managed service account (client credentials, the app installed in the company by
     its admin): `connect_service_account`.
2. Choose the company: a user who sees one Procore company is connected to it at once; otherwise
   the connection waits in `choose_company` until staff pick one (`choose_company`), which creates
   the webhook hook and its triggers.
3. `status`: connected as whom, to which company, since when, last sync, last error.
4. `disconnect`: the hook deleted at Procore, the tokens revoked there and deleted here, the
   connection removed (deliveries get 401 at once).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from shared.clock import Clock
from shared.procore.auth import AuthMode, ProcoreAuthError
from shared.procore.client import ProcoreApiError, ProcoreClient
from shared.procore.connect import ConnectRequest, connect_tenant, disconnect_tenant
from shared.procore.install import InstallRequest, sign_state
from shared.procore.ports import ConnectionStore, SyncHealthStore
from shared.procore.records import InsuranceScope, ProcoreConnection

logger = logging.getLogger(__name__)

ConnectionStatus = Literal["not_connected", "choose_company", "connected", "needs_reconnect"]


class ConnectionProblem(ValueError):
    """Something staff can act on (no connection yet, a company that is not theirs): a 4xx."""


@dataclass(frozen=True)
class ProcoreCompany:
    id: int
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class ConnectionView:
    status: ConnectionStatus
    auth_mode: AuthMode | None = None
    connected_as: str = ""
    company: ProcoreCompany | None = None
    connected_at: datetime | None = None
    last_sync_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    companies: tuple[ProcoreCompany, ...] = field(default=())
    procore_url: str | None = None

    def to_json(self) -> dict[str, Any]:
        def when(moment: datetime | None) -> str | None:
            return moment.isoformat() if moment else None

        return {
            "provider": "procore",
            "status": self.status,
            "connected": self.status == "connected",
            "auth_mode": self.auth_mode,
            "connected_as": self.connected_as or None,
            "company": self.company.to_json() if self.company else None,
            "connected_at": when(self.connected_at),
            "last_sync_at": when(self.last_sync_at),
            "last_error": self.last_error,
            "last_error_at": when(self.last_error_at),
            "companies": [c.to_json() for c in self.companies],
            "procore_url": self.procore_url,
        }


@dataclass
class ConnectedApps:
    connections: ConnectionStore
    health: SyncHealthStore
    client_for: Callable[[ProcoreConnection], ProcoreClient]
    clock: Clock
    state_key: bytes
    # Builds Procore's authorize URL around our signed state.
    authorize_url: Callable[[str], str]
    # Our public base URL under which the webhook route lives (`.../webhooks/procore/<tenant>`).
    webhook_base_url: str
    # Procore's web app (links into Procore), e.g. https://app.procore.com
    web_base_url: str = "https://app.procore.com"
    insurance_scope: InsuranceScope = "project"
    service_account_name: str = "service account"

    # ---- reading ---------------------------------------------------------------------------

    def status(self, tenant_id: str) -> ConnectionView:
        connection = self.connections.get(tenant_id)
        if connection is None:
            return ConnectionView("not_connected")
        health = self.health.read(tenant_id)
        base = ConnectionView(
            status="connected" if connection.enabled and connection.company_id else "choose_company",
            auth_mode=connection.auth_mode,
            connected_as=connection.connected_as,
            company=(
                ProcoreCompany(connection.company_id, connection.company_name)
                if connection.company_id
                else None
            ),
            connected_at=connection.connected_at,
            last_sync_at=health.last_sync_at,
            last_error=health.last_error,
            last_error_at=health.last_error_at,
            procore_url=(
                f"{self.web_base_url}/{connection.company_id}/company/home" if connection.company_id else None
            ),
        )
        if base.status == "choose_company":
            try:
                return replace(base, companies=tuple(self._companies(connection)))
            except ProcoreAuthError as error:
                return replace(base, status="needs_reconnect", last_error=str(error))
        return base

    # ---- connecting ------------------------------------------------------------------------

    def start_authorization(self, tenant_id: str) -> str:
        state = sign_state(InstallRequest(tenant_id, 0), key=self.state_key, now=self.clock.now())
        return self.authorize_url(state)

    def finish_authorization(self, request: InstallRequest, code: str) -> ConnectionView:
        """The callback, once its signed state named the tenant (`install.verify_state`)."""
        pending = ProcoreConnection(request.tenant_id, 0, "authorization_code", enabled=False)
        client = self.client_for(pending)
        client.token_provider.exchange_code(code)
        return self._after_token(pending, client, preferred_company=request.company_id or None)

    def connect_service_account(self, tenant_id: str) -> ConnectionView:
        pending = ProcoreConnection(tenant_id, 0, "client_credentials", enabled=False)
        client = self.client_for(pending)
        client.token_provider.access_token()  # ProcoreAuthError when the app is not installed
        return self._after_token(pending, client, preferred_company=None)

    def choose_company(self, tenant_id: str, company_id: int) -> ConnectionView:
        connection = self.connections.get(tenant_id)
        if connection is None:
            raise ConnectionProblem("connect Procore first")
        companies = {c.id: c for c in self._companies(connection)}
        if company_id not in companies:
            raise ConnectionProblem("that Procore company is not one this connection can see")
        self._connect(connection, companies[company_id])
        return self.status(tenant_id)

    def disconnect(self, tenant_id: str) -> ConnectionView:
        connection = self.connections.get(tenant_id)
        if connection is None:
            return ConnectionView("not_connected")
        if connection.company_id:
            try:
                disconnect_tenant(
                    connection,
                    client=self.client_for(connection),
                    connections=self.connections,
                    our_api_base_url=self.webhook_base_url,
                )
            except ProcoreAuthError:
                # The grant is already gone at Procore: nothing left there to delete or revoke.
                logger.info("procore disconnect without a usable token", extra={"tenant_id": tenant_id})
                self.client_for(connection).token_provider.revoke()
        else:
            self.client_for(connection).token_provider.revoke()
        self.connections.delete(tenant_id)
        self.health.clear(tenant_id)
        logger.info("procore connection removed", extra={"tenant_id": tenant_id})
        return ConnectionView("not_connected")

    # ---- steps -----------------------------------------------------------------------------

    def _after_token(
        self, pending: ProcoreConnection, client: ProcoreClient, *, preferred_company: int | None
    ) -> ConnectionView:
        pending = replace(pending, connected_as=self._who(client, pending.auth_mode))
        companies = self._companies(pending, client)
        chosen = next((c for c in companies if c.id == preferred_company), None)
        if chosen is None and len(companies) == 1:
            chosen = companies[0]
        existing = self.connections.get(pending.tenant_id)
        if chosen is None:
            if existing is None or not existing.enabled:
                self.connections.put(pending)
            return self.status(pending.tenant_id)
        self._connect(pending, chosen)
        return self.status(pending.tenant_id)

    def _connect(self, connection: ProcoreConnection, company: ProcoreCompany) -> None:
        client = self.client_for(replace(connection, company_id=company.id))
        connect_tenant(
            ConnectRequest(
                tenant_id=connection.tenant_id,
                company_id=company.id,
                our_api_base_url=self.webhook_base_url,
                insurance_scope=connection.insurance_scope or self.insurance_scope,
                sync_insurances=connection.sync_insurances,
                auth_mode=connection.auth_mode,
                connected_as=connection.connected_as,
                company_name=company.name,
                connected_at=self.clock.now(),
            ),
            client=client,
            connections=self.connections,
        )
        self.health.clear(connection.tenant_id)

    def _who(self, client: ProcoreClient, mode: AuthMode) -> str:
        try:
            me = client.request("GET", "/rest/v1.0/me").json()
        except ProcoreApiError:
            return self.service_account_name if mode == "client_credentials" else ""
        name = str(me.get("name") or "").strip()
        login = str(me.get("login") or "").strip()
        return f"{name} ({login})" if name and login else name or login

    def _companies(
        self, connection: ProcoreConnection, client: ProcoreClient | None = None
    ) -> list[ProcoreCompany]:
        client = client or self.client_for(replace(connection, company_id=0))
        return [
            ProcoreCompany(int(c["id"]), str(c.get("name") or c["id"]))
            for c in client.paginate("/rest/v1.0/companies", {})
            if c.get("is_active", True)
        ]
