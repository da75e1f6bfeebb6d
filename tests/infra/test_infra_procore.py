"""The template gives every function that talks to Procore (the sync functions and the API, which
runs Connected Apps, the OAuth callback and the webhook route) the Procore settings and the right
to read exactly the Procore secrets."""

from __future__ import annotations

from typing import Any

import pytest

from coi_cli.local.sam import load_sam_template

SAM = load_sam_template()
PROCORE_SETTINGS = {
    "PROCORE_ENVIRONMENT": "ProcoreEnvironment",
    "PROCORE_CLIENT_ID": "ProcoreClientId",
    "PROCORE_CLIENT_SECRET_PARAMETER": "ProcoreClientSecretParameter",
    "PROCORE_STATE_SECRET_PARAMETER": "ProcoreStateSecretParameter",
    "PROCORE_REDIRECT_URI": "ProcoreRedirectUri",
    "PROCORE_WEBHOOK_BASE_URL": "ProcoreWebhookBaseUrl",
    "PROCORE_WEB_BASE_URL": "ProcoreWebBaseUrl",
}
SECRET_PARAMETERS = ("ProcoreClientSecretParameter", "ProcoreStateSecretParameter")


def _procore_functions() -> dict[str, dict[str, Any]]:
    return {
        name: resource
        for name, resource in SAM["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
        and str(resource["Properties"]["Handler"]).startswith(("services.procore_sync.", "services.api."))
    }


def _ssm_resources(function: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for policy in function["Properties"].get("Policies", []):
        for statement in policy.get("Statement", []) if isinstance(policy, dict) else []:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            if "ssm:GetParameter" not in actions:
                continue
            resources = (
                statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            )
            found.extend(str(r.get("Fn::Sub", r)) if isinstance(r, dict) else str(r) for r in resources)
    return found


def test_the_api_and_the_three_sync_functions_talk_to_procore():
    assert set(_procore_functions()) == {
        "APIHandler",
        "ProcoreSyncFunction",
        "ProcoreReconcileFunction",
        "ProcoreInboundFunction",
    }


@pytest.mark.parametrize("name", sorted(_procore_functions()))
def test_each_procore_function_gets_every_procore_setting_from_the_parameters(name: str):
    variables = _procore_functions()[name]["Properties"]["Environment"]["Variables"]
    for variable, parameter in PROCORE_SETTINGS.items():
        assert variables.get(variable) == {"Ref": parameter}, (name, variable)


@pytest.mark.parametrize("name", sorted(_procore_functions()))
def test_each_procore_function_may_read_the_client_and_state_secrets(name: str):
    readable = _ssm_resources(_procore_functions()[name])
    for parameter in SECRET_PARAMETERS:
        expected = (
            f"arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter${{{parameter}}}"
        )
        assert expected in readable, (name, parameter)


def test_the_procore_parameters_are_declared_with_safe_defaults():
    parameters = SAM["Parameters"]
    assert parameters["ProcoreStateSecretParameter"]["Default"].startswith("/coi/procore/")
    assert parameters["ProcoreClientSecretParameter"]["Default"].startswith("/coi/procore/")
    # No public URL is guessed: without it staff are told Procore cannot be connected.
    assert parameters["ProcoreWebhookBaseUrl"]["Default"] == ""
    assert set(parameters["ProcoreEnvironment"]["AllowedValues"]) == {"production", "sandbox", "monthly"}


def _sends_to(function: dict[str, Any]) -> set[str]:
    return {
        str(policy["SQSSendMessagePolicy"]["QueueName"]["Fn::GetAtt"][0])
        for policy in function["Properties"].get("Policies", [])
        if isinstance(policy, dict) and "SQSSendMessagePolicy" in policy
    }


def test_the_sync_functions_run_from_procore_sync_handlers_one_module_per_trigger():
    handlers = {name: f["Properties"]["Handler"] for name, f in _procore_functions().items()}
    assert handlers == {
        "APIHandler": "services.api.app.app",
        "ProcoreSyncFunction": "services.procore_sync.handlers.compliance.handler",
        "ProcoreReconcileFunction": "services.procore_sync.handlers.reconcile.handler",
        "ProcoreInboundFunction": "services.procore_sync.handlers.inbound.handler",
    }


def test_only_the_api_queues_webhook_deliveries_and_the_inbound_function_consumes_them():
    # The webhook route (API) accepts a delivery and queues it; procore_sync's inbound handler
    # consumes the queue: the API reaches procore_sync through the queue, never by import.
    functions = _procore_functions()
    api = functions["APIHandler"]["Properties"]
    assert api["Environment"]["Variables"]["PROCORE_INBOUND_QUEUE_URL"] == {"Ref": "ProcoreInboundQueue"}
    assert "ProcoreInboundQueue" in _sends_to(functions["APIHandler"])
    for name in ("ProcoreSyncFunction", "ProcoreReconcileFunction", "ProcoreInboundFunction"):
        assert "ProcoreInboundQueue" not in _sends_to(functions[name]), name
    events = functions["ProcoreInboundFunction"]["Properties"]["Events"].values()
    assert [e["Properties"]["Queue"] for e in events] == [{"Fn::GetAtt": ["ProcoreInboundQueue", "Arn"]}]
