"""Certificate reading: `extract_document(data, ...) -> ExtractionResult` (see `api.py`).

Imported lazily so that engines (Tesseract, Textract) can be imported without the whole reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from services.intake.extraction.api import ExtractionResult, UnreadableDocument, extract_document

__all__ = ["ExtractionResult", "UnreadableDocument", "extract_document"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from services.intake.extraction import api

        return getattr(api, name)
    raise AttributeError(name)
