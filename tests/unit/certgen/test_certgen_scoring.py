"""Scoring keeps, for every field, where the reader put its value, in the review paths' syntax."""

from __future__ import annotations

from shared.contracts import certificate as c
from tests.fixtures.certgen.scoring import score


def _certificate(policies: list[c.Policy], naic: str) -> c.Certificate:
    return c.Certificate(
        insured=c.Party(name="Rivera Concrete LLC"),
        insurers=[c.Insurer(letter="A", name="Zurich American Insurance Company", naic=naic)],
        policies=policies,
    )


def test_read_paths_follow_the_readers_order_and_letters() -> None:
    gl = c.Policy(coverage="general_liability", policy_number="GL-1", limits={"each_occurrence": 1_000_000})
    wc = c.Policy(coverage="workers_comp", policy_number="WC-1", limits={"el_each_accident": 500_000})
    truth = _certificate([gl, wc], "16535")
    wc_misread = wc.model_copy(update={"limits": {"el_each_accident": 50_000}})
    read = _certificate([wc_misread, gl], "16536")
    result = score(truth, read)
    where = {path: (ok, read_path) for path, ok, read_path in result.fields}
    assert where["policies.1.limits.el_each_accident"] == (False, "policies[0].limits.el_each_accident")
    assert where["policies.0.limits.each_occurrence"] == (True, "policies[1].limits.each_occurrence")
    assert where["insurers.0.naic"] == (False, "insurers[A].naic")
    assert where["insured.name"] == (True, "insured.name")


def test_a_policy_the_reader_missed_is_found_only_under_its_missing_coverage_path() -> None:
    # A missed policy has no read position; only `policies[<coverage>]` (or bare `policies`) in the
    # review list can stand for it, so its fields are scored against that path.
    gl = c.Policy(coverage="general_liability", policy_number="GL-1")
    result = score(_certificate([gl], "16535"), _certificate([], "16535"))
    assert ("policies.0.policy_number", False, "policies[general_liability].policy_number") in result.fields


def test_an_endorsement_the_reader_missed_is_found_under_the_whole_list() -> None:
    truth = _certificate([], "16535")
    truth.endorsements = [c.Endorsement(form="CG 20 38"), c.Endorsement(form="WC 00 03 13")]
    read = _certificate([], "16535")
    read.endorsements = [c.Endorsement(form="CG 20 38")]
    result = score(truth, read)
    assert ("endorsements.0.form", True, "endorsements[0].form") in result.fields
    assert ("endorsements.1.form", False, "endorsements.form") in result.fields


def test_loose_accuracy_sets_case_spaces_and_punctuation_aside_as_the_shared_scorer_does() -> None:
    truth = c.Certificate(
        certificate_number="CN-78346",
        insured=c.Party(name="Rivera Concrete LLC", address="9177 Main St, Boston, MA 02180"),
    )
    read = c.Certificate(
        certificate_number="cn-78346",
        insured=c.Party(name="Rivera Concreta LLC", address="9177 Main St, Boston MA 02180"),
    )
    result = score(truth, read)
    wrong = result.total - result.right
    assert (wrong, result.total - result.loose_right) == (3, 1)  # only the misread letter stays wrong
