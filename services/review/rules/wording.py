"""What the description of operations and the endorsement list say, read once per certificate.

The description is cut into clauses (sentences, `;`, line breaks, ", but ..."). A clause that
contains a negation ("does NOT apply", "not included as additional insured", "excluding ...")
never counts as evidence for anything, and a name mentioned only in negated clauses is not
"named". This errs towards raising a deficiency a reviewer can clear, never towards hiding one.
Benign legal qualifiers ("where not prohibited by law", "except where required by law") are
removed before the negation test so they do not void an otherwise positive clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shared.contracts.certificate import Certificate
from shared.contracts.names import name_tokens, normalise_name

_ALL = "*"  # a clause that names no coverage speaks for every coverage

# -- clause splitting -------------------------------------------------------------------------------
_BREAKS = re.compile(r"(?P<hard>[;\n\r]+|,\s*(?=(?i:but|however)\b))|(?P<soft>(?<=[.!?])\s+(?=[A-Z0-9\"'(]))")
# Abbreviations whose period does not end a sentence ("Job No. 2231", "St. Louis", "J. Smith").
_NO_BREAK_AFTER = frozenset(
    {"no", "nos", "st", "ave", "rd", "blvd", "ste", "dr", "mr", "mrs", "ms", "jr", "sr", "dept", "bldg",
     "fl", "mt", "ft", "vs", "etc", "approx", "e.g", "i.e", "u.s", "p.o", "n", "s", "e", "w"}
)  # fmt: skip
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.\s*$")

# -- negation ---------------------------------------------------------------------------------------
_BENIGN_QUALIFIERS = re.compile(
    r"\b(?:except|unless|where|when|if|as|to\s+the\s+extent)\s+(?:\w+\s+){0,3}?"
    r"(?:prohibited|permitted|allowed|required)\s+(?:by|under)\s+(?:applicable\s+)?(?:law|statute)s?\b"
)
_NEGATION = re.compile(
    r"\b(?:not|never|none|neither|nor|without|cannot|excludes?|excluded|excluding|exclusion|except)\b"
    r"|n[’']t\b|\bno\s+(?=[a-z])"
)

# -- features (on lower-cased clauses) ---------------------------------------------------------------
_AI_TERM = re.compile(r"\badd(?:itional(?:ly)?|['’]?l\.?|tl\.?)\s+ins(?:ured|d)\.?s?\b")
_AI_ABBREVIATION = re.compile(r"\bAIs?\b")  # case-sensitive: "Blanket AI per CG 20 10"
_BLANKET = re.compile(
    r"\bblanket\b|\bautomatic\b"
    r"|\b(?:as|where|when|if)\s+(?:may\s+be\s+)?required\s+(?:by|in|under)\s+(?:a\s+|the\s+|any\s+|their\s+)?"
    r"(?:written\s+)?(?:contracts?|agreements?|subcontracts?)\b"
    r"|\bwritten\s+(?:contracts?|agreements?)\b"
)
_CERTIFICATE_HOLDER = re.compile(r"\bcert(?:ificate|\.)?\s*holders?\b")
_WAIVER = re.compile(
    r"\bwaiver\s+of\s+(?:all\s+)?(?:(?:rights?|right\s+of\s+recovery)\s+of\s+)?(?:subrogation|subro)\b"
    r"|\bwaive[sd]?\s+(?:all\s+|its\s+|their\s+|any\s+)?(?:rights?\s+(?:of|to)\s+)?subrogation\b"
    r"|\bsubrogation\s+(?:is\s+|are\s+|has\s+been\s+|shall\s+be\s+)?waived\b"
    r"|\bwaiver\s+of\s+(?:our\s+)?right\s+to\s+recover\b|\bwos\b"
)
_PRIMARY_NONCONTRIBUTORY = re.compile(
    r"\bprimary\b[\s,&/\-]*(?:and\s+|&\s*)?(?:basis\s+and\s+)?non[\s\-]?contributory\b"
    r"|\bp\s*&\s*nc\b|\bpnc\b"
)
_PRODUCTS_COMPLETED = re.compile(r"\bproducts?\s*(?:[-/&]|and)?\s*completed\s+op\w*(?:\s+agg\w*)?")
_COMPLETED_OPERATIONS = re.compile(r"\bcompleted\s+op(?:eration)?s?\b")
_ONGOING_AND_COMPLETED = re.compile(r"\bongoing\s*(?:and|&|/|,)\s*completed\b")
_PER_PROJECT = re.compile(
    r"\bper[\s\-]+project\b|\bproject\s+(?:specific\s+)?aggregate\b|\bdesignated\s+construction\s+projects?\b"
)
_AGGREGATE = re.compile(r"\baggregate\b")

_COVERAGE_TERMS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\bgeneral\s+liability\b|\bc?gl\b|\bcommercial\s+general\b"), ("general_liability",)),
    (re.compile(r"\bauto(?:mobile)?s?\b|\bbusiness\s+auto\b"), ("auto_liability",)),
    (re.compile(r"\bumbrella\b|\bexcess\b"), ("umbrella", "excess")),
    (
        re.compile(r"\bworkers['’]?\s*comp\w*|\bwork\s+comp\b|\bw/?c\b|\bemployers['’]?\s+liability\b"),
        ("workers_comp",),
    ),
    (
        re.compile(r"\bprofessional\b|\bpollution\b|\berrors\s+(?:and|&)\s+omissions\b|\be\s*&\s*o\b"),
        ("other",),
    ),
)

# Form citations: "CG 20 10 04 13", "CG2038", "WC 00 03 13", "CA 04 44".
_FORM = re.compile(
    r"\b(CG|CA|CU|CX|IL|CP|WC)\s*[-‐]?\s*(\d{2})\s*[-‐]?\s*(\d{2})(?:\s*[-‐]?\s*(\d{2}))?", re.I
)


def normalise_form(text: str) -> str:
    """Canonical form number: "cg2010" -> "CG 20 10"; WC forms keep three pairs ("WC 00 03 13")."""
    match = _FORM.search(text)
    if match is None:
        return " ".join(text.upper().split())
    prefix, first, second, third = match.groups()
    prefix = prefix.upper()
    if prefix == "WC" and third:
        return f"WC {first} {second} {third}"
    return f"{prefix} {first} {second}"


def _forms_in(text: str) -> set[str]:
    found = set()
    for match in _FORM.finditer(text):
        prefix, first, second, third = match.groups()
        prefix = prefix.upper()
        found.add(
            f"WC {first} {second} {third}" if prefix == "WC" and third else f"{prefix} {first} {second}"
        )
    return found


def split_clauses(text: str) -> list[str]:
    """Clauses of a description; periods after abbreviations ("No.", "St.") do not split."""
    pieces: list[str] = []
    start = 0
    for match in _BREAKS.finditer(text):
        before = text[start : match.start()]
        if match.group("soft") is not None and not _ends_sentence(before):
            continue
        pieces.append(before)
        start = match.end()
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _ends_sentence(before: str) -> bool:
    last = _LAST_WORD.search(before)
    if last is None:
        return True
    word = last.group(1).lower().rstrip(".")
    return word not in _NO_BREAK_AFTER and not (len(word) == 1 and word.isalpha())


def _scopes(lowered: str) -> frozenset[str]:
    named = [kind for pattern, kinds in _COVERAGE_TERMS if pattern.search(lowered) for kind in kinds]
    return frozenset(named) if named else frozenset({_ALL})


@dataclass(slots=True)
class DescriptionFacts:
    """Evidence read from the description of operations (only from clauses without negation)."""

    blanket_additional_insured: bool = False
    certificate_holder_is_additional_insured: bool = False
    completed_operations: bool = False
    per_project_aggregate: bool = False
    waiver_scopes: set[str] = field(default_factory=set)
    primary_noncontributory_scopes: set[str] = field(default_factory=set)
    positive_forms: set[str] = field(default_factory=set)
    negated_forms: set[str] = field(default_factory=set)
    # Space-padded token strings of the clauses without negation, for whole-word name search.
    positive_text: str = " "

    def waiver_for(self, coverage: str) -> bool:
        return _ALL in self.waiver_scopes or coverage in self.waiver_scopes

    def primary_noncontributory_for(self, coverage: str) -> bool:
        return _ALL in self.primary_noncontributory_scopes or coverage in self.primary_noncontributory_scopes

    def names(self, name: str) -> bool:
        """True when the name's core ("summit builders") appears in a clause without negation."""
        core = normalise_name(name)
        return bool(core) and f" {core} " in self.positive_text


