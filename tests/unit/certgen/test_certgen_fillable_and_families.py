"""The official fillable form, the retyped copy, other layouts and non-certificates, and their truths."""

from __future__ import annotations

import io
import random
import re

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject

from services.intake.extraction.acord_fields import KNOWN_NAMES
from shared.contracts.certificate import Certificate
from tests.fixtures.certgen.agency import Agency
from tests.fixtures.certgen.families import FAMILIES, NEGATIVE_KINDS, generate_family, generate_negative
from tests.fixtures.certgen.fillable_real import render_fillable
from tests.fixtures.certgen.realform import Rect, geometry
from tests.fixtures.certgen.render_pdf import _OFFICIAL
from tests.fixtures.certgen.spec import make_spec

_PARTY = re.compile(
    r"^(Producer|NamedInsured|CertificateHolder)_(FullName_A|MailingAddress_(LineOne|LineTwo|LineThree|LineFour|"
    r"CityName|StateOrProvinceCode|PostalCode)_A)$"
)
_INSURER = re.compile(r"^Insurer_(FullName|NAICCode)_[A-F]$")
_OTHER = re.compile(r"^OtherPolicy_(CoverageCode|CoverageLimitAmount)_[A-D]$")


def _official(short: str) -> bool:
    return short in _OFFICIAL.values() or bool(
        _PARTY.match(short) or _INSURER.match(short) or _OTHER.match(short)
    )


def _fillable(seed: int, *, flatten: bool) -> tuple[bytes, Certificate]:
    spec = make_spec(seed)
    data = render_fillable(spec, Agency(), random.Random(seed), "2016/03", flatten=flatten, qualified=True)
    return data, spec.truth


def test_fillable_fields_carry_the_official_names_and_the_truths_values() -> None:
    data, truth = _fillable(14, flatten=False)
    fields = PdfReader(io.BytesIO(data)).get_fields() or {}
    names = {name: re.sub(r"^F\[0\]\.P1\[0\]\.(.*)\[0\]$", r"\1", name) for name in fields}
    assert all(name.startswith("F[0].P1[0].") for name in names)
    assert all(_official(short) for short in names.values()), sorted(
        s for s in names.values() if not _official(s)
    )
    values = {names[name]: field.get("/V") for name, field in fields.items()}
    assert values["NamedInsured_FullName_A"] == truth.insured.name
    assert values["Insurer_FullName_A"] == truth.insurers[0].name
    gl = next(p for p in truth.policies if p.coverage == "general_liability")
    assert values["Policy_GeneralLiability_PolicyNumberIdentifier_A"] == gl.policy_number
    assert {"NamedInsured_FullName_A", "Policy_GeneralLiability_PolicyNumberIdentifier_A"} <= KNOWN_NAMES


def test_fillable_widgets_sit_in_the_boxes_found_from_the_printed_labels() -> None:
    data, _ = _fillable(14, flatten=False)
    boxes = geometry().boxes
    annotations = PdfReader(io.BytesIO(data)).pages[0]["/Annots"]
    assert isinstance(annotations, ArrayObject)
    centres = {}
    for annot in annotations:
        widget = annot.get_object()
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        centres[str(widget["/T"])] = ((x0 + x1) / 2, (y0 + y1) / 2)
    assert boxes["insured"].contains(*centres["F[0].P1[0].NamedInsured_FullName_A[0]"])
    assert boxes["producer"].contains(*centres["F[0].P1[0].Producer_FullName_A[0]"])
    assert boxes["insurer.A.naic"].contains(*centres["F[0].P1[0].Insurer_NAICCode_A[0]"])
    assert boxes["date"].contains(*centres["F[0].P1[0].Form_CompletionDate_A[0]"])


def test_flattened_fillable_keeps_the_values_as_page_text_and_no_form() -> None:
    data, truth = _fillable(14, flatten=True)
    reader = PdfReader(io.BytesIO(data))
    assert not reader.get_fields()
    assert "/Annots" not in reader.pages[0]
    text = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert truth.insured.name in text
    assert truth.certificate_holder.name in text


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_gives_a_valid_truth_of_its_kind(family: str) -> None:
    document = generate_family(5, family)
    assert document.family == family
    assert document.medium == "digital"
    assert document.truth is not None
    Certificate.model_validate(document.truth.to_contract_json())
    assert document.kind == ("certificate" if family == "other_layout" else "acord25")
    assert document.truth.document.kind == document.kind
    assert generate_family(5, family).data == document.data


def test_retyped_copies_carry_the_misspelt_labels_and_no_acord_logo() -> None:
    joined, ltd_in_the_letter_column = "", False
    for seed in range(8):
        pdf = pdfium.PdfDocument(generate_family(seed, "retyped").data)
        textpage = pdf[0].get_textpage()
        text = textpage.get_text_range()
        joined += " " + " ".join(text.split())
        for match in re.finditer(r"\bLTD\b", text):
            ltd_in_the_letter_column |= textpage.get_charbox(match.start())[0] < 45  # under INSR
        assert not [o for o in pdf[0].get_objects(max_depth=5) if o.type == 3]  # no image: no logo
    assert ltd_in_the_letter_column
    for misspelt in ("EACH OCCURENCE", "REVISON NUMBER"):
        assert misspelt in joined


@pytest.mark.parametrize("kind", NEGATIVE_KINDS)
def test_non_certificates_have_no_truth_and_kind_unknown(kind: str) -> None:
    document = generate_negative(2, kind)
    assert document.truth is None
    assert document.kind == "unknown"
    assert pdfium.PdfDocument(document.data)[0].get_textpage().get_text_range().strip()


def test_other_layout_truth_holds_only_what_the_page_states() -> None:
    for seed in range(6):
        document = generate_family(seed, "other_layout")
        assert document.truth is not None
        text = " ".join(pdfium.PdfDocument(document.data)[0].get_textpage().get_text_range().split())
        assert document.truth.insured.name
        assert document.truth.insured.name in text
        for insurer in document.truth.insurers:
            assert insurer.name
            assert insurer.name in text
            assert insurer.naic
            assert insurer.naic in text
        for policy in document.truth.policies:
            assert policy.policy_number
            assert policy.policy_number in text
            assert policy.auto_types == []
            assert policy.additional_insured is None


def test_boxes_do_not_overlap_between_neighbouring_parties() -> None:
    boxes = geometry().boxes

    def overlap(a: Rect, b: Rect) -> bool:
        return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1

    assert not overlap(boxes["producer"], boxes["insured"])
    assert not overlap(boxes["insured"], boxes["insurer.B.name"])
    assert not overlap(boxes["description"], boxes["holder"])
