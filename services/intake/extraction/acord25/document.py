"""The one ACORD 25 mapper: from the intermediate representation to the certificate contract.

Everything is anchored on printed labels and on the coverage grid they define (column headers,
coverage block labels, limit labels), never on fixed coordinates, so editions 2014/01, 2016/03 and
2025/12, agency layouts, fillable widgets, flattened text and OCR words are read by the same code.
Each value carries a confidence (the engine's, lowered by validation later).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from services.intake.extraction.acord25.columns import identifier_case
from services.intake.extraction.acord25.contact_print import (
    contact_as_printed,
    cut_at_baseline,
    phone_cut_at_baseline,
    phone_from,
    without_label_remnant,
)
from services.intake.extraction.acord25.grid import _read_grid
from services.intake.extraction.acord25.header_fallbacks import cut_producer_label
from services.intake.extraction.acord25.insured_label import misread_insured
from services.intake.extraction.acord25.ocr_spelling import (
    clean_insurer_name,
    description_if_ocr,
    spelt_if_ocr,
)
from services.intake.extraction.acord25.parties import (
    _PRINTED_DESCRIPTION_LABEL,
    _complete_insurer_rows,
    _description_label,
    _garbled_label,
    _insurer_rows,
    _lone_half_label,
    _naic_of,
    _party,
    _phone_remnant,
    is_acord_page,
    name_and_row_naic,
    split_run_on_blocks,
)
from services.intake.extraction.acord25.reader import (
    _INSURER_ROW,
    _REVISION_LOOKALIKES,
    _holds,
    _Reader,
    _text,
    value_text,
)
from services.intake.extraction.acord25.terms import repair_impossible_terms
from services.intake.extraction.acord25.vocabulary import carrier_vocabulary
from services.intake.extraction.ir import DocumentIR, FormField
from services.intake.extraction.remarks import additional_remarks
from services.intake.extraction.textgeom import (
    Match,
    PageText,
    group_lines,
    norm_phrase,
    token,
)
from services.intake.extraction.values import parse_date
from shared.contracts import certificate as c


@dataclass
class Mapped:
    certificate: c.Certificate
    confidences: dict[str, float] = field(default_factory=dict)
    acord_page: int | None = None
    edition: str | None = None
    # The pages as read for the mapping (lines grouped, phrase cache), for the endorsement reader.
    pages: dict[int, PageText] = field(default_factory=dict)


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
        # ACORD 101 pages continue the description of operations, OCR'd alike.
        remarks = description_if_ocr(reader, remarks)
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


@dataclass
class _Anchors:
    """The header's printed labels that bound the blocks below them."""

    producer: Match | None
    contact: Match | None
    insured: Match | None
    right_col: float
    coverages_top: float


def _read_page(r: _Reader, cert: c.Certificate) -> str | None:
    edition_line = next((ln.text for ln in r.page.lines if re.search(r"ACORD\s*25\s*\(", ln.text)), "")
    edition_match = re.search(r"\((\d{4})\s*/\s*(\d{2})\)", edition_line)
    edition = f"{edition_match.group(1)}/{edition_match.group(2)}" if edition_match else None
    at = _anchors(r)
    _read_certificate_date(r, cert, at)
    _read_parties(r, cert, at)
    _read_contact(r, cert, at)
    _read_insurers(r, cert, at)
    _read_numbers(r, cert, at)
    _read_grid_and_below(r, cert, at)
    if r.ocr:
        repair_impossible_terms(cert, r.conf)
    return edition


def _anchors(r: _Reader) -> _Anchors:
    page = r.page
    producer = r.label("PRODUCER", standalone=True, fuzzy=False) or cut_producer_label(r)
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
    insured_region = (0.0, top_limit + 0.001, right_col, coverages_top)
    insured = r.label("INSURED", standalone=True, fuzzy=False, region=insured_region) or misread_insured(
        r, insured_region, producer
    )

    return _Anchors(producer, contact, insured, right_col, coverages_top)


# A party block found by where it stands, its label lost.
_PLACED_BLOCK = 0.45
# A first name taken from the contact's e-mail address: a good guess, listed for a person.
_GUESSED_FIRST_NAME = 0.45


