"""Reviews never lose work: a refused decision comes back with everything typed and the problem
beside its field; Cancel keeps a draft; approving over open problems asks first and is recorded."""

from __future__ import annotations

from shared import workspace
from tests.functional.ui.conftest import Site


def _form(button: str, decisions: dict[str, str], **extra: object) -> dict[str, object]:
    form: dict[str, object] = {"button": button, "requirement": list(decisions), **extra}
    form.update({f"decision:{key}": status for key, status in decisions.items()})
    return form


def test_a_refused_decision_keeps_every_typed_value_with_the_error_beside_the_field(site: Site):
    cookie = site.sign_in()
    contract = site.contract(site.project())
    document_id = site.deliver(contract)
    form = _form(
        "done",
        {"general_liability": "active", "auto_liability": "approved_non_compliant", "umbrella": "rejected"},
        **{
            "policy:general_liability": "GL-77",
            "expiration:general_liability": "2027-13-45",
            "notes_to_vendor": "Send the AI form",
        },
    )
    response = site.post(f"/documents/{document_id}/review", cookie, form)
    assert response.status_code == 400
    page = response.body.decode()
    assert 'id="err-note-auto_liability"' in page
    assert 'id="err-expiration-general_liability"' in page
    assert 'value="GL-77"' in page
    assert 'value="2027-13-45"' in page
    assert "Send the AI form" in page
    assert '<option value="rejected" selected>' in page
    # Nothing was decided
    assert workspace.get_contract(site.ctx(), contract.id).status == "needs_review"


def test_cancel_keeps_the_work_as_a_draft(site: Site):
    cookie = site.sign_in()
    document_id = site.deliver(site.contract(site.project()))
    response = site.post(
        f"/documents/{document_id}/review", cookie, _form("cancel", {"general_liability": "rejected"})
    )
    assert response.status_code == 303
    draft = workspace.get_review(site.ctx(), document_id)
    assert draft is not None
    assert [(d.requirement_key, d.status.value) for d in draft.decisions] == [
        ("general_liability", "rejected")
    ]
    assert (
        '<option value="rejected" selected>'
        in site.get(f"/documents/{document_id}/review", cookie).body.decode()
    )


def test_approving_over_open_problems_asks_first_and_records_who_overrode_what(site: Site):
    cookie = site.sign_in()
    contract = site.contract(site.project())
    document_id = site.deliver(contract, compliant=False)
    asked = site.post(
        f"/documents/{document_id}/review", cookie, _form("done", {"general_liability": "active"})
    )
    assert asked.status_code == 400
    assert 'name="confirm_override"' in asked.body.decode()
    assert workspace.get_document(site.ctx(), document_id).status.value == "needs_review"
    confirmed = site.post(
        f"/documents/{document_id}/review",
        cookie,
        _form("done", {"general_liability": "active"}, confirm_override="on"),
    )
    assert confirmed.status_code == 303
    trail = workspace.audit_trail(site.ctx(), entity_type="document", entity_id=document_id).items
    override = next(e for e in trail if e.action == "review.problems_overridden")
    assert "general_liability" in str(override)


def _naming_another_company(site: Site, document_id: str) -> None:
    """The automatic check found the certificate names another insured (as the review handler stores it)."""
    from shared.contracts import Verdict

    ctx = site.ctx()
    document = ctx.repo.document(document_id)
    document.verdict = Verdict(
        compliant=False,
        as_of=site.clock.today(),
        deficiencies=[
            {
                "code": "INSURED_NAME_MISMATCH",
                "message": "The insured is Rivera Paving Inc, not Rivera Concrete LLC.",
            }
        ],
    )
    ctx.repo.save(document)
    ctx.repo.commit()


