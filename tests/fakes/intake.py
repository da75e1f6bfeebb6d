"""In-memory fakes of intake's ports, with assertion state (`jobs`)."""

from __future__ import annotations

from services.intake.ports import UploadRef


class InMemoryPendingJobs:
    def __init__(self) -> None:
        self.jobs: dict[str, UploadRef] = {}

    def remember(self, job_tag: str, upload: UploadRef) -> None:
        self.jobs[job_tag] = upload

    def upload_for(self, job_tag: str) -> UploadRef:
        try:
            return self.jobs[job_tag]
        except KeyError:
            raise LookupError(f"no pending upload for Textract job tag {job_tag}") from None
