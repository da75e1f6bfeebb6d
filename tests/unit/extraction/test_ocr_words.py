"""OCR habits undone in general: y read as v, half a stacked label misread, a run-together header."""

from __future__ import annotations

from services.intake.extraction.ir import Box, Word
from services.intake.extraction.ocr_flat_words import drop_flat_words
from services.intake.extraction.ocr_words import _Raw, clean_word
from services.intake.extraction.remarks import additional_remarks
from services.intake.extraction.stacked_labels import find_stacked
from services.intake.extraction.textgeom import PageText, _without_duplicates
from services.intake.extraction.values import join_tokens


def _word(text: str, left: float, top: float, width: float = 0.03, height: float = 0.006) -> Word:
    return Word(text=text, page=1, box=Box(left=left, top=top, width=width, height=height), source="ocr")


def test_a_y_read_as_v_after_a_consonant_is_a_y() -> None:
    assert clean_word("Companv", 0, 70, 20) == ("Company", 0, 70)
    assert clean_word("Casualtv,", 0, 70, 20) == ("Casualty,", 0, 70)


def test_a_v_after_a_vowel_or_alone_stays() -> None:
    assert clean_word("Petrov", 0, 60, 20) == ("Petrov", 0, 60)
    assert clean_word("Kyiv", 0, 40, 20) == ("Kyiv", 0, 40)
    assert clean_word("v", 0, 10, 20) == ("v", 0, 10)


def test_a_zero_read_as_a_bracket_pair_one_glyph_wide_is_a_zero() -> None:
    # a photo's revision number `0` read `()` in a box 12 pixels wide and 17 tall
    assert clean_word("()", 100, 12, 17) == ("0", 100, 12)
    assert clean_word("()", 100, 24, 17) == ("()", 100, 24)  # two glyphs wide: the brackets printed


def test_a_stacked_label_with_its_upper_half_cut_short_is_found() -> None:
    page = PageText(
        1,
        [
            _word("CONTA", 0.506, 0.153, 0.034),
            _word("NAME:", 0.506, 0.159, 0.031),
            _word("Lopez", 0.577, 0.158),
        ],
    )
    match = find_stacked(page, "CONTACT NAME:")
    assert match is not None
    assert [w.text for w in match.words] == ["CONTA", "NAME:"]


def test_a_stacked_label_with_its_lower_half_misread_is_found() -> None:
    page = PageText(
        1,
        [
            _word("PHONE", 0.506, 0.169, 0.034),
            _word("(AIC.", 0.506, 0.175, 0.022),
            _word("INO.", 0.531, 0.177, 0.015),
            _word("Ext):", 0.549, 0.175, 0.02),
            _word("549.254.6116", 0.575, 0.174, 0.07),
        ],
    )
    match = find_stacked(page, "PHONE (A/C, No, Ext):")
    assert match is not None
    assert "549.254.6116" not in [w.text for w in match.words]


def test_unrelated_words_under_a_label_half_do_not_make_a_stacked_label() -> None:
    page = PageText(1, [_word("PHONE", 0.506, 0.169, 0.034), _word("Tampa", 0.506, 0.175, 0.03)])
    assert find_stacked(page, "PHONE (A/C, No, Ext):") is None


def test_remarks_start_after_a_form_title_label_read_without_its_space() -> None:
    lines = [
        ("ADDITIONAL REMARKS SCHEDULE", 0.05),
        ("THIS ADDITIONAL REMARKS FORM IS A SCHEDULE TO ACORD FORM,", 0.2),
        ("FORM NUMBER: 25 FORMTITLE: CERTIFICATE OF LIABILITY INSURANCE", 0.22),
        ("Coverage per forms CG 20 10.", 0.3),
    ]
    words = [
        _word(text, 0.05 + 0.08 * i, top, 0.07) for line, top in lines for i, text in enumerate(line.split())
    ]
    assert additional_remarks([PageText(1, words)], set()) == "Coverage per forms CG 20 10."


