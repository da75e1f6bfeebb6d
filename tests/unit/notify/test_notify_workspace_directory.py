"""The ContractDirectory adapter over the workspace's repositories (in-memory item store)."""

from __future__ import annotations

from services.notify.adapters.workspace_directory import WorkspaceDirectory
from shared.workspace import (
    Contact,
    Contract,
    Project,
    ProjectStatus,
    Role,
    Tenant,
    TenantRepository,
    TenantSettings,
    User,
)
from tests.fakes.item_store import InMemoryItemStore

TENANT = "tenant0001"


def seeded() -> WorkspaceDirectory:
    store = InMemoryItemStore()
    repo = TenantRepository(store, TENANT)
    repo.add(
        Tenant(
            id=TENANT,
            name="Summit Builders",
            settings=TenantSettings(
                sender_name="Summit", sender_email="c@summit.example", reply_to="r@summit.example"
            ),
        )
    )
    repo.add(
        Project(id="project0001", tenant_id=TENANT, number="7", name="Tower", status=ProjectStatus.WARRANTY)
    )
    repo.add(User(id="user0admin", tenant_id=TENANT, email="a@summit.example", name="A", role=Role.ADMIN))
    repo.add(User(id="user0std01", tenant_id=TENANT, email="s@summit.example", name="S", role=Role.STANDARD))
    repo.add(
        User(
            id="user0gone1",
            tenant_id=TENANT,
            email="g@summit.example",
            name="G",
            role=Role.ADMIN,
            active=False,
        )
    )
    repo.add(
        Contract(
            id="contract0001",
            tenant_id=TENANT,
            project_id="project0001",
            vendor_id="vendor0001",
            vendor_name="Rivera",
            contact=Contact(name="Ana", email="Ana@Rivera.example", phone="+15555550100", sms_opt_in=True),
            requirement_group_id="group00001",
            status="non_compliant",
        )
    )
    repo.commit()
    return WorkspaceDirectory(store, upload_url_for=lambda t, c: f"https://portal.example/{t}/{c}")


def test_contract_project_and_tenant_map_onto_notify_views() -> None:
    directory = seeded()
    contract = directory.contract(TENANT, "contract0001")
    assert contract is not None
    assert (contract.vendor_name, contract.active, contract.compliance) == ("Rivera", True, "non_compliant")
    assert contract.contact.email == "ana@rivera.example"
    assert (contract.contact.mobile_phone, contract.contact.sms_opt_in) == ("+15555550100", True)
    assert contract.upload_url == f"https://portal.example/{TENANT}/contract0001"
    project = directory.project(TENANT, "project0001")
    assert project is not None
    assert (project.name, project.status.lower()) == ("Tower", "warranty")
    tenant = directory.tenant(TENANT)
    assert tenant is not None
    assert (tenant.sender_email, tenant.sender_name, tenant.reply_to_email) == (
        "c@summit.example",
        "Summit",
        "r@summit.example",
    )
    assert [c.contract_id for c in directory.contracts_in_project(TENANT, "project0001")] == ["contract0001"]


def test_staff_are_active_users_and_admins_approve_overrides() -> None:
    staff = {m.email: m for m in seeded().staff(TENANT)}
    assert set(staff) == {"a@summit.example", "s@summit.example"}
    assert staff["a@summit.example"].is_admin
    assert staff["a@summit.example"].approves_overrides
    assert not staff["s@summit.example"].is_admin


def test_unknown_or_malformed_ids_read_as_absent() -> None:
    directory = seeded()
    assert directory.contract(TENANT, "nope00000000") is None
    assert directory.project("x#y", "project0001") is None
    assert directory.tenant("othertenant1") is None
    assert directory.contracts_in_project("x#y", "p") == []
    assert directory.staff("x#y") == []
