"""Certificate integrity: is the file what its issuer produced?

    check_integrity(data, certificate, ir) -> [IntegrityFinding]   (run by `extract_document`)

Codes (shared/contracts/README.md, section 1):

- `HIDDEN_TEXT`: words present in the PDF but not shown (under an opaque shape, outside the page's
  visible box, in an invisible render mode, white), which say something else than the page shows
  there. A scan's invisible OCR layer is not hidden text: it is the page's only text.
- `EDITED_AFTER_ISSUE`: the file carries incremental updates and an earlier revision's page text
  differs from the final one (each earlier revision is the file cut after its `%%EOF`, read with
  pypdf). An update that only adds a signature, fills form fields or annotates changes no page text
  and is not raised; neither is one that flattens the form (it adds exactly the fields' values).
  A modification date later than the certificate date is quoted as evidence, never raised alone:
  agency systems re-save certificates all the time.
- `FORM_ALTERED`: on a text-layer ACORD 25 of an edition we know, printed labels or standard wording
  missing while the rest of the form's printed text is there (a label retyped, the cancellation
  clause reworded, a 2014/01 page with a 2016/03 stamp).
- `NAIC_NAME_MISMATCH` needs the carrier table, so the review service raises it
  (`services/review/renewal.py`), not offline extraction.

False positives cost more than misses here (each finding sends the certificate to a person), so
every rule needs positive evidence of a difference, never just an unusual file.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from difflib import SequenceMatcher

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from services.intake.extraction.ir import Box, DocumentIR, Page, Word
from services.intake.extraction.visibility import PageVisibility
from shared.contracts.certificate import TEXT_LAYER_ENGINES, Certificate, IntegrityFinding

logger = logging.getLogger(__name__)

_EOF = re.compile(rb"%%EOF[ \t]*(?:\r\n|\r|\n)?")
_PUNCTUATION_AROUND_WORDS = ".,:;()[]\"'“”‘’"
# pypdf reads at most this many earlier revisions (a file saved 50 times is odd, not 50 times odd).
_MAX_REVISIONS = 8
_MAX_QUOTED = 12  # words quoted in a finding's detail

# -- printed labels per edition -------------------------------------------------------------------
_COMMON_LABELS = (
    "CERTIFICATE OF LIABILITY INSURANCE",
    "THIS CERTIFICATE IS ISSUED AS A MATTER OF INFORMATION ONLY AND CONFERS NO RIGHTS UPON THE "
    "CERTIFICATE HOLDER. THIS CERTIFICATE DOES NOT AFFIRMATIVELY OR NEGATIVELY AMEND, EXTEND OR ALTER "
    "THE COVERAGE AFFORDED BY THE POLICIES BELOW. THIS CERTIFICATE OF INSURANCE DOES NOT CONSTITUTE A "
    "CONTRACT BETWEEN THE ISSUING INSURER(S), AUTHORIZED REPRESENTATIVE OR PRODUCER, AND THE "
    "CERTIFICATE HOLDER.",
    "IMPORTANT: If the certificate holder is an ADDITIONAL INSURED, the policy(ies) must have "
    "ADDITIONAL INSURED provisions or be endorsed. If SUBROGATION IS WAIVED, subject to the terms and "
    "conditions of the policy, certain policies may require an endorsement. A statement on this "
    "certificate does not confer rights to the certificate holder in lieu of such endorsement(s).",
    "THIS IS TO CERTIFY THAT THE POLICIES OF INSURANCE LISTED BELOW HAVE BEEN ISSUED TO THE INSURED "
    "NAMED ABOVE FOR THE POLICY PERIOD INDICATED. NOTWITHSTANDING ANY REQUIREMENT, TERM OR CONDITION "
    "OF ANY CONTRACT OR OTHER DOCUMENT WITH RESPECT TO WHICH THIS CERTIFICATE MAY BE ISSUED OR MAY "
    "PERTAIN, THE INSURANCE AFFORDED BY THE POLICIES DESCRIBED HEREIN IS SUBJECT TO ALL THE TERMS, "
    "EXCLUSIONS AND CONDITIONS OF SUCH POLICIES. LIMITS SHOWN MAY HAVE BEEN REDUCED BY PAID CLAIMS.",
    "SHOULD ANY OF THE ABOVE DESCRIBED POLICIES BE CANCELLED BEFORE THE EXPIRATION DATE THEREOF, "
    "NOTICE WILL BE DELIVERED IN ACCORDANCE WITH THE POLICY PROVISIONS.",
    "COMMERCIAL GENERAL LIABILITY",
    "CLAIMS-MADE",
    "OCCUR",
    "GEN'L AGGREGATE LIMIT APPLIES PER:",
    "EACH OCCURRENCE",
    "GENERAL AGGREGATE",
    "AUTOMOBILE LIABILITY",
    "ANY AUTO",
    "SCHEDULED AUTOS",
    "UMBRELLA LIAB",
    "EXCESS LIAB",
    "WORKERS COMPENSATION",
    "AND EMPLOYERS' LIABILITY",
    "E.L. EACH ACCIDENT",
    "E.L. DISEASE - EA EMPLOYEE",
    "E.L. DISEASE - POLICY LIMIT",
    "CERTIFICATE HOLDER",
    "CANCELLATION",
    "AUTHORIZED REPRESENTATIVE",
)
_AUTOS_2016 = ("OWNED AUTOS ONLY", "HIRED AUTOS ONLY", "NON-OWNED AUTOS ONLY")
_AUTOS_2010 = ("ALL OWNED AUTOS", "HIRED AUTOS", "NON-OWNED AUTOS")
EDITION_LABELS: dict[str, tuple[str, ...]] = {
    "2016/03": _COMMON_LABELS + _AUTOS_2016,
    "2014/01": _COMMON_LABELS + _AUTOS_2010,
    "2010/05": _COMMON_LABELS + _AUTOS_2010,
}
# Share of the edition's printed words that must be in the text layer before a missing one means
# something (below it the labels are an image, or OCR read the page).
_LABELS_PRESENT = 0.9


def check_integrity(
    data: bytes,
    certificate: Certificate,
    ir: DocumentIR,
    visibility: Sequence[PageVisibility] | None = None,
) -> list[IntegrityFinding]:
    """Findings about the file; empty for images and for files nothing is wrong with. `visibility`:
    each page's visible and hidden words as the text reader already found them (else computed here)."""
    findings = form_alterations(certificate, ir)
    if data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        hidden = hidden_text(data) if visibility is None else hidden_text_of(visibility)
        findings = hidden + edits_after_issue(data, certificate.certificate_date) + findings
    return findings


