"""Policies of a certificate in another layout: coverage headings and the lines under them.

Three shapes are read the same way: a heading naming the coverage (`Commercial General Liability`,
`Business Automobile Liability`, `Workers Compensation and Employers Liability`), possibly with
the insurer and its NAIC number (`- Amerisure Mutual Insurance Company (NAIC 23396)`) or the
policy in a sentence (`policy 623DG58748 issued by ... (NAIC 20443), 02/26/2025 to 02/26/2026`);
then lines until the next heading: `Insurer: ... NAIC: 23035`, `Policy Number: ...`,
`Policy Period: 05/04/2025 to 05/04/2026`, and limits `Label: 1,000,000` or `Label 1,000,000`.
A period printed once outside every coverage applies to the policies that have none.
"""

from __future__ import annotations

import re
from datetime import date
from difflib import SequenceMatcher

from services.intake.extraction.textgeom import Line, token
from services.intake.extraction.values import parse_date, parse_money
from shared.contracts import certificate as c

COVERAGES: tuple[tuple[c.CoverageKind, re.Pattern[str]], ...] = (
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
        ("PERSONAL & ADVERTISING INJURY", "personal_advertising_injury"),
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
# The number, and a run of digits OCR split off it before the comma, word or line end that ends it
# (`917AW 121884, effective`, `Policy Number: WC89481 2040-00`, `GL567333551 -93`): glued back, as
# the form prints numbers; a speck read as a bracket or quote before it (`policy ('WC985451`) is no
# part of it.
_POLICY_NUMBER = re.compile(
    r"\bPOLICY(?:\s*(?:NUMBER|NO\.?|#)\s*:?|\s+)\s*[('\"‘’`]{0,2}(?=[A-Z-]*\d)"
    r"([A-Z0-9][A-Z0-9-]{3,}(?: -?\d[\d-]+(?=,|\s+(?:effective|from|issued)\b|\s*$))?)\b",
    re.IGNORECASE,
)
_INSURER = re.compile(
    r"(?P<how>\bINSURER:\s*|\bISSUED BY\s+|\s[-–]\s+)(?P<name>[A-Z][\w&.,' ]+?)\s*"
    r"(?:\(\s*NAIC\s*#?:?\s*(?P<naic>\d(?: ?\d){4})\s*\)|\bNAIC\s*#?:?\s*(?P<naic2>\d(?: ?\d){4})\b|$)",
    re.IGNORECASE,
)
_LIMIT = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z &/'().-]*?)\s*:?\s*\$?\s*(?P<amount>\d[\d,]*(?:\.\d\d)?)\s*$"
)
_ENDS_SECTION = re.compile(r"^\s*(?:CERTIFICATE\s+HOLDER|HOLDER|SINCERELY|DESCRIPTION)\b", re.IGNORECASE)
_READ = 0.8
_OPEN_TAIL = 12  # characters after an opening parenthesis that the line's wrap cut off


def coverage_of(text: str) -> c.CoverageKind | None:
    return next((kind for kind, pattern in COVERAGES if pattern.search(text)), None)


def read_policies(lines: list[Line], cert: c.Certificate, conf: dict[str, float]) -> None:
    current: c.Policy | None = None
    shared_period: tuple[date, date] | None = None
    marks: dict[str, bool] = {}
    insurers: dict[str, c.Insurer] = {}
    for sentence in _sentences(lines):
        # `1 ,000,000.00`: OCR's space before a thousands comma is not printed.
        text = re.sub(r"(?<=\d) (?=,\d{3})", "", sentence)
        box = _BOX.match(text)
        if box is not None:
            _read_box(box, marks)
            current = None  # check boxes follow the coverages
            continue
        if _ENDS_SECTION.match(text):
            current = None
            continue
        limit = _LIMIT.match(text)
        kind = coverage_of(text)
        if kind is not None and (limit is None or _is_heading(text)):
            current = c.Policy(coverage=kind)
            cert.policies.append(current)
            if kind == "workers_comp" and re.search(r"\bSTATUTORY\b|\bPER STATUTE\b", text, re.IGNORECASE):
                current.per_statute = True
        period = _PERIOD.search(text)
        dates = (parse_date(period.group(1)), parse_date(period.group(2))) if period is not None else None
        if dates is not None and dates[0] is not None and dates[1] is not None:
            if current is not None and current.effective_date is None:
                current.effective_date, current.expiration_date = dates[0], dates[1]
            else:
                shared_period = (dates[0], dates[1])
        if current is not None:
            _read_policy_line(text, current, insurers, cert)
            if limit is not None and (kind is None or not _is_heading(text)):
                _limit(limit.group("label"), limit.group("amount"), current)
    _finish(cert, shared_period, marks, conf)


def _read_box(box: re.Match[str], marks: dict[str, bool]) -> None:
    """A check box line: additional insured or waiver of subrogation, ticked or not."""
    ticked = bool(re.search(r"[xX✓✔☒☑]", box.group(1)))
    label = token(box.group(2))
    if label.startswith("ADDITIONALINSURED"):
        marks["additional_insured"] = ticked
    elif label.startswith("WAIVEROFSUBROGATION"):
        marks["subrogation_waived"] = ticked


