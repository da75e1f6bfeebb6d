"""The coverage grid: its columns found from the printed headers, each coverage block's rows, and
the policy each block describes (type options, insurer letter, flags, limits).
"""

from __future__ import annotations

import re

from services.intake.extraction.acord25.block_options import block_options
from services.intake.extraction.acord25.columns import _limit_row_pitch, _middle_values, _row_pitch
from services.intake.extraction.acord25.header_fallbacks import (
    _auto_label_beside_its_limit,
    _column_of_marks,
    _date_columns,
    _glued_headers,
    _misread_header_after,
    _misread_header_before,
    _two_misread_headers,
    _type_label,
    _with_lower_line,
    glued_block_labels,
    mark_columns_without_headers,
)
from services.intake.extraction.acord25.letters import _read_letter
from services.intake.extraction.acord25.limits import LimitRows, _limits
from services.intake.extraction.acord25.marks import _yes_no_label
from services.intake.extraction.acord25.other_label import other_label
from services.intake.extraction.acord25.reader import (
    _ROW_KEYS,
    AUTO_LIMITS,
    GL_LIMITS,
    WC_LIMITS,
    _Grid,
    _Reader,
)
from services.intake.extraction.acord25.retention import _retention
from services.intake.extraction.textgeom import Match, token
from shared.contracts import certificate as c


def _read_grid(r: _Reader, cert: c.Certificate, top: float, bottom: float) -> None:
    type_label = _type_label(r, (0.0, top, 1.0, bottom))
    if type_label is None:
        return
    headers, header_bottom = _headers(r, type_label)
    grid_region = (0.0, header_bottom + r.h * 0.1, 1.0, bottom)
    blocks, lower_anchor, rows_down = _blocks(r, grid_region)
    if not blocks:
        return
    grid = _columns(r, headers, type_label, [m for _, m in blocks], grid_region)

    # Vertical extent of each block: from its label to the next block's label.
    tops = [
        max(
            m.top - r.h * 0.35 - (_row_pitch(r, grid_region) * rows_down if m is lower_anchor else 0.0),
            grid_region[1],
        )
        for _, m in blocks
    ]
    wc_end = None
    for phrase in ("OFFICER/MEMBER EXCLUDED?", "(Mandatory in NH)", "E.L. DISEASE - POLICY LIMIT"):
        found = r.label(phrase, region=grid_region)
        if found is not None:
            wc_end = max(wc_end or 0.0, found.bottom)
    wc_label = next((m for key, m in blocks if key == "wc"), None)
    if wc_label is not None:
        # The employers' liability rows print `E.L.` before their labels, however garbled the rest,
        # and two of them `DISEASE` (where `E.L.` comes out as `BL`), maybe glued to the next word
        # (`DISEASE-PoLicy`).
        el_rows = [
            w.box.bottom
            for w in r.page.words_in(grid.limits_left, wc_label.top, 1.0, bottom)
            if token(w.text) == "EL" or token(w.text).startswith("DISEASE")
        ]
        if el_rows:
            wc_end = max(wc_end or 0.0, *el_rows)
    for index, block in enumerate(blocks):
        block_top = tops[index]
        block_bottom = tops[index + 1] if index + 1 < len(blocks) else bottom
        if block[0] == "wc" and wc_end is not None and index + 1 == len(blocks):
            block_bottom = wc_end + r.h * 0.5
        _read_block(r, cert, block, grid, (block_top, block_bottom))
    # The free row for other coverage sits below workers compensation (or the last block).
    last_key, last_label = blocks[-1]
    if last_key == "wc" and wc_end is not None:
        _read_block(r, cert, ("other", last_label), grid, (wc_end + r.h * 0.5, bottom))


_DATE_FORMAT_HEADER = re.compile(r"(?:DD|MM|W)/?Y{3,4}|^\(M{1,2}[A-Z]?/?D")


