"""ACORD 101 Additional Remarks Schedule pages: their remarks continue the certificate's description.

Agencies move a long description of operations to an ACORD 101 attached behind the ACORD 25. The
schedule's header (agency, named insured, policy, carrier, NAIC, effective date) and the line
`THIS ADDITIONAL REMARKS FORM IS A SCHEDULE TO ACORD FORM, FORM NUMBER: 25 FORM TITLE: ...` come
before the remarks; the ACORD copyright footer ends them.
"""

from __future__ import annotations

import re

from services.intake.extraction.textgeom import PageText

_SCHEDULE = re.compile(r"ADDITIONAL\s+REMARKS\s+SCHEDULE", re.IGNORECASE)
_REMARKS_START = re.compile(r"\bFORM\s*TITLE\b|\bTHIS\s+ADDITIONAL\s+REMARKS\s+FORM\b", re.IGNORECASE)
_FOOTER = re.compile(r"©|ACORD\s+CORPORATION|^ACORD\s+101\b", re.IGNORECASE)


def additional_remarks(pages: list[PageText], skip: set[int]) -> str | None:
    """The remarks text of every ACORD 101 page (not in `skip`), wrapping undone, or None."""
    parts: list[str] = []
    for page in pages:
        if page.number in skip or not any(_SCHEDULE.search(line.text) for line in page.lines[:6]):
            continue
        starts = [i for i, line in enumerate(page.lines) if _REMARKS_START.search(line.text)]
        if not starts:
            continue
        body: list[str] = []
        for line in page.lines[starts[-1] + 1 :]:
            if _FOOTER.search(line.text):
                break
            body.append(line.text.strip())
        text = re.sub(r"\s+", " ", " ".join(body)).strip()
        if text:
            parts.append(text)
    return " ".join(parts) or None
