"""The presigned POST policy S3 enforces: exact key under the contract's prefix, size, type."""

from __future__ import annotations

import base64
import json

import boto3
import pytest
from moto import mock_aws

from services.api.adapters.uploads import S3Uploads, UploadRejected, UploadTarget
from shared.uploads import MAX_UPLOAD_BYTES, UploadKey, parse_upload_key

TENANT, PROJECT, CONTRACT = "a" * 32, "b" * 32, "c" * 32


@pytest.fixture
def s3():
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="docs")
        yield client


def test_policy_pins_the_key_size_type_and_metadata(s3):
    # WHEN a portal upload is presigned
    ticket = S3Uploads(s3, "docs").upload(
        UploadTarget(TENANT, PROJECT, CONTRACT, "portal", "broker@agency.example"), "image/jpeg"
    )

    # THEN the signed policy fixes the exact key under the contract's prefix, the size range and type
    policy = json.loads(base64.b64decode(ticket.fields["policy"]))
    conditions = policy["conditions"]
    assert ["eq", "$key", ticket.key] in conditions
    assert ["content-length-range", 1, MAX_UPLOAD_BYTES] in conditions
    assert ["eq", "$Content-Type", "image/jpeg"] in conditions
    assert {"x-amz-meta-channel": "portal"} in conditions
    assert {"x-amz-meta-uploaded-by": "broker@agency.example"} in conditions
    assert parse_upload_key(ticket.key) == UploadKey(
        tenant_id=TENANT, contract_id=CONTRACT, document_id=ticket.document_id, extension=".jpg"
    )
    assert ticket.key.endswith(".jpg")


def test_other_types_and_channels_are_refused(s3):
    with pytest.raises(UploadRejected, match="PDF, PNG or JPEG"):
        S3Uploads(s3, "docs").upload(
            UploadTarget(TENANT, PROJECT, CONTRACT, "portal", None), "application/zip"
        )
    with pytest.raises(UploadRejected, match="channel"):
        S3Uploads(s3, "docs").upload(UploadTarget(TENANT, PROJECT, CONTRACT, "fax", None), "application/pdf")


def test_keys_the_policy_never_issues_are_not_uploads():
    assert parse_upload_key(f"uploads/{TENANT}/{CONTRACT}/../x.pdf") is None
    assert parse_upload_key(f"samples/{TENANT}/{PROJECT}/{'d' * 32}.pdf") is None
