"""Diff and merge speed on 50,000-character sections: pure-Python vs C++ diff-match-patch.

Run: .venv/bin/python -m pytest tests/bench/test_diff_bench.py --benchmark-enable -o addopts=""
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from diff_match_patch import diff_match_patch
from pytest_benchmark.fixture import BenchmarkFixture

from webapp.text import diff as diff_module
from webapp.text.diff import DIFF_TIMEOUT_S, Op, compact, diff, new_text, old_text
from webapp.text.merge import three_way

fast_dmp = pytest.importorskip("fast_diff_match_patch")

SECTION_CHARS = 50_000
LINE_CHARS = 200
PHRASES = (
    "深入贯彻落实党的二十大精神",
    "坚持稳中求进工作总基调",
    "扎实推进高质量发展",
    "全面加强安全生产工作",
    "着力优化营商环境",
    "持续深化改革创新",
    "加快推进重点项目建设",
    "切实做好民生保障工作",
    "严格落实主体责任",
    "不断提升服务水平",
    "积极协调解决企业复产中遇到的用工、物流等问题",
    "进一步完善工作机制",
    "强化督查考核",
    "确保各项任务落到实处",
    "全年完成固定资产投资",
    "统筹疫情防控和经济社会发展",
    "推动产业转型升级",
    "加强干部队伍建设",
    "认真开展调查研究",
    "广泛征求意见建议",
    "形成工作合力",
    "牢固树立新发展理念",
    "着力补齐短板弱项",
    "健全长效机制",
    "压实工作责任",
)
PUNCTUATION = ("，", "，", "，", "。", "；", "、")


def report_text(n_chars: int, seed: int) -> str:
    """Official-sounding prose with a paragraph break about every LINE_CHARS characters."""
    rng = random.Random(seed)
    pieces: list[str] = []
    total = line = 0
    while total < n_chars:
        piece = rng.choice(PHRASES)
        if rng.random() < 0.2:
            piece += f"{rng.randint(1, 999)}.{rng.randint(0, 9)}亿元"
        piece += rng.choice(PUNCTUATION)
        line += len(piece)
        if line >= LINE_CHARS:
            piece, line = piece[:-1] + "。\n", 0
        pieces.append(piece)
        total += len(piece)
    return "".join(pieces)[:n_chars]


def edit_at(text: str, positions: list[int], rng: random.Random) -> str:
    """Insert a phrase, delete 1-4 characters or rewrite 2 characters at each position."""
    chars = list(text)
    for pos in sorted(positions, reverse=True):  # from the end, so earlier positions hold
        kind = rng.choice(("insert", "delete", "rewrite"))
        if kind == "insert":
            chars[pos:pos] = rng.choice(PHRASES)
        elif kind == "delete":
            del chars[pos : pos + rng.randint(1, 4)]
        else:
            chars[pos : pos + 2] = rng.choice(PHRASES)[: rng.randint(1, 4)]
    return "".join(chars)


def revise_places(text: str, fraction: float, seed: int) -> str:
    """Edits at `fraction` of the character positions, spread over the whole text."""
    rng = random.Random(seed)
    return edit_at(text, rng.sample(range(len(text)), int(len(text) * fraction)), rng)


def revise_lines(text: str, fraction: float, seed: int, parity: int | None = None) -> str:
    """Edits at `fraction` of the character positions of each line (of one parity, if given)."""
    rng = random.Random(seed)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line and (parity is None or i % 2 == parity):
            count = max(1, int(len(line) * fraction))
            lines[i] = edit_at(line, rng.sample(range(len(line)), count), rng)
    return "\n".join(lines)


def revise_some_lines(text: str, line_fraction: float, seed: int) -> str:
    """One short rewrite in each of `line_fraction` of the lines: a typical review pass."""
    rng = random.Random(seed)
    lines = text.split("\n")
    for i in rng.sample(range(len(lines)), int(len(lines) * line_fraction)):
        lines[i] = edit_at(lines[i], [rng.randrange(len(lines[i]))], rng)
    return "\n".join(lines)


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
