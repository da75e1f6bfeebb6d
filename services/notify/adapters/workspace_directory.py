"""The ContractDirectory port over `shared/workspace` (tenant-scoped repositories, read-only)."""

from __future__ import annotations

from collections.abc import Callable

from services.notify.domain.model import (
    Contact,
    ContractView,
    OpenItem,
    ProjectView,
    StaffMember,
    TenantView,
    VendorTodo,
)
from shared.clock import Clock, SystemClock
from shared.workspace import (
    Contract,
    ItemStore,
    NotFound,
    Role,
    TenantRepository,
    contract_checklist,
    ensure_portal_link_as_system,
    pause_sender,
)

# Contracts per page when listing a project (a project holds tens to a few hundred contracts).
_PAGE = 200

UploadUrlFor = Callable[[str, str], str | None]


def portal_upload_urls(store: ItemStore, clock: Clock, secret: str, base_url: str) -> UploadUrlFor:
    """`upload_url_for` over the workspace's derived portal tokens: the contract's live link,
    issued when it has none (or it expired); a live link is never regenerated, since the vendor
    may already hold it. None for a revoked link (staff decide when a new one goes out)."""
    base = base_url.rstrip("/")

    def upload_url_for(tenant_id: str, contract_id: str) -> str | None:
        token = ensure_portal_link_as_system(store, clock, tenant_id, contract_id, secret=secret)
        return f"{base}/{token}" if token else None

    return upload_url_for


class WorkspaceDirectory:
    """Reads workspace entities and maps them onto notify's views.

    `upload_url_for(tenant_id, contract_id)` supplies the vendor's upload link (`portal_upload_urls`
    derives it from PORTAL_TOKEN_SECRET); asked only for active contracts, the only ones emailed.
    Without it, vendor emails ask for a reply with the certificate attached (the per-contract
    reply-to makes that work).
    """

    def __init__(
        self, store: ItemStore, upload_url_for: UploadUrlFor | None = None, clock: Clock | None = None
    ) -> None:
        self._store = store
        self._upload_url_for = upload_url_for
        self._clock = clock or SystemClock()

    def _repo(self, tenant_id: str) -> TenantRepository:
        return TenantRepository(self._store, tenant_id)

    def _view(self, contract: Contract) -> ContractView:
        contact = contract.contact
        return ContractView(
            tenant_id=contract.tenant_id,
            project_id=contract.project_id,
            contract_id=contract.id,
            vendor_name=contract.vendor_name,
            active=contract.active,
            contact=Contact(
                email=contact.email,
                name=contact.name,
                mobile_phone=contact.phone,
                sms_opt_in=contact.sms_opt_in,
            ),
            compliance=contract.status,
            upload_url=self._upload_url_for(contract.tenant_id, contract.id)
            if self._upload_url_for and contract.active
            else None,
        )

    def contract(self, tenant_id: str, contract_id: str) -> ContractView | None:
        try:
            return self._view(self._repo(tenant_id).contract(contract_id))
        except NotFound:
            return None

    def project(self, tenant_id: str, project_id: str) -> ProjectView | None:
        try:
            project = self._repo(tenant_id).project(project_id)
        except NotFound:
            return None
        return ProjectView(tenant_id, project.id, project.name, str(project.status), project.number)

    def tenant(self, tenant_id: str) -> TenantView | None:
        try:
            tenant = self._repo(tenant_id).tenant()
        except NotFound:
            return None
        settings = tenant.settings
        return TenantView(
            tenant_id=tenant.id,
            name=tenant.name,
            sender_email=settings.sender_email,
            sender_name=settings.sender_name,
            reply_to_email=settings.reply_to,
            sender_paused=tenant.sender_paused_reason,
        )

    def contracts_in_project(self, tenant_id: str, project_id: str) -> list[ContractView]:
        found: list[ContractView] = []
        cursor: str | None = None
        while True:
            try:
                page = self._repo(tenant_id).contracts_of_project(project_id, cursor=cursor, limit=_PAGE)
            except NotFound:
                return found
            found.extend(self._view(contract) for contract in page.items)
            cursor = page.next_cursor
            if not cursor:
                return found

    def staff(self, tenant_id: str) -> list[StaffMember]:
        members: list[StaffMember] = []
        cursor: str | None = None
        while True:
            try:
                page = self._repo(tenant_id).users(cursor=cursor, limit=_PAGE)
            except NotFound:
                return members
            for user in page.items:
                if not user.active or user.role == Role.REVIEWER:
                    continue
                admin = user.role == Role.ADMIN
                members.append(
                    StaffMember(
                        user_id=user.id,
                        email=user.email,
                        name=user.name,
                        role="Admin" if admin else str(user.role),
                        # The workspace has no per-user notification preference yet: submission
                        # notices go to Admins (the fallback) and Admins approve overrides.
                        notify_on_submission=False,
                        approves_overrides=admin,
                    )
                )
            cursor = page.next_cursor
            if not cursor:
                return members

    def vendor_todo(self, tenant_id: str, contract_id: str) -> VendorTodo | None:
        repo = self._repo(tenant_id)
        try:
            contract = repo.contract(contract_id)
            group = repo.requirement_group(contract.requirement_group_id)
            project = repo.project(contract.project_id)
        except NotFound:
            return None
        checklist = contract_checklist(repo, contract_id, group, self._clock.today())
        return VendorTodo(
            items=tuple(
                OpenItem(i.title, i.status, i.problems, i.send_next)  # type: ignore[arg-type]
                for i in checklist.open_items
            ),
            certificate_problems=checklist.certificate_problems,
            endorsements=tuple(checklist.endorsements_needed),
            sample_documents=tuple(s.title for s in project.sample_documents),
            notes_to_vendor=checklist.notes_to_vendor,
        )


class WorkspaceSenderPauses:
    """The SenderPauses port: the paused state is kept on the workspace's tenant record."""

    def __init__(self, store: ItemStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def pause(self, tenant_id: str, reason: str) -> bool:
        try:
            return pause_sender(self._store, self._clock, tenant_id, reason)
        except NotFound:
            return False
