"""Diff and merge speed on 50,000-character sections: pure-Python vs C++ diff-match-patch.

Run: .venv/bin/python -m pytest tests/bench/test_diff_bench.py --benchmark-enable -o addopts=""
"""

from __future__ import annotations

import random
import time
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


ENDPOINT_ROUNDS = 15


def test_diff_endpoint_cold_and_warm_against_the_bare_call(app, make_user, make_department):
    """GET /api/v1/sections/{id}/diff on two 50,000-character revisions (1% of places edited),
    its whole server-side cost (WSGI in → JSON out, auth and queries included): cold (cache
    emptied before each request), warm (cached), and 304 — against the bare C++ call."""
    from werkzeug.test import EnvironBuilder

    from conftest import simple_outline
    from webapp.api import diff_cache
    from webapp.extensions import db
    from webapp.services import accounts, drafting, reports

    department = make_department("zonghe")
    report = reports.create_from_outline(simple_outline(("总体情况", "原稿。")), make_user("admin"))
    section = report.sections[0]
    section.department = department
    db.session.commit()
    drafter = make_user("drafter", department)
    old, new = SCENARIOS["1% of places"]
    drafting.save_revision(section.id, drafter, 1, old)
    drafting.save_revision(section.id, drafter, 2, new)
    token = accounts.issue_token(drafter.username)

    def request(etag: str = "") -> tuple[str, dict]:
        headers = {"Authorization": f"Bearer {token}"}
        if etag:
            headers["If-None-Match"] = etag
        environ = EnvironBuilder(
            path=f"/api/v1/sections/{section.id}/diff", query_string="from=2&to=3", headers=headers
        ).get_environ()
        started: list = []
        with app.app_context():
            b"".join(
                app.wsgi_app(
                    environ, lambda status, headers, e=None: started.append((status, dict(headers)))
                )
            )
        return started[0]

    def cold() -> None:
        diff_cache.clear()
        assert request()[0] == "200 OK"

    etag = request()[1]["ETag"]
    timings = {
        "bare fast_diff_match_patch": lambda: fast(old, new),
        "endpoint cold": cold,
        "endpoint warm": lambda: request(),
        "endpoint 304": lambda: request(etag),
    }
    best = {
        name: min(_timed(call) for _ in range(ENDPOINT_ROUNDS)) for name, call in timings.items()
    }
    bare = best["bare fast_diff_match_patch"]

    print()
    for name, seconds in best.items():
        print(f"{name:28s} {seconds * 1000:7.2f} ms  {seconds / bare:5.2f}× the bare call")


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start
