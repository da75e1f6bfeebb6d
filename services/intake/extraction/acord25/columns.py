"""Values of one policy row in the grid's middle columns (INSD, SUBR, policy number, dates), as
printed or as OCR splits and glues them.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from services.intake.extraction.acord25.mark_cells import MARK_COLUMNS as _MARK_COLUMNS
from services.intake.extraction.acord25.mark_cells import UNREAD_CELL as _UNREAD_CELL
from services.intake.extraction.acord25.mark_cells import RowMarks, marks_parted_by_a_rule, read_mark
from services.intake.extraction.acord25.reader import (
    _CURRENCY_LOOKALIKES,
    _DATE_LOOKALIKES,
    _Grid,
    _nearest,
    _Reader,
)
from services.intake.extraction.calibrate_fragments import SHORTEST_POLICY_NUMBER
from services.intake.extraction.ir import Word
from services.intake.extraction.textgeom import group_lines, token
from services.intake.extraction.values import parse_date, strip_rules


def _row_pitch(r: _Reader, region: tuple[float, float, float, float]) -> float:
    """Height of one grid row, from two labels printed on consecutive rows."""
    return label_pair_pitch(r, region, _CONSECUTIVE_LABELS) or r.h * 1.6


# Labels each block prints on its first two rows.
_CONSECUTIVE_LABELS = (
    ("COMMERCIAL GENERAL LIABILITY", "CLAIMS-MADE"),
    ("AUTOMOBILE LIABILITY", "ANY AUTO"),
    ("WORKERS COMPENSATION", "AND EMPLOYERS' LIABILITY"),
)


def label_pair_pitch(
    r: _Reader, region: tuple[float, float, float, float], pairs: tuple[tuple[str, str], ...]
) -> float | None:
    """Height of one grid row from the first pair of labels found printed on consecutive rows
    (upper, lower); None when no pair is."""
    for upper, lower in pairs:
        a, b = r.label(upper, region=region), r.label(lower, region=region)
        if a is not None and b is not None and 0 < b.top - a.top < r.h * 4:
            return b.top - a.top
    return None


def _limit_row_pitch(r: _Reader, grid: _Grid) -> float | None:
    """Height of one limit row, from the amounts printed on consecutive rows of the limits column
    anywhere on the page (their rows are one height on every edition); None when too few read.

    Label pairs measure a block's own pitch only where both are printed, and the workers' comp
    pair stands one small-print line apart on the real form: an umbrella block placed its
    AGGREGATE amount a row too far with that."""
    amounts = [
        w
        for w in r.page.words_in(grid.limits_left, 0.0, 1.0, 1.0)
        if sum(ch.isdigit() for ch in w.text) >= 3 or _IN_MILLIONS.fullmatch(w.text)
    ]
    centres = sorted(line.words[0].box.center_y for line in group_lines(amounts))
    steps = sorted(b - a for a, b in pairwise(centres) if r.h * 1.5 <= b - a <= r.h * 4)
    return steps[len(steps) // 2] if len(steps) >= 3 else None


# An amount an agency prints short: `$5M`, `$1MM`, `2.5M`
_IN_MILLIONS = re.compile(r"\$?\d+(?:\.\d+)?\s?MM?", re.IGNORECASE)
_ONE_DIGIT_MONTH = re.compile(r"\d/\d{1,2}/\d{2,4}$")


def _merge_split_dates(words: list[Word], h: float) -> list[Word]:
    """OCR splits dates (`05/` `24/2027`, `07` `/27` `/202` `6`): rejoin neighbours that make a date."""
    out: list[Word] = []
    for line in group_lines(words):
        items = list(line.words)
        i = 0
        while i < len(items):
            merged = None
            for span in (5, 4, 3, 2):  # `07` `/27` `/202` `6`; `10` `/` `09` `/` `26`
                group = items[i : i + span]
                if len(group) < span or any(b.box.left - a.box.right > h * 0.8 for a, b in pairwise(group)):
                    continue
                text = "".join(w.text for w in group)
                # `1` `1/08/2026`: the month's first digit boxed alone; the rest parses too (as January).
                split_month = (
                    span == 2
                    and group[0].text.strip() in ("0", "1")
                    and bool(_ONE_DIGIT_MONTH.match(group[1].text))
                )
                if parse_date(text) is not None and (
                    split_month or all(parse_date(w.text) is None for w in group) or _year_cut_short(group)
                ):
                    box = group[0].box.model_copy(
                        update={
                            "width": group[-1].box.right - group[0].box.left,
                            "height": max(w.box.height for w in group),
                        }
                    )
                    merged = group[0].model_copy(
                        update={"text": text, "box": box, "confidence": min(w.confidence for w in group)}
                    )
                    i += span
                    break
            if merged is None:
                merged = items[i]
                i += 1
            out.append(merged)
    return out


def _year_cut_short(group: list[Word]) -> bool:
    """`09-10-20` `25`: a date whose year's last digits were boxed apart, its first part still a
    date (with a two-digit year) and the rest digits alone."""
    rest = "".join(w.text for w in group[1:])
    return bool(re.search(r"[/\-.]\d{2}$", group[0].text)) and rest.isdigit() and len(rest) == _YEAR_END


_YEAR_END = 2  # digits: a four-digit year's last two


def _officers_answer(word: Word, grid: _Grid) -> bool:
    """The workers' comp `Y / N` box's answer, left of the ADDL column: no mark of its own."""
    return word.box.center_x < grid.officers_right and sum(ch.isalnum() for ch in strip_rules(word.text)) <= 2


def _middle_values(
    r: _Reader, grid: _Grid, top: float, bottom: float, *, printed_na: bool = True
) -> dict[str, tuple[object, float]]:
    """The row's marks, policy number and dates (`printed_na`: the row's ADDL cell prints `N / A`,
    as the workers' compensation row's does, so a small `N` there is that print, not an answer)."""
    words = _merge_split_dates(
        list(r.page.words_in(grid.type_right, top, grid.limits_left, bottom)), r.h
    ) + _marks_glued_to_type_labels(r, grid, top, bottom)
    words = [piece for word in words for piece in _mark_glued_before_number(word, grid)]
    skip = _preprinted_na(words) | (
        {id(w) for w in words if _officers_answer(w, grid)} if printed_na else set()
    )
    words = [_doubted_when_astray(w, grid, r.h) for w in words]
    mark_centers = [grid.centers[k] for k in _MARK_COLUMNS if k in grid.centers]
    tolerance = _mark_tolerance(grid, r.h)
    found: dict[str, tuple[object, float]] = {}
    row = RowMarks(found)
    number_words: list[Word] = []
    dates: list[tuple[Word, object]] = []
    # The row's typed values (its dates) stand taller than the form's small pre-printed words.
    value_height = max((w.box.height for w in words if parse_date(w.text) is not None), default=0.0)
    for word in sorted(words, key=lambda w: (w.box.top, w.box.left)):
        if id(word) in skip:
            continue
        value = parse_date(word.text.translate(_CURRENCY_LOOKALIKES))
        if value is not None:
            dates.append((word, value))
            continue
        if word.box.center_x >= grid.dates_left:
            # A date's digit read as its lookalike (`04/09/202£`, `O5/14/2025`): no date holds letters.
            value = parse_date(word.text.translate(_DATE_LOOKALIKES))
            if value is not None:
                dates.append((word.model_copy(update={"confidence": word.confidence * 0.9}), value))
                continue
        cleaned = strip_rules(word.text)
        if not cleaned or (cleaned.upper() in ("N/A", "NIA", "N/IA", "NA") and word.glyph is None):
            # The pre-printed "N / A" of the workers compensation row, as OCR reads it; not one
            # glyph OCR was unsure of (a `Y` read `NA`), which its shape tells.
            continue
        near, _ = _mark_columns_near(word, grid, tolerance)
        cleaned = marks_parted_by_a_rule(cleaned) if len(near) == len(_MARK_COLUMNS) else cleaned
        if near and not any(ch.isdigit() for ch in cleaned) and sum(ch.isalnum() for ch in cleaned) > 2:
            # Letters over the ADDL/SUBR columns ("NER" for N/A) are never part of a policy number;
            # over both cells at once (`NIK` for `Y X`) they are the two marks, unread: listed; so
            # is one cell's (`UUW.` for a Y) where the row prints no `N / A` there.
            unread = near if len(near) == len(_MARK_COLUMNS) or not printed_na else []
            for column in unread:
                found.setdefault(column, (None, min(word.confidence, _UNREAD_CELL)))
            continue
        if (
            near
            and cleaned.upper() == "N"
            and printed_na
            and _nearest(word.box.center_x, grid.centers, tuple(near)) == "addl"
            and word.box.height < _PRINTED_NA_HEIGHT * value_height
        ):
            continue  # the `N` of the small pre-printed `N / A` (workers comp's ADDL cell), read alone
        if near and sum(ch.isalnum() for ch in cleaned) <= 2:
            read_mark(row, near, cleaned, word, grid)
            continue
        glued = re.match(
            r"^(.*?[A-Za-z0-9-])(\d{2}/\d{2}[/71]\d{4}|\d{2}[/71]\d{2}/\d{4}|\d{1,2}/\d{1,2}/\d{4}),?$",
            cleaned.translate(_CURRENCY_LOOKALIKES),
        )
        if glued and parse_date(glued.group(2)) is not None and len(glued.group(1)) >= 4:
            # A policy number with the effective date glued on by OCR.
            dates.append((word, parse_date(glued.group(2))))
            share = len(glued.group(1)) / len(cleaned)
            box = word.box.model_copy(update={"width": word.box.width * share})
            number_words.append(word.model_copy(update={"text": glued.group(1), "box": box}))
            continue
        number_words.append(word)
    _assign_dates(found, dates, number_words, grid)
    # The number's cell lies right of the mark columns where they stand before it (the real form):
    # print ending left of them is the type column's (the old drawing's small `Y / N` over the
    # officers box, read `YEN`).
    number_at = grid.centers.get("number", grid.dates_left)
    marks_left = min((x for x in mark_centers if x < number_at), default=grid.type_right)
    number_words = [w for w in number_words if marks_left < w.box.right and w.box.center_x < grid.dates_left]
    _read_policy_number(found, number_words, r.h, ocr=r.ocr)
    return found


# Under review_paths.REVIEW_THRESHOLD and under what calibration's one-year term vouches for: a
# date made from its policy's other date is a year off it by construction.
_REPAIRED_DATE = 0.45
# Under review_paths.REVIEW_THRESHOLD: a policy number with a glyph read twice (`DxX`, `BA1` `104`).
_GLYPH_READ_TWICE = 0.45
# Under review_paths.REVIEW_THRESHOLD: a policy number with a blank narrower than a word space
# (in heights of its print) read as a space.
_NARROW_SPACE_READ, _WORD_SPACE = 0.45, 0.6
# Under review_paths.REVIEW_THRESHOLD: a policy's dates read among another row's.
_DATES_OF_TWO_ROWS = 0.45


def _mark_glued_before_number(word: Word, grid: _Grid) -> tuple[Word, ...]:
    """A SUBR mark OCR glued to the policy number printed just past the column's rule
    (`OY~sBA-4426295`): the glyphs standing over the mark column, and the number after them; any
    other word as it is."""
    if not all(k in grid.centers for k in _MARK_COLUMNS):
        return (word,)
    rule = grid.centers["subr"] + (grid.centers["subr"] - grid.centers["addl"]) / 2
    text = word.text.strip()
    glyph = word.box.width / max(len(text), 1)
    over_mark = round((rule - word.box.left) / glyph)
    if (
        over_mark < 1
        or len(text) - over_mark < SHORTEST_POLICY_NUMBER
        or word.box.left < grid.centers["addl"]
    ):
        return (word,)
    if not re.search(r"[YNXyx]|[^\w-]", text[:over_mark]):
        return (word,)  # no mark's glyph before the number: the column's rule placed a little off
    cut = glyph * over_mark
    head = word.box.model_copy(update={"width": cut})
    tail = word.box.model_copy(update={"left": word.box.left + cut, "width": word.box.width - cut})
    # Where the cut falls is an estimate from the word's mean glyph width: the number is listed.
    confidence = min(word.confidence, _CUT_FROM_A_MARK)
    return (
        word.model_copy(update={"text": text[:over_mark], "box": head}),
        word.model_copy(update={"text": text[over_mark:], "box": tail, "confidence": confidence}),
    )


_CUT_FROM_A_MARK = 0.45  # under review_paths.REVIEW_THRESHOLD


def _preprinted_na(words: list[Word]) -> set[int]:
    """Ids of the words of the pre-printed "N / A" of the workers compensation row."""
    skip: set[int] = set()
    for line in group_lines(words):
        items = line.words
        for i, word in enumerate(items):
            if token(word.text) == "NA" and "/" in word.text:
                skip.add(id(word))
            if (
                word.text.strip() == "/"
                and 0 < i < len(items) - 1
                and token(items[i + 1].text) == "A"
                and token(items[i - 1].text) == "N"
            ):
                skip.update({id(items[i - 1]), id(word), id(items[i + 1])})
    return skip


def _marks_glued_to_type_labels(r: _Reader, grid: _Grid, top: float, bottom: float) -> list[Word]:
    """The ADDL mark OCR glued to the type column's last label (`CLAIMS-MADEN`: the N printed just
    past the column's rule), as a word of its own over the mark column."""
    marks = []
    for word in r.page.words_in(grid.type_left, top, grid.type_right, bottom):
        glued = _GLUED_MARK.match(word.text.strip())
        if glued is None or word.box.right <= grid.type_right:
            continue
        glyph = word.box.width / len(word.text.strip())
        box = word.box.model_copy(update={"left": word.box.right - glyph, "width": glyph})
        marks.append(word.model_copy(update={"text": glued.group(2), "box": box}))
    return marks


