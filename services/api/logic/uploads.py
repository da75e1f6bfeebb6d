"""Upload tickets: one workflow each, served by the JSON routes and the staff UI alike.

The ticket is a presigned POST (`Uploads` port); who may ask for one and for which contract or
project is decided here, on the caller's tenant.
"""

from __future__ import annotations

from services.api.ports import Uploads, UploadTarget, UploadTicket
from shared.workspace import Context, Permission


def staff_upload_ticket(ctx: Context, uploads: Uploads, contract_id: str, content_type: str) -> UploadTicket:
    """A staff member's upload (drag and drop) of a certificate to one of the tenant's contracts."""
    ctx.require(Permission.WRITE)
    contract = ctx.repo.contract(contract_id)
    target = UploadTarget(ctx.tenant_id, contract.project_id, contract.id, "staff", ctx.actor.email)
    return uploads.upload(target, content_type)


def sample_upload_ticket(ctx: Context, uploads: Uploads, project_id: str, content_type: str) -> UploadTicket:
    """A sample document for the project's portal page (shown to vendors as an example)."""
    ctx.require(Permission.WRITE)
    project = ctx.repo.project(project_id)
    return uploads.sample_upload(tenant_id=ctx.tenant_id, project_id=project.id, content_type=content_type)
