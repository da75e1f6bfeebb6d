"""The upload contract both sides share: what the API presigns is what intake reads back."""

from __future__ import annotations

import json
from urllib.parse import quote_plus

import boto3
import pytest
from moto import mock_aws

from services.api.adapters.uploads import S3Uploads, UploadTarget
from services.intake.logic.upload import NotAnUpload, parse_upload_key, uploads_in_notification
from shared.uploads import CHANNELS, CONTENT_TYPES, EXTENSION_TYPES, UploadKey
from shared.uploads import parse_upload_key as parse_shared_key

TENANT, PROJECT, CONTRACT = "a" * 32, "b" * 32, "c" * 32


@pytest.fixture
def s3():
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="docs")
        yield client


@pytest.mark.parametrize("content_type", sorted(CONTENT_TYPES))
@pytest.mark.parametrize("channel", CHANNELS)
def test_every_key_the_api_issues_is_an_upload_intake_reads_with_the_same_ids(s3, content_type, channel):
    # GIVEN a ticket the API presigned
    ticket = S3Uploads(s3, "docs").upload(
        UploadTarget(TENANT, PROJECT, CONTRACT, channel, None), content_type
    )
    # WHEN S3 announces the object (keys URL-encoded in the notification)
    body = json.dumps(
        {
            "Records": [
                {
                    "eventName": "ObjectCreated:Post",
                    "s3": {"bucket": {"name": "docs"}, "object": {"key": quote_plus(ticket.key)}},
                }
            ]
        }
    )
    [upload] = uploads_in_notification(body)
    # THEN intake reads the same ids and a type it extracts
    assert (upload.tenant_id, upload.contract_id, upload.document_id) == (
        TENANT,
        CONTRACT,
        ticket.document_id,
    )
    assert EXTENSION_TYPES[upload.extension] == content_type


def test_a_sample_document_is_never_read_as_an_upload(s3):
    ticket = S3Uploads(s3, "docs").sample_upload(
        tenant_id=TENANT, project_id=PROJECT, content_type="application/pdf"
    )
    assert parse_shared_key(ticket.key) is None
    with pytest.raises(NotAnUpload):
        parse_upload_key("docs", ticket.key)


@pytest.mark.parametrize(
    "key",
    [
        "uploads/t1/c1/d1.tar.gz",  # two extensions: not a name the contract issues
        "uploads/t1/c1/.pdf",  # no document id
        "uploads/t1/c1/d1.",  # an empty extension
        "uploads/t1/d1.pdf",  # no contract
        "uploads/t1/c1/x/d1.pdf",  # a level too deep
        "uploads/t1/c1/d 1.pdf",  # a space in an id
    ],
)
def test_keys_outside_the_layout_are_not_uploads(key):
    assert parse_shared_key(key) is None


def test_an_upload_of_another_type_still_parses_so_intake_can_record_why():
    # A `.gif` is refused by the presigned policy, but one written by other means gets a record.
    assert parse_shared_key("uploads/t1/c1/d1.GIF") == UploadKey("t1", "c1", "d1", ".gif")
    assert parse_shared_key("uploads/t1/c1/d1") == UploadKey("t1", "c1", "d1", "")
