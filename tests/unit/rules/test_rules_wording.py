"""Reading the description of operations: clauses, negations, blanket wording, forms."""

from __future__ import annotations

import pytest

from services.review.rules.wording import normalise_form, read_description, split_clauses


def test_abbreviation_periods_do_not_split_clauses() -> None:
    # GIVEN a description with "No.", "St." and a legal suffix followed by a lower-case word
    text = "Job No. 2231 at 100 Main St. Boston. Summit Builders Inc. and Harbor Point LLC are AIs."

    # WHEN it is split
    clauses = split_clauses(text)

    # THEN only the real sentence end splits
    assert clauses == [
        "Job No. 2231 at 100 Main St. Boston.",
        "Summit Builders Inc. and Harbor Point LLC are AIs.",
    ]


def test_semicolons_line_breaks_and_but_split_clauses() -> None:
    assert split_clauses("A is additional insured; B applies\nC, but not D") == [
        "A is additional insured",
        "B applies",
        "C",
        "but not D",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Certificate holder is additional insured as required by written contract.",
        "Blanket additional insured applies to the certificate holder.",
        "Additional insureds where required by a written agreement.",
        "Blanket AI per CG 20 10 04 13.",
        "Automatic additional insured status applies.",
    ],
)
def test_blanket_additional_insured_wording_is_recognised(text: str) -> None:
    assert read_description(text).blanket_additional_insured is True


@pytest.mark.parametrize(
    "text",
    [
        "Blanket additional insured does not apply.",
        "Additional insured status does NOT apply as required by written contract.",
        "The certificate holder is not included as additional insured as required by written contract.",
        "No blanket additional insured coverage.",
        "Blanket additional insured coverage excludes the owner.",
        "Blanket waiver of subrogation applies.",  # blanket, but not about additional insureds
    ],
)
def test_negated_or_unrelated_wording_is_not_blanket_additional_insured(text: str) -> None:
    assert read_description(text).blanket_additional_insured is False


def test_legal_qualifier_does_not_void_a_positive_clause() -> None:
    # GIVEN the common "where not prohibited by law" qualifier (it contains "not")
    facts = read_description(
        "Waiver of subrogation applies in favor of the holder where not prohibited by law."
    )

    # THEN the waiver still counts, for every coverage since none is named
    assert facts.waiver_for("general_liability") is True
    assert facts.waiver_for("workers_comp") is True


def test_waiver_wording_naming_coverages_applies_only_to_them() -> None:
    facts = read_description("Waiver of subrogation applies to the GL and Workers' Compensation policies.")

    assert facts.waiver_for("general_liability") is True
    assert facts.waiver_for("workers_comp") is True
    assert facts.waiver_for("auto_liability") is False


@pytest.mark.parametrize(
    "text",
    [
        "Coverage is primary and non-contributory.",
        "Coverage is primary & noncontributory.",
        "Primary/non-contributory applies.",
        "Primary and Non Contributory per contract.",
        "P&NC applies.",
    ],
)
def test_primary_noncontributory_variants(text: str) -> None:
    assert read_description(text).primary_noncontributory_for("general_liability") is True


def test_primary_alone_is_not_primary_noncontributory() -> None:
    assert read_description("Coverage is primary.").primary_noncontributory_for("general_liability") is False


def test_names_in_negated_clauses_are_not_named() -> None:
    facts = read_description(
        "Summit Builders Inc is additional insured. Acme Architects is NOT an additional insured."
    )

    assert facts.names("Summit Builders, Inc.") is True
    assert facts.names("Acme Architects LLC") is False


def test_names_match_whole_words_only() -> None:
    facts = read_description("Summit Builders Northeast is additional insured.")

    assert facts.names("Summit Builders") is True
    assert facts.names("Summit Build") is False
    assert facts.names("Builders Northeast Group") is False


def test_forms_cited_only_in_negated_clauses_are_negated() -> None:
    facts = read_description("CG 20 38 does not apply. Additional insured per CG2010 0413 and WC 00 03 13.")

    assert facts.negated_forms == {"CG 20 38"}
    assert facts.positive_forms == {"CG 20 10", "WC 00 03 13"}


@pytest.mark.parametrize(
    ("printed", "form"),
    [
        ("CG 20 10", "CG 20 10"),
        ("cg2037", "CG 20 37"),
        ("CG-20-01-04-13", "CG 20 01"),
        ("WC 00 03 13", "WC 00 03 13"),
    ],
)
def test_form_numbers_normalise(printed: str, form: str) -> None:
    assert normalise_form(printed) == form


def test_completed_operations_wording_but_not_the_products_aggregate_line() -> None:
    assert read_description("Additional insured for completed operations.").completed_operations is True
    assert read_description("Coverage for ongoing and completed operations.").completed_operations is True
    assert read_description("Includes completed operations.").completed_operations is True
    assert (
        read_description("Products/completed operations aggregate $2,000,000.").completed_operations is False
    )
    assert read_description("Products-Completed Ops Agg: $2M.").completed_operations is False
    assert (
        read_description("Completed operations additional insured does not apply.").completed_operations
        is False
    )