def test_letters_in_a_box_a_few_pixels_tall_are_a_rule_remnant_not_a_word() -> None:
    line = [_Raw(t, 90.0, 100 * i, 500, 60, 28, (1, 1, 1)) for i, t in enumerate(["TJ-996-9825", "Y", "AB"])]
    flat = _Raw("9006-", 53.0, 180, 515, 60, 3, (1, 1, 1))
    dash = _Raw("-", 90.0, 400, 512, 10, 3, (1, 1, 1))
    speck = _Raw("i", 95.0, 520, 500, 5, 3, (1, 1, 1))  # the dot over an i, read on its own
    kept = drop_flat_words([*line, flat, dash, speck])
    assert [r.text for r in kept] == ["TJ-996-9825", "Y", "AB", "-"]


def test_digits_a_third_of_the_line_height_inside_a_number_s_box_are_its_echo() -> None:
    # A scan's `14.000,000` (21 pixels tall) read again as `1,900,` in a box 7 pixels tall off its foot
    line = [
        _Raw(t, 90.0, 100 * i, 500, 60, 21, (1, 1, 1)) for i, t in enumerate(["E.L.", "DISEASE", "POLICY"])
    ]
    number = _Raw("14.000,000", 51.0, 390, 495, 120, 21, (1, 1, 1))
    echo = _Raw("1,900,", 77.0, 405, 510, 60, 7, (1, 1, 1))
    assert [r.text for r in drop_flat_words([*line, number, echo])] == [
        "E.L.",
        "DISEASE",
        "POLICY",
        "14.000,000",
    ]
    # alone, a flat box round digits is Tesseract's box round a real amount (a photo's `1,000,000`)
    alone = _Raw("1,000,000", 90.0, 405, 510, 120, 7, (1, 1, 1))
    assert [r.text for r in drop_flat_words([*line, alone])][-1] == "1,000,000"


def test_a_flat_letter_inside_another_word_s_box_is_a_speck_of_it() -> None:
    # A photo's `x`, 11 x 5 pixels, under the end of `WC54444087-30` (glued on as `-30X`)
    number = _Raw("WC54444087-30", 85.0, 897, 1947, 299, 31, (1, 1, 1))
    speck = _Raw("x", 52.0, 1140, 1970, 11, 5, (1, 1, 1))
    apart = _Raw("x", 52.0, 1240, 1970, 11, 5, (1, 1, 1))  # a flat letter of its own stays
    others = [_Raw("ABC", 90.0, 100 * i, 2100, 60, 18, (1, 2, 1)) for i in range(3)]
    kept = drop_flat_words([number, speck, apart, *others])
    assert [r.text for r in kept][:2] == ["WC54444087-30", "x"]
    assert kept[1] is apart


def test_an_at_sign_inside_the_over_wide_box_of_its_neighbour_is_kept() -> None:
    words = [
        _word("karen.lopez", 0.559, 0.188, 0.078, 0.0082),
        _word("@", 0.630, 0.187, 0.005, 0.0124),
        _word("heffernan.com", 0.640, 0.188, 0.082, 0.0079),
    ]
    assert [w.text for w in PageText(1, words).words] == ["karen.lopez", "@", "heffernan.com"]


def test_a_word_read_twice_on_a_line_is_kept_once() -> None:
    words = [_word("Company", 0.3, 0.2, 0.06), _word("Company", 0.301, 0.2005, 0.06)]
    assert [w.text for w in PageText(1, words).words] == ["Company"]


