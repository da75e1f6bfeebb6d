"""Asynchronous Textract for multi-page scans: start a job, then collect it on completion.

The document must already be in S3. Textract publishes completion to an SNS topic (through a
role it can assume); the topic feeds an SQS queue whose consumer is
`services/intake/textract_handler.py`, which calls `collect_job`. Results stay 7 days.

Pass the document's sha256 as the job tag: it is exactly 64 characters of Textract's allowed
JobTag alphabet, comes back in the completion message, and lets the consumer find the document.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from services.intake.extraction.ir import DocumentIR, SourceKind
from services.intake.extraction.textract import TextractError, responses_to_ir

_JOB_TAG = re.compile(r"^[a-zA-Z0-9_.\-:]{1,64}$")
_MAX_RESULT_PAGES = 10_000  # 3,000 document pages at 1,000 blocks a call is far below this


class TextractJobFailed(TextractError):
    """Textract finished the job without results (FAILED), or reported it not found."""


class TextractJobPending(Exception):
    """Results were asked for before the job finished."""


@dataclass(frozen=True)
class NotificationChannel:
    sns_topic_arn: str
    role_arn: str


@dataclass(frozen=True)
class JobCompletion:
    """The message Textract publishes to SNS when an asynchronous job ends."""

    job_id: str
    status: str  # SUCCEEDED, FAILED, ERROR
    job_tag: str
    api: str
    bucket: str | None
    key: str | None

    @classmethod
    def from_message(cls, message: str | dict[str, Any]) -> JobCompletion:
        body = json.loads(message) if isinstance(message, str) else message
        location = body.get("DocumentLocation") or {}
        return cls(
            job_id=str(body["JobId"]),
            status=str(body["Status"]),
            job_tag=str(body.get("JobTag", "")),
            api=str(body.get("API", "")),
            bucket=location.get("S3Bucket"),
            key=location.get("S3ObjectName"),
        )


def start_job(  # noqa: PLR0913  keyword-only, one per StartDocumentAnalysis request field
    client: Any,
    *,
    bucket: str,
    key: str,
    job_tag: str,
    notification: NotificationChannel,
    feature_types: tuple[str, ...] = ("FORMS", "TABLES"),
    client_request_token: str | None = None,
) -> str:
    """Start StartDocumentAnalysis on s3://bucket/key; returns the JobId.

    `client_request_token` makes a retried start return the same job instead of a second one
    (Textract keeps it for 7 days); the document's sha256 prefix is a good one.
    """
    if not _JOB_TAG.match(job_tag):
        raise ValueError(f"job tag must be 1-64 characters of [a-zA-Z0-9_.-:], got {job_tag!r}")
    request: dict[str, Any] = {
        "DocumentLocation": {"S3Object": {"Bucket": bucket, "Name": key}},
        "FeatureTypes": list(feature_types),
        "JobTag": job_tag,
        "NotificationChannel": {"SNSTopicArn": notification.sns_topic_arn, "RoleArn": notification.role_arn},
    }
    if client_request_token:
        request["ClientRequestToken"] = client_request_token[:64]
    response = client.start_document_analysis(**request)
    return str(response["JobId"])


def collect_job(
    client: Any,
    job_id: str,
    *,
    sha256: str,
    source_kind: SourceKind = "scanned",
    page_sizes: list[tuple[float, float]] | None = None,
) -> DocumentIR:
    """Every result page of a finished job (following NextToken) parsed into one DocumentIR."""
    responses: list[dict[str, Any]] = []
    next_token: str | None = None
    for _ in range(_MAX_RESULT_PAGES):
        request: dict[str, Any] = {"JobId": job_id, "MaxResults": 1000}
        if next_token:
            request["NextToken"] = next_token
        try:
            response = client.get_document_analysis(**request)
        except client.exceptions.InvalidJobIdException:
            raise TextractJobFailed(f"Textract job {job_id} not found (results are kept 7 days)") from None
        status = response.get("JobStatus")
        if status == "IN_PROGRESS":
            raise TextractJobPending(f"Textract job {job_id} is still in progress")
        if status == "FAILED":
            raise TextractJobFailed(
                f"Textract job {job_id} failed: {response.get('StatusMessage', 'no reason given')}"
            )
        responses.append(response)
        next_token = response.get("NextToken")
        if not next_token:
            break
    else:
        raise TextractError(f"Textract job {job_id} returned more result pages than allowed")
    ir = responses_to_ir(responses, sha256=sha256, source_kind=source_kind, page_sizes=page_sizes)
    declared = responses[0].get("DocumentMetadata", {}).get("Pages")
    if declared is not None and declared != len(ir.pages):
        ir.notes["page_count_mismatch"] = (
            f"DocumentMetadata says {declared} pages, blocks give {len(ir.pages)}"
        )
    if responses[-1].get("JobStatus") == "PARTIAL_SUCCESS":
        ir.notes["textract_partial_success"] = responses[-1].get("StatusMessage", "some pages were not read")
    return ir
