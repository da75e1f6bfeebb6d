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
from datetime import date
from difflib import SequenceMatcher

from services.intake.extraction.ir import DocumentIR
from services.intake.extraction.textgeom import Line, PageText, token
from services.intake.extraction.values import parse_date, parse_money
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
    "holder": ("CERTIFICATE HOLDER", "HOLDER"),
}
_DATE_LABELS = ("DATE", "DATE ISSUED", "ISSUE DATE", "CERTIFICATE DATE")
_COVERAGES: tuple[tuple[c.CoverageKind, re.Pattern[str]], ...] = (
    ("general_liability", re.compile(r"\bGENERAL\s+LIABILITY\b", re.IGNORECASE)),
    ("auto_liability", re.compile(r"\bAUTO(?:MOBILE)?\s+LIABILITY\b", re.IGNORECASE)),
    ("umbrella", re.compile(r"\bUMBRELLA\b", re.IGNORECASE)),
    ("excess", re.compile(r"\bEXCESS\s+LIAB", re.IGNORECASE)),
    ("workers_comp", re.compile(r"\bWORKERS'?\s*COMP", re.IGNORECASE)),
)
_LIMIT_LABELS: dict[str, tuple[tuple[str, str], ...]] = {
    "general_liability": (
        ("EACH OCCURRENCE", "each_occurrence"),
        ("DAMAGE TO RENTED PREMISES", "damage_to_rented_premises"),
        ("MEDICAL EXPENSE", "medical_expense"),
        ("MED EXP", "medical_expense"),
        ("PERSONAL AND ADVERTISING INJURY", "personal_advertising_injury"),
        ("PERSONAL & ADV INJURY", "personal_advertising_injury"),
        ("GENERAL AGGREGATE", "general_aggregate"),
        ("PRODUCTS COMPLETED OPERATIONS AGGREGATE", "products_completed_operations_aggregate"),
        ("PRODUCTS - COMP/OP AGG", "products_completed_operations_aggregate"),
    ),
    "auto_liability": (
        ("COMBINED SINGLE LIMIT", "combined_single_limit"),
        ("BODILY INJURY PER PERSON", "bodily_injury_per_person"),
        ("BODILY INJURY PER ACCIDENT", "bodily_injury_per_accident"),
        ("PROPERTY DAMAGE", "property_damage_per_accident"),
    ),
    "umbrella": (
        ("EACH OCCURRENCE", "each_occurrence"),
        ("AGGREGATE", "aggregate"),
        ("RETENTION", "retention"),
    ),
    "excess": (
        ("EACH OCCURRENCE", "each_occurrence"),
        ("AGGREGATE", "aggregate"),
        ("RETENTION", "retention"),
    ),
    "workers_comp": (
        ("EACH ACCIDENT", "el_each_accident"),
        ("DISEASE EACH EMPLOYEE", "el_disease_each_employee"),
        ("DISEASE POLICY LIMIT", "el_disease_policy_limit"),
    ),
}
_DATE = r"\d{1,2}[/-]\d{1,2}[/-]\d{2,4}"
_PERIOD = re.compile(rf"({_DATE})\s*(?:to|through|thru|-|–)\s*({_DATE})", re.IGNORECASE)
_BOX = re.compile(r"^\s*(\[\s*[xX✓✔]?\s*\]|☒|☐|☑)\s*(.+)$")
_POLICY_NUMBER = re.compile(r"\bPOLICY\s*(?:NUMBER|NO\.?|#)\s*:?\s*([A-Z0-9][A-Z0-9-]{3,})", re.IGNORECASE)


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
    top_lines = [ln for ln in page.lines if ln.top < 0.25]
    if not any(_TITLE.search(ln.text) for ln in top_lines):
        return False
    has_insured = any(_label_at_start(ln, _PARTY_LABELS["insured"]) is not None for ln in page.lines)
    has_coverage = any(pattern.search(text) for _, pattern in _COVERAGES)
    return has_insured and has_coverage


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
    starts: list[int] = []
    for index, line in enumerate(lines):
        if line.words[0].text.endswith(":") or any(
            _label_at_start(line, ls) for ls in _PARTY_LABELS.values()
        ):
            starts.append(index)
    for role, labels in _PARTY_LABELS.items():
        for index, line in enumerate(lines):
            found = _label_at_start(line, labels)
            if found is None:
                continue
            block = [found[1]] if found[1] else []
            block += _continuation(lines, index)
            if not block:
                continue
            name, address = block[0], ", ".join(block[1:]) or None
            if role == "producer":
                cert.producer.name, cert.producer.address = name, address
            else:
                party = cert.insured if role == "insured" else cert.certificate_holder
                party.name, party.address = name, address
            key = "certificate_holder" if role == "holder" else role
            conf[f"{key}.name"] = conf[f"{key}.address"] = _READ
            break
    for line in lines:
        found = _label_at_start(line, _DATE_LABELS)
        if found is not None and (value := parse_date(found[1].split()[0] if found[1] else "")):
            cert.certificate_date = value
            conf["certificate_date"] = _READ
            break
    _read_policies(lines, cert, conf)
    return conf


