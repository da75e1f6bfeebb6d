"""The import choices, the sync log and the last-synced values, under `T#<tenant>#PROCORE`:

| sk | what |
|---|---|
| `IMPORT#<procore project id>` | the project staff imported: our id, method, statuses |
| `DIRECTORY#<procore project id>#<vendor id>` | our contract for a Project Directory vendor |
| `SEEN#<kind>:<commitment id>` | the commitment's `updated_at` when last imported |
| `LOG#<our project id>#<key>` | a vendor that could not be imported (one item per vendor, retried in place) |
| `SYNCED#<kind>#<our id>` | the values Procore last gave (field-level ownership) |
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from shared.procore.imports import ProjectImport, SyncLogEntry
from shared.procore.records import MappedKind

LOG_LIMIT = 500


def _pk(tenant_id: str) -> dict[str, str]:
    return {"S": f"T#{tenant_id}#PROCORE"}


def _query(
    client: Any, table: str, tenant_id: str, prefix: str, limit: int | None = None
) -> list[dict[str, Any]]:
    paginator = client.get_paginator("query")
    items: list[dict[str, Any]] = []
    for page in paginator.paginate(
        TableName=table,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues={":pk": _pk(tenant_id), ":prefix": {"S": prefix}},
    ):
        items.extend(page.get("Items", []))
        if limit is not None and len(items) >= limit:
            return items[:limit]
    return items


class DynamoImportStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def get(self, tenant_id: str, procore_project_id: int) -> ProjectImport | None:
        item = self._client.get_item(
            TableName=self._table,
            Key={"pk": _pk(tenant_id), "sk": {"S": f"IMPORT#{procore_project_id}"}},
            ConsistentRead=True,
        ).get("Item")
        return _import(tenant_id, item) if item else None

    def put(self, chosen: ProjectImport) -> None:
        item: dict[str, Any] = {
            "pk": _pk(chosen.tenant_id),
            "sk": {"S": f"IMPORT#{chosen.procore_project_id}"},
            "procore_project_id": {"N": str(chosen.procore_project_id)},
            "our_project_id": {"S": chosen.our_project_id},
            "method": {"S": chosen.method},
            "statuses": {"S": json.dumps(list(chosen.statuses))},
            "imported_at": {"S": chosen.imported_at.isoformat()},
        }
        if chosen.last_synced_at:
            item["last_synced_at"] = {"S": chosen.last_synced_at.isoformat()}
        self._client.put_item(TableName=self._table, Item=item)

    def all(self, tenant_id: str) -> list[ProjectImport]:
        return [_import(tenant_id, item) for item in _query(self._client, self._table, tenant_id, "IMPORT#")]

    def directory_contract(self, tenant_id: str, procore_project_id: int, vendor_id: int) -> str | None:
        item = self._client.get_item(
            TableName=self._table,
            Key={"pk": _pk(tenant_id), "sk": {"S": f"DIRECTORY#{procore_project_id}#{vendor_id}"}},
        ).get("Item")
        return item["our_id"]["S"] if item else None

    def remember_directory_contract(
        self, tenant_id: str, procore_project_id: int, vendor_id: int, our_id: str
    ) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": _pk(tenant_id),
                "sk": {"S": f"DIRECTORY#{procore_project_id}#{vendor_id}"},
                "our_id": {"S": our_id},
            },
        )

    def seen(self, tenant_id: str, key: str) -> str | None:
        item = self._client.get_item(
            TableName=self._table, Key={"pk": _pk(tenant_id), "sk": {"S": f"SEEN#{key}"}}
        ).get("Item")
        return item["updated_at"]["S"] if item else None

    def mark_seen(self, tenant_id: str, key: str, updated_at: str) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={"pk": _pk(tenant_id), "sk": {"S": f"SEEN#{key}"}, "updated_at": {"S": updated_at}},
        )


def _import(tenant_id: str, item: dict[str, Any]) -> ProjectImport:
    return ProjectImport(
        tenant_id=tenant_id,
        procore_project_id=int(item["procore_project_id"]["N"]),
        our_project_id=item["our_project_id"]["S"],
        method=item["method"]["S"],
        statuses=tuple(json.loads(item["statuses"]["S"])),
        imported_at=datetime.fromisoformat(item["imported_at"]["S"]),
        last_synced_at=(
            datetime.fromisoformat(item["last_synced_at"]["S"]) if "last_synced_at" in item else None
        ),
    )


class DynamoSyncLog:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def failed(self, tenant_id: str, project_id: str, entry: SyncLogEntry) -> None:
        # One item per vendor: a retry that fails again updates it, a success marks it resolved.
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": _pk(tenant_id),
                "sk": {"S": f"LOG#{project_id}#{entry.key}"},
                "entry": {"S": json.dumps({**entry.to_json(), "key": entry.key})},
            },
        )

    def succeeded(self, tenant_id: str, project_id: str, key: str, at: datetime) -> None:
        sk = {"S": f"LOG#{project_id}#{key}"}
        item = self._client.get_item(TableName=self._table, Key={"pk": _pk(tenant_id), "sk": sk}).get("Item")
        if not item:
            return
        entry = json.loads(item["entry"]["S"])
        if entry.get("resolved_at"):
            return
        entry.update(resolved=True, resolved_at=at.isoformat())
        self._client.put_item(
            TableName=self._table, Item={"pk": _pk(tenant_id), "sk": sk, "entry": {"S": json.dumps(entry)}}
        )

    def entries(self, tenant_id: str, project_id: str) -> list[SyncLogEntry]:
        items = _query(self._client, self._table, tenant_id, f"LOG#{project_id}#", LOG_LIMIT)
        entries = [_entry(json.loads(item["entry"]["S"])) for item in items]
        return sorted(entries, key=lambda e: e.time, reverse=True)


def _entry(raw: dict[str, Any]) -> SyncLogEntry:
    return SyncLogEntry(
        key=raw["key"],
        time=datetime.fromisoformat(raw["time"]),
        contract_number=raw.get("contract_number"),
        vendor=raw.get("vendor") or "",
        scope=raw.get("scope"),
        error=raw["error"],
        procore_url=raw["procore_url"],
        resolved_at=datetime.fromisoformat(raw["resolved_at"]) if raw.get("resolved_at") else None,
    )


class DynamoSyncedValues:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def load(self, tenant_id: str, kind: MappedKind, our_id: str) -> dict[str, str | None] | None:
        item = self._client.get_item(
            TableName=self._table, Key={"pk": _pk(tenant_id), "sk": {"S": f"SYNCED#{kind}#{our_id}"}}
        ).get("Item")
        return json.loads(item["values"]["S"]) if item else None

    def save(self, tenant_id: str, kind: MappedKind, our_id: str, values: dict[str, str | None]) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": _pk(tenant_id),
                "sk": {"S": f"SYNCED#{kind}#{our_id}"},
                "values": {"S": json.dumps(values)},
            },
        )
