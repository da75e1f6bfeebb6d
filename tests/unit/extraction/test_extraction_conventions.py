"""Reading conventions of contract section 1, and tolerance of OCR noise in printed values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from services.intake.extraction.acord25 import map_document
from services.intake.extraction.api import extract_document
from services.intake.extraction.calibrate import calibrate
from services.intake.extraction.ir import DocumentIR, FormField, Word
from services.intake.extraction.review_paths import build_review
from services.intake.extraction.values import is_mark, parse_date, parse_money, yes_no
from tests.fixtures.certgen import generate
from tests.fixtures.certgen.families import generate_family
from tests.fixtures.certgen.scoring import score


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04/01/2026", date(2026, 4, 1)),
        ("4/1/2026", date(2026, 4, 1)),
        ("04/01/26", date(2026, 4, 1)),
        ("04-01-2026", date(2026, 4, 1)),
        ("04.01.2026", date(2026, 4, 1)),
        ("|04/01/2026", date(2026, 4, 1)),
        ("04/01/2026|", date(2026, 4, 1)),
        ("O4/0l/2026", date(2026, 4, 1)),
        ("(9-25-2025", date(2025, 9, 25)),  # the left half of the month's 0 read as a parenthesis
        ("02/30/2026", None),
        ("13/01/2026", None),
        ("GL-88120", None),
    ],
)
def test_dates_are_read_from_mm_dd_yyyy_and_its_variants(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,000,000", 1_000_000),
        ("1,000,000", 1_000_000),
        ("1000000", 1_000_000),
        ("$1M", 1_000_000),
        ("$2.5M", 2_500_000),
        ("500K", 500_000),
        ("1,000,000.00", 1_000_000),
        ("1,OOO,OOO", 1_000_000),
        ("l,000,000", 1_000_000),
        ("S1,000,000", 1_000_000),
        ("s 25,000", 25_000),  # a small dollar sign read as a lower-case s
        ("s00,000", 500_000),  # a 5 read as an s
        ("S00000", 500_000),  # or as a capital S
        ("S0", 0),  # a sign and a zero retention
        ("0-00", 0),  # its cents' stop read as a hyphen
        ("25,000-00", 25_000),
        ("4,000,000.", 4_000_000),  # a speck after the amount
        ("$1,.000.000", 1_000_000),  # a speck beside a comma
        ("|2,000,000", 2_000_000),
        ("2000,000", 2_000_000),  # OCR lost the first separator
        ("$IM", 1_000_000),  # a 1 read as a capital I
        ("sim", 1_000_000),  # a photo's `$1M` read in small letters
        ("S1M", 1_000_000),  # the dollar sign read as an S
        ("SM", None),
        ("1()()(),000", 1_000_000),  # zeros read as their two sides, a bracket each
        ("()", None),
        ("SSM", 5_000_000),  # `$5M`, the sign and the 5 read as an S each
        ("SiN", 1_000_000),  # `$1M`, its M read as an N too
        ("51M", 1_000_000),  # `$1M`, its sign read as a 5
        ("41M", 1_000_000),  # or as a 4
        ("50M", 50_000_000),  # fifty million is written
        ("4M", 4_000_000),
        ("SN", None),
        ("$SK", 5_000),
        ("25;000", 25_000),  # a comma read as a semicolon
        ("1:000,000", 1_000_000),  # or as a colon
        ("2'000,000.00", 2_000_000),  # or raised, as an apostrophe
        ("1,000,000.C", 1_000_000),  # cents run together into a letter
        ("1,000,(000.00", 1_000_000),  # a speck beside a comma read as a bracket
        ("«$2,000,000", 2_000_000),  # a speck before the sign read as a quote mark
        ("-2,.000,000.00", 2_000_000),  # or as a dash: no limit is negative
        ("+500000", 500_000),  # or a stub crossed by a speck
        ("—$1,000,000", 1_000_000),
        ("=2,000,000.00", 2_000_000),
        ("9§2M", 2_000_000),  # a speck before the sign read as a glyph
        ("$", None),
        ("500,),000.0", 500_000),  # a comma read twice with a speck, the last cent's 0 lost
        ("500,000.0", 500_000),
        ("0,000", None),  # `$10,000` with its first digits lost: no amount to take
        ("$0", 0),
        ("0.00", 0),
        ("N/A", None),
        ("STATUTE", None),
    ],
)
def test_money_is_an_integer_whatever_the_print_format(text: str, expected: int | None) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Y", True),
        ("X", True),
        ("y", True),
        ("N", False),
        ("", None),
        ("N/A", None),
        ("|Y", True),
        ("¥", True),  # OCR's reading of a Y in a small box
    ],
)
def test_addl_and_subr_marks_follow_y_x_n_blank(text: str, expected: bool | None) -> None:
    assert yes_no(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("X", True),
        ("[X]", True),
        ("x<", True),
        ("X.", True),
        ("'x", True),
        ("4x", True),  # the box's left edge and a speck read as a 4
        ("(xr", True),  # the box's edges read as a bracket and an r
        ("(x", True),
        ("Lx", True),  # the box's left edge read as an L (a retyped copy's PROJECT tick on a photo)
        ("lx", True),
        ("Lxa", False),
        ("x]", True),
        ("(xa", False),
        ("x4", False),
        ("Xa", False),
        ("<", False),
        ("x<<", False),
        ("xXx", True),  # a photo's tick with its strokes' ends read again small
        ("xX", True),
        ("xXa", False),
        ("X|§", True),  # a photo's PER STATUTE tick, its box's right edge and a speck read after it
        ("X|a", False),
    ],
)
def test_a_tick_read_with_a_speck_of_its_box_is_a_mark(text: str, expected: bool) -> None:
    # `x<`: a scanned ANY AUTO tick with the box's edge beside it, read at hardly any confidence
    assert is_mark(text) is expected


def _mutated(ir: DocumentIR, change: dict[str, str]) -> DocumentIR:
    pages = []
    for page in ir.pages:
        words = [w.model_copy(update={"text": change.get(w.text, w.text)}) for w in page.words]
        pages.append(page.model_copy(update={"words": words}))
    return ir.model_copy(update={"pages": pages})


def test_ocr_noise_in_values_still_gives_the_printed_facts() -> None:
    # GIVEN a certificate whose words carry typical OCR noise: glued table rules, O for 0, l for 1
    document = generate(8, "flattened")
    assert document.truth is not None
    clean = extract_document(document.data).ir
    noisy = {}
    for word in clean.words:
        if parse_date(word.text) is not None:
            noisy[word.text] = "|" + word.text
        elif parse_money(word.text) is not None and "," in word.text:
            noisy[word.text] = word.text.replace("0", "O").replace("1", "l", 1)

    # WHEN the noisy words are mapped
    mapped = map_document(_mutated(clean, noisy)).certificate

    # THEN dates and limits are exactly those printed
    assert noisy
    for got, want in zip(mapped.policies, document.truth.policies, strict=True):
        assert (got.effective_date, got.expiration_date) == (want.effective_date, want.expiration_date)
        assert got.limits == want.limits


def test_glued_ocr_label_tokens_still_anchor_the_insurers() -> None:
    # GIVEN insurer row labels read as one token each ("INSURERA:")
    document = generate(9, "flattened")
    assert document.truth is not None
    clean = extract_document(document.data).ir
    pages = []
    for page in clean.pages:
        words: list[Word] = []
        skip = False
        for i, word in enumerate(page.words):
            if skip:
                skip = False
                continue
            following = page.words[i + 1] if i + 1 < len(page.words) else None
            if word.text == "INSURER" and following is not None and len(following.text) == 1:
                box = word.box.model_copy(update={"width": following.box.right - word.box.left})
                words.append(word.model_copy(update={"text": f"INSURER{following.text}", "box": box}))
                skip = True
            else:
                words.append(word)
        pages.append(page.model_copy(update={"words": words}))

    # WHEN mapped
    mapped = map_document(clean.model_copy(update={"pages": pages})).certificate

    # THEN the insurers are the printed ones
    assert [(i.letter, i.name, i.naic) for i in mapped.insurers] == [
        (i.letter, i.name, i.naic) for i in document.truth.insurers
    ]


@pytest.mark.parametrize("seed", range(30, 52))
def test_conventions_hold_across_editions_and_layouts(seed: int) -> None:
    # GIVEN certificates covering every edition, mark convention, absent coverages and other rows
    document = generate(seed, "flattened")
    assert document.truth is not None

    # WHEN read
    certificate = extract_document(document.data).certificate

    # THEN the conventions match the truth exactly
    assert score(document.truth, certificate).misses == []
    for policy in certificate.policies:
        if policy.coverage not in ("general_liability", "umbrella", "excess"):
            assert policy.claims_made is None
        if policy.coverage != "other":
            assert policy.label is None
        assert policy.policy_number or policy.effective_date or policy.expiration_date


def _edited(ir: DocumentIR, edit: Callable[[int, Word], str | None]) -> DocumentIR:
    """Each word's text through `edit(index on its page, word)`; None drops the word."""
    pages = []
    for page in ir.pages:
        words = []
        for index, word in enumerate(page.words):
            text = edit(index, word)
            if text is not None:
                words.append(word.model_copy(update={"text": text}))
        pages.append(page.model_copy(update={"words": words}))
    return ir.model_copy(update={"pages": pages})