def _continuation(lines: list[Line], index: int) -> list[str]:
    """Lines right under a party label's line, at its left edge, until a gap or the next label."""
    out: list[str] = []
    previous = lines[index]
    for line in lines[index + 1 : index + 5]:
        height = previous.bottom - previous.top
        if line.top - previous.bottom > height * 1.2 or abs(line.left - lines[index].left) > height * 2:
            break
        if line.words[0].text.endswith(":") or _BOX.match(line.text) or _TITLE.search(line.text):
            break
        if any(pattern.search(line.text) for _, pattern in _COVERAGES):
            break
        out.append(line.text.strip())
        previous = line
    return out


def _read_policies(lines: list[Line], cert: c.Certificate, conf: dict[str, float]) -> None:
    current: c.Policy | None = None
    period: tuple[date, date] | None = None
    marks: dict[str, bool] = {}
    for line in lines:
        text = line.text
        box = _BOX.match(text)
        if box is not None:
            ticked = box.group(1) not in ("☐",) and bool(re.search(r"[xX✓✔☒☑]", box.group(1)))
            label = token(box.group(2))
            if label.startswith("ADDITIONALINSURED"):
                marks["additional_insured"] = ticked
            elif label.startswith("WAIVEROFSUBROGATION"):
                marks["subrogation_waived"] = ticked
            continue
        found_period = _PERIOD.search(text)
        kind = next((k for k, pattern in _COVERAGES if pattern.search(text)), None)
        if kind is not None and not _is_limit_line(text):
            current = c.Policy(coverage=kind)
            cert.policies.append(current)
            if re.search(r"\bSTATUTORY\b|\bPER STATUTE\b", text, re.IGNORECASE) and kind == "workers_comp":
                current.per_statute = True
        if found_period is not None:
            dates = parse_date(found_period.group(1)), parse_date(found_period.group(2))
            if dates[0] and dates[1]:
                if current is not None and current.effective_date is None and kind is not None:
                    current.effective_date, current.expiration_date = dates
                elif re.search(r"POLICY\s+PERIOD", text, re.IGNORECASE) or current is None:
                    period = (dates[0], dates[1])
                elif current.effective_date is None:
                    current.effective_date, current.expiration_date = dates
        number = _POLICY_NUMBER.search(text)
        if number is not None and current is not None and current.policy_number is None:
            current.policy_number = number.group(1)
        if current is not None and ":" in text and kind is None:
            _limit_line(text, current)
    for policy in cert.policies:
        if policy.effective_date is None and period is not None:
            policy.effective_date, policy.expiration_date = period
    liability = next((p for p in cert.policies if p.coverage == "general_liability"), None)
    if liability is not None:
        for name, value in marks.items():
            setattr(liability, name, value)
    for index, policy in enumerate(cert.policies):
        for name in ("coverage", "effective_date", "expiration_date", "policy_number", "per_statute"):
            conf[f"policies.{index}.{name}"] = _READ
        for key in policy.limits:
            conf[f"policies.{index}.limits.{key}"] = _READ


def _is_limit_line(text: str) -> bool:
    return bool(re.search(r"\$\s*\d", text)) and ":" in text.split("$", maxsplit=1)[0]


def _limit_line(text: str, policy: c.Policy) -> None:
    label, _, rest = text.partition(":")
    amount = parse_money(rest.strip().split(" ")[0]) if rest.strip() else None
    if amount is None:
        return
    labels = _LIMIT_LABELS.get(policy.coverage, ())
    target = token(label)
    best, score = None, 0.0
    for phrase, key in labels:
        ratio = SequenceMatcher(None, token(phrase), target).ratio()
        if ratio > score:
            best, score = key, ratio
    if best is not None and score >= 0.8 and best not in policy.limits:
        policy.limits[best] = amount
