"""Sage Intacct: an XML gateway request (`POST https://api.intacct.com/ia/xml/xmlgw.phtml`) whose
functions create or update `COMPLIANCERECORD` objects (Construction + Vendor Compliance).

Fields used: COMPLIANCETYPEID, VENDORID, PROJECTID, POLICYNUMBER, REFERENCENUMBER, EFFECTIVEDATE,
EXPIRATIONDATE, AMOUNT, DESCRIPTION, STATUS, plus the tenant's custom hold-payment field.
REFERENCENUMBER carries our stable key (contract + coverage) so a later export updates the record
Intacct created (by its RECORDNO) instead of adding another. Credentials appear only in the
request the gateway adapter sends; the file kept in S3 has them empty.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from services.erp_export.formatters.common import active_contracts, ascii_text, status_words, us_date
from services.erp_export.models import ContractComplianceState, CoverageState, TenantErpConfig

GATEWAY_URL = "https://api.intacct.com/ia/xml/xmlgw.phtml"


@dataclass(frozen=True)
class IntacctCredentials:
    sender_id: str
    sender_password: str = field(repr=False)
    user_id: str
    company_id: str
    user_password: str = field(repr=False)


def reference_number(contract: ContractComplianceState, coverage: CoverageState) -> str:
    # "other" coverages and documents repeat per contract: their label tells them apart.
    label = re.sub(r"[^a-z0-9]+", "-", ascii_text(coverage.label).lower()).strip("-")
    kind = f"{coverage.coverage}-{label}" if coverage.coverage in ("other", "document") else coverage.coverage
    return f"{contract.contract_id}:{kind}"[:100]


def compliance_functions(
    states: Iterable[ContractComplianceState],
    config: TenantErpConfig,
    *,
    known_records: Mapping[str, str] | None = None,
) -> list[ET.Element]:
    """One create (or update, when Intacct's RECORDNO is known) per coverage of each active contract."""
    known = known_records or {}
    functions: list[ET.Element] = []
    for contract in active_contracts(states):
        for coverage in contract.coverages:
            reference = reference_number(contract, coverage)
            function = ET.Element("function", controlid=reference)
            record_no = known.get(reference)
            action = ET.SubElement(function, "update" if record_no else "create")
            record = ET.SubElement(action, "COMPLIANCERECORD")
            values: list[tuple[str, str]] = []
            if record_no:
                values.append(("RECORDNO", record_no))
            amount = coverage.headline_limit
            values += [
                ("COMPLIANCETYPEID", config.code_for(coverage)),
                ("VENDORID", ascii_text(contract.vendor_number)),
                ("PROJECTID", ascii_text(contract.job_number)),
                ("POLICYNUMBER", ascii_text(coverage.policy_number)),
                ("REFERENCENUMBER", reference),
                ("EFFECTIVEDATE", us_date(coverage.effective_date)),
                ("EXPIRATIONDATE", us_date(coverage.expiration_date)),
                ("AMOUNT", str(amount) if amount is not None else ""),
                ("DESCRIPTION", _description(coverage)),
                ("STATUS", "active"),
                (config.intacct_hold_field, "true" if contract.hold_payment else "false"),
            ]
            for tag, text in values:
                if text != "" or tag in ("POLICYNUMBER", "EXPIRATIONDATE"):
                    ET.SubElement(record, tag).text = text
            functions.append(function)
    return functions


def _description(coverage: CoverageState) -> str:
    name = coverage.label or coverage.coverage.replace("_", " ").title()
    insurer = f", {coverage.insurer_name}" if coverage.insurer_name else ""
    return ascii_text(f"{name}{insurer}: {status_words(coverage.status)}")[:200]


def intacct_request(
    functions: list[ET.Element], *, control_id: str, credentials: IntacctCredentials | None = None
) -> bytes:
    request = ET.Element("request")
    control = ET.SubElement(request, "control")
    creds = credentials
    ET.SubElement(control, "senderid").text = creds.sender_id if creds else ""
    ET.SubElement(control, "password").text = creds.sender_password if creds else ""
    ET.SubElement(control, "controlid").text = control_id
    ET.SubElement(control, "uniqueid").text = "false"
    ET.SubElement(control, "dtdversion").text = "3.0"
    operation = ET.SubElement(request, "operation")
    login = ET.SubElement(ET.SubElement(operation, "authentication"), "login")
    ET.SubElement(login, "userid").text = creds.user_id if creds else ""
    ET.SubElement(login, "companyid").text = creds.company_id if creds else ""
    ET.SubElement(login, "password").text = creds.user_password if creds else ""
    content = ET.SubElement(operation, "content")
    content.extend(functions)
    ET.indent(request, space="  ")
    return ET.tostring(request, encoding="utf-8", xml_declaration=True) + b"\n"


@dataclass(frozen=True)
class IntacctResult:
    ok: bool
    # controlid (our REFERENCENUMBER) -> RECORDNO of records Intacct created or updated
    records: dict[str, str]
    errors: list[str]


def parse_intacct_response(xml_text: str) -> IntacctResult:
    """Read the gateway's answer: control status, then each function's result."""
    try:
        root = ET.fromstring(xml_text)  # noqa: S314 - the response of our own HTTPS request
    except ET.ParseError:
        return IntacctResult(False, {}, ["response is not XML"])
    errors: list[str] = []
    records: dict[str, str] = {}
    if (root.findtext("control/status") or "").strip() != "success":
        errors.extend(_error_texts(root.find("errormessage")) or ["request failed"])
        return IntacctResult(False, records, errors)
    auth_status = root.findtext("operation/authentication/status")
    if auth_status is not None and auth_status.strip() != "success":
        return IntacctResult(False, records, ["authentication failed"])
    for result in root.iter("result"):
        control_id = result.findtext("controlid") or ""
        if (result.findtext("status") or "").strip() == "success":
            record_no = next((e.text for e in result.iter("RECORDNO") if e.text), None)
            if record_no:
                records[control_id] = record_no.strip()
        else:
            texts = _error_texts(result.find("errormessage")) or ["failed"]
            errors.append(f"{control_id}: {'; '.join(texts)}")
    return IntacctResult(not errors, records, errors)


def _error_texts(element: ET.Element | None) -> list[str]:
    if element is None:
        return []
    texts = []
    for error in element.iter("error"):
        number = (error.findtext("errorno") or "").strip()
        description = (error.findtext("description2") or error.findtext("description") or "").strip()
        texts.append(f"{number} {description}".strip())
    return texts
