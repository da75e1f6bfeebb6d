"""The LIMITS column of a coverage block: amounts by their printed labels, words instead of an
amount (`Included`, `Statutory`), and the umbrella's retention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from services.intake.extraction.acord25.reader import _conf, _Grid, _holds, _Reader, _text
from services.intake.extraction.ir import Word
from services.intake.extraction.textgeom import group_lines, same_line_words, token
from services.intake.extraction.values import parse_money, snake, strip_rules
from shared.contracts import certificate as c


@dataclass(frozen=True)
class LimitRows:
    """What a block's limits are read by: its printed limit labels (none: an `other` row, whose
    labels are free text), and its rows' keys top to bottom with the first row's centre and the
    row pitch, to place an amount whose label OCR lost."""

    labels: tuple[tuple[str, str], ...]
    row_keys: tuple[str | None, ...] = ()
    first_row_center: float = 0.0
    pitch: float = 0.0


def _limits(
    r: _Reader, grid: _Grid, extent: tuple[float, float], rows: LimitRows, path: str
) -> dict[str, int]:
    """Limits of one coverage block: by printed label, else (label unreadable) by the row it is on."""
    top, bottom = extent
    labels, free_keys = rows.labels, not rows.labels
    # key (None: label unread), amount, centre, confidence
    read: list[tuple[str | None, int, float, float]] = []
    region_words = r.page.words_in(grid.limits_left, top, 1.0, bottom)
    for line in group_lines(region_words):
        words = line.words
        amount_words = _amount_words(words)
        if not amount_words:
            if not free_keys:
                _words_instead_of_amount(r, words, labels, path)
            continue
        amount = parse_money("".join(w.text for w in amount_words))
        if amount is None or (amount < 1_000 and not free_keys):
            continue  # "$4": a smudge or half an amount, not a printed limit
        # The label is whatever sits left of the amount within its height (small labels form their own line).
        a_top = min(w.box.top for w in amount_words)
        a_bottom = max(w.box.bottom for w in amount_words)
        a_left = min(w.box.left for w in amount_words)
        label_words = sorted(
            (
                w
                for w in region_words
                if w.box.right <= a_left + 0.001
                and a_top <= w.box.center_y <= a_bottom
                and not _holds(amount_words, w)
                and strip_rules(w.text) not in ("$", "")
            ),
            key=lambda w: w.box.left,
        )
        label_text = _text(label_words)
        # `EachClaim`: OCR lost the space of a free label; the case change shows where it was.
        free_label = re.sub(r"([a-z])([A-Z])", r"\1 \2", label_text)
        key = _limit_key(label_text, labels) if not free_keys else (snake(free_label) or None)
        confidence = min(_conf(amount_words), _conf(label_words) if label_words else 1.0)
        read.append((key, amount, (a_top + a_bottom) / 2, confidence))
    return _place_limits(r, read, rows, path)


def _amount_words(words: list[Word]) -> list[Word]:
    """The amount printed at the right end of a line, maybe in pieces (`$`, `1,000`, `,000`)."""
    amount_words: list[Word] = []
    for word in reversed(words):
        stripped = strip_rules(word.text)
        if stripped in ("$", "S") and amount_words:
            break
        if amount_words:
            nearest = amount_words[0]
            if nearest.box.left - word.box.right > 3 * nearest.box.height:
                break  # an amount is printed as one piece: a digit far left of it is another print
            if word.box.right - nearest.box.left > 0.1 * min(word.box.width, nearest.box.width):
                continue  # overlapping it: the same print read twice (`$4` under `1,000,000`)
        if amount_words and word.text.strip() in ("/", ",", ".", "'", "`") and len(amount_words[0].text) == 3:
            continue  # a thousands comma OCR boxed on its own, as a slash or a point: `1 / 000 000`
        if any(ch.isdigit() for ch in stripped) or (amount_words and stripped in ("$",)):
            amount_words.insert(0, word)
            continue
        if stripped.upper().endswith("M") and any(ch.isdigit() for ch in stripped):
            amount_words.insert(0, word)
            continue
        break
    return amount_words


def _place_limits(
    r: _Reader, read: list[tuple[str | None, int, float, float]], rows: LimitRows, path: str
) -> dict[str, int]:
    """The amounts by key; one whose label was unread is placed by the row it is on."""
    limits: dict[str, int] = {}
    row_keys, first_row_center, pitch = rows.row_keys, rows.first_row_center, rows.pitch
    # Rows whose label was read give the grid's real row positions; the others are placed by them.
    placed = sorted(
        (row_keys.index(key), center) for key, _, center, _ in read if key is not None and key in row_keys
    )
    if len(placed) >= 2 and placed[-1][0] > placed[0][0]:
        (i0, c0), (i1, c1) = placed[0], placed[-1]
        pitch = (c1 - c0) / (i1 - i0)
        first_row_center = c0 - i0 * pitch
    for label_key, amount, center, label_confidence in read:
        key, confidence = label_key, label_confidence
        if key is None and row_keys and pitch > 0:
            index = round((center - first_row_center) / pitch)
            if 0 <= index < len(row_keys) and abs(center - first_row_center - index * pitch) < pitch * 0.35:
                key = row_keys[index]
                confidence *= 0.75  # placed by position only
        if key is None or key in limits:
            continue
        limits[key] = amount
        r.conf[f"{path}.limits.{key}"] = confidence
    return limits


# Words an agency prints in a limit cell instead of an amount: no amount is read, a person looks.
_LIMIT_WORDS = re.compile(
    r"^(?:INCLUDED|INCL\.?|STATUTORY|SEE ATTACHED|SEE SCHEDULE|EXCLUDED|NOT COVERED|NONE|N/?A|WAIVED)$", re.I
)


def _words_instead_of_amount(
    r: _Reader, line: list[Word], labels: tuple[tuple[str, str], ...], path: str
) -> None:
    """`PERSONAL & ADV INJURY $ Included`: the limit's key is listed for review with no amount."""
    for cut in range(len(line) - 1, 0, -1):
        tail = _text(line[cut:])
        if not _LIMIT_WORDS.match(tail.strip("$ ")):
            continue
        label_words = [w for w in line[:cut] if strip_rules(w.text) not in ("$", "")]
        key = _limit_key(_text(label_words), labels) if label_words else None
        if key is not None:
            r.conf.setdefault(f"{path}.limits.{key}", 0.4)
        return