def _index_after(ir: DocumentIR, anchor: str, text: str) -> int:
    """Index of the first word `text` after the word `anchor` on page 1."""
    words = [w.text for w in ir.pages[0].words]
    start = words.index(anchor)
    return words.index(text, start + 1)


def test_ocr_misreads_of_single_characters_are_read_as_printed() -> None:
    # GIVEN seed 75: revision 0, workers compensation with officers not excluded (N), printed
    # as OCR reads them: revision `O`, the N's box edge glued on (`IN`)
    document = generate(75, "flattened")
    assert document.truth is not None
    clean = extract_document(document.data).ir
    officers = _index_after(clean, "PROPRIETOR/PARTNER/EXECUTIVE", "N")
    revision = _index_after(clean, "REVISION", "0")

    def misread(index: int, word: Word) -> str:
        return {officers: "IN", revision: "O"}.get(index, word.text)

    # WHEN mapped
    mapped = map_document(_edited(clean, misread)).certificate

    # THEN the printed values come out
    assert mapped.revision_number == "0"
    workers_comp = next(p for p in mapped.policies if p.coverage == "workers_comp")
    assert workers_comp.officers_excluded is False


def test_a_misread_other_box_label_still_reads_the_tick_before_it() -> None:
    # GIVEN seed 46, whose workers compensation ticks OTH-ER, with `OTH` read as `OTHS`
    document = generate(46, "flattened")
    clean = extract_document(document.data).ir

    mapped = map_document(_edited(clean, lambda _, w: "OTHS" if w.text == "OTH" else w.text)).certificate

    workers_comp = next(p for p in mapped.policies if p.coverage == "workers_comp")
    assert workers_comp.per_statute is False


