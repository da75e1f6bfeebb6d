"""What the description of operations and the endorsement list say, read once per certificate.

The description is cut into clauses (sentences, `;`, line breaks, ", but ..."). A clause that
contains a negation ("does NOT apply", "not included as additional insured", "excluding ...")
never counts as evidence for anything, and a name mentioned only in negated clauses is not
"named". This errs towards raising a deficiency a reviewer can clear, never towards hiding one.
Benign legal qualifiers ("where not prohibited by law", "except where required by law") are
ignored by the negation test so they do not void an otherwise positive clause.

Speed: each pattern runs once over the whole lower-cased description and its matches are given to
clauses by offset. Patterns start with a literal, not with `\b` (a leading `\b` disables the
regex engine's literal-prefix scan and costs ~20x); the word boundary before a match is checked in
Python instead. A keyword pre-check skips patterns whose words are absent.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from shared.contracts.certificate import Certificate
from shared.contracts.names import name_tokens, normalise_name

_ALL = "*"  # a clause that names no coverage speaks for every coverage

# -- clause splitting -------------------------------------------------------------------------------
# Hard breaks always split; a sentence end (". " before a capital or digit) splits unless the
# word before the period is an abbreviation. The period stays with its clause.
_BREAKS = re.compile(r"[;\n\r]+|,\s*(?=[Bb]ut\b|[Hh]owever\b)|[.!?]\s+(?=[A-Z0-9\"'(])")
# Abbreviations whose period does not end a sentence ("Job No. 2231", "St. Louis", "J. Smith").
_NO_BREAK_AFTER = frozenset(
    {"no", "nos", "st", "ave", "rd", "blvd", "ste", "dr", "mr", "mrs", "ms", "jr", "sr", "dept", "bldg",
     "fl", "mt", "ft", "vs", "etc", "approx", "e.g", "i.e", "u.s", "p.o"}
)  # fmt: skip

# -- negation (on lower-cased text) -----------------------------------------------------------------
# "... prohibited by law" is found first (rare words, fast), then the qualifier that opens it
# ("except where", "unless", "where not", "to the extent") is looked for just before it.
_BY_LAW = re.compile(
    r"(?:prohibited|permitted|allowed|required)\s+(?:by|under)\s+(?:applicable\s+)?(?:law|statute)s?\b"
)
_QUALIFIER_OPENING = re.compile(r"\b(?:except|unless|where|when|if|as|to\s+the\s+extent)\s+(?:\w+\s+){0,3}$")
# Alternatives share their first letters ("n(?:ot|ever|...)"): the engine then tests far fewer
# starting positions (about 3x faster than the flat list of words).
_NEGATION_WORDS = re.compile(
    r"n(?:ot|ever|one|either|or|o\s+(?=[a-z]))\b|without\b|cannot\b|exclu(?:des?|ded|ding|sion)\b|except\b"
)
_CONTRACTED_NOT = re.compile(r"n['’]t\b")  # "doesn't": inside a word, no boundary before it

# -- features (on lower-cased text) -----------------------------------------------------------------
_FORM = re.compile(r"(c[gauxp]|il|wc)\s*[-‐]?\s*(\d{2})\s*[-‐]?\s*(\d{2})(?:\s*[-‐]?\s*(\d{2}))?")
# name -> (keywords of which one must occur, pattern)
_FEATURES: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (name, keywords, re.compile(pattern))
    for name, keywords, pattern in (
        ("products", ("product",), r"products?\s*(?:[-/&]|and)?\s*completed\s+op\w*(?:\s+agg\w*)?"),
        ("ongoing_completed", ("ongoing",), r"ongoing\s*(?:and|&|/|,)\s*completed\s+op\w*"),
        ("completed", ("completed",), r"completed\s+op(?:eration)?s?\b"),
        ("ai", ("ins",), r"add(?:itional(?:ly)?|['’]?l\.?|tl\.?)\s+ins(?:ured|d)\.?s?\b"),
        (
            "blanket",
            ("blanket", "automatic", "contract", "agreement"),
            r"blanket\b|automatic\b"
            r"|required\s+(?:by|in|under)\s+"
            r"(?:a\s+|the\s+|any\s+|their\s+)?(?:written\s+)?(?:contracts?|agreements?|subcontracts?)\b"
            r"|written\s+(?:contracts?|agreements?)\b",
        ),
        ("holder", ("holder",), r"cert(?:ificate|\.)?\s*holders?\b"),
        (
            "waiver",
            ("subro", "waive", "wos", "recover"),
            r"waive(?:r\s+of\s+(?:all\s+)?(?:(?:rights?|right\s+of\s+recovery)\s+of\s+)?(?:subrogation|subro)\b"
            r"|r\s+of\s+(?:our\s+)?right\s+to\s+recover\b"
            r"|[sd]?\s+(?:all\s+|its\s+|their\s+|any\s+)?(?:rights?\s+(?:of|to)\s+)?subrogation\b)"
            r"|subrogation\s+(?:is\s+|are\s+|has\s+been\s+|shall\s+be\s+)?waived\b|wos\b",
        ),
        (
            "pnc",
            ("contributory", "nc"),
            r"p(?:rimary\b[\s,&/\-]*(?:and\s+|&\s*)?(?:basis\s+and\s+)?non[\s\-]?contributory\b|\s*&\s*nc\b|nc\b)",
        ),
        (
            "project_aggregate",
            ("project",),
            r"project\s+(?:specific\s+)?aggregate\b|designated\s+construction\s+projects?\b",
        ),
        ("per_project", ("project",), r"per[\s\-]+project\b"),
        ("aggregate", ("aggregate",), r"aggregate\b"),
        (
            "general_liability",
            ("general", "gl"),
            r"general\s+liability\b|c(?:gl\b|ommercial\s+general\b)|gl\b",
        ),
        ("auto_liability", ("auto",), r"auto(?:mobile)?s?\b|business\s+auto\b"),
        ("umbrella", ("umbrella", "excess"), r"umbrella\b|excess\b"),
        (
            "workers_comp",
            ("comp", "wc", "w/c", "employer"),
            r"w(?:orkers['’]?\s*comp\w*|ork\s+comp\b|/?c\b)|employers['’]?\s+liability\b",
        ),
        (
            "other",
            ("professional", "pollution", "omission", "e&o", "e & o"),
            r"p(?:rofessional|ollution)\b|e(?:rrors\s+(?:and|&)\s+omissions\b|\s*&\s*o\b)",
        ),
    )
)
_AI_ABBREVIATION = re.compile(r"AIs?\b")  # on the original text: "Blanket AI per CG 20 10"
_SCOPE_KINDS: dict[str, tuple[str, ...]] = {
    "general_liability": ("general_liability",),
    "auto_liability": ("auto_liability",),
    "umbrella": ("umbrella", "excess"),
    "workers_comp": ("workers_comp",),
    "other": ("other",),
}
_CLAUSE_BREAK_TOKEN = "qqclausebreakqq"  # noqa: S105 - keeps a name from matching across two clauses


def _lowered(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters grow when lower-cased ("İ"); keep offsets aligned with the original.
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _word_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches that start a word (the `\b` the pattern leaves out for speed)."""
    for match in pattern.finditer(text):
        start = match.start()
        if start == 0 or not text[start - 1].isalnum():
            yield match


