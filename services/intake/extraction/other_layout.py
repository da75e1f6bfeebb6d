"""Certificates of liability insurance that are not the ACORD 25 grid.

A carrier's own certificate or an agency's letter-style certificate prints the same facts as
labelled text: `INSURED: name` with the address on the lines below, coverage headings followed by
`Each Occurrence: $500,000` lines, a policy period, check boxes such as `[X] Additional Insured`.
This reader recognises such a page (`document.kind = "certificate"`), reads only what its labels
make unambiguous, and the certificate always goes to a person (`document.kind` is listed for
review). Anything else (a W-9, an invoice, an endorsement alone, a requirements letter) stays
`unknown`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.intake.extraction.ir import DocumentIR
from services.intake.extraction.other_policies import coverage_of, read_policies
from services.intake.extraction.textgeom import Line, PageText, token
from services.intake.extraction.values import parse_date
from shared.contracts import certificate as c

# Confidence of a value read from labelled text in a layout we do not know.
_READ = 0.8
_TITLE = re.compile(r"\bCERTIFICATE\s+OF\s+(?:LIABILITY\s+)?INSURANCE\b", re.IGNORECASE)
# Documents that quote insurance words but are not certificates.
_NOT_A_CERTIFICATE = re.compile(
    r"REQUEST FOR TAXPAYER|\bFORM W-9\b|\bINVOICE\b|AMOUNT DUE|THIS ENDORSEMENT CHANGES THE POLICY|"
    r"INSURANCE REQUIREMENTS|\bSHALL (?:MAINTAIN|PROVIDE|FURNISH)\b|\bMUST (?:MAINTAIN|PROVIDE|FURNISH)\b",
    re.IGNORECASE,
)
_PARTY_LABELS = {
    "producer": ("PRODUCER", "AGENCY", "AGENT", "BROKER"),
    "insured": ("INSURED", "NAMED INSURED"),
    "holder": ("CERTIFICATE HOLDER", "HOLDER", "TO"),
}
_DATE_LABELS = ("DATE", "DATE ISSUED", "ISSUE DATE", "CERTIFICATE DATE", "ISSUED")
# A letter names the insured in a sentence: "This letter certifies that NAME, ADDRESS, is insured".
_INSURED_SENTENCE = re.compile(r"\bcertif(?:y|ies)\s+that\s+(?P<who>.+?),?\s+is\s+insured\b", re.IGNORECASE)


@dataclass
class Read:
    certificate: c.Certificate
    confidences: dict[str, float] = field(default_factory=dict)
    page: int | None = None


def is_other_certificate(page: PageText) -> bool:
    """A certificate of liability insurance in a layout other than the ACORD grid."""
    text = "\n".join(line.text for line in page.lines)
    if _NOT_A_CERTIFICATE.search(text):
        return False
    if not any(_TITLE.search(ln.text) for ln in page.lines if ln.top < 0.4):
        return False
    has_insured = _INSURED_SENTENCE.search(" ".join(ln.text for ln in page.lines)) is not None or any(
        _label_at_start(ln, _PARTY_LABELS["insured"]) is not None for ln in page.lines
    )
    # A certificate names its coverages, or at least whom it is issued to: a carrier's certificate
    # printed with its coverage table empty is still one, and a reviewer sees that nothing is listed.
    has_holder = any(_label_at_start(ln, ("CERTIFICATE HOLDER",)) is not None for ln in page.lines)
    return has_insured and (has_holder or any(coverage_of(ln.text) for ln in page.lines))


def read_other_layout(ir: DocumentIR, document: c.DocumentInfo) -> Read | None:
    for page in ir.pages:
        text = PageText(page.number, page.words)
        if is_other_certificate(text):
            document.kind = "certificate"
            certificate = c.Certificate(document=document)
            confidences = _read(text, certificate)
            return Read(certificate, confidences, page.number)
    return None


def _label_at_start(line: Line, labels: tuple[str, ...]) -> tuple[int, str] | None:
    """(words the label takes, the rest of the line) when the line starts with `LABEL:`."""
    for label in sorted(labels, key=len, reverse=True):
        want = token(label)
        joined = ""
        for i, word in enumerate(line.words[:5]):
            joined += token(word.text)
            if joined == want and word.text.endswith(":"):
                return i + 1, " ".join(w.text for w in line.words[i + 1 :]).strip()
            if len(joined) >= len(want):
                break
    return None


def _read(page: PageText, cert: c.Certificate) -> dict[str, float]:
    conf: dict[str, float] = {}
    lines = page.lines
    for role, labels in _PARTY_LABELS.items():
        for index, line in enumerate(lines):
            found = _label_at_start(line, labels)
            if found is None:
                continue
            block = [found[1]] if found[1] else []
            block += _continuation(lines, index)
            if block:
                _set_party(cert, role, block, conf)
                break
    sentence = _INSURED_SENTENCE.search(" ".join(ln.text for ln in lines))
    if cert.insured.name is None and sentence is not None:
        name, *address = [part.strip() for part in sentence.group("who").split(",")]
        _set_party(cert, "insured", [name, *address], conf, joined=True)
    for line in lines:
        found = _label_at_start(line, _DATE_LABELS)
        if found is not None and found[1] and (value := parse_date(found[1].split()[0])):
            cert.certificate_date = value
            conf["certificate_date"] = _READ
            break
    if sentence is not None:
        _letterhead(lines, cert, conf)
    read_policies(lines, cert, conf)
    _as_sure_as_its_words(page, cert, conf)
    return conf


def _as_sure_as_its_words(page: PageText, cert: c.Certificate, conf: dict[str, float]) -> None:
    """Each text read no surer than the words it was read from (`RJU-121-784108` at 0.44 on a
    scan): a word printed more than once counts at its surest reading."""
    surest: dict[str, float] = {}
    for word in page.words:
        text = word.text.strip(_EDGE_PUNCTUATION)
        surest[text] = max(surest.get(text, 0.0), word.confidence)
    for path, value in _texts(cert):
        known = [surest[t] for t in (w.strip(_EDGE_PUNCTUATION) for w in value.split()) if t in surest]
        if path in conf and known:
            conf[path] = min(conf[path], *known)


_EDGE_PUNCTUATION = ".,;:()"


def _texts(cert: c.Certificate) -> list[tuple[str, str]]:
    """The certificate's texts this reader fills, by path."""
    parties = {
        "producer": cert.producer,
        "insured": cert.insured,
        "certificate_holder": cert.certificate_holder,
    }
    texts = [
        (f"{role}.{name}", getattr(party, name))
        for role, party in parties.items()
        for name in ("name", "address")
    ]
    texts += [(f"policies.{i}.policy_number", p.policy_number) for i, p in enumerate(cert.policies)]
    texts += [(f"insurers.{i}.name", insurer.name) for i, insurer in enumerate(cert.insurers)]
    return [(path, value) for path, value in texts if value]


