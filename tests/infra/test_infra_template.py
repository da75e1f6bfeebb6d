"""The SAM template, checked offline: SAM's own transform, cfn-lint on both forms, the operations
policy as static checks, and every handler it names importable."""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from cfnlint.api import lint

from coi_cli.local.sam import TEMPLATE_PATH, load_sam_template, translated_template

SAM = load_sam_template()
CFN = translated_template()


def _resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def _functions() -> dict[str, dict[str, Any]]:
    return _resources(SAM, "AWS::Serverless::Function")


def _ref_name(value: Any) -> str:
    """The logical id behind `!GetAtt X.Arn` / `!Ref X`."""
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        attr = value["Fn::GetAtt"]
        return str(attr[0] if isinstance(attr, list) else attr.split(".")[0])
    if isinstance(value, dict) and "Ref" in value:
        return str(value["Ref"])
    raise AssertionError(f"not a reference: {value!r}")


def _timeout(function: dict[str, Any]) -> int:
    return int(function["Properties"].get("Timeout", SAM["Globals"]["Function"]["Timeout"]))


@pytest.mark.slow
def test_sam_template_passes_cfn_lint():
    # GIVEN the template as written  WHEN cfn-lint reads it (it knows the SAM transform)
    matches = lint(TEMPLATE_PATH.read_text())
    # THEN nothing is reported
    assert [str(m) for m in matches] == []


@pytest.mark.slow
def test_translated_cloudformation_passes_cfn_lint():
    # GIVEN the template translated offline by aws-sam-translator
    matches = lint(json.dumps(CFN))
    # THEN the plain CloudFormation is clean too (catches SAM event typos cfn-lint misses)
    assert [str(m) for m in matches] == []


def test_translation_yields_a_function_per_consumer_and_an_event_source_per_queue():
    functions = _resources(CFN, "AWS::Lambda::Function")
    mappings = _resources(CFN, "AWS::Lambda::EventSourceMapping")
    assert len(functions) == len(_functions())
    queues_with_consumers = {_ref_name(m["Properties"]["EventSourceArn"]) for m in mappings.values()}
    assert queues_with_consumers == {
        "IntakeQueue",
        "TextractCompletionQueue",
        "ReviewQueue",
        "NotifyQueue",
        "SesFeedbackQueue",
        "ProcoreQueue",
        "ProcoreInboundQueue",
        "ErpQueue",
        "ErpRequestQueue",
    }


def test_every_sqs_event_source_reports_partial_batch_failures():
    mappings = _resources(CFN, "AWS::Lambda::EventSourceMapping")
    assert mappings
    for name, mapping in mappings.items():
        assert mapping["Properties"].get("FunctionResponseTypes") == ["ReportBatchItemFailures"], name


def test_every_work_queue_has_a_dead_letter_queue_after_five_receives():
    queues = _resources(SAM, "AWS::SQS::Queue")
    dead_letter_queues = {n for n in queues if n.endswith("DeadLetterQueue")}
    work_queues = set(queues) - dead_letter_queues
    assert len(work_queues) == 9
    for name in work_queues:
        redrive = queues[name]["Properties"]["RedrivePolicy"]
        assert redrive["maxReceiveCount"] == 5, name
        assert _ref_name(redrive["deadLetterTargetArn"]) in dead_letter_queues, name


def test_visibility_timeout_is_at_least_six_times_the_consumers_timeout():
    queues = _resources(SAM, "AWS::SQS::Queue")
    for name, function in _functions().items():
        for event in function["Properties"].get("Events", {}).values():
            if event["Type"] != "SQS":
                continue
            queue = queues[_ref_name(event["Properties"]["Queue"])]
            assert queue["Properties"]["VisibilityTimeout"] >= 6 * _timeout(function), name


def test_every_function_has_a_log_group_with_retention():
    log_groups = _resources(SAM, "AWS::Logs::LogGroup").values()
    named_after = {lg["Properties"]["LogGroupName"]["Fn::Sub"] for lg in log_groups}
    for name in _functions():
        assert f"/aws/lambda/${{{name}}}" in named_after, name
    assert all("RetentionInDays" in lg["Properties"] for lg in log_groups)


def test_only_the_extraction_functions_may_call_textract():
    for name, function in _functions().items():
        policies = json.dumps(function["Properties"].get("Policies", []))
        may_call_textract = "TextractPolicy" in policies or "textract:" in policies
        assert may_call_textract == (name in {"IntakeFunction", "TextractCompletionFunction"}), name


def test_each_event_name_is_routed_to_its_consumers_queues():
    routes: dict[str, set[str]] = {}
    for rule in _resources(SAM, "AWS::Events::Rule").values():
        pattern = rule["Properties"].get("EventPattern")
        if not pattern:
            continue
        for detail_type in pattern["detail-type"]:
            targets = {_ref_name(t["Arn"]) for t in rule["Properties"]["Targets"]}
            routes.setdefault(detail_type, set()).update(targets)
    assert routes["CertificateExtracted"] == {"ReviewQueue"}
    assert routes["ComplianceChanged"] == {"NotifyQueue", "ProcoreQueue", "ErpQueue"}
    assert routes["ContractChanged"] == {"NotifyQueue", "ProcoreQueue", "ErpQueue"}
    for name in ("CertificateReviewed", "ReviewCompleted", "ProjectStatusChanged", "DocumentsRequested"):
        assert routes[name] == {"NotifyQueue"}, name
    for name in ("ErpExportRequested", "ErpDeliveryRetryRequested"):
        assert routes[name] == {"ErpRequestQueue"}, name