def test_certificate_date_is_found_beside_the_title_when_its_label_is_unreadable() -> None:
    # GIVEN the 5 pt `DATE (MM/DD/YYYY)` label read as noise
    document = generate(75, "flattened")
    assert document.truth is not None
    clean = extract_document(document.data).ir
    noise = {"DATE": "nme", "(MM/DD/YYYY)": "ee"}

    mapped = map_document(_edited(clean, lambda _, w: noise.get(w.text, w.text))).certificate

    assert mapped.certificate_date == document.truth.certificate_date


@pytest.mark.parametrize(
    ("misread", "expected"),
    [
        ("48/25/2025", date(2025, 8, 25)),  # one digit off the date a year before expiry: repaired
        ("48/26/2025", None),  # two digits off: not guessed
    ],
)
def test_a_misread_effective_date_is_repaired_only_when_one_digit_off_a_one_year_term(
    misread: str, expected: date | None
) -> None:
    # GIVEN seed 75's general liability (08/25/2025 to 08/25/2026) with its effective date misread
    document = generate(75, "flattened")
    assert document.truth is not None
    clean = extract_document(document.data).ir
    truth = next(p for p in document.truth.policies if p.coverage == "general_liability")

    mapped = map_document(_edited(clean, lambda _, w: misread if w.text == "08/25/2025" else w.text))

    policy = next(p for p in mapped.certificate.policies if p.coverage == "general_liability")
    assert policy.effective_date == expected
    assert policy.expiration_date == truth.expiration_date
    # and the unreadable date is never glued onto the policy number
    assert policy.policy_number == truth.policy_number