def read_description(text: str | None) -> DescriptionFacts:
    facts = DescriptionFacts()
    if not text:
        return facts
    positive_tokens: list[str] = []
    for clause in split_clauses(text):
        lowered = clause.lower()
        forms = _forms_in(clause)
        if _NEGATION.search(_BENIGN_QUALIFIERS.sub(" ", lowered)):
            facts.negated_forms |= forms
            continue
        facts.positive_forms |= forms
        positive_tokens.extend(token for token in name_tokens(clause) if token != "the")  # noqa: S105
        positive_tokens.append("|")  # names never run across clauses
        mentions_ai = bool(_AI_TERM.search(lowered) or _AI_ABBREVIATION.search(clause))
        if mentions_ai and _BLANKET.search(lowered):
            facts.blanket_additional_insured = True
        if mentions_ai and _CERTIFICATE_HOLDER.search(lowered):
            facts.certificate_holder_is_additional_insured = True
        if _WAIVER.search(lowered):
            facts.waiver_scopes |= _scopes(lowered)
        if _PRIMARY_NONCONTRIBUTORY.search(lowered):
            facts.primary_noncontributory_scopes |= _scopes(lowered)
        without_products = _PRODUCTS_COMPLETED.sub(" ", lowered)
        if _COMPLETED_OPERATIONS.search(without_products) and (
            mentions_ai or _ONGOING_AND_COMPLETED.search(without_products)
        ):
            facts.completed_operations = True
        if _PER_PROJECT.search(lowered) and _AGGREGATE.search(lowered):
            facts.per_project_aggregate = True
    facts.positive_text = " " + " ".join(positive_tokens) + " "
    return facts


