"""Plain accessibility checks over the rendered pages: every form control has a label, images have
alt text, pages declare a language and one h1, no inline script or style (the CSP forbids them)."""

from __future__ import annotations

from html.parser import HTMLParser

from shared import workspace
from tests.functional.ui.conftest import Site


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.open_labels = 0
        self.images_without_alt = 0
        self.h1 = 0
        self.lang: str | None = None
        self.inline_scripts = 0
        self.inline_styles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        if tag == "label":
            self.open_labels += 1
            if found.get("for"):
                self.label_for.add(str(found["for"]))
        if tag in ("input", "select", "textarea") and found.get("type") not in ("hidden", "submit"):
            self.controls.append({**found, "_wrapped": "yes" if self.open_labels else None})
        if tag == "img" and not found.get("alt"):
            self.images_without_alt += 1
        if tag == "h1":
            self.h1 += 1
        if tag == "script" and not found.get("src"):
            self.inline_scripts += 1
        if "style" in found:
            self.inline_styles += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.open_labels -= 1

    def unlabelled(self) -> list[dict[str, str | None]]:
        return [
            c
            for c in self.controls
            if not c["_wrapped"] and c.get("id") not in self.label_for and not c.get("aria-label")
        ]


def _audit(html: str) -> _Audit:
    audit = _Audit()
    audit.feed(html)
    return audit


def test_staff_pages_are_labelled_and_free_of_inline_code(site: Site):
    cookie = site.sign_in()
    project = site.project()
    contract = site.contract(project)
    document_id = site.deliver(contract, compliant=False)
    group = workspace.list_requirement_groups(site.ctx(), None).items[0]
    paths = [
        "/projects",
        f"/projects/{project.id}",
        f"/contracts/{contract.id}",
        *(f"/contracts/{contract.id}?tab={tab}" for tab in ("certificates", "notes", "messages", "audit")),
        f"/contracts/{contract.id}/edit",
        "/review",
        f"/documents/{document_id}/review",
        "/coverages",
        "/vendors",
        "/do-not-pay",
        "/action-needed",
        "/exports",
        "/requirement-groups",
        f"/requirement-groups/{group.id}",
        "/users",
    ]
    for path in paths:
        audit = _audit(site.get(path, cookie).body.decode())
        assert audit.lang == "en", path
        assert audit.h1 == 1, path
        assert audit.unlabelled() == [], path
        assert audit.images_without_alt == 0, path
        assert audit.inline_scripts == 0, path
        assert audit.inline_styles == 0, path


def test_sign_in_and_portal_pages_are_labelled(site: Site):
    contract = site.contract(site.project())
    token = workspace.issue_portal_link(
        site.ctx(), contract.id, secret=site.services.portal_token_secret
    ).token
    for path in ["/sign-in", f"/portal/{token}", "/portal/unknown-token"]:
        audit = _audit(site.get(path).body.decode())
        assert audit.h1 == 1, path
        assert audit.unlabelled() == [], path
        assert audit.inline_scripts == 0, path
