"""Correspondence sequences with a fixed clock and in-memory ports."""

from __future__ import annotations

from datetime import date

from notify_world import CONTRACT, PROJECT, TENANT, VENDOR_EMAIL, World

from services.notify.domain.model import Contact
from shared.contracts.verdict import Deficiency, Verdict
from shared.events.catalog import (
    CertificateReviewed,
    ComplianceChanged,
    ContractChanged,
    CoverageSnapshot,
    DocumentsRequested,
    ProjectStatusChanged,
    ReviewCompleted,
)


def contract_created(w: World, key: str = "created-1") -> None:
    w.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="created", active=True
        ),
        key=key,
    )


def reviewed(w: World, document_id: str, compliant: bool) -> None:
    deficiencies = (
        []
        if compliant
        else [
            Deficiency(code="LIMIT_BELOW_REQUIRED", coverage="general_liability", message="GL limit too low")
        ]
    )
    w.publish(
        CertificateReviewed(
            tenant_id=TENANT,
            project_id=PROJECT,
            contract_id=CONTRACT,
            document_id=document_id,
            verdict=Verdict(compliant=compliant, as_of=w.clock.today(), deficiencies=deficiencies),
        ),
        key=f"reviewed-{document_id}",
    )


def compliant_with(w: World, *coverages: tuple[str, date], key: str = "compliant-1") -> None:
    w.publish(
        ComplianceChanged(
            tenant_id=TENANT,
            project_id=PROJECT,
            contract_id=CONTRACT,
            vendor_id="v1",
            status="compliant",
            coverages=[
                CoverageSnapshot(
                    coverage=c, status="active", expiration_date=d, policy_number=f"{c[:2].upper()}-1"
                )
                for c, d in coverages
            ],
        ),
        key=key,
    )


def test_contract_added_to_active_project_gets_request_then_three_weekly_reminders_then_non_responsive(
    world: World,
) -> None:
    # GIVEN an Active project
    # WHEN a contract is added and four weeks pass without an upload
    contract_created(world)
    assert len(world.vendor_subjects()) == 1
    world.days_pass(6)
    assert len(world.vendor_subjects()) == 1
    world.days_pass(1)
    assert world.vendor_subjects()[-1].startswith("Reminder 1:")
    world.days_pass(21)
    # THEN the request and three reminders went out, and the contract is non-responsive
    subjects = world.vendor_subjects()
    assert len(subjects) == 4
    assert [s.split(":")[0] for s in subjects[1:]] == ["Reminder 1", "Reminder 2", "Reminder 3"]
    assert world.action_kinds() == ["non_responsive_request"]
    world.days_pass(30)
    assert len(world.vendor_subjects()) == 4


def test_upload_stops_request_reminders_and_clears_non_responsive(world: World) -> None:
    # GIVEN a non-responsive contract
    contract_created(world)
    world.days_pass(28)
    assert world.action_kinds() == ["non_responsive_request"]
    # WHEN a certificate is uploaded and reviewed
    reviewed(world, "doc1", compliant=True)
    world.days_pass(30)
    # THEN no reminder follows and the action item is gone
    assert len(world.vendor_subjects()) == 4
    assert world.action_kinds() == []


def test_upload_midway_stops_the_remaining_reminders(world: World) -> None:
    contract_created(world)
    world.days_pass(8)
    world.publish(
        ComplianceChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, vendor_id="v1", status="needs_review"
        )
    )
    world.days_pass(40)
    assert len(world.vendor_subjects()) == 2
    assert world.action_kinds() == []


def test_draft_project_sends_nothing_until_it_goes_active(world: World) -> None:
    # GIVEN a Draft project
    world.directory.set_project_status(TENANT, PROJECT, "Draft")
    # WHEN a contract is added and weeks pass
    contract_created(world)
    world.days_pass(30)
    # THEN nothing is sent
    assert world.email.sent == []
    # WHEN the project goes Active
    world.directory.set_project_status(TENANT, PROJECT, "Active")
    world.publish(
        ProjectStatusChanged(tenant_id=TENANT, project_id=PROJECT, previous_status="Draft", status="Active")
    )
    # THEN the document request goes out
    assert len(world.vendor_subjects()) == 1


