"""Review's settings, read from the environment and validated once, in the composition root."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class ReviewSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    table_name: str
    event_bus_name: str
    aws_region: str = "us-east-1"
    aws_endpoint_url: str | None = None
    # CSV `naic,name,am_best_rating,am_best_size`: the system table, consulted for carriers a
    # tenant's own table (Admin > Carriers, `PUT /api/carriers`) lacks. Optional.
    carriers_file: Path | None = None
    coi_clock_file: Path | None = None
