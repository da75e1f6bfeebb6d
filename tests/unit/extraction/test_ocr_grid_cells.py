"""OCR readings of single coverage-grid cells: a mark read with its column's edge, and an undated
row whose only print is a speck or a label's fragment."""

from __future__ import annotations

import pytest

from services.intake.extraction.acord25.grid import _speck_of_print
from services.intake.extraction.acord25.marks import _mark_value


@pytest.mark.parametrize(
    ("read", "mark"),
    [
        ("Y", True),
        ("N", False),
        ("ly", True),
        ("IN", False),
        ("1Y", True),
        ("Ix", True),
        ("lx", True),
        ("ab", None),
    ],
)
def test_a_mark_read_with_its_column_s_left_edge_is_the_mark(read: str, mark: bool | None) -> None:
    # `ly`: the ADDL INSD `Y` with the rule before it read as a letter
    assert _mark_value(read) is mark


@pytest.mark.parametrize(
    ("number", "speck"),
    [
        ("1", True),
        ("l", True),
        ("vin", True),
        ("vine", True),
        ("WC-55", False),
        ("7845", False),
        ("WCAB", False),
    ],
)
def test_a_policy_number_of_a_speck_or_a_label_s_fragment_is_no_policy(number: str, speck: bool) -> None:
    # An undated row on a scan whose only print is `1` (a speck) or `vin` (a fragment of
    # `(Mandatory in NH)`) is not a policy; a real policy number has four characters or more.
    assert _speck_of_print(number) is speck