def test_frozen_project_pauses_reminders_and_resumes_when_active_again(world: World) -> None:
    contract_created(world)
    world.directory.set_project_status(TENANT, PROJECT, "Frozen")
    world.days_pass(30)
    assert len(world.vendor_subjects()) == 1
    world.directory.set_project_status(TENANT, PROJECT, "Active")
    world.publish(
        ProjectStatusChanged(tenant_id=TENANT, project_id=PROJECT, previous_status="Frozen", status="Active")
    )
    # The pending reminder goes out on resumption, the next one a week later.
    assert world.vendor_subjects()[-1].startswith("Reminder 1:")
    world.days_pass(7)
    assert world.vendor_subjects()[-1].startswith("Reminder 2:")


def test_inactive_contract_sends_nothing_more(world: World) -> None:
    contract_created(world)
    world.directory.update_contract(TENANT, CONTRACT, active=False)
    world.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="deactivated", active=False
        )
    )
    world.days_pass(60)
    assert len(world.vendor_subjects()) == 1
    assert all(s.status == "stopped" for s in world.store.list_sequences(TENANT, CONTRACT))


def test_closed_project_stops_correspondence_at_the_next_due_step(world: World) -> None:
    contract_created(world)
    world.directory.set_project_status(TENANT, PROJECT, "Closed")
    world.days_pass(30)
    assert len(world.vendor_subjects()) == 1
    assert [s.status for s in world.store.list_sequences(TENANT, CONTRACT)] == ["stopped"]


def test_duplicate_delivery_of_the_same_event_sends_one_request(world: World) -> None:
    contract_created(world, key="same")
    contract_created(world, key="same")
    contract_created(world, key="other-event-same-fact")
    assert len(world.vendor_subjects()) == 1


def test_rejection_sends_one_notice_listing_every_deficiency_then_reminders(world: World) -> None:
    # GIVEN a reviewer rejects a certificate with two reasons
    contract_created(world)
    world.publish(
        ReviewCompleted(
            tenant_id=TENANT,
            project_id=PROJECT,
            contract_id=CONTRACT,
            document_id="doc1",
            reviewer="rev@summit.example",
            rejected=True,
            reasons=["General liability each occurrence is $500,000; $1,000,000 required", "Waiver missing"],
            notes_to_vendor="Please ask Acme Insurance for CG 20 10.",
        )
    )
    # THEN one notice lists both reasons and the note
    notice = world.email.sent[-1]
    assert "needs changes" in notice.subject
    assert "$1,000,000 required" in notice.text
    assert "Waiver missing" in notice.text
    assert "CG 20 10" in notice.text
    # WHEN four weeks pass without a new upload
    world.days_pass(28)
    subjects = world.vendor_subjects()
    assert [s.split(":")[0] for s in subjects[-3:]] == ["Reminder 1", "Reminder 2", "Reminder 3"]
    assert "corrected certificate" in subjects[-1]
    assert world.action_kinds() == ["non_responsive_rejection"]
    # and the original request's reminders were stopped by the upload
    assert sum(1 for s in subjects if "certificate of insurance still needed" in s) == 0


def test_renewal_reminders_expiration_alert_and_expired_reminders(world: World) -> None:
    # GIVEN a compliant contract whose GL policy expires in 40 days
    expires = date(2026, 4, 11)
    compliant_with(world, ("general_liability", expires))
    assert world.email.sent == []
    # WHEN time passes well beyond the expiration
    sent_on: list[tuple[date, str]] = []
    for _ in range(80):
        before = len(world.email.sent)
        world.days_pass(1)
        sent_on.extend(
            (world.clock.today(), e.subject) for e in world.email.sent[before:] if VENDOR_EMAIL in e.to
        )
    # THEN 30, 15 and 0 days before, the alert the day after, then three weekly reminders
    days = [(expires - d).days for d, _ in sent_on]
    assert days == [30, 15, 0, -1, -8, -15, -22]
    assert "expires today" in sent_on[2][1]
    assert sent_on[3][1].startswith("Expired:")
    assert world.action_kinds() == ["non_responsive_expiration"]


