"""Per-tenant sequence settings (with the defaults users expect) and the rules that gate sending."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Gate = Literal["send", "pause", "stop"]

WARRANTY_TRACKED_COVERAGES = frozenset({"general_liability"})


class SequencePolicy(BaseModel):
    """How a tenant chases vendors. Stored per tenant; absent fields take these defaults."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    requests_enabled: bool = True
    rejections_enabled: bool = True
    renewals_enabled: bool = True
    reminder_interval_days: int = Field(default=7, ge=1, le=90)
    unanswered_reminders_before_non_responsive: int = Field(default=3, ge=0, le=20)
    renewal_reminder_days_before: tuple[int, ...] = (30, 15, 0)
    expired_reminder_interval_days: int = Field(default=7, ge=1, le=90)
    expired_reminders: int = Field(default=3, ge=0, le=20)
    non_compliant_submissions_for_action: int = Field(default=3, ge=1, le=50)
    staff_submission_notices: bool = True
    sms_enabled: bool = True
    # 0 = Monday, as `date.weekday()`.
    digest_weekday: int = Field(default=0, ge=0, le=6)


DEFAULT_POLICY = SequencePolicy()

# Project statuses whose gate does not depend on the step (warranty does; anything else stops).
_GATE_BY_STATUS: dict[str, Gate] = {"active": "send", "draft": "pause", "frozen": "pause"}


def gate(
    *,
    project_status: str | None,
    contract_active: bool | None,
    kind: str,
    coverage: str | None = None,
) -> Gate:
    """Whether a vendor-facing step may go out now.

    Draft and Frozen pause (nothing is sent; the sequence resumes when the project becomes
    Active): a Draft project is not started yet and a Frozen one is on hold, but its contracts
    are still expected to comply once work resumes. Closed projects, inactive or removed
    contracts stop for good. Warranty projects keep only renewal tracking of completed-operations
    coverage, which on an ACORD 25 is carried by general liability.
    """
    if not contract_active or project_status is None:
        return "stop"
    status = project_status.lower()
    if status == "warranty":
        tracked = kind == "renewal" and coverage in WARRANTY_TRACKED_COVERAGES
        return "send" if tracked else "stop"
    return _GATE_BY_STATUS.get(status, "stop")


def staff_notices_allowed(*, project_status: str | None, contract_active: bool | None) -> bool:
    """Automatic staff notices follow the contract: none for Draft/Closed projects or inactive contracts."""
    if not contract_active or project_status is None:
        return False
    return project_status.lower() not in ("draft", "closed")
