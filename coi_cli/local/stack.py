"""The local stack as one object: emulator child process, provisioned template, dispatcher and the
Chalice app on 127.0.0.1. `coi local up` drives it in the foreground; tests and benchmarks start
it the same way through the CLI."""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coi_cli.local import emulator, pidfile
from coi_cli.local.dispatcher import Dispatcher, wiring_from
from coi_cli.local.sam import translated_template
from tests.fakes import procore_demo

log = logging.getLogger("coi.local")

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_STATE_DIR = REPO_ROOT / "var" / "local"
SENDER_EMAIL = "compliance@coi.local"
# What the command line of `coi local up` contains, whichever way it was started.
STACK_MARKER = "coi"


@dataclass(frozen=True)
class LocalPaths:
    root: Path

    @property
    def endpoints(self) -> Path:
        return self.root / "endpoints.json"

    @property
    def pid_file(self) -> Path:
        return self.root / "stack.pid"

    @property
    def clock(self) -> Path:
        return self.root / "clock.json"

    @property
    def schedules(self) -> Path:
        return self.root / "schedules.json"

    @property
    def ministack(self) -> Path:
        return self.root / "ministack"

    @property
    def secret(self) -> Path:
        return self.root / "token-secret"

    @property
    def portal_secret(self) -> Path:
        # Vendor link tokens derive from it: kept across restarts so emailed links keep working.
        return self.root / "portal-token-secret"

    @property
    def seeded(self) -> Path:
        return self.root / "seeded.json"

    @property
    def log(self) -> Path:
        return self.root / "logs" / "ministack.log"


def _resolve(value: Any, physical: dict[str, str], parameters: dict[str, str]) -> str | None:
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, dict) and "Ref" in value:
        name = str(value["Ref"])
        return parameters.get(name) or physical.get(name)
    return None  # attributes of resources that exist only in AWS (roles, config sets)


