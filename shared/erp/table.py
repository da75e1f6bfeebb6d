"""The ERP items in the workspace table, under `T#<tenant>#ERP`, that the API and erp_export both
use (erp_export's own items, `STATE#` and `INTACCT#`, are in its `adapters/dynamodb.py`):

| sk | what |
|---|---|
| `CONFIG` | the tenant's ERP configuration (gsi1pk `ERP#CONFIGS` lists every configured tenant) |
| `CODE#<erp>#<kind>#<our id>` | the ERP's code for one vendor, project (job) or contract (commitment) |
| `EXPORT#<export id>` | one export (ids start with the time, so they sort newest last) |

An export's `status` is kept beside its record so a change of state can be conditional.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from shared.erp.codes import CodeKind, ErpCodes
from shared.erp.records import ExportRecord, ExportStatus, TenantErpConfig

CONFIGS_INDEX = "gsi1"
CONFIGS_KEY = "ERP#CONFIGS"


def erp_pk(tenant_id: str) -> dict[str, str]:
    return {"S": f"T#{tenant_id}#ERP"}


def query_prefix(  # noqa: PLR0913  one partition query; order and limit are keyword-only options
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
        "ExpressionAttributeValues": {":pk": erp_pk(tenant_id), ":prefix": {"S": prefix}},
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
        for item in query_prefix(self._client, self._table, tenant_id, f"CODE#{erp}#" if erp else "CODE#"):
            _, erp, kind, entity_id = item["sk"]["S"].split("#", 3)
            codes.set(erp, kind, entity_id, item["code"]["S"])
        return codes

    def put_code(  # noqa: PLR0913  ErpCodeStore.put_code's signature
        self, tenant_id: str, erp: str, kind: CodeKind, entity_id: str, code: str | None, *, by: str
    ) -> None:
        key = {"pk": erp_pk(tenant_id), "sk": {"S": f"CODE#{erp}#{kind}#{entity_id}"}}
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
        self._client.put_item(TableName=self._table, Item=self._item(record))

    replace = add

    def swap(self, record: ExportRecord, *, expected: ExportStatus) -> bool:
        # Records stored before the status existed are done.
        condition = "#status = :expected" + (
            " OR attribute_not_exists(#status)" if expected == "done" else ""
        )
        try:
            self._client.put_item(
                TableName=self._table,
                Item=self._item(record),
                ConditionExpression=f"attribute_exists(pk) AND ({condition})",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={":expected": {"S": expected}},
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True

    @staticmethod
    def _item(record: ExportRecord) -> dict[str, Any]:
        return {
            "pk": erp_pk(record.tenant_id),
            "sk": {"S": f"EXPORT#{record.id}"},
            "status": {"S": record.status},
            "record": {"S": record.model_dump_json()},
        }

    def get(self, tenant_id: str, export_id: str) -> ExportRecord | None:
        item = self._client.get_item(
            TableName=self._table,
            Key={"pk": erp_pk(tenant_id), "sk": {"S": f"EXPORT#{export_id}"}},
            ConsistentRead=True,
        ).get("Item")
        return ExportRecord.model_validate_json(item["record"]["S"]) if item else None

    def records(self, tenant_id: str, *, limit: int = 100) -> list[ExportRecord]:
        items = query_prefix(self._client, self._table, tenant_id, "EXPORT#", newest_first=True, limit=limit)
        return [ExportRecord.model_validate_json(i["record"]["S"]) for i in items]


class DynamoErpConfigStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def put(self, config: TenantErpConfig) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": erp_pk(config.tenant_id),
                "sk": {"S": "CONFIG"},
                "gsi1pk": {"S": CONFIGS_KEY},
                "gsi1sk": {"S": f"T#{config.tenant_id}"},
                "config": {"S": config.model_dump_json()},
            },
        )

    def get(self, tenant_id: str) -> TenantErpConfig | None:
        item = self._client.get_item(
            TableName=self._table, Key={"pk": erp_pk(tenant_id), "sk": {"S": "CONFIG"}}, ConsistentRead=True
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
