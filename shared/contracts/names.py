"""Name normalisation shared by the rules engine and the carrier table.

Two names "match" when they are equal after ignoring case, punctuation, the word "The" and
trailing legal suffixes (LLC, Inc, Co, Corp, Ltd, LP, LLP, Company, Corporation, Incorporated).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Periods and apostrophes join ("L.L.C." -> "llc", "Rivera's" -> "riveras"); other punctuation splits.
_JOINING = re.compile(r"[.'’`]")
_SPLITTING = re.compile(r"[^a-z0-9&]+")
# Spelled-out forms are folded so "Company of America" and "Co of America" agree anywhere in a name.
_CANONICAL_TOKENS = {
    "company": "co",
    "corporation": "corp",
    "incorporated": "inc",
    "limited": "ltd",
    "&": "and",
}
LEGAL_SUFFIXES = frozenset({"llc", "inc", "co", "corp", "ltd", "lp", "llp", "pllc", "plc"})
# The legal suffixes spelt out (`Company`, `Corporation`, ...), as folded above.
SPELT_SUFFIXES = frozenset(word for word in _CANONICAL_TOKENS if word.isalpha())
_IGNORED_WORDS = frozenset({"the"})


def name_tokens(text: str) -> list[str]:
    """Lowercased word tokens with punctuation handled and legal words folded (no suffix removal)."""
    lowered = _JOINING.sub("", text.lower()).replace("&", " & ")
    return [_CANONICAL_TOKENS.get(token, token) for token in _SPLITTING.split(lowered) if token]


def ends_in_a_legal_suffix(name: str) -> bool:
    """Whether a name's last word is a legal suffix, short or spelt out (`LLC`, `L.L.C.`, `Company`)."""
    tokens = name_tokens(name)
    return bool(tokens) and tokens[-1] in LEGAL_SUFFIXES


@lru_cache(maxsize=8192)
def normalise_name(name: str | None) -> str:
    """The comparable core of a party name: "The Summit Builders, Inc." -> "summit builders"."""
    if not name:
        return ""
    tokens = [token for token in name_tokens(name) if token not in _IGNORED_WORDS]
    while len(tokens) > 1 and tokens[-1] in LEGAL_SUFFIXES:
        tokens.pop()
    return " ".join(tokens)


def names_match(left: str | None, right: str | None) -> bool:
    core = normalise_name(left)
    return bool(core) and core == normalise_name(right)
