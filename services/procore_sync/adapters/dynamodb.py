"""procore_sync's own items in the workspace table, under the tenant's Procore partition
(`shared/procore/adapters/dynamodb.py` holds the integration's shared ones):

| sk | what |
|---|---|
| `CURSOR` | the reconciliation poll's high-water mark |
| `PUSHED#<contract id>` | the time of the newest compliance change pushed to Procore |
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from shared.procore.adapters.dynamodb import conditional_failed, procore_pk


class DynamoCursorStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def last_polled(self, tenant_id: str) -> datetime | None:
        item = self._client.get_item(
            TableName=self._table,
            Key={"pk": procore_pk(tenant_id), "sk": {"S": "CURSOR"}},
            ConsistentRead=True,
        ).get("Item")
        return datetime.fromisoformat(item["polled_until"]["S"]) if item else None

    def save(self, tenant_id: str, polled_until: datetime) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": procore_pk(tenant_id),
                "sk": {"S": "CURSOR"},
                "polled_until": {"S": polled_until.isoformat()},
            },
        )


class DynamoPushWatermark:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def is_stale(self, tenant_id: str, contract_id: str, changed_at: datetime) -> bool:
        item = self._client.get_item(
            TableName=self._table,
            Key={"pk": procore_pk(tenant_id), "sk": {"S": f"PUSHED#{contract_id}"}},
            ConsistentRead=True,
        ).get("Item")
        return bool(item) and changed_at < datetime.fromisoformat(item["changed_at"]["S"])

    def advance(self, tenant_id: str, contract_id: str, changed_at: datetime) -> None:
        moment = changed_at.astimezone(UTC).isoformat()
        try:
            self._client.put_item(
                TableName=self._table,
                Item={
                    "pk": procore_pk(tenant_id),
                    "sk": {"S": f"PUSHED#{contract_id}"},
                    "changed_at": {"S": moment},
                },
                # UTC ISO-8601 strings order like the instants they name.
                ConditionExpression="attribute_not_exists(pk) OR changed_at < :at",
                ExpressionAttributeValues={":at": {"S": moment}},
            )
        except ClientError as error:
            if not conditional_failed(error):
                raise
