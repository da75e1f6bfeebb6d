"""E-mailing export files to accounts payable through SES v2 (a raw MIME message: the files are
attachments)."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any


class SesFileMailer:
    def __init__(self, client: Any, sender: str) -> None:
        self._client = client
        self._sender = sender

    def send_files(self, to: list[str], subject: str, text: str, files: list[tuple[str, bytes, str]]) -> str:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = ", ".join(to)
        message["Subject"] = subject
        message.set_content(text)
        for name, content, content_type in files:
            maintype, _, subtype = content_type.partition("/")
            message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
        response = self._client.send_email(
            FromEmailAddress=self._sender,
            Destination={"ToAddresses": list(to)},
            Content={"Raw": {"Data": message.as_bytes()}},
        )
        return str(response["MessageId"])
