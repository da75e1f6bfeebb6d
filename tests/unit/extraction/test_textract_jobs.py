"""Asynchronous Textract: starting a job, collecting its NextToken pages, failed jobs, the SQS consumer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from services.intake.extraction.textract_jobs import (
    JobCompletion,
    NotificationChannel,
    TextractJobFailed,
    collect_job,
    start_job,
)
from services.intake.handlers.textract import completion_from_sqs_body, process_completions
from services.intake.ports import TextractCompletionPorts
from tests.lambda_events import sqs_record

FIXTURES = Path(__file__).parents[2] / "fixtures" / "textract"
JOB_ID = "4a1e0c5f8b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f"
SHA = "9" * 64


def _fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture
def textract() -> Any:
    return boto3.client("textract", region_name="us-east-1")


def _stub_packet(stubber: Stubber, job_id: str = JOB_ID) -> None:
    stubber.add_response(
        "get_document_analysis",
        _fixture("get_document_analysis_packet_1.json"),
        {"JobId": job_id, "MaxResults": 1000},
    )
    stubber.add_response(
        "get_document_analysis",
        _fixture("get_document_analysis_packet_2.json"),
        {"JobId": job_id, "MaxResults": 1000, "NextToken": "synthetic-next-token-1"},
    )


def test_start_job_sends_the_s3_document_tag_and_completion_channel(textract):
    # GIVEN Textract accepting StartDocumentAnalysis with exactly these parameters
    stubber = Stubber(textract)
    stubber.add_response(
        "start_document_analysis",
        {"JobId": JOB_ID},
        {
            "DocumentLocation": {"S3Object": {"Bucket": "docs", "Name": "uploads/t1/c1/d1.pdf"}},
            "FeatureTypes": ["FORMS", "TABLES"],
            "JobTag": SHA,
            "NotificationChannel": {
                "SNSTopicArn": "arn:aws:sns:us-east-1:123456789012:textract-done",
                "RoleArn": "arn:aws:iam::123456789012:role/textract-publish",
            },
            "ClientRequestToken": SHA,
        },
    )
    channel = NotificationChannel(
        sns_topic_arn="arn:aws:sns:us-east-1:123456789012:textract-done",
        role_arn="arn:aws:iam::123456789012:role/textract-publish",
    )

    # WHEN a job is started for an uploaded packet
    with stubber:
        job_id = start_job(
            textract,
            bucket="docs",
            key="uploads/t1/c1/d1.pdf",
            job_tag=SHA,
            notification=channel,
            client_request_token=SHA,
        )

    # THEN Textract's job id comes back
    assert job_id == JOB_ID
    stubber.assert_no_pending_responses()


def test_job_tag_outside_textracts_alphabet_is_refused(textract):
    channel = NotificationChannel(sns_topic_arn="arn:sns", role_arn="arn:role")
    with pytest.raises(ValueError, match="job tag"):
        start_job(textract, bucket="b", key="k", job_tag="has spaces/slashes", notification=channel)


def test_collect_follows_next_token_and_joins_a_page_split_across_responses(textract):
    # GIVEN a finished two-page job whose results come in two NextToken pages, split mid-page
    stubber = Stubber(textract)
    _stub_packet(stubber)

    # WHEN the job is collected
    with stubber:
        ir = collect_job(textract, JOB_ID, sha256=SHA, page_sizes=[(612.0, 792.0), (612.0, 792.0)])
    stubber.assert_no_pending_responses()

    # THEN both pages are whole: the certificate's fields on page 1, the endorsement's text on page 2
    assert ir.sha256 == SHA
    assert [p.number for p in ir.pages] == [1, 2]
    page_two = " ".join(w.text for w in ir.pages[1].words)
    assert "CG 20 10 04 13" in page_two
    assert "Atlas Builders Inc" in page_two
    fields = {f.name: f for f in ir.fields}
    assert fields["POLICY EFF"].value == "04/01/2026"
    assert fields["POLICY EFF"].page == 1
    assert "page_count_mismatch" not in ir.notes


def test_failed_job_raises_with_textracts_reason(textract):
    # GIVEN a job Textract reports FAILED
    stubber = Stubber(textract)
    stubber.add_response(
        "get_document_analysis",
        _fixture("get_document_analysis_failed.json"),
        {"JobId": JOB_ID, "MaxResults": 1000},
    )

    # WHEN / THEN collecting it raises with the status message
    with stubber, pytest.raises(TextractJobFailed, match="UNSUPPORTED_DOCUMENT_FORMAT"):
        collect_job(textract, JOB_ID, sha256=SHA)


def test_expired_job_id_is_reported_as_a_failed_job(textract):
    stubber = Stubber(textract)
    stubber.add_client_error("get_document_analysis", service_error_code="InvalidJobIdException")
    with stubber, pytest.raises(TextractJobFailed, match="not found"):
        collect_job(textract, JOB_ID, sha256=SHA)


# -- the SQS consumer --------------------------------------------------------------------------


def _completion_message(job_id: str, status: str, tag: str) -> dict[str, Any]:
    return {
        "JobId": job_id,
        "Status": status,
        "API": "StartDocumentAnalysis",
        "JobTag": tag,
        "Timestamp": 1763758800000,
        "DocumentLocation": {"S3ObjectName": f"uploads/t1/c1/{tag}.pdf", "S3Bucket": "docs"},
    }


def _sqs_record(message_id: str, body: str) -> dict[str, Any]:
    return sqs_record(body, message_id, queue="textract-completions")


def _sns_envelope(message: dict[str, Any]) -> str:
    return json.dumps({"Type": "Notification", "MessageId": "m", "Message": json.dumps(message)})


class _Intake:
    """The pipeline's continuation, recording what it was handed."""

    def __init__(self) -> None:
        self.documents: list[tuple[str, Any]] = []

    def on_document(self, job_tag: str, ir: Any) -> None:
        self.documents.append((job_tag, ir))


