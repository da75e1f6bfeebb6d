"""Suite-wide safety: fake AWS credentials and a fixed region, so no test can reach a real account."""

from __future__ import annotations

import os

import pytest

_FAKE_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",  # moto's conventional fake
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "OMP_THREAD_LIMIT": "1",
}

for _key, _value in _FAKE_AWS_ENV.items():
    os.environ[_key] = _value
# A developer's real profile or endpoint must never leak into the suite.
for _key in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
    os.environ.pop(_key, None)


@pytest.fixture(autouse=True)
def _fresh_aws_clients() -> None:
    from shared.aws.clients import reset_clients

    reset_clients()
