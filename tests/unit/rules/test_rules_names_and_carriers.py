"""Name normalisation, `other` labels, AM Best scales and the carrier CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.review.rules.am_best import Minimum, meets
from services.review.rules.names import (
    label_matches,
    names_match,
    names_match_as_read,
    names_match_in_doubt,
    normalise_name,
)
from shared.contracts.carriers import (
    AM_BEST_RATINGS,
    Carrier,
    CarrierTable,
    CarrierTableError,
    load_carriers_csv,
    parse_am_best_rating,
    parse_am_best_size,
)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Rivera Concrete LLC", "RIVERA CONCRETE, L.L.C."),
        ("Summit Builders Inc", "The Summit Builders, Inc."),
        ("Summit Builders Inc", "Summit Builders Incorporated"),
        ("Acme Co", "Acme Company"),
        ("Acme Corp", "ACME CORPORATION"),
        ("Smith & Jones Ltd", "Smith and Jones Limited"),
        ("Harbor Point Owner LP", "Harbor Point Owner, LLP"),
        ("O'Brien Electric Co., Inc.", "OBrien Electric"),
    ],
)
def test_names_that_match(left: str, right: str) -> None:
    assert names_match(left, right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Rivera Concrete LLC", "Rivera Paving LLC"),
        ("Summit Builders Inc", "Summit Builders Northeast Inc"),
        ("Summit Builders", None),
        (None, None),
        ("", ""),
    ],
)
def test_names_that_do_not_match(left: str | None, right: str | None) -> None:
    assert not names_match(left, right)


@pytest.mark.parametrize(
    ("read", "required"),
    [
        ("lronwood Glass & Glazing LLC", "Ironwood Glass & Glazing LLC"),  # l for I
        ("Beacon Constructio Group", "Beacon Construction Group"),  # a last letter lost
        ("Turner-Walst Construction Co", "Turner-Walsh Construction Co"),
        ("Turner-Walsh Construction Ed", "Turner-Walsh Construction Co"),  # the suffix misread
        ("Pinnacle Contracting Cor", "Pinnacle Contracting Corp"),
        ("Summit Buildersinc", "Summit Builders Inc"),  # the space before the suffix lost
        ("Westfield Plumbing & Heating Carp,", "Westfield Plumbing & Heating Corp."),
        ("KEYSTONE BUILDING COMPANTY", "Keystone Building Company"),  # the spelt-out suffix a letter off
        ("Ri ivera Painting Corp.", "Rivera Painting Corp."),  # the start of a word read twice
        ("pper Concrete Inc", "Copper Concrete Inc"),  # the first letters lost at the box's edge
        ("Tumer-Waleh Construction Co", "Turner-Walsh Construction Co"),  # rn read as m, and a letter
        ("KEYSTONE BUILDING COM PANY", "Keystone Building Company"),  # the spelt-out suffix split
        # one word two glyphs off among three read exactly
        ("Granite Peak Generz Contractors LLC", "Granite Peak General Contractors LLC"),
        ("GRANITE PEAK GENER CONTRACTORS LLC", "Granite Peak General Contractors LLC"),
        ("Northgate Devwall Corp.", "Northgate Drywall Corp."),  # one long word two glyphs off
        ("Summit ilders Inc", "Summit Builders Inc"),  # a later word's first letters lost
        ("Westfield File Protection Compariy", "Westfield Fire Protection Company"),  # ri for n
        ("Pinnacle Contract ing Corp", "Pinnacle Contracting Corp"),  # a word split, the suffix read
        ("Keystone BuildingCompany", "Keystone Building Company"),  # the space before the suffix lost
        ("PINNACLE CONTRACTING GORE", "Pinnacle Contracting Corp"),  # the suffix two glyphs off
        ("KEYSTONE BUILDING MPARY", "Keystone Building Company"),  # most of the spelt suffix
    ],
)
def test_a_scanned_name_misread_by_a_glyph_or_two_still_matches(read: str, required: str) -> None:
    assert names_match_as_read(read, required, from_images=True)
    assert not names_match_as_read(read, required, from_images=False)  # a text layer is exact


@pytest.mark.parametrize(
    ("read", "required"),
    [
        ("Rivera Glass LLC", "Rivera Glazing LLC"),  # another word, not a misread one
        ("Rivera Concrete LLC", "Rivera Paving LLC"),
        ("Summit Builders Inc", "Summit Builders Northeast Inc"),  # a word missing
        ("Apex Roofing", "Apex Roof Ing"),  # too short to tell a split word from another name
        ("Turner-Walsh Constru co", "Turner-Walsh Construction Co"),  # five letters lost
        ("Apex Builders 2", "Apex Builders 3"),  # numbers are never near
        ("Acme Zinc", "Acme Z"),
        ("Lako Mownt Worka", "Lake Mount Works"),  # three letters off in all: another name
        ("Upper Concrete Inc", "Copper Concrete Inc"),  # no letters lost: another word
        ("er Concrete Inc", "Copper Concrete Inc"),  # too little of the word left to tell
        (None, "Summit Builders"),
        ("Summit Buildings Inc", "Summit Builders Inc"),  # two glyphs off with one word beside
        ("Granite Peak Generic Builders LLC", "Granite Peak General Contractors LLC"),
        ("Devwall Corp.", "Drywall Corp."),  # two glyphs off with no other word to vouch for it
        ("Northgate Drywall Carpentry", "Northgate Drywall Company"),  # another word, not the suffix
        ("Keystone Building Supply", "Keystone Building Company"),
        ("Northgate Paving Corp.", "Northgate Drywall Corp."),
    ],
)
def test_a_scanned_name_that_is_another_name_is_a_mismatch(read: str | None, required: str) -> None:
    assert not names_match_as_read(read, required, from_images=True)


@pytest.mark.parametrize(
    ("read", "required", "matches"),
    [
        ("Patel Fil Fire Protection © Co", "Patel Fire Protection Co", True),  # an echo and a speck
        ("Beacon MechanicaliGe Corp.", "Beacon Mechanical Corp.", True),
        ("St ter Ing Excavation 1 Inc", "Sterling Excavation Inc", True),
        ("edline hl Masonry Inc.", "Redline Masonry Inc.", True),
        ("Northgate Masonry iy 25 &.", "Northgate Masonry L.L.C.", True),  # the suffix in scraps
        ("Northgate Masonry iy 25 &.", "Northgate Masonry", False),  # scraps where none is printed
        ("COUNTY MECHANICAL LLC", "TRI-COUNTY MECHANICAL LLC", False),  # a word's letters lost
        ("Redline", "Redline Steel Erectors Co", False),
        ("Sterling Fire Protection of Texas", "Sterling Fire Protection Inc", False),  # words more
        ("Sterling Fire Sprinkler Inc", "Sterling Fire Protection Inc", False),
        ("Apex Roofing Co", "Apex Roof Inc", False),  # too short a name to tell
    ],
)
def test_a_name_listed_for_a_person_may_carry_a_few_glyphs_more(
    read: str, required: str, matches: bool
) -> None:
    assert names_match_in_doubt(read, required) is matches


def test_a_name_made_only_of_a_suffix_keeps_it() -> None:
    assert normalise_name("LLC") == "llc"


@pytest.mark.parametrize(
    ("required", "printed", "matches"),
    [
        ("Pollution Liability", "Contractors Pollution Liability", True),
        ("Contractors Pollution Liability", "Pollution Liability", False),
        ("Professional Liability", "Errors & Omissions", True),
        ("Professional Liability", "Pollution Liability", False),
        (None, "Inland Marine", True),
        ("Pollution Liability", None, False),
    ],
)
def test_other_coverage_labels(required: str | None, printed: str | None, matches: bool) -> None:
    assert label_matches(required, printed) is matches


def test_am_best_rating_scale_is_ordered_best_first() -> None:
    assert AM_BEST_RATINGS == (
        "A++", "A+", "A", "A-", "B++", "B+", "B", "B-", "C++", "C+", "C", "C-", "D", "E", "F", "S",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("rating", "size", "minimum", "ok"),
    [
        ("A-", "VII", Minimum("A-", "VII"), True),
        ("B++", "XV", Minimum("A-", "VII"), False),
        ("A++", "VI", Minimum("A-", "VII"), False),
        ("A++", "XV", Minimum("A-", "VII"), True),
        ("A", "I", Minimum("A", None), True),
        ("C-", "XV", Minimum(None, "XV"), True),
        ("D", "XV", Minimum("D", None), True),
        ("E", "XV", Minimum("D", None), False),
        ("S", "XV", Minimum("F", None), False),
    ],
)
def test_am_best_boundaries(rating: str, size: str, minimum: Minimum, ok: bool) -> None:
    assert meets(Carrier(name="X", am_best_rating=rating, am_best_size=size), minimum) is ok


@pytest.mark.parametrize(
    ("text", "rating"), [("A-", "A-"), ("a++", "A++"), ("A- (Excellent)", "A-"), ("NR", None), ("", None)]
)
def test_parse_rating(text: str, rating: str | None) -> None:
    assert parse_am_best_rating(text) == rating


@pytest.mark.parametrize("text", ["AA", "Excellent", "G", "A+++"])
def test_unknown_ratings_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="AM Best rating"):
        parse_am_best_rating(text)


@pytest.mark.parametrize(("text", "size"), [("VII", "VII"), ("7", "VII"), ("Class XV", "XV"), ("xii", "XII")])
def test_parse_size(text: str, size: str) -> None:
    assert parse_am_best_size(text) == size


@pytest.mark.parametrize("text", ["XVI", "16", "0", "big"])
def test_unknown_sizes_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="size category"):
        parse_am_best_size(text)


def test_lookup_prefers_naic_then_name() -> None:
    # GIVEN two carriers
    table = CarrierTable(
        [
            Carrier(naic="01234", name="First Insurance Co", am_best_rating="A", am_best_size="X"),
            Carrier(naic="56789", name="Second Insurance Company", am_best_rating="B", am_best_size="V"),
        ]
    )

    # THEN the NAIC wins over a different name, leading zeros are restored, names are normalised
    assert table.lookup("56789", "First Insurance Co").name == "Second Insurance Company"  # type: ignore[union-attr]
    assert table.lookup("1234", None).name == "First Insurance Co"  # type: ignore[union-attr]
    assert table.lookup("99999", "SECOND INSURANCE CO.").naic == "56789"  # type: ignore[union-attr]
    assert table.lookup(None, "Nobody Mutual") is None


def test_a_known_carrier_name_with_a_scan_s_short_junk_after_it_is_found() -> None:
    table = CarrierTable(
        [
            Carrier(naic="24147", name="Old Republic General Insurance Corp", am_best_rating="A+"),
            Carrier(naic="23043", name="Liberty Mutual Insurance Co", am_best_rating="A"),
        ]
    )
    # The NAIC column read into the name (`Coro De`) and the NAIC itself half lost (`47`)
    found = table.lookup("47", "Old Republic General Insurance Coro De")
    assert found is not None
    assert found.naic == "24147"
    # but a longer word after a known name is another carrier, and one word alone matches nothing
    assert table.lookup(None, "Liberty Mutual Insurance Co of Illinois") is None
    assert table.lookup(None, "Liberty De") is None


def test_load_carriers_csv(tmp_path: Path) -> None:
    path = tmp_path / "carriers.csv"
    path.write_text(
        "naic,name,am_best_rating,am_best_size\n25674,Some Carrier Co,A++,XV\n,State Fund,NR,\n\n"
    )

    table = load_carriers_csv(path)

    assert len(table) == 2
    state_fund = table.lookup(None, "State Fund")
    assert state_fund is not None
    assert state_fund.am_best_rating is None


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("naic,name,rating\n1,X,A\n", "must have the header"),
        ("naic,name,am_best_rating,am_best_size\n1,X,Q,VII\n", "line 2: unknown AM Best rating"),
        ("naic,name,am_best_rating,am_best_size\n1,X,A,XX\n", "line 2: unknown AM Best size"),
        ("naic,name,am_best_rating,am_best_size\n,,A,X\n", "line 2: needs a naic or a name"),
    ],
)
def test_bad_carrier_csv_names_the_problem(tmp_path: Path, content: str, error: str) -> None:
    path = tmp_path / "carriers.csv"
    path.write_text(content)

    with pytest.raises(CarrierTableError, match=error):
        load_carriers_csv(path)


def test_missing_carrier_csv_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CarrierTableError, match="cannot read"):
        load_carriers_csv(tmp_path / "absent.csv")


def test_requirements_minimum_rating_is_checked_and_canonical_when_read() -> None:
    from pydantic import ValidationError

    from shared.contracts.requirements import MinimumAmBest

    assert MinimumAmBest(rating="a-", size="7") == MinimumAmBest(rating="A-", size="VII")
    with pytest.raises(ValidationError, match="unknown AM Best rating"):
        MinimumAmBest(rating="Excellent")
    with pytest.raises(ValidationError, match="unknown AM Best size"):
        MinimumAmBest(size="XXI")
