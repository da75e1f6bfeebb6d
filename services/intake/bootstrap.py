"""Composition root of the intake service: settings from the environment and the adapters, built
lazily once per cold start."""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

from services.intake.logic import (
    ContractDirectory,
    Extraction,
    IntakePorts,
    StoredDocument,
    UnknownContract,
    Unreadable,
)
from shared.aws.bus import EventBridgePublisher
from shared.aws.clients import aws_client


class IntakeSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    table_name: str
    event_bus_name: str
    extraction_ocr: Literal["tesseract", "textract"] = "tesseract"


class S3DocumentStore:
    def __init__(self, client: Any) -> None:
        self._client = client

    def fetch(self, bucket: str, key: str, max_bytes: int) -> StoredDocument:
        head = self._client.head_object(Bucket=bucket, Key=key)
        size = int(head["ContentLength"])
        content_type, metadata = head.get("ContentType"), head.get("Metadata", {})
        if size > max_bytes:
            return StoredDocument(None, size, content_type, metadata)
        # Read exactly the bytes HEAD saw, even if the object grew since (bounded memory).
        body = self._client.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{max(size - 1, 0)}")
        data = body["Body"].read(max_bytes + 1) if size else b""
        return StoredDocument(data, len(data), content_type, metadata)


class WorkspaceContractDirectory:
    def __init__(self, table_name: str) -> None:
        from shared.workspace.dynamo import DynamoItemStore, workspace_model

        self._store = DynamoItemStore(workspace_model(table_name))

    def project_of(self, tenant_id: str, contract_id: str) -> str:
        from shared.workspace.errors import NotFound
        from shared.workspace.repository import TenantRepository

        try:
            return TenantRepository(self._store, tenant_id).contract(contract_id).project_id
        except NotFound:
            raise UnknownContract(f"no contract {contract_id} in tenant {tenant_id}") from None


def _ocr_engine(settings: IntakeSettings) -> Any:
    if settings.extraction_ocr == "textract":
        from services.intake.extraction.textract import TextractEngine

        return TextractEngine(aws_client("textract"))
    from services.intake.extraction.ocr import TesseractEngine

    return TesseractEngine()


def extractor(ocr: Any) -> Any:
    """The extract port over the extraction API: its UnreadableDocument becomes `Unreadable`."""
    from services.intake.extraction.api import UnreadableDocument, extract_document

    def extract(data: bytes, filename: str, content_type: str) -> Extraction:
        try:
            result = extract_document(data, filename=filename, content_type=content_type, ocr=ocr)
        except UnreadableDocument as exc:
            raise Unreadable(str(exc)) from None
        return Extraction(result.certificate, list(result.needs_human_review))

    return extract


@cache
def intake_ports() -> IntakePorts:
    settings = IntakeSettings()  # read from the environment
    contracts: ContractDirectory = WorkspaceContractDirectory(settings.table_name)
    return IntakePorts(
        documents=S3DocumentStore(aws_client("s3")),
        contracts=contracts,
        extract=extractor(_ocr_engine(settings)),
        publisher=EventBridgePublisher(aws_client("events"), settings.event_bus_name),
    )
