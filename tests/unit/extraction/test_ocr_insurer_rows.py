"""The insurer letter of a coverage row (INSR LTR column) and the insurer names of the `INSURER X :`
rows, as OCR and text layers give them: two letters for a shared policy, a letter glued to the
type text, misread glyphs, and stray prints before or inside a carrier's name."""

from __future__ import annotations

import pytest

from services.intake.extraction.acord25.document import _Anchors, _read_insurers
from services.intake.extraction.acord25.letters import _read_letter, label_without_letter
from services.intake.extraction.acord25.ocr_spelling import clean_insurer_name
from services.intake.extraction.acord25.parties import _STRUCTURE, _complete_insurer_rows, is_acord_page
from services.intake.extraction.acord25.parties import _insurer_rows as _insurer_rows_found
from services.intake.extraction.acord25.reader import _Grid, _Reader
from services.intake.extraction.ir import Box, Word
from services.intake.extraction.textgeom import PageText
from shared.contracts import certificate as c

# The letter column ends at 0.054, the type-of-insurance column starts at 0.056 (a scan's grid).
_GRID = _Grid(0.054, 0.056, 0.28, 0.68, {}, 0.28, 0.5)
_ROW = (0.485, 0.535)


def _word(
    text: str, left: float, top: float, width: float = 0.025, height: float = 0.0055, source: str = "ocr"
) -> Word:
    return Word(
        text=text,
        page=1,
        box=Box(left=left, top=top, width=width, height=height),
        source=source,  # type: ignore[arg-type]
        confidence=0.9,
    )


def _workers_comp_row(*letter_words: Word) -> _Reader:
    """The workers' compensation row: its stacked type text and whatever the letter column holds."""
    return _Reader(
        PageText(
            1,
            [
                _word("WORKERS", 0.062, 0.489, 0.047),
                *letter_words,
                _word("ANY", 0.062, 0.514, 0.017),
                _word("OFFICER/MEMBER", 0.063, 0.527, 0.077),
            ],
        )
    )


@pytest.mark.parametrize("printed", ["B/C", "BIC", "Bl1", "B&C", "B/A"])
def test_two_letters_printed_for_a_shared_policy_give_the_policy_s_insurer_first(printed: str) -> None:
    r = _workers_comp_row(_word(printed, 0.033, 0.500, 0.021, 0.008))
    found = _read_letter(r, _GRID, _ROW, {"A", "B", "C"})
    assert found is not None
    assert found[0] == "B"


def test_two_letters_in_a_text_layer_give_the_first() -> None:
    r = _workers_comp_row(_word("C/B", 0.032, 0.500, 0.023, 0.012, source="pdf"))
    assert _read_letter(r, _GRID, _ROW, {"B", "C"}) == ("C", 0.9)


def test_two_letters_read_as_two_words_give_the_left_one_whatever_the_word_order() -> None:
    r = _workers_comp_row(_word("C", 0.045, 0.5005, 0.006, 0.008), _word("B,", 0.034, 0.500, 0.008, 0.008))
    found = _read_letter(r, _GRID, _ROW, {"A", "B", "C"})
    assert found is not None
    assert found[0] == "B"


def test_a_letter_glued_to_the_type_text_beside_it_is_read() -> None:
    # `C` in the letter column and `AND` (of AND EMPLOYERS' LIABILITY) read as one word `CAND`.
    r = _workers_comp_row(_word("CAND", 0.037, 0.502, 0.044, 0.0075))
    found = _read_letter(r, _GRID, _ROW, {"A", "B", "C"})
    assert found is not None
    assert found[0] == "C"
    assert found[1] < 0.9  # placed by splitting a word: listed for a person to check


def test_type_text_starting_at_the_column_rule_is_no_letter() -> None:
    # `AUTOMOBILE` boxed from the rule between the columns starts at the letter column's edge.
    r = _workers_comp_row(_word("AUTOMOBILE", 0.052, 0.502, 0.06))
    assert _read_letter(r, _GRID, _ROW, {"A", "B", "C"}) is None


