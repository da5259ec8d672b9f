"""Diff and merge speed on 50,000-character sections: pure-Python vs C++ diff-match-patch.

Run: .venv/bin/python -m pytest tests/bench/test_diff_bench.py --benchmark-enable -o addopts=""
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from diff_match_patch import diff_match_patch
from pytest_benchmark.fixture import BenchmarkFixture

from support.prose import report_text, revise_lines, revise_places, revise_some_lines
from webapp.text import diff as diff_module
from webapp.text.diff import DIFF_TIMEOUT_S, Op, compact, diff, new_text, old_text
from webapp.text.merge import three_way

fast_dmp = pytest.importorskip("fast_diff_match_patch")

SECTION_CHARS = 50_000


BASE = report_text(SECTION_CHARS, seed=1)
SCENARIOS = {
    "1% of places": (BASE, revise_places(BASE, 0.01, seed=2)),
    "10% of lines": (BASE, revise_some_lines(BASE, 0.10, seed=3)),
}
_FAST_OPS = {"-": -1, "=": 0, "+": 1}


def python_dmp(a: str, b: str, checklines: bool = True) -> list[Op]:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = diff_module.DIFF_TIMEOUT_S
    ops = dmp.diff_main(a, b, checklines)
    dmp.diff_cleanupSemantic(ops)
    return [(op, text) for op, text in ops]


def fast(a: str, b: str, checklines: bool = True) -> list[Op]:
    ops = fast_dmp.diff(
        a,
        b,
        timelimit=diff_module.DIFF_TIMEOUT_S,
        checklines=checklines,
        cleanup="Semantic",
        counts_only=False,
    )
    return [(_FAST_OPS[op], text) for op, text in ops]


IMPLEMENTATIONS: dict[str, Callable[[str, str], list[Op]]] = {
    "python-dmp": python_dmp,
    "python-dmp-charwise": lambda a, b: python_dmp(a, b, checklines=False),
    "fast-dmp": fast,
    "fast-dmp-charwise": lambda a, b: fast(a, b, checklines=False),
    "diff": diff,
}


def edit_distance(ops: list[Op]) -> int:
    return diff_match_patch().diff_levenshtein(ops)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_implementations_agree_without_a_timeout(
    scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diff_module, "DIFF_TIMEOUT_S", 0)  # 0 = search until minimal
    a, b = SCENARIOS[scenario]

    # Compacted: the line pre-pass may leave an empty op that the charwise diff does not have.
    results = {
        name: compact(implementation(a, b)) for name, implementation in IMPLEMENTATIONS.items()
    }

    reference = results["python-dmp"]
    for ops in results.values():
        assert (old_text(ops), new_text(ops)) == (a, b)
        assert (len(ops), edit_distance(ops)) == (len(reference), edit_distance(reference))
        assert ops == reference


@pytest.mark.parametrize("implementation", sorted(IMPLEMENTATIONS))
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_diff_speed(benchmark: BenchmarkFixture, scenario: str, implementation: str) -> None:
    benchmark.group = f"diff 50k chars, {scenario}"
    a, b = SCENARIOS[scenario]
    if implementation.startswith("python"):  # ~1 s a call: a few rounds are enough
        ops = benchmark.pedantic(IMPLEMENTATIONS[implementation], (a, b), rounds=3)
    else:
        ops = benchmark(IMPLEMENTATIONS[implementation], a, b)

    assert (old_text(ops), new_text(ops)) == (a, b)
    benchmark.extra_info["ops"] = len(ops)
    benchmark.extra_info["edit_distance"] = edit_distance(ops)
    benchmark.extra_info["timeout_s"] = DIFF_TIMEOUT_S


def test_three_way_speed_disjoint_edits(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "three_way 50k chars"
    mine = revise_lines(BASE, 0.01, seed=4, parity=0)
    head = revise_lines(BASE, 0.01, seed=5, parity=1)

    result = benchmark(three_way, BASE, mine, head)

    expected = [
        (m if i % 2 == 0 else h)
        for i, (m, h) in enumerate(zip(mine.split("\n"), head.split("\n"), strict=True))
    ]
    assert result.text == "\n".join(expected)


def test_three_way_speed_conflicting_edits(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "three_way 50k chars"
    mine = revise_places(BASE, 0.01, seed=6)
    head = revise_places(BASE, 0.01, seed=7)

    result = benchmark(three_way, BASE, mine, head)

    assert result.has_conflict
    benchmark.extra_info["conflicts"] = len(result.conflicts)


@pytest.mark.parametrize("backend_name", sorted(diff_module.BACKENDS))
def test_huge_unrelated_texts_stop_at_the_timeout(
    backend_name: str, benchmark: BenchmarkFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two unrelated 30,000-character texts with a 0.1 s bound: time stays near the bound."""
    monkeypatch.setattr(diff_module, "DIFF_TIMEOUT_S", 0.1)
    rng = random.Random(7)
    a = "".join(rng.choice("用工人员物流问题企业") for _ in range(30_000))
    b = "".join(rng.choice("复产协调解决遇到等的") for _ in range(30_000)) + a[:100]
    benchmark.group = "timeout 0.1 s, 60k unrelated chars"
    ops = benchmark.pedantic(diff_module.BACKENDS[backend_name], args=(a, b), rounds=3)
    assert (old_text(ops), new_text(ops)) == (a, b)
