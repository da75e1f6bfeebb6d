"""The grid's column headers where OCR lost or garbled them: 5 pt print (`ADDL`/`INSD`, `SUBR`/`WVD`,
`POLICY EFF`/`POLICY EXP`) read as junk, glued, or not at all. Each is found again from what the
page still shows: the print between its neighbours, the second line of a two-line header, the
dates standing in the rows. So is a coverage block's label garbled past matching."""

from __future__ import annotations

import itertools
import re
from difflib import SequenceMatcher

from services.intake.extraction.acord25.reader import _Reader
from services.intake.extraction.ir import Word
from services.intake.extraction.textgeom import Match, token
from services.intake.extraction.values import is_mark

# A policy date as OCR reads it: `08/30/25`, `04/26/2025`, `08-29-2027`, a separator lost
# (`04/2625`), its last digit misread (`04/14/202£`).
_DATE_LIKE = re.compile(r"\d{1,2}([/-])\d{1,2}\1?(?:\d{2,4}|\d{3}\S)|\d{2}[/-]\d{4,6}")


def _date_columns(
    r: _Reader, grid_region: tuple[float, float, float, float], type_right: float, limits_left: float
) -> tuple[float, float, float] | None:
    """Both date headers lost (`POLICY EFF`, `POLICY EXP` in 5 pt print): the dates printed in the
    rows still stand in two columns. Their centres (effective, expiration) and the left edge of
    the first, found where the date words' centres part widest."""
    date_words = sorted(
        (
            w
            for w in r.page.words_in(type_right, grid_region[1], limits_left, grid_region[3])
            if _DATE_LIKE.fullmatch(w.text.strip(".,"))
        ),
        key=lambda w: w.box.center_x,
    )
    if len(date_words) < 2:
        return None
    xs = [w.box.center_x for w in date_words]
    gap, cut = max((b - a, i + 1) for i, (a, b) in enumerate(itertools.pairwise(xs)))
    if gap < r.h * 4:
        return None  # one column of dates only
    left, right = xs[:cut], xs[cut:]
    first_left = min(w.box.left for w in date_words[:cut])
    return sum(left) / len(left), sum(right) / len(right), first_left - r.h * 0.5


def _mark_or_answer(text: str) -> bool:
    """What the rows print in the ADDL INSD and SUBR WVD columns: a mark (`X`, a tick) or Y / N."""
    return is_mark(text) or text.strip().upper() in ("Y", "N")


def _column_of_marks(
    r: _Reader, known: float, other: str, region: tuple[float, float, float, float], stop: float | None
) -> float | None:
    """One of ADDL INSD / SUBR WVD with its header lost altogether (no print left where it stood):
    the marks the rows print beside the other column (`Y`, `N`, `X`) still stand in it. `other`
    says on which side of the known column (`after` for SUBR, `before` for ADDL); the two
    columns are as wide as each other, so the marks stand two to six text heights away."""
    sign = 1 if other == "after" else -1
    xs = [
        w.box.center_x
        for w in r.page.words_in(*region)
        if _mark_or_answer(w.text)
        if r.h * 2 <= sign * (w.box.center_x - known) <= r.h * 6
        and (stop is None or sign * (stop - w.box.right) > 0)
    ]
    if not xs or max(xs) - min(xs) > r.h * 1.5:
        return None
    return sum(xs) / len(xs)


def mark_columns_without_headers(
    r: _Reader, region: tuple[float, float, float, float], stop: float | None
) -> tuple[float, float] | None:
    """ADDL INSD and SUBR WVD both with their headers misread past finding (`linsD`, `WE`): the
    rows' marks between the type column and POLICY NUMBER stand in two columns, ADDL the left.
    Without POLICY NUMBER to stop at, only the marks themselves say where the columns are: the
    last two, two to six text heights apart."""
    xs = sorted(
        w.box.center_x
        for w in r.page.words_in(*region)
        if _mark_or_answer(w.text.upper()) and (stop is None or w.box.right < stop)
    )
    columns: list[list[float]] = []
    for x in xs:
        if columns and x - columns[-1][-1] <= r.h * 1.0:
            columns[-1].append(x)
        else:
            columns.append([x])
    if len(columns) < _TWO_COLUMNS:
        return None
    # The two columns beside POLICY NUMBER: further left stands the officers-excluded box's answer.
    addl, subr = (sum(column) / len(column) for column in columns[-_TWO_COLUMNS:])
    return (addl, subr) if r.h * 2 <= subr - addl <= r.h * 6 else None