def test_a_certificate_naming_another_company_cannot_silently_make_the_contract_compliant(site: Site):
    cookie = site.sign_in()
    contract = site.contract(site.project())
    document_id = site.deliver(contract)
    _naming_another_company(site, document_id)
    keys = ["general_liability", "auto_liability", "umbrella", "workers_comp", "document:w9"]
    page = site.get(f"/documents/{document_id}/review", cookie).body.decode()
    assert "Certificate: insured name" in page
    # WHEN every policy is approved without deciding the insured name
    refused = site.post(
        f"/documents/{document_id}/review", cookie, _form("done", dict.fromkeys(keys, "active"))
    )
    # THEN nothing is decided, the choices are kept, the problem asks for a decision
    assert refused.status_code == 400
    assert 'id="err-docdecision-INSURED_NAME_MISMATCH"' in refused.body.decode()
    assert workspace.get_contract(site.ctx(), contract.id).status == "needs_review"
    # WHEN it is rejected, still no policy on it can be approved
    rejected = site.post(
        f"/documents/{document_id}/review",
        cookie,
        _form("done", dict.fromkeys(keys, "active"), **{"docdecision:INSURED_NAME_MISMATCH": "rejected"}),
    )
    assert rejected.status_code == 400
    assert workspace.get_contract(site.ctx(), contract.id).status == "needs_review"
    # WHEN it is accepted with a reason (a trade name), the review completes
    accepted = site.post(
        f"/documents/{document_id}/review",
        cookie,
        _form(
            "done",
            dict.fromkeys(keys, "active"),
            **{
                "docdecision:INSURED_NAME_MISMATCH": "accepted",
                "docnote:INSURED_NAME_MISMATCH": "DBA of Rivera",
            },
        ),
    )
    assert accepted.status_code == 303
    review = workspace.get_review(site.ctx(), document_id)
    assert review is not None
    assert [(d.code, d.status, d.note) for d in review.document_decisions] == [
        ("INSURED_NAME_MISMATCH", "accepted", "DBA of Rivera")
    ]


def test_the_vendor_email_box_is_ticked_and_unticking_records_the_decision_silently(site: Site):
    cookie = site.sign_in()
    contract = site.contract(site.project())
    document_id = site.deliver(contract)
    page = site.get(f"/documents/{document_id}/review", cookie).body.decode()
    assert 'name="notify_vendor" checked' in page

    # WHEN the reviewer rejects with "Send e-mail to the vendor" unticked (the box sends nothing)
    done = site.post(
        f"/documents/{document_id}/review",
        cookie,
        _form(
            "done",
            {"general_liability": "rejected"},
            notify_vendor_shown="1",
            **{"note:general_liability": "Names another project"},
        ),
    )

    # THEN the decision is recorded, the review and audit trail say the vendor was not e-mailed
    assert done.status_code == 303
    assert workspace.get_contract(site.ctx(), contract.id).status == "non_compliant"
    review = workspace.get_review(site.ctx(), document_id)
    assert review is not None
    assert review.notify_vendor is False
    trail = workspace.audit_trail(site.ctx(), entity_type="document", entity_id=document_id).items
    completed = next(e for e in trail if e.action == "review.completed")
    assert completed.changes["vendor_emailed"] is False


def test_a_refused_form_keeps_the_unticked_vendor_email_box(site: Site):
    cookie = site.sign_in()
    document_id = site.deliver(site.contract(site.project()))
    refused = site.post(
        f"/documents/{document_id}/review",
        cookie,
        _form("done", {"general_liability": "waived"}, notify_vendor_shown="1"),
    )
    assert refused.status_code == 400
    page = refused.body.decode()
    assert "say why the requirement is waived" in page
    assert 'name="notify_vendor">' in page  # still unticked


def test_a_rejection_with_no_reason_comes_back_with_the_error_beside_the_note(site: Site):
    cookie = site.sign_in()
    contract = site.contract(site.project())
    document_id = site.deliver(contract)  # the automatic check found nothing to say
    refused = site.post(
        f"/documents/{document_id}/review",
        cookie,
        _form("done", {"general_liability": "rejected"}, **{"policy:general_liability": "GL-9"}),
    )
    assert refused.status_code == 400
    page = refused.body.decode()
    assert 'id="err-note-general_liability"' in page
    assert "say why it is rejected" in page
    assert 'value="GL-9"' in page
    assert workspace.get_contract(site.ctx(), contract.id).status == "needs_review"
