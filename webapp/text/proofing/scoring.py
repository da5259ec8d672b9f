"""Precision and recall of the rules per family, measured on labelled lines.

A labelled line is {"text": …, "defects": [family, …]}: the families of the defects it
holds (an empty list for correct prose). Findings and defects are matched per line as
multisets of families; what the rules report beyond the labels is a false alarm, what they
miss is a false negative. Used by the corpus test and by the proofreading benchmark.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from webapp.text import proofing
from webapp.text.proofing.families import family_of


@dataclass
class Score:
    """Counts for one family (or all families together)."""

    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    false_alarms: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_pos + self.false_neg
        return self.true_pos / expected if expected else 1.0


def read_corpus(path: Path) -> list[dict]:
    """The labelled lines of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score(cases: Iterable[dict]) -> dict[str, Score]:
    """Scores per family, and under "all" for every family together."""
    scores: dict[str, Score] = {"all": Score()}
    for case in cases:
        found = Counter(family_of(finding.code) for finding in proofing.check(case["text"]))
        expected = Counter(case["defects"])
        for family in found | expected:
            hits = min(found[family], expected[family])
            for key in (family, "all"):
                entry = scores.setdefault(key, Score())
                entry.true_pos += hits
                entry.false_pos += found[family] - hits
                entry.false_neg += expected[family] - hits
                if found[family] > hits:
                    entry.false_alarms.append(case["text"])
                if expected[family] > hits:
                    entry.misses.append(case["text"])
    return scores


def table(scores: dict[str, Score]) -> str:
    """A plain-text table of precision and recall per family."""
    lines = [f"{'family':<12} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}"]
    for family in sorted(scores, key=lambda name: (name == "all", name)):
        entry = scores[family]
        lines.append(
            f"{family:<12} {entry.true_pos:>4} {entry.false_pos:>4} {entry.false_neg:>4}"
            f" {entry.precision:>9.3f} {entry.recall:>7.3f}"
        )
    return "\n".join(lines)
