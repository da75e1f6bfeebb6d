"""Printed values as the contract wants them: dates, money, marks, NAIC numbers, tolerant of OCR noise."""

from __future__ import annotations

import re
from datetime import date

# Characters OCR confuses with digits inside a numeric field.
_DIGIT_LOOKALIKES = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "l": "1",
        "I": "1",
        "i": "1",
        "|": "1",
        "!": "1",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
        "g": "9",
    }
)
_RULE_CHARS = "|[]{}_;:!'\"`~"
_TEXT_RULE_CHARS = "|[]{}_`~"
MARKS = {
    "X",
    "x",
    "[X]",
    "[x]",
    "|X|",
    "|x|",
    "X]",
    "[X",
    "☒",
    "☑",
    "✓",
    "✔",
    "✗",
    "✘",
    # A dingbat check in a font without a Unicode map comes out as its box glyph; a filled box is
    # a marked box.
    "■",
    "▪",
    "◼",
    "✕",
    "✖",
    "❌",
    "✅",
    "(X)",
    "IX",
    "XI",
    "|X",
    "X|",
}
YES = {"Y", "YES", "X", "☒", "✓", "✔", "[X]", "|X|", "¥"}  # ¥: how OCR reads a boxed Y
NO = {"N", "NO"}


def strip_rules(text: str) -> str:
    """`|04/01/2026` -> `04/01/2026`: table rules OCR glues to values (and stray punctuation)."""
    return text.strip().strip(_RULE_CHARS).strip()


def strip_text_rules(text: str) -> str:
    """Table rules glued to free text, keeping the text's own punctuation (`Attn:`)."""
    return text.strip().strip(_TEXT_RULE_CHARS).strip()


_DATE = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
_DATE_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


def parse_date(text: str) -> date | None:
    """MM/DD/YYYY and its variants (M/D/YYYY, MM/DD/YY, MM-DD-YYYY, MM.DD.YYYY), OCR-tolerant."""
    cleaned = strip_rules(text).replace(" ", "").strip(",.")
    # `(9-25-2025`: the left half of a month's leading 0 read as a parenthesis.
    cleaned = re.sub(r"^[(\[](?=\d[/\-.]\d{1,2}[/\-.]\d{2,4}$)", "0", cleaned)
    # `06/` `/28/2025`: a date OCR split at a slash and read the slash with both halves.
    cleaned = re.sub(r"(?<=\d)//(?=\d)", "/", cleaned.translate(_DIGIT_LOOKALIKES))
    match = _DATE.match(cleaned) or _DATE_COMPACT.match(cleaned) or _misread_slash(cleaned)
    if match is None:
        return None
    month, day, year = (int(g) for g in match.groups())
    if year < 100:
        year += 2000
    if not 1950 <= year <= 2100:
        return None  # an eight-digit policy number is not a date
    try:
        return date(year, month, day)
    except ValueError:
        return None


_SLASH_LOOKALIKES = "/-.71lI|"
_DATE_MISREAD = re.compile(r"^(\d{2})([/\-.71lI|])(\d{2})([/\-.71lI|])(\d{4})$")


def _misread_slash(text: str) -> re.Match[str] | None:
    """`05/2472027`: OCR read one slash of MM/DD/YYYY as a 7 or 1; the other must be a real separator."""
    match = _DATE_MISREAD.match(text)
    if match is None or not ({match.group(2), match.group(4)} & {"/", "-", "."}):
        return None
    return re.match(r"^(\d{2})\D?(\d{2})\D?(\d{4})$", f"{match.group(1)}/{match.group(3)}/{match.group(5)}")


# The first group may be longer than three digits: OCR drops the separator after it (`2000,000`).
# Cents maybe with their last 0 lost (`500,000.0`).
# Cents may be read as letters (`1,000,000.C`: the zeros of `.00` run together into a C).
_MONEY = re.compile(r"^\$?(\d+(?:[,.]\d{3})+|\d+)(?:\.\d{1,2}|(?<=,\d{3})\.[CcD]{1,2})?$")
# `$1M`, `500K`; the dollar sign maybe read as S or § (`S1M`).
_MONEY_SHORT = re.compile(r"^[$S§]?([\dIl|O]+(?:\.\d+)?)\s*([MK])(?:M)?$", re.IGNORECASE)


_ZERO_AS_BRACKETS = re.compile(r"(?<=[\d,])\(\)|\(\)(?=[\d,(])")
_ZEROS_AFTER_A_FIVE = re.compile(r"0[\d,.]{3,}")


