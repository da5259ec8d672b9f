"""The labelled corpus: every case must come out exactly as labelled.

Run with -s to see precision and recall, counted per finding code (a case's expected
codes against the codes the rules report, as multisets).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from webapp.text import proofing

CORPUS = Path(__file__).resolve().parents[3] / "data" / "proofing" / "cases.jsonl"
CASES = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]


def _codes(text: str) -> Counter[str]:
    return Counter(finding.code for finding in proofing.check(text))


def test_corpus_is_big_and_balanced() -> None:
    assert len(CASES) >= 40
    assert sum(1 for case in CASES if not case["expect"]) >= 20


@pytest.mark.parametrize("case", CASES, ids=[case["note"] for case in CASES])
def test_case(case: dict) -> None:
    assert _codes(case["text"]) == Counter(case["expect"]), case["note"]


def test_precision_and_recall() -> None:
    true_pos = false_pos = false_neg = 0
    for case in CASES:
        found, expected = _codes(case["text"]), Counter(case["expect"])
        hits = sum((found & expected).values())
        true_pos += hits
        false_pos += sum(found.values()) - hits
        false_neg += sum(expected.values()) - hits
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(
        f"\nproofing corpus: {len(CASES)} cases, {true_pos} true positives, "
        f"{false_pos} false positives, {false_neg} false negatives; "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    assert precision == 1.0 and recall == 1.0
