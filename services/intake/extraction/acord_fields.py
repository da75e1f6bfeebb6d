"""Fallback for fillable certificates whose printed labels cannot be read (a form laid over a scanned
background): map the official ACORD 25 field names (`F[0].P1[0].X[0]` or short `X`) to the contract.

The label-anchored mapper stays first: field names differ between editions and agency systems, so
a name is only trusted when the page gives nothing better.
"""

from __future__ import annotations

import re

from services.intake.extraction.ir import FormField
from services.intake.extraction.pdf_form import short_name
from services.intake.extraction.values import clean_naic, parse_date, parse_money, yes_no
from shared.contracts import certificate as c

_WC = "WorkersCompensationEmployersLiability_"
# coverage key -> (contract coverage, letter, number, effective, expiry, additional insured, waiver)
_POLICY_FIELDS: dict[str, tuple[str, str, str, str, str, str, str]] = {
    "gl": (
        "general_liability",
        "GeneralLiability_InsurerLetterCode_A",
        "Policy_GeneralLiability_PolicyNumberIdentifier_A",
        "Policy_GeneralLiability_EffectiveDate_A",
        "Policy_GeneralLiability_ExpirationDate_A",
        "CertificateOfInsurance_GeneralLiability_AdditionalInsuredCode_A",
        "Policy_GeneralLiability_SubrogationWaivedCode_A",
    ),
    "auto": (
        "auto_liability",
        "Vehicle_InsurerLetterCode_A",
        "Policy_AutomobileLiability_PolicyNumberIdentifier_A",
        "Policy_AutomobileLiability_EffectiveDate_A",
        "Policy_AutomobileLiability_ExpirationDate_A",
        "CertificateOfInsurance_AutomobileLiability_AdditionalInsuredCode_A",
        "Policy_AutomobileLiability_SubrogationWaivedCode_A",
    ),
    "umb": (
        "umbrella",
        "ExcessUmbrella_InsurerLetterCode_A",
        "Policy_ExcessLiability_PolicyNumberIdentifier_A",
        "Policy_ExcessLiability_EffectiveDate_A",
        "Policy_ExcessLiability_ExpirationDate_A",
        "CertificateOfInsurance_ExcessLiability_AdditionalInsuredCode_A",
        "Policy_ExcessLiability_SubrogationWaivedCode_A",
    ),
    "wc": (
        "workers_comp",
        _WC + "InsurerLetterCode_A",
        "Policy_WorkersCompensationAndEmployersLiability_PolicyNumberIdentifier_A",
        "Policy_WorkersCompensationAndEmployersLiability_EffectiveDate_A",
        "Policy_WorkersCompensationAndEmployersLiability_ExpirationDate_A",
        "",
        "Policy_WorkersCompensation_SubrogationWaivedCode_A",
    ),
    "other": (
        "other",
        "OtherPolicy_InsurerLetterCode_A",
        "OtherPolicy_PolicyNumberIdentifier_A",
        "OtherPolicy_PolicyEffectiveDate_A",
        "OtherPolicy_PolicyExpirationDate_A",
        "CertificateOfInsurance_OtherPolicy_AdditionalInsuredCode_A",
        "Policy_OtherPolicy_SubrogationWaivedCode_A",
    ),
}
_LIMIT_FIELDS: dict[str, dict[str, str]] = {
    "gl": {
        "GeneralLiability_EachOccurrence_LimitAmount_A": "each_occurrence",
        "GeneralLiability_FireDamageRentedPremises_EachOccurrenceLimitAmount_A": "damage_to_rented_premises",
        "GeneralLiability_MedicalExpense_EachPersonLimitAmount_A": "medical_expense",
        "GeneralLiability_PersonalAndAdvertisingInjury_LimitAmount_A": "personal_advertising_injury",
        "GeneralLiability_GeneralAggregate_LimitAmount_A": "general_aggregate",
        "GeneralLiability_ProductsAndCompletedOperations_AggregateLimitAmount_A": (
            "products_completed_operations_aggregate"
        ),
    },
    "auto": {
        "Vehicle_CombinedSingleLimit_EachAccidentAmount_A": "combined_single_limit",
        "Vehicle_BodilyInjury_PerPersonLimitAmount_A": "bodily_injury_per_person",
        "Vehicle_BodilyInjury_PerAccidentLimitAmount_A": "bodily_injury_per_accident",
        "Vehicle_PropertyDamage_PerAccidentLimitAmount_A": "property_damage_per_accident",
    },
    "umb": {
        "ExcessUmbrella_Umbrella_EachOccurrenceAmount_A": "each_occurrence",
        "ExcessUmbrella_Umbrella_AggregateAmount_A": "aggregate",
    },
    "wc": {
        _WC + "EmployersLiability_EachAccidentLimitAmount_A": "el_each_accident",
        _WC + "EmployersLiability_DiseaseEachEmployeeLimitAmount_A": "el_disease_each_employee",
        _WC + "EmployersLiability_DiseasePolicyLimitAmount_A": "el_disease_policy_limit",
    },
}
_AUTO_TYPE_FIELDS = {
    "Vehicle_AnyAutoIndicator_A": "any",
    "Vehicle_AllOwnedAutosIndicator_A": "owned",
    "Vehicle_ScheduledAutosIndicator_A": "scheduled",
    "Vehicle_HiredAutosIndicator_A": "hired",
    "Vehicle_NonOwnedAutosIndicator_A": "non_owned",
}
_PARTIES = {"Producer": "producer", "NamedInsured": "insured", "CertificateHolder": "certificate_holder"}
KNOWN_NAMES = frozenset(
    {name for fields in _POLICY_FIELDS.values() for name in fields[1:] if name}
    | {name for limits in _LIMIT_FIELDS.values() for name in limits}
    | {
        "Form_CompletionDate_A",
        "Producer_FullName_A",
        "NamedInsured_FullName_A",
        "CertificateHolder_FullName_A",
        "Insurer_FullName_A",
        "Insurer_NAICCode_A",
    }
)


