"""Domain errors. The API maps each kind once to an HTTP status; handlers never match on text."""

from __future__ import annotations


class WorkspaceError(Exception):
    """Base of every error the workspace raises on purpose."""


class NotFound(WorkspaceError):
    """Missing, or belongs to another tenant: the two are indistinguishable on purpose."""

    def __init__(self, kind: str, item_id: str | None = None) -> None:
        super().__init__(f"{kind} not found" if item_id is None else f"{kind} {item_id} not found")
        self.kind = kind
        self.item_id = item_id


class Forbidden(WorkspaceError):
    """The caller is known but their role does not allow this."""


class Conflict(WorkspaceError):
    """The request contradicts the stored state (duplicate, concurrent edit, wrong state)."""


class InvalidInput(WorkspaceError):
    """Input that passed the schema but breaks a business rule; `fields` maps field -> message."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class TooLarge(InvalidInput):
    """Input, or the item it would make, over a size limit (DynamoDB's 400 KB per item): 413."""


class Gone(WorkspaceError):
    """A portal link that expired or was revoked."""
