"""The ACORD 25 mapper, label-anchored, for text layers and OCR words alike.

`document` maps a whole document; `parties` reads the top of the form (producer, insured,
insurers), `grid` the coverage grid with `columns` (the middle cells), `marks` and `limits`;
`reader` holds what they share (finding printed labels, values beside them).
"""

from services.intake.extraction.acord25.document import Mapped, map_document
from services.intake.extraction.acord25.parties import is_acord_page, structure_score
from services.intake.extraction.acord25.reader import AUTO_LIMITS, GL_LIMITS, UMB_LIMITS, WC_LIMITS

__all__ = [
    "AUTO_LIMITS",
    "GL_LIMITS",
    "UMB_LIMITS",
    "WC_LIMITS",
    "Mapped",
    "is_acord_page",
    "map_document",
    "structure_score",
]