def _read_certificate_date(r: _Reader, cert: c.Certificate, at: _Anchors) -> None:
    """The certificate date: under its label, else in the top-right cell."""
    page, conf, producer = r.page, r.conf, at.producer
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
        else:
            # OCR split the date into pieces (`06/` `/28/2025`): the pieces of one line, joined.
            for line in group_lines([w for w in words if not _holds(date_label.words, w)]):
                value = parse_date("".join(w.text for w in line.words))
                if value is not None:
                    cert.certificate_date = value
                    conf["certificate_date"] = min(w.confidence for w in line.words) * 0.9
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


def _read_parties(r: _Reader, cert: c.Certificate, at: _Anchors) -> None:
    """The producer and insured blocks, each down to the next label."""
    conf, producer, insured = r.conf, at.producer, at.insured
    right_col, coverages_top = at.right_col, at.coverages_top
    if producer is not None:
        bottom = insured.top - r.h * 0.2 if insured else coverages_top
        lines = r.block_lines(
            producer.left - r.h, _label_bottom(r, producer) + r.h * 0.1, right_col, bottom, producer.words
        )
        split = split_run_on_blocks(lines) if insured is None else None
        name, address, confidence, address_confidence = _party(split[0] if split else lines)
        cert.producer.name, cert.producer.address = name, address
        conf["producer.name"], conf["producer.address"] = confidence, address_confidence
        if split:  # the insured's block found by its place, not its label: a person checks it
            name, address, confidence, _ = _party(split[1])
            cert.insured.name, cert.insured.address = spelt_if_ocr(r, name), address
            conf["insured.name"] = conf["insured.address"] = min(confidence, _PLACED_BLOCK)
    if insured is not None:
        top = _label_bottom(r, insured) + r.h * 0.1
        lines = r.block_lines(insured.left - r.h, top, right_col, coverages_top - r.h * 0.2, insured.words)
        name, address, confidence, address_confidence = _party(lines)
        cert.insured.name, cert.insured.address = spelt_if_ocr(r, name), address
        conf["insured.name"], conf["insured.address"] = confidence, address_confidence


def _label_bottom(r: _Reader, label: Match) -> float:
    """Where a one-line label's print ends: OCR may box it down into the value below (`INSURED`
    boxed twice its height over the insured's name), so no lower than a tall line under its top."""
    return min(label.bottom, label.top + r.h * 1.4)


