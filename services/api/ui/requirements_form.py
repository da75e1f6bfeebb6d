"""The requirement-group editor's form: one fieldset per coverage with the limits that coverage has
(labelled as on the certificate) and the options that exist for it, `other` coverages with their
label and free limits, required documents. Parsing keeps every typed value so a refused form comes
back as it was, with each problem beside its field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from shared.contracts.certificate import LIMIT_KEYS
from shared.contracts.requirements import (
    OPTION_LABELS,
    OPTIONS_BY_COVERAGE,
    coverage_problems,
    coverage_title,
    limit_label,
    plain_errors,
)
from shared.workspace import CoverageSpec, RequirementGroup, RequirementGroupInput, slug

STANDARD_COVERAGES = ("general_liability", "auto_liability", "umbrella", "excess", "workers_comp")
AUTO_TYPES = (("any", "Any auto"), ("owned", "Owned autos only"), ("scheduled", "Scheduled autos"),
              ("hired", "Hired autos only"), ("non_owned", "Non-owned autos only"))  # fmt: skip
BOOL_OPTIONS = tuple(o for o in OPTION_LABELS if o != "auto_types_any_of")
FREE_LIMIT_ROWS = 3
BLANK_DOCUMENTS = 2
_AMOUNT = re.compile(r"^\$?\s*[0-9][0-9,]*(\.00)?$")


@dataclass
class CoverageForm:
    prefix: str
    coverage: str
    required: bool = False
    waived: bool = False
    label: str = ""
    # Standard coverages: (key, label as printed, typed amount); `other`: (typed name, typed amount).
    limits: list[tuple[str, str, str]] = field(default_factory=list)
    options: dict[str, bool] = field(default_factory=dict)
    auto_types: list[str] = field(default_factory=list)
    endorsements: str = ""

    @property
    def title(self) -> str:
        return coverage_title(self.coverage, self.label or None)

    @property
    def bool_options(self) -> list[tuple[str, str]]:
        allowed = OPTIONS_BY_COVERAGE.get(self.coverage, ())
        return [(o, OPTION_LABELS[o]) for o in BOOL_OPTIONS if o in allowed]

    @property
    def takes_auto_types(self) -> bool:
        return "auto_types_any_of" in OPTIONS_BY_COVERAGE.get(self.coverage, ())


@dataclass
class GroupForm:
    name: str = ""
    am_best_rating: str = ""
    am_best_size: str = ""
    allow_umbrella: bool = True
    vendor_instructions: str = ""
    coverages: list[CoverageForm] = field(default_factory=list)
    # (name, description) per document row, blank rows included.
    documents: list[tuple[str, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> list[str]:
        return list(dict.fromkeys(self.errors.values()))


def _amount_text(value: int | None) -> str:
    return f"{value:,}" if value is not None else ""


def _standard(coverage: str, spec: CoverageSpec | None) -> CoverageForm:
    limits = spec.limits if spec else {}
    return CoverageForm(
        prefix=coverage,
        coverage=coverage,
        required=spec is not None,
        waived=bool(spec and spec.waived),
        limits=[(k, limit_label(k), _amount_text(limits.get(k))) for k in LIMIT_KEYS[coverage]],
        options={o: bool(spec and getattr(spec, o)) for o in BOOL_OPTIONS},
        auto_types=list(spec.auto_types_any_of or []) if spec else [],
        endorsements="\n".join(spec.endorsements) if spec else "",
    )


def _other(index: int, spec: CoverageSpec | None) -> CoverageForm:
    rows = [(k, "", _amount_text(v)) for k, v in (spec.limits.items() if spec else [])]
    rows += [("", "", "")] * max(FREE_LIMIT_ROWS - len(rows), 1)
    return CoverageForm(
        prefix=f"other{index}",
        coverage="other",
        required=spec is not None,
        waived=bool(spec and spec.waived),
        label=(spec.label or "") if spec else "",
        limits=rows,
        options={o: bool(spec and getattr(spec, o)) for o in BOOL_OPTIONS},
        endorsements="\n".join(spec.endorsements) if spec else "",
    )


def form_from_group(group: RequirementGroup) -> GroupForm:
    by_kind: dict[str, CoverageSpec] = {c.coverage: c for c in group.coverages if c.coverage != "other"}
    others = [c for c in group.coverages if c.coverage == "other"]
    coverages = [_standard(kind, by_kind.get(kind)) for kind in STANDARD_COVERAGES]
    coverages += [_other(i, spec) for i, spec in enumerate([*others, None])]
    documents = [(d.name, d.description or "") for d in group.required_documents]
    best = group.minimum_am_best
    return GroupForm(
        name=group.name,
        am_best_rating=(best.rating or "") if best else "",
        am_best_size=(best.size or "") if best else "",
        allow_umbrella=group.allow_umbrella_to_satisfy_limits,
        vendor_instructions=group.vendor_instructions or "",
        coverages=coverages,
        documents=documents + [("", "")] * BLANK_DOCUMENTS,
    )


class _Fields:
    def __init__(self, form: dict[str, list[str]]):
        self._form = form

    def get(self, name: str) -> str:
        return (self._form.get(name) or [""])[0].strip()

    def all(self, name: str) -> list[str]:
        return self._form.get(name, [])

    def on(self, name: str) -> bool:
        return self.get(name) in ("on", "true", "1")


def form_from_fields(form: dict[str, list[str]]) -> GroupForm:
    """The form exactly as typed (nothing parsed yet)."""
    f = _Fields(form)
    coverages = []
    for kind in STANDARD_COVERAGES:
        coverages.append(
            CoverageForm(
                prefix=kind,
                coverage=kind,
                required=f.on(f"{kind}.required"),
                waived=f.on(f"{kind}.waived"),
                limits=[(k, limit_label(k), f.get(f"{kind}.limit.{k}")) for k in LIMIT_KEYS[kind]],
                options={o: f.on(f"{kind}.{o}") for o in BOOL_OPTIONS},
                auto_types=[a for a in f.all(f"{kind}.auto_types") if a in dict(AUTO_TYPES)],
                endorsements=f.get(f"{kind}.endorsements"),
            )
        )
    index = 0
    while f"other{index}.label" in form and index < 20:
        prefix = f"other{index}"
        rows = [
            (f.get(f"{prefix}.limit_name.{row}"), "", f.get(f"{prefix}.limit_amount.{row}"))
            for row in range(10)
            if f"{prefix}.limit_name.{row}" in form
        ]
        coverages.append(
            CoverageForm(
                prefix=prefix,
                coverage="other",
                required=f.on(f"{prefix}.required"),
                waived=f.on(f"{prefix}.waived"),
                label=f.get(f"{prefix}.label"),
                limits=rows,
                options={o: f.on(f"{prefix}.{o}") for o in BOOL_OPTIONS},
                endorsements=f.get(f"{prefix}.endorsements"),
            )
        )
        index += 1
    documents = [
        (f.get(f"document{i}.name"), f.get(f"document{i}.description"))
        for i in range(60)
        if f"document{i}.name" in form
    ]
    return GroupForm(
        name=f.get("name"),
        am_best_rating=f.get("am_best_rating"),
        am_best_size=f.get("am_best_size"),
        allow_umbrella=f.on("allow_umbrella"),
        vendor_instructions=f.get("vendor_instructions"),
        coverages=coverages,
        documents=documents,
    )


def _amount(text: str) -> int | None:
    if not _AMOUNT.match(text):
        return None
    return int(text.replace("$", "").replace(",", "").strip().removesuffix(".00"))


def _coverage_data(cov: CoverageForm, errors: dict[str, str]) -> dict[str, Any] | None:
    limits: dict[str, int] = {}
    for row, (key, label, text) in enumerate(cov.limits):
        name = key if cov.coverage != "other" else slug(key)
        field_name = (
            f"{cov.prefix}.limit.{key}" if cov.coverage != "other" else f"{cov.prefix}.limit_amount.{row}"
        )
        if not text:
            continue
        amount = _amount(text)
        if amount is None:
            errors[field_name] = (
                f"{cov.title}: {label or key or 'limit'} must be a dollar amount such as 1,000,000"
            )
        elif cov.coverage == "other" and not name:
            errors[f"{cov.prefix}.limit_name.{row}"] = (
                f"{cov.title}: name the limit of ${amount:,} (e.g. Each claim)"
            )
        else:
            limits[name] = amount
    has_content = bool(limits or cov.label or any(cov.options.values()))
    if not cov.required and not (cov.coverage == "other" and has_content):
        return None
    data: dict[str, Any] = {"coverage": cov.coverage, "limits": limits, "waived": cov.waived}
    if cov.coverage == "other":
        data["label"] = cov.label or None
    for option, _ in cov.bool_options:
        if cov.options.get(option):
            data[option] = True
    # An option ticked where it cannot apply (a hand-made request) is kept so the check names it.
    for option, on in cov.options.items():
        if on and option not in data:
            data[option] = True
    if cov.auto_types:
        data["auto_types_any_of"] = cov.auto_types
    data["endorsements"] = [e.strip() for e in re.split(r"[\n,;]+", cov.endorsements) if e.strip()]
    return data


def _note_coverage_problems(cov: CoverageForm, spec: CoverageSpec, errors: dict[str, str]) -> None:
    """The coverage's own problems (a limit, an option, the label), each on the input at fault."""
    for problem_field, message in coverage_problems(spec):
        if problem_field.startswith("limits.") and cov.coverage != "other":
            errors.setdefault(f"{cov.prefix}.limit.{problem_field.removeprefix('limits.')}", message)
        elif problem_field in OPTION_LABELS or problem_field == "label":
            errors.setdefault(f"{cov.prefix}.{problem_field}", message)
        else:
            errors.setdefault(f"{cov.prefix}.required", message)