def parse_money(text: str) -> int | None:
    """`$1,000,000`, `1,000,000`, `1000000`, `1,000,000.00`, `$1M`, `500K`, with O/0 and l/1 confusions."""
    # `25;000`, `1:000,000`, `2'000,000`: a comma read with a speck or raised; `«$2,000,000`: a
    # speck before the sign read as a quote mark
    raw = strip_rules(text).strip("«»").replace(" ", "").replace(";", ",")
    # `1()()(),000`: zeros read as their two sides, a bracket each (beside a digit or a comma)
    raw = _ZERO_AS_BRACKETS.sub("0", raw)
    # `-2,.000,000.00`: no limit is negative; a dash (or two, `=`, or crossed, `+`) before the
    # amount is a speck or a rule's stub.
    raw = re.sub(r"^[-–—=+]+(?=[$S§]?\d)", "", raw)
    raw = re.sub(r"^[^$§]{1,2}(?=[$§]\d)", "", raw)  # `9§2M`: a speck before the sign read as a glyph
    raw = re.sub(r"(?<=\d)[:'’`](?=\d{3})", ",", raw)
    # `1,.000`, `1,000,(000`, `500,),000`: a speck beside the comma, read as a stop or a bracket
    raw = re.sub(r"(?<=\d)(?:[,.][()\[\]]?[,.]|[,.][()\[\]]|[()\[\]][,.])(?=\d{3})", ",", raw)
    raw = re.sub(r"(?<=\d,\d{3})\.[()\[\]](?=\d{2}$)", ".", raw)  # `300,000.(00`: cents with a speck
    raw = re.sub(r"(?<=\d)-(?=\d{2}$)", ".", raw)  # `0-00`: the cents' stop read as a hyphen
    if not raw:
        return None
    # `SSM`: `$5M` with its sign and its 5 read as an S each (a lone `SM` is no amount); `SiN`:
    # `$1M` with its M read as an N too
    raw = re.sub(r"^([$S§])S(?=[MK]$)", r"\g<1>5", raw)
    raw = re.sub(r"^([$S§][Il|i1])N$", r"\g<1>M", raw)
    # `51M`, `41M`: `$1M` with its sign read as a 5 or a 4 (no limit is written 41 to 59 million)
    raw = re.sub(r"^[45](?=[1-9](?:\.\d)?M$)", "$", raw)
    short = _MONEY_SHORT.match(raw)
    if short and (raw[0] in "$S§s" or short.group(1)[0].isdigit()):
        # `$IM`: a 1 read as a capital I before the M; `sim`: a photo's `$1M` in small letters.
        value = float(short.group(1).translate(_DIGIT_LOOKALIKES)) * (
            1_000_000 if short.group(2).upper() == "M" else 1_000
        )
        return round(value)
    # The dollar sign read as a letter: `S1,000,000`, `s 25,000` (a photo's small $); an `s00,000`
    # or `S00000` is a 5 (no amount starts with a 0; `S0` is a sign and a zero retention).
    five = raw[:1] in ("S", "s") and _ZEROS_AFTER_A_FIVE.fullmatch(raw[1:]) is not None
    dollar = not five and (raw[0] in "$S§" or (raw[:1] == "s" and raw[1:2].isdigit()))
    # A stop or comma after the last digit is a speck (`4,000,000.`), never part of the amount.
    body = (raw[1:].lstrip("$S§") if dollar and len(raw) > 1 else raw).rstrip(".,")
    if dollar and body and set(body) <= {"O", "o"}:
        return 0  # "$O": a zero retention read with a letter O
    if not any(ch.isdigit() for ch in body):
        return None
    fixed = body.translate(_DIGIT_LOOKALIKES)
    match = _MONEY.match(fixed)
    if match is None or re.match(r"0+[,.]", match.group(1)):
        return None  # `0,000` for `$10,000`: no amount starts with a 0 before its thousands; digits lost
    digits = match.group(1)
    # "1.000.000" is a thousands separator; "1,000.00" cents were dropped by the pattern.
    return int(digits.replace(",", "").replace(".", ""))


# An X with a speck or the box's edge beside it, as OCR reads a scanned tick (`x<`, `X.`, `4x`), or
# inside its box's edges read as brackets or upright letters (`(xr`: the right edge read as an r;
# `Lx`, `lx`: the left edge as an L or an l), or with its own edges read again small (`xXx`), or
# its right edge and a speck after it (`X|§`). No word is spelt so.
_X_WITH_SPECK = re.compile(r"[xX][<>.,'`]|[<>.,'`4][xX]|[(\[{|lIL][xX][)\]}rl1|]?|[xX][)\]}|][^\w\s]?|x?Xx?")


def is_mark(text: str) -> bool:
    stripped = text.strip()
    return stripped in MARKS or _X_WITH_SPECK.fullmatch(stripped) is not None


def yes_no(text: str) -> bool | None:
    cleaned = strip_rules(text).upper()
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    return None


def clean_naic(text: str) -> str:
    cleaned = strip_rules(text).replace(" ", "")
    return cleaned.translate(_DIGIT_LOOKALIKES) if sum(ch.isdigit() for ch in cleaned) >= 3 else cleaned


def snake(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def join_tokens(tokens: list[str]) -> str:
    text = " ".join(t for t in tokens if t)
    # `Turner- -Walsh`: OCR read a hyphenated name's hyphen twice, once with each half.
    text = re.sub(r"(\w)- -(\w)", r"\1-\2", text)
    return re.sub(r"\s+([,.;:])", r"\1", text).strip()
