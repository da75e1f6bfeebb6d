"""What SES's configuration-set event publishing does in AWS, for the local stack's captured mail.

In AWS, the template's `SesFeedbackDestination` publishes each e-mail's Delivery (and bounce,
complaint) event to the `coi-ses-feedback-<stage>` topic, whose queue feeds
`services.notify.handlers.ses_feedback`, which marks the message delivered in the contract's history.
ministack 1.5.33 captures SES v2 e-mails but publishes no events for them, so this wrapper does:
after every accepted `SendEmail` it publishes the same event-publishing JSON (`eventType`,
`mail.messageId`, `mail.tags`) to that topic, in-process. Every captured e-mail counts as
delivered: the local mail sink is the recipient's mail server and it accepted the message.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger("coi.emulator")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]

SEND_EMAIL_PATH = "/v2/email/outbound-emails"
FEEDBACK_TOPIC_PREFIX = "coi-ses-feedback-"
DELIVERY_DELAY_SECONDS = 1.0


def delivery_event(request: dict[str, Any], message_id: str, now: datetime) -> dict[str, Any]:
    """The SES event-publishing record of a delivered e-mail (the shape AWS sends through SNS)."""
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
    recipients = list((request.get("Destination") or {}).get("ToAddresses") or [])
    tags: dict[str, list[str]] = {}
    for tag in request.get("EmailTags") or []:
        tags.setdefault(str(tag.get("Name")), []).append(str(tag.get("Value")))
    return {
        "eventType": "Delivery",
        "mail": {
            "timestamp": stamp,
            "source": request.get("FromEmailAddress", ""),
            "messageId": message_id,
            "destination": recipients,
            "tags": tags,
        },
        "delivery": {
            "timestamp": stamp,
            "processingTimeMillis": 0,
            "recipients": recipients,
            "smtpResponse": "250 2.6.0 Message received (local mail sink)",
            "reportingMTA": "localhost",
        },
    }


def _feedback_topics() -> list[str]:
    from ministack.services import sns

    # Stored per (account, region, topic ARN), the ARN also in the topic's attributes.
    arns = [
        str((topic.get("attributes") or {}).get("TopicArn") or key[-1])
        for key, topic in sns._topics.all_items()
    ]
    return [arn for arn in arns if arn.rsplit(":", 1)[-1].startswith(FEEDBACK_TOPIC_PREFIX)]


def publish_delivery(request: dict[str, Any], message_id: str) -> int:
    """Publishes the Delivery event to the stack's feedback topic(s); returns how many."""
    from ministack.services import sns

    event = json.dumps(delivery_event(request, message_id, datetime.now(UTC)))
    published = 0
    for arn in _feedback_topics():
        if sns.publish_internal(arn, event, "Amazon SES Email Event Notification") is not None:
            published += 1
    return published


def _publish_quietly(request: dict[str, Any], message_id: str) -> None:
    try:
        publish_delivery(request, message_id)
    except Exception:  # the e-mail was captured; a missing event must not stop the emulator
        log.exception("could not publish the local SES delivery event")


def with_ses_delivery_events(app: Asgi) -> Asgi:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http" and scope.get("method") == "POST" and scope.get("path") == SEND_EMAIL_PATH
        ):
            await app(scope, receive, send)
            return
        # Read the request once and replay it to ministack; keep the response to read its MessageId.
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        status = 0
        answer: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                answer.append(message.get("body", b""))
            await send(message)

        await app(scope, replay, capture)
        if status != 200:
            return
        try:
            request = json.loads(b"".join(chunks) or b"{}")
            message_id = str(json.loads(b"".join(answer))["MessageId"])
        except (ValueError, KeyError, TypeError):
            log.exception("could not read the SES send to publish its delivery event")
            return
        # As in AWS, the event comes a moment after the send returned: by then notify recorded the
        # message id it is about (an event that overtakes it is retried; see notify's feedback).
        asyncio.get_running_loop().call_later(DELIVERY_DELAY_SECONDS, _publish_quietly, request, message_id)

    return wrapped