def _read_contact(r: _Reader, cert: c.Certificate, at: _Anchors) -> None:
    """The producer's contact, phone and e-mail, right of their stacked labels."""
    conf, contact = r.conf, at.contact
    phone = r.label("PHONE (A/C, No, Ext):", stacked=True)
    fax = r.label("FAX (A/C, No):", stacked=True)
    email = r.label("E-MAIL ADDRESS:", stacked=True)
    # PHONE over a misread `(A/C, No, Ext):` still shows where the stacked labels stand.
    anchor = phone or r.label("PHONE", region=(at.right_col, 0.0, 1.0, at.coverages_top), fuzzy=False)
    if fax is None and anchor is not None:
        # The fax label's own small print misread: the word FAX on the phone's lines still ends it.
        # Small print reads in mixed case too (`Fax`); on the phone's own lines the word is enough.
        beside = (anchor.right, anchor.top - r.h, 1.0, anchor.bottom + r.h)
        fax = next(iter(r.page.find("FAX", region=beside, fuzzy=False)), None)
    if anchor is not None:
        # OCR can lose the top line of a stacked label entirely (a tall value beside it swallows
        # `CONTACT`, `E-MAIL`): the bottom line alone, just above or below PHONE, still anchors it.
        below = phone.bottom if phone is not None else anchor.bottom + r.h * 1.2
        column = (anchor.left - r.h * 1.5, 0.0, anchor.left + r.h * 1.5, 1.0)
        if contact is None:
            contact = _lone_half_label(
                r, "NAME:", column, anchor.top - r.h * 3.5, anchor.top
            ) or _garbled_label(r, column, anchor.top - r.h * 2.5, anchor.top)
        if email is None:
            email = _lone_half_label(r, "ADDRESS:", column, below, below + r.h * 3.5)
    if contact is None and at.producer is not None:
        # Neither CONTACT nor PHONE read: the NAME: half alone, beside PRODUCER as printed.
        beside = (at.right_col, at.producer.top - r.h * 1.5, 1.0, at.producer.bottom + r.h * 1.5)
        contact = r.label("NAME:", region=beside, fuzzy=False)
    if anchor is None and contact is not None:
        # PHONE itself lost as well: the labels stack in the contact label's column, ADDRESS: on
        # the third line and the phone's `(A/C, No, Ext):` remnant on the second.
        column = (contact.left - r.h * 1.5, 0.0, contact.left + r.h * 1.5, 1.0)
        if email is None:
            email = _lone_half_label(r, "ADDRESS:", column, contact.bottom + r.h, contact.bottom + r.h * 6)
        if phone is None:
            phone = _phone_remnant(r, column, contact.bottom + r.h * 0.3, contact.bottom + r.h * 3.5)
    # The top half of a stacked label alone (its second line lost): the value sits a little lower.
    lone = contact is not None and len(contact.words) == 1 and token(contact.words[0].text) != "NAME"
    contact_words = r.words_right_of(contact, slack=0.9 if lone else 0.6) if contact is not None else []
    name = value_text(contact_words) if contact is not None else (None, 0.0)
    cert.producer.contact_name, conf["producer.contact_name"] = name
    phone_stop = fax.left - r.h * 0.3 if fax else 1.0
    phone_words = r.words_right_of(phone, phone_stop) if phone is not None else []
    if phone is not None:
        cert.producer.phone, conf["producer.phone"] = value_text(phone_words)
        cert.producer.phone = without_label_remnant(cert.producer.phone)
    elif anchor is not None:
        # PHONE alone: the number sits beside its lost second line, after what is left of it.
        words = r.page.words_in(anchor.right, anchor.top, phone_stop, anchor.bottom + r.h * 1.5)
        words = sorted(words, key=lambda w: w.box.left)
        cert.producer.phone = phone_from(_text(words)) if words else None
        conf["producer.phone"] = min((w.confidence for w in words), default=1.0) * 0.9
    email_words = r.words_right_of(email) if email is not None else []
    cert.producer.email, conf["producer.email"] = (
        value_text(email_words) if email is not None else (None, 0.0)
    )
    if cert.producer.email:
        cert.producer.email = cert.producer.email.replace(" ", "")
    for guessed in (
        [
            *contact_as_printed(cert.producer),
            *cut_at_baseline(cert.producer, contact_words, email_words),
            *phone_cut_at_baseline(phone_words),
        ]
        if r.ocr
        else []
    ):
        conf[f"producer.{guessed}"] = min(conf.get(f"producer.{guessed}", 1.0), _GUESSED_FIRST_NAME)


def _read_insurers(r: _Reader, cert: c.Certificate, at: _Anchors) -> None:
    """The insurer rows A to F: name up to the NAIC column, then the NAIC number."""
    page, conf = r.page, r.conf
    producer, right_col, coverages_top = at.producer, at.right_col, at.coverages_top
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
        name, row_naic = name_and_row_naic(name)
        if name:
            # The row's letter OCR split off its label, maybe with a speck before it (`iC: Federal`),
            # or with its colon lost (`A Navigators`).
            name = re.sub(rf"^(?:\S?{letter}\s*:\s*|{letter}\s+(?=[A-Z]))", "", name).strip() or None
        if name and (sum(ch.isalnum() for ch in name) < 3 or re.fullmatch(r"\S{1,4}:", name)):
            name = None  # a smudge on an empty row, or the end of its own label (`RFE:` of INSURER F :)
        if name and r.ocr:
            name = carrier_vocabulary(clean_insurer_name(name))
        naic_value, naic_conf = (None, name_conf) if naic is None else _naic_of(r, row, number_left)
        if naic is None:
            naic_value = row_naic  # OCR lost the column's label: the number ending the row
        if not name and not naic_value:
            continue
        index = len(cert.insurers)
        cert.insurers.append(c.Insurer(letter=letter, name=name, naic=naic_value))
        conf[f"insurers.{index}.name"] = name_conf
        conf[f"insurers.{index}.naic"] = naic_conf


