"""erp_export's part of the SAM template: the nightly schedule, the request queue that runs "Export
now" and "Retry" from the staff pages, least-privilege access to the Intacct credentials (SSM
SecureStrings under /coi/intacct/) and to SES for AP e-mail for the two functions that deliver,
and none of it for the API, which only asks."""

from __future__ import annotations

import json
from typing import Any

from coi_cli.local.sam import load_sam_template, translated_template

SAM = load_sam_template()
CFN = translated_template()


def _function(name: str) -> dict[str, Any]:
    return SAM["Resources"][name]["Properties"]


def _statements(name: str) -> list[dict[str, Any]]:
    return [s for p in _function(name)["Policies"] if isinstance(p, dict) for s in p.get("Statement", [])]


def _resource_text(statement: dict[str, Any]) -> str:
    return json.dumps(statement["Resource"])


def test_the_scheduled_export_runs_nightly_and_is_wired_as_a_schedule():
    scheduled = _function("ErpScheduledExportFunction")
    assert scheduled["Handler"] == "services.erp_export.handlers.scheduled.handler"
    (event,) = scheduled["Events"].values()
    assert event["Type"] == "Schedule"
    assert event["Properties"]["Schedule"].startswith("cron(")
    # The local stack's dispatcher fires translated schedule rules: the rule must target it
    rules = [
        r
        for r in CFN["Resources"].values()
        if r["Type"] == "AWS::Events::Rule" and "ScheduleExpression" in r["Properties"]
    ]
    targets = {json.dumps(t["Arn"]) for r in rules for t in r["Properties"]["Targets"]}
    assert any("ErpScheduledExportFunction" in t for t in targets)


DELIVERING = ("ErpScheduledExportFunction", "ErpRequestFunction")


def test_export_now_and_retry_are_requests_erp_export_consumes_from_its_own_queue():
    requests = _function("ErpRequestFunction")
    assert requests["Handler"] == "services.erp_export.handlers.requests.handler"
    (event,) = requests["Events"].values()
    assert (event["Type"], event["Properties"]["Queue"]) == (
        "SQS",
        {"Fn::GetAtt": ["ErpRequestQueue", "Arn"]},
    )
    rule = SAM["Resources"]["ErpRequestsRule"]["Properties"]
    assert set(rule["EventPattern"]["detail-type"]) == {"ErpExportRequested", "ErpDeliveryRetryRequested"}
    assert [t["Arn"] for t in rule["Targets"]] == [{"Fn::GetAtt": ["ErpRequestQueue", "Arn"]}]
    # Only the bus (this rule) may send to the queue; the API publishes events, it never sends
    policy = SAM["Resources"]["ErpRequestQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert [s["Condition"]["ArnEquals"]["aws:SourceArn"] for s in policy] == [
        {"Fn::GetAtt": ["ErpRequestsRule", "Arn"]}
    ]
    assert "ErpRequestQueue" not in json.dumps(_function("APIHandler"))


def test_intacct_credentials_are_read_from_ssm_under_their_prefix_only():
    for name in DELIVERING:
        reads = [
            s
            for s in _statements(name)
            if s["Action"] == "ssm:GetParameter" and "coi/intacct" in _resource_text(s)
        ]
        assert len(reads) == 1, name
        assert _resource_text(reads[0]).endswith(':parameter/coi/intacct/*"}'), name
    everything = json.dumps(_function("ErpScheduledExportFunction")["Policies"])
    assert "secretsmanager" not in everything
    # The API only asks for exports: it reads no Intacct credentials
    assert "coi/intacct" not in json.dumps(_function("APIHandler")["Policies"])


def test_export_mail_is_sent_only_as_the_verified_identity():
    assert not [s for s in _statements("APIHandler") if "ses:SendRawEmail" in s["Action"]]
    for name in DELIVERING:
        sends = [s for s in _statements(name) if "ses:SendRawEmail" in s["Action"]]
        assert len(sends) == 1, name
        assert "identity/${SenderIdentity}" in _resource_text(sends[0]), name
    # The sender address reaches the function through the shared environment
    assert "SENDER_EMAIL" in SAM["Globals"]["Function"]["Environment"]["Variables"]


def test_the_consumer_keeps_no_more_than_it_needs():
    consumer = json.dumps(_function("ErpExportFunction")["Policies"])
    assert "ssm:" not in consumer
    assert "ses:" not in consumer
