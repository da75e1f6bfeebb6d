"""Endorsement forms: attached pages identified (form, edition, title, schedule) and forms cited in
the description of operations. One entry per form number; an attached page wins over a citation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from services.intake.extraction.textgeom import Line, Match, PageText
from shared.contracts.certificate import Endorsement

_PREFIXES = "CG|CA|CU|CX|WC|IL|CP|IM|EP|PL|XS|UM"
# ISO style: CG 20 10 04 13, CG2010 0413, CG 20 10 (04/13), CG 20 10 04/13, CG 20 10 04-13, and the
# blank before the edition lost as OCR reads it (`CG 24 0405 09`)
_ISO = re.compile(
    rf"\b({_PREFIXES})\s?(\d{{2}})\s?(\d{{2}})(?:(?![\d])|(?=\d{{2}}\s?[/\-]?\s?\d{{2}}(?![\d])))"
    r"(?:\s?[(]?(\d{2})\s?[/\-\s]?\s?(\d{2})[)]?(?![\d]))?"
)
# NCCI workers compensation: WC 00 03 13 (Ed. 4-84), WC 00 03 13 04 84
_NCCI = re.compile(
    r"\bWC\s?(\d{2})\s?(\d{2})\s?(\d{2})[A-Z]?(?![\d])"
    r"(?:\s?(?:\(\s?Ed\.?\s?(\d{1,2})\s?[-/]\s?(\d{2})\s?\)|(\d{2})\s(\d{2})(?![\d])))?"
)
_CHANGES = "THIS ENDORSEMENT CHANGES THE POLICY"


@dataclass
class AttachedForm:
    form: str
    edition: str | None
    page: int
    title: str | None = None
    schedule: list[str] = field(default_factory=list)
    has_schedule: bool = False


def _edition(month: str | None, year: str | None) -> str | None:
    if not month or not year:
        return None
    if not 1 <= int(month) <= 12:
        return None
    return f"{int(month):02d} {year}"


def find_forms(text: str) -> list[tuple[str, str | None, int]]:
    """(form, edition, position) of every endorsement form number in free text."""
    found = [(form, _edition(month, year), at) for form, month, year, at in _citations(text)]
    return sorted(found, key=lambda f: f[2])


def editions_misread(text: str) -> set[str]:
    """Forms cited with an edition no month makes (`CG 24 04 55 09`: `05` read `55`): printed, so
    not absent, but unread."""
    return {form for form, month, year, _ in _citations(text) if month and _edition(month, year) is None}


def _citations(text: str) -> Iterator[tuple[str, str | None, str | None, int]]:
    """(form, edition month, edition year, position) of each form number cited, as printed."""
    taken: list[tuple[int, int]] = []
    for match in _NCCI.finditer(text):
        month, year = (match.group(4), match.group(5)) if match.group(4) else (match.group(6), match.group(7))
        yield f"WC {match.group(1)} {match.group(2)} {match.group(3)}", month, year, match.start()
        taken.append(match.span())
    for match in _ISO.finditer(text):
        if match.group(1) == "WC" or any(a <= match.start() < b for a, b in taken):
            continue
        form = f"{match.group(1)} {match.group(2)} {match.group(3)}"
        yield form, match.group(4), match.group(5), match.start()


def _header_footer_text(page: PageText) -> str:
    lines = [ln for ln in page.lines if ln.top < 0.12 or ln.bottom > 0.9]
    return " ".join(ln.text for ln in lines)


def identify_page(page: PageText) -> tuple[str, str | None] | None:
    """The endorsement form printed in a page's header or footer, if the page is an endorsement."""
    forms = find_forms(_header_footer_text(page))
    if not forms:
        return None
    if page.first(_CHANGES) is None and page.first("ENDORSEMENT") is None and page.first("SCHEDULE") is None:
        return None
    form, edition, _ = forms[0]
    # Prefer a header/footer occurrence that carries the edition.
    for other_form, other_edition, _ in forms:
        if other_form == form and other_edition:
            edition = other_edition
            break
    return form, edition