def test_description_is_read_when_ocr_loses_a_word_of_its_label() -> None:
    # GIVEN the description label without `OPERATIONS` (tiny print OCR dropped), seed 41 has an other row
    document = generate(41, "flattened")
    assert document.truth is not None
    clean = extract_document(document.data).ir

    mapped = map_document(_edited(clean, lambda _, w: None if w.text == "OPERATIONS" else w.text))

    assert mapped.certificate.description_of_operations == document.truth.description_of_operations
    other = [p for p in mapped.certificate.policies if p.coverage == "other"]
    assert [p.policy_number for p in other] == [
        p.policy_number for p in document.truth.policies if p.coverage == "other"
    ]


def _split(ir: DocumentIR, text: str, pieces: tuple[str, ...], *, after: str | None = None) -> DocumentIR:
    """The first word `text` (after the word `after`) read by OCR as `pieces`, side by side."""
    page = ir.pages[0]
    words = list(page.words)
    start = [w.text for w in words].index(after) + 1 if after else 0
    index = next(i for i in range(start, len(words)) if words[i].text == text)
    word = words[index]
    width = word.box.width / len(pieces)
    parts = [
        word.model_copy(
            update={
                "text": piece,
                "box": word.box.model_copy(update={"left": word.box.left + i * width, "width": width * 0.95}),
            }
        )
        for i, piece in enumerate(pieces)
    ]
    words[index : index + 1] = parts
    return ir.model_copy(update={"pages": [page.model_copy(update={"words": words}), *ir.pages[1:]]})


@pytest.mark.parametrize(
    ("seed", "printed", "pieces", "key", "expected"),
    [
        (41, "25,000", ("25", "000"), "retention", 25_000),  # the comma lost between two words
        (42, "0", ("Q",), "retention", 0),  # a zero read as a letter
    ],
)
def test_a_retention_read_in_pieces_is_the_printed_amount(
    seed: int, printed: str, pieces: tuple[str, ...], key: str, expected: int
) -> None:
    clean = extract_document(generate(seed, "flattened").data).ir

    mapped = map_document(_split(clean, printed, pieces, after="RETENTION")).certificate

    layer = next(p for p in mapped.policies if p.coverage in ("umbrella", "excess"))
    assert layer.limits[key] == expected


def test_a_limit_read_twice_or_beside_a_stray_digit_is_the_printed_amount() -> None:
    # GIVEN seed 75's each-occurrence limit, 1,000,000, read as `$4` overlapping `1,000,000`
    document = generate(75, "flattened")
    assert document.truth is not None
    clean = extract_document(document.data).ir
    page = clean.pages[0]
    index = [w.text for w in page.words].index("1,000,000")
    amount = page.words[index]
    overlapping = amount.model_copy(
        update={
            "text": "$4",
            "box": amount.box.model_copy(
                update={"left": amount.box.left - amount.box.width * 0.15, "width": amount.box.width * 0.25}
            ),
        }
    )
    far_digit = amount.model_copy(
        update={
            "text": "1",
            "box": amount.box.model_copy(update={"left": amount.box.left - 0.06, "width": 0.004}),
        }
    )
    words = [*page.words[:index], far_digit, overlapping, *page.words[index:]]
    noisy = clean.model_copy(update={"pages": [page.model_copy(update={"words": words}), *clean.pages[1:]]})

    mapped = map_document(noisy).certificate

    general = next(p for p in mapped.policies if p.coverage == "general_liability")
    truth = next(p for p in document.truth.policies if p.coverage == "general_liability")
    assert general.limits["each_occurrence"] == truth.limits["each_occurrence"] == 1_000_000