def official_names_present(fields: list[FormField]) -> int:
    return sum(1 for f in fields if short_name(f.name) in KNOWN_NAMES and f.value)


def certificate_from_fields(
    fields: list[FormField], document: c.DocumentInfo
) -> tuple[c.Certificate, dict[str, float]]:
    values: dict[str, str] = {}
    for field in fields:
        if field.value:
            values.setdefault(short_name(field.name), field.value.strip())
    confidence = 0.9  # names are a weaker anchor than printed labels
    conf: dict[str, float] = {}
    document.kind = "acord25"
    cert = c.Certificate(document=document)
    cert.certificate_date = parse_date(values.get("Form_CompletionDate_A", ""))
    cert.certificate_number = values.get("CertificateOfInsurance_CertificateNumberIdentifier_A")
    cert.revision_number = values.get("CertificateOfInsurance_RevisionNumberIdentifier_A")
    for prefix, attribute in _PARTIES.items():
        party = getattr(cert, attribute)
        party.name = values.get(f"{prefix}_FullName_A")
        lines = [
            values[f"{prefix}_MailingAddress_{part}_A"]
            for part in ("LineOne", "LineTwo", "LineThree")
            if values.get(f"{prefix}_MailingAddress_{part}_A")
        ]
        city = values.get(f"{prefix}_MailingAddress_CityName_A")
        state = values.get(f"{prefix}_MailingAddress_StateOrProvinceCode_A")
        postal = values.get(f"{prefix}_MailingAddress_PostalCode_A")
        if city or state or postal:
            lines.append(", ".join(p for p in (city, " ".join(q for q in (state, postal) if q)) if p))
        party.address = ", ".join(lines) or None
        conf[f"{attribute}.name"] = conf[f"{attribute}.address"] = confidence
    cert.producer.contact_name = values.get("Producer_ContactPerson_FullName_A")
    cert.producer.phone = values.get("Producer_ContactPerson_PhoneNumber_A")
    cert.producer.email = values.get("Producer_ContactPerson_EmailAddress_A")
    for letter in "ABCDEF":
        name, naic = values.get(f"Insurer_FullName_{letter}"), values.get(f"Insurer_NAICCode_{letter}")
        if name or naic:
            conf[f"insurers.{len(cert.insurers)}.name"] = conf[f"insurers.{len(cert.insurers)}.naic"] = (
                confidence
            )
            cert.insurers.append(c.Insurer(letter=letter, name=name, naic=clean_naic(naic) if naic else None))
    for key, (coverage, letter, number, effective, expiry, additional, waiver) in _POLICY_FIELDS.items():
        if not (values.get(number) or values.get(effective) or values.get(expiry)):
            continue
        policy = c.Policy(coverage=coverage)
        policy.insurer_letter = (values.get(letter) or "").upper()[:1] or None
        policy.policy_number = values.get(number)
        policy.effective_date = parse_date(values.get(effective, ""))
        policy.expiration_date = parse_date(values.get(expiry, ""))
        policy.additional_insured = yes_no(values.get(additional, "")) if additional else None
        policy.subrogation_waived = yes_no(values.get(waiver, ""))
        for name, limit in _LIMIT_FIELDS.get(key, {}).items():
            amount = parse_money(values.get(name, ""))
            if amount is not None:
                policy.limits[limit] = amount
        _marks(key, policy, values)
        path = f"policies.{len(cert.policies)}"
        for attribute in ("policy_number", "effective_date", "expiration_date", "insurer_letter"):
            conf[f"{path}.{attribute}"] = confidence
        cert.policies.append(policy)
    cert.description_of_operations = (
        re.sub(r"\s+", " ", values.get("CertificateOfLiabilityInsurance_ACORDForm_RemarkText_A", "")).strip()
        or None
    )
    return cert, conf


