"""erp_export's items in the workspace table, under `T#<tenant>#ERP`:

| sk | what |
|---|---|
| `CONFIG` | the tenant's ERP configuration (gsi1pk `ERP#CONFIGS` lists every configured tenant) |
| `STATE#<contract id>` | the latest compliance of one contract (written only if newer) |
| `INTACCT#<reference>` | Intacct's RECORDNO for one of our compliance records |
| `INTACCT_HELD` | the VENDORIDs this export put on hold in Intacct |
| `CODE#<erp>#<kind>#<our id>` | the ERP's code for one vendor, project (job) or contract (commitment) |
| `EXPORT#<export id>` | one generated export (ids start with the time, so they sort newest last) |
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from services.erp_export.codes import CodeKind, ErpCodes
from services.erp_export.models import ContractComplianceState, ExportRecord, TenantErpConfig

CONFIGS_INDEX = "gsi1"
CONFIGS_KEY = "ERP#CONFIGS"


def _pk(tenant_id: str) -> dict[str, str]:
    return {"S": f"T#{tenant_id}#ERP"}


class DynamoExportStateStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def record(self, state: ContractComplianceState) -> bool:
        try:
            self._client.put_item(
                TableName=self._table,
                Item={
                    "pk": _pk(state.tenant_id),
                    "sk": {"S": f"STATE#{state.contract_id}"},
                    "changed_at": {"S": state.changed_at.isoformat()},
                    "state": {"S": state.model_dump_json()},
                },
                # ISO-8601 UTC strings order like the instants they name.
                ConditionExpression="attribute_not_exists(pk) OR changed_at <= :changed_at",
                ExpressionAttributeValues={":changed_at": {"S": state.changed_at.isoformat()}},
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def contracts(self, tenant_id: str) -> list[ContractComplianceState]:
        states = [
            ContractComplianceState.model_validate_json(i["state"]["S"])
            for i in self._query(tenant_id, "STATE#")
        ]
        return [state for state in states if not state.removed]

    def intacct_records(self, tenant_id: str) -> dict[str, str]:
        return {
            item["sk"]["S"].removeprefix("INTACCT#"): item["record_no"]["S"]
            for item in self._query(tenant_id, "INTACCT#")
        }

    def remember_intacct_records(self, tenant_id: str, records: dict[str, str]) -> None:
        items = [
            {"pk": _pk(tenant_id), "sk": {"S": f"INTACCT#{reference}"}, "record_no": {"S": record_no}}
            for reference, record_no in records.items()
        ]
        for start in range(0, len(items), 25):  # BatchWriteItem's limit
            pending: dict[str, Any] = {
                self._table: [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
            }
            for _ in range(8):
                unprocessed = self._client.batch_write_item(RequestItems=pending).get("UnprocessedItems")
                if not unprocessed:
                    break
                pending = unprocessed  # throttled: the SDK's retries back off between rounds
            else:
                raise RuntimeError("DynamoDB kept items unprocessed; the next export retries them")

    def intacct_held(self, tenant_id: str) -> set[str]:
        item = self._client.get_item(
            TableName=self._table,
            Key={"pk": _pk(tenant_id), "sk": {"S": "INTACCT_HELD"}},
            ConsistentRead=True,
        ).get("Item")
        return set(item["vendor_ids"]["SS"]) if item and "vendor_ids" in item else set()

    def remember_intacct_held(self, tenant_id: str, vendor_ids: set[str]) -> None:
        item: dict[str, Any] = {"pk": _pk(tenant_id), "sk": {"S": "INTACCT_HELD"}}
        if vendor_ids:  # DynamoDB string sets cannot be empty
            item["vendor_ids"] = {"SS": sorted(vendor_ids)}
        self._client.put_item(TableName=self._table, Item=item)

    def _query(self, tenant_id: str, prefix: str) -> list[dict[str, Any]]:
        return _query(self._client, self._table, tenant_id, prefix)


def _query(
    client: Any,
    table: str,
    tenant_id: str,
    prefix: str,
    *,
    newest_first: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    args: dict[str, Any] = {
        "TableName": table,
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {":pk": _pk(tenant_id), ":prefix": {"S": prefix}},
        "ScanIndexForward": not newest_first,
    }
    items: list[dict[str, Any]] = []
    for page in client.get_paginator("query").paginate(**args):
        items.extend(page.get("Items", []))
        if limit is not None and len(items) >= limit:
            return items[:limit]
    return items


class DynamoErpCodeStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def codes(self, tenant_id: str, erp: str | None = None) -> ErpCodes:
        codes = ErpCodes()
        for item in _query(self._client, self._table, tenant_id, f"CODE#{erp}#" if erp else "CODE#"):
            _, erp, kind, entity_id = item["sk"]["S"].split("#", 3)
            codes.set(erp, kind, entity_id, item["code"]["S"])
        return codes

    def put_code(
        self, tenant_id: str, erp: str, kind: CodeKind, entity_id: str, code: str | None, *, by: str
    ) -> None:
        key = {"pk": _pk(tenant_id), "sk": {"S": f"CODE#{erp}#{kind}#{entity_id}"}}
        if code:
            self._client.put_item(
                TableName=self._table, Item={**key, "code": {"S": code}, "updated_by": {"S": by}}
            )
        else:
            self._client.delete_item(TableName=self._table, Key=key)


class DynamoExportLog:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def add(self, record: ExportRecord) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": _pk(record.tenant_id),
                "sk": {"S": f"EXPORT#{record.id}"},
                "record": {"S": record.model_dump_json()},
            },
        )

    replace = add

    def get(self, tenant_id: str, export_id: str) -> ExportRecord | None:
        item = self._client.get_item(
            TableName=self._table,
            Key={"pk": _pk(tenant_id), "sk": {"S": f"EXPORT#{export_id}"}},
            ConsistentRead=True,
        ).get("Item")
        return ExportRecord.model_validate_json(item["record"]["S"]) if item else None

    def records(self, tenant_id: str, *, limit: int = 100) -> list[ExportRecord]:
        items = _query(self._client, self._table, tenant_id, "EXPORT#", newest_first=True, limit=limit)
        return [ExportRecord.model_validate_json(i["record"]["S"]) for i in items]


class DynamoErpConfigStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def put(self, config: TenantErpConfig) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": _pk(config.tenant_id),
                "sk": {"S": "CONFIG"},
                "gsi1pk": {"S": CONFIGS_KEY},
                "gsi1sk": {"S": f"T#{config.tenant_id}"},
                "config": {"S": config.model_dump_json()},
            },
        )

    def get(self, tenant_id: str) -> TenantErpConfig | None:
        item = self._client.get_item(
            TableName=self._table, Key={"pk": _pk(tenant_id), "sk": {"S": "CONFIG"}}, ConsistentRead=True
        ).get("Item")
        return TenantErpConfig.model_validate_json(item["config"]["S"]) if item else None

    def configured(self) -> list[TenantErpConfig]:
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            IndexName=CONFIGS_INDEX,
            KeyConditionExpression="gsi1pk = :key",
            ExpressionAttributeValues={":key": {"S": CONFIGS_KEY}},
        )
        return [
            TenantErpConfig.model_validate_json(i["config"]["S"])
            for page in pages
            for i in page.get("Items", [])
        ]