def test_an_officers_answer_glued_to_the_next_column_and_a_dotted_insurer_letter_are_read() -> None:
    # GIVEN seed 75's workers compensation: insurer letter `B` read `B.`, its N glued to N/A
    document = generate(75, "flattened")
    clean = extract_document(document.data).ir
    officers = _index_after(clean, "PROPRIETOR/PARTNER/EXECUTIVE", "N")
    words = clean.pages[0].words
    workers = next(w for w in words if w.text == "WORKERS")
    letter = next(
        i
        for i, w in enumerate(words)
        if w.text == "B"
        and abs(w.box.center_y - workers.box.center_y) < 0.005
        and w.box.left < workers.box.left
    )

    def misread(index: int, word: Word) -> str:
        return {officers: '"N.ON/A', letter: "B."}.get(index, word.text)

    mapped = map_document(_edited(clean, misread)).certificate

    workers_comp = next(p for p in mapped.policies if p.coverage == "workers_comp")
    assert (workers_comp.insurer_letter, workers_comp.officers_excluded) == ("B", False)


def test_a_misread_insurer_letter_is_taken_only_when_that_insurer_is_listed() -> None:
    # GIVEN seed 75's auto policy (insurer B) with its letter read as `8`, and the same with `G`
    # (read as C, an insurer the certificate does not list)
    document = generate(75, "flattened")
    clean = extract_document(document.data).ir
    words = clean.pages[0].words
    auto = next(w for w in words if w.text == "BA-164588751")  # the auto policy's number
    letter = next(
        i
        for i, w in enumerate(words)
        if w.text == "B" and abs(w.box.center_y - auto.box.center_y) < 0.005 and w.box.left < auto.box.left
    )

    def auto_letter(misread: str) -> str | None:
        mapped = map_document(_edited(clean, lambda i, w: misread if i == letter else w.text)).certificate
        return next(p for p in mapped.policies if p.coverage == "auto_liability").insurer_letter

    assert auto_letter("8") == "B"
    assert auto_letter("G") is None


@pytest.mark.parametrize(
    ("seed", "letter", "misread"),
    [(75, "A", "2."), (31, "C", "el")],  # a serif A's top bar; a serif C's upper terminal
)
def test_a_serif_letter_misread_is_that_insurer(seed: int, letter: str, misread: str) -> None:
    # GIVEN the first policy of that insurer, its letter misread
    document = generate(seed, "flattened")
    assert document.truth is not None
    index, policy = next((i, p) for i, p in enumerate(document.truth.policies) if p.insurer_letter == letter)
    clean = extract_document(document.data).ir
    words = clean.pages[0].words
    number = next(w for w in words if w.text == policy.policy_number)
    at = next(
        i
        for i, w in enumerate(words)
        if w.text == letter
        and abs(w.box.center_y - number.box.center_y) < 0.005
        and w.box.right < number.box.left
    )

    mapped = map_document(_edited(clean, lambda i, w: misread if i == at else w.text)).certificate

    assert mapped.policies[index].insurer_letter == letter


def test_stock_ocr_misreads_of_company_names_and_identifiers_are_undone() -> None:
    # GIVEN seed 31 (insured `... Inc`) with `Inc` read as `Ine` and a certificate number read
    # with a space at a hyphen
    document = generate(31, "flattened")
    truth = document.truth
    assert truth is not None
    assert truth.insured.name is not None
    clean = extract_document(document.data).ir
    suffix = max(i for i, w in enumerate(clean.pages[0].words) if w.text == "Inc")
    certificate_number = [w.text for w in clean.pages[0].words].index(truth.certificate_number or "")

    def misread(index: int, word: Word) -> str:
        if index == suffix:
            return "Ine"
        if index == certificate_number:
            return "CN- 88533"
        return word.text

    mapped = map_document(_edited(clean, misread)).certificate

    assert mapped.insured.name == truth.insured.name
    assert mapped.certificate_number == "CN-88533"


