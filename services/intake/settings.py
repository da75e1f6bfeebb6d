"""Intake's settings, read from the environment and validated once, in the composition root."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

from services.intake.extraction.budgets import DecodingBudgets


class IntakeSettings(BaseSettings):
    # Nested values from the environment: `DECODING__MAX_IMAGE_PIXELS=40000000`.
    model_config = SettingsConfigDict(extra="ignore", frozen=True, env_nested_delimiter="__")

    table_name: str
    event_bus_name: str
    extraction_ocr: Literal["tesseract", "textract"] = "tesseract"
    idempotency_table_name: str | None = None
    textract_sns_topic_arn: str | None = None
    textract_role_arn: str | None = None
    # Pages, pixels and unpacked bytes one document may make us decode (validated here, at start).
    decoding: DecodingBudgets = DecodingBudgets()