_TWO_COLUMNS = 2


def _misread_header_after(
    r: _Reader, before: Match, after: Match | None, band: tuple[float, float, float, float]
) -> Match | None:
    """A narrow column's 5 pt header OCR misread (`SUBR` over `WVD` read as `wo`): the print
    between the header before it and the one after, on the same header lines, still marks it."""
    # The next header, when it is to the right (the old drawing prints POLICY NUMBER before ADDL).
    stop = after.left if after is not None and after.left > before.right else before.right + r.h * 6
    # On the header's lines (SUBR over WVD): beside ADDL, on its line or the next; beside INSD, on
    # its line or the one above, not below it, where the first row's marks are. Not on the running
    # text's line above the header (`LIMITS SHOWN MAY HAVE BEEN REDUCED`).
    insd = token(before.words[0].text) == "INSD"
    above, below = r.h * (1.5 if insd else 0.6), r.h * (0.6 if insd else 1.8)
    words = [
        w
        for w in r.page.words_in(before.right, band[1], stop, band[3])
        if w.box.left > before.right and -above < w.box.top - before.top < below and not is_mark(w.text)
    ]
    return Match((min(words, key=lambda w: w.box.left),)) if words else None


def _misread_header_before(
    r: _Reader, after: Match, type_label: Match, band: tuple[float, float, float, float]
) -> Match | None:
    """The ADDL INSD header misread (`linsD`, `ADDL` lost) beside a SUBR read: the print between
    TYPE OF INSURANCE and SUBR, on the same header lines and near SUBR, still marks the column."""
    words = [
        w
        for w in r.page.words_in(type_label.right, band[1], after.left, band[3])
        if type_label.right < w.box.left
        and w.box.right <= after.left
        and after.left - w.box.right < r.h * 3
        and abs(w.box.top - after.top) < r.h * 1.5
        and not is_mark(w.text)
    ]
    return Match((max(words, key=lambda w: w.box.right),)) if words else None


def _with_lower_line(
    r: _Reader, header: Match | None, lower: str, band: tuple[float, float, float, float]
) -> Match | None:
    """A two-line column header (`ADDL` over `INSD`) with its second line, when both were read, the
    line under it even misread as 5 pt print often is (`WD` for `WVD`): a header word OCR boxed
    short (`SUBR` boxed over its last letters) would alone misplace the column its marks are read in."""
    if header is None or len(header.words) != 1 or token(header.words[0].text) == token(lower):
        return header
    below = [
        w
        for w in r.page.words_in(*band)
        if 0 < w.box.top - header.top < r.h * 2.5
        and w.box.left < header.right
        and w.box.right > header.left
        and _lower_line_read(token(w.text), token(lower))
    ]
    return Match((*header.words, below[0])) if below else header


def _lower_line_read(read: str, lower: str) -> bool:
    """`lower` as read, or misread as 5 pt print is (`WD`, `WO` for `WVD`; `INSO` for `INSD`): a
    word of letters starting with its first, a letter longer or shorter at most. Nothing else is
    printed under a narrow column's header."""
    if read == lower:
        return True
    return read.isalpha() and read[:1] == lower[:1] and abs(len(read) - len(lower)) <= 1


def _two_misread_headers(
    r: _Reader, type_label: Match, number: Match | None, band: tuple[float, float, float, float]
) -> tuple[Match | None, Match | None]:
    """Both narrow headers misread (`NSD` and `WD.` for INSD and WVD): the only two prints on one
    header line between TYPE OF INSURANCE and POLICY NUMBER are the ADDL and SUBR columns."""
    if number is None:
        return None, None
    between = sorted(
        (
            w
            for w in r.page.words_in(type_label.right, band[1], number.left, band[3])
            if w.box.left > type_label.right and w.box.right < number.left
        ),
        key=lambda w: w.box.left,
    )
    for word in between:
        line = [w for w in between if _on_one_line(r, w, word)]
        if len(line) == 2 and not any(is_mark(w.text) for w in line):
            return Match((line[0],)), Match((line[1],))
    return None, None


def _on_one_line(r: _Reader, one: Word, other: Word) -> bool:
    """Centres within half a line, or one word's centre inside the other's box: OCR may box a
    header's two lines as one word (`NSD` over ADDL and INSD) beside the other read on one (`Wo`)."""
    return (
        abs(one.box.center_y - other.box.center_y) < r.h * 0.5
        or one.box.top <= other.box.center_y <= one.box.bottom
        or other.box.top <= one.box.center_y <= other.box.bottom
    )


