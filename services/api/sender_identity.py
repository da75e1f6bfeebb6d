"""Is a tenant's sender address one SES will send from? Asked before the address is saved.

SES sends from an address when the address itself or its domain is a verified identity. The
answer is "verified", "not verified" or "unknown" (SES could not be asked: the save goes ahead
and notify pauses the tenant's vendor e-mails if SES then refuses the sender).
"""

from __future__ import annotations

import logging
from typing import Any, Literal

from botocore.exceptions import BotoCoreError, ClientError

from shared.workspace.errors import InvalidInput

logger = logging.getLogger("coi.api")

Verification = Literal["verified", "not_verified", "unknown"]


class SesSenderIdentities:
    """SES v1 `GetIdentityVerificationAttributes` for the address and its domain."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def verification(self, address: str) -> Verification:
        domain = address.rpartition("@")[2]
        identities = [address, domain]
        try:
            found = self._client.get_identity_verification_attributes(Identities=identities)
        except (ClientError, BotoCoreError) as exc:
            logger.warning("could not ask SES whether a sender is verified: %s", type(exc).__name__)
            return "unknown"
        attributes = found.get("VerificationAttributes", {})
        verified = any(attributes.get(i, {}).get("VerificationStatus") == "Success" for i in identities)
        return "verified" if verified else "not_verified"


def require_verified_sender(identities: Any, address: str | None) -> None:
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
