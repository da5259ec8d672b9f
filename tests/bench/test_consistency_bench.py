"""Whole-report consistency: precision and recall on the labelled corpus, and the time to check
a large report (200 sections, ≈60,000 characters).

Run: .venv/bin/python -m pytest tests/bench/test_consistency_bench.py --benchmark-enable \
         -p no:cacheprovider -o addopts="" -s
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from support.prose import report_text
from webapp.text.consistency import check

CORPUS = Path(__file__).resolve().parents[1] / "data" / "consistency" / "cases.jsonl"
SECTIONS = 200
CHARS_PER_SECTION = 300
MAX_SECONDS = 1.0


def _per_code() -> dict[str, Counter[str]]:
    """true/false positives and false negatives per finding code over the corpus."""
    counts: dict[str, Counter[str]] = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        sections = [tuple(section) for section in case["sections"]]
        found = Counter(f.code for f in check(case["title"], case["year"], sections))
        expected = Counter(case["expect"])
        for code in set(found) | set(expected):
            hits = min(found[code], expected[code])
            tally = counts.setdefault(code, Counter())
            tally["tp"] += hits
            tally["fp"] += found[code] - hits
            tally["fn"] += expected[code] - hits
    return counts


def test_precision_and_recall_per_rule() -> None:
    counts = _per_code()
    total = sum(counts.values(), Counter())
    for code, tally in [*sorted(counts.items()), ("all", total)]:
        precision = tally["tp"] / ((tally["tp"] + tally["fp"]) or 1)
        recall = tally["tp"] / ((tally["tp"] + tally["fn"]) or 1)
        print(f"{code:28} tp={tally['tp']:3} fp={tally['fp']:3} fn={tally['fn']:3} "
              f"precision={precision:.3f} recall={recall:.3f}")  # fmt: skip
    assert total["tp"] / (total["tp"] + total["fp"]) >= 0.95


def test_large_report(benchmark) -> None:
    sections = [
        (i, f"第{i}项工作", report_text(CHARS_PER_SECTION, seed=i)) for i in range(1, SECTIONS + 1)
    ]
    sections[10] = (11, "办学条件", "全年新建学校12所。" + sections[10][2])
    sections[150] = (151, "项目建设", "新建学校15所。" + sections[150][2])
    findings = benchmark(check, "某县发展和改革局2021年工作总结", 2021, sections)
    planted = [f for f in findings if f.code == "quantity-mismatch" and "新建学校" in f.message]
    assert [place.section_id for place in planted[0].places] == [11, 151]
    assert benchmark.stats.stats.mean < MAX_SECONDS
