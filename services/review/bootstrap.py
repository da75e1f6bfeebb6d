"""Composition root of the review service: `build(settings, **overrides)` wires `ReviewPorts`;
the handlers keep the result once per cold start, tests pass their fakes as overrides."""

from __future__ import annotations

from functools import cache
from typing import Any

from services.review.ports import ReviewPorts
from services.review.settings import ReviewSettings
from shared.clock import Clock, OffsetFileClock, SystemClock
from shared.runtime import assemble


def build(settings: ReviewSettings | None = None, **overrides: Any) -> ReviewPorts:
    """Review's ports from `settings` (the environment when None); any field of `ReviewPorts`
    given in `overrides` is used as is and its adapter never built."""
    config = cache(lambda: settings if settings is not None else ReviewSettings())

    def store() -> Any:
        from shared.workspace import DynamoItemStore, workspace_model

        return DynamoItemStore(
            workspace_model(config().table_name, config().aws_region, config().aws_endpoint_url)
        )

    def publisher() -> Any:
        from shared.aws.bus import EventBridgePublisher
        from shared.aws.clients import aws_client

        return EventBridgePublisher(aws_client("events"), config().event_bus_name)

    def clock() -> Clock:
        clock_file = config().coi_clock_file
        return OffsetFileClock(clock_file) if clock_file else SystemClock()

    def carriers() -> Any:
        from shared.contracts.carriers import CarrierTable, load_carriers_csv

        carriers_file = config().carriers_file
        return load_carriers_csv(carriers_file) if carriers_file else CarrierTable()

    def check_certificate() -> Any:
        from services.review.rules import check_certificate

        return check_certificate

    def unreadable_verdict() -> Any:
        from services.review.rules import unreadable_verdict

        return unreadable_verdict

    return assemble(
        ReviewPorts,
        overrides,
        store=store,
        publisher=publisher,
        clock=clock,
        check_certificate=check_certificate,
        unreadable_verdict=unreadable_verdict,
        carriers=carriers,
    )
