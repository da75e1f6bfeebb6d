"""The names on a certificate: the insured and the holder against the requirement group, and the
required additional insureds (reported once, under one requirement)."""

from __future__ import annotations

from services.review.rules import messages
from services.review.rules.names import names_match, names_match_as_read, names_match_in_doubt
from services.review.rules.review_context import Review
from services.review.rules.verdict_builder import deficiency
from shared.contracts.certificate import Certificate
from shared.contracts.requirements import CoverageRequirement, Requirements
from shared.contracts.verdict import Deficiency, DeficiencyCode

Code = DeficiencyCode
_BLANKET_AI_FORMS = frozenset({"CG 20 38", "CG 20 33"})


def document_deficiencies(review: Review) -> list[Deficiency]:
    requirements, certificate = review.requirements, review.certificate
    insured, holder = certificate.insured.name, certificate.certificate_holder.name
    found: list[Deficiency] = []
    if requirements.insured_name and not _read_as(
        certificate, "insured.name", insured, requirements.insured_name
    ):
        found.append(
            deficiency(
                Code.INSURED_NAME_MISMATCH,
                None,
                None,
                requirements.insured_name,
                insured,
                messages.insured_name_mismatch(insured, requirements.insured_name),
            )
        )
    required_holder = requirements.certificate_holder
    if required_holder and not _read_as(certificate, "certificate_holder.name", holder, required_holder):
        found.append(
            deficiency(
                Code.CERTIFICATE_HOLDER_MISMATCH,
                None,
                None,
                required_holder,
                holder,
                messages.certificate_holder_mismatch(holder, required_holder),
            )
        )
    return found


def _read_as(certificate: Certificate, path: str, read: str | None, required: str) -> bool:
    """Is the name read the required one, as far as a reading can tell? On a certificate read from
    a picture, a misread name passes, and one the reader listed for a person passes with glyphs to
    spare: the person confirms it; the automatic verdict must not reject the vendor for our misread."""
    from_images = certificate.document.read_from_images
    if names_match_as_read(read, required, from_images=from_images):
        return True
    doubted = certificate.review is not None and path in certificate.review.needs_human_review
    return from_images and doubted and names_match_in_doubt(read, required)


def additional_insured_names_owner(requirements: Requirements) -> int | None:
    """Which requirement the required additional-insured names are reported under.

    The description of operations is one text for the whole certificate, so each missing name is
    reported once, not once per coverage: under the general liability requirement when it asks for
    additional insured status (the usual case), else the first requirement that does, else general
    liability, else the first requirement not waived. Nothing is checked when every one is waived.
    """
    if not requirements.additional_insureds:
        return None
    active = [(i, r) for i, r in enumerate(requirements.coverages) if not r.waived]
    for predicate in (
        lambda r: r.coverage == "general_liability" and r.additional_insured,
        lambda r: bool(r.additional_insured),
        lambda r: r.coverage == "general_liability",
        lambda r: True,
    ):
        for index, requirement in active:
            if predicate(requirement):
                return index
    return None


def additional_insured_name_deficiencies(
    review: Review, requirement: CoverageRequirement
) -> list[Deficiency]:
    description, endorsements = review.description, review.endorsements
    if description.blanket_additional_insured or endorsements.any_of(_BLANKET_AI_FORMS):
        return []
    holder = review.certificate.certificate_holder.name
    found: list[Deficiency] = []
    for name in review.requirements.additional_insureds:
        if description.names(name):
            continue
        if description.certificate_holder_is_additional_insured and names_match(name, holder):
            continue
        if any(names_match(name, scheduled) for scheduled in endorsements.scheduled_names):
            continue
        found.append(
            deficiency(
                Code.ADDITIONAL_INSURED_NAME_MISSING,
                requirement.coverage,
                None,
                name,
                name,
                messages.additional_insured_name_missing(name),
            )
        )
    return found