# -- hidden text ----------------------------------------------------------------------------------------

_REASON_WORDS = {
    "covered": "covered by an opaque box",
    "outside_page": "placed outside the visible page",
    "render_mode": "written in an invisible text mode",
    "white": "written in white",
}
# A page whose text is mostly invisible is a scan with its OCR layer, not an altered page.
_OCR_LAYER_SHARE = 0.6


def hidden_text(data: bytes) -> list[IntegrityFinding]:
    import pypdfium2 as pdfium

    from services.intake.extraction.pdfium_guard import PDFIUM_LOCK
    from services.intake.extraction.visibility import page_visibility

    findings: list[IntegrityFinding] = []
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return []
        try:
            for index in range(len(document)):
                findings += hidden_text_of([page_visibility(document, index)])
        except pdfium.PdfiumError:
            logger.info("hidden-text check skipped: pdfium could not read a page")
        finally:
            document.close()
    return findings


def hidden_text_of(visibility: Iterable[PageVisibility]) -> list[IntegrityFinding]:
    """`HIDDEN_TEXT` findings from pages whose visible and hidden words are already known."""
    findings: list[IntegrityFinding] = []
    for seen in visibility:
        if not seen.hidden:
            continue
        invisible = sum(1 for h in seen.hidden if h.reason == "render_mode")
        if invisible >= _OCR_LAYER_SHARE * (invisible + len(seen.visible)):
            continue
        findings += _hidden_findings(seen.number, [(h.word, h.reason) for h in seen.hidden], seen.visible)
    return findings