_ADDL_LETTERS_KEPT = 3


def _glued_headers(r: _Reader, band: tuple[float, float, float, float]) -> tuple[Match | None, Match | None]:
    """`ADDL` and `SUBR` read as one word (`ADDL'SUBR`, the gap between two 5 pt headers lost): each
    column's header is its share of the word, cut where `SUBR` starts; `ADDESUBR`: a letter of
    ADDL misread too (three of its four letters still say which header it is)."""
    for word in r.page.words_in(*band):
        text = word.text.upper()
        cut = text.find("SUBR")
        if cut <= 0:
            continue
        before = re.sub(r"[^A-Z]", "", text[:cut])[-4:].rjust(4)
        if sum(a == b for a, b in zip(before, "ADDL", strict=True)) < _ADDL_LETTERS_KEPT:
            continue
        split = word.box.left + word.box.width * cut / len(text)
        first = word.model_copy(update={"box": word.box.model_copy(update={"width": split - word.box.left})})
        second = word.model_copy(
            update={"box": word.box.model_copy(update={"left": split, "width": word.box.right - split})}
        )
        return Match((first,)), Match((second,))
    return None, None


def cut_producer_label(r: _Reader) -> Match | None:
    """`PRODUCER` with its first letters lost at a scan's edge or under a smudge (`DUCER`, `ICER`),
    or whole with a letter misread (`FRODUCER`): a word alone on its line at the page's left edge
    near the top, that reads as the label's end, stretched to where the whole label would start."""
    for word in r.page.words_in(0.0, 0.0, 0.15, 0.35):
        text = token(word.text)
        if not 4 <= len(text) <= len("PRODUCER") or not word.text.isupper():
            continue
        if SequenceMatcher(None, text, "PRODUCER"[-len(text) :]).ratio() < 0.75:
            continue
        beside = r.page.words_in(word.box.right, word.box.top, 0.45, word.box.bottom)
        if not [w for w in beside if w is not word]:
            # Where the whole label starts: the producer's block is read from there.
            width = word.box.width * len("PRODUCER") / len(text)
            left = max(0.0, word.box.right - width)
            return Match(
                (word.model_copy(update={"box": word.box.model_copy(update={"left": left, "width": width})}),)
            )
    return None


def _type_label(r: _Reader, region: tuple[float, float, float, float]) -> Match | None:
    """TYPE OF INSURANCE, also when a tall box around `TYPE` or `OF` put it on the header line above,
    or when `TYPE` was misread."""
    found = r.label("TYPE OF INSURANCE", region=region)
    if found is not None:
        return found
    for rest in r.page.find("OF INSURANCE", region=region, fuzzy=False):
        before = [
            w
            for w in r.page.words_in(rest.left - r.h * 6, rest.top - r.h * 2, rest.left, rest.bottom + r.h)
            # `TYPE`, or an unsure word a scan made of it (`ANRE` at 0.46)
            if (w.text.strip(" .:").upper() == "TYPE" or _type_misread(w))
            and rest.left - r.h * 3 <= w.box.right <= rest.left + r.h * 0.5
        ]
        if before:
            return Match((before[0], *rest.words))
    for type_word in r.page.find("TYPE", region=region, fuzzy=False):
        # A tall box round `OF` put it on the header line above, or OCR read it apart: TYPE and
        # INSURANCE with its gap (INSURANCE maybe a letter short, in mixed case: `nsuRance`).
        first = type_word.words[0]
        after = [
            w
            for w in r.page.words_in(first.box.right, first.box.top - r.h, 1.0, first.box.bottom + r.h)
            if SequenceMatcher(None, w.text.strip(" .:").upper(), "INSURANCE").ratio() >= _INSURANCE_LIKENESS
            and r.h <= w.box.left - first.box.right <= r.h * 4
            and abs(w.box.center_y - first.box.center_y) < r.h * 0.6
        ]
        if after:
            return Match((first, after[0]))
    return _between_the_neighbour_headers(r, region)


_INSURANCE_LIKENESS = 0.85


