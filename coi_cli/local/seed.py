"""The demo GC account on the local stack: an admin and a project manager, the default requirement
group, two projects, several vendors with contracts, and a few certificates that went through the
real pipeline (uploaded through the vendor portal's presigned POST, extracted, reviewed), rated
against a demo carrier table (invented ratings, marked as such wherever they are shown).

Runs once per state directory (`seeded.json` remembers what was created, including the one
vendor portal link whose plain token is shown only at creation).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from coi_cli.local.stack import LocalPaths

DEMO_GC = "Summit Ridge Builders"
ADMIN_EMAIL = "admin@summitridge.example"
PM_EMAIL = "pm@summitridge.example"

PROJECTS = [
    ("2231", "Harbor View Medical Office", "1200 Harbor Blvd, Oakland, CA 94607"),
    ("2240", "Eastline Apartments", "88 East 14th St, Oakland, CA 94606"),
]
# (project index, vendor, contact email, scope, certificate seed). A vendor with a certificate is
# named as the certificate's insured (None here), as it would be in real life.
CONTRACTS: list[tuple[int, str | None, str, str, int | None]] = [
    (0, None, "certs@vendor-a.example", "Foundations and flatwork", 11),
    (0, None, "office@vendor-b.example", "Electrical", 12),
    (0, None, "insurance@vendor-c.example", "Structural steel", 13),
    (1, "Pacific Drywall Co", "admin@pacificdrywall.example", "Framing and drywall", None),
    (1, None, "ops@vendor-d.example", "Plumbing", 14),
]

# DEMO VALUES, NOT AM BEST DATA. Invented ratings for the insurers the sample certificates name
# (tests/fixtures/certgen/spec.py), so the demo's automatic review has something to rate against.
# Most are A- VII or better; a few are below the default minimum (A- VII) so the demo shows
# INSURER_RATING_BELOW_MINIMUM, and one is left unrated. Replace with the GC's own list.
DEMO_CARRIER_NOTE = "Demo ratings for the sample data, not AM Best data; replace with your own list."
_DEMO_RATINGS: dict[str, tuple[str, str]] = {
    "12572": ("A", "VI"),  # Selective: size below VII
    "24074": ("B++", "VIII"),  # Ohio Casualty: rating below A-
    "39993": ("B+", "VII"),  # Colony
    "42307": ("", ""),  # Navigators: not rated
    "22945": ("A-", "VII"),  # Texas Mutual: exactly the minimum
    "24112": ("A", "VIII"),  # Westfield
    "35076": ("A-", "X"),  # State Compensation Insurance Fund
}


def demo_carriers_csv() -> str:
    """The demo carrier table as CSV (`naic,name,am_best_rating,am_best_size`)."""
    from tests.fixtures.certgen.spec import INSURERS

    others = [("A++", "XV"), ("A+", "XV"), ("A", "XIII"), ("A+", "XIV"), ("A", "X")]
    lines = ["naic,name,am_best_rating,am_best_size"]
    for index, (name, naic) in enumerate(INSURERS):
        rating, size = _DEMO_RATINGS.get(naic, others[index % len(others)])
        lines.append(f'{naic},"{name}",{rating},{size}')
    return "\n".join(lines) + "\n"


def upload_through_portal(api_url: str, token: str, document: Any, client: httpx.Client) -> str:
    """What a vendor's browser does: ask the API for a presigned POST, then post the file to S3."""
    ticket = client.post(
        f"{api_url}/api/portal/{token}/uploads",
        json={"content_type": document.content_type, "filename": document.filename},
    )
    ticket.raise_for_status()
    body = ticket.json()
    posted = client.post(
        body["url"],
        data=body["fields"],
        files={"file": (document.filename, document.data, document.content_type)},
    )
    posted.raise_for_status()
    return str(body["document_id"])


def seed_demo(paths: LocalPaths, api_url: str) -> dict[str, Any]:
    if paths.seeded.exists():
        seeded: dict[str, Any] = json.loads(paths.seeded.read_text())
        return seeded

    from services.api.bootstrap import get_services
    from shared import workspace
    from shared.workspace import (
        Actor,
        Contact,
        NewContract,
        NewProject,
        ProjectStatus,
        Role,
        UserInput,
        VendorInput,
    )
    from tests.fixtures.certgen import generate

    services = get_services()
    tenant, admin, _group = workspace.create_tenant(
        services.store, services.clock, name=DEMO_GC, admin_email=ADMIN_EMAIL, admin_name="Alex Morgan"
    )
    ctx = services.context(Actor(admin.id, admin.email, admin.role, tenant.id), correlation_id="demo-seed")
    workspace.create_user(ctx, UserInput(email=PM_EMAIL, name="Priya Shah", role=Role.STANDARD))
    # Before any upload, so the automatic review of the sample certificates rates their insurers.
    workspace.replace_carrier_table(ctx, demo_carriers_csv(), note=DEMO_CARRIER_NOTE)
    projects = [
        workspace.create_project(
            ctx, NewProject(number=n, name=name, address=addr, status=ProjectStatus.ACTIVE)
        )
        for n, name, addr in PROJECTS
    ]
    portal_base = services.settings.portal_base_url.rstrip("/")
    contracts = []
    with httpx.Client(timeout=30) as client:
        for project_index, vendor_name, email, scope, certificate_seed in CONTRACTS:
            document = generate(certificate_seed, "flattened") if certificate_seed is not None else None
            vendor = vendor_name or (document.truth.insured.name if document and document.truth else "Vendor")
            contract = workspace.create_contract(
                ctx,
                projects[project_index].id,
                NewContract(
                    vendor=VendorInput(name=vendor),
                    description=scope,
                    contact=Contact(name=f"{vendor} insurance desk", email=email),
                ),
            )
            # `ensure`, not `issue`: notify may be creating the same link for its first request
            # email right now, and either writer's link is the one the vendor should get.
            issued = workspace.ensure_portal_link(ctx, contract.id, secret=services.portal_token_secret)
            if issued is None:
                raise RuntimeError(f"no portal link for the demo contract {contract.id}")
            entry: dict[str, Any] = {
                "contract_id": contract.id,
                "vendor": vendor,
                "contact_email": email,
                "portal_link": f"{portal_base}/{issued.token}",
                "portal_token": issued.token,
            }
            if document is not None:
                entry["document_id"] = upload_through_portal(api_url, issued.token, document, client)
            contracts.append(entry)
    from coi_cli.local.erp_demo import configure_demo_erps  # ERPs on, every vendor coded
    from tests.fakes.procore_demo import connect_demo_tenant  # the fake Procore's seeded company

    erp = configure_demo_erps(services, tenant.id, by=ADMIN_EMAIL)
    demo = {
        "tenant_id": tenant.id,
        "login_email": ADMIN_EMAIL,
        "login_url": f"{api_url}/",
        "users": [ADMIN_EMAIL, PM_EMAIL],
        "projects": [p.id for p in projects],
        "contracts": contracts,
        "portal_link": next(c["portal_link"] for c in contracts if "document_id" not in c),
        "erp": erp,
        "procore": connect_demo_tenant(tenant.id),
    }
    Path(paths.seeded).write_text(json.dumps(demo, indent=1))
    return demo
