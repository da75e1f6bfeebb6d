"""Answers printed as marks: the `Y / N` officers-excluded box of the workers' compensation row."""

from __future__ import annotations

import re

from services.intake.extraction.acord25.reader import _Grid, _holds, _Reader
from services.intake.extraction.ir import Word
from services.intake.extraction.textgeom import Match, group_lines
from services.intake.extraction.values import strip_rules, yes_no


def _mark_value(text: str) -> bool | None:
    cleaned = strip_rules(text).upper()
    if len(cleaned) == 2 and cleaned[0] in "IL1(" and cleaned[1] in "YNX":
        cleaned = cleaned[1:]  # the box's or column's left edge read as a letter: `lY`, `IN`, `Ix`
    value = yes_no(cleaned)
    if value is not None or not cleaned:
        return value
    return yes_no(cleaned[0]) if len(cleaned) <= 2 else None


def _yes_no_label(r: _Reader, region: tuple[float, float, float, float]) -> Match | None:
    """The printed "Y / N" above the officers-excluded box (the slash must be there)."""
    words = sorted(r.page.words_in(*region), key=lambda w: (round(w.box.center_y, 3), w.box.left))
    for line in group_lines(words):
        texts = [w.text.strip().upper() for w in line.words]
        for i, text in enumerate(texts):
            if text in ("Y/N", "Y/ N", "Y /N", "YIN", "Y/IN", "Y|N", "Y1N", "YN"):
                return Match((line.words[i],))
            if text == "Y" and texts[i + 1 : i + 3] == ["/", "N"]:
                return Match(tuple(line.words[i : i + 3]))
            if text in ("Y/", "Y /") and texts[i + 1 : i + 2] == ["N"]:
                return Match(tuple(line.words[i : i + 2]))
            if text == "Y" and i + 1 < len(texts) and _SLASH_N.fullmatch(texts[i + 1]):
                return Match(tuple(line.words[i : i + 2]))  # `Y` `ZN`: the slash read as a letter
    return None


_SLASH_N = re.compile(r"[/|\\IZ1L]N")


def _officers_excluded(
    r: _Reader, grid: _Grid, top: float, bottom: float, path: str | None = None
) -> bool | None:
    region = (grid.type_left, top, grid.officers_right, bottom)
    label = _yes_no_label(r, region)
    excluded = r.label("EXCLUDED?", region=region) or _glued_excluded(r, region)
    question = r.label("ANY PROPRIETOR", region=region)  # its first line; the box stands level with it
    candidates: list[tuple[float, bool, Word]] = []
    faint_print: set[int] = set()  # answers read from the first glyph of unsure print (`Nee`)
    reach = (label.right - label.left) if label is not None else 0.0
    for word in r.page.words_in(region[0], top, region[2] + reach, bottom):
        if label is not None and _holds(label.words, word):
            continue
        stripped = strip_rules(word.text)
        cleaned = stripped.upper()
        if len(cleaned) == 2 and cleaned[0] in "IL1(" and stripped[1:] in ("Y", "y", "N"):
            # the box's left edge read as a letter: `IN`, `ly` (a small `n` is the label's own word
            # `in`, of `(Mandatory in NH)`, which no answer is read as)
            cleaned = cleaned[1:]
        in_column = word.box.center_x <= region[2]
        value = (
            _mark_value(cleaned) if in_column and cleaned[:1] in ("Y", "N") and len(cleaned) <= 2 else None
        )
        if set(cleaned) == {"Y", "N"} or (len(cleaned) > 1 and word.glyph in ("Y", "N")):
            # `ny`: both answers in one glyph's reading; `ne` for a serif Y: one glyph read as two
            # letters. Its shape tells which.
            value = None
        if value is None and in_column and word.glyph in ("Y", "N") and len(cleaned) <= 2:
            value = word.glyph == "Y"  # OCR's text for the one glyph is no answer (`a`), its shape is
        printed = re.sub(r"[^A-Za-z0-9/]", "", word.text)
        if (
            value is None
            and label is not None
            and printed[:1] in ("Y", "N")  # a capital, as printed in the box: not `nary`
            and not re.match(f"^N[{_SLASH_READINGS}]A", printed)  # the box's own `N/A`, its slash misread
            and label.left - r.h <= word.box.left <= label.center_x
        ):
            # The answer glued to the next column's print (`N.ON/A`): the word starts in the box.
            # Unsure print (`Nee` at 0.26 for an empty box's two rules) is listed.
            value = printed[0] == "Y"
            if word.confidence < _FAINT_PRINT:
                faint_print.add(id(word))
        if value is None:
            continue
        if label is not None:
            if word.box.top < label.bottom - r.h * 0.2 or abs(word.box.center_x - label.center_x) > r.h * 4:
                continue
        elif (
            excluded is None
            or word.box.left < excluded.right
            or _above_printed_na(r, grid, word, region)
            # the label's `N` (its `Y /` lost) stands over the box, above the question's first line
            or (question is not None and word.box.center_y < question.top + r.h * 0.4)
        ):
            continue
        if _starts_not_applicable(r, word):
            continue
        candidates.append((word.box.top, value, word))
    return _one_answer(r, candidates, path, faint_print)


