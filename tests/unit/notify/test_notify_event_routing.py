"""The bus rule that feeds notify's queue and notify's handler agree on the events."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from services.notify.logic.events import _HANDLERS
from shared.events.catalog import EVENT_TYPES

TEMPLATE = Path(__file__).resolve().parents[3] / "infra" / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation short-form tags (!Ref, !GetAtt, ...) as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_CfnLoader.add_multi_constructor("!", _any_tag)


def _events_routed_to_notify() -> set[str]:
    resources = yaml.load(TEMPLATE.read_text(), Loader=_CfnLoader)["Resources"]
    routed: set[str] = set()
    for resource in resources.values():
        if resource.get("Type") != "AWS::Events::Rule":
            continue
        properties = resource["Properties"]
        targets = properties.get("Targets", [])
        if any("NotifyQueue" in str(target.get("Arn")) for target in targets):
            routed.update(properties["EventPattern"]["detail-type"])
    return routed


def test_every_event_routed_to_notify_has_a_handler_and_a_payload_type() -> None:
    routed = _events_routed_to_notify()
    assert routed, "no rule targets the notify queue"
    handled = {payload.NAME for payload in _HANDLERS}
    assert routed <= handled
    assert routed <= set(EVENT_TYPES)


def test_every_event_notify_handles_is_routed_to_it() -> None:
    assert {payload.NAME for payload in _HANDLERS} <= _events_routed_to_notify()
