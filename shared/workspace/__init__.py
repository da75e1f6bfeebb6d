"""The GC workspace: the domain every service shares (entities, tenant-scoped storage on one
DynamoDB table, and the use cases staff, vendors and workers call). Import from here:
`from shared.workspace import Context, create_project`; the modules behind it are internals.

Every use case takes a `Context` (actor, tenant repository, publisher, clock), checks the role,
stages its writes (audit entries included), commits them in one transaction, then publishes its
events. Where each aggregate lives:

- tenants and users: `tenants` (sign-up, settings, users, reviewer grants, legal entities),
  `sender` (pausing a tenant's sender)
- requirement groups: `requirement_groups`; judging coverage against them: `compliance`
- projects: `projects`; going live: `golive`
- vendors and contracts: `contracts`; a contract's status changes and their events:
  `status_changes`; what a contract still needs: `checklist`; its coverage over time: `timeline`
- portal links: `portal_links` (issuing, revoking, opening the vendor's link)
- documents and reviews: `verdicts` (storing the automatic verdict, auto-approve), `documents`
  (reading, review queues), `human_review` (drafts and decisions) and `review_checks` (what a
  decision must satisfy), `coverage_records` (the records both build), `waivers`, `lapses` (the
  daily refresh of coverage that ran out)
- notes and audit: `notes`
- company-wide views and exports: `views`; carrier tables: `carriers`
- entities: `entities/` (one module per aggregate); storage: `store` (the item store port and
  its in-memory adapter), `dynamo` (the DynamoDB adapter), `repository/` (keys in `items`, the
  unit of work, one query class per aggregate composed into `TenantRepository`)
"""

from __future__ import annotations

from shared.workspace.access import Actor, Context, Permission, open_context, system_actor
from shared.workspace.carriers import (
    MAX_CARRIERS,
    MAX_CSV_CHARS,
    MAX_NAME_CHARS,
    CarrierTableHead,
    carrier_table_for,
    carrier_table_head,
    list_carriers,
    replace_carrier_table,
)
from shared.workspace.checklist import (
    Checklist,
    ChecklistItem,
    contract_checklist,
    problems_for_vendor,
)
from shared.workspace.compliance import (
    RequirementState,
    compliant_until,
    contract_status,
    requirement_status,
)
from shared.workspace.contracts import (
    create_contract,
    get_contract,
    get_vendor,
    list_contracts,
    list_vendors,
    remove_contract,
    request_documents,
    update_contract,
    update_vendor,
)
from shared.workspace.documents import (
    QueueEntry,
    get_document,
    list_documents,
    needs_review_queue,
    review_outcome_for_vendor,
    reviewer_queue,
    reviewer_queue_page,
)
from shared.workspace.dynamo import DynamoItemStore, create_workspace_table, workspace_model
from shared.workspace.entities import (
    CONTRACT_STATUSES,
    DOCUMENT_PROBLEM_CODES,
    Amount,
    AuditEntry,
    ComplianceBar,
    Contact,
    Contract,
    ContractCompliance,
    ContractUpdate,
    CopyRequirementGroup,
    CoverageRecord,
    CoverageSpec,
    CoverageStatus,
    Document,
    DocumentProblemDecision,
    DocumentStatus,
    ExcludedOfficers,
    LegalEntity,
    LegalEntityInput,
    Limits,
    Name,
    NewContract,
    NewProject,
    Note,
    NoteInput,
    PortalLink,
    Project,
    ProjectStatus,
    ProjectStatusChange,
    ProjectUpdate,
    RequiredDocument,
    RequirementDecision,
    RequirementGroup,
    RequirementGroupInput,
    RetiredPortalLink,
    Review,
    ReviewDecisionStatus,
    ReviewerGrant,
    ReviewInput,
    ReviewState,
    Role,
    SampleDocument,
    Tenant,
    TenantSettings,
    TenantSettingsUpdate,
    UploadChannel,
    User,
    UserInput,
    UserUpdate,
    Vendor,
    VendorContractRef,
    VendorInput,
    WaiveInput,
    is_valid_id,
    new_id,
    requirement_key,
    slug,
)
from shared.workspace.errors import (
    Conflict,
    Forbidden,
    Gone,
    InvalidInput,
    NotFound,
    TooLarge,
    WorkspaceError,
)
from shared.workspace.golive import GoLiveCheck, go_live, go_live_checklist
from shared.workspace.human_review import complete_review, get_review, save_review_draft
from shared.workspace.keys import key_components, require_issued_key
from shared.workspace.lapses import refresh_contract_status, refresh_lapsed_contracts
from shared.workspace.notes import add_note, audit_trail, list_notes
from shared.workspace.portal_links import (
    IssuedPortalLink,
    PortalView,
    ensure_portal_link,
    ensure_portal_link_as_system,
    issue_portal_link,
    open_portal,
    portal_link_for,
    portal_link_status,
    requirements_in_plain_words,
    revoke_portal_link,
)
from shared.workspace.projects import (
    add_sample_document,
    change_project_status,
    create_project,
    get_project,
    list_projects,
    remove_sample_document,
    update_project,
)
from shared.workspace.publishing import publish
from shared.workspace.repository import (
    DEFAULT_PAGE,
    MAX_PAGE,
    Page,
    TenantRepository,
    coverage_tally_key,
    find_user_by_email,
    grants_for_reviewer,
    item_for,
    tenant_ids,
)
from shared.workspace.requirement_groups import (
    copy_requirement_group,
    create_requirement_group,
    get_requirement_group,
    list_requirement_groups,
    update_requirement_group,
)
from shared.workspace.review_checks import (
    open_document_problems,
)
from shared.workspace.sender import pause_sender
from shared.workspace.store import (
    MAX_ITEM_BYTES,
    Check,
    Delete,
    Item,
    ItemStore,
    Put,
    Write,
    decode_cursor,
    encode_cursor,
)
from shared.workspace.tenants import (
    create_legal_entity,
    create_tenant,
    create_user,
    get_tenant,
    grant_reviewer,
    list_legal_entities,
    list_reviewer_grants,
    list_users,
    revoke_reviewer,
    update_legal_entity,
    update_tenant_settings,
    update_user,
)
from shared.workspace.timeline import Timeline, build_timeline, contract_timeline
from shared.workspace.verdicts import AutomaticOutcome, auto_approve, store_automatic_verdict
from shared.workspace.views import (
    Bucket,
    ContractDetail,
    VendorContract,
    VendorEntry,
    all_projects,
    contract_detail,
    coverage_bucket_counts,
    coverages_in_bucket,
    do_not_pay,
    excluded_officers,
    excluded_officers_page,
    export_vendors_csv,
    project_json,
    requirement_state_json,
    vendor_directory,
)
from shared.workspace.waivers import unwaive_requirement, waive_requirement

