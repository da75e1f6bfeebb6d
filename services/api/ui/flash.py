"""What a page says after a redirect: short result codes in `?done=`, so a redirect can say what
happened without echoing free text."""

from __future__ import annotations

from urllib.parse import urlencode

from services.api.ui.web import UiRequest

MESSAGES = {
    "project_created": "Project created.",
    "status_changed": "Project status changed.",
    "project_saved": "Project details saved.",
    "sample_added": "Sample document added; vendors see it on their upload page.",
    "sample_removed": "Sample document removed.",
    "contract_added": "Contract added. Send the vendor the request link from its actions menu.",
    "requested": "Request sent to the vendor.",
    "activated": "Contract marked active.",
    "deactivated": "Contract marked inactive: no more messages; documents are kept.",
    "removed": "Contract removed.",
    "contact_saved": "Contact saved.",
    "note_added": "Note added.",
    "waived": "Requirement waived for this contract.",
    "unwaived": "Waiver withdrawn: the requirement is judged on the certificates again.",
    "went_live": "The project is live: requests are going out to vendors who still owe a certificate.",
    "draft_saved": "Draft saved. Nothing changes until you press Done.",
    "draft_kept": "Review left unfinished; your decisions are kept as a draft.",
    "reviewed": "Review done; the contract's compliance is updated.",
    "queue_empty": "Review done. The Needs Review queue is empty.",
    "link_revoked": "The request link was revoked.",
}


def flash(req: UiRequest) -> str | None:
    return MESSAGES.get(req.query.get("done", ""))


def with_query(path: str, **query: str) -> str:
    return f"{path}?{urlencode(query)}" if query else path
