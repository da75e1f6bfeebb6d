"""The reviewer's "send e-mail to the vendor" choice: unticked, a rejection is recorded but no
notice or rejection reminder reaches the vendor; events published before the flag still parse."""

from __future__ import annotations

from notify_world import CONTRACT, PROJECT, TENANT, World

from shared.events.catalog import ContractChanged, ReviewCompleted


def _rejected(world: World, *, notify_vendor: bool) -> None:
    world.publish(
        ContractChanged(
            tenant_id=TENANT, project_id=PROJECT, contract_id=CONTRACT, change="created", active=True
        ),
        key="created-1",
    )
    world.publish(
        ReviewCompleted(
            tenant_id=TENANT,
            project_id=PROJECT,
            contract_id=CONTRACT,
            document_id="doc1",
            reviewer="rev@summit.example",
            rejected=True,
            reasons=["General liability each occurrence is $500,000; $1,000,000 required"],
            notify_vendor=notify_vendor,
        )
    )


def test_unticked_rejection_queues_no_notice_and_no_rejection_reminders(world: World) -> None:
    _rejected(world, notify_vendor=False)
    world.days_pass(28)
    subjects = world.vendor_subjects()
    assert not any("needs changes" in s or "corrected certificate" in s for s in subjects)
    assert "non_responsive_rejection" not in world.action_kinds()


def test_ticked_rejection_sends_the_notice(world: World) -> None:
    _rejected(world, notify_vendor=True)
    assert "needs changes" in world.vendor_subjects()[-1]


def test_an_event_published_before_the_flag_existed_still_parses_and_notifies() -> None:
    old = {
        "tenant_id": TENANT,
        "project_id": PROJECT,
        "contract_id": CONTRACT,
        "document_id": "doc1",
        "reviewer": "rev@summit.example",
        "rejected": True,
        "reasons": [],
        "notes_to_vendor": None,
    }
    assert ReviewCompleted.model_validate(old).notify_vendor is True
