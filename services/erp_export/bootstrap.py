"""The composition root of erp_export, built lazily once per cold start."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from services.erp_export.models import TenantErpConfig
from services.erp_export.ports import ErpConfigStore, ExportSink, ExportStateStore, IntacctGateway
from services.erp_export.settings import ErpSettings
from shared.clock import Clock, SystemClock


@dataclass
class Dependencies:
    states: ExportStateStore
    configs: ErpConfigStore
    sink: ExportSink
    clock: Clock
    intacct: IntacctGateway | None = None


@cache
def settings() -> ErpSettings:
    return ErpSettings()  # read from the environment


@cache
def dependencies() -> Dependencies:
    import httpx
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    from services.erp_export.adapters.dynamodb import DynamoErpConfigStore, DynamoExportStateStore
    from services.erp_export.adapters.idempotent_intacct import IdempotentIntacctGateway
    from services.erp_export.adapters.intacct import HttpIntacctGateway, secrets_manager_credentials
    from services.erp_export.adapters.s3 import S3ExportSink
    from shared.aws.clients import aws_client

    config = settings()
    dynamodb = aws_client("dynamodb")
    clock = SystemClock()
    return Dependencies(
        states=DynamoExportStateStore(dynamodb, config.table_name),
        configs=DynamoErpConfigStore(dynamodb, config.table_name),
        sink=S3ExportSink(aws_client("s3"), config.bucket),
        clock=clock,
        intacct=IdempotentIntacctGateway(
            HttpIntacctGateway(
                httpx.Client(timeout=config.intacct_timeout_seconds),
                config.intacct_gateway_url,
                secrets_manager_credentials(aws_client("secretsmanager")),
            ),
            DynamoDBPersistenceLayer(table_name=config.idempotency_table_name, boto3_client=dynamodb),
        ),
    )


def configure_tenant(config: TenantErpConfig) -> None:
    """Operators' entry (CLI, admin API): store which ERPs a tenant feeds."""
    from services.erp_export.adapters.dynamodb import DynamoErpConfigStore
    from shared.aws.clients import aws_client

    DynamoErpConfigStore(aws_client("dynamodb"), settings().table_name).put(config)
