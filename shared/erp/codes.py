"""The ids each ERP knows our vendors, jobs and commitments by and the rules each ERP puts on
them, checked when a code is saved (the API) and again when a file is written (erp_export).

A code comes from the ERP settings (entered, or matched from the ERP's own vendor list); failing
that, from the workspace (the vendor's code, the project number, the contract number) when it
passes the ERP's rule.

Rule sources: Sage 300 CRE vendor ids are at most 10 characters and Vista vendor numbers are
numeric within a vendor group (shared/reference/procore_and_erp_apis.md §2, §6, `bAPVC (APCo,
VendorGroup, Vendor, ...)`); Intacct VENDORID/PROJECTID are the vendor's and project's ids
(https://developer.intacct.com/api/accounts-payable/vendors/, 20 characters in the vendor form);
CMiC codes are upper-case (ASCII import, docs.cmicglobal.com Insurance Certificate Import).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

CodeKind = Literal["vendor", "job", "commitment"]
CODE_KINDS: tuple[CodeKind, ...] = ("vendor", "job", "commitment")


@dataclass(frozen=True)
class CodeRule:
    """One ERP's constraint on one kind of id, named so an error can say which rule failed."""

    name: str
    text: str
    pattern: str

    def problem(self, code: str) -> str | None:
        if re.fullmatch(self.pattern, code):
            return None
        return f"{self.text} (rule {self.name}): {code!r} does not fit"


_PRINTABLE = r"[\x21-\x7e]"
RULES: dict[tuple[str, CodeKind], CodeRule] = {
    ("sage300cre", "vendor"): CodeRule(
        "sage300cre.vendor_id",
        "Sage 300 CRE vendor ids are at most 10 characters, without spaces at either end",
        rf"{_PRINTABLE}(?:[\x20-\x7e]{{0,8}}{_PRINTABLE})?",
    ),
    ("sage300cre", "job"): CodeRule(
        "sage300cre.job", "Sage 300 CRE job numbers are at most 10 characters", r"[\x21-\x7e][\x20-\x7e]{0,9}"
    ),
    ("sage300cre", "commitment"): CodeRule(
        "sage300cre.commitment",
        "Sage 300 CRE commitment ids are at most 10 characters",
        r"[\x21-\x7e][\x20-\x7e]{0,9}",
    ),
    ("vista", "vendor"): CodeRule(
        "vista.vendor_number",
        "Vista vendor numbers are whole numbers from 1 to 999999 within the vendor group",
        r"0*[1-9][0-9]{0,5}",
    ),
    ("vista", "job"): CodeRule(
        "vista.job", "Vista job numbers are at most 10 characters", r"[\x21-\x7e][\x20-\x7e]{0,9}"
    ),
    ("vista", "commitment"): CodeRule(
        "vista.subcontract",
        "Vista subcontract (SL) numbers are at most 30 characters",
        r"[\x21-\x7e][\x20-\x7e]{0,29}",
    ),
    ("intacct", "vendor"): CodeRule(
        "intacct.vendorid",
        "Intacct VENDORID is 1 to 20 letters, digits, '-', '_' or '.'",
        r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,19}",
    ),
    ("intacct", "job"): CodeRule(
        "intacct.projectid",
        "Intacct PROJECTID is 1 to 20 letters, digits, '-', '_' or '.'",
        r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,19}",
    ),
    ("intacct", "commitment"): CodeRule(
        "intacct.commitment",
        "Intacct commitment document numbers are at most 45 characters",
        r"[\x21-\x7e][\x20-\x7e]{0,44}",
    ),
    ("cmic", "vendor"): CodeRule(
        "cmic.vendor_code",
        "CMiC vendor codes are 1 to 10 upper-case letters, digits, '-' or '_'",
        r"[A-Z0-9][A-Z0-9_\-]{0,9}",
    ),
    ("cmic", "job"): CodeRule(
        "cmic.job_code",
        "CMiC job codes are 1 to 10 upper-case letters, digits, '-' or '.'",
        r"[A-Z0-9][A-Z0-9.\-]{0,9}",
    ),
    ("cmic", "commitment"): CodeRule(
        "cmic.subcontract_code",
        "CMiC subcontract codes are 1 to 20 upper-case letters, digits, '-' or '.'",
        r"[A-Z0-9][A-Z0-9.\-]{0,19}",
    ),
}

# The ids each ERP keys its holds by: a contract without them cannot be written to that ERP's
# contract-level rows (Vista's bSLCT is per subcontract; CMiC's import is per job and subcontract).
REQUIRED: dict[str, tuple[CodeKind, ...]] = {
    "sage300cre": ("vendor",),
    "intacct": ("vendor",),
    "vista": ("vendor", "commitment"),
    "cmic": ("vendor", "job", "commitment"),
}


def code_problem(erp: str, kind: CodeKind, code: str) -> str | None:
    """None when `code` is a valid `kind` id in `erp`, else a sentence naming the rule."""
    rule = RULES.get((erp, kind))
    if rule is None:
        return f"unknown ERP or code kind: {erp} {kind}"
    return rule.problem(code)


def normalize(erp: str, kind: CodeKind, code: str) -> str:
    """What is stored for a code as typed: Vista vendor numbers without leading zeros."""
    code = code.strip()
    if erp == "vista" and kind == "vendor" and code.isdigit():
        return str(int(code))
    return code


@dataclass
class ErpCodes:
    """A tenant's codes: (erp, kind) -> our id (vendor, project or contract id) -> ERP code."""

    codes: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def get(self, erp: str, kind: CodeKind, entity_id: str) -> str | None:
        return self.codes.get((erp, kind), {}).get(entity_id)

    def set(self, erp: str, kind: CodeKind, entity_id: str, code: str | None) -> None:
        table = self.codes.setdefault((erp, kind), {})
        if code:
            table[entity_id] = code
        else:
            table.pop(entity_id, None)

    def of(self, erp: str, kind: CodeKind) -> Mapping[str, str]:
        return self.codes.get((erp, kind), {})


def kinds_for(erp: str) -> tuple[CodeKind, ...]:
    """The code kinds an ERP's settings page asks for (vendor always; job/commitment where the
    ERP keys holds by them)."""
    return REQUIRED.get(erp, ("vendor",))
