"""The Procore app's settings, read from the environment only in composition roots (procore_sync's
`bootstrap.py`, the API's Procore routes through `shared.procore.wiring`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.procore.auth import EnvironmentName
from shared.procore.records import InsuranceScope


class ProcoreAppSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    table_name: str
    event_bus_name: str = ""
    # pynamodb does not read AWS_ENDPOINT_URL itself (local stack).
    aws_region: str | None = None
    aws_endpoint_url: str | None = None
    coi_clock_file: Path | None = None
    procore_environment: EnvironmentName = "production"
    # Overrides of the environment's hosts (a proxy, or a fake on 127.0.0.1 locally).
    procore_auth_base_url: str | None = None
    procore_api_base_url: str | None = None
    procore_client_id: str = ""
    # The client secret: directly (local runs) or the name of an SSM SecureString parameter.
    procore_client_secret: SecretStr | None = None
    procore_client_secret_parameter: str | None = None
    procore_redirect_uri: str | None = None
    # Our app's id as Procore reports it in `metadata.source_application_id` (echo suppression).
    procore_application_id: str | None = None
    procore_inbound_queue_url: str = ""
    # The public base URL of our API (webhook destinations and the OAuth redirect live under it).
    procore_webhook_base_url: str = ""
    # Signs install states and keys the token encryption: directly (local runs) or the name of an
    # SSM SecureString parameter; falls back to the client secret when neither is set.
    procore_state_secret: SecretStr | None = None
    procore_state_secret_parameter: str | None = None
    # Procore's web app, for "View in Procore" links (the sandbox has its own).
    procore_web_base_url: str | None = None
    procore_insurance_scope: InsuranceScope = "project"
    procore_timeout_seconds: float = 20.0
    procore_max_wait_seconds: float = 60.0