@pytest.mark.parametrize("read", ["S", "&"])  # its terminals read as an S's curves or an ampersand
def test_a_serif_c_read_as_s_is_c_only_when_insurer_c_is_listed(read: str) -> None:
    r = _workers_comp_row(_word(read, 0.046, 0.500, 0.007, 0.0065))
    found = _read_letter(r, _GRID, _ROW, {"A", "B", "C"})
    assert found is not None
    assert found[0] == "C"
    assert found[1] < 0.6
    assert _read_letter(r, _GRID, _ROW, {"A", "B"}) is None


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("oe Liberty Mutual Fire Insurance Co", "Liberty Mutual Fire Insurance Co"),
        ("ae Selective Insurance Co of America", "Selective Insurance Co of America"),
        ("G: Old Republic General Insurance Corp", "Old Republic General Insurance Corp"),
        ("Li Liberty Mutual Fire Insurance Co", "Liberty Mutual Fire Insurance Co"),
        ("Zurich 3 American Insurance Company", "Zurich American Insurance Company"),
        ("Colony iony 1 insurance Company", "Colony insurance Company"),
        ("Old Republic General Insurance Coro", "Old Republic General Insurance Corp"),
        ("Gz AMERISURE MUTUAL INSURANCE COMPANY", "AMERISURE MUTUAL INSURANCE COMPANY"),  # letter and speck
        ("Bs Zurich American Insurance Company", "Zurich American Insurance Company"),
        ("P Zurich American Insurance Company", "Zurich American Insurance Company"),
        ("8 The Cincinnati Insurance Company", "The Cincinnati Insurance Company"),
        ("Texas Mutual Insurance Company 1", "Texas Mutual Insurance Company"),
        ("Continental Casualty Company a", "Continental Casualty Company"),
        ("Federal Insurance Company ee", "Federal Insurance Company"),
        ("National Union Fire Ins Co of Pittsburgh PA Ss", "National Union Fire Ins Co of Pittsburgh PA"),
        ("STARR INDEMNITY & L LIABILITY COMPANY", "STARR INDEMNITY & LIABILITY COMPANY"),
    ],
)
def test_stray_prints_before_and_inside_a_carrier_name_are_dropped(read: str, printed: str) -> None:
    assert clean_insurer_name(read) == printed


@pytest.mark.parametrize(
    "name",
    [
        "AXIS Insurance Company",
        "XL Specialty Insurance Company",
        "QBE Insurance Corporation",
        "Selective Insurance Co of America",
        "National Union Fire Ins Co of Pittsburgh PA",
        "Starr Indemnity & Liability Company",
        "Lloyd's Syndicate 2623",
        "Hiscox Syndicate 33",
        "Insurance Company of the West",
        "Swiss Re",
        "Zurich American Insurance Co",
        "Travelers Indemnity Co of America",
        "Allied World Assurance Co (U.S.) Inc",
        "AmTrust Insurance Company of Kansas",
        "Maryland Casualty and Surety Company",
        "Ace American Insurance Co",
        "Co Operative Insurance Company",
    ],
)
def test_a_carrier_s_own_words_are_kept(name: str) -> None:
    assert clean_insurer_name(name) == name


def _insurer_rows(source: str, first_letter: str = "A:") -> PageText:
    words = [_word("NAIC", 0.88, 0.200, 0.025, source=source), _word("#", 0.91, 0.200, 0.005, source=source)]
    for row, (letter, name, naic) in enumerate(
        (
            (first_letter, ["Continental", "Casualty", "Company"], "20443"),
            ("G:", ["Old", "Republic", "General", "Insurance", "Coro"], "24147"),
            ("C:", ["oe", "Liberty", "Mutual", "Fire", "Insurance", "Co"], "23035"),
        )
    ):
        top = 0.218 + row * 0.0152
        words += [
            _word("INSURER", 0.506, top, 0.042, source=source),
            _word(letter, 0.5525, top, 0.011, source=source),
        ]
        left = 0.570
        for part in name:
            width = 0.006 * len(part)
            words.append(_word(part, left, top, width, source=source))
            left += width + 0.004
        words.append(_word(naic, 0.9102, top, 0.033, source=source))
    return PageText(1, words)