def test_a_text_layer_value_squeezed_under_a_stacked_label_is_kept() -> None:
    # GIVEN `Ana Brown` printed after `NAME:`, its first word under the end of `CONTACT` above it
    printed = [
        ("CONTACT", 0.502, 0.1503, 0.0475, 0.0089),
        ("NAME:", 0.5023, 0.157, 0.0312, 0.0089),
        ("Ana", 0.5367, 0.1544, 0.0200, 0.0102),
        ("Brown", 0.5598, 0.1544, 0.0319, 0.0102),
    ]
    layer = [
        Word(text=t, page=1, box=Box(left=x, top=y, width=w, height=h), source="pdf-text")
        for t, x, y, w, h in printed
    ]
    contact, _, ana, _ = layer
    # THEN both words the layer prints where they overlap stay, while a word drawn twice to fake
    # bold, or one print OCR read twice, is still one word
    assert [w.text for w in _without_duplicates([contact, ana])] == ["CONTACT", "Ana"]
    ocr = [w.model_copy(update={"source": "ocr"}) for w in (contact, ana)]
    assert [w.text for w in _without_duplicates(ocr)] == ["CONTACT"]
    fake_bold = [
        layer[2],
        layer[2].model_copy(update={"box": layer[2].box.model_copy(update={"left": 0.537})}),
    ]
    assert [w.text for w in PageText(1, fake_bold).words] == ["Ana"]


def test_a_stacked_label_half_misread_stops_where_its_value_begins() -> None:
    page = PageText(
        1,
        [
            _word("PHONE", 0.507, 0.164, 0.034, 0.0100),
            _word("No.", 0.533, 0.168, 0.015, 0.0127),
            _word("(A/C.", 0.507, 0.175, 0.022, 0.0059),
            _word("Ext):", 0.551, 0.175, 0.020, 0.0056),
            _word("549.254.6116", 0.576, 0.174, 0.072, 0.0068),
        ],
    )
    match = find_stacked(page, "PHONE (A/C, No, Ext):")
    assert match is not None
    assert [w.text for w in match.words] == ["PHONE", "(A/C.", "Ext):"]


def test_a_hyphen_read_with_both_halves_of_a_name_joins_them_once() -> None:
    assert join_tokens(["Turner-", "-Walsh", "Construction", "Co"]) == "Turner-Walsh Construction Co"
    assert join_tokens(["Unit", "-", "B"]) == "Unit - B"  # a free-standing dash is printed text


def test_an_insurer_letter_inside_the_over_wide_box_of_its_label_is_kept() -> None:
    # GIVEN a photo's `INSURER` boxed a third too wide, over the `A:` printed after it
    words = [
        _word("INSURER", 0.509, 0.2246, 0.056, 0.0061),
        _word("A:", 0.555, 0.221, 0.013, 0.013),
        _word("CONTINENTAL", 0.571, 0.2252, 0.079, 0.0061),
    ]
    # THEN both are printed words (a re-read of INSURER would share its letters: `RER`, `ER`)
    texts = [w.text for w in PageText(1, words).lines[0].words]
    assert texts == ["INSURER", "A:", "CONTINENTAL"]
    echo = [_word("INSURER", 0.509, 0.2246, 0.056, 0.0061), _word("ER", 0.555, 0.2246, 0.013, 0.0061)]
    assert [w.text for w in PageText(1, echo).lines[0].words] == ["INSURER"]


def test_a_word_boxed_on_over_the_next_one_to_its_end_keeps_both() -> None:
    # GIVEN a scan's `maria.okafor` boxed on to the end of the `heffernan.com` read after its `@`
    mailbox = _word("maria.okafor", 0.561, 0.188, 0.158, 0.008).model_copy(update={"confidence": 0.88})
    at = _word("@", 0.633, 0.186, 0.005, 0.011).model_copy(update={"confidence": 0.88})
    domain = _word("heffernan.com", 0.642, 0.188, 0.077, 0.008).model_copy(update={"confidence": 0.9})
    # THEN both are print: the surer domain does not replace the mailbox
    kept = _without_duplicates([mailbox, at, domain])
    assert [w.text for w in kept] == ["maria.okafor", "@", "heffernan.com"]
    # while the end of a word read again inside its box (`Union` in `NationalUnion`) is one print
    whole = _word("NationalUnion", 0.561, 0.188, 0.09).model_copy(update={"confidence": 0.7})
    again = _word("Unlon", 0.614, 0.188, 0.037).model_copy(update={"confidence": 0.9})
    assert [w.text for w in _without_duplicates([whole, again])] == ["Unlon"]