def _limit_key(text: str, labels: tuple[tuple[str, str], ...]) -> str | None:
    target = token(text)
    if not target:
        return None
    best, score = None, 0.0
    for phrase, key in labels:
        candidate = token(phrase)
        if candidate == target:
            return key
        ratio = SequenceMatcher(None, candidate, target).ratio()
        if ratio > score:
            best, score = key, ratio
    return best if score >= 0.72 else None


def _retention(r: _Reader, grid: _Grid, policy: c.Policy, extent: tuple[float, float], path: str) -> None:
    """The umbrella's retention or deductible, after its marked RETENTION / DED option."""
    top, bottom = extent
    conf = r.conf
    region = (grid.type_left, top, grid.type_right, bottom)
    retention = r.label("RETENTION", region=region)
    ded = r.option_marked(("DED",), region)
    ret = r.option_marked(("RETENTION",), region)
    if retention is None or not (ded or ret):
        return
    words = same_line_words(r.page, retention, left=retention.right - 0.001, right=grid.type_right)
    # The amount as printed, maybe in pieces (`$25` `000`: a lost comma; `$` `Q`: a zero).
    pieces: list[Word] = []
    for word in words:
        if pieces and word.box.left - pieces[-1].box.right > r.h * 3:
            break
        pieces.append(word)
    printed = "".join(w.text for w in pieces).replace("()", "0")
    if "$" in printed:
        printed = printed[printed.index("$") :]  # a box edge before the dollar sign (`4$25,000`)
    if printed[:1] == "$" and printed[1:] in ("Q", "O", "o", "D"):
        printed = "$0"
    amount = parse_money(printed) if pieces else None
    if amount is not None:
        key = "retention" if ret else "deductible"
        policy.limits[key] = amount
        conf[f"{path}.limits.{key}"] = _conf(pieces)
        return
    # "RETENTION $10,000" printed as one word
    glued = re.search(r"\$\s*([\d,.]+[MK]?)$", "".join(w.text for w in retention.words))
    if glued:
        amount = parse_money(glued.group(1))
        if amount is not None:
            key = "retention" if ret else "deductible"
            policy.limits[key] = amount
            conf[f"{path}.limits.{key}"] = _conf(retention.words)