_GLUED_MARK = re.compile(r"^(CLAIMS-?MADE|OCCUR|LIAB|AUTOS?)([YNX])$", re.IGNORECASE)
_PRINTED_NA_HEIGHT = 0.65  # of the row's dates' height: the form's small print, not a typed answer


def _doubted_when_astray(word: Word, grid: _Grid, h: float) -> Word:
    """Print between the ADDL and SUBR columns' centres, near neither (a header boxed short put a
    centre astray), is read as the nearer column's, doubted: listed rather than dropped as a stray."""
    if not _mark_columns_near(word, grid, _mark_tolerance(grid, h))[1]:
        return word
    return word.model_copy(update={"confidence": min(word.confidence, _UNREAD_CELL)})


def _mark_tolerance(grid: _Grid, h: float) -> float:
    centers = [grid.centers[k] for k in _MARK_COLUMNS if k in grid.centers]
    spacing = abs(centers[0] - centers[1]) if len(centers) == len(_MARK_COLUMNS) else h * 3
    return min(h * 1.6, spacing * 0.6)


def _mark_columns_near(word: Word, grid: _Grid, tolerance: float) -> tuple[list[str], bool]:
    """The ADDL / SUBR columns a word stands over; else the nearer of the two when it stands
    between their centres (and that it is so astray)."""
    x = word.box.center_x
    near = [
        k
        for k in _MARK_COLUMNS
        if k in grid.centers and abs(grid.centers[k] - x) < tolerance + word.box.width / 2
    ]
    centers = [grid.centers[k] for k in _MARK_COLUMNS if k in grid.centers]
    if near or len(centers) < len(_MARK_COLUMNS) or not min(centers) < x < max(centers):
        return near, False
    return [_nearest(x, grid.centers, _MARK_COLUMNS) or _MARK_COLUMNS[-1]], True