def parse_group_form(form: GroupForm) -> RequirementGroupInput | None:
    """The input the form describes, or None with `form.errors` keyed by input name."""
    errors: dict[str, str] = {}
    coverages: list[dict[str, Any]] = []
    for cov in form.coverages:
        data = _coverage_data(cov, errors)
        if data is None:
            continue
        try:
            spec = CoverageSpec.model_validate(data)
        except ValidationError as exc:
            message, _ = plain_errors(exc)
            errors[f"{cov.prefix}.required"] = f"{cov.title}: {message}"
            continue
        _note_coverage_problems(cov, spec, errors)
        coverages.append(data)
    if not form.name:
        errors["name"] = "Give the group a name"
    documents = [
        {"key": slug(name)[:40] or "document", "name": name, "description": description or None}
        for name, description in form.documents
        if name
    ]
    best = None
    if form.am_best_rating or form.am_best_size:
        best = {"rating": form.am_best_rating or None, "size": form.am_best_size or None}
    if errors:
        form.errors = errors
        return None
    try:
        return RequirementGroupInput.model_validate(
            {
                "name": form.name,
                "coverages": coverages,
                "minimum_am_best": best,
                "allow_umbrella_to_satisfy_limits": form.allow_umbrella,
                "required_documents": documents,
                "vendor_instructions": form.vendor_instructions or None,
            }
        )
    except ValidationError as exc:
        _, fields = plain_errors(exc)
        message, _ = plain_errors(exc)
        for location, text in fields.items():
            top = location.split(".")[0]
            target = {"minimum_am_best": "am_best_rating", "required_documents": "document0.name"}.get(
                top, top
            )
            if location.startswith("minimum_am_best.size"):
                target = "am_best_size"
            errors.setdefault(target, f"{text}" if target != "coverages" else message)
        form.errors = errors
        return None
