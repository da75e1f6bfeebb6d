"""Action needed, overrides, notes, digests, bounces and template rendering."""

from __future__ import annotations

from datetime import UTC, date, datetime

from notify_world import CONTRACT, PROJECT, TENANT, VENDOR_EMAIL, World

from services.notify.domain.plans import plan
from services.notify.domain.policy import DEFAULT_POLICY, gate
from services.notify.logic.feedback import handle_ses_notification
from services.notify.rendering import TemplateRenderer
from shared.events.catalog import ContractChanged, ContractNoteAdded, OverrideDecided, OverrideRequested


def bounce(email: str, kind: str = "Permanent") -> dict[str, object]:
    return {
        "eventType": "Bounce",
        "bounce": {"bounceType": kind, "bouncedRecipients": [{"emailAddress": email}]},
        "mail": {"destination": [email], "tags": {"tenant": [TENANT], "contract": [CONTRACT]}},
    }


def test_override_request_goes_to_approvers_and_stays_pending_until_decided(world: World) -> None:
    # GIVEN a vendor asks for an exception
    world.publish(
        OverrideRequested(
            tenant_id=TENANT,
            project_id=PROJECT,
            contract_id=CONTRACT,
            request_id="r1",
            kind="exception",
            requirement="Umbrella $5,000,000",
            reason="We carry $4M & cannot add more <this year>",
            requested_by=VENDOR_EMAIL,
        )
    )
    # THEN the Admin (the approver) is emailed and the request is pending, not approved
    mail = world.email.sent[-1]
    assert mail.to == ("admin@summit.example",)
    assert "Approval needed" in mail.subject
    assert "&lt;this year&gt;" in mail.html
    assert "<this year>" in mail.text
    pending = world.action_needed(kind="override_pending")
    assert [p["id"] for p in pending] == [f"override_pending#{CONTRACT}#r1"]
    # WHEN an approver decides
    world.publish(
        OverrideDecided(
            tenant_id=TENANT,
            project_id=PROJECT,
            contract_id=CONTRACT,
            request_id="r1",
            approved=False,
            decided_by="a",
        )
    )
    # THEN nothing is pending any more
    assert world.action_needed() == []


def test_contract_note_is_emailed_to_the_chosen_user_only(world: World) -> None:
    world.publish(
        ContractNoteAdded(
            tenant_id=TENANT,
            project_id=PROJECT,
            contract_id=CONTRACT,
            note_id="n1",
            author="Pat Admin",
            text="Call the broker about the waiver.",
            email_user_id="u-pm",
        )
    )
    world.publish(
        ContractNoteAdded(
            tenant_id=TENANT,
            project_id=PROJECT,
            contract_id=CONTRACT,
            note_id="n2",
            author="Pat",
            text="no email",
        )
    )
    assert [e.to for e in world.email.sent] == [("pm@summit.example",)]
    assert "Call the broker" in world.email.sent[0].text


def test_weekly_digest_lists_open_items_to_admins_and_stops_when_nothing_is_open(world: World) -> None:
    # GIVEN a non-responsive contract (raised on a Monday + 28 days)
    world.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="created", active=True
        )
    )
    world.days_pass(28)
    # WHEN the next digest day comes
    world.days_pass(7)
    digests = [e for e in world.email.sent if e.to == ("admin@summit.example",)]
    # THEN the Admin got one digest naming the vendor under its reason
    assert len(digests) == 1
    assert "Non-responsive: document requests" in digests[0].text
    assert "Rivera Concrete LLC" in digests[0].text
    # WHEN the item is resolved, later weeks send no digest
    world.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="deactivated", active=False
        )
    )
    world.days_pass(21)
    assert len([e for e in world.email.sent if e.to == ("admin@summit.example",)]) == 1


def test_hard_bounce_suppresses_the_address_raises_an_item_and_later_sends_are_skipped(world: World) -> None:
    world.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="created", active=True
        )
    )
    # WHEN SES reports a permanent bounce (and a soft one for someone else)
    assert handle_ses_notification(world.notifier, bounce("OPS@rivera.example")) == 1
    assert handle_ses_notification(world.notifier, bounce("x@y.example", kind="Transient")) == 0
    # THEN the contact is marked and an action item raised
    assert world.store.suppression(VENDOR_EMAIL) == "bounced"
    assert "contact_bounced" in world.action_kinds()
    # and the next reminder is not emailed but recorded as skipped
    world.days_pass(7)
    assert len(world.vendor_subjects()) == 1
    history = world.message_rows()
    assert history[-1]["state"] == "skipped"
    # WHEN the contact is updated, the bounce item is resolved
    world.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="contact_updated", active=True
        )
    )
    assert "contact_bounced" not in world.action_kinds()


