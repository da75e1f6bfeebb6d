"""Email through SES v2: HTML and text parts, the GC's From identity, a per-contract reply-to and
message tags (tenant, contract) that come back in bounce/complaint notifications."""

from __future__ import annotations

import re
from typing import Any

from services.notify.domain.model import OutgoingEmail

_TAG_VALUE = re.compile(r"[^A-Za-z0-9_\-.@]")


def _tag(value: str) -> str:
    # SES tag values allow only ASCII letters, digits, '_', '-', '.', '@'.
    return _TAG_VALUE.sub("_", value)[:256] or "_"


class SesV2EmailSender:
    def __init__(
        self, client: Any, configuration_set: str | None = None, contact_list: str | None = None
    ) -> None:
        self._client = client
        self._configuration_set = configuration_set
        # With an SES contact list, SES adds its unsubscribe link/header and reports unsubscribes
        # as "Subscription" events, which `ses_feedback` turns into suppressions.
        self._contact_list = contact_list

    def send(self, email: OutgoingEmail) -> str:
        request: dict[str, Any] = {
            "FromEmailAddress": email.from_address,
            "Destination": {"ToAddresses": list(email.to)},
            "ReplyToAddresses": list(email.reply_to),
            "Content": {
                "Simple": {
                    "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                    "Body": {
                        "Text": {"Data": email.text, "Charset": "UTF-8"},
                        "Html": {"Data": email.html, "Charset": "UTF-8"},
                    },
                }
            },
            "EmailTags": [{"Name": _tag(k), "Value": _tag(v)} for k, v in email.tags.items()],
        }
        if self._configuration_set:
            request["ConfigurationSetName"] = self._configuration_set
        if self._contact_list:
            request["ListManagementOptions"] = {"ContactListName": self._contact_list}
        response = self._client.send_email(**request)
        return str(response["MessageId"])
