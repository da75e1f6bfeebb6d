"""boto3 clients built one way everywhere.

Locally `AWS_ENDPOINT_URL` points every client at the emulator (boto3 reads it itself); S3 then
needs path-style addressing because `bucket.127.0.0.1` does not resolve.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

_RETRIES: Any = {"max_attempts": 5, "mode": "standard"}


def _config(service: str) -> Config:
    if service == "s3" and os.environ.get("AWS_ENDPOINT_URL"):
        return Config(retries=_RETRIES, s3={"addressing_style": "path"}, signature_version="s3v4")
    return Config(retries=_RETRIES)


@cache
def aws_client(service: str, region: str | None = None) -> Any:
    """A cached client per (service, region); cheap to call from composition roots."""
    session: Any = boto3.session.Session()  # `service` is dynamic: the typed overloads cannot apply
    return session.client(service, region_name=region, config=_config(service))


def reset_clients() -> None:
    """Forget cached clients (tests switch endpoints between moto and the local stack)."""
    aws_client.cache_clear()