def test_an_insurer_label_with_a_speck_read_before_its_letter_is_that_row() -> None:
    # `INSURER LA:` on a photo: the row is A's by its own label, not placed by the rows below it
    rows = _insurer_rows_found(_insurer_rows("ocr", "LA:"), (0.4, 0.15, 1.0, 0.3))
    assert {letter: [w.text for w in m.words] for letter, m in rows.items()} == {
        "A": ["INSURER", "LA:"],
        "C": ["INSURER", "C:"],  # B's `G:` is placed later, by the rows' pitch
    }


def test_an_ocr_read_insurer_row_gives_the_carrier_name_without_label_remnants() -> None:
    r = _Reader(_insurer_rows("ocr"))
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25"))
    _read_insurers(r, cert, _Anchors(None, None, None, 0.5, 0.4))
    assert [(i.letter, i.name, i.naic) for i in cert.insurers] == [
        ("A", "Continental Casualty Company", "20443"),
        ("B", "Old Republic General Insurance Corp", "24147"),
        ("C", "Liberty Mutual Fire Insurance Co", "23035"),
    ]


def test_a_text_layer_s_insurer_name_is_taken_as_printed() -> None:
    r = _Reader(_insurer_rows("pdf"))
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25"))
    _read_insurers(r, cert, _Anchors(None, None, None, 0.5, 0.4))
    assert cert.insurers[2].name == "oe Liberty Mutual Fire Insurance Co"


def test_two_letters_a_space_apart_read_as_one_word_give_the_first() -> None:
    r = _workers_comp_row(_word("AB", 0.035, 0.500, 0.018, 0.006))
    found = _read_letter(r, _GRID, _ROW, {"A", "B"})
    assert found is not None
    assert found[0] == "A"


def test_a_listed_letter_with_a_speck_read_beside_it_in_one_glyph_s_box_is_the_letter() -> None:
    r = _workers_comp_row(_word("AL", 0.044, 0.500, 0.007, 0.007))
    found = _read_letter(r, _GRID, _ROW, {"A", "B"})
    assert found is not None
    assert found[0] == "A"
    assert found[1] < 0.7  # listed for a person
    assert (
        _read_letter(_workers_comp_row(_word("AL", 0.044, 0.500, 0.007, 0.007)), _GRID, _ROW, {"B"}) is None
    )


def test_a_letter_read_with_a_digit_speck_or_boxed_past_its_column_is_the_letter() -> None:
    # `7B`: a speck before B read as a digit, in a blob wider than a glyph
    speck = _read_letter(_workers_comp_row(_word("7B", 0.034, 0.497, 0.026, 0.012)), _GRID, _ROW, {"A", "B"})
    assert speck is not None
    assert speck[0] == "B"
    assert speck[1] < 0.7  # listed for a person
    # `A` boxed with the rule beside it: its box starts in the column and runs past it
    wide = _read_letter(_workers_comp_row(_word("A", 0.039, 0.497, 0.043, 0.014)), _GRID, _ROW, {"A", "B"})
    assert wide is not None
    assert wide[0] == "A"


def test_an_insurer_label_boxed_on_over_its_letter_and_the_name_s_first_word_leaves_the_name_whole() -> None:
    # GIVEN a photo's `INSURER` boxed from 0.507 to 0.596, over the row's `B` and over `Ohio`
    label = [_word("INSURER", 0.5071, _ROW_TOP, 0.0886), _word("B", 0.5502, 0.2330, 0.0063, 0.0112)]

    # WHEN the insurer row is read
    read = _one_row_read(label, "Ohio Casualty Insurance Company", "24074")

    # THEN the name starts after the row's letter, not where the over-wide box ends
    assert read == [("B", "Ohio Casualty Insurance Company", "24074")]


