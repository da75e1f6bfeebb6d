"""The certificate generator: deterministic, varied, and its truths are valid contracts."""

from __future__ import annotations

from collections import Counter

from shared.contracts.certificate import Certificate
from tests.fixtures.certgen import RENDERINGS, corpus, generate
from tests.fixtures.certgen.spec import make_spec


def test_the_same_seed_gives_the_same_document() -> None:
    first, second = generate(42, "flattened"), generate(42, "flattened")
    assert first.data == second.data
    assert first.truth == second.truth


def test_every_rendering_is_generated_with_its_kind() -> None:
    kinds = {r: generate(1, r).kind for r in RENDERINGS if r not in ("scanned", "photo", "mixed_packet")}
    assert kinds["fillable"] == kinds["flattened"] == kinds["packet"] == "acord25"
    assert kinds["w9"] == kinds["invoice"] == kinds["letter"] == "unknown"
    assert kinds["encrypted"] == kinds["empty"] == kinds["thousand_pages"] == "unreadable"


def test_specs_vary_editions_insurers_coverages_and_formats() -> None:
    specs = [make_spec(seed) for seed in range(300)]
    assert set(Counter(s.edition for s in specs)) == {"2014/01", "2016/03", "2025/12"}
    assert {len(s.truth.insurers) for s in specs} == set(range(7))
    coverages = Counter(p.coverage for s in specs for p in s.truth.policies)
    assert set(coverages) == {
        "general_liability",
        "auto_liability",
        "umbrella",
        "excess",
        "workers_comp",
        "other",
    }
    assert len({s.date_format for s in specs}) == 4
    assert len({s.amount_format for s in specs}) == 5
    assert any(p.claims_made for s in specs for p in s.truth.policies)


def test_truths_are_valid_certificate_contracts() -> None:
    for document in corpus(5, ["fillable", "packet"], seed=100):
        assert document.truth is not None
        again = Certificate.model_validate(document.truth.to_contract_json())
        assert again.to_contract_json() == document.truth.to_contract_json()
