"""Text the ERP files and the Sage-shaped coverage CSV share: US dates, Y/N flags, ASCII-only CSV
(ERP importers choke on anything else)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date


def us_date(value: date | None) -> str:
    """Sage and Vista: MM/DD/YYYY."""
    return value.strftime("%m/%d/%Y") if value else ""


def ascii_text(value: str | None) -> str:
    """Accents folded, anything else non-ASCII dropped, line breaks flattened."""
    if not value:
        return ""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return " ".join(folded.split())


def yes_no(flag: bool) -> str:
    return "Y" if flag else "N"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        # ERP importers choke on anything but ASCII: fold accents rather than lose letters.
        writer.writerow(
            ["" if cell is None else ascii_text(cell) if isinstance(cell, str) else cell for cell in row]
        )
    return buffer.getvalue().encode("ascii", "replace")