def persisted_secret(path: Path) -> str:
    """A random secret made on first use and kept under the state directory (mode 600)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def function_environment(
    translated: dict[str, Any], physical: dict[str, str], parameters: dict[str, str]
) -> dict[str, str]:
    """The environment the template gives its functions, resolved against the local stack.

    All handlers share this process, so the per-function variables are merged; the only ones that
    differ per function (POWERTOOLS_SERVICE_NAME) are set by each service's Logger anyway.
    """
    env: dict[str, str] = {}
    for resource in translated["Resources"].values():
        if resource["Type"] != "AWS::Lambda::Function":
            continue
        variables = resource["Properties"].get("Environment", {}).get("Variables", {})
        for name, value in variables.items():
            resolved = _resolve(value, physical, parameters)
            if resolved is not None and name != "POWERTOOLS_SERVICE_NAME":
                env.setdefault(name, resolved)
    return env


def _import_api() -> None:
    # Importing builds nothing (the app's services are created on the first request).
    with contextlib.suppress(ImportError):  # reported by _start_api
        import services.api.app  # noqa: F401


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_PORTAL_TOKEN_IN_PATH = re.compile(r"/portal/[^/\s\"?]+")


def redact_portal_tokens(line: str) -> str:
    return _PORTAL_TOKEN_IN_PATH.sub("/portal/<token>", line)


def redacting_request_handler() -> type:
    from chalice.local import ChaliceRequestHandler

    class RedactingRequestHandler(ChaliceRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            super().log_message("%s", redact_portal_tokens(format % args))

    return RedactingRequestHandler


@dataclass
class LocalStack:
    paths: LocalPaths
    api_port: int = 8000
    aws_port: int = 4566
    ministack: emulator.MinistackProcess | None = None
    dispatcher: Dispatcher | None = None
    api_server: Any = None
    environment: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def aws_url(self) -> str:
        return f"http://127.0.0.1:{self.aws_port}"

    def parameters(self) -> dict[str, str]:
        return {
            "Stage": "local",
            "PortalOrigin": self.api_url,
            "PortalBaseUrl": f"{self.api_url}/portal",
            "SenderEmail": SENDER_EMAIL,
            "SenderIdentity": "coi.local",
            "ExtractionOcr": "tesseract",
        }

    def _token_secret(self) -> str:
        return persisted_secret(self.paths.secret)

    def start(self) -> None:
        started = time.monotonic()
        self.paths.root.mkdir(parents=True, exist_ok=True)
        # Read before the emulator starts (it marks its own run from then on).
        crashed_at = emulator.unclean_since(self.paths.ministack)
        self.ministack = emulator.MinistackProcess(self.aws_port, self.paths.ministack, self.paths.log)
        self.ministack.launch()
        # While the emulator boots: translate the template and import the API (both take seconds).
        api_import = threading.Thread(target=_import_api, name="import-api", daemon=True)
        api_import.start()
        translated = translated_template()
        self.ministack.wait_healthy(timeout=60)
        self.timings["emulator_ready_s"] = time.monotonic() - started

        os.environ.update(emulator.LOCAL_CREDENTIALS)
        os.environ["AWS_ENDPOINT_URL"] = self.aws_url
        from shared.aws.clients import aws_client, reset_clients

        reset_clients()
        parameters = self.parameters()
        physical = emulator.provision(
            aws_client("cloudformation"), emulator.local_cloudformation(translated), parameters
        )
        emulator.apply_table_ttl(aws_client("dynamodb"), translated, physical)
        emulator.verify_sender(aws_client("ses"), SENDER_EMAIL, parameters["SenderIdentity"])
        self.timings["provisioned_s"] = time.monotonic() - started

        if crashed_at is not None:
            self._recover_uploads(physical, crashed_at)

        self.environment = {
            **function_environment(translated, physical, parameters),
            **emulator.LOCAL_CREDENTIALS,
            "AWS_ENDPOINT_URL": self.aws_url,
            "AUTH_MODE": "local",
            "LOCAL_TOKEN_SECRET": self._token_secret(),
            "PORTAL_TOKEN_SECRET": persisted_secret(self.paths.portal_secret),
            "COI_CLOCK_FILE": str(self.paths.clock),
            "EXTRACTION_OCR": "tesseract",
            "POWERTOOLS_TRACE_DISABLED": "1",
            "POWERTOOLS_METRICS_DISABLED": "1",
            # The fake Procore beside the stack (127.0.0.1), with a seeded company.
            **procore_demo.start(self.api_url, self.paths.root),
        }
        os.environ.update(self.environment)
        reset_clients()

        from shared.clock import OffsetFileClock

        queue_urls = {name: url for name, url in physical.items() if url.startswith("http")}
        self.dispatcher = Dispatcher(
            sqs=aws_client("sqs"),
            queue_urls=queue_urls,
            wiring=wiring_from(translated),
            clock=OffsetFileClock(self.paths.clock),
            schedule_state=self.paths.schedules,
        )
        self.dispatcher.start()
        api_import.join()
        self._start_api()
        self.timings["ready_s"] = time.monotonic() - started

    def _recover_uploads(self, physical: dict[str, str], crashed_at: float) -> None:
        """The last run stopped without saving: announce uploads its last snapshot may not know."""
        from shared.aws.clients import aws_client

        bucket, queue = physical.get("DocumentsBucket"), physical.get("IntakeQueue")
        if not bucket or not queue:
            return
        # A couple of seconds before the snapshot: S3 times have one-second resolution.
        replayed = emulator.replay_uploads_since(
            aws_client("s3"), aws_client("sqs"), bucket, queue, crashed_at - 2.0
        )
        log.warning("the last run stopped without saving; %d recent upload(s) announced again", replayed)

    def _start_api(self) -> None:
        from chalice.config import Config
        from chalice.local import create_local_server

        try:
            from services.api.app import app
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("services.api"):
                log.error("the API is not built yet (%s); serving no API", exc)
                return
            raise

        server = create_local_server(app, Config.create(chalice_stage="local"), "127.0.0.1", self.api_port)
        # Portal URLs carry the vendor's bearer token: keep it out of the access log. Chalice
        # binds its handler with the app and config; rebind ours with the same arguments.
        bound = server.server.RequestHandlerClass
        server.server.RequestHandlerClass = functools.partial(
            redacting_request_handler(), *bound.args, **bound.keywords
        )
        self.api_server = server
        threading.Thread(target=self.api_server.serve_forever, name="api", daemon=True).start()

    def write_endpoints(self, extra: dict[str, Any] | None = None) -> None:
        endpoints = {
            "api": self.api_url,
            "aws": self.aws_url,
            "ui": f"{self.api_url}/",
            "pid": os.getpid(),
            "ministack_pid": self.ministack.pid if self.ministack else None,
            "resources": {
                "table": self.environment.get("TABLE_NAME"),
                "bucket": self.environment.get("DOCUMENTS_BUCKET"),
                "bus": self.environment.get("EVENT_BUS_NAME"),
            },
            **(extra or {}),
        }
        tmp = self.paths.endpoints.with_suffix(".tmp")
        tmp.write_text(json.dumps(endpoints, indent=1))
        tmp.replace(self.paths.endpoints)
        pidfile.write(self.paths.pid_file, os.getpid(), STACK_MARKER)

    def stop(self) -> None:
        """Dispatcher first (no half-handled batch), then the API, then ministack (state saved)."""
        if self.dispatcher:
            self.dispatcher.stop()
        if self.api_server is not None:
            self.api_server.shutdown()
        procore_demo.stop()
        if self.ministack:
            self.ministack.stop()
        for path in (self.paths.pid_file, self.paths.endpoints):
            path.unlink(missing_ok=True)
