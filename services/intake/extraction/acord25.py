"""The one ACORD 25 mapper: from the intermediate representation to the certificate contract.

Everything is anchored on printed labels and on the coverage grid they define (column headers,
coverage block labels, limit labels), never on fixed coordinates, so editions 2014/01, 2016/03 and
2025/12, agency layouts, fillable widgets, flattened text and OCR words are read by the same code.
Each value carries a confidence (the engine's, lowered by validation later).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from itertools import pairwise

from services.intake.extraction.ir import DocumentIR, FormField, Word
from services.intake.extraction.remarks import additional_remarks
from services.intake.extraction.textgeom import (
    Line,
    Match,
    PageText,
    distinct_lines,
    find_stacked,
    group_lines,
    norm_phrase,
    same_line_words,
    token,
)
from services.intake.extraction.values import (
    is_mark,
    join_tokens,
    parse_date,
    parse_money,
    snake,
    strip_rules,
    strip_text_rules,
    yes_no,
)
from shared.contracts import certificate as c

# Printed labels that make a page an ACORD 25; a letter quoting one or two of them is not one.
_STRUCTURE = (
    "CERTIFICATE OF LIABILITY INSURANCE",
    "PRODUCER",
    "INSURED",
    "NAIC",
    "COVERAGES",
    "TYPE OF INSURANCE",
    "POLICY NUMBER",
    "LIMITS",
    "DESCRIPTION OF OPERATIONS",
    "CERTIFICATE HOLDER",
    "CANCELLATION",
    "AUTHORIZED REPRESENTATIVE",
    "INSURER(S) AFFORDING COVERAGE",
    "CERTIFICATE NUMBER",
)
_INSURER_ROW = re.compile(r"^INSURER([A-F])$")
_DATE_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"})
_REVISION_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "Q": "0", "D": "0", "I": "1", "l": "1", "|": "1"})

GL_LIMITS = (
    ("EACH OCCURRENCE", "each_occurrence"),
    ("DAMAGE TO RENTED PREMISES (Ea occurrence)", "damage_to_rented_premises"),
    ("FIRE DAMAGE (Any one fire)", "damage_to_rented_premises"),
    ("MED EXP (Any one person)", "medical_expense"),
    ("PERSONAL & ADV INJURY", "personal_advertising_injury"),
    ("GENERAL AGGREGATE", "general_aggregate"),
    ("PRODUCTS - COMP/OP AGG", "products_completed_operations_aggregate"),
)
AUTO_LIMITS = (
    ("COMBINED SINGLE LIMIT (Ea accident)", "combined_single_limit"),
    ("BODILY INJURY (Per person)", "bodily_injury_per_person"),
    ("BODILY INJURY (Per accident)", "bodily_injury_per_accident"),
    ("PROPERTY DAMAGE (Per accident)", "property_damage_per_accident"),
)
UMB_LIMITS = (("EACH OCCURRENCE", "each_occurrence"), ("AGGREGATE", "aggregate"))
WC_LIMITS = (
    ("E.L. EACH ACCIDENT", "el_each_accident"),
    ("E.L. DISEASE - EA EMPLOYEE", "el_disease_each_employee"),
    ("E.L. DISEASE - POLICY LIMIT", "el_disease_policy_limit"),
)
# Which limit each grid row of a block holds (row 0 is the row of the block's printed label).
_ROW_KEYS: dict[str, tuple[str | None, ...]] = {
    "gl": (
        "each_occurrence",
        "damage_to_rented_premises",
        "medical_expense",
        "personal_advertising_injury",
        "general_aggregate",
        "products_completed_operations_aggregate",
    ),
    "auto": (
        "combined_single_limit",
        "bodily_injury_per_person",
        "bodily_injury_per_accident",
        "property_damage_per_accident",
    ),
    "umb": ("each_occurrence", "aggregate"),
    "wc": (None, "el_each_accident", "el_disease_each_employee", "el_disease_policy_limit"),
}
_AUTO_TYPES = (
    ("any", ("ANY AUTO",)),
    ("owned", ("OWNED AUTOS ONLY", "ALL OWNED AUTOS", "OWNED AUTOS")),
    ("scheduled", ("SCHEDULED AUTOS",)),
    ("hired", ("HIRED AUTOS ONLY", "HIRED AUTOS")),
    ("non_owned", ("NON-OWNED AUTOS ONLY", "NON-OWNED AUTOS", "NON OWNED AUTOS")),
)


@dataclass
class Mapped:
    certificate: c.Certificate
    confidences: dict[str, float] = field(default_factory=dict)
    acord_page: int | None = None
    edition: str | None = None
    # The pages as read for the mapping (lines grouped, phrase cache), for the endorsement reader.
    pages: dict[int, PageText] = field(default_factory=dict)


def _mark_glued_to(glued: str, target: str) -> bool:
    """OCR reads a ticked box and its label as one word: "XOCCUR", "XJEXCESS" (box edge as J or I)."""
    return glued.startswith("X") and glued.endswith(target) and 1 <= len(glued) - len(target) <= 2


def _mostly_capitals(match: Match) -> bool:
    letters = [ch for w in match.words for ch in w.text if ch.isalpha()]
    return not letters or sum(ch.isupper() for ch in letters) >= 0.7 * len(letters)


def _holds(words: Iterable[Word], word: Word) -> bool:
    return any(w is word for w in words)


def _conf(words: Iterable[Word]) -> float:
    return min((w.confidence for w in words), default=1.0)


def _text(words: Iterable[Word]) -> str:
    tokens = [strip_text_rules(w.text) if len(w.text) > 1 else w.text for w in words]
    while tokens and not any(ch.isalnum() for ch in tokens[0]) and tokens[0] not in ("&", "#", "@"):
        tokens.pop(0)  # the colon after a label ("INSURER A :"), a stray rule
    return join_tokens(tokens)


def _value_start(anchor: Match) -> float:
    """Where a label's value may begin: right of the label, or right of the shorter line of a
    label stacked on two lines (`CONTACT` over `NAME:`: the value box starts after `NAME:`)."""
    first = anchor.words[0]
    lower = [w for w in anchor.words if w.box.top > first.box.center_y]
    if not lower:
        return anchor.right
    upper = [w for w in anchor.words if w.box.top <= first.box.center_y]
    return min(max(w.box.right for w in upper), max(w.box.right for w in lower))


def structure_score(page: PageText) -> tuple[int, int]:
    """(labels found, insurer rows found) on a page."""
    labels = sum(1 for phrase in _STRUCTURE if page.first(phrase) is not None)
    rows = len(_insurer_rows(page, (0.0, 0.0, 1.0, 1.0)))
    # OCR may lose the letters of "INSURER A :" rows; the bare row labels still count.
    bare = sum(1 for w in page.words if token(w.text) == "INSURER" and w.text.strip(":").isupper())
    return labels, max(rows, bare if bare >= 3 else 0)


def is_acord_page(page: PageText) -> bool:
    labels, rows = structure_score(page)
    return labels >= 8 and rows >= 2


def _insurer_rows(page: PageText, region: tuple[float, float, float, float]) -> dict[str, Match]:
    rows: dict[str, Match] = {}
    left, top, right, bottom = region
    for line in page.lines:
        if line.bottom < top or line.top > bottom:
            continue
        words = [w for w in line.words if left <= w.box.center_x <= right]
        for i in range(len(words)):
            joined = ""
            for j in range(i, min(i + 4, len(words))):
                joined += token(words[j].text)
                found = _INSURER_ROW.match(joined)
                if found and found.group(1) not in rows:
                    # `INSURER A :` may be followed by a glued colon; the label ends at the letter.
                    rows[found.group(1)] = Match(tuple(words[i : j + 1]))
                    break
                if len(joined) > 8:
                    break
    return rows


def _complete_insurer_rows(
    r: _Reader, rows: dict[str, Match], region: tuple[float, float, float, float]
) -> dict[str, Match]:
    """OCR drops the letter (or the whole label) of some `INSURER X :` rows: place them by the row pitch."""
    left, top, right, bottom = region
    labels = sorted(
        (
            w
            for w in r.page.words_in(left, top, right, bottom)
            if token(w.text) == "INSURER" or _INSURER_ROW.match(token(w.text))
        ),
        key=lambda w: w.box.top,
    )
    known = sorted(((ord(k) - ord("A"), m) for k, m in rows.items()), key=lambda item: item[0])
    if len(known) >= 2:
        (i0, m0), (i1, m1) = known[0], known[-1]
        pitch = (m1.center_y - m0.center_y) / (i1 - i0)
        first_y = m0.center_y - i0 * pitch
        template = m0.words[0]
    elif len(labels) >= 2:
        gaps = sorted(b.box.center_y - a.box.center_y for a, b in pairwise(labels))
        pitch = gaps[len(gaps) // 2]
        first_y = labels[0].box.center_y
        template = labels[0]
    else:
        return rows
    if pitch <= 0:
        return rows
    completed = dict(rows)
    for index, letter in enumerate("ABCDEF"):
        if letter in completed:
            continue
        expected = first_y + index * pitch
        near = [w for w in labels if abs(w.box.center_y - expected) < pitch * 0.35]
        if near:
            completed[letter] = Match((near[0],))
            continue
        box = template.box.model_copy(update={"top": expected - template.box.height / 2})
        completed[letter] = Match((template.model_copy(update={"text": "", "box": box, "confidence": 0.5}),))
    return completed


class _Reader:
    def __init__(self, page: PageText) -> None:
        self.page = page
        self.conf: dict[str, float] = {}
        self.h = self._typical_height()

    def _typical_height(self) -> float:
        heights = sorted(w.box.height for w in self.page.words)
        return heights[len(heights) // 2] if heights else 0.008

    def label(
        self,
        phrase: str,
        *,
        region: tuple[float, float, float, float] | None = None,
        standalone: bool = False,
        fuzzy: bool = True,
        exact_tokens: bool = False,
        stacked: bool = False,
    ) -> Match | None:
        capitals = phrase.upper() == phrase
        for match in self.page.find(phrase, region=region, fuzzy=fuzzy, exact_tokens=exact_tokens):
            if standalone and not self._starts_segment(match):
                continue
            if capitals and not _mostly_capitals(match):
                continue  # "certificate holder" in running text is not the printed label
            return match
        if stacked and not exact_tokens:
            return find_stacked(self.page, phrase, region)
        return None

    def _starts_segment(self, match: Match) -> bool:
        """A label printed on its own: no running text right before or after it on the line."""
        first, last = match.words[0], match.words[-1]
        ids = set(map(id, match.words))
        for word in self.page.words:
            if id(word) in ids or abs(word.box.center_y - first.box.center_y) >= first.box.height * 0.5:
                continue
            if 0 <= first.box.left - word.box.right < first.box.height * 1.2 and not is_mark(word.text):
                return False
            if 0 <= word.box.left - last.box.right < first.box.height * 0.8:
                return False
        return True

    # -- generic value readers -------------------------------------------------------------
    def right_of(
        self, anchor: Match | None, stop: float = 1.0, slack: float = 0.6
    ) -> tuple[str | None, float]:
        if anchor is None:
            return None, 0.0
        start = _value_start(anchor)
        words = same_line_words(self.page, anchor, left=anchor.center_x, right=stop, slack=slack)
        # A value printed too far left runs into its label's last letters; labels never overlap.
        words = [
            w
            for w in words
            if w.box.left >= start - 0.002 or (w.box.left > anchor.center_x and w.box.right > start + 0.01)
        ]
        if not words:
            return None, 1.0
        return _text(words) or None, _conf(words)

    def block_lines(self, left: float, top: float, right: float, bottom: float) -> list[Line]:
        if right <= left or bottom <= top:
            return []
        return distinct_lines(self.page.words_in(left, top, right, bottom))

    def mark_left_of(self, match: Match, exclude: Iterable[Word] = ()) -> bool:
        first = match.words[0]
        stacked = any(w.box.top > first.box.center_y for w in match.words)
        # A label on two lines: its box sits between them, half the pair's height around its centre.
        h = max(match.height / 2 if stacked else match.height, self.h * 0.6)
        skip = set(map(id, exclude)) | set(map(id, match.words))
        center = match.center_y
        for word, _, cy, _ in self.page.geometry:
            if abs(cy - center) > h * 0.9 or id(word) in skip or not is_mark(word.text):
                continue
            if match.left - h * 3.5 <= word.box.right <= match.left + h * 0.4 and word.box.left < match.left:
                return True
        return False

    def option_marked(
        self, phrases: tuple[str, ...], region: tuple[float, float, float, float]
    ) -> bool | None:
        """True: the box before the option is marked; False: printed, unmarked; None: not printed."""
        seen = False
        for phrase in phrases:
            matches = self.page.find(phrase, region=region, fuzzy=len(phrase) > 8)
            if not matches and " " in phrase:
                # The real form stacks option labels on two lines (`SCHEDULED` over `AUTOS`).
                stacked = find_stacked(self.page, phrase, region)
                matches = [stacked] if stacked is not None else []
            for match in matches:
                before = self._word_before(match)
                if before is not None and token(before.text) in ("NON", "NONOWNED"):
                    continue
                seen = True
                if self.mark_left_of(match):
                    return True
                if self._glued_mark(match, phrase):
                    return True
        for word in self.page.words_in(*region):
            for phrase in phrases:
                target = token(phrase.split()[0])
                if len(target) >= 3 and _mark_glued_to(token(word.text), target):
                    return True
        return False if seen else None

    def _glued_mark(self, match: Match, phrase: str) -> bool:
        return _mark_glued_to(token(match.words[0].text), token(phrase.split(maxsplit=1)[0]))

    def _word_before(self, match: Match) -> Word | None:
        first = match.words[0]
        best: Word | None = None
        first_cy = first.box.center_y
        for word, _, cy, _ in self.page.geometry:
            if word is first or abs(cy - first_cy) > first.box.height * 0.5:
                continue
            if (
                word.box.right <= first.box.left + 0.001
                and first.box.left - word.box.right < first.box.height * 1.5
            ) and (best is None or word.box.right > best.box.right):
                best = word
        return best


def map_document(ir: DocumentIR) -> Mapped:
    pages = {p.number: PageText(p.number, p.words) for p in ir.pages}
    acord_page = next((n for n, page in sorted(pages.items()) if is_acord_page(page)), None)
    document = c.DocumentInfo(pages=len(ir.pages), kind="unknown", engine=ir.engine, sha256=ir.sha256)
    if acord_page is None:
        return Mapped(c.Certificate(document=document), pages=pages)
    document.kind = "acord25"
    reader = _Reader(pages[acord_page])
    certificate = c.Certificate(document=document)
    edition = _read_page(reader, certificate)
    remarks = additional_remarks(list(pages.values()), {acord_page})
    if remarks:
        # ACORD 101 pages continue the description of operations.
        joined = f"{certificate.description_of_operations or ''} {remarks}".strip()
        certificate.description_of_operations = joined
    _fill_from_key_values(certificate, [f for f in ir.fields if f.page in (None, acord_page)], reader.conf)
    return Mapped(certificate, reader.conf, acord_page, edition, pages)


# Header values Textract also returns as key-value pairs: (printed key, certificate path).
_KEYED_VALUES = (
    ("DATE (MM/DD/YYYY)", "certificate_date"),
    ("CONTACT NAME:", "producer.contact_name"),
    ("PHONE (A/C, No, Ext):", "producer.phone"),
    ("E-MAIL ADDRESS:", "producer.email"),
    ("CERTIFICATE NUMBER:", "certificate_number"),
    ("REVISION NUMBER:", "revision_number"),
)


def _fill_from_key_values(cert: c.Certificate, fields: list[FormField], conf: dict[str, float]) -> None:
    """Header values the words did not give, from Textract's key-value pairs.

    The words and the grid come first (they carry the layout); a key-value pair only fills a
    value left empty, e.g. when the word reading lost a small label that Textract's form model
    still paired with its value.
    """
    pairs = [f for f in fields if f.origin.startswith("textract:") and f.kind == "text" and f.value]
    for printed, path in _KEYED_VALUES:
        target = norm_phrase(printed)
        pair = next(
            (f for f in pairs if SequenceMatcher(None, norm_phrase(f.name), target).ratio() >= 0.86), None
        )
        if pair is None or pair.value is None:
            continue
        owner: object = cert
        *parents, leaf = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        if getattr(owner, leaf) is not None:
            continue
        value: object = parse_date(pair.value) if leaf == "certificate_date" else pair.value.strip()
        if value is None:
            continue
        setattr(owner, leaf, value)
        conf[path] = pair.confidence * 0.9  # paired by Textract's form model, not placed by the grid


def _read_page(r: _Reader, cert: c.Certificate) -> str | None:
    page, conf = r.page, r.conf
    edition_line = next((ln.text for ln in page.lines if re.search(r"ACORD\s*25\s*\(", ln.text)), "")
    edition_match = re.search(r"\((\d{4})\s*/\s*(\d{2})\)", edition_line)
    edition = f"{edition_match.group(1)}/{edition_match.group(2)}" if edition_match else None

    producer = r.label("PRODUCER", standalone=True, fuzzy=False)
    contact = r.label("CONTACT NAME:", stacked=True) or r.label(
        "CONTACT", region=(0.35, 0.0, 1.0, 0.4), standalone=True, fuzzy=False
    )
    afford = r.label("INSURER(S) AFFORDING COVERAGE")
    right_col = min((m.left for m in (contact, afford) if m is not None), default=0.5) - r.h * 0.6
    # The right column's own labels (INSURER A :, PHONE, E-MAIL), when OCR lost CONTACT NAME: they
    # still show where the producer and insured blocks end.
    column_labels = [
        w.box.left
        for w in page.words
        if 0.3 < w.box.left < right_col
        and w.box.center_y < 0.45
        and (token(w.text) in ("PHONE", "EMAIL", "CONTACT", "INSURER") or _INSURER_ROW.match(token(w.text)))
        and w.text[:1].isupper()
    ]
    if len(column_labels) >= 2:
        right_col = min(right_col, sorted(column_labels)[len(column_labels) // 2] - r.h * 0.6)
    top_limit = producer.bottom if producer else 0.0
    coverages = r.label(
        "COVERAGES", standalone=True, fuzzy=False, region=(0.0, top_limit, right_col + 0.02, 1.0)
    )
    coverages_top = coverages.top if coverages else 1.0
    insured = r.label(
        "INSURED", standalone=True, fuzzy=False, region=(0.0, top_limit + 0.001, right_col, coverages_top)
    )

    # Certificate date
    date_label = r.label("DATE (MM/DD/YYYY)") or r.label("DATE", region=(0.5, 0.0, 1.0, 0.1), fuzzy=False)
    if date_label is not None:
        words = page.words_in(
            date_label.left - r.h * 3, date_label.bottom - r.h * 0.2, 1.0, date_label.bottom + r.h * 3.5
        )
        for word in sorted(words, key=lambda w: (w.box.top, w.box.left)):
            value = parse_date(word.text)
            if value is not None and not _holds(date_label.words, word):
                cert.certificate_date = value
                conf["certificate_date"] = word.confidence
                break
    if cert.certificate_date is None:
        # The 5 pt label was not read: the date box is the top-right cell, beside the title and
        # above the producer block.
        title = r.label("CERTIFICATE OF LIABILITY INSURANCE", region=(0.0, 0.0, 1.0, 0.15))
        left = title.right if title is not None else 0.6
        bottom = producer.top if producer is not None else 0.12
        for word in sorted(page.words_in(left, 0.0, 1.0, bottom), key=lambda w: (w.box.top, w.box.left)):
            value = parse_date(word.text)
            if value is not None:
                cert.certificate_date = value
                conf["certificate_date"] = word.confidence * 0.9  # placed by position only
                break

    # Producer and insured blocks
    if producer is not None:
        bottom = insured.top - r.h * 0.2 if insured else coverages_top
        lines = r.block_lines(producer.left - r.h, producer.bottom + r.h * 0.1, right_col, bottom)
        name, address, confidence = _party(lines)
        cert.producer.name, cert.producer.address = name, address
        conf["producer.name"] = conf["producer.address"] = confidence
    if insured is not None:
        lines = r.block_lines(
            insured.left - r.h, insured.bottom + r.h * 0.1, right_col, coverages_top - r.h * 0.2
        )
        name, address, confidence = _party(lines)
        cert.insured.name, cert.insured.address = name, address
        conf["insured.name"] = conf["insured.address"] = confidence

    phone = r.label("PHONE (A/C, No, Ext):", stacked=True)
    fax = r.label("FAX (A/C, No):", stacked=True)
    if fax is None and phone is not None:
        # The fax label's own small print misread: the word FAX on the phone's lines still ends it.
        fax = r.label("FAX", region=(phone.right, phone.top - r.h, 1.0, phone.bottom + r.h), fuzzy=False)
    email = r.label("E-MAIL ADDRESS:", stacked=True)
    if phone is not None:
        # OCR can lose the top line of a stacked label entirely (a tall value beside it swallows
        # `CONTACT`, `E-MAIL`): the bottom line alone, just above or below PHONE, still anchors it.
        column = (phone.left - r.h * 1.5, 0.0, phone.left + r.h * 1.5, 1.0)
        if contact is None:
            contact = _lone_half_label(r, "NAME:", column, phone.top - r.h * 3.5, phone.top)
        if email is None:
            email = _lone_half_label(r, "ADDRESS:", column, phone.bottom, phone.bottom + r.h * 3.5)
    # The top half of a stacked label alone (its second line lost): the value sits a little lower.
    lone = contact is not None and len(contact.words) == 1 and token(contact.words[0].text) != "NAME"
    cert.producer.contact_name, conf["producer.contact_name"] = r.right_of(
        contact, slack=0.9 if lone else 0.6
    )
    cert.producer.phone, conf["producer.phone"] = r.right_of(phone, fax.left - r.h * 0.3 if fax else 1.0)
    cert.producer.email, conf["producer.email"] = r.right_of(email)
    if cert.producer.email:
        cert.producer.email = cert.producer.email.replace(" ", "")

    # Insurers
    naic = r.label("NAIC #", region=(right_col, 0.0, 1.0, coverages_top))
    region = (right_col - 0.01, producer.top if producer else 0.0, 1.0, coverages_top)
    rows = _insurer_rows(page, region)
    if len(rows) < 6:
        rows = _complete_insurer_rows(r, rows, region)
    # The name runs up to the NAIC label; the label is centred over its column, so the number may
    # start left of it (a wider column): numbers there belong to the NAIC column, words to the name.
    naic_left = naic.left - r.h * 1.2 if naic else 1.0
    number_left = (
        min(naic_left, naic.center_x - max((naic.right - naic.left) * 1.6, r.h * 4)) if naic else 1.0
    )
    for letter in "ABCDEF":
        row = rows.get(letter)
        if row is None:
            continue
        name, name_conf = r.right_of(row, naic_left)
        if name and naic is not None:
            name = re.sub(r"\s+\d{5}$", "", name)
        if name:
            # The row's letter OCR split off its label, maybe with a speck before it (`iC: Federal`).
            name = re.sub(rf"^\S?{letter}\s*:\s*", "", name).strip() or None
        if name and sum(ch.isalnum() for ch in name) < 3:
            name = None  # a smudge on an empty row
        naic_value, naic_conf = r.right_of(row, 1.0) if naic is None else _naic_of(r, row, number_left)
        if name and naic is None and naic_value:
            naic_value = None
        if not name and not naic_value:
            continue
        index = len(cert.insurers)
        cert.insurers.append(c.Insurer(letter=letter, name=name, naic=naic_value))
        conf[f"insurers.{index}.name"] = name_conf
        conf[f"insurers.{index}.naic"] = naic_conf

    # Certificate and revision numbers
    certno = r.label("CERTIFICATE NUMBER:", region=(0.0, coverages_top - r.h, 1.0, coverages_top + r.h * 3))
    revno = r.label("REVISION NUMBER:", region=(0.0, coverages_top - r.h, 1.0, coverages_top + r.h * 3))
    cert.certificate_number, conf["certificate_number"] = r.right_of(
        certno, revno.left - r.h * 0.3 if revno else 1.0
    )
    if cert.certificate_number:
        # An identifier: OCR's space beside a hyphen is not printed (`CN- 88533`).
        cert.certificate_number = re.sub(r"\s*-\s*", "-", cert.certificate_number)
    cert.revision_number, conf["revision_number"] = r.right_of(revno)
    if cert.revision_number and len(cert.revision_number) <= 3:
        # Revisions are counted: a short one of O, Q, I or l is OCR's reading of 0 or 1.
        # A speck after it reads as a full stop (`0.`).
        digits = cert.revision_number.rstrip(".,'`").translate(_REVISION_LOOKALIKES)
        if digits.isdigit():
            cert.revision_number = digits

    # Coverage grid, description, holder
    below_coverages = (0.0, coverages_top, 1.0, 1.0)
    description = (
        r.label("DESCRIPTION OF OPERATIONS / LOCATIONS / VEHICLES", region=below_coverages)
        or _description_label(r, below_coverages)
        # The rest of the label line, when OCR loses a word of its small print.
        or r.label("LOCATIONS / VEHICLES", region=below_coverages)
        or r.label("Additional Remarks Schedule, may be attached", region=below_coverages)
    )
    holder = r.label(
        "CERTIFICATE HOLDER",
        standalone=True,
        region=(0.0, description.bottom if description else coverages_top, 0.5, 1.0),
    )
    grid_bottom = description.top if description else (holder.top if holder else 1.0)
    _read_grid(r, cert, coverages_top, grid_bottom)

    if description is not None:
        bottom = holder.top - r.h * 0.3 if holder else description.bottom + 0.12
        lines = r.block_lines(0.0, description.bottom + r.h * 0.15, 1.0, bottom)
        text = " ".join(_text(line.words) for line in lines).strip()
        text = _PRINTED_DESCRIPTION_LABEL.sub("", re.sub(r"\s+", " ", text))
        cert.description_of_operations = text or None
        conf["description_of_operations"] = min((ln.confidence for ln in lines), default=1.0)
    if holder is not None:
        cancellation = r.label(
            "CANCELLATION", region=(holder.right, holder.top - r.h, 1.0, holder.bottom + r.h)
        )
        footer = r.label("ACORD CORPORATION", region=(0.0, holder.bottom, 1.0, 1.0))
        acord_mark = r.label("ACORD 25", region=(0.0, holder.bottom, 1.0, 1.0), fuzzy=False)
        bottom = min((m.top for m in (footer, acord_mark) if m is not None), default=1.0) - r.h * 0.2
        right = cancellation.left - r.h * 0.6 if cancellation else 0.5
        lines = r.block_lines(holder.left - r.h, holder.bottom + r.h * 0.1, right, bottom)
        name, address, confidence = _party(lines)
        cert.certificate_holder.name, cert.certificate_holder.address = name, address
        conf["certificate_holder.name"] = conf["certificate_holder.address"] = confidence
    return edition


# The box's own printed label, when a retyped or OCR'd copy puts it on the first text line.
_PRINTED_DESCRIPTION_LABEL = re.compile(
    r"^\W{0,3}(?:X\s+)?DESCRIPTION OF OPERATIONS\b[^)]{0,120}?(?:required\)|VEHICLES\b\)?)\s*", re.IGNORECASE
)


def _lone_half_label(
    r: _Reader, phrase: str, column: tuple[float, float, float, float], top: float, bottom: float
) -> Match | None:
    """The lower line of a stacked label, starting in `column` between `top` and `bottom`."""
    for match in r.page.find(phrase, region=(column[0], top, 1.0, bottom), fuzzy=False):
        if column[0] <= match.left <= column[2]:
            return match
    return None


def _description_label(r: _Reader, region: tuple[float, float, float, float]) -> Match | None:
    """`DESCRIPTION OF OPERATIONS` alone, skipping the workers' comp note `... OPERATIONS below`."""
    for match in r.page.find("DESCRIPTION OF OPERATIONS", region=region):
        after = same_line_words(r.page, match, left=match.right, right=match.right + r.h * 6)
        if after and token(after[0].text) == "BELOW":
            continue
        if _mostly_capitals(match):
            return match
    return None


