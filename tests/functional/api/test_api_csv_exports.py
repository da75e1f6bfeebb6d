"""The coverage CSV's rows: Sage-shaped, for a reviewed and approved certificate."""

from __future__ import annotations

import csv
import io
import re

from tests.functional.api.api_samples import SAMPLES
from tests.functional.api.conftest import World, build_scenario
from tests.functional.api.test_api_route_table import COVERAGE_CSV_LEAD, COVERAGE_CSV_TRAIL, EXPECTED_STATUS

US_DATE = r"\d{2}/\d{2}/\d{4}"


def test_coverage_csv_rows_carry_names_us_dates_and_a_column_per_limit(world: World):
    # GIVEN a certificate reviewed and approved
    scenario = build_scenario(world)
    admin = world.gc.admin
    done = ("POST", "/api/documents/{document_id}/review/done")
    approved = world.call("POST", f"/api/documents/{scenario.document_id}/review/done", admin, SAMPLES[done])
    assert approved.status_code == EXPECTED_STATUS[done], approved.body

    # WHEN the coverages are exported
    response = world.call("GET", "/api/exports/coverages.csv", admin)

    # THEN it is CSV: vendor name, job number and name, the contract, MM/DD/YYYY dates, a limit per column
    assert response.headers["Content-Type"].startswith("text/csv")
    header, *rows = csv.reader(io.StringIO(response.body.decode()))
    assert header[: len(COVERAGE_CSV_LEAD)] == COVERAGE_CSV_LEAD
    assert header[-len(COVERAGE_CSV_TRAIL) :] == COVERAGE_CSV_TRAIL
    limits = header[len(COVERAGE_CSV_LEAD) : -len(COVERAGE_CSV_TRAIL)]
    assert limits
    assert all(column.startswith("Limit_") for column in limits)
    assert rows
    for row in rows:
        assert len(row) == len(header)
        assert (row[1], row[2], row[3], row[4]) == ("Rivera Concrete LLC", "2231", "Harbor Point", "SC-7")
        assert re.fullmatch(US_DATE, row[8])
        assert re.fullmatch(US_DATE, row[9])
    assert any(
        value.isdigit() for row in rows for value in row[len(COVERAGE_CSV_LEAD) : -len(COVERAGE_CSV_TRAIL)]
    )
