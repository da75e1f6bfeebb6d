"""procore_sync's composition root: `build(settings, **overrides)` uses a fake given as an override
everywhere it is needed and builds the rest on the settings; the handlers keep one build per
settings (no cache to clear)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.procore_sync import bootstrap
from services.procore_sync.adapters.dynamodb import DynamoCursorStore, DynamoPushWatermark
from services.procore_sync.handlers import inbound, reconcile
from services.procore_sync.settings import ProcoreSettings
from shared.clock import FixedClock
from shared.procore.adapters.dynamodb import DynamoConnectionStore
from shared.procore.records import ProcoreConnection, ProcoreRef
from tests.fakes.procore_stores import InMemoryIdMap

TABLE = "coi-workspace-test"
NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)


def test_an_override_is_used_as_is_and_by_the_adapters_that_need_it(aws, monkeypatch):
    # GIVEN the settings of a deployed function, and a fake id map and clock given as overrides
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    settings = ProcoreSettings(table_name=TABLE, idempotency_table_name="coi-idempotency-test")
    ids, clock = InMemoryIdMap(), FixedClock(NOW)
    # WHEN the service is built
    ports = bootstrap.build(settings, ids=ids, clock=clock)
    # THEN the overrides are the ports, and the workspace sink records ids in the same fake
    assert ports.ids is ids
    assert ports.clock is clock
    assert ports.sink._ids is ids  # type: ignore[attr-defined]
    # AND the rest are the DynamoDB adapters on the settings' table
    assert isinstance(ports.cursors, DynamoCursorStore)
    assert isinstance(ports.watermark, DynamoPushWatermark)
    assert isinstance(ports.connections, DynamoConnectionStore)
    assert ports.idempotency_table_name == "coi-idempotency-test"
    ports.connections.put(ProcoreConnection("t1", 1001, "client_credentials", "Bearer s"))
    assert [c.tenant_id for c in ports.connections.all()] == ["t1"]
    ids.remember("t1", "project", "p1", ProcoreRef(11))
    assert ports.ids.our_id("t1", "project", 11) == "p1"


def test_an_unknown_override_is_refused(aws):
    # A misspelt override must not be silently ignored (the real adapter would be used instead).
    with pytest.raises(TypeError, match="has no cursor"):
        bootstrap.build(ProcoreSettings(table_name=TABLE), cursor=object())


def test_the_handlers_build_once_per_environment(aws, monkeypatch):
    # GIVEN the environment of one deployment
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("TABLE_NAME", TABLE)
    first = inbound.procore_ports()
    # THEN a second invocation reuses the build, and another environment gets its own
    assert inbound.procore_ports() is first
    monkeypatch.setenv("TABLE_NAME", "coi-workspace-other")
    assert inbound.procore_ports() is not first
    assert reconcile.procore_ports().cursors is not first.cursors
