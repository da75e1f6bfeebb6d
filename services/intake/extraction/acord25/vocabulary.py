"""Common words of OCR'd names spelt as printed: a word one letter off exactly one known word is
that word (`Comnany` -> `Company`, `Croup` -> `Group`), its case kept as printed.

Carriers' names are made of a few words (`Insurance`, `Casualty`, `Mutual`); contractors' names
too (`Construction`, `Group`, `Builders`). A name has no check digit, so a misread letter in one
would otherwise fail a name match in review. Only words of six letters or more are corrected by
any one letter or two neighbouring letters swapped (`Buliding`), words of seven or more also by one
letter too many (`Companvy`, one glyph read as two); five-letter words only by a letter
OCR confuses with its look-alike (`C`/`G`).
"""

from __future__ import annotations

import re

CARRIER_WORDS = (
    "Insurance", "Company", "Casualty", "Mutual", "Indemnity", "Assurance", "Surety", "Specialty",
    "American", "National", "Underwriters", "Corporation", "Fire", "General", "Property", "Liability",
    "Guaranty", "Association", "Regional", "Continental", "Employers", "Accident", "Guarantee",
    "Standard", "Reciprocal", "Exchange", "Lloyds", "Syndicate",
    # Brand and place words of large US carriers' legal names (the AM Best list's common ones).
    "Pittsburgh", "Hartford", "Pennsylvania", "Illinois", "Connecticut", "America", "Travelers",
    "Liberty", "Zurich", "Hanover", "Cincinnati", "Westfield", "Westchester", "Lexington",
    "Scottsdale", "Nationwide", "Selective", "Federal", "Navigators", "Berkley", "Amerisure",
    "Colony", "Everest", "Markel", "Ironshore", "Sentry", "Charter", "Acuity", "Philadelphia",
    "Crum", "Forster", "Arch", "Starr", "Texas", "Ohio", "Great", "Republic", "Fireman's",
)  # fmt: skip

PARTY_WORDS = (
    "Associates", "Builders", "Building", "Company", "Concrete", "Construction", "Contracting",
    "Contractors", "Corporation", "Development", "Drywall", "Electric", "Electrical", "Engineering",
    "Enterprises", "Excavating", "Excavation", "Framing", "General", "Glass", "Glazing", "Group",
    "Holdings", "Industries", "Insulation", "Interiors", "International", "Landscaping", "Management",
    "Masonry", "Mechanical", "Painting", "Partners", "Paving", "Plumbing", "Properties", "Restoration",
    "Roofing", "Services", "Solutions", "Steel", "Structures", "Supply", "Systems",
    # the trades' own words (fire protection, elevators, site work and the finishes); not those a
    # letter off another name's word (`Heating`: Seating, `Welding`: Wedding, `Flooring`: Flooding)
    "Abatement", "Acoustical", "Carpentry", "Demolition", "Elevator", "Environmental", "Equipment",
    "Fabrication", "Fencing", "Protection", "Scaffolding", "Specialties", "Sprinkler", "Utilities",
    "Waterproofing",
)  # fmt: skip

# Words of the free limit labels agencies print on `other` rows (crime, property, pollution,
# professional, inland marine, equipment, cyber): a label word outside them was likely misread.
LIMIT_LABEL_WORDS = (
    "Each", "Per", "Any", "One", "All", "Of", "The", "And", "In", "To", "Claim", "Claims", "Occurrence",
    "Aggregate", "Limit", "Limits", "Sublimit", "Deductible", "Retention", "SIR", "Building", "Buildings",
    "Contents", "Business", "Income", "Extra", "Expense", "Personal", "Property", "Prop", "Employee",
    "Employees", "Theft", "Dishonesty", "Forgery", "Alteration", "Computer", "Fraud", "Funds",
    "Transfer", "Money", "Securities", "Condition", "Conveyance", "Location", "Locations",
    "Scheduled", "Unscheduled", "Equipment", "Equip", "Leased", "Rented", "Rental", "Installation",
    "Project", "Transit", "Cargo", "Vehicle", "Loss", "Policy", "Item", "Wrongful", "Act", "Acts",
    "Pollution", "Professional", "Total", "Annual", "Blanket", "Job", "Site", "Value", "Tools",
    "Combined", "Single", "Incident", "Breach", "Privacy", "Network", "Security", "Liability",
    "Replacement", "Cost", "Actual", "Cash", "Tenant", "Improvements", "Betterments", "Stock",
)  # fmt: skip
_LIMIT_LABEL_KNOWN = frozenset(word.upper() for word in LIMIT_LABEL_WORDS)

# A word this long, one letter too many, is still itself (no other word of a name is that near).
_SHORTEST_FOR_EXTRA_LETTER = 7
# Letters OCR reads one for the other in print (upper case compared).
_LOOKALIKES = frozenset(
    frozenset(pair)
    for pair in (
        "CG",
        "OQ",
        "OD",
        "IL",
        "HN",
        "EF",
        "PR",
        "UV",
        "CE",
        "AO",
        "SB",
        "HT",
        "AG",
        "VY",
        "PY",
        "GP",
        "GQ",
    )
)


