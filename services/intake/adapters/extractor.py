"""The extract port over the extraction API, with the OCR engine the settings choose."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from services.intake.extraction.budgets import DecodingBudgets
from services.intake.ports import Extraction, OcrDeferred, Unreadable
from services.intake.settings import IntakeSettings
from shared.aws.clients import aws_client

logger = Logger(service="intake")


def ocr_engine(settings: IntakeSettings) -> Any:
    if settings.extraction_ocr == "textract":
        from services.intake.extraction.textract import TextractEngine

        return TextractEngine(aws_client("textract"))
    from services.intake.extraction.ocr import OcrSettings, TesseractEngine

    # Pages bigger than the render budget are rendered at a lower resolution.
    return TesseractEngine(OcrSettings(max_pixels=settings.decoding.max_render_pixels))


def _our_failures() -> tuple[type[BaseException], ...]:
    """Exceptions that are ours, not the document's: AWS unavailable, Tesseract not installed."""
    failures: tuple[type[BaseException], ...] = (BotoCoreError, ClientError)
    try:
        from pytesseract import TesseractNotFoundError
    except ImportError:
        return failures
    return (*failures, TesseractNotFoundError)


def extractor(ocr: Any, budgets: DecodingBudgets | None = None) -> Any:
    """The extract port over the extraction API: its UnreadableDocument becomes `Unreadable`, the
    Textract engine's request for an asynchronous job becomes `OcrDeferred`.

    Any other error while reading the bytes is the document's doing too (a reader tripping over a
    malformed file fails the same way on every retry): it is logged with its traceback and the
    upload recorded as unreadable, instead of retrying into the dead-letter queue. Only our own
    failures (AWS calls, a missing Tesseract) raise."""
    from services.intake.extraction.api import UnreadableDocument, extract_document
    from services.intake.extraction.textract import TextractAsyncRequired

    limits = budgets or DecodingBudgets()
    ours = _our_failures()

    def extract(data: bytes, filename: str, content_type: str) -> Extraction:
        try:
            result = extract_document(
                data, filename=filename, content_type=content_type, ocr=ocr, budgets=limits
            )
        except TextractAsyncRequired:
            raise OcrDeferred(filename) from None
        except UnreadableDocument as exc:
            raise Unreadable(str(exc)) from None
        except ours:
            raise
        except Exception:  # MemoryError included: a retry would run out the same way
            logger.exception("the document could not be read", document=filename)
            raise Unreadable("the file is damaged or malformed and could not be read") from None
        return Extraction(result.certificate, list(result.needs_human_review))

    return extract
