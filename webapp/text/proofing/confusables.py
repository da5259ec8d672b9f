"""Confusable words and set phrases (错别字): 按步就班 → 按部就班, 截止本月底 → 截至本月底.

The list is data (data/confusables.txt, several hundred entries). All wrong forms are found
in one pass over the text with an Aho–Corasick automaton; overlapping hits keep the longest.
Three guards keep correct prose silent:

- a context rule (after=REGEX) for forms that are right elsewhere: 截止 is wrong only before
  a point in time (截止本月底), and right in 报名截止日期;
- phrases listed as right hide the wrong forms inside them (不能自已 hides 自已);
- a short form that jieba cuts inside, with a word starting at the cut and running on past
  the form, is read across a word boundary and left alone: 究竞 in 研究|竞争, 竟争 in
  毕竟|争取, 按装 in 按|装机容量.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import ahocorasick

from webapp.text.proofing.finding import ProofFinding, Severity, finding_at
from webapp.text.proofing.segmentation import Segmenter

CODE = "confusable"
DATA_FILE = Path(__file__).with_name("data") / "confusables.txt"
# Idioms this long never arise by accident across a word boundary.
GUARDED_MAX_CHARS = 3


@dataclass(frozen=True)
class Confusable:
    """One entry of the list: the wrong form, its correction and when it applies."""

    wrong: str
    right: str
    severity: Severity | Literal["right"]  # “right”: a phrase that hides a wrong form
    after: re.Pattern[str] | None = None


def parse(lines: list[str]) -> list[Confusable]:
    """Entries of the data file format (see its header); comments and blank lines skipped."""
    entries = []
    for line in lines:
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) not in (3, 4) or fields[2] not in ("error", "warning", "right"):
            raise ValueError(f"bad confusable entry: {line!r}")
        wrong, right, severity, *context = fields
        if (wrong == right) != (severity == "right"):
            raise ValueError(f"bad confusable entry: {line!r}")
        after = re.compile(context[0].removeprefix("after=")) if context else None
        entries.append(Confusable(wrong, right, severity, after))
    return entries


@cache
def automaton() -> ahocorasick.Automaton:
    """The automaton over every wrong form, built once per process from the data file."""
    machine = ahocorasick.Automaton()
    for entry in parse(DATA_FILE.read_text(encoding="utf-8").splitlines()):
        if entry.wrong in machine:
            raise ValueError(f"duplicate confusable entry: {entry.wrong}")
        machine.add_word(entry.wrong, entry)
    machine.make_automaton()
    return machine


def check(text: str) -> Iterator[ProofFinding]:
    """Every wrong form in `text` whose context rule holds, with its correction."""
    last_end = 0
    segmenter = Segmenter(text)
    for start, entry in _longest_hits(text):
        end = start + len(entry.wrong)
        if start < last_end or not _applies(segmenter, start, end, entry):
            continue
        last_end = end
        if entry.severity == "right":
            continue  # 不能自已 is right: the 自已 inside it is not reported
        message = _message(entry)
        yield finding_at(text, start, end, CODE, entry.severity, message, entry.right)


def _message(entry: Confusable) -> str:
    if entry.after is not None:
        return f"“{entry.wrong}”用在此处不当，应为“{entry.right}”"  # 截止本月底
    return f"“{entry.wrong}”疑为错别字，应为“{entry.right}”"


def _longest_hits(text: str) -> list[tuple[int, Confusable]]:
    hits = [(end + 1 - len(entry.wrong), entry) for end, entry in automaton().iter(text)]
    return sorted(hits, key=lambda hit: (hit[0], -len(hit[1].wrong)))


def _applies(segmenter: Segmenter, start: int, end: int, entry: Confusable) -> bool:
    if entry.after is not None and not entry.after.match(segmenter.text, end):
        return False
    return len(entry.wrong) > GUARDED_MAX_CHARS or not _crosses_word_boundary(segmenter, start, end)


def _crosses_word_boundary(segmenter: Segmenter, start: int, end: int) -> bool:
    """Does jieba start a word inside the hit that runs on past its end (研究|竞争)?"""
    starts = segmenter.at(start).starts
    return any(
        len(starts.get(cut, "")) > 1 and cut + len(starts[cut]) > end
        for cut in range(start + 1, end)
    )
