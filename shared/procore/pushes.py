"""What was pushed to Procore for each contract, and when: the read model the contract page shows.

procore_sync writes it after each push of a `ComplianceChanged` (the insurance records, one per
policy, with Procore's id and the status sent; the commitment's Procore Pay compliance status) and
after each failed attempt; the API reads it. It lives in `shared/` so the API never imports
procore_sync. Items sit in the workspace table beside procore_sync's own, under the tenant's
Procore partition: `pk = T#<tenant>#PROCORE`, `sk = PUSH#<contract id>`.

Insurance records and the commitment status are stamped separately: a push that sends only one
of them (a connection without insurance sync, a contract that is not a commitment) leaves the
other as it was last sent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class PushedInsurance:
    """One insurance record as Procore holds it after the push."""

    insurance_type: str
    status: str
    procore_id: int | None = None
    policy_number: str | None = None
    expiration_date: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "insurance_type": self.insurance_type,
            "status": self.status,
            "procore_id": self.procore_id,
            "policy_number": self.policy_number,
            "expiration_date": self.expiration_date,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> PushedInsurance:
        procore_id = raw.get("procore_id")
        return cls(
            insurance_type=str(raw.get("insurance_type") or ""),
            status=str(raw.get("status") or ""),
            procore_id=int(procore_id) if procore_id is not None else None,
            policy_number=raw.get("policy_number"),
            expiration_date=raw.get("expiration_date"),
        )


@dataclass(frozen=True)
class ContractPush:
    contract_id: str
    insurances: tuple[PushedInsurance, ...] = ()
    insurances_at: datetime | None = None
    commitment_status: str | None = None
    commitment_at: datetime | None = None
    # The last attempt that failed, while no later push succeeded.
    failure: str | None = None
    failed_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        def stamp(at: datetime | None) -> str | None:
            return at.isoformat() if at else None

        return {
            "contract_id": self.contract_id,
            "insurances": [i.to_json() for i in self.insurances],
            "insurances_at": stamp(self.insurances_at),
            "commitment_status": self.commitment_status,
            "commitment_at": stamp(self.commitment_at),
            "failure": self.failure,
            "failed_at": stamp(self.failed_at),
        }


class PushRecords(Protocol):
    def succeeded(
        self,
        tenant_id: str,
        contract_id: str,
        at: datetime,
        *,
        insurances: list[PushedInsurance] | None,
        commitment_status: str | None,
    ) -> None:
        """`None` for what this push did not send (it keeps its earlier value)."""

    def failed(self, tenant_id: str, contract_id: str, at: datetime, error: str) -> None: ...

    def get(self, tenant_id: str, contract_id: str) -> ContractPush | None: ...


def _key(tenant_id: str, contract_id: str) -> dict[str, Any]:
    return {"pk": {"S": f"T#{tenant_id}#PROCORE"}, "sk": {"S": f"PUSH#{contract_id}"}}


class DynamoPushRecords:
    """Over a low-level DynamoDB client; each write is one UpdateItem (no read first)."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def succeeded(
        self,
        tenant_id: str,
        contract_id: str,
        at: datetime,
        *,
        insurances: list[PushedInsurance] | None,
        commitment_status: str | None,
    ) -> None:
        sets: list[str] = []
        values: dict[str, Any] = {}
        if insurances is not None:
            sets += ["insurances = :insurances", "insurances_at = :at"]
            values[":insurances"] = {"S": json.dumps([i.to_json() for i in insurances])}
        if commitment_status is not None:
            sets += ["commitment_status = :commitment", "commitment_at = :at"]
            values[":commitment"] = {"S": commitment_status}
        values[":at"] = {"S": at.isoformat()}
        expression = ("SET " + ", ".join(sets) + " " if sets else "") + "REMOVE failure, failed_at"
        if not sets:
            values = {}
        self._client.update_item(
            TableName=self._table,
            Key=_key(tenant_id, contract_id),
            UpdateExpression=expression,
            **({"ExpressionAttributeValues": values} if values else {}),
        )

    def failed(self, tenant_id: str, contract_id: str, at: datetime, error: str) -> None:
        self._client.update_item(
            TableName=self._table,
            Key=_key(tenant_id, contract_id),
            UpdateExpression="SET failure = :failure, failed_at = :at",
            ExpressionAttributeValues={":failure": {"S": error[:500]}, ":at": {"S": at.isoformat()}},
        )

    def get(self, tenant_id: str, contract_id: str) -> ContractPush | None:
        item = self._client.get_item(TableName=self._table, Key=_key(tenant_id, contract_id)).get("Item")
        if not item:
            return None

        def text(name: str) -> str | None:
            return item[name]["S"] if name in item else None

        def stamp(name: str) -> datetime | None:
            value = text(name)
            return datetime.fromisoformat(value) if value else None

        return ContractPush(
            contract_id=contract_id,
            insurances=tuple(PushedInsurance.from_json(i) for i in json.loads(text("insurances") or "[]")),
            insurances_at=stamp("insurances_at"),
            commitment_status=text("commitment_status"),
            commitment_at=stamp("commitment_at"),
            failure=text("failure"),
            failed_at=stamp("failed_at"),
        )