def _form_number(match: re.Match[str]) -> str:
    prefix, first, second, third = match.groups()
    prefix = prefix.upper()
    if prefix == "WC" and third:
        return f"WC {first} {second} {third}"
    return f"{prefix} {first} {second}"


@lru_cache(maxsize=1024)
def normalise_form(text: str) -> str:
    """Canonical form number: "cg2010" -> "CG 20 10"; WC forms keep three pairs ("WC 00 03 13")."""
    match = next(_word_matches(_FORM, text.lower()), None)
    return _form_number(match) if match is not None else " ".join(text.upper().split())


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the clauses; periods after abbreviations ("No.", "St.") do not split."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BREAKS.finditer(text):
        if text[match.start()] in ".!?":
            if not _ends_sentence(text[max(start, match.start() - 40) : match.start()]):
                continue
            spans.append((start, match.start() + 1))
        else:
            spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def split_clauses(text: str) -> list[str]:
    return [piece for start, end in clause_spans(text) if (piece := text[start:end].strip())]


def _ends_sentence(before: str) -> bool:
    """Whether a period after `before` ends a sentence (not "No.", "St.", "J.", "e.g.")."""
    words = before.split()
    if not words:
        return True
    word = words[-1].lower().rstrip(".")
    if not word or not word[0].isalpha():
        return True
    return word not in _NO_BREAK_AFTER and not (len(word) == 1 and word.isalpha())


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
    positive_clauses: list[str] = field(default_factory=list)
    _positive_text: str | None = None

    def waiver_for(self, coverage: str) -> bool:
        return _ALL in self.waiver_scopes or coverage in self.waiver_scopes

    def primary_noncontributory_for(self, coverage: str) -> bool:
        return _ALL in self.primary_noncontributory_scopes or coverage in self.primary_noncontributory_scopes

    @property
    def positive_text(self) -> str:
        """Space-padded tokens of the clauses without negation (built on first use)."""
        if self._positive_text is None:
            tokens = name_tokens(f" {_CLAUSE_BREAK_TOKEN} ".join(self.positive_clauses))
            self._positive_text = " " + " ".join(token for token in tokens if token != "the") + " "  # noqa: S105
        return self._positive_text

    def names(self, name: str) -> bool:
        """True when the name's core ("summit builders") appears in a clause without negation."""
        core = normalise_name(name)
        return bool(core) and f" {core} " in self.positive_text


