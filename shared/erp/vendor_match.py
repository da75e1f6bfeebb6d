"""Matching the ERP's own vendor list (exported from the ERP as CSV) to our vendors by name, so an
administrator confirms codes instead of typing them.

Names are compared after folding case, accents, punctuation and legal suffixes ("Rivera Concrete,
LLC" = "RIVERA CONCRETE"); the closest remaining name (difflib's ratio) is proposed when it is
close enough, marked as a guess for the administrator to confirm.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass

from shared.erp.codes import code_problem, normalize
from shared.workspace import InvalidInput

# Column names ERP vendor exports use for the id and the name (compared case-insensitively,
# ignoring spaces and underscores).
_CODE_COLUMNS = ("vendorid", "vendor", "vendornumber", "vendorcode", "vendorno", "code", "id", "number")
_NAME_COLUMNS = ("name", "vendorname", "sortname", "legalname", "companyname")
_SUFFIXES = {"llc", "inc", "co", "corp", "corporation", "company", "ltd", "lp", "llp", "pc", "the"}
GUESS_THRESHOLD = 0.86
MAX_ROWS = 20000


@dataclass(frozen=True)
class ErpVendor:
    code: str
    name: str


@dataclass(frozen=True)
class Match:
    vendor_id: str
    vendor_name: str
    code: str | None
    erp_name: str | None
    exact: bool
    score: float
    problem: str | None = None


def name_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", " ", folded.replace("&", " and ")).split()
    return " ".join(w for w in words if w not in _SUFFIXES)


def _column(header: list[str], wanted: tuple[str, ...]) -> int | None:
    keys = [re.sub(r"[\s_\-]+", "", h.strip().lower()) for h in header]
    for name in wanted:
        if name in keys:
            return keys.index(name)
    return None


def parse_vendor_list(text: str) -> list[ErpVendor]:
    """The ERP's vendor export: a header row naming an id column and a name column."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise InvalidInput("the vendor list is empty", {"csv": "paste or choose the ERP's vendor export"})
    if len(rows) > MAX_ROWS + 1:
        raise InvalidInput("the vendor list is too long", {"csv": f"at most {MAX_ROWS} vendors"})
    header = rows[0]
    code_at = _column(header, _CODE_COLUMNS)
    name_at = _column(header, _NAME_COLUMNS)
    if code_at is None or name_at is None or code_at == name_at:
        raise InvalidInput(
            "the vendor list needs a header with an id column and a name column",
            {"csv": "e.g. 'Vendor,Name' or 'VENDORID,NAME'"},
        )
    vendors = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) <= max(code_at, name_at):
            raise InvalidInput(f"line {line} of the vendor list has too few columns", {"csv": f"line {line}"})
        code, name = row[code_at].strip(), row[name_at].strip()
        if code and name:
            vendors.append(ErpVendor(code, name))
    return vendors


def match_vendors(erp: str, ours: list[tuple[str, str]], theirs: list[ErpVendor]) -> list[Match]:
    """For each of our (vendor id, name): the ERP vendor with the same or the closest name."""
    by_key: dict[str, ErpVendor] = {}
    for vendor in theirs:
        by_key.setdefault(name_key(vendor.name), vendor)
    keys = list(by_key)
    matches = []
    for vendor_id, name in ours:
        key = name_key(name)
        found, exact, score = by_key.get(key), True, 1.0
        if found is None:
            exact = False
            close = difflib.get_close_matches(key, keys, n=1, cutoff=GUESS_THRESHOLD)
            if close:
                found = by_key[close[0]]
                score = difflib.SequenceMatcher(None, key, close[0]).ratio()
            else:
                score = 0.0
        code = normalize(erp, "vendor", found.code) if found else None
        problem = code_problem(erp, "vendor", code) if code else None
        matches.append(
            Match(vendor_id, name, code, found.name if found else None, exact, round(score, 2), problem)
        )
    return matches
