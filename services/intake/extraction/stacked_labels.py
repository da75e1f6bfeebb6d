"""Labels the real ACORD 25 prints on two lines (`CONTACT` over `NAME:`, `SCHEDULED` over `AUTOS`),
found as printed or with one half misread."""

from __future__ import annotations

from difflib import SequenceMatcher

from services.intake.extraction.ir import Word
from services.intake.extraction.textgeom import Match, PageText, norm_phrase, token


def find_stacked(
    page: PageText, phrase: str, region: tuple[float, float, float, float] | None = None
) -> Match | None:
    """A label the real form prints on two lines (`CONTACT` over `NAME:`, `E-MAIL` over `ADDRESS:`).

    The phrase is split after each word; the first part must be printed with the second part on
    the next line just below it, both starting at the same left edge. The match holds the words of
    both lines, so its vertical centre is where the form places the value (right of the pair).
    """
    parts = phrase.split()
    for cut in range(1, len(parts)):
        upper, lower = " ".join(parts[:cut]), " ".join(parts[cut:])
        for top in page.find(upper, region=region, fuzzy=len(norm_phrase(upper)) >= 8):
            height = top.height
            below = (
                top.left - height,
                top.bottom - height * 0.3,
                top.right + height * 14,
                top.bottom + height * 1.6,
            )
            for bottom in page.find(lower, region=below, fuzzy=len(norm_phrase(lower)) >= 8):
                if abs(bottom.left - top.left) <= height * 1.2 and bottom.top >= top.center_y:
                    return Match(top.words + bottom.words)
    return _stacked_one_half_misread(page, parts, region)


def _stacked_one_half_misread(
    page: PageText, parts: list[str], region: tuple[float, float, float, float] | None
) -> Match | None:
    """A stacked label whose 5 pt print OCR half lost (`CONTA` over `NAME:`, `PHONE` over
    `(AIC. INO. Ext):`): one line found as printed, the other only resembling its text, starting
    at the same left edge on the line above or below."""
    for cut in range(1, len(parts)):
        upper, lower = " ".join(parts[:cut]), " ".join(parts[cut:])
        for found, other, below in ((upper, lower, True), (lower, upper, False)):
            if len(norm_phrase(found)) < 4:
                continue
            for anchor in page.find(found, region=region, fuzzy=len(norm_phrase(found)) >= 8):
                h = anchor.height
                top, bottom = (
                    (anchor.center_y, anchor.bottom + h * 1.6)
                    if below
                    else (anchor.top - h * 1.6, anchor.center_y)
                )
                near = sorted(
                    (
                        w
                        for w in page.words_in(anchor.left - h * 1.2, top, anchor.left + h * 14, bottom)
                        if id(w) not in set(map(id, anchor.words))
                        and (w.box.top >= anchor.center_y if below else w.box.bottom <= anchor.center_y)
                    ),
                    key=lambda w: w.box.left,
                )
                starts = [w for w in near if abs(w.box.left - anchor.left) <= h * 1.2]
                if not starts:
                    continue
                # The line next to the anchor: the nearest one starting at its left edge.
                first = min(starts, key=lambda w: abs(w.box.center_y - anchor.center_y))
                target = norm_phrase(other)
                picked: list[Word] = []
                for word in (
                    w
                    for w in near
                    if abs(w.box.center_y - first.box.center_y) <= h * 0.7 and w.box.left >= first.box.left
                ):
                    if len("".join(token(w.text) for w in picked)) >= len(target):
                        break
                    if any(ch.isdigit() for ch in word.text) and not any(ch.isdigit() for ch in target):
                        break  # the value beside the label begins (`549.254.6116`)
                    picked.append(word)
                # The words that make the label best: a value printed on its line (`CONT` `DAVID`
                # beside `NAME:`) is not taken in with it, a label read in pieces (`CON` `TACT`) is.
                texts = ["".join(token(w.text) for w in picked[:n]) for n in range(1, len(picked) + 1)]
                best = max(range(len(texts)), key=lambda n: (_likeness(texts[n], target), -n), default=-1)
                # Words before the label's own first letter are another label (`ALL OWNED` beside
                # `SCHEDULED`), however much of the target they end in.
                if best >= 0 and texts[best][:1] == target[:1] and _resembles(texts[best], target):
                    label = tuple(picked[: best + 1])
                    return Match(anchor.words + label if below else label + anchor.words)
    return None


def _resembles(text: str, target: str) -> bool:
    """A misread label: most of its letters, or its first four and more (`CONTA` for CONTACT)."""
    if len(text) >= 4 and target.startswith(text):
        return True
    return _likeness(text, target) >= 0.6


def _likeness(text: str, target: str) -> float:
    return SequenceMatcher(None, text, target).ratio()
