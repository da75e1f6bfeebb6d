"""Party-name matching for the rules: case, punctuation, "The" and legal suffixes are ignored.

The normaliser lives in `shared.contracts.names` because the carrier table (in `shared/`) uses it
too; this module is the rules' view of it.
"""

from __future__ import annotations

import re

from shared.contracts.names import LEGAL_SUFFIXES, name_tokens, names_match, normalise_name

__all__ = ["LEGAL_SUFFIXES", "label_matches", "name_tokens", "names_match", "normalise_name"]

# Words that say nothing about which `other` coverage a label means.
_GENERIC_LABEL_WORDS = frozenset(
    {"liability", "insurance", "coverage", "policy", "liab", "ins", "and", "the"}
)
_LABEL_SYNONYMS = (
    (re.compile(r"\berrors?\s*(?:and|&)\s*omissions?\b|\be\s*&\s*o\b|\beo\b"), "professional"),
    (re.compile(r"\bcpl\b"), "contractors pollution"),
    (re.compile(r"\bpro\b|\bprof\b"), "professional"),
)


def _label_words(label: str) -> frozenset[str]:
    lowered = label.lower()
    for pattern, replacement in _LABEL_SYNONYMS:
        lowered = pattern.sub(replacement, lowered)
    return frozenset(token for token in name_tokens(lowered) if token not in _GENERIC_LABEL_WORDS)


def label_matches(required: str | None, printed: str | None) -> bool:
    """Does the printed `other` label cover the required one?

    Every meaningful word of the requirement must be printed: "Pollution Liability" matches
    "Contractors Pollution Liability" (a narrower printed name of the same line), but
    "Contractors Pollution Liability" is not met by a plain "Pollution" row, and "Professional"
    never matches "Pollution". A requirement without a label accepts any `other` policy.
    """
    if not required:
        return True
    if not printed:
        return False
    wanted = _label_words(required)
    return bool(wanted) and wanted <= _label_words(printed)
