"""Powertools idempotency around a sender: one provider call per idempotency key.

The record is keyed on the message's `idempotency_key` (contract, sequence, run, step, channel).
A retry after the provider accepted the message but before notify marked it "sent" gets the stored
message id back instead of sending again. A failed send deletes the record (Powertools does so
on exceptions), so the retry really retries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from services.notify.domain.model import OutgoingEmail, OutgoingSms
from services.notify.ports import EmailSender, SmsSender

# Records outlive the sequences' retries comfortably; the table's TTL removes them afterwards.
RECORD_SECONDS = 30 * 24 * 3600


def idempotency_layer(table_name: str, client: Any) -> DynamoDBPersistenceLayer:
    return DynamoDBPersistenceLayer(table_name=table_name, boto3_client=client)


def idempotency_config() -> IdempotencyConfig:
    """Shared by both senders; handlers register the Lambda context on it so an in-progress record
    left by a worker that timed out mid-send expires with that invocation instead of blocking."""
    return IdempotencyConfig(event_key_jmespath="idempotency_key", expires_after_seconds=RECORD_SECONDS)


def _guard(
    persistence: DynamoDBPersistenceLayer, config: IdempotencyConfig, send: Callable[[dict[str, Any]], str]
) -> Callable[..., Any]:
    @idempotent_function(data_keyword_argument="message", persistence_store=persistence, config=config)
    def guarded(message: dict[str, Any]) -> dict[str, str]:
        return {"message_id": send(message)}

    return guarded


class IdempotentEmailSender:
    def __init__(
        self, inner: EmailSender, persistence: DynamoDBPersistenceLayer, config: IdempotencyConfig
    ) -> None:
        def send(message: dict[str, Any]) -> str:
            return inner.send(_email_from(message))

        self._guarded = _guard(persistence, config, send)

    def send(self, email: OutgoingEmail) -> str:
        return str(self._guarded(message=asdict(email))["message_id"])


class IdempotentSmsSender:
    def __init__(
        self, inner: SmsSender, persistence: DynamoDBPersistenceLayer, config: IdempotencyConfig
    ) -> None:
        def send(message: dict[str, Any]) -> str:
            return inner.send(OutgoingSms(**message))

        self._guarded = _guard(persistence, config, send)

    def send(self, sms: OutgoingSms) -> str:
        return str(self._guarded(message=asdict(sms))["message_id"])


def _email_from(message: dict[str, Any]) -> OutgoingEmail:
    return OutgoingEmail(
        idempotency_key=message["idempotency_key"],
        from_address=message["from_address"],
        to=tuple(message["to"]),
        subject=message["subject"],
        text=message["text"],
        html=message["html"],
        reply_to=tuple(message["reply_to"]),
        tags=dict(message["tags"]),
    )