def test_every_event_name_in_the_catalog_has_a_route():
    from shared.events import EVENT_TYPES

    routed = {
        detail_type
        for rule in _resources(SAM, "AWS::Events::Rule").values()
        for detail_type in (rule["Properties"].get("EventPattern") or {}).get("detail-type", [])
    }
    assert set(EVENT_TYPES) <= routed


def test_documents_bucket_is_private_encrypted_versioned_and_notifies_intake_on_uploads():
    bucket = SAM["Resources"]["DocumentsBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert bucket["VersioningConfiguration"]["Status"] == "Enabled"
    (notification,) = bucket["NotificationConfiguration"]["QueueConfigurations"]
    assert _ref_name(notification["Queue"]) == "IntakeQueue"
    assert notification["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": "uploads/"}]


def test_workspace_table_has_the_documented_keys_indexes_ttl_and_recovery():
    table = SAM["Resources"]["WorkspaceTable"]["Properties"]
    assert {i["IndexName"] for i in table["GlobalSecondaryIndexes"]} == {"gsi1", "gsi2", "due"}
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["BillingMode"] == "PAY_PER_REQUEST"


def test_daily_sweep_is_scheduled():
    sweep_events = SAM["Resources"]["NotifySweepFunction"]["Properties"]["Events"]
    assert [e["Type"] for e in sweep_events.values()] == ["Schedule"]


@pytest.mark.parametrize(
    "handler",
    sorted({f["Properties"]["Handler"] for f in _functions().values()}),
)
def test_every_handler_named_in_the_template_imports(handler: str):
    module_name, _, attribute = handler.rpartition(".")
    module = importlib.import_module(module_name)
    assert callable(getattr(module, attribute)), handler


@pytest.mark.slow
def test_a_mistyped_sqs_event_option_is_caught_offline():
    # GIVEN the template with the classic typo in one function's SQS event source
    import copy

    from cfnlint.api import lint as cfn_lint
    from samtranslator.model.exceptions import InvalidDocumentException

    from coi_cli.local.sam import translate

    broken = copy.deepcopy(SAM)
    uploads = broken["Resources"]["IntakeFunction"]["Properties"]["Events"]["Uploads"]["Properties"]
    uploads["FunctionResponseTypes"] = ["ReportBatchItemFailure"]
    # WHEN it is translated and the CloudFormation linted  THEN one of the two refuses it
    try:
        translated = translate(broken)
    except InvalidDocumentException:
        return
    assert [m for m in cfn_lint(json.dumps(translated)) if "ReportBatchItemFailure" in str(m)]


def test_api_gateway_has_every_chalice_route_and_sends_each_to_the_api_function():
    # GIVEN the REST API as translated (Chalice's swagger included, as CloudFormation would)
    from services.api.app import app

    (rest_api,) = _resources(CFN, "AWS::ApiGateway::RestApi").values()
    paths = rest_api["Properties"]["Body"]["paths"]
    # THEN every Chalice route and method is a gateway path (Chalice dispatches on resourcePath)
    assert {p: {m.upper() for m in ops} for p, ops in paths.items()} == {
        p: set(methods) for p, methods in app.routes.items()
    }
    # AND every integration is a Lambda proxy to APIHandler, the function running the app
    for operations in paths.values():
        for operation in operations.values():
            integration = operation["x-amazon-apigateway-integration"]
            assert integration["type"] == "aws_proxy"
            assert "${APIHandler.Arn}" in integration["uri"]["Fn::Sub"]
    assert SAM["Resources"]["APIHandler"]["Properties"]["Handler"] == "services.api.app.app"


def test_chalice_app_answers_a_gateway_proxy_event_for_a_template_route(monkeypatch):
    # GIVEN the function's environment and an API Gateway REST proxy event for a template path
    from services.api.app import app
    from services.api.bootstrap import reset_services

    for name, value in {"TABLE_NAME": "t", "DOCUMENTS_BUCKET": "b", "EVENT_BUS_NAME": "e"}.items():
        monkeypatch.setenv(name, value)
    reset_services()

    event = {
        "resource": "/api/health",
        "path": "/api/health",
        "httpMethod": "GET",
        "headers": {"Accept": "application/json"},
        "multiValueHeaders": {},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/api/health",
            "httpMethod": "GET",
            "stage": "api",
            "path": "/api/health",
        },
        "body": None,
        "isBase64Encoded": False,
    }
    # WHEN the Lambda handler named in the template receives it  THEN the route answers
    try:
        response = app(event, None)
    finally:
        reset_services()
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"ok": True}


def test_ses_reports_deliveries_bounces_and_complaints_to_the_feedback_queue() -> None:
    # The message history shows "delivered" only if SES publishes delivery events too.
    [destination] = _resources(SAM, "AWS::SES::ConfigurationSetEventDestination").values()
    published = destination["Properties"]["EventDestination"]
    assert set(published["MatchingEventTypes"]) >= {"delivery", "bounce", "complaint"}
    assert _ref_name(published["SnsDestination"]["TopicARN"]) == "SesFeedbackTopic"
