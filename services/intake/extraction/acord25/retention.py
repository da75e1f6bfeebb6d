"""The umbrella's retention or deductible: the amount printed after `RETENTION $`, kept under the
option its box marks."""

from __future__ import annotations

import re

from services.intake.extraction.acord25.reader import _conf, _Grid, _holds, _Reader
from services.intake.extraction.calibrate import limit_is_customary
from services.intake.extraction.ir import Word
from services.intake.extraction.textgeom import Match
from services.intake.extraction.values import is_mark, parse_money
from shared.contracts import certificate as c

_LEAST_RETENTION = 1_000


def _retention(r: _Reader, grid: _Grid, policy: c.Policy, extent: tuple[float, float], path: str) -> None:
    """The umbrella's retention or deductible: the amount after `RETENTION $`, kept under the option
    whose box is marked (the row prints `[ ] DED [ ] RETENTION $`)."""
    top, bottom = extent
    region = (grid.type_left, top, grid.type_right, bottom)
    retention = r.label("RETENTION", region=region)
    if retention is None:
        return
    key = _retention_kind(r, retention, region)
    found = _retention_amount(r, retention, grid.type_right)
    if found is None:
        return
    if key is None:
        # An amount printed after `RETENTION $` with neither box read as marked: the amount is
        # the retention the cell is labelled for; a person checks which box the form shows.
        key, found = "retention", (found[0], min(found[1], _GUESSED_KIND))
    policy.limits[key], r.conf[f"{path}.limits.{key}"] = found


_SIGN_AND_AMOUNT = 2
_SIGN_GUESSED = 0.45


def _misread_sign(word: Word) -> bool:
    """A glyph or two OCR was unsure of where the cell prints its `$` (`1g` at 0.45), not a digit
    of the amount split off it (`2` `5,000`)."""
    text = word.text.strip()
    return len(text) <= _SIGN_GLYPHS and not text.isdigit() and word.confidence < _UNSURE_SIGN


_SIGN_GLYPHS, _UNSURE_SIGN = 2, 0.55


# Which box is marked was not read: no check of the amount (a customary $10,000) says whether it is
# the retention or the deductible, so the score stays under what calibration vouches for amounts.
_GUESSED_KIND = 0.25


def _retention_kind(r: _Reader, retention: Match, region: tuple[float, float, float, float]) -> str | None:
    """`retention` or `deductible` by the marked box; None when neither is marked."""
    if r.option_marked(("RETENTION",), region):
        return "retention"
    if r.option_marked(("DED",), region):
        return "deductible"
    # The mark is there but not beside a label read as printed (`DED` lost or read `veo`, a box
    # taller than the label's line): its place on the row tells. RETENTION's box sits right before
    # its label; DED's box opens the row, left of the word DED.
    h = r.h
    ded = next(
        (
            m.words[0]
            for m in r.page.find("DED", region=region, fuzzy=False)
            if abs(m.center_y - retention.center_y) < retention.height
        ),
        None,
    )
    for word in r.page.words_in(region[0], region[1], retention.left + h * 0.4, region[3]):
        # A tick read as a sign (`>` for a drawn X) is a glyph by its ink all the same.
        sign = word.glyph is not None and not any(ch.isalnum() for ch in word.text)
        if not (is_mark(word.text) or sign) or _holds(retention.words, word):
            continue
        if abs(word.box.center_y - retention.center_y) > max(word.box.height, retention.height) * 0.6:
            continue  # a mark of the row above (EXCESS LIAB, CLAIMS-MADE)
        if ded is not None:
            return "deductible" if word.box.center_x < ded.box.left else "retention"
        return "retention" if word.box.right >= retention.left - h * 3.5 else "deductible"
    return None


def _retention_amount(r: _Reader, retention: Match, right: float) -> tuple[int, float] | None:
    """The amount printed after `RETENTION $`, maybe in pieces (`$25` `000`: a lost comma; `$` `Q`:
    a zero) and maybe set high in its cell, above the label's line; with its confidence."""
    h = r.h
    words = sorted(
        (
            w
            for w in r.page.words_in(
                retention.right - 0.001, retention.top - h * 0.8, right, retention.bottom + h * 0.3
            )
            if not _holds(retention.words, w)
        ),
        key=lambda w: w.box.left,
    )
    pieces: list[Word] = []
    for word in words:
        if pieces and word.box.left - pieces[-1].box.right > h * 3:
            break
        pieces.append(word)
    printed = "".join(w.text for w in pieces).replace("()", "0")
    if retention.words[-1].text.endswith("$") and "$" not in printed:
        printed = "$" + printed  # `RETENTION$`: the dollar sign glued to the label
    if "$" in printed:
        printed = printed[printed.index("$") :]  # a box edge before the dollar sign (`4$25,000`)
    body = printed.lstrip("$").strip("()[]|.,:;'")  # `Q)`: a 0 with a speck beside it
    if len(body) == 1 and (body.isdigit() or body in "OoQD"):
        # One character where an amount is printed: a retention is $0 or thousands of dollars, so
        # it is the 0 (`O`, `Q`, a Courier 0 read `9`); a person checks any other reading of it.
        return 0, _conf(pieces) if body == "0" else min(_conf(pieces), 0.5)
    if r.ocr and len(pieces) == _SIGN_AND_AMOUNT and _misread_sign(pieces[0]):
        # `1g` `0-00`: the cell's `$` read as junk before the amount; a person confirms the reading
        after_sign = parse_money(pieces[1].text)
        if after_sign is not None and (after_sign == 0 or after_sign >= _LEAST_RETENTION):
            return after_sign, min(_conf(pieces), _SIGN_GUESSED)
    amount = parse_money(printed) if pieces else None
    if r.ocr and amount is not None and 0 < amount < _LEAST_RETENTION:
        # `199` where `$0` is printed (its 0 read with specks): a retention is $0 or thousands.
        return None
    if amount is not None and r.ocr and "$" not in printed and _sign_read_as_nine(amount):
        return int(str(amount)[1:]), min(_conf(pieces), 0.45)  # a guess for a person to confirm
    if amount is not None:
        return amount, _conf(pieces)
    # "RETENTION $10,000" printed as one word
    glued = re.search(r"\$\s*([\d,.]+[MK]?)$", "".join(w.text for w in retention.words))
    amount = parse_money(glued.group(1)) if glued else None
    return (amount, _conf(retention.words)) if amount is not None else None


def _sign_read_as_nine(amount: int) -> bool:
    """`910,000` for `RETENTION $10,000` with no `$` read: no amount an insurer writes, while what
    follows its leading 9 is (retentions are not written in nines)."""
    text = str(amount)
    return (
        text[0] == "9"
        and len(text) > 4
        and not limit_is_customary(amount)
        and limit_is_customary(int(text[1:]))
    )