def _assign_dates(
    found: dict[str, tuple[object, float]],
    dates: list[tuple[Word, object]],
    number_words: list[Word],
    grid: _Grid,
) -> None:
    """The row's dates, left to right, into the effective and expiry columns."""
    date_columns = [k for k in ("eff", "exp") if k in grid.centers]
    if len(dates) >= 2 and len(date_columns) == 2:
        dates.sort(key=lambda d: d[0].box.center_x)
        # More than a pair: two rows' dates in one block (a block label lost), which pair is whose
        # for a person to tell.
        cap = 1.0 if len(dates) == 2 else _DATES_OF_TWO_ROWS
        found["eff"] = (dates[0][1], min(dates[0][0].confidence, cap))
        found["exp"] = (dates[-1][1], min(dates[-1][0].confidence, cap))
    elif dates:
        date_column = _nearest(dates[0][0].box.center_x, grid.centers, ("eff", "exp")) or "eff"
        found[date_column] = (dates[0][1], dates[0][0].confidence)
        if len(date_columns) == 2:
            _repair_other_date(found, date_column, number_words, grid)


# Letters whose lower case is their capital drawn smaller: OCR guesses their case from the height
# alone, and reads `WC-680231` as `wc-680231` or `914BX97583` as `914Bx97583`.
_CASELESS_GLYPHS = frozenset("cosuvwxz")