def test_unsubscribe_and_complaint_mark_the_contact(world: World) -> None:
    handle_ses_notification(
        world.notifier,
        {
            "eventType": "Subscription",
            "mail": {"destination": [VENDOR_EMAIL], "tags": {"tenant": [TENANT], "contract": [CONTRACT]}},
        },
    )
    handle_ses_notification(
        world.notifier,
        {
            "notificationType": "Complaint",
            "complaint": {"complainedRecipients": [{"emailAddress": "b@c.example"}]},
            "mail": {"tags": {}},
        },
    )
    assert world.store.suppression(VENDOR_EMAIL) == "unsubscribed"
    assert world.store.suppression("b@c.example") == "complained"
    assert world.action_kinds() == ["contact_unsubscribed"]


def test_html_part_is_escaped_and_text_part_is_plain() -> None:
    rendered = TemplateRenderer().render(
        "rejection_notice",
        {
            "tenant_name": "Summit & Sons",
            "project_name": "Tower <A>",
            "vendor_name": "<script>alert(1)</script>",
            "contact_name": None,
            "upload_url": "https://portal.example/u/t?a=1&b=2",
            "reasons": ["Limit < required"],
            "notes_to_vendor": None,
            "reminder_total": 3,
            "message": None,
        },
    )
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;" in rendered.html
    assert "Limit &lt; required" in rendered.html
    assert "a=1&amp;b=2" in rendered.html
    assert "<script>alert(1)</script>" in rendered.text
    assert "Limit < required" in rendered.text
    assert rendered.subject == "Your certificate for Tower <A> needs changes"
    assert rendered.sms is not None
    assert "\n" not in rendered.sms


def test_every_template_renders_subject_text_and_html() -> None:
    renderer = TemplateRenderer()
    context = {
        "tenant_name": "Summit",
        "project_name": "Tower",
        "vendor_name": "Rivera",
        "contact_name": "Ana",
        "upload_url": None,
        "reminder_number": 2,
        "reminder_total": 3,
        "reasons": ["r"],
        "notes_to_vendor": None,
        "message": None,
        "coverage_label": "General Liability",
        "policy_number": "GL-1",
        "expiration_date": "2026-04-11",
        "days_before_expiry": 15,
        "compliant": False,
        "deficiencies": ["d"],
        "document_id": "doc",
        "channel": "portal",
        "request_kind": "override",
        "requirement": None,
        "reason": "why",
        "requested_by": "v@x.example",
        "author": "Pat",
        "text": "note",
        "items": [],
        "groups": [],
    }
    names = [
        "document_request",
        "request_reminder",
        "rejection_notice",
        "rejection_reminder",
        "renewal_reminder",
        "expiration_alert",
        "expired_reminder",
        "submission_received",
        "override_requested",
        "contract_note",
        "action_digest",
    ]
    for name in names:
        rendered = renderer.render(name, context)
        assert rendered.subject, name
        assert rendered.text.strip(), name
        assert "<html" in rendered.html, name
        # Without an upload link, vendors are told to reply with the certificate.
        if name in ("document_request", "request_reminder"):
            assert "Reply to this email" in rendered.text


def test_gate_rules_per_project_status() -> None:
    assert gate(project_status="Active", contract_active=True, kind="request") == "send"
    assert gate(project_status="Draft", contract_active=True, kind="request") == "pause"
    assert gate(project_status="Frozen", contract_active=True, kind="renewal") == "pause"
    assert gate(project_status="Closed", contract_active=True, kind="renewal") == "stop"
    assert gate(project_status="Active", contract_active=False, kind="request") == "stop"
    assert (
        gate(project_status="Warranty", contract_active=True, kind="renewal", coverage="general_liability")
        == "send"
    )
    assert (
        gate(project_status="Warranty", contract_active=True, kind="renewal", coverage="workers_comp")
        == "stop"
    )
    assert gate(project_status="Warranty", contract_active=True, kind="request") == "stop"
    assert gate(project_status=None, contract_active=None, kind="request") == "stop"


def test_request_plan_defaults() -> None:
    steps = plan("request", date(2026, 1, 1), DEFAULT_POLICY)
    assert [(s.due_on.day, s.action) for s in steps] == [
        (1, "send"),
        (8, "send"),
        (15, "send"),
        (22, "send"),
        (29, "escalate"),
    ]


def test_list_action_needed_filters_by_project_and_kind(world: World) -> None:
    from services.notify.logic.actions import raise_action

    raise_action(
        world.notifier, tenant_id=TENANT, kind="override_pending", contract_id="c1", ref="r", project_id="p1"
    )
    raise_action(
        world.notifier, tenant_id=TENANT, kind="contact_bounced", contract_id="c2", ref="x", project_id="p2"
    )
    assert [r["kind"] for r in world.action_needed(project_id="p2")] == ["contact_bounced"]
    assert world.action_needed("other-tenant") == []
    assert datetime.fromisoformat(world.action_needed()[0]["created_at"]).tzinfo == UTC