def _headers(r: _Reader, type_label: Match) -> tuple[dict[str, Match | None], float]:
    """The grid's column headers beside TYPE OF INSURANCE, and where the header band ends."""
    band = (0.0, type_label.top - r.h * 1.5, 1.0, type_label.bottom + r.h * 2.5)
    headers = {
        "ltr": r.label("INSR", region=band, fuzzy=False) or r.label("LTR", region=band, fuzzy=False),
        "addl": r.label("ADDL", region=band, fuzzy=False) or r.label("INSD", region=band, fuzzy=False),
        "subr": r.label("SUBR", region=band, fuzzy=False) or r.label("WVD", region=band, fuzzy=False),
        "number": r.label("POLICY NUMBER", region=band),
        "eff": r.label("POLICY EFF", region=band, fuzzy=False) or r.label("EFF", region=band, fuzzy=False),
        "exp": r.label("POLICY EXP", region=band, fuzzy=False) or r.label("EXP", region=band, fuzzy=False),
    }
    if headers["subr"] is None and headers["addl"] is not None:
        headers["subr"] = _misread_header_after(r, headers["addl"], headers["number"], band)
    if headers["addl"] is None and headers["subr"] is not None:
        headers["addl"] = _misread_header_before(r, headers["subr"], type_label, band)
    if headers["subr"] is None:
        # `ADDLSUBR` read as one word (with `INSD` found under it, or nothing): its share of each.
        glued_addl, glued_subr = _glued_headers(r, band)
        if glued_subr is not None:
            headers["addl"], headers["subr"] = glued_addl, glued_subr
    if headers["addl"] is None and headers["subr"] is None:
        headers["addl"], headers["subr"] = _two_misread_headers(r, type_label, headers["number"], band)
    for key, lower in (("addl", "INSD"), ("subr", "WVD")):
        headers[key] = _with_lower_line(r, headers[key], lower, band)
    # (a header word boxed over the row below too, `POLICY` 25 thousandths tall, counts a line high:
    # the first row's block label would fall inside the band)
    header_bottom = max(
        min(w.box.bottom, w.box.top + r.h * 2)
        for m in [type_label, *(h for h in headers.values() if h)]
        for w in m.words
    )
    # `(MM/DD/YYYY)` under each date column; 5 pt print, often misread (`(MMWDD/YYYY)`, `(MDD/YYYY)`).
    second = [
        Match((w,))
        for w in r.page.words_in(*band)
        if _DATE_FORMAT_HEADER.search(w.text.upper()) and w.box.top > type_label.top
    ]
    if len(second) == 2 and (headers["eff"] is None or headers["exp"] is None):
        # A date column's first header line lost: the two (MM/DD/YYYY) lines are the columns.
        left_date, right_date = sorted(second, key=lambda m: m.left)
        headers["eff"], headers["exp"] = headers["eff"] or left_date, headers["exp"] or right_date
    return headers, max([header_bottom, *(m.bottom for m in second)])


def _blocks(
    r: _Reader, grid_region: tuple[float, float, float, float]
) -> tuple[list[tuple[str, Match]], Match | None, int]:
    """The coverage blocks' labels, top to bottom; a label found some rows below an unreadable
    block label, with how many rows down it is printed."""
    blocks: list[tuple[str, Match]] = []
    for key, phrases in (
        ("gl", ("COMMERCIAL GENERAL LIABILITY", "GENERAL LIABILITY")),  # `ss GENERAL LIABILITY`
        ("auto", ("AUTOMOBILE LIABILITY", "AUTO LIABILITY")),
        ("umb", ("UMBRELLA LIAB",)),
        ("wc", ("WORKERS COMPENSATION",)),
    ):
        for phrase in phrases:
            found = r.label(phrase, region=grid_region)
            if found is not None:
                blocks.append((key, found))
                break
    if not any(k == "wc" for k, _ in blocks):
        # `WORKERS COMPENSATION` unreadable (`IORKERS`): its second line, printed in the same row,
        # still marks where the block starts.
        # Or its words read on two lines (`WORKERS` beside the row's number, `COMPENSATION` with
        # `AND EMPLO` below): its first word alone, as printed, marks it.
        apart = r.label("AND EMPLOYERS' LIABILITY", region=grid_region) or r.label(
            "WORKERS", region=grid_region, fuzzy=False
        )
        if apart is not None:
            blocks.append(("wc", apart))
    glued_block_labels(r, grid_region, blocks)
    if not any(k == "auto" for k, _ in blocks) and (beside := _auto_label_beside_its_limit(r, grid_region)):
        blocks.append(("auto", beside))
    lower_anchor: Match | None = None
    rows_down = 0
    if not any(k == "umb" for k, _ in blocks):
        # "UMBRELLA LIAB" unreadable: anchor on a label printed one or two rows lower in the same block.
        for phrase, down in (("EXCESS LIAB", 1), ("RETENTION", 2)):
            lower_anchor = r.label(phrase, region=grid_region)
            if lower_anchor is not None:
                rows_down = down
                blocks.append(("umb", lower_anchor))
                break
    blocks.sort(key=lambda kv: kv[1].top)
    return blocks, lower_anchor, rows_down


