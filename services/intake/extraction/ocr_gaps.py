"""Doubtful words whose box spans a blank no printed word has inside it (or runs on over one).

Once the rules between the grid's narrow columns are taken out of a scan, Tesseract may read the
ADDL INSD and SUBR WVD answers side by side as one doubtful word (`X` `Y` as `KN`). No word has a
blank inside it wider than its own height (a space between words is half of it), so such a box is
cut at the blank into its pieces of ink; each is then read again on its own with the other
doubtful words.
"""

from __future__ import annotations

import numpy as np

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_words import _Raw

_INK = 128  # darker than this is print on a prepared page
_WIDE_GAP = 1.5  # a blank this many word heights wide is no space inside one word
_MIN_WIDTH = 2.0  # words narrower than this many heights have no room for such a blank
_END_PUNCTUATION = ".,;:'`\""


def split_at_wide_gaps(image: Gray, raws: list[_Raw], below: float) -> list[_Raw]:
    """The words, each doubtful one that spans a wide blank cut into its pieces of ink."""
    out: list[_Raw] = []
    for raw in raws:
        pieces = _pieces_of_ink(image, raw) if _may_span_a_gap(raw, below) else []
        if len(pieces) == 1 and raw.width - (pieces[0][1] - pieces[0][0]) > _WIDE_GAP * raw.height:
            # One print in a box running on over blank paper (an insurer letter `A` read as `Be`
            # boxed up to the next rule): the box is fitted to the print.
            start, end = pieces[0]
            out.append(
                _Raw(raw.text, raw.confidence, raw.left + start, raw.top, end - start, raw.height, raw.line)
            )
            continue
        if len(pieces) < 2 or len(raw.text) < len(pieces):
            out.append(raw)
            continue
        out += [
            _Raw(text, raw.confidence, raw.left + start, raw.top, end - start, raw.height, raw.line)
            for text, (start, end) in zip(_share_text(raw.text, pieces), pieces, strict=True)
        ]
    return out


def _may_span_a_gap(raw: _Raw, below: float) -> bool:
    return raw.confidence < below and len(raw.text) >= 2 and raw.width >= _MIN_WIDTH * raw.height


def _pieces_of_ink(image: Gray, raw: _Raw) -> list[tuple[int, int]]:
    """Column spans of the box's ink, split where a blank is wider than `_WIDE_GAP` heights."""
    box = image[raw.top : raw.top + raw.height, raw.left : raw.left + raw.width]
    columns = np.flatnonzero((box < _INK).any(axis=0))
    if columns.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(columns) > _WIDE_GAP * raw.height)
    starts = [int(columns[0])] + [int(columns[i + 1]) for i in breaks]
    ends = [int(columns[i]) + 1 for i in breaks] + [int(columns[-1]) + 1]
    return list(zip(starts, ends, strict=True))


def _share_text(text: str, pieces: list[tuple[int, int]]) -> list[str]:
    """The reading's characters shared among the pieces by their widths, at least one each; a stop
    or comma at either end goes with its neighbour (`NY.` over an N and a Y: `N`, `Y.`)."""
    core = text.strip(_END_PUNCTUATION)
    if core != text and len(core) >= len(pieces) >= 2:
        start = text.index(core)
        inner = _share_text(core, pieces)
        return [text[:start] + inner[0], *inner[1:-1], inner[-1] + text[start + len(core) :]]
    widths = [end - start for start, end in pieces]
    total = sum(widths)
    shares: list[str] = []
    taken = 0
    for index, width in enumerate(widths):
        left_for_rest = len(pieces) - index - 1
        wanted = max(1, round(len(text) * width / total))
        count = len(text) - taken - left_for_rest if left_for_rest == 0 else wanted
        count = max(1, min(count, len(text) - taken - left_for_rest))
        shares.append(text[taken : taken + count])
        taken += count
    return shares
