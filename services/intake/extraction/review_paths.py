"""The certificate's `review` block: which values a person must check, in the contract's path syntax.

The mapper and `validate` keep confidences under dotted internal paths (`insurers.0.naic`,
`policies.1.limits.each_occurrence`); the contract names insurers by letter and policies by
position: `insurers[A].naic`, `policies[1].limits.each_occurrence`. On top of the confidences,
values a certificate should carry but that were not read are listed too: an unread mark where the
form prints its options (claims-made or occurrence, the aggregate basis, per statute) and a limit
cell that holds words (`Included`, `Statutory`, `See attached`) instead of an amount. The
confidences arrive calibrated (`calibrate.py`: evidence beyond the engine's word scores); the one
threshold below decides what is listed.
"""

from __future__ import annotations

import re

from shared.contracts.certificate import TEXT_LAYER_ENGINES, Certificate, Review

_INSURER = re.compile(r"^insurers\.(\d+)(\..+)?$")
_POLICY = re.compile(r"^policies\.(\d+)(\..+)?$")
# Below this a value is listed for review: the one threshold (`validate` and `calibrate` use it).
REVIEW_THRESHOLD = 0.7
_UNREAD_MARK = 0.4
# A description that cites endorsement forms: by the word, or by a form's number (`CG 20 10`)
_CITES_FORMS = re.compile(r"(?i:\bforms?\b|\bendorse)|\b[A-Z]{2} ?\d{2}\b")


def contract_path(path: str, certificate: Certificate) -> str:
    """`insurers.0.naic` -> `insurers[A].naic`; `policies.2.limits.x` -> `policies[2].limits.x`;
    a whole item (`insurers.1`, `policies.3`) -> `insurers[B]`, `policies[3]`."""
    found = _INSURER.match(path)
    if found is not None:
        index = int(found.group(1))
        if index < len(certificate.insurers):
            return f"insurers[{certificate.insurers[index].letter}]{found.group(2) or ''}"
        return f"insurers[{index}]{found.group(2) or ''}"
    found = _POLICY.match(path)
    if found is not None:
        return f"policies[{found.group(1)}]{found.group(2) or ''}"
    return path


def unread_marks(certificate: Certificate) -> dict[str, float]:
    """Marks every real certificate of these coverages carries, left unread (None): a person looks."""
    scores: dict[str, float] = {}
    for index, policy in enumerate(certificate.policies):
        if policy.policy_number is None and policy.effective_date is None:
            continue
        if policy.coverage == "general_liability":
            if policy.claims_made is None:
                scores[f"policies.{index}.claims_made"] = _UNREAD_MARK
            if policy.aggregate_applies_per is None:
                scores[f"policies.{index}.aggregate_applies_per"] = _UNREAD_MARK
        elif policy.coverage in ("umbrella", "excess") and policy.claims_made is None:
            scores[f"policies.{index}.claims_made"] = _UNREAD_MARK
        elif policy.coverage == "workers_comp" and policy.per_statute is None:
            scores[f"policies.{index}.per_statute"] = _UNREAD_MARK
        elif policy.coverage == "auto_liability" and not policy.auto_types:
            scores[f"policies.{index}.auto_types"] = _UNREAD_MARK
    return scores


def unread_essentials(certificate: Certificate) -> dict[str, float]:
    """Values every certificate prints, left unread on a scan or photo: the insured, the holder, and
    each policy's number, dates and (on the ACORD grid) insurer letter: a person reads what OCR
    could not."""
    scores: dict[str, float] = {}
    for path, value in (
        ("insured.name", certificate.insured.name),
        ("certificate_holder.name", certificate.certificate_holder.name),
    ):
        if not value:
            scores[path] = _UNREAD_MARK
    # Another layout need not letter its insurers, and a certificate naming no insurer has no
    # letter to print (its policies are listed as unrated anyway).
    lettered = ("insurer_letter",) if certificate.document.kind == "acord25" and certificate.insurers else ()
    for index, policy in enumerate(certificate.policies):
        if policy.policy_number is None and policy.effective_date is None:
            continue
        for field in (*lettered, "policy_number", "effective_date", "expiration_date"):
            if getattr(policy, field) is None:
                scores[f"policies.{index}.{field}"] = _UNREAD_MARK
    return scores


def build_review(
    certificate: Certificate, confidences: dict[str, float], extra: list[str] | None = None
) -> tuple[Review, list[str]]:
    """The contract's review block and the internal dotted paths that need review."""
    scores = dict(confidences)
    if certificate.document.engine not in TEXT_LAYER_ENGINES and certificate.document.kind == "acord25":
        # A scan loses faint or small check marks; a digital page's marks are text or read vectors.
        # Another layout need not print the grid's options at all.
        for path, value in unread_marks(certificate).items():
            scores[path] = min(value, scores.get(path, 1.0))
    if certificate.document.engine not in TEXT_LAYER_ENGINES:
        for path, value in unread_essentials(certificate).items():
            scores[path] = min(value, scores.get(path, 1.0))
        described = scores.get("description_of_operations", 1.0)
        for index, endorsement in enumerate(certificate.endorsements):
            if endorsement.page is None and described < REVIEW_THRESHOLD:
                # A form cited in a description read doubtfully is read as doubtfully (`CG 20 37
                # 04132038`: a citation's edition and the next form run together).
                scores[f"endorsements.{index}"] = min(described, scores.get(f"endorsements.{index}", 1.0))
        if described < REVIEW_THRESHOLD and _CITES_FORMS.search(certificate.description_of_operations or ""):
            # A citation misread whole (`WC 00 03-13.2048.`) yields no endorsement at all: the list
            # itself may be short, as `policies` says of a row not found.
            scores["endorsements"] = described
    internal = sorted({p for p, v in scores.items() if v < REVIEW_THRESHOLD} | set(extra or []))
    review = Review(
        needs_human_review=sorted({contract_path(p, certificate) for p in internal}),
        confidence={contract_path(p, certificate): round(v, 3) for p, v in sorted(scores.items())},
    )
    return review, internal
