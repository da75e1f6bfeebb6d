"""SMS through SNS (transactional), only ever called for contacts who opted in."""

from __future__ import annotations

from typing import Any

from services.notify.domain.model import OutgoingSms

SMS_MAX_CHARS = 640  # four concatenated segments; longer texts are cut, the email carries the detail


class SnsSmsSender:
    def __init__(self, client: Any, sender_id: str | None = None) -> None:
        self._client = client
        self._sender_id = sender_id

    def send(self, sms: OutgoingSms) -> str:
        attributes = {"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}}
        if self._sender_id:
            attributes["AWS.SNS.SMS.SenderID"] = {"DataType": "String", "StringValue": self._sender_id}
        response = self._client.publish(
            PhoneNumber=sms.phone_number, Message=sms.text[:SMS_MAX_CHARS], MessageAttributes=attributes
        )
        return str(response["MessageId"])
