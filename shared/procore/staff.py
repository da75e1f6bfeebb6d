"""Procore for the staff API and UI: one facade over Connected Apps, the project import and the
sync log, answering plain dicts and raising the workspace's own errors (so the API maps them like
any other), plus `ProcoreUnreachable` for Procore's own failures (a 502 there).

The API's Procore routes use only this module (built per table by `for_table`): everything here
runs in the request, on the workspace table and Procore's API; procore_sync is reached only
through the table and the queues.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from shared.procore.auth import ProcoreAuthError
from shared.procore.client import (
    ProcoreApiError,
    ProcoreNotFoundError,
    ProcoreRateLimitedError,
    ProcoreUnavailableError,
)
from shared.procore.connected_apps import ConnectedApps, ConnectionProblem
from shared.procore.imports import ImportChoiceError, ProjectImporter, validate_choice
from shared.procore.install import InvalidStateError
from shared.procore.records import ProcoreConnection
from shared.procore.settings import ProcoreAppSettings
from shared.procore.wiring import ProcoreIntegration, build_connected_apps, build_integration
from shared.workspace import Conflict, InvalidInput, NotFound

ProjectFilter = Literal["active", "inactive", "all"]
_BY_STATUS = {"active": "Active", "inactive": "Inactive", "all": "All"}


class ProcoreUnreachable(RuntimeError):
    """Procore failed or asked us to wait: try again shortly (a 502)."""


@contextmanager
def _plain_errors() -> Iterator[None]:
    try:
        yield
    except (ConnectionProblem, ImportChoiceError) as error:
        raise InvalidInput(str(error)) from error
    except InvalidStateError as error:
        raise InvalidInput(str(error)) from error
    except ProcoreAuthError as error:
        raise Conflict(f"Procore refused the connection ({error}); reconnect it in Connected Apps") from error
    except ProcoreNotFoundError as error:
        raise NotFound("Procore record") from error
    except (ProcoreApiError, ProcoreUnavailableError, ProcoreRateLimitedError) as error:
        raise ProcoreUnreachable(f"Procore could not answer: {str(error)[:200]}") from error


@dataclass
class ProcoreForStaff:
    apps: ConnectedApps
    deps: ProcoreIntegration
    configured: bool

    # ---- Connected Apps --------------------------------------------------------------------

    def status(self, tenant_id: str) -> dict[str, Any]:
        with _plain_errors():
            return {**self.apps.status(tenant_id).to_json(), "configured": self.configured}

    def authorize_origin(self) -> str | None:
        """Procore's sign-in host (the Connected Apps form is allowed to go there)."""
        if not self.configured:
            return None
        parts = urlsplit(self.apps.authorize_url(""))
        return f"{parts.scheme}://{parts.netloc}"

    def authorize_url(self, tenant_id: str) -> str:
        self._require_configured()
        return self.apps.start_authorization(tenant_id)

    def connect_service_account(self, tenant_id: str) -> dict[str, Any]:
        self._require_configured()
        with _plain_errors():
            return self.apps.connect_service_account(tenant_id).to_json()

    def choose_company(self, tenant_id: str, company_id: int) -> dict[str, Any]:
        with _plain_errors():
            return self.apps.choose_company(tenant_id, company_id).to_json()

    def disconnect(self, tenant_id: str) -> dict[str, Any]:
        with _plain_errors():
            return self.apps.disconnect(tenant_id).to_json()

    # ---- import ----------------------------------------------------------------------------

    def projects(self, tenant_id: str, status: str = "active") -> dict[str, Any]:
        """The company's Procore projects (`filters[by_status]`), those already imported marked."""
        if status not in _BY_STATUS:
            raise InvalidInput(
                "status must be active, inactive or all", {"status": "active, inactive or all"}
            )
        connection = self._connection(tenant_id, required=False)
        if connection is None:
            return {"connected": False, "status": status, "projects": []}
        imported = {i.procore_project_id: i for i in self._imports().all(tenant_id)}
        with _plain_errors():
            listed = list(
                self.deps.client_for(connection).list_projects({"filters[by_status]": _BY_STATUS[status]})
            )
        projects = []
        for raw in listed:
            procore_id = int(raw["id"])
            chosen = imported.get(procore_id)
            projects.append(
                {
                    "procore_project_id": procore_id,
                    "name": raw.get("name") or raw.get("display_name"),
                    "number": raw.get("project_number"),
                    "status": "Active" if raw.get("active", True) else "Inactive",
                    "stage": raw.get("stage"),
                    "imported": chosen is not None,
                    "project_id": chosen.our_project_id if chosen else None,
                    "method": chosen.method if chosen else None,
                    "statuses": list(chosen.statuses) if chosen else [],
                    "procore_url": self.deps.links.project(procore_id),
                }
            )
        return {"connected": True, "status": status, "projects": projects}

    def import_project(
        self, tenant_id: str, procore_project_id: int, method: str, statuses: list[str] | None
    ) -> dict[str, Any]:
        with _plain_errors():
            validate_choice(method, statuses)
            chosen, summary = self._importer(tenant_id).import_project(
                tenant_id, procore_project_id, method, statuses
            )
        return {
            **chosen.to_json(),
            "contracts": summary.contracts,
            "skipped": summary.skipped,
            "procore_url": self.deps.links.project(procore_project_id),
        }

    def change_import(
        self, tenant_id: str, project_id: str, method: str, statuses: list[str] | None
    ) -> dict[str, Any]:
        chosen = self._import_of(tenant_id, project_id)
        if chosen is None:
            raise NotFound("Procore import of project", project_id)
        return self.import_project(tenant_id, chosen.procore_project_id, method, statuses)

    # ---- what the project, contract and list pages show -------------------------------------

    def project_procore(self, tenant_id: str, project_id: str) -> dict[str, Any] | None:
        chosen = self._import_of(tenant_id, project_id)
        if chosen is None:
            return None
        return {**chosen.to_json(), "procore_url": self.deps.links.project(chosen.procore_project_id)}

    def sync_log(self, tenant_id: str, project_id: str) -> list[dict[str, Any]]:
        log = self.deps.log
        return [e.to_json() for e in log.entries(tenant_id, project_id)] if log else []

    def project_links(self, tenant_id: str) -> dict[str, str]:
        """Our project id -> its page in Procore, for the project list."""
        return {
            i.our_project_id: self.deps.links.project(i.procore_project_id)
            for i in self._imports().all(tenant_id)
        }

    def contract_link(
        self, tenant_id: str, contract_id: str, *, vendor_id: str, project_id: str
    ) -> str | None:
        """The commitment in Procore, else the company in the project's directory."""
        ref = self.deps.ids.procore_ref(tenant_id, "contract", contract_id)
        if ref is not None and ref.commitment_kind and ref.procore_project_id:
            return self.deps.links.commitment(ref.procore_project_id, ref.commitment_kind, ref.procore_id)
        vendor = self.deps.ids.procore_ref(tenant_id, "vendor", vendor_id)
        chosen = self._import_of(tenant_id, project_id)
        if vendor is not None and chosen is not None:
            return self.deps.links.directory_vendor(chosen.procore_project_id, vendor.procore_id)
        return None

    # ---- helpers ---------------------------------------------------------------------------

    def _require_configured(self) -> None:
        if not self.configured:
            raise Conflict("Procore is not set up for this installation (no Procore client id)")

    def _imports(self) -> Any:
        assert self.deps.imports is not None
        return self.deps.imports

    def _connection(self, tenant_id: str, *, required: bool = True) -> ProcoreConnection | None:
        connection = self.deps.connections.get(tenant_id)
        if connection is None or not connection.enabled or not connection.company_id:
            if required:
                raise Conflict("connect Procore first (Settings > Connected Apps)")
            return None
        return connection

    def _importer(self, tenant_id: str) -> ProjectImporter:
        connection = self._connection(tenant_id)
        assert connection is not None
        importer = self.deps.importer_for(connection)
        assert importer is not None
        return importer

    def _import_of(self, tenant_id: str, project_id: str) -> Any:
        ref = self.deps.ids.procore_ref(tenant_id, "project", project_id)
        return self._imports().get(tenant_id, ref.procore_id) if ref else None


def for_table(table_name: str) -> ProcoreForStaff:
    """Built from the Procore settings in the environment, on the API's table (the API keeps one
    per composition root)."""
    config = ProcoreAppSettings(table_name=table_name)
    deps = build_integration(config)
    return ProcoreForStaff(
        build_connected_apps(config, deps), deps, configured=bool(config.procore_client_id)
    )
