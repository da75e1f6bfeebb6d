"""The tenant's sender address: one plain address, verified in SES before it is saved; saving it
resumes vendor e-mails that notify paused."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from shared.workspace import pause_sender
from tests.functional.api.conftest import World


def _patch(world: World, change: dict[str, object]) -> Any:
    return world.call("PATCH", "/api/tenant", world.gc.admin, change)


@pytest.mark.parametrize(
    "address",
    [
        "not-an-email",
        "a@b",
        "a b@example.com",
        "a@example.com, b@example.com",
        "<a@example.com>",
        "a@ex\nample.com",
    ],
)
def test_a_sender_that_is_not_one_address_is_400(world: World, address: str):
    response = _patch(world, {"sender_email": address})
    assert response.status_code == 400
    assert "sender_email" in response.json_body["fields"]


def test_an_address_ses_has_not_verified_is_400(world: World):
    response = _patch(world, {"sender_email": "coi@summit.example"})
    assert response.status_code == 400
    assert response.json_body["error"] == (
        "coi@summit.example is not verified in Amazon SES (neither the address nor summit.example); "
        "verify it first, then save it again"
    )
    assert world.call("GET", "/api/tenant", world.gc.admin).json_body["settings"]["sender_email"] is None


def test_a_verified_address_or_domain_is_saved(world: World):
    ses = boto3.client("ses", region_name="us-east-1")
    ses.verify_email_identity(EmailAddress="coi@summit.example")
    assert _patch(world, {"sender_email": "COI@summit.example"}).status_code == 200
    ses.verify_domain_identity(Domain="builders.example")
    saved = _patch(world, {"sender_email": "insurance@builders.example"})
    assert saved.status_code == 200
    assert saved.json_body["settings"]["sender_email"] == "insurance@builders.example"


def test_only_admins_may_change_the_sender(world: World):
    response = world.call("PATCH", "/api/tenant", world.gc.standard, {"sender_email": "x@summit.example"})
    assert response.status_code == 403


def test_saving_a_verified_sender_resumes_paused_mail(world: World):
    pause_sender(world.services.store, world.clock, world.gc.tenant_id, "SES refused old@summit.example")
    paused = world.call("GET", "/api/tenant", world.gc.admin).json_body
    assert paused["sender_paused_reason"] == "SES refused old@summit.example"
    boto3.client("ses", region_name="us-east-1").verify_email_identity(EmailAddress="new@summit.example")
    resumed = _patch(world, {"sender_email": "new@summit.example"})
    assert resumed.status_code == 200
    assert resumed.json_body["sender_paused_reason"] is None


class _SesUnreachable:
    def verification(self, address: str) -> str:
        return "unknown"


def test_when_ses_cannot_be_asked_the_sender_is_saved(world: World):
    world.services.sender_identities = _SesUnreachable()
    assert _patch(world, {"sender_email": "later@summit.example"}).status_code == 200
