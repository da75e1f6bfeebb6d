"""Links into Procore's web app ("View in Procore"), to the page where a problem is fixed.

The paths are those of Procore's web app as its pages show them in the browser address bar
([INF], not an API contract): the project home, a commitment (work order or purchase order
contract) and a company's page in the project directory. The host is configurable
(`PROCORE_WEB_BASE_URL`; production app.procore.com, or a sandbox).
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.procore.client import CommitmentKind


@dataclass(frozen=True)
class ProcoreLinks:
    web_base_url: str = "https://app.procore.com"

    def project(self, procore_project_id: int) -> str:
        return f"{self._base}/{procore_project_id}/project/home"

    def commitment(self, procore_project_id: int, kind: CommitmentKind, commitment_id: int) -> str:
        return f"{self._base}/{procore_project_id}/project/commitments/{kind}/{commitment_id}"

    def directory_vendor(self, procore_project_id: int, vendor_id: int) -> str:
        return f"{self._base}/{procore_project_id}/project/directory/vendors/{vendor_id}/edit"

    def company(self, company_id: int) -> str:
        return f"{self._base}/{company_id}/company/home"

    @property
    def _base(self) -> str:
        return self.web_base_url.rstrip("/")
