"""Short-lived S3 links to the export files (the API signs them; erp_export only writes files)."""

from __future__ import annotations

from typing import Any


class S3FileLinks:
    def __init__(self, client: Any, bucket: str) -> None:
        self._client = client
        self._bucket = bucket

    def download_url(self, key: str, filename: str, *, expires_seconds: int) -> str:
        url: str = self._client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self._bucket,
                "Key": key,
                "ResponseContentDisposition": f'attachment; filename="{filename}"',
            },
            ExpiresIn=expires_seconds,
        )
        return url