def _read_numbers(r: _Reader, cert: c.Certificate, at: _Anchors) -> None:
    """The certificate and revision numbers over the coverage grid."""
    conf, coverages_top = r.conf, at.coverages_top
    certno = r.label("CERTIFICATE NUMBER:", region=(0.0, coverages_top - r.h, 1.0, coverages_top + r.h * 3))
    revno = r.label("REVISION NUMBER:", region=(0.0, coverages_top - r.h, 1.0, coverages_top + r.h * 3))
    cert.certificate_number, conf["certificate_number"] = r.right_of(
        certno, revno.left - r.h * 0.3 if revno else 1.0
    )
    if cert.certificate_number:
        # An identifier: OCR's space beside a hyphen is not printed (`CN- 88533`).
        cert.certificate_number = re.sub(r"\s*-\s*", "-", cert.certificate_number)
        if r.ocr:  # nor a case OCR could not see, nor a speck after it read as punctuation
            cert.certificate_number = identifier_case(cert.certificate_number.rstrip(".,;:'`"))
    cert.revision_number, conf["revision_number"] = r.right_of(revno)
    if cert.revision_number and len(cert.revision_number) <= 3:
        # Revisions are counted: a short one of O, Q, I or l is OCR's reading of 0 or 1.
        # A speck after it reads as a full stop (`0.`), the cell's rule as a bracket (`0)`).
        digits = cert.revision_number.rstrip(".,'`)]}|").translate(_REVISION_LOOKALIKES)
        if digits.isdigit():
            cert.revision_number = digits


def _read_grid_and_below(r: _Reader, cert: c.Certificate, at: _Anchors) -> None:
    """The coverage grid, the description of operations and the certificate holder."""
    conf, coverages_top = r.conf, at.coverages_top
    below_coverages = (0.0, coverages_top, 1.0, 1.0)
    description = (
        r.label("DESCRIPTION OF OPERATIONS / LOCATIONS / VEHICLES", region=below_coverages)
        or _description_label(r, below_coverages)
        # The rest of the label line, when OCR loses a word of its small print.
        or r.label("LOCATIONS / VEHICLES", region=below_coverages)
        or r.label("Additional Remarks Schedule, may be attached", region=below_coverages)
    )
    # The lowest: the description above may quote it (`... TO THE CERTIFICATE HOLDER FOR THIS JOB`).
    holder = max(
        r.labels(
            "CERTIFICATE HOLDER",
            standalone=True,
            region=(0.0, description.bottom if description else coverages_top, 0.5, 1.0),
        ),
        key=lambda m: m.top,
        default=None,
    )
    grid_bottom = description.top if description else (holder.top if holder else 1.0)
    _read_grid(r, cert, coverages_top, grid_bottom)

    if description is not None:
        bottom = holder.top - r.h * 0.3 if holder else description.bottom + 0.12
        lines = r.block_lines(0.0, description.bottom + r.h * 0.15, 1.0, bottom)
        text = " ".join(_text(line.words) for line in lines).strip()
        text = _PRINTED_DESCRIPTION_LABEL.sub("", re.sub(r"\s+", " ", text))
        cert.description_of_operations = description_if_ocr(r, text) or None
        conf["description_of_operations"] = min((ln.confidence for ln in lines), default=1.0)
    if holder is not None:
        cancellation = r.label(
            "CANCELLATION", region=(holder.right, holder.top - r.h, 1.0, holder.bottom + r.h)
        )
        footer = r.label("ACORD CORPORATION", region=(0.0, holder.bottom, 1.0, 1.0))
        acord_mark = r.label("ACORD 25", region=(0.0, holder.bottom, 1.0, 1.0), fuzzy=False)
        years = [
            w.box.top for w in r.page.words_in(0.0, holder.bottom, 1.0, 1.0) if _FORM_YEARS.search(w.text)
        ]
        bottom = min([m.top for m in (footer, acord_mark) if m is not None] + years, default=1.0) - r.h * 0.2
        right = cancellation.left - r.h * 0.6 if cancellation else 0.5
        lines = r.block_lines(holder.left - r.h, holder.bottom + r.h * 0.1, right, bottom)
        name, address, confidence, address_confidence = _party(lines)
        cert.certificate_holder.name, cert.certificate_holder.address = spelt_if_ocr(r, name), address
        conf["certificate_holder.name"], conf["certificate_holder.address"] = confidence, address_confidence


_FORM_YEARS = re.compile(r"^\W?19[89]\d-20\d\d\W?$")  # the footer's `1988-2014`, its CORPORATION misread
