"""erp_export's own items in the workspace table, under `T#<tenant>#ERP` (the settings, codes and
exports it shares with the API are `shared.erp.table`):

| sk | what |
|---|---|
| `STATE#<contract id>` | the latest compliance of one contract (written only if newer) |
| `INTACCT#<reference>` | Intacct's RECORDNO for one of our compliance records |
| `INTACCT_HELD` | the VENDORIDs this export put on hold in Intacct |
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from services.erp_export.models import ContractComplianceState
from shared.erp.table import erp_pk, query_prefix


class DynamoExportStateStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def record(self, state: ContractComplianceState) -> bool:
        try:
            self._client.put_item(
                TableName=self._table,
                Item={
                    "pk": erp_pk(state.tenant_id),
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
            {"pk": erp_pk(tenant_id), "sk": {"S": f"INTACCT#{reference}"}, "record_no": {"S": record_no}}
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
            Key={"pk": erp_pk(tenant_id), "sk": {"S": "INTACCT_HELD"}},
            ConsistentRead=True,
        ).get("Item")
        return set(item["vendor_ids"]["SS"]) if item and "vendor_ids" in item else set()

    def remember_intacct_held(self, tenant_id: str, vendor_ids: set[str]) -> None:
        item: dict[str, Any] = {"pk": erp_pk(tenant_id), "sk": {"S": "INTACCT_HELD"}}
        if vendor_ids:  # DynamoDB string sets cannot be empty
            item["vendor_ids"] = {"SS": sorted(vendor_ids)}
        self._client.put_item(TableName=self._table, Item=item)

    def _query(self, tenant_id: str, prefix: str) -> list[dict[str, Any]]:
        return query_prefix(self._client, self._table, tenant_id, prefix)
