"""When SES refuses a tenant's sender address, notify pauses that tenant's vendor e-mails instead
of raising (nothing retries into the dead-letter queue), records why, and tells the Admins."""

from __future__ import annotations

from dataclasses import replace

import pytest
from botocore.exceptions import ClientError

from services.notify.domain.model import OutgoingEmail
from shared.events import ContractChanged
from tests.fakes.notify import RecordingEmailSender
from tests.unit.notify.notify_world import CONTRACT, PROJECT, TENANT, VENDOR_EMAIL, World, make_world

TENANT_SENDER = "compliance@summit.example"


class SesRefusingTenantSender(RecordingEmailSender):
    """SES as it answers an unverified From address: MessageRejected."""

    def __init__(self, code: str = "MessageRejected") -> None:
        super().__init__()
        self.code = code
        self.refused = 0

    def send(self, email: OutgoingEmail) -> str:
        if TENANT_SENDER in email.from_address:
            self.refused += 1
            error = {"Error": {"Code": self.code, "Message": "Email address is not verified."}}
            raise ClientError(error, "SendEmail")  # type: ignore[arg-type]
        return super().send(email)


class PausesOnTheDirectory:
    """The SenderPauses port over the in-memory directory (the workspace keeps it on the tenant)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.reasons: list[str] = []

    def pause(self, tenant_id: str, reason: str) -> bool:
        tenant = self.world.directory.tenants[tenant_id]
        if tenant.sender_paused:
            return False
        self.reasons.append(reason)
        self.world.directory.add_tenant(replace(tenant, sender_paused=reason))
        return True


def _world(code: str = "MessageRejected") -> tuple[World, SesRefusingTenantSender, PausesOnTheDirectory]:
    world = make_world()
    email = SesRefusingTenantSender(code)
    world.email = email
    world.notifier.email = email
    pauses = PausesOnTheDirectory(world)
    world.notifier.pauses = pauses
    return world, email, pauses


def _created(world: World) -> None:
    world.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="created", active=True
        )
    )


@pytest.mark.parametrize(
    "code", ["MessageRejected", "MailFromDomainNotVerifiedException", "AccessDeniedException"]
)
def test_a_refused_sender_pauses_the_tenant_instead_of_raising(code: str):
    world, email, pauses = _world(code)
    # WHEN the first request e-mail goes out from the unverified sender (no exception escapes)
    _created(world)
    # THEN the tenant is paused with SES's reason and nothing reached the vendor
    assert pauses.reasons == [f"SES refused {TENANT_SENDER}: {code}: Email address is not verified."]
    assert [e for e in email.sent if VENDOR_EMAIL in e.to] == []
    # AND later sweeps do not call SES again for vendor mail while paused
    refused = email.refused
    world.days_pass(10)
    assert email.refused == refused
    assert [e for e in email.sent if VENDOR_EMAIL in e.to] == []


def test_admins_get_the_digest_from_the_service_address_saying_why():
    world, email, _ = _world()
    _created(world)
    world.days_pass(7)
    digests = [e for e in email.sent if e.to == ("admin@summit.example",)]
    assert digests, "the Admins heard nothing"
    assert "noreply@coi.example" in digests[0].from_address
    assert "E-mails to vendors are paused: SES refused compliance@summit.example" in digests[0].text


def test_once_the_sender_is_fixed_the_waiting_request_goes_out():
    world, email, _ = _world()
    _created(world)
    # WHEN an Admin saves a verified sender (the workspace clears the pause)
    tenant = world.directory.tenants[TENANT]
    world.directory.add_tenant(replace(tenant, sender_email="coi@summit.example", sender_paused=None))
    world.days_pass(1)
    # THEN the request e-mail that waited is sent, from the fixed sender
    sent = [e for e in email.sent if VENDOR_EMAIL in e.to]
    assert len(sent) == 1
    assert "coi@summit.example" in sent[0].from_address


def test_other_ses_failures_still_raise_for_a_retry():
    world, _, pauses = _world("Throttling")
    with pytest.raises(ClientError):
        _created(world)
    assert pauses.reasons == []