# fmt: off
__all__ = [
    "CONTRACT_STATUSES", "DEFAULT_PAGE", "DOCUMENT_PROBLEM_CODES", "MAX_CARRIERS", "MAX_CSV_CHARS",
    "MAX_ITEM_BYTES", "MAX_NAME_CHARS", "MAX_PAGE", "Actor", "Amount", "AuditEntry",
    "AutomaticOutcome", "Bucket", "CarrierTableHead", "Check", "Checklist", "ChecklistItem",
    "ComplianceBar", "Conflict", "Contact", "Context", "Contract", "ContractCompliance",
    "ContractDetail", "ContractUpdate", "CopyRequirementGroup", "CoverageRecord", "CoverageSpec",
    "CoverageStatus", "Delete", "Document", "DocumentProblemDecision", "DocumentStatus",
    "DynamoItemStore", "ExcludedOfficers", "Forbidden", "GoLiveCheck", "Gone",
    "InvalidInput", "IssuedPortalLink", "Item", "ItemStore", "LegalEntity", "LegalEntityInput",
    "Limits", "Name", "NewContract", "NewProject", "NotFound", "Note", "NoteInput", "Page",
    "Permission", "PortalLink", "PortalView", "Project", "ProjectStatus", "ProjectStatusChange",
    "ProjectUpdate", "Put", "QueueEntry", "RequiredDocument", "RequirementDecision",
    "RequirementGroup", "RequirementGroupInput", "RequirementState", "RetiredPortalLink", "Review",
    "ReviewDecisionStatus", "ReviewInput", "ReviewState", "ReviewerGrant", "Role", "SampleDocument",
    "Tenant", "TenantRepository", "TenantSettings", "TenantSettingsUpdate", "Timeline", "TooLarge",
    "UploadChannel", "User", "UserInput", "UserUpdate", "Vendor", "VendorContract",
    "VendorContractRef", "VendorEntry", "VendorInput", "WaiveInput", "WorkspaceError", "Write",
    "add_note", "add_sample_document", "all_projects", "audit_trail", "auto_approve",
    "build_timeline", "carrier_table_for", "carrier_table_head", "change_project_status",
    "complete_review", "compliant_until", "contract_checklist", "contract_detail",
    "contract_status", "contract_timeline", "copy_requirement_group", "coverage_bucket_counts",
    "coverage_tally_key", "coverages_in_bucket", "create_contract", "create_legal_entity",
    "create_project", "create_requirement_group", "create_tenant", "create_user",
    "create_workspace_table", "decode_cursor", "do_not_pay", "encode_cursor", "ensure_portal_link",
    "ensure_portal_link_as_system", "excluded_officers", "excluded_officers_page",
    "export_vendors_csv", "find_user_by_email", "get_contract", "get_document", "get_project",
    "get_requirement_group", "get_review", "get_tenant", "get_vendor", "go_live",
    "go_live_checklist", "grant_reviewer", "grants_for_reviewer", "is_valid_id",
    "issue_portal_link", "item_for", "key_components", "list_carriers", "list_contracts",
    "list_documents", "list_legal_entities", "list_notes", "list_projects",
    "list_requirement_groups", "list_reviewer_grants", "list_users", "list_vendors",
    "needs_review_queue", "new_id", "open_context", "open_document_problems", "open_portal",
    "pause_sender", "portal_link_for", "portal_link_status", "problems_for_vendor", "project_json",
    "publish", "refresh_contract_status", "refresh_lapsed_contracts", "remove_contract",
    "remove_sample_document", "replace_carrier_table", "request_documents", "require_issued_key",
    "requirement_key", "requirement_state_json", "requirement_status",
    "requirements_in_plain_words", "review_outcome_for_vendor", "reviewer_queue",
    "reviewer_queue_page", "revoke_portal_link", "revoke_reviewer", "save_review_draft", "slug",
    "store_automatic_verdict", "system_actor", "tenant_ids", "unwaive_requirement",
    "update_contract", "update_legal_entity", "update_project", "update_requirement_group",
    "update_tenant_settings", "update_user", "update_vendor", "vendor_directory",
    "waive_requirement", "workspace_model",
]
# fmt: on