def _marks(key: str, policy: c.Policy, values: dict[str, str]) -> None:
    def on(name: str) -> bool:
        return bool(values.get(name)) and values[name] not in ("Off", "/Off", "N", "0")

    if key == "gl":
        policy.claims_made = (
            True
            if on("GeneralLiability_ClaimsMadeIndicator_A")
            else (False if on("GeneralLiability_OccurrenceIndicator_A") else None)
        )
        for suffix, basis in (
            ("PerPolicyIndicator_A", "policy"),
            ("PerProjectIndicator_A", "project"),
            ("PerLocationIndicator_A", "location"),
        ):
            if on(f"GeneralLiability_GeneralAggregate_LimitApplies{suffix}"):
                policy.aggregate_applies_per = basis  # type: ignore[assignment]
                break
    elif key == "auto":
        policy.auto_types = [kind for name, kind in _AUTO_TYPE_FIELDS.items() if on(name)]  # type: ignore[misc]
    elif key == "umb":
        if on("Policy_PolicyType_ExcessIndicator_A") and not on("Policy_PolicyType_UmbrellaIndicator_A"):
            policy.coverage = "excess"
        policy.claims_made = (
            True
            if on("ExcessUmbrella_ClaimsMadeIndicator_A")
            else (False if on("ExcessUmbrella_OccurrenceIndicator_A") else None)
        )
        amount = parse_money(values.get("ExcessUmbrella_Umbrella_DeductibleOrRetentionAmount_A", ""))
        if amount is not None:
            if on("ExcessUmbrella_RetentionIndicator_A"):
                policy.limits["retention"] = amount
            elif on("ExcessUmbrella_DeductibleIndicator_A"):
                policy.limits["deductible"] = amount
    elif key == "wc":
        policy.per_statute = (
            True
            if on(_WC + "WorkersCompensationStatutoryLimitIndicator_A")
            else (False if on(_WC + "OtherCoverageIndicator_A") else None)
        )
        policy.officers_excluded = yes_no(values.get(_WC + "AnyPersonsExcludedIndicator_A", ""))
    elif key == "other":
        policy.label = values.get("OtherPolicy_OtherPolicyDescription_A")