def _hidden_findings(
    page: int, hidden: list[tuple[Word, str]], visible: list[Word]
) -> list[IntegrityFinding]:
    findings = []
    for reason, words in _runs(hidden):
        text = " ".join(w.text for w in words)
        if not any(ch.isalnum() for ch in text):
            continue
        area = _union(w.box for w in words)
        shown_words = [w for w in visible if _overlaps(w.box, area)]
        shown = " ".join(w.text for w in shown_words)
        if _tokens(text) <= _tokens(shown):
            continue  # the same words shown in the same place: a doubled text layer, not a secret
        where = f"shown there instead: “{shown}”" if shown else "nothing is shown there"
        findings.append(
            IntegrityFinding(
                code="HIDDEN_TEXT",
                page=page,
                detail=f"Text “{_quote(text)}” is {_REASON_WORDS.get(reason, 'hidden')} on page {page}; "
                f"{where}.",
                hidden_text=text,
                visible_text=shown or None,
            )
        )
    return findings


def _runs(hidden: list[tuple[Word, str]]) -> list[tuple[str, list[Word]]]:
    """Hidden words grouped into phrases: same reason, same line, next to each other."""
    runs: list[tuple[str, list[Word]]] = []
    ordered = sorted(hidden, key=lambda item: (item[1], round(item[0].box.center_y, 3), item[0].box.left))
    for word, reason in ordered:
        if runs and runs[-1][0] == reason:
            last = runs[-1][1][-1]
            same_line = abs(last.box.center_y - word.box.center_y) < max(last.box.height, word.box.height) / 2
            near = word.box.left - last.box.right < 3 * max(last.box.height, word.box.height)
            if same_line and near:
                runs[-1][1].append(word)
                continue
        runs.append((reason, [word]))
    return runs


def _union(boxes: Iterable[Box]) -> Box:
    items = list(boxes)
    left, top = min(b.left for b in items), min(b.top for b in items)
    right, bottom = max(b.right for b in items), max(b.bottom for b in items)
    return Box(left=left, top=top, width=right - left, height=bottom - top)


def _overlaps(a: Box, b: Box) -> bool:
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    return width > 0 and height > 0.3 * min(a.height, b.height)


# -- incremental updates --------------------------------------------------------------------------------


def revision_ends(data: bytes) -> list[int]:
    """Byte offsets where each saved revision ends (after its `%%EOF`); the last is the final file.
    A linearized file's first `%%EOF` closes its first-page section, not a revision."""
    ends = [match.end() for match in _EOF.finditer(data)]
    if len(ends) > 1 and b"/Linearized" in data[:2048]:
        ends = ends[1:]
    return ends


def edits_after_issue(data: bytes, certificate_date: date | None) -> list[IntegrityFinding]:
    ends = revision_ends(data)
    if len(ends) < 2:
        return []
    final = _page_tokens(data)
    if final is None:
        return []
    modified = _modification_date(data)
    for end in ends[:-1][:_MAX_REVISIONS]:
        revision = data[:end]
        earlier = _page_tokens(revision)
        if earlier is None:
            continue
        filled: Counter[str] | None = None
        for number, (before, after) in enumerate(zip(earlier, final, strict=False), start=1):
            removed, added = before - after, after - before
            if not removed and not added:
                continue
            if not removed:
                # Form fields flattened into the page in a later save add exactly their values.
                filled = _field_tokens(revision) if filled is None else filled
                if not added - filled:
                    continue
            return [_edit_finding(number, removed, added, modified, certificate_date)]
    return []


def _edit_finding(
    page: int, removed: Counter[str], added: Counter[str], modified: date | None, issued: date | None
) -> IntegrityFinding:
    parts = [f"Page {page} was changed after the file was first saved"]
    if modified is not None and issued is not None and modified > issued:
        parts[0] += f" (modified {modified.isoformat()}, after the certificate date {issued.isoformat()})"
    if removed:
        parts.append(f"removed: “{_quote(' '.join(removed.elements()))}”")
    if added:
        parts.append(f"added: “{_quote(' '.join(added.elements()))}”")
    return IntegrityFinding(
        code="EDITED_AFTER_ISSUE",
        page=page,
        detail="; ".join(parts) + ".",
        hidden_text=" ".join(removed.elements()) or None,
        visible_text=" ".join(added.elements()) or None,
    )


