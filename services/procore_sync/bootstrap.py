"""Composition root of procore_sync: `build(settings, **overrides)` wires `ProcorePorts` (the
integration's ports from `shared.procore.wiring`, plus the reconciliation cursors and the push
watermark); `idempotent_push(ports)` wraps the compliance push in Powertools idempotency. The
handlers keep what they build once per cold start (`shared.runtime.built_once`); tests pass their
fakes as overrides."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.procore_sync.ports import ProcorePorts
from services.procore_sync.settings import ProcoreSettings
from shared.procore.wiring import integration_factories
from shared.runtime import assemble


def build(settings: ProcoreSettings | None = None, **overrides: Any) -> ProcorePorts:
    """procore_sync's ports from `settings` (the environment when None); any field of
    `ProcorePorts` given in `overrides` is used as is and its adapter never built."""
    config = settings if settings is not None else ProcoreSettings()

    @functools.cache
    def dynamodb() -> Any:
        from shared.aws.clients import aws_client

        return aws_client("dynamodb")

    def cursors() -> Any:
        from services.procore_sync.adapters.dynamodb import DynamoCursorStore

        return DynamoCursorStore(dynamodb(), config.table_name)

    def watermark() -> Any:
        from services.procore_sync.adapters.dynamodb import DynamoPushWatermark

        return DynamoPushWatermark(dynamodb(), config.table_name)

    return assemble(
        ProcorePorts,
        overrides,
        **integration_factories(config, overrides),
        cursors=cursors,
        watermark=watermark,
        idempotency_table_name=lambda: config.idempotency_table_name,
    )


def build_push(settings: ProcoreSettings) -> IdempotentPush:
    """The compliance push with the deployed settings (the compliance handler's composition)."""
    return idempotent_push(build(settings))


@dataclass(frozen=True)
class IdempotentPush:
    """The idempotent push and its config (the handler registers the Lambda context on it)."""

    push: Callable[..., dict[str, Any]]
    config: Any

    def __call__(self, *, envelope: dict[str, Any]) -> dict[str, Any]:
        return self.push(envelope=envelope)


def idempotent_push(deps: ProcorePorts, persistence_store: Any | None = None) -> IdempotentPush:
    """`push_compliance` wrapped in Powertools idempotency, keyed on the envelope's idempotency key."""
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    from services.procore_sync.logic.outbound import PushResult, push_compliance
    from services.procore_sync.logic.push_log import PushLog, logged
    from shared.events import ComplianceChanged

    if persistence_store is None:
        from shared.aws.clients import aws_client

        persistence_store = DynamoDBPersistenceLayer(
            table_name=deps.idempotency_table_name, boto3_client=aws_client("dynamodb")
        )
    config = IdempotencyConfig(
        event_key_jmespath="metadata.idempotency_key",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=7 * 24 * 3600,
    )

    push_log = PushLog(ids=deps.ids, links=deps.links, log=deps.log, pushes=deps.pushes)

    def push_envelope(envelope: dict[str, Any]) -> dict[str, Any]:
        def push(event: ComplianceChanged) -> PushResult:
            return push_compliance(
                event,
                idempotency_key=envelope["metadata"]["idempotency_key"],
                connections=deps.connections,
                ids=deps.ids,
                client_for=deps.client_for,
                default_scope=deps.insurance_scope,  # type: ignore[arg-type]
                watermark=deps.watermark,
                changed_at=datetime.fromisoformat(envelope["metadata"]["created_at"]),
            )

        event = ComplianceChanged.model_validate(envelope["data"])
        return logged(push, push_log, deps.clock.now)(event).as_dict()

    wrapped: Callable[..., Any] = idempotent_function(
        data_keyword_argument="envelope",
        persistence_store=persistence_store,
        config=config,
        key_prefix="procore_sync.push_compliance",
    )(push_envelope)
    return IdempotentPush(wrapped, config)
