"""The carrier table: AM Best ratings by NAIC number, then by insurer name.

`coi check --carriers FILE` and the review service load it from a CSV with the header
`naic,name,am_best_rating,am_best_size`. The project ships no built-in ratings: AM Best data is
licensed and changes daily, so the table is empty unless one is provided, and every insurer then
reads as "not rated" when a requirement sets a minimum.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

from shared.contracts.names import normalise_name

# Financial strength ratings, best first (shared/reference/coi_domain.md).
AM_BEST_RATINGS: tuple[str, ...] = (
    "A++", "A+", "A", "A-", "B++", "B+", "B", "B-", "C++", "C+", "C", "C-", "D", "E", "F", "S",
)  # fmt: skip
# Financial size categories, smallest first.
AM_BEST_SIZES: tuple[str, ...] = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
)  # fmt: skip
_RATING_RANK = {rating: rank for rank, rating in enumerate(AM_BEST_RATINGS)}
_SIZE_RANK = {size: rank + 1 for rank, size in enumerate(AM_BEST_SIZES)}
# "A- (Excellent)", "a-", "A- u" (under review): the leading grade is what counts.
_RATING_TEXT = re.compile(r"^\s*([A-Fa-fSs])(\+\+|\+|-)?(?![A-Za-z0-9+\-])")
_SIZE_TEXT = re.compile(r"^\s*(?:(?:class|fsc|size)\s*)?([IVXivx]+|\d{1,2})\s*$")
_NOT_RATED = frozenset({"", "nr", "n/r", "not rated", "none", "-"})

CARRIERS_CSV_HEADER = ("naic", "name", "am_best_rating", "am_best_size")


_KEPT_WORDS, _TAIL_WORD = 2, 4


class CarrierTableError(ValueError):
    """A carrier CSV that cannot be used; the message names the line at fault."""


def parse_am_best_rating(text: str | None) -> str | None:
    """The canonical rating ("A-") or None for blank / "NR"; raises ValueError when unreadable."""
    if text is None or text.strip().lower() in _NOT_RATED:
        return None
    match = _RATING_TEXT.match(text)
    if match is None:
        raise ValueError(f"unknown AM Best rating {text!r}")
    rating = match.group(1).upper() + (match.group(2) or "")
    if rating not in _RATING_RANK:
        raise ValueError(f"unknown AM Best rating {text!r}")
    return rating


def parse_am_best_size(text: str | None) -> str | None:
    """The canonical size category ("VII", also from "7" or "Class VII") or None when blank."""
    if text is None or text.strip().lower() in _NOT_RATED:
        return None
    match = _SIZE_TEXT.match(text.strip().lower())
    if match is None:
        raise ValueError(f"unknown AM Best size category {text!r}")
    raw = match.group(1).upper()
    if raw.isdigit():
        number = int(raw)
        if not 1 <= number <= len(AM_BEST_SIZES):
            raise ValueError(f"unknown AM Best size category {text!r}")
        return AM_BEST_SIZES[number - 1]
    if raw not in _SIZE_RANK:
        raise ValueError(f"unknown AM Best size category {text!r}")
    return raw


def rating_rank(rating: str) -> int:
    """0 for A++ (best), growing as the rating worsens."""
    return _RATING_RANK[rating]


def size_rank(size: str) -> int:
    """1 for I (smallest) .. 15 for XV."""
    return _SIZE_RANK[size]


@lru_cache(maxsize=4096)
def normalise_naic(naic: str | None) -> str | None:
    """NAIC company codes are five digits; spreadsheets drop leading zeros, so restore them."""
    if naic is None:
        return None
    digits = re.sub(r"\D", "", naic)
    return digits.zfill(5) if digits else None


class Carrier(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    naic: str | None = None
    name: str
    am_best_rating: str | None = None
    am_best_size: str | None = None

    @field_validator("naic", mode="before")
    @classmethod
    def _canonical_naic(cls, value: object) -> object:
        return normalise_naic(str(value)) if value is not None else None

    @field_validator("am_best_rating", mode="before")
    @classmethod
    def _canonical_rating(cls, value: object) -> object:
        return parse_am_best_rating(value) if isinstance(value, str) or value is None else value

    @field_validator("am_best_size", mode="before")
    @classmethod
    def _canonical_size(cls, value: object) -> object:
        if isinstance(value, int):
            value = str(value)
        return parse_am_best_size(value) if isinstance(value, str) or value is None else value


class CarrierTable:
    """Carriers indexed by NAIC code and by normalised name; lookups try the NAIC code first."""

    def __init__(self, carriers: Iterable[Carrier] = ()) -> None:
        self._carriers: list[Carrier] = []
        self._by_naic: dict[str, Carrier] = {}
        self._by_name: dict[str, Carrier] = {}
        for carrier in carriers:
            self.add(carrier)

    def add(self, carrier: Carrier) -> None:
        self._carriers.append(carrier)
        if carrier.naic:
            self._by_naic.setdefault(carrier.naic, carrier)
        core = normalise_name(carrier.name)
        if core:
            self._by_name.setdefault(core, carrier)

    def lookup(self, naic: str | None = None, name: str | None = None) -> Carrier | None:
        code = normalise_naic(naic)
        if code is not None:
            found = self._by_naic.get(code)
            if found is not None:
                return found
        if name:
            core = normalise_name(name)
            return self._by_name.get(core) or self._by_name_with_tail(core)
        return None

    def _by_name_with_tail(self, core: str) -> Carrier | None:
        """A known name followed by a short word or two no carrier's name ends with: a scan's
        reading of the next column (`Old Republic General Insurance Coro De`). At least two words
        of the name must remain, so a lone `Liberty` matches nothing."""
        tokens = core.split()
        for drop in (1, 2):
            kept, tail = tokens[:-drop], tokens[-drop:]
            if len(kept) >= _KEPT_WORDS and all(len(word) <= _TAIL_WORD for word in tail):
                found = self._by_name.get(" ".join(kept))
                if found is not None:
                    return found
        return None

    def __len__(self) -> int:
        return len(self._carriers)

    def __iter__(self) -> Iterator[Carrier]:
        return iter(self._carriers)


def load_carriers_csv(path: Path | str) -> CarrierTable:
    """Read `naic,name,am_best_rating,am_best_size`; raises CarrierTableError naming the bad line."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CarrierTableError(f"cannot read carriers file {path}: {error}") from error
    return parse_carriers_csv(text, source=f"carriers file {path}")


