"""The shared sample reports: their known issues are found, and nothing else at all."""

from __future__ import annotations

import pytest

from conftest import SAMPLES_DIR
from webapp.text import proofing
from webapp.text.decode import decode_text

# (code, text) of every finding each sample must produce, as its README lists them.
KNOWN = {
    "fagaiju-2020.txt": {
        ("placeholder", "XX"),
        ("placeholder", "XXX"),
        ("placeholder", "X.X"),
        ("doubled-char", "的的"),
        ("halfwidth-punct", ","),
        ("unbalanced-bracket", "“"),
    },
    "weijian-2021.txt": {("placeholder", "××"), ("numbering-level-skip", "（1）")},
}


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_sample_raises_its_known_issues_and_nothing_else(name: str) -> None:
    text = decode_text((SAMPLES_DIR / name).read_bytes())
    found = {(finding.code, finding.text) for finding in proofing.check(text)}
    assert found == KNOWN[name]


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_no_finding_on_the_samples_correct_lines(name: str) -> None:
    text = decode_text((SAMPLES_DIR / name).read_bytes())
    flagged_lines = {text.count("\n", 0, finding.start) for finding in proofing.check(text)}
    known_lines = {
        number
        for number, line in enumerate(text.split("\n"))
        if any(marker in line for marker in ("X", "×", "的的", ",", "“办事不求人的", "（1）"))
    }
    assert flagged_lines <= known_lines