_ROW_TOP = 0.2342


def _one_row_read(label: list[Word], name: str, naic: str) -> list[tuple[str, str | None, str | None]]:
    """One insurer row read: its label's words as OCR boxed them, then the carrier's name and NAIC."""
    words = [_word("NAIC", 0.88, 0.200, 0.025), *label, _word(naic, 0.8875, _ROW_TOP, 0.0337)]
    left = 0.5718
    for part in name.split():
        words.append(_word(part, left, _ROW_TOP, 0.0058 * len(part)))
        left += 0.0058 * len(part) + 0.0045
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25"))
    _read_insurers(_Reader(PageText(1, words)), cert, _Anchors(None, None, None, 0.5, 0.4))
    return [(i.letter, i.name, i.naic) for i in cert.insurers]


@pytest.mark.parametrize(
    ("read", "ocr", "label", "trusted"),
    [
        ("APollution Liability", True, "Pollution Liability", False),  # the row's letter glued on
        ("Pollution Liability", True, "Pollution Liability", True),
        ("CONTRACTORS POLLUTION", True, "CONTRACTORS POLLUTION", True),  # capitals: nothing to tell
        ("APollution Liability", False, "APollution Liability", True),  # a text layer is as printed
        ("c INLAND MARINE", True, "INLAND MARINE", False),  # a speck read as a small letter
        ("a Crime", True, "a Crime", True),
        ("A Professional Liability", True, "Professional Liability", False),  # the letter read apart
        ("A&E Professional Liability", True, "A&E Professional Liability", True),
        ("G Professional Liability", True, "G Professional Liability", True),  # no insurer row G
    ],
)
def test_an_insurer_letter_glued_before_an_other_row_s_label_is_cut_off_and_listed(
    read: str, ocr: bool, label: str, trusted: bool
) -> None:
    spelt, trust = label_without_letter(read, ocr=ocr)
    assert spelt == label
    assert (trust == 1.0) is trusted


def test_a_row_s_letter_read_without_its_colon_is_not_part_of_the_carrier_name() -> None:
    # GIVEN a scan's `INSURER A :` read `INSURERA`, its colon lost and its `A` read again apart
    label = [_word("INSURERA", 0.496, _ROW_TOP, 0.041), _word("A", 0.536, _ROW_TOP, 0.009)]
    # THEN the name is the carrier's alone
    assert _one_row_read(label, "Navigators Insurance Company", "42307") == [
        ("A", "Navigators Insurance Company", "42307")
    ]


def _garbled_labels(*labels: tuple[str, ...]) -> PageText:
    """Insurer rows whose small `INSURER X :` print a photo garbled, one row a 0.015 below the last."""
    words = []
    for row, texts in enumerate(labels):
        top, left = 0.248 + row * 0.016, 0.507
        for text in texts:
            words.append(_word(text, left, top, 0.006 * len(text)))
            left += 0.006 * len(text) + 0.015
    return PageText(1, words)


def test_garbled_insurer_labels_at_one_left_edge_with_their_letters_in_order_are_the_rows() -> None:
    # GIVEN a retyped photo's `INSURER A :` to `C :` read `IN Le A`, `Ins Ley B`, `msureR C`, and
    # `INSURER F` read whole three rows on
    page = _garbled_labels(("IN", "Le", "A"), ("Ins", "Ley", "B"), ("msureR", "C"), (), (), ("INSURER", "F"))
    rows = _insurer_rows_found(page, (0.45, 0.0, 1.0, 0.4))
    # THEN each is its letter's row
    assert {letter: m.words[0].text for letter, m in rows.items()} == {
        "A": "IN",
        "B": "Ins",
        "C": "msureR",
        "F": "INSURER",
    }
    # while letters out of order down the page are no rows
    assert (
        _insurer_rows_found(_garbled_labels(("IN", "Le", "B"), ("Ins", "Ley", "A")), (0.45, 0.0, 1.0, 0.4))
        == {}
    )