@pytest.mark.parametrize("misread", ["BRO", "FRO-"])
def test_a_ticked_per_project_aggregate_is_read_when_ocr_misreads_pro(misread: str) -> None:
    # GIVEN seed 32: general liability aggregate per project, the ticked box's `PRO` read as `BRO`
    document = generate(32, "flattened")
    clean = extract_document(document.data).ir
    pro = _index_after(clean, "POLICY", "PRO")

    mapped = map_document(_edited(clean, lambda i, w: misread if i == pro else w.text)).certificate

    general = next(p for p in mapped.policies if p.coverage == "general_liability")
    assert general.aggregate_applies_per == "project"


@pytest.mark.parametrize(
    ("printed", "read"), [("702E721", "702E721"), ("S$702E721", "S702E721"), ("X$702E721", "XS702E721")]
)
def test_a_dollar_sign_in_a_policy_number_is_an_s(printed: str, read: str) -> None:
    # GIVEN seed 32's general liability number, as printed or with OCR's `$` for an S
    document = generate(32, "flattened")
    clean = extract_document(document.data).ir

    mapped = map_document(_edited(clean, lambda _, w: printed if w.text == "702E721" else w.text)).certificate

    general = next(p for p in mapped.policies if p.coverage == "general_liability")
    assert general.policy_number == read


def test_textract_key_values_fill_only_what_the_words_left_empty() -> None:
    # GIVEN seed 75 read by Textract: the date's label and value words were lost, but the form
    # model paired them; it also paired a certificate number different from the printed one
    document = generate(75, "flattened")
    truth = document.truth
    assert truth is not None
    assert truth.certificate_date is not None
    clean = extract_document(document.data).ir
    printed_date = truth.certificate_date.strftime("%m/%d/%Y")
    lost = {"DATE", "(MM/DD/YYYY)", printed_date}
    words = [w for w in clean.pages[0].words if w.text not in lost]
    pairs = [
        FormField(name="DATE (MM/DD/YYYY)", value=printed_date, page=1, origin="textract:kv", confidence=0.9),
        FormField(
            name="CERTIFICATE NUMBER:", value="OTHER-123", page=1, origin="textract:kv", confidence=0.9
        ),
    ]
    textract_ir = clean.model_copy(
        update={"pages": [clean.pages[0].model_copy(update={"words": words})], "fields": pairs}
    )

    mapped = map_document(textract_ir)

    # THEN the date comes from the pair, flagged as less sure; the printed number is kept
    assert mapped.certificate.certificate_date == truth.certificate_date
    assert mapped.confidences["certificate_date"] < 0.9
    assert mapped.certificate.certificate_number == truth.certificate_number


def test_the_last_employers_liability_limit_is_read_when_its_e_l_is_misread() -> None:
    # GIVEN a retyped copy's workers' comp rows, the last of them at the height of the row's
    # `describe under DESCRIPTION OF OPERATIONS below` note, with every `E.L.` read as `BL`
    document = generate_family(500140, "retyped", "digital")
    assert document.truth is not None
    clean = extract_document(document.data).ir
    expected = next(p for p in document.truth.policies if p.coverage == "workers_comp").limits

    mapped = map_document(_edited(clean, lambda _, w: "BL" if w.text == "E.L." else w.text)).certificate

    workers_comp = next(p for p in mapped.policies if p.coverage == "workers_comp")
    assert workers_comp.limits["el_disease_policy_limit"] == expected["el_disease_policy_limit"]


