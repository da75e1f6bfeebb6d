"""Notify's items in the workspace single table, through pynamodb, and their read side.

Notify owns these keys and writes them (`services/notify/adapters/dynamo_store.py`); the API reads
messages and action items through `CorrespondenceTable`.

| item | pk | sk |
|---|---|---|
| sequence of a contract | `T#<tenant>#NOTIFY#<contract>` | `SEQ#<sequence>` (+ `due_pk`/`due_sk` while due) |
| message (history + exactly-once marker) | `T#<tenant>#NOTIFY#<contract>` | `MSG#<idempotency key>` |
| submission seen / streak counter | `T#<tenant>#NOTIFY#<contract>` | `SUB#<document>` / `STATS` |
| action needed | `T#<tenant>#NOTIFY#ACTIONS` | `<contract>#<kind>#<ref>` |
| tenant sequence policy | `T#<tenant>#NOTIFY` | `POLICY` |
| suppressed address (bounce, complaint, unsubscribe) | `NOTIFY#SUPPRESSED` | `<email>` |
| sweep watermark | `NOTIFY#SWEEP` | `WATERMARK` |

The `due` index holds only sequences with a pending step: `due_pk` = `DUE#<yyyy-mm-dd>#<shard>`,
`due_sk` = `<tenant>#<contract>#<sequence>#<step>`. Ending a sequence drops both attributes, so
the index never holds finished work. Suppression is per address across tenants: a hard bounce is a
fact about the mailbox, not about one GC.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, ClassVar, cast

from pynamodb.attributes import JSONAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from shared.correspondence.records import ActionItem, MessageRecord


class CorrespondenceItemBase(Model):
    """Attributes of notify's items. Bound to a table by `correspondence_model(table_name)`."""

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    entity = UnicodeAttribute(null=True)
    body = JSONAttribute(null=True)
    version = NumberAttribute(null=True)
    state = UnicodeAttribute(null=True)
    attempts = NumberAttribute(null=True)
    started_at = NumberAttribute(null=True)
    counter = NumberAttribute(null=True)
    due_pk = UnicodeAttribute(null=True)
    due_sk = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)
    # The `due` index is attached per table by `correspondence_model`.
    due: ClassVar[GlobalSecondaryIndex[Any]]


def correspondence_model(
    table_name: str, region: str | None = None, host: str | None = None
) -> type[CorrespondenceItemBase]:
    meta: dict[str, Any] = {"table_name": table_name}
    if region:
        meta["region"] = region
    if host:
        meta["host"] = host
    due_index = type(
        "DueIndex",
        (GlobalSecondaryIndex,),
        {
            "Meta": type("Meta", (), {"index_name": "due", "projection": AllProjection()}),
            "due_pk": UnicodeAttribute(hash_key=True),
            "due_sk": UnicodeAttribute(range_key=True),
        },
    )
    return cast(
        type[CorrespondenceItemBase],
        type(
            f"NotifyItem_{table_name.replace('-', '_')}",
            (CorrespondenceItemBase,),
            {"Meta": type("Meta", (), meta), "due": due_index()},
        ),
    )


def contract_pk(tenant_id: str, contract_id: str) -> str:
    return f"T#{tenant_id}#NOTIFY#{contract_id}"


def actions_pk(tenant_id: str) -> str:
    return f"T#{tenant_id}#NOTIFY#ACTIONS"


def message_body(record: MessageRecord) -> dict[str, Any]:
    body = asdict(record)
    for name in ("created_at", "sent_at", "outcome_at"):
        body[name] = body[name].isoformat() if body[name] else None
    body["email_to"] = list(record.email_to)
    return body


def message_from(row: Any) -> MessageRecord:
    body = dict(row.body)
    body["created_at"] = datetime.fromisoformat(body["created_at"])
    for name in ("sent_at", "outcome_at"):
        body[name] = datetime.fromisoformat(body[name]) if body.get(name) else None
    body["email_to"] = tuple(body.get("email_to") or ())
    body["state"] = row.state or body.get("state")
    body["attempts"] = int(row.attempts or body.get("attempts") or 1)
    return MessageRecord(**body)


def action_body(item: ActionItem) -> dict[str, Any]:
    body = asdict(item)
    body["created_at"] = item.created_at.isoformat()
    return body


def action_from(row: Any) -> ActionItem:
    body = dict(row.body)
    body["created_at"] = datetime.fromisoformat(body["created_at"])
    return ActionItem(**body)


class CorrespondenceTable:
    """Reads a contract's messages and a tenant's action items (the `CorrespondenceReader`)."""

    def __init__(self, model: type[CorrespondenceItemBase]) -> None:
        self.model = model

    def _get(self, pk: str, sk: str) -> Any | None:
        try:
            return self.model.get(pk, sk, consistent_read=True)
        except DoesNotExist:
            return None

    def list_messages(self, tenant_id: str, contract_id: str) -> list[MessageRecord]:
        rows = self.model.query(contract_pk(tenant_id, contract_id), self.model.sk.startswith("MSG#"))
        return sorted((message_from(row) for row in rows), key=lambda m: m.created_at)

    def list_actions(self, tenant_id: str) -> list[ActionItem]:
        return [action_from(row) for row in self.model.query(actions_pk(tenant_id))]
