"""Words boxed over two lines of print, read again alone.

Where a value is printed right after a stacked label (`CONTACT` over `NAME:`, then `ANA CHEN`),
the page reading can take the two label lines and the value's first word for one word and read
it as nothing sensible (`GONTAGNA`, at no confidence). Cut out on its own with a margin and
enlarged, the same print reads as it is (`NAME:` `ANA`). Each such word is re-read in one stacked
image, and its reading replaces it only when every word of it, inside the original box, was read
surely. A word read surely but boxed over two lines and more (a party's label over its name) is
re-read with them, and kept whole in a reading that finds the print it hid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np

from services.intake.extraction.imaging import Gray, stacked
from services.intake.extraction.ocr_words import _Raw, typical_word_height

_TALLER = 1.6  # a word this many typical word heights tall spans two lines of print
_UNSURE = 75.0  # Tesseract's confidence (0-100) under which such a word is re-read
# A sure word boxed this tall can hide the print above it (`Northgate` read surely with the
# `INSURED` label over it lost): it is re-read too, and kept whole in the re-reading.
_TOWERING = 2.2
_SURE = 65.0  # every word of a re-reading must be read at least this surely
_GAIN = 25.0  # and the re-reading as a whole this much more surely than the word it replaces
_SCALE = 2
_GAP = 30  # white pixels between the cut-outs in the stacked image
_MAX_WORDS = 12
_SLIVERS = "‘’'`\"|:;,"


def reread_tall_words(image: Gray, raws: list[_Raw], read: Callable[[Gray], list[_Raw]]) -> list[_Raw]:
    """`raws` with each unsure word boxed over two lines replaced by a sure re-reading of its print."""
    typical = typical_word_height(raws)
    if typical is None:
        return raws
    tall = [
        r
        for r in raws
        if len(r.text) >= 3 and r.height >= (_TALLER if r.confidence < _UNSURE else _TOWERING) * typical
    ][:_MAX_WORDS]
    if not tall:
        return raws
    replaced = _sure_rereads(image, tall, tall, read, all_sure=True)
    # What two lines of print hide may still read on the line of the value it runs into.
    pending = [w for w in tall if id(w) not in replaced and w.confidence < _UNSURE]
    bands = [(word, band) for word in pending if (band := _value_band(word, raws, typical)) is not None]
    if bands:
        words, boxes = [w for w, _ in bands], [b for _, b in bands]
        replaced |= _sure_rereads(image, words, boxes, read, all_sure=False)
    if not replaced:
        return raws
    out: list[_Raw] = []
    for raw in raws:
        out.extend(replaced.get(id(raw), [raw]))
    return out


def _sure_rereads(
    image: Gray, words: list[_Raw], boxes: list[_Raw], read: Callable[[Gray], list[_Raw]], all_sure: bool
) -> dict[int, list[_Raw]]:
    """Per word, the words read surely inside its box when the boxes are cut out and read again
    (every word of the re-reading sure, or, with `all_sure` off, only the sure ones kept)."""
    sheet, places = _cut_out_enlarged(image, boxes, tight=not all_sure)
    reread = read(sheet)
    replaced: dict[int, list[_Raw]] = {}
    for index, (word, box, place) in enumerate(zip(words, boxes, places, strict=True)):
        top, bottom, left, origin_y = place
        inside = [
            on_page
            for r in reread
            if top <= r.top + r.height / 2 < bottom
            and _centre_inside(on_page := _on_page(r, left, origin_y, top, (-3, index, r.line[2])), box)
        ]
        # A speck read as punctuation (`*`) is no word of the print.
        inside = [r for r in inside if any(ch.isalnum() for ch in r.text)]
        if not all_sure:
            # Cut to the value's line, the cut-out keeps slivers of the label's print at its edges,
            # read as quotes or a colon against the value (`‘MARIA`): no value starts or ends so.
            inside = [replace(r, text=r.text.strip(_SLIVERS)) for r in inside if r.confidence >= _SURE]
        if word.confidence >= _UNSURE:
            if found := _hidden_print(word, inside):
                replaced[id(word)] = found
            continue
        if (
            inside
            and all(r.confidence >= _SURE for r in inside)
            and sum(r.confidence for r in inside) / len(inside) >= word.confidence + _GAIN
        ):
            replaced[id(word)] = inside
    return replaced


def _hidden_print(word: _Raw, inside: list[_Raw]) -> list[_Raw] | None:
    """A sure word's re-reading: the word itself, where it was found again (at any confidence), and
    the sure words read on other lines inside its box (the label over a party's name); None when
    the word is not found again or nothing else is read surely."""
    again = next((r for r in inside if r.text == word.text), None)
    if again is None:
        return None
    hidden = [r for r in inside if not again.top <= r.top + r.height / 2 <= again.top + again.height]
    if not hidden or any(r.confidence < _SURE for r in hidden):
        return None
    return [*hidden, replace(again, confidence=word.confidence)]


def _value_band(word: _Raw, raws: list[_Raw], typical: int) -> _Raw | None:
    """The word's box cut down to the rows of the sure one-line word printed right after it (`SMITH`
    after `CONTACT` over `NAME:` with `MARIA` run into both), short of that word; None without one."""
    right = word.left + word.width
    for raw in sorted(raws, key=lambda r: r.left):
        if (
            raw.confidence >= _SURE
            and raw.height < _TALLER * typical
            and right - typical / 2 <= raw.left <= right + 2 * raw.height
            and word.top <= raw.top
            and raw.top + raw.height <= word.top + word.height + 0.2 * raw.height
        ):
            margin = max(1, round(0.15 * raw.height))
            width = min(word.width, raw.left - word.left - margin)
            top, height = raw.top - margin, raw.height + 2 * margin
            return _Raw(word.text, word.confidence, word.left, top, width, height, word.line)
    return None


def _cut_out_enlarged(
    image: Gray, words: list[_Raw], tight: bool = False
) -> tuple[Gray, list[tuple[int, int, int, int]]]:
    """Each word's print with a margin (none when `tight`: the box is cut to one line), enlarged,
    stacked on white; per word the rows it fills in the stacked image and the page position of its
    cut-out's top-left corner."""
    page_h, page_w = image.shape
    crops: list[tuple[Gray, int, int]] = []
    for word in words:
        pad = 0 if tight else max(12, word.height // 3)
        top, left = max(0, word.top - pad), max(0, word.left - pad)
        crop = image[
            top : min(page_h, word.top + word.height + pad), left : min(page_w, word.left + word.width + pad)
        ]
        big = cv2.resize(crop, None, fx=_SCALE, fy=_SCALE, interpolation=cv2.INTER_CUBIC)
        crops.append((np.asarray(big, dtype=np.uint8), left, top))
    sheet, rows = stacked([crop for crop, _, _ in crops], _GAP)
    return sheet, [(y0, y1, left, top) for (y0, y1), (_, left, top) in zip(rows, crops, strict=True)]


def _on_page(raw: _Raw, left: int, top: int, band_top: int, line: tuple[int, int, int]) -> _Raw:
    """A word of the stacked image at its place on the page."""
    return _Raw(
        raw.text,
        raw.confidence,
        left + (raw.left - _GAP) // _SCALE,
        top + (raw.top - band_top) // _SCALE,
        max(1, raw.width // _SCALE),
        max(1, raw.height // _SCALE),
        line,
    )


def _centre_inside(raw: _Raw, box: _Raw) -> bool:
    cx, cy = raw.left + raw.width / 2, raw.top + raw.height / 2
    return box.left <= cx <= box.left + box.width and box.top <= cy <= box.top + box.height
