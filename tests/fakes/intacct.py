"""A contract-faithful fake of the Sage Intacct XML gateway (`POST /ia/xml/xmlgw.phtml`), for
httpx's MockTransport (or any WSGI-less caller: `FakeIntacct.handle(request)`).

It follows the documented request and response shapes (https://developer.intacct.com/
web-services/requests/, .../web-services/responses/, .../api/accounts-payable/vendors/):
- request: `<request><control>` (senderid, password, controlid, uniqueid, dtdversion 3.0), then
  `<operation><authentication><login>` (userid, companyid, password), then
  `<content><function controlid="..">` with one `create`/`update` of COMPLIANCERECORD or VENDOR;
- response: `<response><control><status>` (failure: an `<errormessage>` beside it, no operation),
  then `<operation><authentication><status>` (failure: `<errormessage>` in the operation), then one
  `<result>` per function: status success|failure, function, controlid, `<data>` with the record's
  RECORDNO, or `<errormessage><error><errorno>/<description2>`;
- `uniqueid` true: a control id seen before is refused (XL03000009), as the gateway does.

State: vendors (VENDORID -> on hold?), compliance types, compliance records by RECORDNO.
Failures to inject: `fail_next(n, status)` answers HTTP `status` n times; `drop_next(n)` raises a
transport error n times.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import httpx

GATEWAY_PATH = "/ia/xml/xmlgw.phtml"


@dataclass
class FakeIntacct:
    sender_id: str = "coi-sender"
    sender_password: str = "sender-pw"
    user_id: str = "xml_user"
    company_id: str = "SUMMIT"
    user_password: str = "user-pw"
    vendors: dict[str, bool] = field(default_factory=dict)
    compliance_types: set[str] = field(
        default_factory=lambda: {"GL", "AUTO", "UMB", "EXCESS", "WC", "OTHER", "DOC", "COI"}
    )
    records: dict[str, dict[str, str]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    seen_control_ids: set[str] = field(default_factory=set)
    _http_failures: list[int] = field(default_factory=list)
    _drops: int = 0
    _next_record: itertools.count[int] = field(default_factory=lambda: itertools.count(1001))

    def fail_next(self, times: int, status: int = 503) -> None:
        self._http_failures.extend([status] * times)

    def drop_next(self, times: int) -> None:
        self._drops += times

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self._drops:
            self._drops -= 1
            raise httpx.ConnectError("connection reset", request=request)
        if self._http_failures:
            return httpx.Response(self._http_failures.pop(0), text="Service Unavailable")
        if request.method != "POST" or request.url.path != GATEWAY_PATH:
            return httpx.Response(404)
        body = request.content.decode("utf-8")
        self.requests.append(body)
        return httpx.Response(200, text=self.answer(body), headers={"Content-Type": "text/xml"})

    # ------------------------------------------------------------------ the gateway's logic

    def answer(self, body: str) -> str:
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            return _control_failure("", "XL03000003", "XML Parse error")
        control = root.find("control")
        if root.tag != "request" or control is None:
            return _control_failure("", "XL03000003", "Invalid request: no control block")
        control_id = control.findtext("controlid") or ""
        if control.findtext("dtdversion") != "3.0":
            return _control_failure(control_id, "XL03000004", "dtdversion must be 3.0")
        if (control.findtext("senderid"), control.findtext("password")) != (
            self.sender_id,
            self.sender_password,
        ):
            return _control_failure(control_id, "XL03000006", "Incorrect Intacct XML Partner ID or password.")
        if (
            control.findtext("uniqueid") or "false"
        ).lower() == "true" and control_id in self.seen_control_ids:
            return _control_failure(
                control_id, "XL03000009", "A request with this controlid was already processed."
            )
        self.seen_control_ids.add(control_id)
        control_xml = (
            f"<control><status>success</status><senderid>{escape(self.sender_id)}</senderid>"
            f"<controlid>{escape(control_id)}</controlid><uniqueid>false</uniqueid>"
            "<dtdversion>3.0</dtdversion></control>"
        )
        login = root.find("operation/authentication/login")
        user = (login.findtext("userid") if login is not None else "") or ""
        company = (login.findtext("companyid") if login is not None else "") or ""
        password = login.findtext("password") if login is not None else ""
        who = f"<userid>{escape(user)}</userid><companyid>{escape(company)}</companyid>"
        if (user, company, password) != (self.user_id, self.company_id, self.user_password):
            return (
                f'<?xml version="1.0" encoding="UTF-8"?><response>{control_xml}<operation><authentication>'
                f"<status>failure</status>{who}</authentication>"
                "<errormessage><error><errorno>XL03000006</errorno><description></description>"
                "<description2>Sign-in information is incorrect</description2>"
                "<correction></correction></error>"
                "</errormessage></operation></response>"
            )
        results = [self._function(f) for f in root.iterfind("operation/content/function")]
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><response>{control_xml}<operation><authentication>'
            f"<status>success</status>{who}<locationid></locationid><sessiontimestamp>2026-05-01T12:00:00+00:00</sessiontimestamp>"
            "</authentication>" + "".join(results) + "</operation></response>"
        )

    def _function(self, function: ET.Element) -> str:
        control_id = function.get("controlid") or ""
        action = function[0] if len(function) else None
        if action is None or action.tag not in ("create", "update") or not len(action):
            return _result_failure("", control_id, "BL34000061", "Unsupported function")
        obj = action[0]
        fields = {child.tag: (child.text or "") for child in obj}
        if obj.tag == "VENDOR" and action.tag == "update":
            vendor_id = fields.get("VENDORID", "")
            if vendor_id not in self.vendors:
                return _result_failure(
                    "update", control_id, "BL01001973", f"Vendor {vendor_id} does not exist"
                )
            if "ONHOLD" in fields:
                if fields["ONHOLD"] not in ("true", "false"):
                    return _result_failure("update", control_id, "BL01001973", "ONHOLD must be true or false")
                self.vendors[vendor_id] = fields["ONHOLD"] == "true"
            return _result_success("update", control_id, "vendor", vendor_id)
        if obj.tag != "COMPLIANCERECORD":
            return _result_failure(
                action.tag, control_id, "BL34000061", f"Object {obj.tag} is not supported here"
            )
        if fields.get("VENDORID", "") not in self.vendors:
            return _result_failure(
                action.tag, control_id, "CRE-3201", f"Vendor {fields.get('VENDORID')} does not exist"
            )
        if fields.get("COMPLIANCETYPEID") not in self.compliance_types:
            return _result_failure(action.tag, control_id, "CRE-3211", "Compliance type not found")
        if action.tag == "update":
            record_no = fields.get("RECORDNO", "")
            if record_no not in self.records:
                return _result_failure(
                    "update", control_id, "BL01001973", f"Record {record_no} does not exist"
                )
        else:
            record_no = str(next(self._next_record))
        self.records[record_no] = {k: v for k, v in fields.items() if k != "RECORDNO"}
        return _result_success(action.tag, control_id, "compliancerecord", record_no)

    # ------------------------------------------------------------------ assertions' helpers

    def record_by_reference(self, reference: str) -> dict[str, str] | None:
        return next((r for r in self.records.values() if r.get("REFERENCENUMBER") == reference), None)


def _control_failure(control_id: str, number: str, text: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><response><control><status>failure</status>'
        f"<senderid></senderid><controlid>{escape(control_id)}</controlid><uniqueid>false</uniqueid>"
        "<dtdversion>3.0</dtdversion></control><errormessage><error>"
        f"<errorno>{number}</errorno><description></description><description2>{escape(text)}</description2>"
        "<correction></correction></error></errormessage></response>"
    )


def _result_failure(function: str, control_id: str, number: str, text: str) -> str:
    return (
        f"<result><status>failure</status><function>{function}</function><controlid>{escape(control_id)}</controlid>"
        f"<errormessage><error><errorno>{number}</errorno><description></description>"
        f"<description2>{escape(text)}</description2><correction></correction></error></errormessage></result>"
    )


def _result_success(function: str, control_id: str, tag: str, key: str) -> str:
    key_field = (
        f"<RECORDNO>{escape(key)}</RECORDNO>"
        if tag == "compliancerecord"
        else f"<VENDORID>{escape(key)}</VENDORID>"
    )
    return (
        f"<result><status>success</status><function>{function}</function><controlid>{escape(control_id)}</controlid>"
        f'<data listtype="objects" count="1"><{tag}>{key_field}</{tag}></data></result>'
    )