def _columns(
    r: _Reader,
    headers: dict[str, Match | None],
    type_label: Match,
    type_phrases: list[Match],
    grid_region: tuple[float, float, float, float],
) -> _Grid:
    """The grid's column edges: the type-of-insurance column from the printed options, the middle
    columns from their headers, the limits from their labels."""
    bottom = grid_region[3]
    for phrase in (
        "NON-OWNED AUTOS ONLY",
        "NON-OWNED AUTOS",
        "SCHEDULED AUTOS",
        "ANY PROPRIETOR/PARTNER/EXECUTIVE",
        "GEN'L AGGREGATE LIMIT APPLIES PER",
        "AND EMPLOYERS' LIABILITY",
        "CLAIMS-MADE",
    ):
        found = r.label(phrase, region=grid_region, fuzzy=len(phrase) > 10)
        if found is not None:
            type_phrases.append(found)
    first_middle = min(
        (m.left for k in ("addl", "subr", "number") if (m := headers[k]) is not None), default=1.0
    )
    yes_no_label = _yes_no_label(r, (0.0, grid_region[1], first_middle, bottom))
    if yes_no_label is not None:
        type_phrases.append(yes_no_label)
    middle_lefts = [m.left for k in ("addl", "subr", "number", "eff", "exp") if (m := headers[k]) is not None]
    type_right = max(m.right for m in type_phrases) + r.h * 0.5
    if middle_lefts and min(middle_lefts) > type_label.right:
        type_right = min(type_right, min(middle_lefts) + r.h * 0.2)
    phrase_left = min(m.left for m in type_phrases)
    ltr = headers["ltr"]
    ltr_right = min(
        (ltr.right + r.h * 0.4) if ltr is not None else phrase_left - r.h, phrase_left - r.h * 0.2
    )
    type_left = max(ltr_right, phrase_left - r.h * 1.2)
    limits_left = _limits_left(r, headers, type_right, grid_region)
    # A narrow column's centre: the mean of its header words' centres (ADDL over INSD), so one
    # word boxed too wide by OCR (`ADDL` taking in the gap to SUBR) moves it only half as far.
    centers = {
        k: sum(w.box.center_x for w in m.words) / len(m.words)
        for k, m in headers.items()
        if m is not None and k != "ltr"
    }
    _mark_columns_from_rows(r, centers, headers["number"], (type_right, grid_region[1], limits_left, bottom))
    officers_right = officers_box_right(type_right, middle_lefts, centers, r.h)
    eff_header = headers["eff"]
    printed_dates = None
    if "eff" not in centers or "exp" not in centers:
        printed_dates = _date_columns(r, grid_region, type_right, limits_left)
        if printed_dates is not None:
            centers.setdefault("eff", printed_dates[0])
            centers.setdefault("exp", printed_dates[1])
    if eff_header is not None:
        dates_left = eff_header.left - r.h * 0.5
    elif printed_dates is not None:
        dates_left = printed_dates[2]
    elif "number" in centers and "exp" in centers:
        dates_left = centers["number"] + (centers["exp"] - centers["number"]) * 0.4
    else:
        dates_left = limits_left
    return _Grid(ltr_right, type_left, type_right, limits_left, centers, officers_right, dates_left)


def officers_box_right(
    type_right: float, middle_lefts: list[float], centers: dict[str, float], h: float
) -> float:
    """Where the workers' comp `Y / N` box ends: before the first middle column's header, and
    before the ADDL column, which starts half a mark column left of its centre (found from its
    header or, the header lost, from the rows' marks): a SUBR `Y` level with the box is no answer
    to the officers' question."""
    right = max(type_right, min(middle_lefts, default=type_right) - h * 0.2)
    if "addl" in centers:
        half = (centers["subr"] - centers["addl"]) / 2 if "subr" in centers else h
        right = max(type_right, min(right, centers["addl"] - half))
    return right


def _mark_columns_from_rows(
    r: _Reader, centers: dict[str, float], number: Match | None, rows: tuple[float, float, float, float]
) -> None:
    """ADDL INSD or SUBR WVD with no header print left at all: the other's marks place it."""
    if "addl" in centers and "subr" not in centers:
        found = _column_of_marks(r, centers["addl"], "after", rows, number.left if number else None)
        if found is not None:
            centers["subr"] = found
    if "subr" in centers and "addl" not in centers:
        found = _column_of_marks(r, centers["subr"], "before", rows, rows[0])
        if found is not None:
            centers["addl"] = found
    if "addl" not in centers and "subr" not in centers:
        both = mark_columns_without_headers(r, rows, number.left if number else None)
        if both is not None:
            centers["addl"], centers["subr"] = both