def test_the_last_employers_liability_limit_is_read_when_its_label_is_glued_and_garbled() -> None:
    # GIVEN the same rows with `E.L.` read as `ELL.` and the last label as `DISEASE-PoLicy` `yumir`
    document = generate_family(500140, "retyped", "digital")
    assert document.truth is not None
    clean = extract_document(document.data).ir
    expected = next(p for p in document.truth.policies if p.coverage == "workers_comp").limits
    words = clean.pages[0].words
    last = max((w for w in words if w.text == "DISEASE"), key=lambda w: w.box.top)
    on_its_line = [
        w for w in words if abs(w.box.center_y - last.box.center_y) < 0.002 and w.box.left > last.box.left
    ]
    misread = {id(last): "DISEASE-PoLicy", **{id(w): "yumir" for w in on_its_line if w.text == "LIMIT"}}
    dropped = {id(w) for w in on_its_line if w.text in ("-", "POLICY")}

    def edit(_: int, word: Word) -> str | None:
        return (
            None
            if id(word) in dropped
            else misread.get(id(word), "ELL." if word.text == "E.L." else word.text)
        )

    mapped = map_document(_edited(clean, edit)).certificate

    workers_comp = next(p for p in mapped.policies if p.coverage == "workers_comp")
    assert workers_comp.limits["el_disease_policy_limit"] == expected["el_disease_policy_limit"]


def test_the_workers_comp_block_is_found_by_its_first_word_when_the_rest_of_its_label_is_lost() -> None:
    # GIVEN a retyped copy's `WORKERS COMPENSATION` / `AND EMPLOYERS' LIABILITY` read as `WORKERS`
    # and `AND EMPLO` (its `COMPENSATION` read onto the line below)
    document = generate_family(500140, "retyped", "digital")
    assert document.truth is not None
    clean = extract_document(document.data).ir
    misread = {"COMPENSATION": None, "EMPLOYERS'": "EMPLO"}

    mapped = map_document(_edited(clean, lambda _, w: misread.get(w.text, w.text))).certificate

    # THEN the workers' comp policy is read, not merged into the block above it
    expected = next(p for p in document.truth.policies if p.coverage == "workers_comp")
    workers_comp = next(p for p in mapped.policies if p.coverage == "workers_comp")
    assert workers_comp.policy_number == expected.policy_number


def test_an_ocr_d_remarks_page_is_spelt_as_printed_as_the_description_is() -> None:
    # GIVEN a certificate with an ACORD 101 page, read by OCR, its `Turner-Walsh` read `Turner- Walsh`
    document = generate_family(500001, "real_overlay", "digital")
    clean = extract_document(document.data).ir
    pages = []
    for page in clean.pages:
        words = []
        for word in page.words:
            text = word.text
            if page.number == 2 and text == "Turner-Walsh":
                text = "Turner-"
            elif page.number == 2 and words and words[-1].text == "Turner-":
                text = f"Walsh {text}"
            words.append(word.model_copy(update={"text": text, "source": "ocr"}))
        pages.append(page.model_copy(update={"words": words}))
    ocr_ir = clean.model_copy(update={"pages": pages})

    description = map_document(ocr_ir).certificate.description_of_operations

    # THEN the remarks joined to the description read as printed
    assert description is not None
    assert description.endswith("premium to Turner-Walsh Construction Co.")


def test_a_misread_subr_header_after_addl_is_found_when_policy_number_comes_before_them() -> None:
    # GIVEN seed 46 (the old drawing prints POLICY NUMBER left of ADDL and SUBR) with `SUBR`
    # lost and `WVD` read as `WvVD`
    document = generate(46, "flattened")
    assert document.truth is not None
    clean = extract_document(document.data).ir
    misread = {"SUBR": None, "WVD": "WvVD"}

    mapped = map_document(_edited(clean, lambda _, w: misread.get(w.text, w.text))).certificate

    assert [p.subrogation_waived for p in mapped.policies] == [
        p.subrogation_waived for p in document.truth.policies
    ]


