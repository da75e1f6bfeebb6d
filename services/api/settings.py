"""The API's settings, read from the environment and validated once, in the composition root."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiSettings(BaseSettings):
    # Frozen (hashable): the handlers keep one build per distinct settings (`built_once`).
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    table_name: str
    documents_bucket: str
    event_bus_name: str
    portal_base_url: str = "http://127.0.0.1:8000/portal"
    # Key that vendor link tokens are derived from (HMAC); in AWS the name of an SSM SecureString
    # parameter holding it instead, read once per cold start. Notify must use the same value.
    portal_token_secret: SecretStr | None = Field(default=None, min_length=32)
    portal_token_secret_parameter: str | None = None
    auth_mode: Literal["cognito", "local"] = "cognito"
    local_token_secret: SecretStr | None = None
    local_token_hours: int = 12
    cognito_user_pool_id: str | None = None
    cognito_app_client_id: str | None = None
    # The hosted UI's https origin: staff sign in there (authorization code + PKCE) when it and
    # the app client are set.
    cognito_domain: str | None = None
    aws_region: str = "us-east-1"
    aws_endpoint_url: str | None = None
    coi_clock_file: Path | None = None
    # Adds `X-Db-Reads` to responses (benchmarks); off in production.
    api_debug_metrics: bool = False

    @model_validator(mode="after")
    def _local_tokens_need_a_key(self) -> ApiSettings:
        if self.auth_mode == "local" and self.local_token_secret is None:
            raise ValueError("AUTH_MODE=local needs LOCAL_TOKEN_SECRET")
        return self

    @property
    def hosted_ui_configured(self) -> bool:
        return bool(self.cognito_domain and self.cognito_app_client_id)