def _naic_of(r: _Reader, row: Match, naic_left: float) -> tuple[str | None, float]:
    words = same_line_words(r.page, row, left=naic_left, right=1.0)
    words = [
        w
        for w in words
        if (w.box.left >= naic_left - 0.002 or w.box.center_x >= naic_left + r.h)
        and sum(ch.isdigit() for ch in w.text) >= max(1, len(w.text) // 2)
    ]
    if not words:
        return None, 1.0
    text = "".join(strip_rules(w.text) for w in words)
    return text or None, _conf(words)


def _party(lines: list[Line]) -> tuple[str | None, str | None, float]:
    texts = [(_text(line.words), line.confidence) for line in lines]
    # A line of one or two characters, or one OCR could barely read, is a smudge or a box rule.
    texts = [
        (t, cf)
        for (t, cf), line in zip(texts, lines, strict=True)
        if sum(ch.isalnum() for ch in t) >= 3
        and sum(w.confidence for w in line.words) / len(line.words) >= 0.45
    ]
    if not texts:
        return None, None, 1.0
    texts = [(_common_misreads(t), cf) for t, cf in texts]
    name = texts[0][0]
    address = ", ".join(t for t, _ in texts[1:]) or None
    return name, address, min(cf for _, cf in texts)


# Whole words of names and addresses that OCR misreads the same way every time (c as e, l as i).
_MISREAD_WORDS = {"Ine": "Inc", "Ine.": "Inc.", "lnc": "Inc", "lnc.": "Inc.", "Bidg": "Bldg", "LLG": "LLC"}


def _common_misreads(text: str) -> str:
    return " ".join(_MISREAD_WORDS.get(word, word) for word in text.split(" "))


# --------------------------------------------------------------------------------------------
# The coverage grid


@dataclass
class _Grid:
    ltr_right: float
    type_left: float
    type_right: float
    limits_left: float
    centers: dict[str, float]  # middle columns: addl, subr, number, eff, exp
    officers_right: float  # the WC "Y / N" box sits at the right end of the type column
    # Where the date columns begin: a policy number never reaches past it (OCR'd dates that do
    # not parse, `07 /27 /202 6`, must not be glued onto the number).
    dates_left: float


def _read_grid(r: _Reader, cert: c.Certificate, top: float, bottom: float) -> None:
    page = r.page
    type_label = r.label("TYPE OF INSURANCE", region=(0.0, top, 1.0, bottom))
    if type_label is None:
        return
    band = (0.0, type_label.top - r.h * 1.5, 1.0, type_label.bottom + r.h * 2.5)
    headers = {
        "ltr": r.label("INSR", region=band, fuzzy=False) or r.label("LTR", region=band, fuzzy=False),
        "addl": r.label("ADDL", region=band, fuzzy=False) or r.label("INSD", region=band, fuzzy=False),
        "subr": r.label("SUBR", region=band, fuzzy=False) or r.label("WVD", region=band, fuzzy=False),
        "number": r.label("POLICY NUMBER", region=band),
        "eff": r.label("POLICY EFF", region=band, fuzzy=False) or r.label("EFF", region=band, fuzzy=False),
        "exp": r.label("POLICY EXP", region=band, fuzzy=False) or r.label("EXP", region=band, fuzzy=False),
    }
    header_bottom = max(m.bottom for m in [type_label, *(h for h in headers.values() if h)])
    second = [m for m in page.find("(MM/DD/YYYY)", region=band, fuzzy=False) if m.top > type_label.top]
    if len(second) == 2 and (headers["eff"] is None or headers["exp"] is None):
        # A date column's first header line lost: the two (MM/DD/YYYY) lines are the columns.
        left_date, right_date = sorted(second, key=lambda m: m.left)
        headers["eff"], headers["exp"] = headers["eff"] or left_date, headers["exp"] or right_date
    header_bottom = max([header_bottom, *(m.bottom for m in second)])
    grid_region = (0.0, header_bottom + r.h * 0.1, 1.0, bottom)

    blocks: list[tuple[str, Match]] = []
    for key, phrases in (
        ("gl", ("COMMERCIAL GENERAL LIABILITY",)),
        ("auto", ("AUTOMOBILE LIABILITY", "AUTO LIABILITY")),
        ("umb", ("UMBRELLA LIAB",)),
        ("wc", ("WORKERS COMPENSATION",)),
    ):
        for phrase in phrases:
            found = r.label(phrase, region=grid_region)
            if found is not None:
                blocks.append((key, found))
                break
    lower_anchor: Match | None = None
    rows_down = 0
    if not any(k == "umb" for k, _ in blocks):
        # "UMBRELLA LIAB" unreadable: anchor on a label printed one or two rows lower in the same block.
        for phrase, down in (("EXCESS LIAB", 1), ("RETENTION", 2)):
            lower_anchor = r.label(phrase, region=grid_region)
            if lower_anchor is not None:
                rows_down = down
                blocks.append(("umb", lower_anchor))
                break
    blocks.sort(key=lambda kv: kv[1].top)
    if not blocks:
        return

    type_phrases = [m for _, m in blocks]
    for phrase in (
        "NON-OWNED AUTOS ONLY",
        "NON-OWNED AUTOS",
        "SCHEDULED AUTOS",
        "ANY PROPRIETOR/PARTNER/EXECUTIVE",
        "GEN'L AGGREGATE LIMIT APPLIES PER",
        "AND EMPLOYERS' LIABILITY",
        "CLAIMS-MADE",
    ):
        found = r.label(phrase, region=grid_region, fuzzy=len(phrase) > 10)
        if found is not None:
            type_phrases.append(found)
    first_middle = min(
        (m.left for k in ("addl", "subr", "number") if (m := headers[k]) is not None),
        default=1.0,
    )
    yes_no_label = _yes_no_label(r, (0.0, grid_region[1], first_middle, bottom))
    if yes_no_label is not None:
        type_phrases.append(yes_no_label)
    middle_lefts = [m.left for k in ("addl", "subr", "number", "eff", "exp") if (m := headers[k]) is not None]
    type_right = max(m.right for m in type_phrases) + r.h * 0.5
    if middle_lefts:
        type_right = (
            min(type_right, min(middle_lefts) + r.h * 0.2)
            if min(middle_lefts) > type_label.right
            else type_right
        )
    phrase_left = min(m.left for m in type_phrases)
    ltr = headers["ltr"]
    ltr_right = min(
        (ltr.right + r.h * 0.4) if ltr is not None else phrase_left - r.h, phrase_left - r.h * 0.2
    )
    type_left = max(ltr_right, phrase_left - r.h * 1.2)

    limit_labels = []
    for phrase, _ in (*GL_LIMITS, *AUTO_LIMITS, *WC_LIMITS):
        found = r.label(phrase, region=grid_region, fuzzy=len(phrase) > 10)
        if found is not None and found.left > type_right:
            limit_labels.append(found)
    statute = r.label("PER STATUTE", region=grid_region)
    if statute is not None and statute.left > type_right:
        limit_labels.append(statute)
    if limit_labels:
        limits_left = min(m.left for m in limit_labels) - r.h * 0.6
    else:
        exp = headers["exp"] or headers["eff"]
        limits_left = exp.right + r.h if exp else 0.75
    centers = {k: m.center_x for k, m in headers.items() if m is not None and k != "ltr"}
    officers_right = max(type_right, min(middle_lefts, default=type_right) - r.h * 0.2)
    eff_header = headers["eff"]
    if eff_header is not None:
        dates_left = eff_header.left - r.h * 0.5
    elif "number" in centers and "exp" in centers:
        dates_left = centers["number"] + (centers["exp"] - centers["number"]) * 0.4
    else:
        dates_left = limits_left
    grid = _Grid(ltr_right, type_left, type_right, limits_left, centers, officers_right, dates_left)

    # Vertical extent of each block: from its label to the next block's label.
    tops = [
        max(
            m.top - r.h * 0.35 - (_row_pitch(r, grid_region) * rows_down if m is lower_anchor else 0.0),
            grid_region[1],
        )
        for _, m in blocks
    ]
    wc_end = None
    for phrase in ("OFFICER/MEMBER EXCLUDED?", "(Mandatory in NH)", "E.L. DISEASE - POLICY LIMIT"):
        found = r.label(phrase, region=grid_region)
        if found is not None:
            wc_end = max(wc_end or 0.0, found.bottom)
    for index, (key, label) in enumerate(blocks):
        block_top = tops[index]
        block_bottom = tops[index + 1] if index + 1 < len(blocks) else bottom
        if key == "wc" and wc_end is not None and index + 1 == len(blocks):
            block_bottom = wc_end + r.h * 0.5
        _read_block(r, cert, key, grid, (block_top, block_bottom), label)
    # The free row for other coverage sits below workers compensation (or the last block).
    last_key, last_label = blocks[-1]
    if last_key == "wc" and wc_end is not None:
        _read_block(r, cert, "other", grid, (wc_end + r.h * 0.5, bottom), last_label)


def _row_pitch(r: _Reader, region: tuple[float, float, float, float]) -> float:
    """Height of one grid row, from two labels printed on consecutive rows."""
    for upper, lower in (
        ("COMMERCIAL GENERAL LIABILITY", "CLAIMS-MADE"),
        ("AUTOMOBILE LIABILITY", "ANY AUTO"),
        ("WORKERS COMPENSATION", "AND EMPLOYERS' LIABILITY"),
    ):
        a, b = r.label(upper, region=region), r.label(lower, region=region)
        if a is not None and b is not None and 0 < b.top - a.top < r.h * 4:
            return b.top - a.top
    return r.h * 1.6


def _merge_split_dates(words: list[Word], h: float) -> list[Word]:
    """OCR splits dates (`05/` `24/2027`, `07` `/27` `/202` `6`): rejoin neighbours that make a date."""
    out: list[Word] = []
    for line in group_lines(words):
        items = list(line.words)
        i = 0
        while i < len(items):
            merged = None
            for span in (4, 3, 2):  # `07` `/27` `/202` `6`
                group = items[i : i + span]
                if len(group) < span or any(b.box.left - a.box.right > h * 0.8 for a, b in pairwise(group)):
                    continue
                text = "".join(w.text for w in group)
                if parse_date(text) is not None and all(parse_date(w.text) is None for w in group):
                    box = group[0].box.model_copy(
                        update={
                            "width": group[-1].box.right - group[0].box.left,
                            "height": max(w.box.height for w in group),
                        }
                    )
                    merged = group[0].model_copy(
                        update={"text": text, "box": box, "confidence": min(w.confidence for w in group)}
                    )
                    i += span
                    break
            if merged is None:
                merged = items[i]
                i += 1
            out.append(merged)
    return out


def _mark_value(text: str) -> bool | None:
    cleaned = strip_rules(text).upper()
    value = yes_no(cleaned)
    if value is not None or not cleaned:
        return value
    return yes_no(cleaned[0]) if len(cleaned) <= 2 else None


def _middle_values(r: _Reader, grid: _Grid, top: float, bottom: float) -> dict[str, tuple[object, float]]:
    words = _merge_split_dates(list(r.page.words_in(grid.type_right, top, grid.limits_left, bottom)), r.h)
    # Drop the pre-printed "N / A" of the workers compensation row.
    skip: set[int] = set()
    for line in group_lines(words):
        items = line.words
        for i, word in enumerate(items):
            if token(word.text) == "NA" and "/" in word.text:
                skip.add(id(word))
            if (
                word.text.strip() == "/"
                and 0 < i < len(items) - 1
                and token(items[i + 1].text) == "A"
                and token(items[i - 1].text) == "N"
            ):
                skip.update({id(items[i - 1]), id(word), id(items[i + 1])})
    mark_centers = [grid.centers[k] for k in ("addl", "subr") if k in grid.centers]
    spacing = abs(mark_centers[0] - mark_centers[1]) if len(mark_centers) == 2 else r.h * 3
    tolerance = min(r.h * 1.6, spacing * 0.6)
    found: dict[str, tuple[object, float]] = {}
    number_words: list[Word] = []
    dates: list[tuple[Word, object]] = []
    for word in sorted(words, key=lambda w: (w.box.top, w.box.left)):
        if id(word) in skip:
            continue
        value = parse_date(word.text)
        if value is not None:
            dates.append((word, value))
            continue
        cleaned = strip_rules(word.text)
        if not cleaned or cleaned.upper() in ("N/A", "NIA", "N/IA", "NA"):
            continue  # the pre-printed "N / A" of the workers compensation row, as OCR reads it
        near = [
            k
            for k in ("addl", "subr")
            if k in grid.centers and abs(grid.centers[k] - word.box.center_x) < tolerance + word.box.width / 2
        ]
        if near and not any(ch.isdigit() for ch in cleaned) and sum(ch.isalnum() for ch in cleaned) > 2:
            continue  # letters over the ADDL/SUBR columns ("NER" for N/A) are never part of a policy number
        if near and sum(ch.isalnum() for ch in cleaned) <= 2:
            if len(near) == 2 and len(cleaned) == 2:
                # Two marks read as one token ("YN"): one per column, left to right.
                ordered = sorted(near, key=lambda k: grid.centers[k])
                for column, char in zip(ordered, cleaned, strict=True):
                    if column not in found and yes_no(char) is not None:
                        found[column] = (yes_no(char), word.confidence * 0.8)
                continue
            column = min(near, key=lambda k: abs(grid.centers[k] - word.box.center_x))
            mark = _mark_value(cleaned)
            if mark is not None and column not in found:
                found[column] = (
                    mark,
                    word.confidence if yes_no(cleaned) is not None else word.confidence * 0.6,
                )
            continue
        glued = re.match(
            r"^(.*?[A-Za-z0-9-])(\d{2}/\d{2}[/71]\d{4}|\d{2}[/71]\d{2}/\d{4}|\d{1,2}/\d{1,2}/\d{4}),?$",
            cleaned,
        )
        if glued and parse_date(glued.group(2)) is not None and len(glued.group(1)) >= 4:
            # A policy number with the effective date glued on by OCR.
            dates.append((word, parse_date(glued.group(2))))
            share = len(glued.group(1)) / len(cleaned)
            box = word.box.model_copy(update={"width": word.box.width * share})
            number_words.append(word.model_copy(update={"text": glued.group(1), "box": box}))
            continue
        number_words.append(word)
    date_columns = [k for k in ("eff", "exp") if k in grid.centers]
    if len(dates) >= 2 and len(date_columns) == 2:
        dates.sort(key=lambda d: d[0].box.center_x)
        found["eff"] = (dates[0][1], dates[0][0].confidence)
        found["exp"] = (dates[-1][1], dates[-1][0].confidence)
    elif dates:
        date_column = _nearest(dates[0][0].box.center_x, grid.centers, ("eff", "exp")) or "eff"
        found[date_column] = (dates[0][1], dates[0][0].confidence)
        if len(date_columns) == 2:
            _repair_other_date(found, date_column, number_words, grid)
    number_words = [w for w in number_words if w.box.center_x < grid.dates_left]
    if number_words:
        lines = group_lines(number_words)
        best = max(lines, key=lambda ln: sum(len(w.text) for w in ln.words))
        pieces = _drop_strays(best.words, r.h)
        if pieces:
            number = "".join(_glue(pieces))
            if len(number) > 3:
                # Never a dollar sign in a policy number; `S$950458` is one S read twice.
                number = re.sub("S?[$§]", "S", number)
            number = re.sub("T?™", "TM", number)  # `T™693767`: OCR's trademark sign for the M (and T)
            found["number"] = (number, min(w.confidence for w in pieces))
    return found


def _repair_other_date(
    found: dict[str, tuple[object, float]], known: str, words: list[Word], grid: _Grid
) -> None:
    """One date read, the other misread. Digits all there with a separator lost (`0915/2027`):
    that date. A digit misread (`41/29/2025`): a policy term is most often one year, so the other
    date is the read one a year off, if the print differs from it in one digit. Either way with a
    confidence low enough to send the value to human review.
    """
    missing = "exp" if known == "eff" else "eff"
    read = found[known][0]
    if not isinstance(read, date):
        return
    column = [
        w
        for w in words
        if w.box.center_x >= grid.dates_left
        and _nearest(w.box.center_x, grid.centers, ("eff", "exp")) == missing
    ]
    printed = re.sub(r"\D", "", "".join(w.text for w in column).translate(_DATE_LOOKALIKES))
    if len(printed) < 6:
        return
    confidence = min(w.confidence for w in column) * 0.7  # low enough for a person to check
    as_printed = parse_date(printed)  # only a separator was lost: `0915/2027`
    if as_printed is not None and abs((as_printed - read).days) <= 800:
        found[missing] = (as_printed, confidence)
        return
    try:
        candidate = read.replace(year=read.year + (1 if missing == "exp" else -1))
    except ValueError:
        return  # 29 February
    for form in ("%m%d%Y", "%m%d%y"):
        expected = candidate.strftime(form)
        if len(expected) == len(printed) and sum(a != b for a, b in zip(expected, printed, strict=True)) <= 1:
            found[missing] = (candidate, confidence)
            return


def _drop_strays(words: list[Word], h: float) -> list[Word]:
    """A lone character far from the policy number is a table rule or a smudge, not part of it."""
    kept = list(words)
    while (
        len(kept) > 1 and len(strip_rules(kept[-1].text)) <= 1 and kept[-1].box.left - kept[-2].box.right > h
    ):
        kept.pop()
    while len(kept) > 1 and len(strip_rules(kept[0].text)) <= 1 and kept[1].box.left - kept[0].box.right > h:
        kept.pop(0)
    return kept


def _glue(words: list[Word]) -> list[str]:
    """Rejoin a policy number's pieces with the spaces printed between them."""
    out: list[str] = []
    for i, word in enumerate(words):
        text = strip_rules(word.text) if i in (0, len(words) - 1) else word.text
        if i > 0:
            gap = word.box.left - words[i - 1].box.right
            previous = out[-1] if out else ""
            # OCR splits inside a number ("TH-1" "12-201868"); printed spaces separate letters from digits.
            split_number = previous[-1:].isdigit() or previous.endswith("-")
            if gap > word.box.height * 0.3 and not (split_number and text[:1].isdigit()):
                out.append(" ")
        out.append(text)
    return out


def _nearest(x: float, centers: dict[str, float], keys: tuple[str, ...]) -> str | None:
    options = [(abs(centers[k] - x), k) for k in keys if k in centers]
    return min(options)[1] if options else None


def _read_block(  # noqa: PLR0917
    r: _Reader, cert: c.Certificate, key: str, grid: _Grid, extent: tuple[float, float], label: Match
) -> None:
    top, bottom = extent
    if bottom <= top:
        return
    conf = r.conf
    middle = _middle_values(r, grid, top, bottom)
    letter_words = [
        w
        for w in r.page.words_in(0.0, top, grid.ltr_right, bottom)
        if re.fullmatch(r"([A-F])\1?", strip_rules(w.text).strip(".,").upper() or "-")  # doubled: "Cc"
    ]
    number = middle.get("number")
    eff, exp = middle.get("eff"), middle.get("exp")
    if number is None and eff is None and exp is None:
        return  # a pre-printed row with no policy number and no dates is not a policy
    type_region = (grid.type_left, top, grid.type_right, bottom)
    limits_region = (grid.limits_left, top, 1.0, bottom)
    coverage: str
    labels: tuple[tuple[str, str], ...]
    policy_kw: dict[str, object] = {}
    if key == "gl":
        coverage = "general_liability"
        claims = r.option_marked(("CLAIMS-MADE", "CLAIMS MADE"), type_region)
        occur = r.option_marked(("OCCUR",), type_region)
        policy_kw["claims_made"] = True if claims else (False if occur else None)
        per = None
        for value, phrases in (
            ("policy", ("POLICY",)),
            ("project", ("PRO-JECT", "PRO-", "PROJECT", "JECT")),  # JECT: the second line of PRO- / JECT
            ("location", ("LOC",)),
        ):
            if r.option_marked(phrases, type_region):
                per = value
                break
        if per is None and _misread_option_marked(r, type_region, r"[BFP]R[O0Q](JECT)?"):
            per = "project"  # `BRO-`, `FRO-`: the P of PRO-JECT misread after its box
        policy_kw["aggregate_applies_per"] = per
        labels = GL_LIMITS
    elif key == "auto":
        coverage = "auto_liability"
        types = [name for name, phrases in _AUTO_TYPES if r.option_marked(phrases, type_region)]
        policy_kw["auto_types"] = types
        labels = AUTO_LIMITS
    elif key == "umb":
        excess = r.option_marked(("EXCESS LIAB",), type_region)
        umbrella = r.option_marked(("UMBRELLA LIAB",), type_region)
        coverage = "excess" if excess and not umbrella else "umbrella"
        claims = r.option_marked(("CLAIMS-MADE", "CLAIMS MADE"), type_region)
        occur = r.option_marked(("OCCUR",), type_region)
        policy_kw["claims_made"] = True if claims else (False if occur else None)
        labels = UMB_LIMITS
    elif key == "wc":
        coverage = "workers_comp"
        # The stacked `PER` over `STATUTE`: OCR can lose the 5 pt STATUTE; a mark before PER still counts.
        statute = r.option_marked(("PER STATUTE",), limits_region) or _misread_option_marked(
            r, limits_region, r"PER(STAT\w*)?"
        )
        other = r.option_marked(("OTH-ER", "OTH-", "OTHER"), limits_region) or _misread_option_marked(
            r, limits_region, r"OTH\w{0,2}"
        )
        policy_kw["per_statute"] = True if statute else (False if other else None)
        policy_kw["officers_excluded"] = _officers_excluded(r, grid, top, bottom)
        labels = WC_LIMITS
    else:
        coverage = "other"
        labels = ()
    index = len(cert.policies)
    path = f"policies.{index}"
    policy = c.Policy(coverage=coverage)
    for attribute_name, setting in policy_kw.items():
        setattr(policy, attribute_name, setting)
    if letter_words:
        policy.insurer_letter = strip_rules(letter_words[0].text).upper()[0]
        conf[f"{path}.insurer_letter"] = letter_words[0].confidence
    else:
        guessed = _letter_lookalike(r, grid, top, bottom, {i.letter for i in cert.insurers})
        if guessed is not None:
            policy.insurer_letter, conf[f"{path}.insurer_letter"] = guessed
    if number is not None:
        policy.policy_number = str(number[0])
        conf[f"{path}.policy_number"] = number[1]
    for column, attribute in (
        ("eff", "effective_date"),
        ("exp", "expiration_date"),
        ("addl", "additional_insured"),
        ("subr", "subrogation_waived"),
    ):
        if column in middle:
            setattr(policy, attribute, middle[column][0])
            conf[f"{path}.{attribute}"] = middle[column][1]
    if key == "other":
        label_lines = r.block_lines(grid.type_left, top, grid.type_right, bottom)
        label_lines = [ln for ln in label_lines if _text(ln.words)]
        if label_lines:
            policy.label = _text(label_lines[0].words)
            conf[f"{path}.label"] = label_lines[0].confidence
    rows = _ROW_KEYS.get(key, ())
    pitch = _row_pitch(r, (0.0, top - r.h * 8, 1.0, bottom + r.h * 8)) if rows else 0.0
    policy.limits = _limits(
        r, grid, top, bottom, labels, key == "other", conf, path, rows=(rows, label.center_y, pitch)
    )
    if key == "umb":
        _retention(r, grid, policy, top, bottom, conf, path)
    cert.policies.append(policy)


def _misread_option_marked(r: _Reader, region: tuple[float, float, float, float], pattern: str) -> bool:
    """An option whose short label OCR misreads (`OTHS` for OTH-ER, `BRO-` for PRO-JECT): a mark
    just before a word whose letters match `pattern`."""
    for word in r.page.words_in(*region):
        if re.fullmatch(pattern, token(word.text)) and r.mark_left_of(Match((word,))):
            return True
    return False


# Single glyphs OCR reads for an insurer letter in the narrow INSR LTR column.
_LETTER_LOOKALIKES = {
    **dict.fromkeys("€©¢(G", "C"),
    **dict.fromkeys("8", "B"),
    **dict.fromkeys("0O", "D"),
    **dict.fromkeys("4", "A"),
}


def _letter_lookalike(
    r: _Reader, grid: _Grid, top: float, bottom: float, listed: set[str]
) -> tuple[str, float] | None:
    """A misread insurer letter (`€`, `(é:`, `GE` for C): taken only if that insurer is listed."""
    for word in sorted(r.page.words_in(0.0, top, grid.ltr_right, bottom), key=lambda w: w.box.top):
        text = word.text.strip()
        if not text or len(text) > 3:
            continue
        letter = _LETTER_LOOKALIKES.get(text[0])
        if letter is not None and letter in listed:
            return letter, word.confidence * 0.6  # low enough for a person to check
    return None


def _yes_no_label(r: _Reader, region: tuple[float, float, float, float]) -> Match | None:
    """The printed "Y / N" above the officers-excluded box (the slash must be there)."""
    words = sorted(r.page.words_in(*region), key=lambda w: (round(w.box.center_y, 3), w.box.left))
    for line in group_lines(words):
        texts = [w.text.strip().upper() for w in line.words]
        for i, text in enumerate(texts):
            if text in ("Y/N", "Y/ N", "Y /N", "YIN", "Y/IN", "Y|N", "Y1N", "YN"):
                return Match((line.words[i],))
            if text == "Y" and texts[i + 1 : i + 3] == ["/", "N"]:
                return Match(tuple(line.words[i : i + 3]))
            if text in ("Y/", "Y /") and texts[i + 1 : i + 2] == ["N"]:
                return Match(tuple(line.words[i : i + 2]))
    return None


def _officers_excluded(r: _Reader, grid: _Grid, top: float, bottom: float) -> bool | None:
    region = (grid.type_left, top, grid.officers_right, bottom)
    label = _yes_no_label(r, region)
    excluded = r.label("EXCLUDED?", region=region)
    candidates = []
    reach = (label.right - label.left) if label is not None else 0.0
    for word in r.page.words_in(region[0], top, region[2] + reach, bottom):
        if label is not None and _holds(label.words, word):
            continue
        cleaned = strip_rules(word.text).upper()
        if len(cleaned) == 2 and cleaned[0] in "IL1(" and cleaned[1] in "YN":
            cleaned = cleaned[1:]  # the box's left edge read as a letter: `IN`
        in_column = word.box.center_x <= region[2]
        value = (
            _mark_value(cleaned) if in_column and cleaned[:1] in ("Y", "N") and len(cleaned) <= 2 else None
        )
        printed = re.sub(r"[^A-Za-z0-9/]", "", word.text)
        if (
            value is None
            and label is not None
            and printed[:1] in ("Y", "N")  # a capital, as printed in the box: not `nary`
            and not re.match(r"^N[/I1l|]A", printed)  # the box's own `N/A`
            and label.left - r.h <= word.box.left <= label.center_x
        ):
            # The answer glued to the next column's print (`N.ON/A`): the word starts in the box.
            value = printed[0] == "Y"
        if value is None:
            continue
        if label is not None:
            if word.box.top < label.bottom - r.h * 0.2 or abs(word.box.center_x - label.center_x) > r.h * 4:
                continue
        elif excluded is None or word.box.left < excluded.right:
            continue
        candidates.append((word.box.top, value))
    return min(candidates)[1] if candidates else None


def _limits(  # noqa: PLR0917
    r: _Reader,
    grid: _Grid,
    top: float,
    bottom: float,
    labels: tuple[tuple[str, str], ...],
    free_keys: bool,
    conf: dict[str, float],
    path: str,
    rows: tuple[tuple[str | None, ...], float, float] = ((), 0.0, 0.0),
) -> dict[str, int]:
    """Limits of one coverage block: by printed label, else (label unreadable) by the row it is on."""
    limits: dict[str, int] = {}
    row_keys, first_row_center, pitch = rows
    read: list[
        tuple[str | None, int, float, float]
    ] = []  # key (None: label unread), amount, centre, confidence
    region_words = r.page.words_in(grid.limits_left, top, 1.0, bottom)
    for line in group_lines(region_words):
        words = line.words
        amount_words: list[Word] = []
        for word in reversed(words):
            stripped = strip_rules(word.text)
            if stripped in ("$", "S") and amount_words:
                break
            if amount_words:
                nearest = amount_words[0]
                if nearest.box.left - word.box.right > 3 * nearest.box.height:
                    break  # an amount is printed as one piece: a digit far left of it is another print
                if word.box.right - nearest.box.left > 0.1 * min(word.box.width, nearest.box.width):
                    continue  # overlapping it: the same print read twice (`$4` under `1,000,000`)
            if any(ch.isdigit() for ch in stripped) or (amount_words and stripped in ("$",)):
                amount_words.insert(0, word)
                continue
            if stripped.upper().endswith("M") and any(ch.isdigit() for ch in stripped):
                amount_words.insert(0, word)
                continue
            break
        if not amount_words:
            if not free_keys:
                _words_instead_of_amount(r, region_words, words, labels, conf, path)
            continue
        amount = parse_money("".join(w.text for w in amount_words))
        if amount is None or (amount < 1_000 and not free_keys):
            continue  # "$4": a smudge or half an amount, not a printed limit
        # The label is whatever sits left of the amount within its height (small labels form their own line).
        a_top = min(w.box.top for w in amount_words)
        a_bottom = max(w.box.bottom for w in amount_words)
        a_left = min(w.box.left for w in amount_words)
        label_words = sorted(
            (
                w
                for w in region_words
                if w.box.right <= a_left + 0.001
                and a_top <= w.box.center_y <= a_bottom
                and not _holds(amount_words, w)
                and strip_rules(w.text) not in ("$", "")
            ),
            key=lambda w: w.box.left,
        )
        label_text = _text(label_words)
        # `EachClaim`: OCR lost the space of a free label; the case change shows where it was.
        free_label = re.sub(r"([a-z])([A-Z])", r"\1 \2", label_text)
        key = _limit_key(label_text, labels) if not free_keys else (snake(free_label) or None)
        confidence = min(_conf(amount_words), _conf(label_words) if label_words else 1.0)
        read.append((key, amount, (a_top + a_bottom) / 2, confidence))
    # Rows whose label was read give the grid's real row positions; the others are placed by them.
    placed = sorted(
        (row_keys.index(key), center) for key, _, center, _ in read if key is not None and key in row_keys
    )
    if len(placed) >= 2 and placed[-1][0] > placed[0][0]:
        (i0, c0), (i1, c1) = placed[0], placed[-1]
        pitch = (c1 - c0) / (i1 - i0)
        first_row_center = c0 - i0 * pitch
    for label_key, amount, center, label_confidence in read:
        key, confidence = label_key, label_confidence
        if key is None and row_keys and pitch > 0:
            index = round((center - first_row_center) / pitch)
            if 0 <= index < len(row_keys) and abs(center - first_row_center - index * pitch) < pitch * 0.35:
                key = row_keys[index]
                confidence *= 0.75  # placed by position only
        if key is None or key in limits:
            continue
        limits[key] = amount
        conf[f"{path}.limits.{key}"] = confidence
    return limits


# Words an agency prints in a limit cell instead of an amount: no amount is read, a person looks.
_LIMIT_WORDS = re.compile(
    r"^(?:INCLUDED|INCL\.?|STATUTORY|SEE ATTACHED|SEE SCHEDULE|EXCLUDED|NOT COVERED|NONE|N/?A|WAIVED)$", re.I
)


def _words_instead_of_amount(  # noqa: PLR0917
    r: _Reader,
    region_words: list[Word],
    line: list[Word],
    labels: tuple[tuple[str, str], ...],
    conf: dict[str, float],
    path: str,
) -> None:
    """`PERSONAL & ADV INJURY $ Included`: the limit's key is listed for review with no amount."""
    for cut in range(len(line) - 1, 0, -1):
        tail = _text(line[cut:])
        if not _LIMIT_WORDS.match(tail.strip("$ ")):
            continue
        label_words = [w for w in line[:cut] if strip_rules(w.text) not in ("$", "")]
        key = _limit_key(_text(label_words), labels) if label_words else None
        if key is not None:
            conf.setdefault(f"{path}.limits.{key}", 0.4)
        return


def _limit_key(text: str, labels: tuple[tuple[str, str], ...]) -> str | None:
    target = token(text)
    if not target:
        return None
    best, score = None, 0.0
    for phrase, key in labels:
        candidate = token(phrase)
        if candidate == target:
            return key
        ratio = SequenceMatcher(None, candidate, target).ratio()
        if ratio > score:
            best, score = key, ratio
    return best if score >= 0.72 else None


def _retention(  # noqa: PLR0917
    r: _Reader, grid: _Grid, policy: c.Policy, top: float, bottom: float, conf: dict[str, float], path: str
) -> None:
    region = (grid.type_left, top, grid.type_right, bottom)
    retention = r.label("RETENTION", region=region)
    ded = r.option_marked(("DED",), region)
    ret = r.option_marked(("RETENTION",), region)
    if retention is None or not (ded or ret):
        return
    words = same_line_words(r.page, retention, left=retention.right - 0.001, right=grid.type_right)
    # The amount as printed, maybe in pieces (`$25` `000`: a lost comma; `$` `Q`: a zero).
    pieces: list[Word] = []
    for word in words:
        if pieces and word.box.left - pieces[-1].box.right > r.h * 3:
            break
        pieces.append(word)
    printed = "".join(w.text for w in pieces).replace("()", "0")
    if "$" in printed:
        printed = printed[printed.index("$") :]  # a box edge before the dollar sign (`4$25,000`)
    if printed[:1] == "$" and printed[1:] in ("Q", "O", "o", "D"):
        printed = "$0"
    amount = parse_money(printed) if pieces else None
    if amount is not None:
        key = "retention" if ret else "deductible"
        policy.limits[key] = amount
        conf[f"{path}.limits.{key}"] = _conf(pieces)
        return
    # "RETENTION $10,000" printed as one word
    glued = re.search(r"\$\s*([\d,.]+[MK]?)$", "".join(w.text for w in retention.words))
    if glued:
        amount = parse_money(glued.group(1))
        if amount is not None:
            key = "retention" if ret else "deductible"
            policy.limits[key] = amount
            conf[f"{path}.limits.{key}"] = _conf(retention.words)
