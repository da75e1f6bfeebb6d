"""The one intermediate representation every reading engine produces.

Boxes are in page fractions with a top-left origin (Textract's convention), so the ACORD 25
mapper works the same on form fields, positioned PDF text, Tesseract words and Textract blocks.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SourceKind = Literal["fillable", "text", "scanned", "image"]

# The engines that read a PDF's own text layer or form fields (`TEXT_LAYER_ENGINES` in the
# contract, so the rules can tell a file's own text from a picture's); OCR and Textract name themselves.
PDF_TEXT_ENGINE = "pdf-text"
PDF_FORM_ENGINE = "pdf-form"


class Box(BaseModel):
    model_config = ConfigDict(frozen=True)

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def center_x(self) -> float:
        return self.left + self.width / 2

    @property
    def center_y(self) -> float:
        return self.top + self.height / 2


class Word(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    page: int  # 1-based
    box: Box
    confidence: float = 1.0  # 0..1
    source: str  # engine name: pdf-text, ocr, textract
    # OCR only: the shape of a lone glyph OCR was unsure of (`Y`, `N`, else `X`), told by its
    # symmetry; a mark column's answer can then be read where the text came out as `bf`.
    glyph: str | None = None


class FormField(BaseModel):
    """A value the document itself labels: an AcroForm field, a Textract key-value or query answer."""

    model_config = ConfigDict(frozen=True)

    name: str
    value: str | None
    page: int | None = None
    box: Box | None = None
    kind: Literal["text", "checkbox", "choice", "signature"] = "text"
    origin: str  # acroform:<qualified name>, textract:kv, textract:query:<alias>
    confidence: float = 1.0


class Page(BaseModel):
    number: int  # 1-based
    width: float  # points (PDF) or pixels (images), after rotation
    height: float
    rotation: int = 0
    words: list[Word] = Field(default_factory=list)


class DocumentIR(BaseModel):
    sha256: str
    source_kind: SourceKind
    engine: str
    pages: list[Page] = Field(default_factory=list)
    fields: list[FormField] = Field(default_factory=list)
    # Whole-document facts an engine noticed (producer application, ACORD edition text, warnings).
    notes: dict[str, str] = Field(default_factory=dict)

    @property
    def words(self) -> list[Word]:
        return [w for p in self.pages for w in p.words]