def _limits_left(
    r: _Reader,
    headers: dict[str, Match | None],
    type_right: float,
    grid_region: tuple[float, float, float, float],
) -> float:
    """The limits column's left edge: just left of the printed limit labels, else past the dates."""
    limit_labels = []
    for phrase, _ in (*GL_LIMITS, *AUTO_LIMITS, *WC_LIMITS):
        found = r.label(phrase, region=grid_region, fuzzy=len(phrase) > 10)
        if found is not None and found.left > type_right:
            limit_labels.append(found)
    statute = r.label("PER STATUTE", region=grid_region)
    if statute is not None and statute.left > type_right:
        limit_labels.append(statute)
    if limit_labels:
        return min(m.left for m in limit_labels) - r.h * 0.6
    exp = headers["exp"] or headers["eff"]
    return exp.right + r.h if exp else 0.75


def _read_block(
    r: _Reader, cert: c.Certificate, block: tuple[str, Match], grid: _Grid, extent: tuple[float, float]
) -> None:
    key, label = block
    top, bottom = extent
    if bottom <= top:
        return
    conf = r.conf
    middle = _middle_values(r, grid, top, bottom, printed_na=key == "wc")
    number = middle.get("number")
    undated = middle.get("eff") is None and middle.get("exp") is None
    if undated and (number is None or (r.ocr and _speck_of_print(str(number[0])))):
        # A pre-printed row with no policy number and no dates is not a policy; on a scan neither
        # is one whose "number" is a speck or a stray fragment of a label (`1`, `vin`) - unless
        # amounts stand in its limit cells: a policy whose number and dates the scan lost, kept
        # for a person to complete rather than dropped as a missing coverage.
        if not (r.ocr and _amounts_printed(r, grid, extent)):
            return
        number = None
    index = len(cert.policies)
    path = f"policies.{index}"
    coverage, labels, policy_kw = block_options(r, key, grid, extent, path)
    policy = c.Policy(coverage=coverage)
    for attribute_name, setting in policy_kw.items():
        setattr(policy, attribute_name, setting)
    letter = _read_letter(r, grid, extent, {i.letter for i in cert.insurers})
    if letter is not None:
        policy.insurer_letter, conf[f"{path}.insurer_letter"] = letter
    if number is not None:
        policy.policy_number = str(number[0])
        conf[f"{path}.policy_number"] = number[1]
    for column, attribute in (
        ("eff", "effective_date"),
        ("exp", "expiration_date"),
        ("addl", "additional_insured"),
        ("subr", "subrogation_waived"),
    ):
        if column in middle:
            setattr(policy, attribute, middle[column][0])
            conf[f"{path}.{attribute}"] = middle[column][1]
    if key == "other":
        found = other_label(r, grid, top, bottom)
        if found is not None:
            policy.label, conf[f"{path}.label"] = found
        policy.label, policy.policy_number = label_spilt_into_number(policy.label, policy.policy_number)
    rows = _ROW_KEYS.get(key, ())
    pitch = (
        (_limit_row_pitch(r, grid) or _row_pitch(r, (0.0, top - r.h * 8, 1.0, bottom + r.h * 8)))
        if rows
        else 0.0
    )
    policy.limits = _limits(r, grid, extent, LimitRows(labels, rows, label.center_y, pitch), path)
    if key == "umb":
        _retention(r, grid, policy, extent, path)
    cert.policies.append(policy)


_SHORTEST_POLICY_NUMBER = 4
_LABEL_SPILL = re.compile(r"(LIAB(?:ILITY)?|INSURANCE|COVERAGE)\s+(\S*\d\S*)$", re.IGNORECASE)
_PRINTED_AMOUNT = re.compile(r"\$?[1-9]\d{0,2}(?:,\d{3})+")


def label_spilt_into_number(label: str | None, number: str | None) -> tuple[str | None, str | None]:
    """A long label's last word run on into the number's cell (`CONTRACTORS POLLUTION` and
    `LIAB PL993566124-40`) given back to the label."""
    spill = _LABEL_SPILL.match(number or "") if label else None
    return (f"{label} {spill.group(1)}", spill.group(2)) if spill else (label, number)


def _amounts_printed(r: _Reader, grid: _Grid, extent: tuple[float, float]) -> bool:
    words = r.page.words_in(grid.limits_left, extent[0], 1.0, extent[1])
    return sum(bool(_PRINTED_AMOUNT.fullmatch(w.text.strip())) for w in words) >= 2


def _speck_of_print(number: str) -> bool:
    """Under four letters or digits, or a word in small letters (`vine` of `(Mandatory in NH)`)."""
    short = sum(ch.isalnum() for ch in number) < _SHORTEST_POLICY_NUMBER
    return short or (number.isalpha() and number.islower())
