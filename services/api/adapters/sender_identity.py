"""Is a tenant's sender address one SES will send from? Asked before the address is saved.

SES sends from an address when the address itself or its domain is a verified identity. The
answer is "verified", "not verified" or "unknown" (SES could not be asked: the save goes ahead
and notify pauses the tenant's vendor e-mails if SES then refuses the sender).
"""

from __future__ import annotations

import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from services.api.ports import Verification

logger = logging.getLogger("coi.api")


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