def test_consumer_hands_on_finished_jobs_and_reports_only_the_bad_records(textract):
    # GIVEN a finished job (SNS envelope), a FAILED job (raw delivery), and a message not from Textract
    packet = (FIXTURES / "packet.pdf").read_bytes()
    good_tag = "a" * 64
    event = {
        "Records": [
            _sqs_record("good", _sns_envelope(_completion_message(JOB_ID, "SUCCEEDED", good_tag))),
            _sqs_record("failed", json.dumps(_completion_message("job-2", "FAILED", "b" * 64))),
            _sqs_record("garbage", "not json"),
        ]
    }
    stubber = Stubber(textract)
    _stub_packet(stubber)
    intake = _Intake()
    loaded: list[tuple[str, str]] = []

    def load_document(bucket: str, key: str) -> bytes:
        loaded.append((bucket, key))
        return packet

    ports = TextractCompletionPorts(
        textract=textract, load_document=load_document, on_document=intake.on_document
    )

    # WHEN the batch is processed
    with stubber:
        response = process_completions(event, None, ports)

    # THEN the finished job reached intake with the original's hash and page sizes, and only the
    # two bad records are reported for retry
    assert sorted(str(f["itemIdentifier"]) for f in response["batchItemFailures"]) == ["failed", "garbage"]
    assert loaded == [("docs", f"uploads/t1/c1/{good_tag}.pdf")]
    [(tag, ir)] = intake.documents
    assert tag == good_tag
    assert len(ir.pages) == 2
    assert (round(ir.pages[0].width), round(ir.pages[0].height)) == (612, 792)
    assert len(ir.sha256) == 64


def test_completion_message_is_read_from_either_envelope():
    message = _completion_message(JOB_ID, "SUCCEEDED", "t")
    assert JobCompletion.from_message(json.dumps(message)).bucket == "docs"
    assert completion_from_sqs_body(_sns_envelope(message)) == completion_from_sqs_body(json.dumps(message))
