"""The ZIP code prefixes (their first three digits) each state's post offices use, as USPS assigns
them: a ZIP printed for another state than the one beside it had a digit misread."""

from __future__ import annotations

# State code -> ranges of three-digit ZIP prefixes, both ends included (USPS prefix assignments).
_PREFIXES: dict[str, tuple[tuple[int, int], ...]] = {
    "AL": ((350, 369),),
    "AK": ((995, 999),),
    "AZ": ((850, 865),),
    "AR": ((716, 729),),
    "CA": ((900, 961),),
    "CO": ((800, 816),),
    "CT": ((60, 69),),
    "DE": ((197, 199),),
    "DC": ((200, 205), (569, 569)),
    "FL": ((320, 349),),
    "GA": ((300, 319), (398, 399)),
    "HI": ((967, 968),),
    "ID": ((832, 838),),
    "IL": ((600, 629),),
    "IN": ((460, 479),),
    "IA": ((500, 528),),
    "KS": ((660, 679),),
    "KY": ((400, 427),),
    "LA": ((700, 714),),
    "ME": ((39, 49),),
    "MD": ((206, 219),),
    "MA": ((10, 27), (55, 55)),
    "MI": ((480, 499),),
    "MN": ((550, 567),),
    "MS": ((386, 397),),
    "MO": ((630, 658),),
    "MT": ((590, 599),),
    "NE": ((680, 693),),
    "NV": ((889, 898),),
    "NH": ((30, 38),),
    "NJ": ((70, 89),),
    "NM": ((870, 884),),
    "NY": ((5, 5), (63, 63), (100, 149)),
    "NC": ((270, 289),),
    "ND": ((580, 588),),
    "OH": ((430, 459),),
    "OK": ((730, 749),),
    "OR": ((970, 979),),
    "PA": ((150, 196),),
    "RI": ((28, 29),),
    "SC": ((290, 299),),
    "SD": ((570, 577),),
    "TN": ((370, 385),),
    "TX": ((750, 799), (885, 885)),
    "UT": ((840, 847),),
    "VT": ((50, 59),),
    "VA": ((201, 201), (220, 246)),
    "WA": ((980, 994),),
    "WV": ((247, 268),),
    "WI": ((530, 549),),
    "WY": ((820, 831),),
    "PR": ((6, 9),),
}


def zip_outside_state(state: str, zip_code: str) -> bool:
    """Whether a five-digit ZIP cannot be the named state's (unknown codes and territories pass)."""
    ranges = _PREFIXES.get(state.upper())
    if ranges is None or not zip_code[:3].isdigit():
        return False
    prefix = int(zip_code[:3])
    return not any(low <= prefix <= high for low, high in ranges)


def state_misread(code: str, zip_code: str) -> str | None:
    """The state a code that is none (`NI 07196`, `NO 27641`) was read from: the one state a letter
    off it whose post offices use the ZIP's prefix; None where no state or several fit."""
    if code in _PREFIXES or len(code) != _CODE_LETTERS or not zip_code[:3].isdigit():
        return None
    fits = [
        state
        for state in _PREFIXES
        if sum(a != b for a, b in zip(state, code, strict=True)) == 1
        and not zip_outside_state(state, zip_code)
    ]
    return fits[0] if len(fits) == 1 else None


_CODE_LETTERS = 2