def _between_the_neighbour_headers(r: _Reader, region: tuple[float, float, float, float]) -> Match | None:
    """TYPE OF INSURANCE misread past the above (`TPE OF SRA` on a photo): the print on the header
    line between INSR LTR and ADDL INSD (or POLICY NUMBER) is the label."""
    ltr = r.label("LTR", region=region, fuzzy=False) or r.label("INSR", region=region, fuzzy=False)
    if ltr is None:
        return None
    line = (ltr.right, ltr.top - r.h, 1.0, ltr.bottom + r.h)
    right = r.label("ADDL", region=line, fuzzy=False) or r.label("POLICY NUMBER", region=line)
    if right is None:
        return None
    words = sorted(
        (
            w
            for w in r.page.words_in(ltr.right, ltr.top - r.h, right.left, ltr.bottom + r.h)
            if w.box.left > ltr.right
            and w.box.right < right.left
            and abs(w.box.center_y - ltr.center_y) < r.h * 0.8
        ),
        key=lambda w: w.box.left,
    )
    return Match(tuple(words)) if len(words) >= _LABEL_WORDS else None


_LABEL_WORDS = 2  # TYPE OF INSURANCE read as junk is still more than one word


def _type_misread(word: Word) -> bool:
    """An unsure word of `TYPE`'s length, or one a letter off it however sure (`TPE`)."""
    text = word.text.strip(" .:")
    if _TYPE_AS_READ.fullmatch(text) is None:
        return False
    return (
        word.confidence < _UNSURE_TYPE
        or SequenceMatcher(None, text.upper(), "TYPE").ratio() >= _TYPE_LIKENESS
    )


_TYPE_AS_READ = re.compile(r"[A-Za-z]{3,5}")
_UNSURE_TYPE = 0.6
_TYPE_LIKENESS = 0.75


def _auto_label_beside_its_limit(r: _Reader, grid_region: tuple[float, float, float, float]) -> Match | None:
    """`AUTOMOBILE` misread past matching (`Avtomosive LIABILITY`): the block's label is the words
    that open the line of its first limit, COMBINED SINGLE LIMIT, if one of them is near a word
    of the label."""
    limit = r.label("COMBINED SINGLE", region=grid_region)
    if limit is None:
        return None
    line = sorted(
        (
            w
            for w in r.page.words_in(0.0, limit.top - r.h, limit.left, limit.bottom + r.h)
            if abs(w.box.center_y - limit.words[0].box.center_y) < r.h * 0.9
        ),
        key=lambda w: w.box.left,
    )
    while line and len(token(line[0].text)) < 3:
        line.pop(0)  # the insurer letter
    words = []
    for word in line:
        if not token(word.text).isalpha() or len(token(word.text)) < 3:
            break
        words.append(word)
    near = any(
        SequenceMatcher(None, token(w.text), printed).ratio() >= _NEAR_LABEL_WORD
        for w in words
        for printed in ("AUTOMOBILE", "LIABILITY")
    )
    return Match(tuple(words)) if near else None


_NEAR_LABEL_WORD = 0.6  # `Avtomosive` to AUTOMOBILE is 0.6; a policy number or a date is far less


def glued_block_labels(
    r: _Reader, grid_region: tuple[float, float, float, float], blocks: list[tuple[str, Match]]
) -> None:
    """Block labels read as one glued word: `COMMERCIALIABILITY` (GENERAL boxed apart above the
    line, the words either side run together); `AUTOMOBILE` boxed down into the next row, parted
    from `LIABILITY`; `SeocariCOMPENSATION` (WORKERS read as junk glued to it, EMPLOYERS' cut):
    the one word marks the block. A workers' compensation block anchored on its second line
    (`AND EMPLOYERS' LIABILITY`) with its first read glued just above (`WORKERSCOMPENSATION`)
    starts there instead, and so do its row's number and dates."""
    for key, glued in (("gl", "^COMMERCIAL"), ("auto", "^AUTOMOBILE"), ("wc", "COMPENSATION$")):
        alone = [w for w in r.page.words_in(*grid_region) if re.search(glued, token(w.text))]
        if not alone:
            continue
        first = Match((min(alone, key=lambda w: w.box.top),))
        found = next((m for k, m in blocks if k == key), None)
        if found is None:
            blocks.append((key, first))
        elif (
            key == "wc"
            and found.words[0].text.upper().startswith("AND")
            and 0 < found.top - first.top < r.h * _SECOND_LINE_BELOW
        ):
            blocks[blocks.index(("wc", found))] = ("wc", first)


_SECOND_LINE_BELOW = 2.5  # line heights between a block label's first line and its second
