"""The AP e-mail: one SES v2 raw message per export, the files as attachments, sent as the
deployment's sender."""

from __future__ import annotations

import email
from email import policy
from typing import Any

from services.erp_export.adapters.ses import SesFileMailer


class RecordingSesClient:
    """Answers like SES v2's SendEmail and keeps the request."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def send_email(self, **request: Any) -> dict[str, str]:
        self.requests.append(request)
        return {"MessageId": "0100018f-test"}


def test_export_files_go_as_attachments_of_one_raw_message():
    client = RecordingSesClient()
    mailer = SesFileMailer(client, "compliance@summit.example")
    message_id = mailer.send_files(
        ["ap@summit.example", "controller@summit.example"],
        "Viewpoint Vista compliance export 05/01/2026",
        "Two files attached.",
        [
            ("slct_compliance.csv", b"SLCo,SL\r\n1,SC-1\r\n", "text/csv"),
            ("apvc_compliance.csv", b"APCo\r\n1\r\n", "text/csv"),
        ],
    )
    assert message_id == "0100018f-test"
    (request,) = client.requests
    assert request["FromEmailAddress"] == "compliance@summit.example"
    assert request["Destination"] == {"ToAddresses": ["ap@summit.example", "controller@summit.example"]}
    parsed = email.message_from_bytes(request["Content"]["Raw"]["Data"], policy=policy.default)
    assert parsed["Subject"] == "Viewpoint Vista compliance export 05/01/2026"
    attachments = {part.get_filename(): part.get_content() for part in parsed.iter_attachments()}
    assert set(attachments) == {"slct_compliance.csv", "apvc_compliance.csv"}
    assert "SC-1" in str(attachments["slct_compliance.csv"])