@dataclass(slots=True)
class EndorsementFacts:
    """Forms in evidence: attached pages count always; a citation counts unless only negated."""

    attached: set[str] = field(default_factory=set)
    in_evidence: set[str] = field(default_factory=set)
    scheduled_names: list[str] = field(default_factory=list)

    def any_of(self, forms: frozenset[str]) -> bool:
        return not self.in_evidence.isdisjoint(forms)

    def any_attached(self, forms: frozenset[str]) -> bool:
        return not self.attached.isdisjoint(forms)


AI_FORMS_WITH_SCHEDULE = frozenset({"CG 20 10", "CG 20 26", "CG 20 37", "CA 20 48"})


def read_endorsements(certificate: Certificate, description: DescriptionFacts) -> EndorsementFacts:
    facts = EndorsementFacts()
    only_negated = description.negated_forms - description.positive_forms
    for endorsement in certificate.endorsements:
        form = normalise_form(endorsement.form)
        if endorsement.page is not None:
            facts.attached.add(form)
            facts.in_evidence.add(form)
            schedule = getattr(endorsement, "schedule", None)
            if form in AI_FORMS_WITH_SCHEDULE and isinstance(schedule, list):
                facts.scheduled_names.extend(str(name) for name in schedule if name)
        elif form not in only_negated:
            facts.in_evidence.add(form)
    facts.in_evidence |= description.positive_forms
    return facts