def test_a_dropped_reading_that_covered_more_print_leaves_the_kept_one_no_surer() -> None:
    # `SeUnion` read over `National` and on over `Union`: the surer `National` is kept, but `Union`
    # is lost with the junk, so the kept word is as doubtful as the dropped one.
    national = _word("National", 0.569, 0.235, 0.050).model_copy(update={"confidence": 0.96})
    junk = _word("SeUnion", 0.577, 0.235, 0.073).model_copy(update={"confidence": 0.2})
    kept = _without_duplicates([national, junk])
    assert [(w.text, w.confidence) for w in kept] == [("National", 0.2)]
    # a second reading inside the first one's box costs nothing
    again = _word("Natonal", 0.570, 0.235, 0.048).model_copy(update={"confidence": 0.3})
    assert [(w.text, w.confidence) for w in _without_duplicates([national, again])] == [("National", 0.96)]


def test_a_word_read_twice_alike_once_boxed_a_glyph_past_the_other_leaves_the_kept_one_no_surer() -> None:
    # A scan's `Fund` read `Fun` twice: surely in a box over its first letters, unsurely in one over
    # the whole word; the `d` past the sure box is print neither reading holds.
    sure = _word("Fun", 0.738, 0.251, 0.012, 0.005).model_copy(update={"confidence": 0.96})
    whole = _word("Fun", 0.731, 0.249, 0.025, 0.007).model_copy(update={"confidence": 0.45})
    assert [(w.text, w.confidence) for w in _without_duplicates([whole, sure])] == [("Fun", 0.45)]
    # boxed alike, the second reading costs nothing
    alike = whole.model_copy(update={"box": sure.box.model_copy(update={"left": 0.737, "width": 0.0135})})
    assert [(w.text, w.confidence) for w in _without_duplicates([alike, sure])] == [("Fun", 0.96)]


def test_a_glyph_read_again_inside_a_whole_amount_does_not_replace_it() -> None:
    # `1,000,000.00` re-read at no confidence, `41` read surely a tenth as wide inside its box
    amount = _word("1,000,000.00", 0.8345, 0.5201, 0.1024, 0.0096).model_copy(update={"confidence": 0.0})
    glyph = _word("41", 0.8522, 0.5201, 0.0043, 0.0084).model_copy(update={"confidence": 0.6})
    assert [w.text for w in _without_duplicates([amount, glyph])] == ["1,000,000.00"]
    # inside a word that is no printed amount, the surer reading still wins
    junk = amount.model_copy(update={"text": "1,000,00.0"})
    assert [w.text for w in _without_duplicates([junk, glyph])] == ["41"]


def test_a_short_word_inside_a_box_run_on_over_it_is_kept_when_it_has_a_letter_the_run_lacks() -> None:
    # a photo's `DESCRIPTION` boxed on to the end of `OF`, read a hair surer: both are print
    run_on = _word("DESCRIPTION", 0.0247, 0.6042, 0.0706, 0.0054).model_copy(update={"confidence": 0.95})
    word = _word("OF", 0.0855, 0.6029, 0.0098, 0.0092).model_copy(update={"confidence": 0.96})
    assert [w.text for w in _without_duplicates([run_on, word])] == ["DESCRIPTION", "OF"]
    # a piece of the same print read again holds only its letters: one of the two is kept
    echo = word.model_copy(update={"text": "ON"})
    assert len(_without_duplicates([run_on, echo])) == 1


def test_a_sign_boxed_a_hair_before_a_whole_amount_does_not_replace_it() -> None:
    # a photo's `$1,000,000.00` re-read at no confidence, its `$` also read as `¢` at 0.13 starting
    # a hair left of the amount's box
    amount = _word("$1,000,000.00", 0.883, 0.410, 0.090, 0.009).model_copy(update={"confidence": 0.0})
    sign = _word("¢", 0.881, 0.409, 0.005, 0.006).model_copy(update={"confidence": 0.13})
    assert [w.text for w in _without_duplicates([sign, amount])] == ["$1,000,000.00"]