def _read_policy_line(
    text: str, current: c.Policy, insurers: dict[str, c.Insurer], cert: c.Certificate
) -> None:
    """The policy number and insurer a line of the current policy names, if not yet read."""
    number = _POLICY_NUMBER.search(text)
    if number is not None and current.policy_number is None and not _is_date(number.group(1)):
        current.policy_number = number.group(1).replace(" ", "")
    insurer = _INSURER.search(text)
    if insurer is not None and current.insurer_letter is None:
        _assign_insurer(current, insurer, insurers, cert)


def _finish(
    cert: c.Certificate,
    shared_period: tuple[date, date] | None,
    marks: dict[str, bool],
    conf: dict[str, float],
) -> None:
    """A period stated once for all policies, the check boxes on the liability policy, confidences."""
    for policy in cert.policies:
        if policy.effective_date is None and shared_period is not None:
            policy.effective_date, policy.expiration_date = shared_period
    liability = next((p for p in cert.policies if p.coverage == "general_liability"), None)
    if liability is not None:
        for name, value in marks.items():
            setattr(liability, name, value)
    for index, policy in enumerate(cert.policies):
        for name in ("coverage", "effective_date", "expiration_date", "policy_number", "insurer_letter"):
            conf[f"policies.{index}.{name}"] = _READ
        for key in policy.limits:
            conf[f"policies.{index}.limits.{key}"] = _READ
    for index in range(len(cert.insurers)):
        conf[f"insurers.{index}.name"] = conf[f"insurers.{index}.naic"] = _READ


def _sentences(lines: list[Line]) -> list[str]:
    """Line texts, a wrapped sentence joined again: an open parenthesis (`(NAIC` / `20443), ...`) or a
    line that goes on in lower case or with a number (`... Selective Insurance Co` / `of America`)."""
    out: list[str] = []
    for line in lines:
        text = line.text.strip()
        # A parenthesis opened near the line's end (`(NAIC`): a speck read as `(` early in a line
        # (`policy ('WC985451`) opens nothing, or every line after it would be joined on.
        tail = out[-1].rsplit("(", 1)[1] if out and "(" in out[-1] else None
        opened = tail is not None and len(tail) <= _OPEN_TAIL and ")" not in tail
        wrapped = (
            bool(out)
            and bool(text)
            and not out[-1].endswith((".", ":"))
            and _LIMIT.match(out[-1]) is None
            and (
                text[0].islower()
                or text[0].isdigit()
                or text[0] == "("
                # `issued by` not yet followed by the policy period (a scan loses the closing period)
                or (
                    re.search(r"\bissued by\b(?!.*[.)]$)", out[-1], re.IGNORECASE) is not None
                    and _PERIOD.search(out[-1]) is None
                )
            )
        )
        if opened or wrapped:
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


def _is_heading(text: str) -> bool:
    """A coverage heading, not a limit line that happens to name one (`Employers Liability Each
    Accident: 1,000,000` is a limit; `Workers Compensation: YES - Statutory` is a heading)."""
    limit = _LIMIT.match(text)
    if limit is None:
        return True
    label = limit.group("label")
    return coverage_of(label) is not None and not re.search(r"\bEACH\b|\bLIMIT\b|\bAGGREGATE\b", label, re.I)


def _is_date(text: str) -> bool:
    return parse_date(text) is not None


def _assign_insurer(
    policy: c.Policy, found: re.Match[str], insurers: dict[str, c.Insurer], cert: c.Certificate
) -> None:
    name = found.group("name").strip(" ,.-")
    # (`NAIC 241 12`: OCR's blank inside the number is not printed)
    naic = (found.group("naic") or found.group("naic2") or "").replace(" ", "") or None
    if len(name) < 4 or not name[0].isupper() or coverage_of(name) is not None:
        return
    if found.group("how").strip() in ("-", "–") and naic is None:
        return  # `Workers Compensation: YES - Statutory`: a dash names an insurer only with its NAIC
    key = token(name)
    insurer = insurers.get(key)
    if insurer is None:
        insurer = c.Insurer(letter="ABCDEF"[min(len(insurers), 5)], name=name, naic=naic)
        insurers[key] = insurer
        cert.insurers.append(insurer)
    elif insurer.naic is None:
        insurer.naic = naic
    policy.insurer_letter = insurer.letter


def _limit(label: str, amount_text: str, policy: c.Policy) -> None:
    amount = parse_money(amount_text)
    if amount is None:
        return
    target = token(label)
    best, score = None, 0.0
    for phrase, key in _LIMIT_LABELS.get(policy.coverage, ()):
        candidate = token(phrase)
        ratio = (
            1.0 + len(candidate) / 100
            if candidate in target
            else SequenceMatcher(None, candidate, target).ratio()
        )
        if ratio > score:
            best, score = key, ratio
    if best is not None and score >= 0.8 and best not in policy.limits:
        policy.limits[best] = amount
