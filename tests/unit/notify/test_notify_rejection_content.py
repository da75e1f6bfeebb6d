"""What a rejection notice and its reminders tell the vendor: each open requirement with the
reviewer's sentences, written for the broker, and nothing that was waived or accepted since."""

from __future__ import annotations

from notify_world import CONTRACT, PROJECT, TENANT, VENDOR_EMAIL, World, make_world

from services.notify.domain.model import OpenItem, OutgoingEmail, VendorTodo
from shared.events.catalog import ContractChanged, ReviewCompleted

GL = OpenItem(
    "General liability",
    "rejected",
    (
        "General liability each occurrence is $500,000; the contract requires $1,000,000.",
        "General liability general aggregate is $1,000,000; the contract requires $2,000,000.",
    ),
    "A corrected certificate of insurance (ACORD 25) from your broker.",
)
AUTO = OpenItem(
    "Automobile liability",
    "missing",
    ("Automobile liability is not on the certificate.",),
    "A corrected certificate of insurance (ACORD 25) from your broker.",
)
W9 = OpenItem("W-9", "missing", ("We have not received it yet.",), "The W-9 document itself.")


def _reject(w: World) -> None:
    w.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="created", active=True
        ),
        key="created",
    )
    w.publish(
        ReviewCompleted(
            tenant_id=TENANT,
            project_id=PROJECT,
            contract_id=CONTRACT,
            document_id="doc1",
            reviewer="rev@summit.example",
            rejected=True,
            reasons=["General liability was not accepted."] * 4,
            notes_to_vendor="Ask Acme Insurance for the CG 20 10 page.",
        ),
        key="review-doc1",
    )


def _vendor_mail(w: World) -> list[OutgoingEmail]:
    return [e for e in w.email.sent if VENDOR_EMAIL in e.to]


def test_notice_lists_each_open_requirement_with_required_and_found_values() -> None:
    w = make_world()
    w.directory.set_todo(
        TENANT,
        CONTRACT,
        VendorTodo(
            items=(GL, AUTO, W9),
            endorsements=("additional insured endorsement (e.g. CG 20 10 and CG 20 37)",),
            sample_documents=("Sample ACORD 25",),
        ),
    )
    _reject(w)
    notice = _vendor_mail(w)[-1]
    assert "needs changes" in notice.subject
    text = notice.text
    assert "forward this e-mail to your insurance broker as is" in text
    assert "1. General liability" in text
    assert "the contract requires $1,000,000" in text
    assert "the contract requires $2,000,000" in text
    assert "2. Automobile liability (missing)" in text
    assert "3. W-9 (missing)" in text
    assert "CG 20 10 and CG 20 37" in text
    assert "Reviewer's note: Ask Acme Insurance for the CG 20 10 page." in text
    assert "Sample ACORD 25" in text
    assert "https://portal.example/u/tok123" in text
    # The generic line the review event carries is not repeated when the real problems are known.
    assert "was not accepted." not in text
    assert "the contract requires $1,000,000" in notice.html
    assert "<li>Automobile liability is not on the certificate.</li>" in notice.html


def test_reminder_repeats_only_what_is_still_open() -> None:
    w = make_world()
    w.directory.set_todo(TENANT, CONTRACT, VendorTodo(items=(GL, AUTO, W9)))
    _reject(w)
    # WHEN the GC waives auto and the W-9 arrives and is accepted before the first reminder
    w.directory.set_todo(TENANT, CONTRACT, VendorTodo(items=(GL,)))
    w.days_pass(8)
    reminder = _vendor_mail(w)[-1]
    assert reminder.subject.startswith("Reminder 1")
    assert "General liability" in reminder.text
    assert "Automobile liability" not in reminder.text
    assert "W-9" not in reminder.text
    assert "still open" in reminder.text


def test_without_the_workspace_view_the_review_reasons_stand_once_each() -> None:
    w = make_world()
    _reject(w)
    notice = _vendor_mail(w)[-1]
    assert "General liability was not accepted." in notice.text
    assert "Reviewer's note: Ask Acme Insurance" in notice.text