def parse_carriers_csv(text: str, *, source: str = "carriers CSV") -> CarrierTable:
    """The carrier table in CSV text (an upload, a pasted list); errors name `source` and the line."""
    reader = csv.DictReader(text.removeprefix("\ufeff").splitlines())
    header = tuple((field or "").strip().lower() for field in (reader.fieldnames or ()))
    missing = [column for column in CARRIERS_CSV_HEADER if column not in header]
    if missing:
        raise CarrierTableError(
            f"{source} must have the header {','.join(CARRIERS_CSV_HEADER)} (missing {', '.join(missing)})"
        )
    table = CarrierTable()
    for line_number, row in enumerate(reader, start=2):
        cells = {(key or "").strip().lower(): (value or "").strip() for key, value in row.items() if key}
        if not any(cells.values()):
            continue
        if not cells.get("name") and not cells.get("naic"):
            raise CarrierTableError(f"{source} line {line_number}: needs a naic or a name")
        try:
            table.add(
                Carrier(
                    naic=cells.get("naic") or None,
                    name=cells.get("name") or "",
                    am_best_rating=cells.get("am_best_rating") or None,
                    am_best_size=cells.get("am_best_size") or None,
                )
            )
        except ValueError as error:
            reason = _first_error_line(error)
            raise CarrierTableError(f"{source} line {line_number}: {reason}") from error
    return table


class LayeredCarrierTable(CarrierTable):
    """A tenant's own carriers first, then a fallback table for the carriers the tenant lacks.

    Each lookup runs whole against the first table (NAIC, then name) before the fallback, so a
    carrier the tenant lists by name alone still wins over the fallback's entry for its NAIC."""

    def __init__(self, primary: CarrierTable, fallback: CarrierTable) -> None:
        super().__init__()
        self.primary = primary
        self.fallback = fallback

    def add(self, carrier: Carrier) -> None:
        # Built from two finished tables; adding to one layer only would be ambiguous.
        if hasattr(self, "primary"):
            raise TypeError("a layered carrier table is read-only")
        super().add(carrier)

    def lookup(self, naic: str | None = None, name: str | None = None) -> Carrier | None:
        found = self.primary.lookup(naic, name)
        return found if found is not None else self.fallback.lookup(naic, name)

    def __len__(self) -> int:
        return len(self.primary) + len(self.fallback)

    def __iter__(self) -> Iterator[Carrier]:
        yield from self.primary
        yield from self.fallback


def _first_error_line(error: ValueError) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        details = errors()
        if details:
            message = str(details[0].get("msg", error))
            return message.removeprefix("Value error, ")
    return str(error).splitlines()[0]
