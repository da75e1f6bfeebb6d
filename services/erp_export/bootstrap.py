"""The composition root of erp_export: `build(settings, **overrides)` wires `ExportPorts` (the
handlers keep the result once per cold start; tests pass fakes for any field as overrides).
`state_store(settings)` is the compliance consumer's only dependency: no HTTP client or SES at
its cold start."""

from __future__ import annotations

from functools import cache
from typing import Any

from services.erp_export.ports import ExportPorts, ExportStateStore, IntacctGateway
from services.erp_export.settings import ErpSettings
from shared.clock import Clock, OffsetFileClock, SystemClock
from shared.runtime import assemble


def build(
    settings: ErpSettings | None = None,
    *,
    dynamodb: Any = None,
    s3: Any = None,
    workspace: Any = None,
    **overrides: Any,
) -> ExportPorts:
    """erp_export's ports from `settings` (the environment when None), over the given clients
    and workspace item store (the deployed ones when None); any field of `ExportPorts` given in
    `overrides` is used as is and its adapter never built."""
    from shared.aws.clients import aws_client

    config = cache(lambda: settings if settings is not None else ErpSettings())
    table = cache(lambda: dynamodb or aws_client("dynamodb"))

    def states() -> Any:
        from services.erp_export.adapters.dynamodb import DynamoExportStateStore

        return DynamoExportStateStore(table(), config().table_name)

    def configs() -> Any:
        from shared.erp.table import DynamoErpConfigStore

        return DynamoErpConfigStore(table(), config().table_name)

    def codes() -> Any:
        from shared.erp.table import DynamoErpCodeStore

        return DynamoErpCodeStore(table(), config().table_name)

    def log() -> Any:
        from shared.erp.table import DynamoExportLog

        return DynamoExportLog(table(), config().table_name)

    def sink() -> Any:
        from services.erp_export.adapters.s3 import S3ExportSink

        return S3ExportSink(s3 or aws_client("s3"), config().bucket)

    def clock() -> Clock:
        clock_file = config().coi_clock_file
        return OffsetFileClock(clock_file) if clock_file else SystemClock()

    def intacct() -> IntacctGateway:
        import httpx

        from services.erp_export.adapters.intacct import HttpIntacctGateway, ssm_credentials

        gateway: IntacctGateway = HttpIntacctGateway(
            httpx.Client(timeout=config().intacct_timeout_seconds),
            config().intacct_gateway_url,
            ssm_credentials(aws_client("ssm")),
        )
        if not config().idempotency_table_name:
            return gateway
        from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

        from services.erp_export.adapters.idempotent_intacct import IdempotentIntacctGateway

        return IdempotentIntacctGateway(
            gateway,
            DynamoDBPersistenceLayer(table_name=config().idempotency_table_name, boto3_client=table()),
        )

    def mailer() -> Any:
        from services.erp_export.adapters.ses import SesFileMailer

        sender = config().sender_email
        return SesFileMailer(aws_client("sesv2"), sender) if sender else None

    def directory() -> Any:
        from services.erp_export.adapters.workspace import WorkspaceContracts

        store = workspace
        if store is None:
            from shared.workspace import DynamoItemStore, workspace_model

            store = DynamoItemStore(
                workspace_model(config().table_name, config().aws_region, config().aws_endpoint_url)
            )
        return WorkspaceContracts(store)

    return assemble(
        ExportPorts,
        overrides,
        states=states,
        configs=configs,
        codes=codes,
        log=log,
        sink=sink,
        clock=clock,
        intacct=intacct,
        mailer=mailer,
        directory=directory,
    )


def state_store(settings: ErpSettings) -> ExportStateStore:
    from services.erp_export.adapters.dynamodb import DynamoExportStateStore
    from shared.aws.clients import aws_client

    return DynamoExportStateStore(aws_client("dynamodb"), settings.table_name)
