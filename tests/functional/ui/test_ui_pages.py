"""Staff pages in-process: sign-in, every main page, forms that change things, roles and isolation,
security headers and cached static assets."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest

from shared import workspace
from shared.workspace import CopyRequirementGroup, Role
from tests.functional.ui.conftest import ADMIN, OTHER_ADMIN, READ_ONLY, STANDARD, Site

MAIN_PAGES = [
    "/projects",
    "/review",
    "/coverages",
    "/vendors",
    "/do-not-pay",
    "/action-needed",
    "/exports",
    "/requirement-groups",
    "/users",
]


def _text(response) -> str:
    return response.body.decode()


def test_pages_without_a_session_redirect_to_sign_in(site: Site):
    # GIVEN no session cookie
    # WHEN a staff page is requested
    response = site.get("/projects/abc")
    # THEN the browser is sent to sign in, coming back afterwards
    assert response.status_code == 303
    assert response.headers["Location"] == "/sign-in?next=/projects/abc"


def test_sign_in_sets_an_http_only_strict_cookie(site: Site):
    # GIVEN a seeded user
    # WHEN they sign in with their email
    response = site.client.http.post(
        "/sign-in",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body=urlencode({"email": ADMIN, "next": "/review"}),
    )
    # THEN a session cookie is set that scripts cannot read and other sites cannot send
    cookie = response.headers["Set-Cookie"]
    assert response.status_code == 303
    assert response.headers["Location"] == "/review"
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie


def test_sign_in_with_an_unknown_email_says_so(site: Site):
    response = site.client.http.post(
        "/sign-in",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body=urlencode({"email": "nobody@nowhere.example"}),
    )
    assert response.status_code == 401
    assert "no active user with that email" in _text(response)
    assert "Set-Cookie" not in response.headers


def test_sign_in_never_redirects_off_site(site: Site):
    response = site.client.http.post(
        "/sign-in",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body=urlencode({"email": ADMIN, "next": "//evil.example/phish"}),
    )
    assert response.headers["Location"] == "/projects"


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_every_main_page_renders_with_security_headers(site: Site, path: str):
    # GIVEN a signed-in admin
    cookie = site.sign_in()
    # WHEN a main page is opened
    response = site.get(path, cookie)
    # THEN it renders, cannot be framed and allows scripts only from this origin
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert "<h1>" in _text(response)


def test_static_assets_are_content_hashed_and_cached_for_a_year(site: Site):
    cookie = site.sign_in()
    page = _text(site.get("/projects", cookie))
    css = re.search(r'href="(/static/app\.[0-9a-f]{10}\.css)"', page)
    assert css, "the stylesheet URL carries a content hash"
    response = site.get(css.group(1))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Type"].startswith("text/css")
    assert site.get("/static/app.0000000000.css").status_code == 404


def test_creating_a_project_and_a_contract_through_the_forms(site: Site):
    # GIVEN a signed-in standard user
    cookie = site.sign_in(STANDARD)
    # WHEN they create a project and add a vendor to it
    created = site.post(
        "/projects", cookie, {"number": "3107", "name": "Lakeside Library", "status": "active"}
    )
    project_path = created.headers["Location"].split("?")[0]
    added = site.post(
        f"{project_path}/contracts",
        cookie,
        {"vendor_name": "Lakeside Roofing Co", "contact_email": "c@roof.example"},
    )
    # THEN the project page lists the contract as needing a certificate
    assert created.status_code == 303
    assert added.status_code == 303
    page = _text(site.get(project_path, cookie))
    assert "3107 · Lakeside Library" in page
    assert "Lakeside Roofing Co" in page
    assert "Needs certificate" in page


def test_projects_list_filters_by_status_and_sorts_by_name(site: Site):
    cookie = site.sign_in()
    site.project("100", "Zephyr Tower")
    site.project("200", "Alder Court")
    workspace.create_project(
        site.ctx(), workspace.NewProject(number="300", name="Birch Hall", status="draft")
    )
    by_name = _text(site.get("/projects?sort=name", cookie))
    assert by_name.index("Alder Court") < by_name.index("Birch Hall") < by_name.index("Zephyr Tower")
    drafts = _text(site.get("/projects?status=draft", cookie))
    assert "Birch Hall" in drafts
    assert "Alder Court" not in drafts


def test_project_page_filters_contracts_by_activity(site: Site):
    cookie = site.sign_in()
    project = site.project()
    waiting = site.contract(project, "Bayside Electric Inc")
    site.contract(project, "Rivera Concrete LLC")
    site.deliver(waiting)
    page = _text(site.get(f"/projects/{project.id}?show=needs_review", cookie))
    assert "Bayside Electric Inc" in page
    assert "Rivera Concrete LLC" not in page


def test_a_post_without_the_csrf_token_is_refused(site: Site):
    cookie = site.sign_in()
    response = site.post("/projects", cookie, {"number": "1", "name": "Forged"}, csrf=False)
    assert response.status_code == 403
    assert workspace.list_projects(site.ctx()).items == []


def test_bad_form_input_gets_a_plain_400_page(site: Site):
    cookie = site.sign_in()
    response = site.post("/projects", cookie, {"number": "", "name": "No number"})
    assert response.status_code == 400
    assert "number" in _text(response)
    assert "Traceback" not in _text(response)


def test_read_only_users_see_no_forms_and_cannot_post(site: Site):
    # GIVEN a project, and a read-only user
    project = site.project()
    cookie = site.sign_in(READ_ONLY)
    # WHEN they open the project and try to add a contract anyway
    page = _text(site.get(f"/projects/{project.id}", cookie))
    response = site.post(f"/projects/{project.id}/contracts", cookie, {"vendor_name": "Sneaky LLC"})
    # THEN no form was offered and the change is refused
    assert "Add contract" not in page
    assert response.status_code == 403


def test_another_tenants_project_is_not_found(site: Site):
    project = site.project()
    cookie = site.sign_in(OTHER_ADMIN)
    response = site.get(f"/projects/{project.id}", cookie)
    assert response.status_code == 404
    assert "Harbor Point" not in _text(response)


def test_contract_actions_request_deactivate_and_remove(site: Site):
    cookie = site.sign_in()
    project = site.project()
    contract = site.contract(project)
    requested = site.post(f"/contracts/{contract.id}/actions", cookie, {"action": "request"})
    assert requested.status_code == 303
    assert "done=requested" in requested.headers["Location"]
    site.post(f"/contracts/{contract.id}/actions", cookie, {"action": "deactivate"})
    assert workspace.get_contract(site.ctx(), contract.id).active is False
    site.post(f"/contracts/{contract.id}/actions", cookie, {"action": "remove"})
    assert workspace.list_contracts(site.ctx(), project_id=project.id).items == []


def test_copy_request_link_shows_a_working_portal_link(site: Site):
    cookie = site.sign_in()
    contract = site.contract(site.project())

    def copy_link() -> str:
        page = _text(site.post(f"/contracts/{contract.id}/actions", cookie, {"action": "link"}))
        link = re.search(r'value="http://127\.0\.0\.1:8000(/portal/[^"]+)"', page)
        assert link
        return link.group(1)

    first = copy_link()
    assert site.get(first).status_code == 200
    # Copying again shows the live link the vendor may already hold (not a regenerated one)
    assert copy_link() == first
    # After a revoke, copying issues a new link and the old one is dead
    site.post(f"/contracts/{contract.id}/actions", cookie, {"action": "revoke_link"})
    fresh = copy_link()
    assert fresh != first
    assert site.get(fresh).status_code == 200
    # Dead, and saying so with the way to the working link (410, not an unknown-link 404)
    assert site.get(first).status_code == 410


def test_editing_the_contact(site: Site):
    cookie = site.sign_in()
    contract = site.contract(site.project())
    site.post(
        f"/contracts/{contract.id}/edit",
        cookie,
        {
            "contact_name": "Rosa Rivera",
            "contact_email": "Rosa@Rivera.example",
            "contact_phone": "510-555-0101",
        },
    )
    contact = workspace.get_contract(site.ctx(), contract.id).contact
    assert (contact.name, contact.email, contact.phone) == (
        "Rosa Rivera",
        "rosa@rivera.example",
        "510-555-0101",
    )


def test_contract_page_shows_coverages_certificates_and_notes(site: Site):
    cookie = site.sign_in()
    contract = site.contract(site.project())
    site.deliver(contract)
    site.post(f"/contracts/{contract.id}/notes", cookie, {"text": "Broker promised the renewal by Friday."})
    page = _text(site.get(f"/contracts/{contract.id}", cookie))
    assert "General liability" in page
    assert "GL-1" in page
    assert "Unreviewed" in page
    assert "Missing" in page
    notes = _text(site.get(f"/contracts/{contract.id}?tab=notes", cookie))
    assert "Broker promised the renewal by Friday." in notes
    audit = _text(site.get(f"/contracts/{contract.id}?tab=audit", cookie))
    assert "Contract created" in audit, "the audit trail lists who created the contract"


def test_review_screen_shows_values_with_required_limits_and_problems(site: Site):
    cookie = site.sign_in()
    contract = site.contract(site.project())
    document_id = site.deliver(contract, compliant=False)
    response = site.get(f"/documents/{document_id}/review", cookie)
    page = _text(response)
    assert response.status_code == 200
    assert "$500,000" in page
    assert "required $1,000,000" in page
    assert "General liability each occurrence is $500,000; $1,000,000 is required." in page
    # the document frame may load only from the S3 origin
    assert (
        "frame-src https://coi-documents-ui-test.s3.amazonaws.com"
        in response.headers["Content-Security-Policy"]
    )
    assert re.search(r'<option value="rejected" selected>', page), (
        "a requirement with problems defaults to Rejected"
    )


def _decide(site: Site, cookie: str, document_id: str, button: str, decisions: dict[str, str], **extra: str):
    form: dict[str, object] = {"button": button, "requirement": list(decisions), **extra}
    form.update({f"decision:{key}": status for key, status in decisions.items()})
    return site.post(f"/documents/{document_id}/review", cookie, form)


def test_save_draft_keeps_decisions_without_changing_compliance(site: Site):
    cookie = site.sign_in()
    contract = site.contract(site.project())
    document_id = site.deliver(contract)
    response = _decide(site, cookie, document_id, "save", {"general_liability": "active"})
    assert response.status_code == 303
    draft = workspace.get_review(site.ctx(), document_id)
    assert draft is not None
    assert draft.decisions[0].status == "active"
    assert workspace.get_contract(site.ctx(), contract.id).status == "needs_review"


def test_done_with_every_requirement_approved_makes_the_contract_compliant(site: Site):
    cookie = site.sign_in(STANDARD)
    contract = site.contract(site.project())
    document_id = site.deliver(contract)
    keys = ["general_liability", "auto_liability", "umbrella", "workers_comp", "document:w9"]
    response = _decide(site, cookie, document_id, "done", dict.fromkeys(keys, "active"))
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/contracts/{contract.id}")
    assert workspace.get_contract(site.ctx(), contract.id).status == "compliant"
    assert "Compliant" in _text(site.get(f"/contracts/{contract.id}", cookie))


def test_save_and_next_opens_the_next_document_in_the_queue(site: Site):
    cookie = site.sign_in()
    project = site.project()
    first = site.deliver(site.contract(project, "Alpha Paving"))
    second = site.deliver(site.contract(project, "Beta Glazing"))
    response = _decide(
        site, cookie, first, "save_next", {"general_liability": "rejected"}, notes_to_vendor="Fix GL."
    )
    assert response.headers["Location"].startswith(f"/documents/{second}/review")


def test_approving_non_compliant_without_a_note_is_a_400_page(site: Site):
    cookie = site.sign_in()
    document_id = site.deliver(site.contract(site.project()))
    response = _decide(site, cookie, document_id, "done", {"general_liability": "approved_non_compliant"})
    assert response.status_code == 400
    assert "say why it is approved although it does not comply" in _text(response)


def test_needs_review_queue_lists_waiting_documents(site: Site):
    cookie = site.sign_in()
    contract = site.contract(site.project(), "Golden State Plumbing")
    document_id = site.deliver(contract, compliant=False)
    page = _text(site.get("/review", cookie))
    assert "Golden State Plumbing" in page
    assert f"/documents/{document_id}/review" in page
    assert "1 problem" in page


def test_exports_download_as_csv(site: Site):
    cookie = site.sign_in()
    site.contract(site.project(), "Rivera Concrete LLC")
    response = site.get("/exports/vendors.csv", cookie)
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Rivera Concrete LLC" in _text(response)


def test_only_admins_may_edit_requirement_groups(site: Site):
    group = workspace.list_requirement_groups(site.ctx(), None).items[0]
    standard = site.sign_in(STANDARD)
    assert "Save group" not in _text(site.get(f"/requirement-groups/{group.id}", standard))
    refused = site.post(f"/requirement-groups/{group.id}", standard, {"definition": '{"name": "X"}'})
    assert refused.status_code == 403


def test_admin_edits_a_requirement_group_as_json(site: Site):
    group = workspace.list_requirement_groups(site.ctx(), None).items[0]
    admin = site.sign_in(ADMIN)
    definition = json.dumps(
        {
            "name": "Default",
            "coverages": [{"coverage": "general_liability", "limits": {"each_occurrence": 2_000_000}}],
        }
    )
    saved = site.post(f"/requirement-groups/{group.id}", admin, {"definition": definition})
    assert saved.status_code == 303
    assert workspace.get_requirement_group(site.ctx(), group.id).coverages[0].limits == {
        "each_occurrence": 2_000_000
    }
    broken = site.post(f"/requirement-groups/{group.id}", admin, {"definition": "{not json"})
    assert broken.status_code == 400
    assert "{not json" in _text(broken)


def test_admin_adds_a_user(site: Site):
    admin = site.sign_in(ADMIN)
    site.post("/users", admin, {"name": "Nia New", "email": "nia@summit.example", "role": "read_only"})
    assert "nia@summit.example" in _text(site.get("/users", admin))


def test_a_managed_service_reviewer_works_a_granted_clients_queue(site: Site):
    # GIVEN a reviewer from a managed-service company, granted by this GC, and a waiting document
    workspace.create_tenant(
        site.services.store,
        site.clock,
        name="Review Partners",
        admin_email="rex@partners.example",
        admin_name="Rex",
        admin_role=Role.REVIEWER,
    )
    workspace.grant_reviewer(site.ctx(), "rex@partners.example")
    contract = site.contract(site.project(), "Northgate Steel Erectors")
    document_id = site.deliver(contract)
    cookie = site.sign_in("rex@partners.example")
    # WHEN they open their queue and approve the document
    queue = _text(site.get("/review", cookie))
    link = f"/documents/{document_id}/review?tenant={contract.tenant_id}"
    screen = site.get(link, cookie)
    form = {"button": "done", "requirement": ["general_liability"], "tenant": contract.tenant_id}
    form["decision:general_liability"] = "active"
    done = site.post(f"/documents/{document_id}/review", cookie, form)
    # THEN the client's document was listed, opened and reviewed in the client's account
    assert "Northgate Steel Erectors" in queue
    assert link in queue
    assert screen.status_code == 200
    assert done.status_code == 303
    assert done.headers["Location"].startswith("/review")
    review = workspace.get_review(site.ctx(), document_id)
    assert review is not None
    assert review.state == "done"


def test_a_reviewer_cannot_open_an_ungranted_tenant(site: Site):
    workspace.create_tenant(
        site.services.store,
        site.clock,
        name="Review Partners",
        admin_email="rex@partners.example",
        admin_name="Rex",
        admin_role=Role.REVIEWER,
    )
    document_id = site.deliver(site.contract(site.project()))
    tenant_id = site.ctx().tenant_id
    cookie = site.sign_in("rex@partners.example")
    response = site.get(f"/documents/{document_id}/review?tenant={tenant_id}", cookie)
    assert response.status_code == 404


def test_changing_a_project_to_warranty_needs_an_end_date(site: Site):
    cookie = site.sign_in()
    project = site.project()
    refused = site.post(
        f"/projects/{project.id}/status", cookie, {"status": "warranty", "warranty_end_date": ""}
    )
    assert refused.status_code == 400
    site.post(
        f"/projects/{project.id}/status", cookie, {"status": "warranty", "warranty_end_date": "2027-06-30"}
    )
    changed = workspace.get_project(site.ctx(), project.id)
    assert changed.status == "warranty"
    assert str(changed.warranty_end_date) == "2027-06-30"


def test_sample_documents_are_presigned_registered_and_shown_to_vendors(site: Site):
    # GIVEN a project and a signed-in admin
    cookie = site.sign_in()
    project = site.project()
    contract = site.contract(project)
    # WHEN the drop zone asks for an upload ticket, the file lands in S3, and it is registered
    ticket = json.loads(
        _text(site.post(f"/projects/{project.id}/sample-ticket", cookie, {"content_type": "application/pdf"}))
    )
    site.services.s3.put_object(Bucket="coi-documents-ui-test", Key=ticket["key"], Body=b"%PDF-1.4 sample")
    registered = site.post(
        f"/projects/{project.id}/samples",
        cookie,
        {"key": ticket["key"], "title": "Sample ACORD 25.pdf", "content_type": "application/pdf"},
    )
    # THEN the project page and the vendor's portal both offer it
    assert registered.status_code == 303
    assert "Sample ACORD 25.pdf" in _text(site.get(f"/projects/{project.id}", cookie))
    token = workspace.issue_portal_link(
        site.ctx(), contract.id, secret=site.services.portal_token_secret
    ).token
    assert "Sample ACORD 25.pdf" in _text(site.get(f"/portal/{token}"))


def test_a_contract_can_be_moved_to_another_project_group(site: Site):
    cookie = site.sign_in()
    project = site.project()
    contract = site.contract(project)
    project_group = workspace.list_requirement_groups(site.ctx(), project.id).items[0]
    copy = workspace.copy_requirement_group(
        site.ctx(), project_group.id, CopyRequirementGroup(name="Default + Pollution", project_id=project.id)
    )
    form_page = _text(site.get(f"/contracts/{contract.id}/edit", cookie))
    site.post(
        f"/contracts/{contract.id}/edit",
        cookie,
        {"contact_email": "ops@rivera.example", "requirement_group_id": copy.id},
    )
    assert "Default + Pollution" in form_page
    assert workspace.get_contract(site.ctx(), contract.id).requirement_group_id == copy.id


def test_waiving_a_requirement_from_the_contract_page(site: Site):
    cookie = site.sign_in()
    contract = site.contract(site.project())
    response = site.post(
        f"/contracts/{contract.id}/waivers", cookie, {"requirement_key": "umbrella", "note": "Small scope"}
    )
    page = _text(site.get(f"/contracts/{contract.id}", cookie))
    assert response.status_code == 303
    assert "Waived" in page
    assert "Small scope" in page


def test_review_corrections_and_excluded_officers_are_saved_with_the_decision(site: Site):
    cookie = site.sign_in()
    project = site.project()
    contract = site.contract(project)
    document_id = site.deliver(contract)
    response = _decide(
        site,
        cookie,
        document_id,
        "done",
        {"general_liability": "active", "workers_comp": "waived"},
        **{
            "policy:general_liability": "GL-1-CORRECTED",
            "expiration:general_liability": "2027-02-01",
            "officers:workers_comp": "Ana Ruiz, Ben Ortiz",
            "note:workers_comp": "Sole proprietor",
        },
    )
    assert response.status_code == 303
    page = _text(site.get(f"/contracts/{contract.id}", cookie))
    assert "GL-1-CORRECTED" in page
    assert "2027-02-01" in page
    officers = _text(site.get(f"/projects/{project.id}", cookie))
    assert "Ana Ruiz, Ben Ortiz" in officers


def test_a_misread_date_in_the_review_form_is_a_400_page(site: Site):
    cookie = site.sign_in()
    document_id = site.deliver(site.contract(site.project()))
    response = _decide(
        site,
        cookie,
        document_id,
        "done",
        {"general_liability": "active"},
        **{"expiration:general_liability": "31/02"},
    )
    assert response.status_code == 400


def test_editing_project_details_and_additional_insureds(site: Site):
    cookie = site.sign_in()
    project = site.project()
    site.post(
        f"/projects/{project.id}/details",
        cookie,
        {
            "number": "2231",
            "name": "Harbor Point II",
            "address": "1 Pier Rd",
            "additional_insureds": "Owner LLC\nArchitect Inc",
        },
    )
    changed = workspace.get_project(site.ctx(), project.id)
    assert changed.name == "Harbor Point II"
    assert "Owner LLC" in changed.additional_insureds
    assert "Architect Inc" in changed.additional_insureds
    assert "Summit Builders Inc" in changed.additional_insureds, "the GC is always an additional insured"
