"""The composition root of erp_export, built lazily once per cold start. The API builds the same
ports (`build_ports`) for its ERP settings and Exports pages."""

from __future__ import annotations

from functools import cache
from typing import Any

from services.erp_export.exporter import ExportPorts
from services.erp_export.models import TenantErpConfig
from services.erp_export.ports import ExportStateStore
from services.erp_export.settings import ErpSettings
from shared.clock import Clock, OffsetFileClock, SystemClock


@cache
def settings() -> ErpSettings:
    return ErpSettings()  # read from the environment


def build_ports(
    config: ErpSettings,
    *,
    dynamodb: Any = None,
    s3: Any = None,
    clock: Clock | None = None,
    workspace: Any = None,
) -> ExportPorts:
    import httpx

    from services.erp_export.adapters.dynamodb import (
        DynamoErpCodeStore,
        DynamoErpConfigStore,
        DynamoExportLog,
        DynamoExportStateStore,
    )
    from services.erp_export.adapters.intacct import HttpIntacctGateway, ssm_credentials
    from services.erp_export.adapters.s3 import S3ExportSink
    from services.erp_export.adapters.ses import SesFileMailer
    from services.erp_export.adapters.workspace import WorkspaceContracts
    from services.erp_export.ports import IntacctGateway
    from shared.aws.clients import aws_client

    dynamodb = dynamodb or aws_client("dynamodb")
    intacct: IntacctGateway = HttpIntacctGateway(
        httpx.Client(timeout=config.intacct_timeout_seconds),
        config.intacct_gateway_url,
        ssm_credentials(aws_client("ssm")),
    )
    if config.idempotency_table_name:
        from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

        from services.erp_export.adapters.idempotent_intacct import IdempotentIntacctGateway

        intacct = IdempotentIntacctGateway(
            intacct,
            DynamoDBPersistenceLayer(table_name=config.idempotency_table_name, boto3_client=dynamodb),
        )
    if workspace is None:
        from shared.workspace.dynamo import DynamoItemStore, workspace_model

        workspace = DynamoItemStore(
            workspace_model(config.table_name, config.aws_region, config.aws_endpoint_url)
        )
    if clock is None:
        clock = OffsetFileClock(config.coi_clock_file) if config.coi_clock_file else SystemClock()
    return ExportPorts(
        states=DynamoExportStateStore(dynamodb, config.table_name),
        configs=DynamoErpConfigStore(dynamodb, config.table_name),
        codes=DynamoErpCodeStore(dynamodb, config.table_name),
        log=DynamoExportLog(dynamodb, config.table_name),
        sink=S3ExportSink(s3 or aws_client("s3"), config.bucket),
        clock=clock,
        intacct=intacct,
        mailer=SesFileMailer(aws_client("sesv2"), config.sender_email) if config.sender_email else None,
        directory=WorkspaceContracts(workspace),
    )


@cache
def dependencies() -> ExportPorts:
    return build_ports(settings())


def state_store() -> ExportStateStore:
    """The SQS consumer needs only the state store: no HTTP client or SES at its cold start."""
    from services.erp_export.adapters.dynamodb import DynamoExportStateStore
    from shared.aws.clients import aws_client

    return DynamoExportStateStore(aws_client("dynamodb"), settings().table_name)


def configure_tenant(config: TenantErpConfig) -> None:
    """Operators' entry (CLI): store which ERPs a tenant feeds."""
    dependencies().configs.put(config)
