"""Sage Intacct: an XML gateway request (`POST https://api.intacct.com/ia/xml/xmlgw.phtml`) whose
functions create or update `COMPLIANCERECORD` objects (Construction + Vendor Compliance) and put
vendors on or off hold.

How Intacct holds payment, both ways:
- Vendor on hold: the VENDOR object's `ONHOLD` field, set with `<update><VENDOR><VENDORID>..
  </VENDORID><ONHOLD>true</ONHOLD></VENDOR></update>` (https://developer.intacct.com/api/
  accounts-payable/vendors/); Pay bills does not pay a vendor on hold. Only vendors this export put
  on hold are released again: a hold AP placed for another reason is not ours to lift.
- Vendor compliance: a compliance definition validated by expiration date blocks payment in Pay
  bills when a record is expired or missing ("If Error appears in the Vendor compliance column,
  you cannot pay the vendor until you correct the error": https://www.intacct.com/ia/docs/en_US/
  help_action/Construction/compliance/track-vendor-compliance.htm). So a deficient coverage's
  record carries an EXPIRATIONDATE of the day before the export, and an overall `COI` record per
  contract carries that date whenever the contract holds (a missing coverage has no record to
  expire). A custom field holds nothing: Intacct ignores it.

Fields used: COMPLIANCETYPEID, VENDORID, PROJECTID, POLICYNUMBER, REFERENCENUMBER, EFFECTIVEDATE,
EXPIRATIONDATE, AMOUNT, DESCRIPTION, STATUS. REFERENCENUMBER carries our stable key (contract +
coverage) so a later export updates the record Intacct created (by its RECORDNO) instead of adding
another. Credentials appear only in the request the gateway adapter sends; the file kept in S3 has
them empty.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from services.erp_export.formatters.common import (
    active_contracts,
    ascii_text,
    status_words,
    us_date,
    vendor_summaries,
)
from services.erp_export.models import ContractComplianceState, CoverageState
from shared.erp.records import TenantErpConfig

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
    as_of: date,
    known_records: Mapping[str, str] | None = None,
) -> list[ET.Element]:
    """One create (or update, when Intacct's RECORDNO is known) per coverage of each active
    contract, and one for the contract's overall verdict."""
    known = known_records or {}
    hold_date = as_of - timedelta(days=1)
    functions: list[ET.Element] = []
    for contract in active_contracts(states):
        for coverage in contract.coverages:
            amount = coverage.headline_limit
            functions.append(
                _record(
                    reference_number(contract, coverage),
                    known,
                    [
                        ("COMPLIANCETYPEID", config.code_for(coverage)),
                        ("VENDORID", ascii_text(contract.vendor_number)),
                        ("PROJECTID", ascii_text(contract.job_number)),
                        ("POLICYNUMBER", ascii_text(coverage.policy_number)),
                        ("EFFECTIVEDATE", us_date(coverage.effective_date)),
                        (
                            "EXPIRATIONDATE",
                            us_date(coverage.expiration_date if coverage.acceptable else hold_date),
                        ),
                        ("AMOUNT", str(amount) if amount is not None else ""),
                        ("DESCRIPTION", _description(coverage)),
                    ],
                )
            )
        expiries = [c.expiration_date for c in contract.coverages if c.expiration_date]
        overall = hold_date if contract.hold_payment else (min(expiries) if expiries else None)
        functions.append(
            _record(
                f"{contract.contract_id}:overall",
                known,
                [
                    ("COMPLIANCETYPEID", config.overall_code),
                    ("VENDORID", ascii_text(contract.vendor_number)),
                    ("PROJECTID", ascii_text(contract.job_number)),
                    ("POLICYNUMBER", ""),
                    ("EXPIRATIONDATE", us_date(overall)),
                    (
                        "DESCRIPTION",
                        ascii_text(f"Certificate of insurance: {status_words(contract.status)}")[:200],
                    ),
                ],
            )
        )
    return functions


def _record(reference: str, known: Mapping[str, str], values: list[tuple[str, str]]) -> ET.Element:
    function = ET.Element("function", controlid=reference)
    record_no = known.get(reference)
    record = ET.SubElement(ET.SubElement(function, "update" if record_no else "create"), "COMPLIANCERECORD")
    fields = [("RECORDNO", record_no)] if record_no else []
    fields += [*values[:4], ("REFERENCENUMBER", reference), *values[4:], ("STATUS", "active")]
    for tag, text in fields:
        # An empty EXPIRATIONDATE is kept: it clears a stale date (and reads as missing).
        if text or tag in ("POLICYNUMBER", "EXPIRATIONDATE"):
            ET.SubElement(record, tag).text = text
    return function


def vendor_hold_functions(
    states: Iterable[ContractComplianceState], *, held_before: Iterable[str] = ()
) -> tuple[list[ET.Element], set[str]]:
    """`ONHOLD` updates: true for every vendor that holds, false for vendors this export held
    before and no longer holds. Returns the functions and the vendor ids now held by us."""
    functions: list[ET.Element] = []
    held: set[str] = set()
    present: set[str] = set()
    for vendor in vendor_summaries(states):
        present.add(vendor.vendor_number)
        if vendor.hold_payment:
            held.add(vendor.vendor_number)
    for vendor_id in sorted(held | (set(held_before) - held)):
        function = ET.Element("function", controlid=f"vendor-hold:{vendor_id}"[:100])
        record = ET.SubElement(ET.SubElement(function, "update"), "VENDOR")
        ET.SubElement(record, "VENDORID").text = vendor_id
        ET.SubElement(record, "ONHOLD").text = "true" if vendor_id in held else "false"
        functions.append(function)
    return functions, held


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
    # The control block or the login failed: no function was applied.
    request_failed: bool = False


def parse_intacct_response(xml_text: str) -> IntacctResult:
    """Read the gateway's answer: control status, then each function's result."""
    try:
        root = ET.fromstring(xml_text)  # noqa: S314 - the response of our own HTTPS request
    except ET.ParseError:
        return IntacctResult(False, {}, ["response is not XML"], request_failed=True)
    errors: list[str] = []
    records: dict[str, str] = {}
    if (root.findtext("control/status") or "").strip() != "success":
        errors.extend(_error_texts(root.find("errormessage")) or ["request failed"])
        return IntacctResult(False, records, errors, request_failed=True)
    auth_status = root.findtext("operation/authentication/status")
    if auth_status is not None and auth_status.strip() != "success":
        texts = _error_texts(root.find("operation/errormessage"))
        return IntacctResult(False, records, texts or ["authentication failed"], request_failed=True)
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
