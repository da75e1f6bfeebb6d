"""The fake Procore beside the local stack (`make run`): a seeded company served on 127.0.0.1, the
settings the stack's functions and API need to use it, and the demo tenant connected to it.

The company has several projects (active and inactive), vendors with and without contacts, and
subcontracts and purchase orders in several statuses, some without an invoice contact, so the
import choices and the Procore Sync Log have something to show. Staff connect through the fake's
own consent page (Settings > Connected Apps > Connect with Procore), as they would with Procore;
the demo tenant is connected with the service account (client credentials), which survives a
restart of the fake (its state lives in memory; a user's refresh token would not).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import secrets
from pathlib import Path
from typing import Any

from tests.fakes.procore import FakeProcore, serving

log = logging.getLogger("coi.local.procore")

# Beside the API's port (8000 -> 8020), so stacks on other ports do not collide; "View in Procore"
# links kept in sync logs stay valid across restarts.
PORT_OFFSET = 20
_running: dict[str, Any] = {}
# The demo app's credentials (the stack's PROCORE_CLIENT_ID/SECRET; tests read the fake with them).
CLIENT_ID, CLIENT_SECRET = "local-procore-client", "local-procore-secret"


def demo_company() -> FakeProcore:
    fake = FakeProcore(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    fake.companies[0]["name"] = "Summit Ridge Builders"
    fake.add_project(
        301, "Harbor View Medical Office", project_number="2231", city="Oakland", state_code="CA"
    )
    fake.add_project(302, "Eastline Apartments", project_number="2240", city="Oakland", state_code="CA")
    fake.add_project(303, "Bayside Parking Structure", project_number="2255", city="Alameda", state_code="CA")
    fake.add_project(304, "Old Mill Renovation", project_number="2109", active=False)
    ap = {"id": 1, "name": "Accounts Payable", "business_phone": "510-555-0100"}

    def vendor(
        vendor_id: int, name: str, email: str | None, contact: str | None, projects: list[int]
    ) -> None:
        primary = None
        if contact:
            first, _, last = contact.partition(" ")
            primary = {"id": vendor_id * 10, "first_name": first, "last_name": last, "email_address": email}
        fake.add_vendor(
            vendor_id,
            name,
            email_address=email if not contact else None,
            primary_contact=primary,
            project_ids=projects,
        )

    vendor(501, "Bayline Concrete Inc", "certs@bayline.example", "Rosa Vega", [301, 302])
    vendor(502, "Summit Electric LLC", "office@summitelectric.example", None, [301])
    vendor(503, "Redwood Steel Erectors", None, None, [301, 303])
    vendor(504, "Pacific Drywall Co", "admin@pacificdrywall.example", "Dana Wu", [302])
    vendor(505, "Golden Gate Plumbing", None, None, [302, 303])
    vendor(506, "Metro Supply Co", "orders@metrosupply.example", None, [301, 302])

    def commitment(
        kind: str,
        cid: int,
        project: int,
        vendor_id: int,
        number: str,
        title: str,
        status: str,
        email: str | None,
    ) -> None:
        contacts = [{**ap, "id": cid, "email": email, "vendor_name": ""}] if email else []
        fake.add_commitment(
            kind,
            cid,
            project_id=project,
            vendor_id=vendor_id,
            number=number,
            title=title,
            status=status,
            invoice_contacts=contacts,
        )

    sc = functools.partial(commitment, "work_order_contracts")
    po = functools.partial(commitment, "purchase_order_contracts")

    sc(7001, 301, 501, "SC-001", "Foundations and flatwork", "Approved", "ap@bayline.example")
    sc(7002, 301, 502, "SC-002", "Electrical", "Approved", "billing@summitelectric.example")
    sc(7003, 301, 503, "SC-004", "Structural steel", "Approved", None)  # no invoice contact
    sc(7004, 301, 505, "SC-005", "Plumbing rough-in", "Out For Signature", "ar@goldengate.example")
    sc(7005, 301, 502, "SC-006", "Low voltage", "Draft", None)
    po(7101, 301, 506, "PO-009", "Rebar and mesh", "Approved", "orders@metrosupply.example")
    po(7102, 301, 506, "PO-010", "Electrical gear", "Submitted", None)
    sc(7201, 302, 504, "SC-001", "Framing and drywall", "Approved", "admin@pacificdrywall.example")
    sc(7202, 302, 505, "SC-002", "Plumbing", "Approved", None)
    sc(7203, 302, 501, "SC-003", "Podium slab", "Complete", "ap@bayline.example")
    po(7301, 302, 506, "PO-001", "Lumber package", "Approved", "orders@metrosupply.example")
    sc(7401, 303, 503, "SC-001", "Precast erection", "Approved", "ap@redwoodsteel.example")
    return fake


def start(api_url: str, state_dir: Path) -> dict[str, str]:
    """Serve the demo company on 127.0.0.1 and return the Procore settings for the stack."""
    fake = demo_company()
    stack = contextlib.ExitStack()
    wanted = int(api_url.rsplit(":", 1)[1]) + PORT_OFFSET
    try:
        base = stack.enter_context(serving(fake, port=wanted))
    except OSError:
        log.warning("port %d is taken; the fake Procore takes any free port", wanted)
        base = stack.enter_context(serving(fake))
    _running.update(fake=fake, stack=stack, base=base)
    secret_file = state_dir / "procore-state-secret"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(32))
        secret_file.chmod(0o600)
    log.info("fake Procore on %s", base)
    return {
        "PROCORE_ENVIRONMENT": "sandbox",
        "PROCORE_AUTH_BASE_URL": base,
        "PROCORE_API_BASE_URL": base,
        "PROCORE_WEB_BASE_URL": f"{base}/web",
        "PROCORE_CLIENT_ID": fake.client_id,
        "PROCORE_CLIENT_SECRET": fake.client_secret,
        "PROCORE_STATE_SECRET": secret_file.read_text().strip(),
        "PROCORE_WEBHOOK_BASE_URL": f"{api_url}/integrations",
        "PROCORE_REDIRECT_URI": f"{api_url}/integrations/procore/oauth/callback",
    }


def stop() -> None:
    stack = _running.pop("stack", None)
    if stack is not None:
        stack.close()
    _running.clear()


def connect_demo_tenant(tenant_id: str) -> dict[str, Any]:
    """The demo tenant connected to the seeded company (service account), as on a real install."""
    from shared.procore.settings import ProcoreAppSettings
    from shared.procore.wiring import build_connected_apps, build_integration

    config = ProcoreAppSettings()
    apps = build_connected_apps(config, build_integration(config))
    status = apps.connect_service_account(tenant_id).to_json()
    return {"procore": _running.get("base"), "status": status["status"], "company": status["company"]}