def _negated_clauses(lowered: str, starts: list[int]) -> set[int]:
    benign: list[tuple[int, int]] = []
    if "law" in lowered or "statute" in lowered:
        for match in _BY_LAW.finditer(lowered):
            window = max(0, match.start() - 60)
            opening = _QUALIFIER_OPENING.search(lowered, window, match.start())
            if opening is not None:
                benign.append((opening.start(), match.end()))
    negated: set[int] = set()
    positions = [match.start() for match in _word_matches(_NEGATION_WORDS, lowered)]
    if "n'" in lowered or "n’" in lowered:
        positions += [match.start() for match in _CONTRACTED_NOT.finditer(lowered)]
    for position in positions:
        if not any(start <= position < end for start, end in benign):
            negated.add(bisect_right(starts, position) - 1)
    return negated


def _clause_features(
    text: str, lowered: str, starts: list[int]
) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """Clause index -> the features found in it, and clause index -> the forms cited in it."""
    found: dict[int, set[str]] = {}
    forms: dict[int, set[str]] = {}
    for match in _word_matches(_FORM, lowered):
        clause = bisect_right(starts, match.start()) - 1
        form = _form_number(match)
        forms.setdefault(clause, set()).add(form)
        if form.startswith("WC"):
            found.setdefault(clause, set()).add("workers_comp")
    products: list[tuple[int, int]] = []
    for name, keywords, pattern in _FEATURES:
        for keyword in keywords:  # a plain loop: any() with a generator costs more than the check
            if keyword in lowered:
                break
        else:
            continue
        for match in pattern.finditer(lowered):
            position = match.start()
            if position and lowered[position - 1].isalnum():
                continue  # not at the start of a word (see _word_matches)
            if name == "products":
                products.append(match.span())
                continue
            # "completed operations" inside "products-completed operations aggregate" is a limit.
            if name == "completed" and any(start <= position < end for start, end in products):
                continue
            found.setdefault(bisect_right(starts, position) - 1, set()).add(name)
    if "AI" in text:
        for match in _word_matches(_AI_ABBREVIATION, text):
            found.setdefault(bisect_right(starts, match.start()) - 1, set()).add("ai")
    return found, forms


def read_description(text: str | None) -> DescriptionFacts:
    facts = DescriptionFacts()
    if not text:
        return facts
    lowered = _lowered(text)
    spans = clause_spans(text)
    starts = [start for start, _ in spans]
    negated = _negated_clauses(lowered, starts)

    found, forms = _clause_features(text, lowered, starts)

    for index, (start, end) in enumerate(spans):
        if index in negated:
            facts.negated_forms |= forms.get(index, set())
            continue
        facts.positive_clauses.append(text[start:end])
        facts.positive_forms |= forms.get(index, set())
        features = found.get(index)
        if features:
            _read_clause(facts, features)
    return facts


def _read_clause(facts: DescriptionFacts, features: set[str]) -> None:
    mentions_ai = "ai" in features
    if mentions_ai and "blanket" in features:
        facts.blanket_additional_insured = True
    if mentions_ai and "holder" in features:
        facts.certificate_holder_is_additional_insured = True
    if "waiver" in features or "pnc" in features:
        scopes = {kind for name in features if name in _SCOPE_KINDS for kind in _SCOPE_KINDS[name]} or {_ALL}
        if "waiver" in features:
            facts.waiver_scopes |= scopes
        if "pnc" in features:
            facts.primary_noncontributory_scopes |= scopes
    # The contract asks for "completed-operations wording": any mention counts (on a certificate's
    # description it is the additional-insured extension), except the products-completed
    # operations aggregate limit, which is skipped above.
    if "ongoing_completed" in features or "completed" in features:
        facts.completed_operations = True
    if "project_aggregate" in features or ("per_project" in features and "aggregate" in features):
        facts.per_project_aggregate = True


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
            schedule = (endorsement.model_extra or {}).get("schedule")
            if form in AI_FORMS_WITH_SCHEDULE and isinstance(schedule, list):
                facts.scheduled_names.extend(str(name) for name in schedule if name)
        elif form not in only_negated:
            facts.in_evidence.add(form)
    facts.in_evidence |= description.positive_forms
    return facts
