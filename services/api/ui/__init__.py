"""Staff web UI and vendor upload portal, served by the Chalice app next to the JSON API.

`BLUEPRINTS` is what `services.api.app` registers: (blueprint, url_prefix).
"""

from __future__ import annotations

from chalice import Blueprint

from services.api.ui import (
    assets,
    carriers,
    cognito,
    company,
    contracts,
    erp,
    integrations,
    overview,
    portal,
    projects,
    review,
    settings,
    sign_in,
)

BLUEPRINTS: list[tuple[Blueprint, str]] = [
    (assets.bp, ""),
    (sign_in.bp, ""),
    (projects.bp, ""),
    (contracts.bp, ""),
    (review.bp, ""),
    (company.bp, ""),
    (overview.bp, ""),
    (settings.bp, ""),
    (portal.bp, ""),
    (cognito.bp, ""),
    (carriers.bp, ""),
    (erp.bp, ""),
    (integrations.bp, ""),
]
