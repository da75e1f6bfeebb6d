"""Notify's state in the workspace single table, through pynamodb: the write side of the
correspondence records (`shared.correspondence.table` holds the keys, the model and the read
side the API uses) and notify's own items (sequences, submissions, suppressions, policy, sweep
watermark).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from services.notify.domain.model import DeliveryStart, SequenceState
from services.notify.domain.policy import SequencePolicy
from services.notify.ports import ConcurrentUpdateError
from shared.correspondence import ActionItem, ActionKind, DeliveryOutcome, MessageRecord, outcome_advances
from shared.correspondence.table import (
    CorrespondenceItemBase,
    CorrespondenceTable,
    action_body,
    actions_pk,
    contract_pk,
    message_body,
)

HISTORY_DAYS = 3 * 365  # messages are kept three years, then expire through the table's TTL


def due_pk(day: date, shard: int) -> str:
    return f"DUE#{day.isoformat()}#{shard}"


def _conditional_failed(exc: Exception) -> bool:
    code = getattr(exc, "cause_response_code", None) or ""
    return code in ("ConditionalCheckFailedException", "TransactionCanceledException")


def _sequence_body(state: SequenceState) -> dict[str, Any]:
    body = asdict(state)
    body["anchor"] = state.anchor.isoformat()
    body["due_on"] = state.due_on.isoformat() if state.due_on else None
    body["reasons"] = list(state.reasons)
    body.pop("version")
    return body


def _sequence_from(row: Any) -> SequenceState:
    body = dict(row.body)
    body["anchor"] = date.fromisoformat(body["anchor"])
    body["due_on"] = date.fromisoformat(body["due_on"]) if body.get("due_on") else None
    body["reasons"] = tuple(body.get("reasons") or ())
    return SequenceState(**body, version=int(row.version or 0))


class DynamoNotifyStore(CorrespondenceTable):
    def __init__(self, model: type[CorrespondenceItemBase], shards: int = 4) -> None:
        super().__init__(model)
        self.shards = max(1, shards)
        self._watermark_exists = False

    # ------------------------------------------------------------ sequences

    def get_sequence(self, tenant_id: str, contract_id: str, key: str) -> SequenceState | None:
        row = self._get(contract_pk(tenant_id, contract_id), f"SEQ#{key}")
        return _sequence_from(row) if row else None

    def list_sequences(self, tenant_id: str, contract_id: str) -> list[SequenceState]:
        rows = self.model.query(
            contract_pk(tenant_id, contract_id), self.model.sk.startswith("SEQ#"), consistent_read=True
        )
        return [_sequence_from(row) for row in rows]

    def _sequence_row(self, state: SequenceState) -> CorrespondenceItemBase:
        row = self.model(
            contract_pk(state.tenant_id, state.contract_id),
            f"SEQ#{state.key}",
            entity="notify.sequence",
            body=_sequence_body(state),
            version=state.version,
        )
        if state.status == "active" and state.due_on is not None:
            shard = zlib.crc32(state.contract_id.encode()) % self.shards
            row.due_pk = due_pk(state.due_on, shard)
            row.due_sk = f"{state.tenant_id}#{state.contract_id}#{state.key}#{state.step}"
        return row

    def save_sequence(self, state: SequenceState) -> SequenceState:
        saved = state.evolve(version=state.version + 1)
        row = self._sequence_row(saved)
        condition = (
            self.model.pk.does_not_exist() if state.version == 0 else (self.model.version == state.version)
        )
        try:
            row.save(condition=condition)
        except PutError as exc:
            if _conditional_failed(exc):
                raise ConcurrentUpdateError(f"sequence {state.key} of {state.contract_id} changed") from exc
            raise
        return saved

    def import_sequences(self, states: Iterable[SequenceState]) -> None:
        """Bulk-load new sequences (data migration, benchmarks): batch writes, no conditions."""
        with self.model.batch_write() as batch:
            for state in states:
                batch.save(self._sequence_row(state.evolve(version=state.version + 1)))

    def due_on(self, day: date, shard: int) -> Iterator[SequenceState]:
        for row in self.model.due.query(due_pk(day, shard)):
            yield _sequence_from(row)

    # ------------------------------------------------------------ messages

    def begin_delivery(self, record: MessageRecord, lock_timeout_seconds: int) -> DeliveryStart:
        pk, sk = contract_pk(record.tenant_id, record.contract_id), f"MSG#{record.idempotency_key}"
        started = record.created_at.timestamp()
        model = self.model
        # Take the marker if nobody has, or if a "sending" marker is older than the lock timeout
        # (its writer crashed) and has not been taken over already: a retry re-sends at most once.
        condition = model.pk.does_not_exist() | (
            (model.state == "sending")
            & (model.started_at < started - lock_timeout_seconds)
            & (model.attempts < 2)
        )
        try:
            model(pk, sk).update(
                actions=[
                    model.entity.set("notify.message"),
                    model.state.set("sending"),
                    model.started_at.set(started),
                    model.attempts.add(1),
                    model.body.set(message_body(record)),
                ],
                condition=condition,
            )
            return "acquired"
        except UpdateError as exc:
            if not _conditional_failed(exc):
                raise
        current = self._get(pk, sk)
        return "busy" if current is not None and current.state == "sending" else "already_sent"

    def finish_delivery(self, record: MessageRecord) -> None:
        pk, sk = contract_pk(record.tenant_id, record.contract_id), f"MSG#{record.idempotency_key}"
        model = self.model
        model(pk, sk).update(
            actions=[
                model.state.set(record.state),
                model.body.set(message_body(record)),
                model.expires_at.set(record.created_at + timedelta(days=HISTORY_DAYS)),
            ]
        )

    def abandon_delivery(self, tenant_id: str, contract_id: str, idempotency_key: str) -> None:
        try:
            self.model(contract_pk(tenant_id, contract_id), f"MSG#{idempotency_key}").delete(
                condition=self.model.state == "sending"
            )
        except DeleteError as exc:
            if not _conditional_failed(exc):
                raise

    def record_outcome(
        self, tenant_id: str, contract_id: str, email_message_id: str, outcome: DeliveryOutcome, at: datetime
    ) -> bool:
        # A contract has tens of messages, not thousands: a query of its history finds the one
        # SES means without an index on provider ids.
        for message in self.list_messages(tenant_id, contract_id):
            if message.email_message_id != email_message_id:
                continue
            if not outcome_advances(message.state, outcome):
                return False
            model = self.model
            updated = replace(message, state=outcome, outcome_at=at)
            try:  # conditional on the state read: two events racing cannot move it backwards
                model(contract_pk(tenant_id, contract_id), f"MSG#{message.idempotency_key}").update(
                    actions=[model.state.set(outcome), model.body.set(message_body(updated))],
                    condition=model.state == message.state,
                )
            except UpdateError as exc:
                if _conditional_failed(exc):  # another event moved it: judge against that state
                    return self.record_outcome(tenant_id, contract_id, email_message_id, outcome, at)
                raise
            return True
        return False

    # ------------------------------------------------------------ action needed

    def put_action(self, item: ActionItem) -> bool:
        row = self.model(
            actions_pk(item.tenant_id),
            f"{item.contract_id}#{item.kind}#{item.ref}",
            entity="notify.action",
            body=action_body(item),
        )
        try:
            row.save(condition=self.model.pk.does_not_exist())
            return True
        except PutError as exc:
            if _conditional_failed(exc):
                return False
            raise

    def resolve_actions(
        self, tenant_id: str, contract_id: str, kinds: Iterable[ActionKind], ref: str | None = None
    ) -> int:
        wanted = set(kinds)
        resolved = 0
        for row in self.model.query(actions_pk(tenant_id), self.model.sk.startswith(f"{contract_id}#")):
            _, kind, item_ref = row.sk.split("#", 2)
            if kind in wanted and (ref is None or item_ref == ref):
                row.delete()
                resolved += 1
        return resolved

    # ------------------------------------------------------------ submissions

    def record_submission(self, tenant_id: str, contract_id: str, document_id: str, compliant: bool) -> int:
        pk = contract_pk(tenant_id, contract_id)
        model = self.model
        stats = model(pk, "STATS")
        try:
            with TransactWrite(connection=model._get_connection().connection) as transaction:
                transaction.save(
                    model(pk, f"SUB#{document_id}", entity="notify.submission", state=str(compliant).lower()),
                    condition=model.pk.does_not_exist(),
                )
                transaction.update(
                    stats,
                    actions=[
                        model.counter.set(0) if compliant else model.counter.add(1),
                        model.entity.set("notify.stats"),
                    ],
                )
        except TransactWriteError as exc:
            if not _conditional_failed(exc):
                raise  # a redelivered submission was already counted; fall through to read the streak
        row = self._get(pk, "STATS")
        return int(row.counter or 0) if row else 0

    # ------------------------------------------------------------ contacts

    def suppress_address(self, email: str, reason: str, at: datetime) -> None:
        self.model(
            "NOTIFY#SUPPRESSED",
            email.strip().lower(),
            entity="notify.suppressed",
            state=reason,
            body={"reason": reason, "at": at.isoformat()},
        ).save()

    def suppression(self, email: str) -> str | None:
        row = self._get("NOTIFY#SUPPRESSED", email.strip().lower())
        return str(row.state) if row else None

    # ------------------------------------------------------------ settings, bookkeeping

    def tenant_policy(self, tenant_id: str) -> SequencePolicy | None:
        row = self._get(f"T#{tenant_id}#NOTIFY", "POLICY")
        return SequencePolicy.model_validate(row.body) if row else None

    def save_tenant_policy(self, tenant_id: str, policy: SequencePolicy) -> None:
        self.model(
            f"T#{tenant_id}#NOTIFY", "POLICY", entity="notify.policy", body=policy.model_dump(mode="json")
        ).save()

    def sweep_watermark(self) -> date | None:
        row = self._get("NOTIFY#SWEEP", "WATERMARK")
        return date.fromisoformat(row.state) if row and row.state else None

    def set_sweep_watermark(self, day: date) -> None:
        model = self.model
        try:
            # Only forward: a slow sweep finishing late must not move it back.
            model("NOTIFY#SWEEP", "WATERMARK").update(
                actions=[
                    model.state.set(day.isoformat()),
                    model.started_at.set(datetime.now(UTC).timestamp()),
                ],
                condition=model.state.does_not_exist() | (model.state < day.isoformat()),
            )
        except UpdateError as exc:
            if not _conditional_failed(exc):
                raise

    def ensure_sweep_watermark(self, day: date) -> None:
        if self._watermark_exists:
            return  # once seen, it only ever moves forward; no need to write again
        model = self.model
        try:
            model("NOTIFY#SWEEP", "WATERMARK").update(
                actions=[model.state.set(day.isoformat())], condition=model.state.does_not_exist()
            )
        except UpdateError as exc:
            if not _conditional_failed(exc):
                raise
        self._watermark_exists = True