def _page_of(page: PageText) -> tuple[int, int] | None:
    match = re.search(
        r"Page\s+(\d+)\s+of\s+(\d+)", " ".join(ln.text for ln in page.lines if ln.bottom > 0.85)
    )
    return (int(match.group(1)), int(match.group(2))) if match else None


def _title(page: PageText) -> str | None:
    changes = page.first(_CHANGES)
    modifies = page.first("This endorsement modifies insurance provided under the following")
    if changes is None:
        return None
    bottom = modifies.top if modifies else changes.bottom + 0.12
    lines = [ln for ln in page.lines if changes.bottom + 0.002 < ln.center_y < bottom]
    title = " ".join(ln.text for ln in lines).strip()
    title = re.sub(r"\s*[\u2013\u2014]\s*", " - ", title)
    return re.sub(r"\s+", " ", title) or None


def _schedule(page: PageText) -> tuple[bool, list[str]]:
    # The schedule heading stands alone on its line, in capitals; "the Schedule" in the body is not it.
    heading = next(
        (
            m
            for m in page.find("SCHEDULE", fuzzy=False, exact_tokens=True)
            if m.words[0].text.strip(":") == "SCHEDULE" and _alone(page, m)
        ),
        None,
    )
    if heading is None:
        return False, []
    end = page.first("Information required to complete this Schedule")
    body_end = end.top if end else heading.bottom + 0.2
    lines: list[Line] = [ln for ln in page.lines if heading.bottom + 0.002 < ln.center_y < body_end]
    if not lines:
        return True, []
    header = lines[0]
    # A second column ("Location(s) Of Covered Operations") ends the names column.
    split = None
    if len(header.words) > 1:
        gaps = [
            (b.box.left - a.box.right, b.box.left)
            for a, b in zip(header.words, header.words[1:], strict=False)
        ]
        widest = max(gaps)
        if widest[0] > 0.05:
            split = widest[1]
    names = []
    for line in lines[1:]:
        words = [w for w in line.words if split is None or w.box.center_x < split - 0.005]
        text = " ".join(w.text for w in words).strip()
        if text:
            names.append(text)
    return True, names


def _alone(page: PageText, match: Match) -> bool:
    line = next((ln for ln in page.lines if any(w is match.words[0] for w in ln.words)), None)
    return line is not None and len(line.words) == len(match.words)


def attached_forms(pages: list[PageText], skip: set[int]) -> list[AttachedForm]:
    found: list[AttachedForm] = []
    for page in pages:
        if page.number in skip:
            continue
        identified = identify_page(page)
        if identified is None:
            continue
        form, edition = identified
        numbering = _page_of(page)
        continuing = found and found[-1].form == form and (numbering is None or numbering[0] > 1)
        if continuing:
            continue
        attached = AttachedForm(form=form, edition=edition, page=page.number, title=_title(page))
        attached.has_schedule, attached.schedule = _schedule(page)
        found.append(attached)
    return found


def merge(attached: list[AttachedForm], description: str | None) -> list[Endorsement]:
    entries: list[Endorsement] = []
    seen: dict[str, Endorsement] = {}
    for form in attached:
        if form.form in seen:
            continue
        entry = Endorsement(form=form.form, edition=form.edition, page=form.page)
        if form.title:
            entry.title = form.title  # type: ignore[attr-defined]
        if form.has_schedule:
            entry.schedule = form.schedule  # type: ignore[attr-defined]
        seen[form.form] = entry
        entries.append(entry)
    for cited, edition, _ in find_forms(description or ""):
        if cited in seen:
            if seen[cited].edition is None and edition:
                seen[cited].edition = edition
            continue
        entry = Endorsement(form=cited, edition=edition, page=None)
        seen[cited] = entry
        entries.append(entry)
    return entries