def carrier_vocabulary(name: str) -> str:
    """An OCR'd insurer name with its common words spelt as printed."""
    return _spelt(name, CARRIER_WORDS, shortest=6)


def party_vocabulary(name: str) -> str:
    """An OCR'd insured or certificate holder name with its common words spelt as printed."""
    return _spelt(name, PARTY_WORDS, shortest=5)


def limit_label_vocabulary(label: str) -> tuple[str, bool]:
    """A free limit label with its words spelt as printed (`Fach Condition` -> `Each Condition`),
    and whether any word was spelt or is none of the label words (either way a guess)."""
    spelt = " ".join(
        _first_letter_misread(_plural_misread(word))
        for word in _spelt(label, LIMIT_LABEL_WORDS, shortest=3).split(" ")
    )
    words = [word.upper() for word in re.findall(r"[A-Za-z]+", spelt)]
    return spelt, spelt != label or any(word not in _LIMIT_LABEL_KNOWN for word in words)


def _plural_misread(word: str) -> str:
    """`Props` -> `Prop`: a label word with an `s` no label prints (a speck after it read as one);
    the plurals labels print (`Claims`, `Limits`) are label words of their own."""
    stem = word[:-1]
    if (
        word[-1:] in ("s", "S")
        and word.upper() not in _LIMIT_LABEL_KNOWN
        and stem.upper() in _LIMIT_LABEL_KNOWN
    ):
        return stem
    return word


def _first_letter_misread(word: str) -> str:
    """`Rach` -> `Each`: a label word of four letters or more whose first letter alone is off one
    known label word (a capital is the glyph a scan smudges most), spelt as that word."""
    if len(word) < _SHORTEST_FIRST_LETTER_OFF or not word.isalpha() or word.upper() in _LIMIT_LABEL_KNOWN:
        return word
    known = [w for w in LIMIT_LABEL_WORDS if len(w) == len(word) and w[1:].upper() == word[1:].upper()]
    if len(known) != 1:
        return word
    return known[0].upper() if word.isupper() else known[0]


_SHORTEST_FIRST_LETTER_OFF = 4


def _spelt(name: str, vocabulary: tuple[str, ...], shortest: int) -> str:
    words = name.split(" ")
    titled = sum(w[:1].isupper() for w in words) > len(words) / 2
    out: list[str] = []
    for word in words:
        core = word.strip(",.():;")  # `Equipmeni:`: a speck after the word read as a colon
        known = _closest(core, vocabulary) if len(core) >= shortest else None
        stem = core.rstrip("}]|)")
        if known is None and stem != core and len(stem) >= shortest:
            # `Pro})`: the word's last letter (a `p`'s descender) read as brackets
            known = _one_letter_on(stem, vocabulary)
        if known is None or known == core:
            out.append(word)
            continue
        spelt = (
            known.upper() if core.isupper() else (known if titled or core[:1].isupper() else known.lower())
        )
        out.append(word.replace(core, spelt))
    return " ".join(out)


def _closest(word: str, vocabulary: tuple[str, ...]) -> str | None:
    upper = word.upper()
    for known in vocabulary:
        target = known.upper()
        if upper == target:
            return known
        if len(target) >= _SHORTEST_FOR_EXTRA_LETTER and _one_letter_extra(upper, target):
            return known
        if len(upper) != len(target):
            continue
        differences = [(a, b) for a, b in zip(upper, target, strict=True) if a != b]
        if len(differences) == 1 and (len(upper) >= 6 or frozenset(differences[0]) in _LOOKALIKES):
            return known
        if len(upper) >= 6 and _swapped_neighbours(upper, target):
            return known
    return None


def _one_letter_on(stem: str, vocabulary: tuple[str, ...]) -> str | None:
    """The one vocabulary word that is `stem` and one letter more."""
    found = [k for k in vocabulary if len(k) == len(stem) + 1 and k.upper().startswith(stem.upper())]
    return found[0] if len(found) == 1 else None


def _one_letter_extra(word: str, target: str) -> bool:
    """`COMPANVY` for `COMPANY`: one glyph read as two (a `y` as `vy`), so one letter too many. A
    plural (`PAINTINGS`) is a word of its own."""
    if word == target + "S":
        return False
    return len(word) == len(target) + 1 and any(word[:i] + word[i + 1 :] == target for i in range(len(word)))


def _swapped_neighbours(word: str, target: str) -> bool:
    """`BULIDING` for `BUILDING`: two neighbouring letters read in each other's place."""
    apart = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
    return (
        len(apart) == 2
        and apart[1] == apart[0] + 1
        and word[apart[0]] == target[apart[1]]
        and (word[apart[1]] == target[apart[0]])
    )
