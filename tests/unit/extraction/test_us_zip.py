import pytest

from services.intake.extraction.us_zip import zip_outside_state


@pytest.mark.parametrize(
    ("state", "zip_code", "outside"),
    [
        ("TX", "75060", False),  # Irving, TX (a real certificate's insured)
        ("NY", "14424", False),  # Canandaigua, NY
        ("AK", "14424", True),  # the same ZIP typed under another state
        ("MA", "02154", False),  # a leading zero
        ("NJ", "07156", False),
        ("WY", "82004", False),
        ("FL", "33655", False),
        ("FL", "80055", True),  # `33655` with two digits misread: Colorado's prefix
        ("GU", "96910", False),  # a territory with no table entry passes
    ],
)
def test_a_zip_is_checked_against_the_prefixes_of_its_state(state: str, zip_code: str, outside: bool) -> None:
    assert zip_outside_state(state, zip_code) is outside
