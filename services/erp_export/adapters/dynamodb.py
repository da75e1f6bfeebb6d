"""erp_export's items in the workspace table, under `T#<tenant>#ERP`:

| sk | what |
|---|---|
| `CONFIG` | the tenant's ERP configuration (gsi1pk `ERP#CONFIGS` lists every configured tenant) |
| `STATE#<contract id>` | the latest compliance of one contract (written only if newer) |
| `INTACCT#<reference>` | Intacct's RECORDNO for one of our compliance records |
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from services.erp_export.models import ContractComplianceState, TenantErpConfig

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
        for reference, record_no in records.items():
            self._client.put_item(
                TableName=self._table,
                Item={
                    "pk": _pk(tenant_id),
                    "sk": {"S": f"INTACCT#{reference}"},
                    "record_no": {"S": record_no},
                },
            )

    def _query(self, tenant_id: str, prefix: str) -> list[dict[str, Any]]:
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues={":pk": _pk(tenant_id), ":prefix": {"S": prefix}},
        )
        return [item for page in pages for item in page.get("Items", [])]


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