def identifier_case(read: str) -> str:
    """An OCR'd identifier of capitals and digits with a lower-case letter OCR could not tell from
    its capital (`cN-87574`, `wc-680231`) spelt in capitals."""
    lower = {ch for ch in read if ch.islower()}
    return read.upper() if lower and lower <= _CASELESS_GLYPHS else read


def _read_policy_number(
    found: dict[str, tuple[object, float]], number_words: list[Word], h: float, *, ocr: bool
) -> None:
    """The policy number: the longest line of the words left of the dates, glued. Read by OCR, a
    lower-case letter among capitals and digits is a capital whose case OCR could not see, and a
    lone bracket at its end is the cell's rule."""
    if not number_words:
        return
    lines = group_lines(number_words)
    best = max(lines, key=lambda ln: sum(len(w.text) for w in ln.words))
    pieces = _drop_strays(best.words, h)
    if pieces:
        number, tight = _glue(pieces)
        shared = any(b.box.left < a.box.right and b.text[:1] == a.text[-1:] for a, b in pairwise(pieces))
        if len(number) > 3:
            # Never a dollar sign in a policy number; `S$950458` is one S read twice.
            number = re.sub("S?[$§]", "S", number)
        number = re.sub("T?™", "TM", number)  # `T™693767`: OCR's trademark sign for the M (and T)
        if ocr and number.count("(") + number.count(")") == 1:
            number = number.strip("()")  # `(C54875111`: the cell's rule read as half a bracket
        confidence = min(w.confidence for w in pieces)
        if ocr and (shared or any(a != b and a.upper() == b.upper() for a, b in pairwise(number))):
            # `DxX54322554`: one glyph read twice, once small, once capital; or in two pieces
            confidence = min(confidence, _GLYPH_READ_TWICE)
        if ocr and tight:
            confidence = min(confidence, _NARROW_SPACE_READ)
        if ocr:
            number = identifier_case(number)
        found["number"] = (number, confidence)