def test_the_end_of_an_insurer_label_read_on_an_empty_row_is_no_insurer() -> None:
    # GIVEN seed 46 with its last insurer's row emptied but for `IRC:`, the end of its own
    # `INSURER C :` label misread into the name column
    document = generate(46, "flattened")
    assert document.truth is not None
    last = document.truth.insurers[-1]
    clean = extract_document(document.data).ir
    name_words = (last.name or "").split()
    first_word = next(i for i, w in enumerate(clean.pages[0].words) if w.text == name_words[0])

    def emptied(index: int, word: Word) -> str | None:
        if index == first_word:
            return "IRC:"
        on_row = abs(word.box.center_y - clean.pages[0].words[first_word].box.center_y) < 0.004
        return None if on_row and word.text in [*name_words, last.naic] else word.text

    mapped = map_document(_edited(clean, emptied)).certificate

    assert [i.letter for i in mapped.insurers] == [i.letter for i in document.truth.insurers[:-1]]


@pytest.mark.parametrize("misread", ["ICER", "DUCER"])
def test_the_producer_is_read_when_its_label_lost_its_first_letters(misread: str) -> None:
    # GIVEN the real form's `PRODUCER` label read without its first letters
    document = generate_family(500182, "real_overlay", "digital")
    assert document.truth is not None
    clean = extract_document(document.data).ir

    mapped = map_document(
        _edited(clean, lambda _, w: misread if w.text == "PRODUCER" else w.text)
    ).certificate

    assert (mapped.producer.name, mapped.producer.address) == (
        document.truth.producer.name,
        document.truth.producer.address,
    )


def test_the_insured_is_read_when_both_party_labels_are_a_letter_off() -> None:
    # GIVEN a scan's `FRODUCER` and `INSUBED`: the insured's label is found beside the producer's
    document = generate_family(500182, "real_overlay", "digital")
    assert document.truth is not None
    clean = extract_document(document.data).ir
    misread = {"PRODUCER": "FRODUCER", "INSURED": "INSUBED"}

    mapped = map_document(_edited(clean, lambda _, w: misread.get(w.text, w.text))).certificate

    assert (mapped.insured.name, mapped.insured.address) == (
        document.truth.insured.name,
        document.truth.insured.address,
    )


def test_a_scanned_policy_whose_number_and_dates_were_lost_is_kept_for_a_person() -> None:
    # GIVEN seed 75 as a scan's reading that lost the general liability row's number and dates
    document = generate(75, "flattened")
    assert document.truth is not None
    general = next(p for p in document.truth.policies if p.coverage == "general_liability")
    assert general.policy_number is not None
    assert general.effective_date is not None
    assert general.expiration_date is not None
    dates = (general.effective_date, general.expiration_date)
    lost = {general.policy_number, *(f"{d:%m/%d/%Y}" for d in dates)}
    clean = extract_document(document.data).ir
    scanned = _edited(clean, lambda _, w: None if w.text in lost else w.text)
    pages = [
        page.model_copy(update={"words": [w.model_copy(update={"source": "ocr"}) for w in page.words]})
        for page in scanned.pages
    ]
    scanned = scanned.model_copy(update={"pages": pages})

    # WHEN mapped
    mapped = map_document(scanned)

    # THEN the policy is there with its limits, its number and dates unread and listed for review
    policy = next(p for p in mapped.certificate.policies if p.coverage == "general_liability")
    assert policy.policy_number is None
    assert policy.limits == general.limits
    index = mapped.certificate.policies.index(policy)
    certificate = mapped.certificate.model_copy(deep=True)
    certificate.document.engine = "ocr"
    _, listed = build_review(certificate, calibrate(certificate, mapped.confidences))
    assert f"policies.{index}" in listed  # the whole policy goes to a person


def test_a_footer_whose_corporation_was_misread_still_ends_the_holder_block() -> None:
    # GIVEN seed 8, its footer `(c) 1988-2014 ACORD CORPORATION. All rights reserved.` read with
    # CORPORATION lost and ALL misread, the holder block right above it
    document = generate(8, "flattened")
    assert document.truth is not None
    clean = extract_document(document.data).ir
    misread = {"CORPORATION.": "", "All": "Alll"}

    # WHEN mapped
    mapped = map_document(_mutated(clean, misread)).certificate

    # THEN the holder's address stops before the footer's years
    assert mapped.certificate_holder.address == document.truth.certificate_holder.address