def _page_tokens(data: bytes) -> list[Counter[str]] | None:
    """Each page's words as pypdf reads the page content, or None when this revision cannot be read."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        return [_tokens(page.extract_text() or "") for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
        return None


def _field_tokens(data: bytes) -> Counter[str]:
    """The words of every form field value in this revision (what flattening would print)."""
    try:
        fields = PdfReader(io.BytesIO(data), strict=False).get_fields() or {}
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
        return Counter()
    words: Counter[str] = Counter()
    for field in fields.values():
        value = field.get("/V")
        if isinstance(value, str):
            words += _tokens(value)
    return words


def _modification_date(data: bytes) -> date | None:
    try:
        info = PdfReader(io.BytesIO(data), strict=False).metadata
        stamp = info.modification_date if info is not None else None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
        return None
    return stamp.date() if isinstance(stamp, datetime) else None


# -- printed form wording --------------------------------------------------------------------------------


def form_alterations(certificate: Certificate, ir: DocumentIR) -> list[IntegrityFinding]:
    edition = ir.notes.get("acord_edition")
    labels = EDITION_LABELS.get(edition or "")
    if labels is None or ir.engine not in TEXT_LAYER_ENGINES or certificate.document.kind != "acord25":
        return []
    page = _acord_page(ir)
    if page is None:
        return []
    printed = Counter(_token(w.text) for w in page.words)
    expected = Counter(token for label in labels for token in _label_tokens(label))
    missing = _unexplained(expected - printed, printed, expected)
    if not missing:
        return []
    present = expected.total() - missing.total()
    if present < _LABELS_PRESENT * expected.total():
        return []  # the labels are not (all) in the text layer: nothing to compare
    altered = _labels_missing(labels, missing)
    shown = ", ".join(f"“{_quote(label, 8)}”" for label in altered[:4])
    return [
        IntegrityFinding(
            code="FORM_ALTERED",
            page=page.number,
            detail=f"The form says ACORD 25 ({edition}) but its printed wording differs from that edition: "
            f"{', '.join(sorted(missing))} missing from {shown}.",
            hidden_text=None,
            visible_text=None,
        )
    ]


def _unexplained(missing: Counter[str], printed: Counter[str], expected: Counter[str]) -> Counter[str]:
    """Missing words that are not merely glued to their neighbours, split in two or misspelt, as on an
    agency's retyped copy of the grid ("certificateholderis", "GEN'" "L", "OCCURENCE"): those are
    typing, not altered wording."""
    strangers = [token for token in printed if token not in expected]
    left: Counter[str] = Counter()
    for token, count in missing.items():
        glued = any(token in other and len(other) > len(token) for other in strangers)
        split = any(
            token.startswith(other) and _token(token[len(other) :]) in printed
            for other in strangers
            if len(other) >= 2
        )
        misspelt = len(token) >= 5 and any(
            abs(len(other) - len(token)) <= 2 and SequenceMatcher(None, token, other).ratio() >= 0.8
            for other in strangers
        )
        if not (glued or split or misspelt):
            left[token] = count
    return left


def _labels_missing(labels: tuple[str, ...], missing: Counter[str]) -> list[str]:
    """The labels the missing words come from: an edition's own labels first, then the shortest."""
    left = Counter(missing)
    named = []
    for label in sorted(labels, key=lambda text: (text in _COMMON_LABELS, len(text))):
        tokens = Counter(_label_tokens(label))
        if any(left[token] for token in tokens):
            named.append(label)
            left -= tokens
    return named


def _acord_page(ir: DocumentIR) -> Page | None:
    for page in ir.pages:
        text = " ".join(w.text for w in page.words[:4000])
        if "ACORD 25" in text or re.search(r"ACORD\s+25\s*\(", text):
            return page
    return None


# -- words ------------------------------------------------------------------------------------------------


def _token(text: str) -> str:
    return text.replace("’", "'").strip(_PUNCTUATION_AROUND_WORDS)


def _label_tokens(label: str) -> list[str]:
    words = (_token(part) for part in label.split())
    return [word for word in words if word and word != "-"]


def _tokens(text: str) -> Counter[str]:
    return Counter(t for t in (_token(part) for part in text.split()) if any(ch.isalnum() for ch in t))


def _quote(text: str, words: int = _MAX_QUOTED) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