# A letter's sentence may end on the address's ZIP code; the stop is the sentence's, not the address's.
_STOP_AFTER_ZIP = re.compile(r"(?<=\d{5})\.$|(?<=\d{5}-\d{4})\.$")


def _set_party(
    cert: c.Certificate, role: str, block: list[str], conf: dict[str, float], *, joined: bool = False
) -> None:
    name, address = block[0], _STOP_AFTER_ZIP.sub("", ", ".join(block[1:])) or None
    if role == "producer":
        cert.producer.name, cert.producer.address = name, address
    else:
        party = cert.insured if role == "insured" else cert.certificate_holder
        party.name, party.address = name, address
    key = "certificate_holder" if role == "holder" else role
    conf[f"{key}.name"] = conf[f"{key}.address"] = _READ * (0.9 if joined else 1.0)


def _letterhead(lines: list[Line], cert: c.Certificate, conf: dict[str, float]) -> None:
    """A letter: the sender's block above a date line is the producer, the date is the certificate's."""
    for index, line in enumerate(lines[:8]):
        value = parse_date(line.text.strip())
        if value is None:
            continue
        if cert.certificate_date is None:
            cert.certificate_date = value
            conf["certificate_date"] = _READ
        block = [ln.text.strip() for ln in lines[:index]]
        if block and cert.producer.name is None and not _TITLE.search(" ".join(block)):
            _set_party(cert, "producer", block, conf)
        if cert.certificate_holder.name is None:
            _addressee(lines[index + 1 :], cert, conf)
        return


def _addressee(lines: list[Line], cert: c.Certificate, conf: dict[str, float]) -> None:
    """A letter's addressee, under its date and before its `Re:` line, when OCR lost the `To:`
    label's colon (`Te`): the certificate holder, for a person to confirm."""
    if not lines or len(lines[0].text.strip()) > 3:
        return
    block: list[str] = []
    for line in lines[1:6]:
        text = line.text.strip()
        if text.lower().startswith("re:") or _INSURED_SENTENCE.search(text) or _TITLE.search(text):
            break
        block.append(text)
    if block:
        _set_party(cert, "holder", block, conf)
        conf["certificate_holder.name"] = conf["certificate_holder.address"] = 0.5


def _continuation(lines: list[Line], index: int) -> list[str]:
    """Lines right under a party label's line (maybe indented once), until a gap or the next label."""
    out: list[str] = []
    previous = lines[index]
    left = lines[index].left
    labels = tuple(label for group in _PARTY_LABELS.values() for label in group) + _DATE_LABELS
    for line in lines[index + 1 : index + 6]:
        # OCR boxes a line without descenders (`Named Insured:`) short: the taller line sets the scale.
        height = max(previous.bottom - previous.top, line.bottom - line.top)
        # Heights are fractions of the page height, lefts of its width (a letter page is 1.3 times
        # as tall as wide): the first line may sit a tab in, about five line heights.
        indent = height * (6 if not out else 1.5)
        if line.top - previous.bottom > height * 1.2 or abs(line.left - left) > indent:
            break
        first = line.words[0].text
        if first.endswith(":") and first.isupper() and len(first) > 3:
            break  # another label in capitals (`COVERAGES:`); `Attn:` belongs to an address
        if _label_at_start(line, labels) is not None or line.text.lstrip().startswith(("[", "☐", "☒")):
            break
        if _TITLE.search(line.text) or coverage_of(line.text) or line.text.startswith("Re:"):
            break
        out.append(line.text.strip())
        previous, left = line, line.left
    return out
