"""Why a document cannot be read at all (contract section 5: `UNREADABLE`)."""

from __future__ import annotations


class UnreadableDocument(Exception):
    """Damaged, encrypted, empty, too large or of an unsupported type; the message is one plain line."""
