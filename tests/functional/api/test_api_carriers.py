"""GET/PUT /api/carriers against moto: the tenant's carrier table through the API."""

from __future__ import annotations

from shared import workspace
from shared.workspace import TenantRepository
from tests.functional.api.conftest import World

CSV = (
    "naic,name,am_best_rating,am_best_size\n"
    "25674,Travelers Property Casualty Co of America,A++,XV\n"
    "24074,Ohio Casualty Insurance Company,B++ (Good),8\n"
    ",Hand Kept Mutual Insurance Co,A-,VII\n"
)


def test_admin_replaces_the_table_and_staff_page_through_it(world: World):
    # WHEN an admin uploads the CSV
    put = world.call("PUT", "/api/carriers", world.gc.admin, {"csv": CSV})

    # THEN the carriers are counted, and a read-only user pages through them, canonicalised
    assert put.status_code == 200, put.body
    assert put.json_body == {"count": 3}
    first = world.call("GET", "/api/carriers?limit=2", world.gc.read_only)
    assert first.status_code == 200
    second = world.call(
        "GET", f"/api/carriers?limit=2&cursor={first.json_body['next_cursor']}", world.gc.read_only
    )
    rows = [(c["naic"], c["name"], c["am_best_rating"], c["am_best_size"]) for c in first.json_body["items"]]
    rows += [
        (c["naic"], c["name"], c["am_best_rating"], c["am_best_size"]) for c in second.json_body["items"]
    ]
    assert rows == [
        ("25674", "Travelers Property Casualty Co of America", "A++", "XV"),
        ("24074", "Ohio Casualty Insurance Company", "B++", "VIII"),
        (None, "Hand Kept Mutual Insurance Co", "A-", "VII"),
    ]
    assert second.json_body["next_cursor"] is None
    # AND another tenant sees none of them, nor can use the cursor
    assert world.call("GET", "/api/carriers", world.other.admin).json_body == {
        "items": [],
        "next_cursor": None,
    }
    foreign = world.call("GET", f"/api/carriers?cursor={first.json_body['next_cursor']}", world.other.admin)
    assert foreign.status_code == 400


def test_a_bad_line_is_a_400_naming_it_and_the_table_is_unchanged(world: World):
    # GIVEN a loaded table
    world.call("PUT", "/api/carriers", world.gc.admin, {"csv": CSV})

    # WHEN a CSV with an unknown rating on line 3 is uploaded
    response = world.call(
        "PUT",
        "/api/carriers",
        world.gc.admin,
        {"csv": "naic,name,am_best_rating,am_best_size\n19682,Hartford,A+,XV\n20443,Continental,Z+,XV\n"},
    )

    # THEN it is refused with the line in the message, and the old table still answers
    assert response.status_code == 400
    assert "line 3" in response.json_body["fields"]["csv"]
    assert "Z+" in response.json_body["error"]
    listed = world.call("GET", "/api/carriers", world.gc.admin).json_body["items"]
    assert len(listed) == 3


def test_non_admins_cannot_replace_the_table_and_bodies_are_validated(world: World):
    # WHEN a standard user uploads, or an admin sends a body without csv
    standard = world.call("PUT", "/api/carriers", world.gc.standard, {"csv": CSV})
    malformed = world.call("PUT", "/api/carriers", world.gc.admin, {"rows": []})

    # THEN the first is forbidden, the second a 400 with a field message, and nothing was stored
    assert standard.status_code == 403
    assert malformed.status_code == 400
    assert "csv" in malformed.json_body["fields"]
    assert world.call("GET", "/api/carriers", world.gc.admin).json_body["items"] == []


def test_a_second_replace_supersedes_the_first_and_both_are_audited(world: World):
    # GIVEN a loaded table
    world.call("PUT", "/api/carriers", world.gc.admin, {"csv": CSV})
    head = workspace.carrier_table_head(TenantRepository(world.services.store, world.gc.tenant_id))
    assert head is not None
    first_generation = head.generation

    # WHEN it is replaced by a one-carrier table a minute later
    world.clock.advance(minutes=1)
    second = world.call(
        "PUT",
        "/api/carriers",
        world.gc.admin,
        {"csv": "naic,name,am_best_rating,am_best_size\n19682,Hartford,A+,XV\n"},
    )

    # THEN only the new carrier is listed, and no item of the old table is left in the table
    assert second.json_body == {"count": 1}
    assert [c["name"] for c in world.call("GET", "/api/carriers", world.gc.admin).json_body["items"]] == [
        "Hartford"
    ]
    old_partition = f"T#{world.gc.tenant_id}#CARRIERS#{first_generation}"
    assert world.services.store.query(old_partition).items == []
    # AND the audit trail records who replaced it and the counts, newest first
    entries = world.call("GET", "/api/audit", world.gc.admin).json_body["items"]
    replaced = [(e["actor"], e["changes"]) for e in entries if e["action"] == "carriers.replaced"]
    assert replaced == [
        (world.gc.admin, {"count": 1, "previous_count": 3}),
        (world.gc.admin, {"count": 3, "previous_count": 0}),
    ]
