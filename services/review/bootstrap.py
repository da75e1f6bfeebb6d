"""Composition root of the review service, built lazily once per cold start."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from services.review.logic import ReviewPorts
from shared.aws.bus import EventBridgePublisher
from shared.aws.clients import aws_client
from shared.clock import Clock, OffsetFileClock, SystemClock


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


def build_ports(settings: ReviewSettings) -> ReviewPorts:
    from services.review.rules import check_certificate, unreadable_verdict
    from shared.contracts.carriers import CarrierTable, load_carriers_csv
    from shared.workspace.dynamo import DynamoItemStore, workspace_model

    clock: Clock = OffsetFileClock(settings.coi_clock_file) if settings.coi_clock_file else SystemClock()
    return ReviewPorts(
        store=DynamoItemStore(
            workspace_model(settings.table_name, settings.aws_region, settings.aws_endpoint_url)
        ),
        publisher=EventBridgePublisher(aws_client("events"), settings.event_bus_name),
        clock=clock,
        check_certificate=check_certificate,
        unreadable_verdict=unreadable_verdict,
        carriers=load_carriers_csv(settings.carriers_file) if settings.carriers_file else CarrierTable(),
    )


@cache
def review_ports() -> ReviewPorts:
    return build_ports(ReviewSettings())