def test_compliant_renewal_stops_renewal_and_expiry_reminders(world: World) -> None:
    compliant_with(world, ("general_liability", date(2026, 4, 11)), key="first")
    world.days_pass(41)  # 30 and 15 day reminders, on-the-day reminder, alert
    assert len(world.email.sent) == 4
    compliant_with(world, ("general_liability", date(2027, 4, 11)), key="renewed")
    world.days_pass(60)
    assert len(world.email.sent) == 4
    assert world.action_kinds() == []


def test_warranty_project_keeps_only_general_liability_renewals(world: World) -> None:
    world.directory.set_project_status(TENANT, PROJECT, "Warranty")
    compliant_with(world, ("general_liability", date(2026, 4, 11)), ("auto_liability", date(2026, 4, 11)))
    world.days_pass(20)
    subjects = world.vendor_subjects()
    assert len(subjects) == 1
    assert "General Liability" in subjects[0]
    auto = world.store.get_sequence(TENANT, CONTRACT, "renewal:auto_liability")
    assert auto is not None
    assert auto.status == "stopped"


def test_three_non_compliant_submissions_raise_an_action_item_once(world: World) -> None:
    reviewed(world, "d1", compliant=False)
    reviewed(world, "d2", compliant=False)
    reviewed(world, "d2", compliant=False)  # redelivered: not counted twice
    assert "non_compliant_submissions" not in world.action_kinds()
    reviewed(world, "d3", compliant=False)
    reviewed(world, "d4", compliant=False)
    assert world.action_kinds().count("non_compliant_submissions") == 1
    reviewed(world, "d5", compliant=True)
    assert "non_compliant_submissions" not in world.action_kinds()


def test_staff_who_opted_in_hear_of_each_new_submission_once(world: World) -> None:
    reviewed(world, "d1", compliant=False)
    reviewed(world, "d1", compliant=False)
    staff_mail = [e for e in world.email.sent if "pm@summit.example" in e.to]
    assert len(staff_mail) == 1
    assert "GL limit too low" in staff_mail[0].text


def test_staff_requested_documents_restart_the_request_with_the_message(world: World) -> None:
    contract_created(world)
    world.days_pass(28)
    world.publish(
        DocumentsRequested(
            tenant_id=TENANT,
            project_id=PROJECT,
            contract_id=CONTRACT,
            requested_by="pm",
            message="Need it by Friday",
        )
    )
    assert "Need it by Friday" in world.email.sent[-1].text
    world.days_pass(7)
    assert world.vendor_subjects()[-1].startswith("Reminder 1:")


def test_sms_goes_only_to_contacts_who_opted_in(world: World) -> None:
    world.directory.update_contract(
        TENANT, CONTRACT, contact=Contact(email=VENDOR_EMAIL, mobile_phone="+15555550100", sms_opt_in=False)
    )
    contract_created(world, key="a")
    assert world.sms.sent == []
    world.directory.update_contract(
        TENANT, CONTRACT, contact=Contact(email=VENDOR_EMAIL, mobile_phone="+15555550100", sms_opt_in=True)
    )
    world.days_pass(7)
    assert [s.phone_number for s in world.sms.sent] == ["+15555550100"]
    assert "certificate of insurance" in world.sms.sent[0].text


def test_tenant_policy_changes_the_cadence(world: World) -> None:
    from services.notify.domain.policy import SequencePolicy

    world.store.save_tenant_policy(
        TENANT, SequencePolicy(reminder_interval_days=3, unanswered_reminders_before_non_responsive=1)
    )
    contract_created(world)
    world.days_pass(3)
    assert len(world.vendor_subjects()) == 2
    world.days_pass(3)
    assert world.action_kinds() == ["non_responsive_request"]


