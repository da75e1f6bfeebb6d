"""A tenant's sender address is checked with SES before it is saved (settings page and API)."""

from __future__ import annotations

from services.api.ports import SenderIdentities
from shared.workspace import InvalidInput


def require_verified_sender(identities: SenderIdentities, address: str | None) -> None:
    """Refuse (400) a sender address SES says it will not send from."""
    if not address:
        return
    if identities.verification(address) == "not_verified":
        domain = address.rpartition("@")[2]
        raise InvalidInput(
            f"{address} is not verified in Amazon SES (neither the address nor {domain}); "
            "verify it first, then save it again",
            {"sender_email": "not verified in Amazon SES"},
        )
