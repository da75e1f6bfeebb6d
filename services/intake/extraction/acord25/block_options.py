"""The options marked in a coverage block: claims-made or occurrence, the aggregate's basis, the
auto types, PER STATUTE or OTH-ER and officers excluded, with the fallbacks for their 5 pt labels
that OCR loses or garbles.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from services.intake.extraction.acord25.auto_types import marked_auto_types
from services.intake.extraction.acord25.marks import _officers_excluded
from services.intake.extraction.acord25.reader import (
    AUTO_LIMITS,
    GL_LIMITS,
    UMB_LIMITS,
    WC_LIMITS,
    _Grid,
    _Reader,
)
from services.intake.extraction.textgeom import Match, token
from services.intake.extraction.values import is_mark

# An umbrella row's coverage where neither its UMBRELLA LIAB nor its EXCESS LIAB box was read
# marked: under review_paths.REVIEW_THRESHOLD.
COVERAGE_BY_DEFAULT = 0.45


def block_options(
    r: _Reader, key: str, grid: _Grid, extent: tuple[float, float], path: str
) -> tuple[str, tuple[tuple[str, str], ...], dict[str, object]]:
    """A block's coverage, its limit labels and the options marked in it (claims-made, aggregate
    per, auto types, per statute, officers excluded)."""
    top, bottom = extent
    type_region = (grid.type_left, top, grid.type_right, bottom)
    limits_region = (grid.limits_left, top, 1.0, bottom)
    policy_kw: dict[str, object] = {}
    if key == "gl":
        policy_kw["claims_made"] = _claims_made(r, type_region)
        policy_kw["aggregate_applies_per"] = _aggregate_per(r, type_region)
        return "general_liability", GL_LIMITS, policy_kw
    if key == "auto":
        policy_kw["auto_types"] = marked_auto_types(r, grid, type_region, path)
        return "auto_liability", AUTO_LIMITS, policy_kw
    if key == "umb":
        excess = r.option_marked(("EXCESS LIAB",), type_region)
        umbrella = r.option_marked(("UMBRELLA LIAB",), type_region)
        policy_kw["claims_made"] = _claims_made(r, type_region)
        if bool(excess) == bool(umbrella):
            # Neither mark read (or both): the row is taken for an umbrella by default.
            r.conf[f"{path}.coverage"] = COVERAGE_BY_DEFAULT
        return ("excess" if excess and not umbrella else "umbrella"), UMB_LIMITS, policy_kw
    if key == "wc":
        # The stacked `PER` over `STATUTE`: OCR can lose either 5 pt word; a mark before the other counts.
        statute = r.option_marked(("PER STATUTE",), limits_region) or _misread_option_marked(
            r, limits_region, STATUTE_AS_READ
        )
        other = r.option_marked(("OTH-ER", "OTH-", "OTHER"), limits_region) or _misread_option_marked(
            r, limits_region, r"OTH\w{0,2}"
        )
        policy_kw["per_statute"] = (
            True if statute else (False if other else _statute_mark_by_place(r, limits_region))
        )
        policy_kw["officers_excluded"] = _officers_excluded(r, grid, top, bottom, path)
        return "workers_comp", WC_LIMITS, policy_kw
    return "other", (), policy_kw


def _claims_made(r: _Reader, type_region: tuple[float, float, float, float]) -> bool | None:
    claims = r.option_marked(("CLAIMS-MADE", "CLAIMS MADE"), type_region)
    occur = r.option_marked(("OCCUR",), type_region)
    return True if claims else (False if occur else None)


def _aggregate_per(r: _Reader, type_region: tuple[float, float, float, float]) -> str | None:
    for value, phrases in (
        ("policy", ("POLICY",)),
        ("project", ("PRO-JECT", "PRO-", "PROJECT", "JECT")),  # JECT: the second line of PRO- / JECT
        ("location", ("LOC",)),
    ):
        if r.option_marked(phrases, type_region):
            return value
    if _misread_option_marked(r, type_region, r"[BFP]R[O0Q](JECT)?"):
        return "project"  # `BRO-`, `FRO-`: the P of PRO-JECT misread after its box
    loc = next(iter(r.page.find("LOC", region=type_region, fuzzy=False)), None)  # `Loc` in a photo
    policy = r.label("POLICY", region=type_region, fuzzy=False)
    if policy is None and (policy := _policy_a_letter_off(r, type_region, loc)) and r.mark_left_of(policy):
        return "policy"  # `X pouicy`: the mark before POLICY read a letter off
    return "project" if _mark_between_policy_and_loc(r, policy, loc) else None


def _policy_a_letter_off(
    r: _Reader, type_region: tuple[float, float, float, float], loc: Match | None
) -> Match | None:
    """POLICY read one letter off (`pouicy`) on LOC's line before it."""
    if loc is None:
        return None
    return next(
        (
            Match((w,))
            for w in r.page.words_in(*type_region)
            if abs(w.box.center_y - loc.center_y) < r.h
            and w.box.right < loc.left
            and SequenceMatcher(None, token(w.text), "POLICY").ratio() >= _ONE_LETTER_OFF
        ),
        None,
    )


_ONE_LETTER_OFF = 0.8  # SequenceMatcher's ratio of a six-letter word with one letter misread


def _mark_between_policy_and_loc(r: _Reader, policy: Match | None, loc: Match | None) -> bool:
    """PRO-JECT's 5 pt stacked label garbled (`Sect`): its box is the one just after POLICY, in the
    first half of the way to LOC (LOC's own box sits right before LOC)."""
    if policy is None or loc is None or abs(policy.center_y - loc.center_y) > r.h or loc.left <= policy.right:
        return False
    middle = policy.right + (loc.left - policy.right) / 2
    return any(
        is_mark(w.text) and policy.right <= w.box.center_x < middle
        for w in r.page.words_in(policy.right, policy.top - r.h, loc.left, policy.bottom + r.h)
    )


# PER STATUTE with one of its stacked words lost, or both read as one.
STATUTE_AS_READ = r"PER(STAT\w*)?|STATUTE?"


def _statute_mark_by_place(r: _Reader, limits_region: tuple[float, float, float, float]) -> bool | None:
    """PER STATUTE or OTH-ER told by where the one mark sits when OCR garbled both 5 pt stacked
    labels (`EE Rrure`, `er`): on the row above E.L. EACH ACCIDENT, PER STATUTE's box opens the
    limits column and OTH-ER's sits past the middle of the label."""
    each_accident = r.label("E.L. EACH ACCIDENT", region=limits_region)
    if each_accident is None:
        return None
    marks = [
        w
        for w in r.page.words_in(
            limits_region[0], each_accident.top - r.h * 4, limits_region[2], each_accident.top
        )
        if is_mark(w.text)
    ]
    if len(marks) != 1:
        return None
    return marks[0].box.center_x < (each_accident.left + each_accident.right) / 2


def _misread_option_marked(r: _Reader, region: tuple[float, float, float, float], pattern: str) -> bool:
    """An option whose short label OCR misreads (`OTHS` for OTH-ER, `BRO-` for PRO-JECT): a mark
    just before a word whose letters match `pattern`."""
    for word in r.page.words_in(*region):
        if re.fullmatch(pattern, token(word.text)) and r.mark_left_of(Match((word,))):
            return True
    return False
