"""Endorsement forms: attached pages identified, citations in the description listed, one per form."""

from __future__ import annotations

import pytest

from services.intake.extraction.api import extract_document
from services.intake.extraction.endorsements import find_forms, merge
from tests.fixtures.certgen import generate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Blanket AI per CG 20 10 04 13 and CG 20 37 04 13", [("CG 20 10", "04 13"), ("CG 20 37", "04 13")]),
        ("per form CG2010 0413", [("CG 20 10", "04 13")]),
        ("CG 20 10 (04/13) applies", [("CG 20 10", "04 13")]),
        ("CG 24 04 05/09 waiver", [("CG 24 04", "05 09")]),
        (
            "per CG 20 10 04 13, CG 24 0405 09.",
            [("CG 20 10", "04 13"), ("CG 24 04", "05 09")],
        ),  # a blank lost
        ("CG 20 37 04132038.", [("CG 20 37", None)]),  # no edition of six digits
        ("CG 20 01, primary", [("CG 20 01", None)]),
        ("WC 00 03 13 (Ed. 4-84) blanket waiver", [("WC 00 03 13", "04 84")]),
        ("WC 00 03 13 applies", [("WC 00 03 13", None)]),
        ("CA 20 48 10 13 and CA 04 44", [("CA 20 48", "10 13"), ("CA 04 44", None)]),
        ("Job #2231, 100 Main St, Suite 20 10", []),
    ],
)
def test_form_numbers_in_free_text_are_normalised(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(form, edition) for form, edition, _ in find_forms(text)] == expected


def test_a_form_cited_twice_is_listed_once_with_the_edition_found() -> None:
    entries = merge([], "AI per CG 20 10; see CG 20 10 04 13 attached; also CG 20 10.")
    assert [(e.form, e.edition, e.page) for e in entries] == [("CG 20 10", "04 13", None)]


@pytest.mark.parametrize("seed", [11, 12, 13, 14])
def test_attached_endorsement_pages_give_form_edition_page_title_and_schedule(seed: int) -> None:
    # GIVEN a packet: certificate plus endorsement pages, some with a printed schedule
    document = generate(seed, "packet")
    assert document.truth is not None

    # WHEN it is read
    result = extract_document(document.data)

    # THEN each attached form is found on the page it starts, with its schedule names
    read = [e.model_dump() for e in result.certificate.endorsements]
    assert read == [e.model_dump() for e in document.truth.endorsements]
    attached = [e for e in result.certificate.endorsements if e.page is not None]
    assert attached
    assert all(getattr(e, "title", None) for e in attached)


def test_cited_forms_have_no_page_and_attached_forms_win_over_citations() -> None:
    # GIVEN a packet whose description cites forms, some of which are also attached
    for seed in range(20, 60):
        document = generate(seed, "packet")
        assert document.truth is not None
        cited = {f for f, _, _ in find_forms(document.truth.description_of_operations or "")}
        attached = {e.form for e in document.truth.endorsements if e.page is not None}
        if cited & attached and cited - attached:
            break
    else:
        pytest.skip("no seed with both kinds in range")

    # WHEN it is read
    endorsements = extract_document(document.data).certificate.endorsements

    # THEN one entry per form: pages for attached ones, null for those only cited
    forms = [e.form for e in endorsements]
    assert len(forms) == len(set(forms))
    for entry in endorsements:
        assert (entry.page is None) == (entry.form not in attached)
