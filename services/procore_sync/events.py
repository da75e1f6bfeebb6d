"""Parsing the SQS records this service consumes: the body is the EventBridge event, its
`detail` the envelope from shared/events (Powertools parser models; AWS's camelCase names)."""

from __future__ import annotations

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel

from shared.events import ComplianceChanged, Envelope


class ComplianceChangedEvent(EventBridgeModel):
    detail: Envelope[ComplianceChanged]


def detail_type(body: dict[str, object]) -> str:
    return str(body.get("detail-type") or body.get("detail_type") or "")