def test_a_page_with_nearly_all_the_form_s_labels_is_the_form_though_its_insurer_rows_are_garbled() -> None:
    labels = _STRUCTURE[
        :12
    ]  # the form's own labels, INSURER(S) AFFORDING COVERAGE and CERTIFICATE NUMBER aside

    def page(phrases: tuple[str, ...]) -> PageText:
        words = [
            _word(text, 0.05 + 0.1 * i, 0.05 + 0.05 * row, 0.09)
            for row, phrase in enumerate(phrases)
            for i, text in enumerate(phrase.split())
        ]
        return PageText(1, words)

    # twelve of the form's labels and no insurer row read: the form
    assert is_acord_page(page(labels))
    # eight, as other layouts print, with no insurer rows: not the form
    assert not is_acord_page(page(labels[:8]))


def test_a_speck_read_as_a_row_letter_out_of_order_is_no_row_and_its_row_is_read_as_its_own() -> None:
    # GIVEN a scan whose B row label is read `INSURER ie` (a speck, its B lost), E's row three lines on
    names = (
        ("A:", "Accident Fund"),
        ("ie", "National Union"),
        ("C:", "Berkley Regional"),
        ("D:", ""),
        ("E:", ""),
    )
    words = [_word("NAIC", 0.88, 0.200, 0.025), _word("#", 0.91, 0.200, 0.005)]
    for row, (letter, name) in enumerate(names):
        top = 0.218 + row * 0.0146
        words += [_word("INSURER", 0.495, top, 0.040), _word(letter, 0.539, top, 0.011)]
        words += [_word(part, 0.556 + i * 0.06, top, 0.05) for i, part in enumerate(name.split())]
    page = PageText(1, words)
    # THEN E is the row labelled E, not the speck's
    rows = _insurer_rows_found(page, (0.45, 0.15, 1.0, 0.3))
    assert {letter: m.words[1].text for letter, m in rows.items()} == {
        "A": "A:",
        "C": "C:",
        "D": "D:",
        "E": "E:",
    }
    # AND the B row is placed by the others' pitch, so National Union is insurer B and no insurer E is read
    cert = c.Certificate(document=c.DocumentInfo(pages=1, kind="acord25"))
    _read_insurers(_Reader(page), cert, _Anchors(None, None, None, 0.45, 0.3))
    assert [(i.letter, i.name) for i in cert.insurers] == [
        ("A", "Accident Fund"),
        ("B", "National Union"),
        ("C", "Berkley Regional"),
    ]


def test_a_row_whose_letter_was_misread_as_a_later_one_is_named_by_its_place() -> None:
    # GIVEN a photo's rows A to D read, E's label read `INSURERF.` one pitch below D, F's letter lost
    labels = [("INSURER A:", 0.2222), ("INSURER B:", 0.2375), ("INSURER C:", 0.2527), ("INSURER D:", 0.2677)]
    words = [_word(text, 0.507, top - 0.003, 0.05) for text, top in labels]
    words += [_word("INSURERF.", 0.507, 0.2799, 0.05), _word("INSURER", 0.507, 0.2954, 0.04)]
    r = _Reader(PageText(1, words))
    rows = _insurer_rows_found(r.page, (0.45, 0.2, 1.0, 0.31))
    assert sorted(rows) == ["A", "B", "C", "D", "F"]
    # THEN the misread row is E's, and F's is the bare label below it
    completed = _complete_insurer_rows(r, rows, (0.45, 0.2, 1.0, 0.31))
    assert completed["E"].words[0].text == "INSURERF."
    assert completed["F"].words[0].text == "INSURER"
    assert completed["D"].words[0].text == "INSURER D:"