_FAINT_PRINT = 0.5  # an OCR confidence under which print glued in the box tells no answer


def _one_answer(
    r: _Reader, candidates: list[tuple[float, bool, Word]], path: str | None, faint_print: set[int]
) -> bool | None:
    """The topmost answer standing alone: a box holds one, and a `Y` and an `N` side by side are
    the `Y / N` above it, its slash lost."""
    answers = [
        (top, value, word)
        for top, value, word in candidates
        if not any(
            other_value != value
            and abs(other.box.center_y - word.box.center_y) < r.h * 0.5
            and abs(other.box.center_x - word.box.center_x) < r.h * 5
            for _, other_value, other in candidates
        )
    ]
    if not answers:
        return None
    _, value, word = min(answers, key=lambda answer: answer[0])
    capital = word.text.strip()[:1]
    disagree = capital in ("Y", "N") and (capital == "Y") != value
    if path is not None and (disagree or id(word) in faint_print):
        # `NW` taken for a Y by its shape (the text's capital and the glyph's shape disagree), or
        # the answer guessed from unsure print's first letter: a person looks at the box
        r.conf[f"{path}.officers_excluded"] = _ANSWERS_DISAGREE
    return value


_ANSWERS_DISAGREE = 0.4


def _above_printed_na(r: _Reader, grid: _Grid, word: Word, region: tuple[float, float, float, float]) -> bool:
    """With the `Y / N` label lost (its Y read as `-`), its `N` is no answer: the box stands level
    with the `N / A` the ADDL column prints beside it, and the label a line above."""
    beside = (grid.officers_right - r.h, region[1], grid.officers_right + r.h * 6, region[3])
    printed = [w for w in r.page.words_in(*beside) if _PRINTED_NA.fullmatch(w.text.strip().upper())]
    return any(word.box.center_y < na.box.top - r.h * 0.5 for na in printed)


_PRINTED_NA = re.compile(r"N ?[/|IL1] ?A")  # the ADDL column's `N / A`, read whole


def _glued_excluded(r: _Reader, region: tuple[float, float, float, float]) -> Match | None:
    """`EXCLUDED?` read glued to the words before it (`OFFICER/MEMBEREXCLUDED?`): its end still
    shows where the question stops and the answer box begins."""
    glued = [w for w in r.page.words_in(*region) if re.search(r"[A-Z]EXCLUDED\??$", w.text.strip().upper())]
    return Match((glued[0],)) if glued else None


def _starts_not_applicable(r: _Reader, word: Word) -> bool:
    """An `N` read apart from the rest of the ADDL column's printed `N/A` beside the box (`N` `IA`):
    the N of N/A, not an answer in the box; or `N/` `A`, split after the slash (`NI` `A`, `NS` `A`)."""
    text = word.text.strip().upper()
    if text != "N" and not _SLASHED_N.fullmatch(text):
        return False
    rest = _REST_OF_NOT_APPLICABLE if text == "N" else _LONE_A
    # `N / A` is printed spaced: a space and the slash's side bearing lie between N and `/A`,
    # which OCR may box as one word or two (`/` `A`).
    after = sorted(
        (
            other
            for other in r.page.words
            if 0 <= other.box.left - word.box.right <= r.h * 4
            and abs(other.box.center_y - word.box.center_y) < r.h * 0.5
        ),
        key=lambda w: w.box.left,
    )
    return any(rest.fullmatch("".join(w.text.strip().upper() for w in after[:end])) for end in (1, 2))


# What OCR reads the slash of a printed `N / A` as (`NIA`, `NTA`, `NFA`, `NYA`, `NS` `A`).
_SLASH_READINGS = "/|IL1lT7FYS"
_REST_OF_NOT_APPLICABLE = re.compile(f"[{_SLASH_READINGS}]A")
_SLASHED_N = re.compile(f"N[{_SLASH_READINGS}]")
_LONE_A = re.compile(r"A")
