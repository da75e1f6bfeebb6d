"""The contract page in tabs (Coverages, Certificates, Notes, Messages, Audit): one server-rendered
URL per tab, the header on each, and the Messages tab with every message's delivery state."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from shared.correspondence import MessageRecord
from tests.functional.ui.conftest import Site

TABS = ("coverages", "certificates", "notes", "messages", "audit")


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return str(response.body.decode())


def _sent(site: Site, contract, key: str, minute: int, **fields) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2026, 5, 1, 9, minute, tzinfo=UTC)
    record = MessageRecord(
        tenant_id=contract.tenant_id,
        contract_id=contract.id,
        idempotency_key=key,
        template=fields.pop("template", "document_request"),
        audience="vendor",
        state="sending",
        created_at=at,
    )
    site.services.correspondence.begin_delivery(record, 60)
    sent = MessageRecord(**{**record.__dict__, "state": "sent", "sent_at": at, **fields})
    site.services.correspondence.finish_delivery(sent)


def test_each_tab_has_its_own_url_with_the_header_and_only_its_section(site: Site) -> None:
    cookie = site.sign_in()
    contract = site.contract(site.project())
    site.deliver(contract)
    site.post(f"/contracts/{contract.id}/notes", cookie, {"text": "Broker promised the renewal by Friday."})
    pages = {tab: _text(site.get(f"/contracts/{contract.id}?tab={tab}", cookie)) for tab in TABS}
    for tab, page in pages.items():
        current = re.findall(r'<a href="([^"]+)" aria-current="page" data-tab="(\w+)"', page)
        assert [name for _, name in current] == [tab], tab
        assert contract.vendor_name in page, "the header is on every tab"
        assert "Request link:" in page
        assert 'aria-label="Contract sections"' in page
    assert _text(site.get(f"/contracts/{contract.id}", cookie)) == pages["coverages"]
    assert "Coverage timeline" in pages["coverages"]
    assert "GL-1" in pages["coverages"]
    assert "Coverage timeline" not in pages["certificates"]
    assert "Certificate dated" in pages["certificates"] or "Uploaded file" in pages["certificates"]
    assert "Broker promised the renewal by Friday." in pages["notes"]
    assert "Broker promised" not in pages["coverages"]
    assert "Contract created" in pages["audit"]
    assert "No messages yet." in pages["messages"]


def test_adding_a_note_lands_on_the_notes_tab(site: Site) -> None:
    cookie = site.sign_in()
    contract = site.contract(site.project())
    response = site.post(f"/contracts/{contract.id}/notes", cookie, {"text": "Called the broker."})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/contracts/{contract.id}?tab=notes&done=note_added"


def test_an_unknown_tab_is_a_400_with_one_line(site: Site) -> None:
    cookie = site.sign_in()
    contract = site.contract(site.project())
    response = site.get(f"/contracts/{contract.id}?tab=billing", cookie)
    assert response.status_code == 400
    assert "no tab &#39;billing&#39; on a contract" in _text(response) or "no tab 'billing'" in _text(
        response
    )
    assert "Traceback" not in _text(response)


def test_the_messages_tab_shows_channel_recipient_subject_and_delivery_state(site: Site) -> None:
    cookie = site.sign_in()
    contract = site.contract(site.project())
    _sent(
        site,
        contract,
        "k1",
        0,
        subject="Certificate request",
        email_to=("ops@rivera.example",),
        email_message_id="m1",
    )
    _sent(
        site,
        contract,
        "k2",
        5,
        template="rejection_notice",
        subject="Your certificate needs changes",
        email_to=("ops@rivera.example",),
        sms_to="+15125550100",
        email_message_id="m2",
    )
    delivered_at = datetime(2026, 5, 1, 9, 7, tzinfo=UTC)
    assert site.services.correspondence.record_outcome(
        contract.tenant_id, contract.id, "m1", "delivered", delivered_at
    )
    assert site.services.correspondence.record_outcome(
        contract.tenant_id, contract.id, "m2", "bounced", delivered_at
    )
    page = _text(site.get(f"/contracts/{contract.id}?tab=messages", cookie))
    rows = re.findall(r'<tr data-message="(\w+)" data-state="(\w+)">', page)
    assert rows == [("rejection_notice", "bounced"), ("document_request", "delivered")], "newest first"
    assert ">Delivered<" in page
    assert ">Bounced<" in page
    assert "05/01/2026 09:07 UTC" in page, "when SES reported the outcome"
    assert "E-mail, SMS" in page
    assert "SMS +15125550100" in page
    assert "ops@rivera.example" in page
    assert "Your certificate needs changes" in page
    # the older standalone page shows the same history and points back to the tab
    standalone = _text(site.get(f"/contracts/{contract.id}/messages", cookie))
    assert f'href="/contracts/{contract.id}?tab=messages"' in standalone
    assert ">Delivered<" in standalone
