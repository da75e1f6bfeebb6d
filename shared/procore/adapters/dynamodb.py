"""The Procore integration's items in the workspace table, all under `T#<tenant>#PROCORE`:

| sk | what |
|---|---|
| `CONNECTION` | the tenant's Procore connection (gsi1pk `PROCORE#CONNECTIONS` lists them all) |
| `TOKEN` | the OAuth token pair, encrypted (`token_cipher.py`), versioned (conditional saves) |
| `HEALTH` | the last sync and the last error, for the Connected Apps page |
| `MAP#<kind>#<our id>` / `PMAP#<kind>#<procore id>` | id mapping, both directions |
| `DELIVERY#<ulid>` | webhook deliveries seen (TTL 2 days: Procore stops retrying after 24 h) |
| `CURSOR`, `PUSHED#<contract id>` | procore_sync's own (`services/procore_sync/adapters/dynamodb.py`) |

Low-level boto3 with explicit condition expressions: each write here is one conditional put.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from shared.clock import Clock
from shared.procore.adapters.token_cipher import TokenCipher, UnavailableCipher
from shared.procore.auth import StoredToken, TokenConflictError
from shared.procore.records import MappedKind, ProcoreConnection, ProcoreRef, SyncHealth

CONNECTIONS_INDEX = "gsi1"
CONNECTIONS_KEY = "PROCORE#CONNECTIONS"
DELIVERY_TTL = timedelta(days=2)


def procore_pk(tenant_id: str) -> dict[str, str]:
    return {"S": f"T#{tenant_id}#PROCORE"}


def conditional_failed(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class DynamoConnectionStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def put(self, connection: ProcoreConnection) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": procore_pk(connection.tenant_id),
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
                "connected_as": {"S": connection.connected_as},
                "company_name": {"S": connection.company_name},
                **(
                    {"connected_at": {"S": connection.connected_at.isoformat()}}
                    if connection.connected_at
                    else {}
                ),
            },
        )

    def delete(self, tenant_id: str) -> None:
        self._client.delete_item(
            TableName=self._table, Key={"pk": procore_pk(tenant_id), "sk": {"S": "CONNECTION"}}
        )

    def get(self, tenant_id: str) -> ProcoreConnection | None:
        item = self._client.get_item(
            TableName=self._table,
            Key={"pk": procore_pk(tenant_id), "sk": {"S": "CONNECTION"}},
            ConsistentRead=True,
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
        connected_as=item.get("connected_as", {}).get("S", ""),
        company_name=item.get("company_name", {}).get("S", ""),
        connected_at=datetime.fromisoformat(item["connected_at"]["S"]) if "connected_at" in item else None,
    )


class DynamoSyncHealth:
    """The last successful sync and the last error per tenant (one small item, updated in place)."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def record(self, tenant_id: str, *, at: datetime, error: str | None = None) -> None:
        if error is None:
            expression = "SET last_sync_at = :at"
            values: dict[str, Any] = {":at": {"S": at.isoformat()}}
        else:
            expression = "SET last_error = :error, last_error_at = :at"
            values = {":at": {"S": at.isoformat()}, ":error": {"S": error[:500]}}
        self._client.update_item(
            TableName=self._table,
            Key={"pk": procore_pk(tenant_id), "sk": {"S": "HEALTH"}},
            UpdateExpression=expression,
            ExpressionAttributeValues=values,
        )

    def read(self, tenant_id: str) -> SyncHealth:
        item = (
            self._client.get_item(
                TableName=self._table, Key={"pk": procore_pk(tenant_id), "sk": {"S": "HEALTH"}}
            ).get("Item")
            or {}
        )

        def moment(name: str) -> datetime | None:
            return datetime.fromisoformat(item[name]["S"]) if name in item else None

        return SyncHealth(
            last_sync_at=moment("last_sync_at"),
            last_error=item.get("last_error", {}).get("S"),
            last_error_at=moment("last_error_at"),
        )

    def clear(self, tenant_id: str) -> None:
        self._client.delete_item(
            TableName=self._table, Key={"pk": procore_pk(tenant_id), "sk": {"S": "HEALTH"}}
        )


class DynamoTokenStore:
    """Token pairs, encrypted with the tenant and field as associated data."""

    def __init__(self, client: Any, table_name: str, cipher: TokenCipher | UnavailableCipher) -> None:
        self._client = client
        self._table = table_name
        self._cipher = cipher

    def load(self, tenant_id: str) -> StoredToken | None:
        item = self._client.get_item(
            TableName=self._table,
            Key={"pk": procore_pk(tenant_id), "sk": {"S": "TOKEN"}},
            ConsistentRead=True,
        ).get("Item")
        if not item:
            return None
        refresh = item.get("refresh_token", {}).get("S")
        return StoredToken(
            access_token=self._cipher.decrypt(item["access_token"]["S"], tenant_id=tenant_id, field="access"),
            refresh_token=(
                self._cipher.decrypt(refresh, tenant_id=tenant_id, field="refresh") if refresh else None
            ),
            expires_at=datetime.fromtimestamp(int(item["token_expires_at"]["N"]), UTC),
            version=int(item["version"]["N"]),
        )

    def save(self, tenant_id: str, token: StoredToken, *, previous_version: int | None) -> None:
        item: dict[str, Any] = {
            "pk": procore_pk(tenant_id),
            "sk": {"S": "TOKEN"},
            "access_token": {
                "S": self._cipher.encrypt(token.access_token, tenant_id=tenant_id, field="access")
            },
            "token_expires_at": {"N": str(int(token.expires_at.timestamp()))},
            "version": {"N": str(token.version)},
        }
        if token.refresh_token:
            item["refresh_token"] = {
                "S": self._cipher.encrypt(token.refresh_token, tenant_id=tenant_id, field="refresh")
            }
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
            if conditional_failed(error):
                raise TokenConflictError(f"token for tenant {tenant_id} changed concurrently") from error
            raise

    def delete(self, tenant_id: str) -> None:
        self._client.delete_item(
            TableName=self._table, Key={"pk": procore_pk(tenant_id), "sk": {"S": "TOKEN"}}
        )


class DynamoIdMap:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def remember(self, tenant_id: str, kind: MappedKind, our_id: str, ref: ProcoreRef) -> None:
        forward: dict[str, Any] = {
            "pk": procore_pk(tenant_id),
            "sk": {"S": f"MAP#{kind}#{our_id}"},
            "procore_id": {"N": str(ref.procore_id)},
        }
        if ref.commitment_kind:
            forward["commitment_kind"] = {"S": ref.commitment_kind}
        if ref.procore_project_id is not None:
            forward["procore_project_id"] = {"N": str(ref.procore_project_id)}
        reverse = {
            "pk": procore_pk(tenant_id),
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
            TableName=self._table, Key={"pk": procore_pk(tenant_id), "sk": {"S": f"MAP#{kind}#{our_id}"}}
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
            TableName=self._table, Key={"pk": procore_pk(tenant_id), "sk": {"S": f"PMAP#{kind}#{procore_id}"}}
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
                    "pk": procore_pk(tenant_id),
                    "sk": {"S": f"DELIVERY#{delivery_key}"},
                    "expires_at": {"N": str(expires)},
                },
                ConditionExpression="attribute_not_exists(pk)",
            )
        except ClientError as error:
            if conditional_failed(error):
                return False
            raise
        return True

    def forget(self, tenant_id: str, delivery_key: str) -> None:
        self._client.delete_item(
            TableName=self._table, Key={"pk": procore_pk(tenant_id), "sk": {"S": f"DELIVERY#{delivery_key}"}}
        )