def _repair_other_date(
    found: dict[str, tuple[object, float]], known: str, words: list[Word], grid: _Grid
) -> None:
    """One date read, the other misread. Digits all there with a separator lost (`0915/2027`):
    that date. A digit misread (`41/29/2025`): a policy term is most often one year, so the other
    date is the read one a year off, if the print differs from it in one digit. Either way with a
    confidence low enough to send the value to human review.
    """
    missing = "exp" if known == "eff" else "eff"
    read = found[known][0]
    if not isinstance(read, date):
        return
    column = [
        w
        for w in words
        if w.box.center_x >= grid.dates_left
        and _nearest(w.box.center_x, grid.centers, ("eff", "exp")) == missing
    ]
    printed = re.sub(r"\D", "", "".join(w.text for w in column).translate(_DATE_LOOKALIKES))
    if len(printed) < 6:
        return
    confidence = min([*(w.confidence for w in column), _REPAIRED_DATE])  # for a person to check
    as_printed = parse_date(printed)  # only a separator was lost: `0915/2027`
    if as_printed is not None and abs((as_printed - read).days) <= 800:
        found[missing] = (as_printed, confidence)
        return
    try:
        candidate = read.replace(year=read.year + (1 if missing == "exp" else -1))
    except ValueError:
        return  # 29 February
    for form in ("%m%d%Y", "%m%d%y"):
        expected = candidate.strftime(form)
        if len(expected) == len(printed) and sum(a != b for a, b in zip(expected, printed, strict=True)) <= 1:
            found[missing] = (candidate, confidence)
            return


def _drop_strays(words: list[Word], h: float) -> list[Word]:
    """A lone character far from the policy number is a table rule or a smudge, not part of it."""
    kept = list(words)
    while (
        len(kept) > 1 and len(strip_rules(kept[-1].text)) <= 1 and kept[-1].box.left - kept[-2].box.right > h
    ):
        kept.pop()
    while len(kept) > 1 and len(strip_rules(kept[0].text)) <= 1 and kept[1].box.left - kept[0].box.right > h:
        kept.pop(0)
    return kept


def _glue(words: list[Word]) -> tuple[str, bool]:
    """Rejoin a policy number's pieces with the spaces printed between them; and whether a space
    went into a blank narrower than a word space (`144W` `YJ997645`: one word OCR may have split)."""
    out: list[str] = []
    tight = False
    for i, word in enumerate(words):
        text = strip_rules(word.text) if i in (0, len(words) - 1) else word.text
        if i > 0:
            gap = word.box.left - words[i - 1].box.right
            previous = out[-1] if out else ""
            if gap < 0 and previous[-1:].isalnum() and text[:1] == previous[-1:]:
                text = text[1:]  # `BA1` `104532-69` boxed over each other: the shared `1` read twice
            # OCR splits inside a number ("TH-1" "12-201868"); printed spaces separate letters from digits.
            split_number = previous[-1:].isdigit() or previous.endswith("-")
            if gap > word.box.height * 0.3 and not (split_number and text[:1].isdigit()):
                out.append(" ")
                tight = tight or gap < min(word.box.height, words[i - 1].box.height) * _WORD_SPACE
        out.append(text)
    return "".join(out), tight
