"""The correspondence read model: what notify recorded (a contract's messages, the tenant's
action-needed items) and how people see it. Notify writes these records; the API reads them
here, never through notify. Imports no service."""

from shared.correspondence.read_model import (
    ACTION_TITLES,
    CorrespondenceReader,
    VendorNameOf,
    action_rows,
    message_history,
    message_row,
    open_actions,
)
from shared.correspondence.records import (
    OUTCOME_RANK,
    TENANT_SCOPE,
    ActionItem,
    ActionKind,
    Audience,
    DeliveryOutcome,
    MessageRecord,
    MessageState,
    outcome_advances,
)
from shared.correspondence.table import CorrespondenceTable, correspondence_model

__all__ = [
    "ACTION_TITLES",
    "OUTCOME_RANK",
    "TENANT_SCOPE",
    "ActionItem",
    "ActionKind",
    "Audience",
    "CorrespondenceReader",
    "CorrespondenceTable",
    "DeliveryOutcome",
    "MessageRecord",
    "MessageState",
    "VendorNameOf",
    "action_rows",
    "correspondence_model",
    "message_history",
    "message_row",
    "open_actions",
    "outcome_advances",
]
