"""procore_sync's own items in the workspace table, all under `T#<tenant>#PROCORE`:

| sk | what |
|---|---|
| `CONNECTION` | the tenant's Procore connection (gsi1pk `PROCORE#CONNECTIONS` lists them all) |
| `TOKEN` | the OAuth token pair, versioned: saves are conditional on the version read |
| `MAP#<kind>#<our id>` / `PMAP#<kind>#<procore id>` | id mapping, both directions |
| `DELIVERY#<ulid>` | webhook deliveries seen (TTL 2 days: Procore stops retrying after 12 h) |
| `CURSOR` | the reconciliation poll's high-water mark |
| `PUSHED#<contract id>` | the time of the newest compliance change pushed to Procore |

Low-level boto3 with explicit condition expressions: each write here is one conditional put.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from services.procore_sync.auth import StoredToken, TokenConflictError
from services.procore_sync.ports import MappedKind, ProcoreConnection, ProcoreRef
from shared.clock import Clock

CONNECTIONS_INDEX = "gsi1"
CONNECTIONS_KEY = "PROCORE#CONNECTIONS"
DELIVERY_TTL = timedelta(days=2)


def _pk(tenant_id: str) -> dict[str, str]:
    return {"S": f"T#{tenant_id}#PROCORE"}


def _conditional_failed(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class DynamoConnectionStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def put(self, connection: ProcoreConnection) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": _pk(connection.tenant_id),
                "sk": {"S": "CONNECTION"},
                "gsi1pk": {"S": CONNECTIONS_KEY},
                "gsi1sk": {"S": f"T#{connection.tenant_id}"},
                "tenant_id": {"S": connection.tenant_id},
                "company_id": {"N": str(connection.company_id)},
                "auth_mode": {"S": connection.auth_mode},
                "webhook_authorization": {"S": connection.webhook_authorization},
                "insurance_scope": {"S": connection.insurance_scope},
                "enabled": {"BOOL": connection.enabled},
                "sync_insurances": {"BOOL": connection.sync_insurances},
            },
        )

    def get(self, tenant_id: str) -> ProcoreConnection | None:
        item = self._client.get_item(
            TableName=self._table, Key={"pk": _pk(tenant_id), "sk": {"S": "CONNECTION"}}, ConsistentRead=True
        ).get("Item")
        return _connection(item) if item else None

    def all(self) -> list[ProcoreConnection]:
        paginator = self._client.get_paginator("query")
        pages = paginator.paginate(
            TableName=self._table,
            IndexName=CONNECTIONS_INDEX,
            KeyConditionExpression="gsi1pk = :key",
            ExpressionAttributeValues={":key": {"S": CONNECTIONS_KEY}},
        )
        return [_connection(item) for page in pages for item in page.get("Items", [])]


def _connection(item: dict[str, Any]) -> ProcoreConnection:
    return ProcoreConnection(
        tenant_id=item["tenant_id"]["S"],
        company_id=int(item["company_id"]["N"]),
        auth_mode=item.get("auth_mode", {}).get("S", "authorization_code"),
        webhook_authorization=item.get("webhook_authorization", {}).get("S", ""),
        insurance_scope=item.get("insurance_scope", {}).get("S", "project"),
        enabled=item.get("enabled", {}).get("BOOL", True),
        sync_insurances=item.get("sync_insurances", {}).get("BOOL", True),
    )


class DynamoTokenStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def load(self, tenant_id: str) -> StoredToken | None:
        item = self._client.get_item(
            TableName=self._table, Key={"pk": _pk(tenant_id), "sk": {"S": "TOKEN"}}, ConsistentRead=True
        ).get("Item")
        if not item:
            return None
        return StoredToken(
            access_token=item["access_token"]["S"],
            refresh_token=item["refresh_token"]["S"] if "refresh_token" in item else None,
            expires_at=datetime.fromtimestamp(int(item["token_expires_at"]["N"]), UTC),
            version=int(item["version"]["N"]),
        )

    def save(self, tenant_id: str, token: StoredToken, *, previous_version: int | None) -> None:
        item: dict[str, Any] = {
            "pk": _pk(tenant_id),
            "sk": {"S": "TOKEN"},
            "access_token": {"S": token.access_token},
            "token_expires_at": {"N": str(int(token.expires_at.timestamp()))},
            "version": {"N": str(token.version)},
        }
        if token.refresh_token:
            item["refresh_token"] = {"S": token.refresh_token}
        if previous_version is None:
            condition: dict[str, Any] = {"ConditionExpression": "attribute_not_exists(pk)"}
        else:
            condition = {
                "ConditionExpression": "version = :previous",
                "ExpressionAttributeValues": {":previous": {"N": str(previous_version)}},
            }
        try:
            self._client.put_item(TableName=self._table, Item=item, **condition)
        except ClientError as error:
            if _conditional_failed(error):
                raise TokenConflictError(f"token for tenant {tenant_id} changed concurrently") from error
            raise


class DynamoIdMap:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def remember(self, tenant_id: str, kind: MappedKind, our_id: str, ref: ProcoreRef) -> None:
        forward: dict[str, Any] = {
            "pk": _pk(tenant_id),
            "sk": {"S": f"MAP#{kind}#{our_id}"},
            "procore_id": {"N": str(ref.procore_id)},
        }
        if ref.commitment_kind:
            forward["commitment_kind"] = {"S": ref.commitment_kind}
        if ref.procore_project_id is not None:
            forward["procore_project_id"] = {"N": str(ref.procore_project_id)}
        reverse = {
            "pk": _pk(tenant_id),
            "sk": {"S": f"PMAP#{kind}#{ref.procore_id}"},
            "our_id": {"S": our_id},
        }
        self._client.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": self._table, "Item": forward}},
                {"Put": {"TableName": self._table, "Item": reverse}},
            ]
        )

    def procore_ref(self, tenant_id: str, kind: MappedKind, our_id: str) -> ProcoreRef | None:
        item = self._client.get_item(
            TableName=self._table, Key={"pk": _pk(tenant_id), "sk": {"S": f"MAP#{kind}#{our_id}"}}
        ).get("Item")
        if not item:
            return None
        return ProcoreRef(
            procore_id=int(item["procore_id"]["N"]),
            commitment_kind=item["commitment_kind"]["S"] if "commitment_kind" in item else None,
            procore_project_id=int(item["procore_project_id"]["N"]) if "procore_project_id" in item else None,
        )

    def our_id(self, tenant_id: str, kind: MappedKind, procore_id: int) -> str | None:
        item = self._client.get_item(
            TableName=self._table, Key={"pk": _pk(tenant_id), "sk": {"S": f"PMAP#{kind}#{procore_id}"}}
        ).get("Item")
        return item["our_id"]["S"] if item else None


class DynamoDeliveryLedger:
    def __init__(self, client: Any, table_name: str, clock: Clock) -> None:
        self._client = client
        self._table = table_name
        self._clock = clock

    def first_time(self, tenant_id: str, delivery_key: str) -> bool:
        expires = int((self._clock.now() + DELIVERY_TTL).timestamp())
        try:
            self._client.put_item(
                TableName=self._table,
                Item={
                    "pk": _pk(tenant_id),
                    "sk": {"S": f"DELIVERY#{delivery_key}"},
                    "expires_at": {"N": str(expires)},
                },
                ConditionExpression="attribute_not_exists(pk)",
            )
        except ClientError as error:
            if _conditional_failed(error):
                return False
            raise
        return True

    def forget(self, tenant_id: str, delivery_key: str) -> None:
        self._client.delete_item(
            TableName=self._table, Key={"pk": _pk(tenant_id), "sk": {"S": f"DELIVERY#{delivery_key}"}}
        )


class DynamoCursorStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def last_polled(self, tenant_id: str) -> datetime | None:
        item = self._client.get_item(
            TableName=self._table, Key={"pk": _pk(tenant_id), "sk": {"S": "CURSOR"}}, ConsistentRead=True
        ).get("Item")
        return datetime.fromisoformat(item["polled_until"]["S"]) if item else None

    def save(self, tenant_id: str, polled_until: datetime) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": _pk(tenant_id),
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
            Key={"pk": _pk(tenant_id), "sk": {"S": f"PUSHED#{contract_id}"}},
            ConsistentRead=True,
        ).get("Item")
        return bool(item) and changed_at < datetime.fromisoformat(item["changed_at"]["S"])

    def advance(self, tenant_id: str, contract_id: str, changed_at: datetime) -> None:
        moment = changed_at.astimezone(UTC).isoformat()
        try:
            self._client.put_item(
                TableName=self._table,
                Item={
                    "pk": _pk(tenant_id),
                    "sk": {"S": f"PUSHED#{contract_id}"},
                    "changed_at": {"S": moment},
                },
                # UTC ISO-8601 strings order like the instants they name.
                ConditionExpression="attribute_not_exists(pk) OR changed_at < :at",
                ExpressionAttributeValues={":at": {"S": moment}},
            )
        except ClientError as error:
            if not _conditional_failed(error):
                raise
