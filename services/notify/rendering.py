"""Messages from jinja2 templates: subject, text and HTML parts (HTML autoescaped), optional SMS."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, select_autoescape

TEMPLATES_DIR = Path(__file__).parent / "templates"

COVERAGE_LABELS = {
    "general_liability": "General Liability",
    "auto_liability": "Automobile Liability",
    "umbrella": "Umbrella Liability",
    "excess": "Excess Liability",
    "workers_comp": "Workers' Compensation",
}


def coverage_label(coverage: str | None, label: str | None = None) -> str:
    if label:
        return label
    return COVERAGE_LABELS.get(coverage or "", (coverage or "insurance").replace("_", " ").title())


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str
    sms: str | None


class TemplateRenderer:
    def __init__(self, directory: Path = TEMPLATES_DIR) -> None:
        loader = FileSystemLoader(str(directory))
        self._html = Environment(
            loader=loader,
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
            undefined=StrictUndefined,
            keep_trailing_newline=False,
        )
        # Text parts are plain text: escaping them would show "&amp;" to the reader.
        self._text = Environment(loader=loader, autoescape=False, undefined=StrictUndefined)  # noqa: S701

    def render(self, name: str, context: dict[str, Any]) -> RenderedMessage:
        subject = " ".join(self._text.get_template(f"{name}.subject.txt").render(context).split())
        text = self._text.get_template(f"{name}.txt").render(context).strip() + "\n"
        html = self._html.get_template(f"{name}.html").render({**context, "subject": subject})
        try:
            sms: str | None = " ".join(self._text.get_template(f"{name}.sms.txt").render(context).split())
        except TemplateNotFound:
            sms = None
        return RenderedMessage(subject=subject, text=text, html=html, sms=sms)


@cache
def default_renderer() -> TemplateRenderer:
    """One per process: jinja2 compiles each template once and renders thread-safely."""
    return TemplateRenderer()
