"""The review page shows renewal changes beside the deficiencies and the file's integrity findings,
hidden text beside what the page shows."""

from __future__ import annotations

import html
import re

from shared.contracts.certificate import IntegrityFinding
from shared.contracts.changes import Change
from shared.workspace import TenantRepository
from tests.functional.ui.conftest import Site


def _text(response: object) -> str:
    return html.unescape(response.body.decode())  # type: ignore[attr-defined]


def test_review_page_shows_changes_and_integrity_findings(site: Site) -> None:
    cookie = site.sign_in()
    contract = site.contract(site.project())
    document_id = site.deliver(contract, compliant=False)
    repo = TenantRepository(site.services.store, contract.tenant_id)
    document = repo.document(document_id)
    document.changes = [
        Change(
            code="CARRIER_RATING_LOWER",
            coverage="general_liability",
            field="insurer",
            previous="A",
            current="B+",
            severity="warning",
            message="The new general liability policy is by X, rated B+; the previous one by Y, rated A.",
        ),
        Change(
            code="ENDORSEMENT_DROPPED",
            field="endorsements",
            previous="IL 00 17",
            severity="warning",
            message="Endorsement IL 00 17 was cited or attached on the previous certificate and is gone.",
        ),
    ]
    assert document.certificate is not None
    document.certificate.integrity = [
        IntegrityFinding(
            code="HIDDEN_TEXT",
            page=1,
            detail="Text “500,000” is covered by an opaque box on page 1; shown there instead: “1,000,000”.",
            hidden_text="500,000",
            visible_text="1,000,000",
        )
    ]
    repo.save(document)
    repo.commit()

    page = _text(site.get(f"/documents/{document_id}/review", cookie))

    # the change sits in the general liability block, after its deficiency
    deficiency = page.index("General liability each occurrence is $500,000")
    change = page.index("by X, rated B+; the previous one by Y, rated A.")
    assert deficiency < change
    assert "Endorsement IL 00 17 was cited" in page  # a document-wide change, above the rows
    assert "The file itself needs a look" in page
    assert re.search(r"Hidden in the file</dt><dd><code>500,000</code>", page)
    assert re.search(r"Shown on the page</dt><dd><code>1,000,000</code>", page)


def test_contract_page_draws_the_coverage_timeline_without_inline_script_or_style(site: Site) -> None:
    cookie = site.sign_in()
    contract = site.contract(site.project())
    site.deliver(contract)  # waiting for review: drawn, but not approved coverage

    response = site.get(f"/contracts/{contract.id}", cookie)
    page = _text(response)

    assert response.status_code == 200
    start = page.index('<h2 id="timeline">')
    section = page[start : page.index("</section>")]  # the timeline belongs to the Coverages tab
    assert '<svg class="timeline"' in section
    assert "GL-1, Travelers Property Casualty Co: 2026-01-01 – 2027-01-01 (Pending)" in section
    assert "No approved coverage 2026-05-01 – 2026-05-01 (1 day)" in section
    assert "<caption>Days without approved coverage</caption>" in section
    assert "style=" not in section
    assert "<script" not in section


def test_contract_page_lists_a_renewals_warnings_beside_the_certificate(site: Site) -> None:
    cookie = site.sign_in()
    contract = site.contract(site.project())
    document_id = site.deliver(contract)
    repo = TenantRepository(site.services.store, contract.tenant_id)
    document = repo.document(document_id)
    document.changes = [
        Change(
            code="AGGREGATE_BASIS_WIDER",
            coverage="general_liability",
            field="aggregate_applies_per",
            previous="project",
            current="policy",
            severity="warning",
            message="The general liability aggregate applied per project; now per policy.",
        ),
        Change(code="CARRIER_CHANGED", severity="info", message="Another carrier, rated the same."),
    ]
    repo.save(document)
    repo.commit()

    certificates = _text(site.get(f"/contracts/{contract.id}?tab=certificates", cookie))
    assert "The general liability aggregate applied per project; now per policy." in certificates
    assert "Another carrier, rated the same." not in certificates  # information only
