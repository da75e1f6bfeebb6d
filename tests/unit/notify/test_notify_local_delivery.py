"""The local stack's stand-in for SES event publishing: the Delivery event it builds from a captured
SendEmail request is one notify's feedback handler understands (round trip through both)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from notify_world import CONTRACT, PROJECT, TENANT, VENDOR_EMAIL, World

from coi_cli.local.ses_events import delivery_event
from services.notify.adapters.ses_email import SesV2EmailSender
from services.notify.logic.feedback import handle_ses_notification
from shared.events.catalog import ContractChanged


class _CapturingSes:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def send_email(self, **request: Any) -> dict[str, str]:
        self.requests.append(request)
        return {"MessageId": f"local-{len(self.requests)}@email.amazonses.com"}


def test_a_captured_email_becomes_delivered_in_the_history(world: World) -> None:
    ses = _CapturingSes()
    world.notifier.email = SesV2EmailSender(ses)  # the adapter the local stack runs
    world.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="created", active=True
        )
    )
    [request] = ses.requests
    event = delivery_event(request, "local-1@email.amazonses.com", datetime(2026, 3, 2, 9, 1, tzinfo=UTC))
    assert event["eventType"] == "Delivery"
    assert event["mail"]["destination"] == [VENDOR_EMAIL]
    assert event["mail"]["timestamp"] == "2026-03-02T09:01:00.000Z"

    handle_ses_notification(world.notifier, event)

    [row] = world.message_rows()
    assert row["state"] == "delivered"