def test_sweep_after_missed_days_catches_up_in_order(world: World) -> None:
    from services.notify.logic.sweep import run_sweep

    contract_created(world)
    world.clock.advance(days=30)  # like `coi local advance --days 30`: one sweep afterwards
    report = run_sweep(world.notifier)
    assert report.messages_sent == 3
    assert world.action_kinds() == ["non_responsive_request"]


def test_every_message_is_recorded_in_the_contract_history(world: World) -> None:
    contract_created(world)
    world.days_pass(7)
    history = world.message_rows()
    assert [h["template"] for h in history] == ["document_request", "request_reminder"]
    assert all(h["state"] == "sent" and h["email_to"] == [VENDOR_EMAIL] for h in history)


def test_email_uses_the_gc_sender_and_a_per_contract_reply_to(world: World) -> None:
    contract_created(world)
    email = world.email.sent[0]
    assert email.from_address == "Summit Compliance <compliance@summit.example>"
    assert email.reply_to == (f"compliance+{CONTRACT}@summit.example",)
    assert email.tags == {"tenant": TENANT, "contract": CONTRACT, "template": "document_request"}


def test_rejection_reminders_survive_out_of_order_events_of_the_same_document(world: World) -> None:
    # GIVEN a rejection of doc1, followed (out of order) by doc1's automatic review and the
    # contract turning non-compliant
    world.publish(
        ReviewCompleted(
            tenant_id=TENANT,
            project_id=PROJECT,
            contract_id=CONTRACT,
            document_id="doc1",
            reviewer="rev",
            rejected=True,
            reasons=["Waiver missing"],
        )
    )
    reviewed(world, "doc1", compliant=False)
    world.publish(
        ComplianceChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, vendor_id="v1", status="non_compliant"
        )
    )
    # WHEN a week passes THEN the rejection reminder still goes out
    world.days_pass(7)
    assert world.vendor_subjects()[-1].startswith("Reminder 1: corrected certificate")
    # WHEN a new document arrives THEN the rejection reminders stop
    reviewed(world, "doc2", compliant=False)
    world.days_pass(30)
    assert len(world.vendor_subjects()) == 2


def test_contact_without_email_raises_an_action_item_and_records_the_skipped_message(world: World) -> None:
    world.directory.update_contract(TENANT, CONTRACT, contact=Contact(email=None))
    contract_created(world)
    assert world.email.sent == []
    assert world.action_kinds() == ["contact_unreachable"]
    assert [m.state for m in world.store.list_messages(TENANT, CONTRACT)] == ["skipped"]


def test_reactivated_contract_resumes_renewal_tracking(world: World) -> None:
    compliant_with(world, ("general_liability", date(2026, 4, 11)))
    world.directory.update_contract(TENANT, CONTRACT, active=False, compliance="compliant")
    world.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="deactivated", active=False
        )
    )
    world.days_pass(12)  # the 30-day reminder falls due while inactive: not sent
    assert world.email.sent == []
    world.directory.update_contract(TENANT, CONTRACT, active=True)
    world.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="activated", active=True
        )
    )
    world.days_pass(14)  # 15 days before expiry falls in this window
    assert [s.split(" (")[0] for s in world.vendor_subjects()] == [
        "Your General Liability policy expires in 15 days"
    ]


def test_sweep_near_its_deadline_stops_and_the_next_run_finishes(world: World) -> None:
    from services.notify.logic.sweep import run_sweep

    contract_created(world)
    world.clock.advance(days=7)
    # WHEN the Lambda is about to time out THEN the sweep stops without sending or moving on
    report = run_sweep(world.notifier, seconds_left=lambda: 5.0)
    assert report.complete is False
    assert len(world.vendor_subjects()) == 1
    # WHEN the next run has time THEN the reminder goes out
    assert run_sweep(world.notifier, seconds_left=lambda: 300.0).messages_sent == 1
