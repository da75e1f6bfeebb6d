"""A synchronous httpx client for the Procore REST API (v1.0 endpoints this service uses).

Every call carries `Procore-Company-Id`; POST/PATCH carry an `Idempotency-Token` that stays the
same across retries of one logical write. 429 and 503 wait for `X-Rate-Limit-Reset` (unix
seconds) or `Retry-After`, with jitter; other 5xx and transport errors back off 1.5^n like the
official Ruby SDK. Waiting goes through a Sleeper port so tests never sleep.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal, Protocol

import httpx

from shared.clock import Clock
from shared.procore.auth import TokenProvider

logger = logging.getLogger(__name__)

CommitmentKind = Literal["work_order_contracts", "purchase_order_contracts"]
COMMITMENT_KINDS: tuple[CommitmentKind, ...] = ("work_order_contracts", "purchase_order_contracts")
SYNC_BATCH_LIMIT = 1000  # Procore's documented maximum per sync call


class Sleeper(Protocol):
    def sleep(self, seconds: float) -> None: ...


class RealSleeper:
    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class ProcoreApiError(RuntimeError):
    def __init__(self, status_code: int, method: str, path: str, detail: str) -> None:
        super().__init__(f"Procore {method} {path} answered {status_code}: {detail}")
        self.status_code = status_code


class ProcoreNotFoundError(ProcoreApiError):
    pass


class ProcoreRateLimitedError(RuntimeError):
    """Procore asked to wait longer than this invocation may: retry the work later."""


class ProcoreUnavailableError(RuntimeError):
    """Procore kept failing after every retry."""


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff_base: float = 1.5
    # Waiting past this would outlive the Lambda; the SQS message is retried instead.
    max_wait_seconds: float = 60.0
    max_jitter_seconds: float = 1.0


def updated_between(start: datetime, end: datetime) -> dict[str, str]:
    """Procore's range filter: `filters[updated_at]=<iso>...<iso>`."""
    return {"filters[updated_at]": f"{_iso(start)}...{_iso(end)}"}


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class ProcoreClient:
    def __init__(  # noqa: PLR0913  keyword-only collaborators, built once by client_factory
        self,
        *,
        http: httpx.Client,
        api_base_url: str,
        company_id: int,
        tokens: TokenProvider,
        sleeper: Sleeper,
        clock: Clock,
        retry: RetryPolicy | None = None,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._http = http
        self._base = api_base_url.rstrip("/")
        self.company_id = company_id
        self._tokens = tokens
        self._sleeper = sleeper
        self._clock = clock
        self._retry = retry or RetryPolicy()
        self._jitter = jitter

    @property
    def token_provider(self) -> TokenProvider:
        return self._tokens

    # ---- transport -------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path_or_url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotency_token: str | None = None,
    ) -> httpx.Response:
        url = path_or_url if path_or_url.startswith("http") else f"{self._base}{path_or_url}"
        headers = {"Accept": "application/json"}
        if self.company_id:
            # 0 before a company is chosen: only `/me` and `/companies` are called then.
            headers["Procore-Company-Id"] = str(self.company_id)
        if method in ("POST", "PATCH"):
            # One token for every retry of this write, so Procore can recognise the repeat.
            headers["Idempotency-Token"] = idempotency_token or uuid.uuid4().hex
        token = self._tokens.access_token()
        renewed = False
        for attempt in range(1, self._retry.max_attempts + 1):
            headers["Authorization"] = f"Bearer {token}"
            try:
                response = self._http.request(method, url, params=params, json=json, headers=headers)
            except httpx.TransportError as exc:
                if attempt == self._retry.max_attempts:
                    raise ProcoreUnavailableError(
                        f"Procore {method} {_path(url)}: {type(exc).__name__}"
                    ) from exc
                self._wait(self._backoff(attempt), reason=type(exc).__name__, url=url)
                continue
            status = response.status_code
            if status < 400:
                return response
            if status == 401 and not renewed:
                renewed = True
                token = self._tokens.renew_after_rejection(token)
                continue
            if status in (429, 503):
                if attempt == self._retry.max_attempts:
                    raise ProcoreRateLimitedError(f"Procore {method} {_path(url)} still {status}")
                wait = self._rate_limit_wait(response) if status == 429 else self._retry_after(response)
                wait = (wait if wait is not None else self._backoff(attempt)) + self._jitter_seconds()
                if wait > self._retry.max_wait_seconds:
                    raise ProcoreRateLimitedError(
                        f"Procore {method} {_path(url)} asks to wait {wait:.0f} s; retry later"
                    )
                self._wait(wait, reason=str(status), url=url)
                continue
            if status >= 500:
                if attempt == self._retry.max_attempts:
                    raise ProcoreUnavailableError(f"Procore {method} {_path(url)} answered {status}")
                self._wait(self._backoff(attempt), reason=str(status), url=url)
                continue
            error_class = ProcoreNotFoundError if status == 404 else ProcoreApiError
            raise error_class(status, method, _path(url), _error_detail(response))
        raise ProcoreUnavailableError(f"Procore {method} {_path(url)}: out of attempts")

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params).json()

    def paginate(
        self, path: str, params: Mapping[str, Any] | None = None, *, per_page: int = 100
    ) -> Iterator[dict[str, Any]]:
        """Every item of a list endpoint, following `Link: <...>; rel="next"` until the last page."""
        response = self.request("GET", path, params={**(params or {}), "page": 1, "per_page": per_page})
        while True:
            yield from response.json()
            next_url = response.links.get("next", {}).get("url")
            if not next_url:
                return
            response = self.request("GET", next_url)

    # ---- resources ---------------------------------------------------------------------------

    def get_project(self, project_id: int) -> dict[str, Any]:
        return self.get_json(f"/rest/v1.0/projects/{project_id}", {"company_id": self.company_id})

    def list_projects(self, filters: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        params = {"company_id": self.company_id, **(filters or {})}
        return self.paginate("/rest/v1.0/projects", params, per_page=300)

    def get_vendor(self, vendor_id: int) -> dict[str, Any]:
        return self.get_json(f"/rest/v1.0/vendors/{vendor_id}", {"company_id": self.company_id})

    def list_vendors(self, filters: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        params = {"company_id": self.company_id, **(filters or {})}
        return self.paginate("/rest/v1.0/vendors", params)

    def list_project_users(self, project_id: int, *, vendor_id: int) -> Iterator[dict[str, Any]]:
        """The project directory's people of one vendor (they carry `is_insurance_manager`)."""
        return self.paginate(f"/rest/v1.0/projects/{project_id}/users", {"filters[vendor_id][]": [vendor_id]})

    def get_commitment(self, kind: CommitmentKind, commitment_id: int, project_id: int) -> dict[str, Any]:
        return self.get_json(f"/rest/v1.0/{kind}/{commitment_id}", {"project_id": project_id})

    def list_commitments(
        self, kind: CommitmentKind, project_id: int, filters: Mapping[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        return self.paginate(f"/rest/v1.0/{kind}", {"project_id": project_id, **(filters or {})})

    def sync_insurances(
        self,
        *,
        vendor_id: int,
        updates: list[dict[str, Any]],
        project_id: int | None,
        idempotency_token: str,
    ) -> dict[str, Any]:
        """Upsert insurances by `origin_id` (project level when project_id is given, else company).
        Procore answers 200 with `entities` and `errors` however many failed."""
        if project_id is not None:
            path = f"/rest/v1.0/projects/{project_id}/vendors/{vendor_id}/insurances/sync"
        else:
            path = f"/rest/v1.0/companies/{self.company_id}/vendors/{vendor_id}/insurances/sync"
        result: dict[str, Any] = {"entities": [], "errors": []}
        for start in range(0, len(updates), SYNC_BATCH_LIMIT):
            body = self.request(
                "PATCH",
                path,
                json={"updates": updates[start : start + SYNC_BATCH_LIMIT]},
                idempotency_token=f"{idempotency_token}-{start}",
            ).json()
            result["entities"].extend(body.get("entities", []))
            result["errors"].extend(body.get("errors", []))
        return result

    def update_commitment_compliance(
        self,
        *,
        kind: CommitmentKind,
        project_id: int,
        commitment_id: int,
        fields: Mapping[str, Any],
        idempotency_token: str,
    ) -> dict[str, Any]:
        path = f"/rest/v1.0/projects/{project_id}/{kind}/{commitment_id}/compliance"
        response = self.request("PATCH", path, json=dict(fields), idempotency_token=idempotency_token)
        body: dict[str, Any] = response.json()
        return body

    # ---- waiting -----------------------------------------------------------------------------

    def _rate_limit_wait(self, response: httpx.Response) -> float | None:
        # Retry-After is specific to this answer; X-Rate-Limit-Reset rides on every response.
        retry_after = self._retry_after(response)
        if retry_after is not None:
            return retry_after
        reset = response.headers.get("X-Rate-Limit-Reset")
        if reset:
            try:
                return max(0.0, float(reset) - self._clock.now().timestamp())
            except ValueError:
                pass
        return None

    def _retry_after(self, response: httpx.Response) -> float | None:
        value = response.headers.get("Retry-After")
        if not value:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            return max(0.0, (parsedate_to_datetime(value) - self._clock.now()).total_seconds())
        except (TypeError, ValueError):
            return None

    def _backoff(self, attempt: int) -> float:
        return float(self._retry.backoff_base**attempt) + self._jitter_seconds()

    def _jitter_seconds(self) -> float:
        return self._jitter() * self._retry.max_jitter_seconds

    def _wait(self, seconds: float, *, reason: str, url: str) -> None:
        logger.warning(
            "procore retry", extra={"reason": reason, "path": _path(url), "wait_s": round(seconds, 2)}
        )
        self._sleeper.sleep(seconds)


def _path(url: str) -> str:
    """The path only: query strings can carry filters but never tokens; keep logs short anyway."""
    return httpx.URL(url).path


def _error_detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict):
        for key in ("errors", "error", "message"):
            if key in body:
                return str(body[key])[:300]
    return str(body)[:300]
