"""Heading numbers that skip, repeat, mix styles or carry stray punctuation, read line by line.

Stray punctuation after GB/T 9704-2012 §7.3.3: “（一）、” (a 顿号 after the bracket), “一.”
or “一．” (a full stop after a Chinese numeral), “(一)” (half-width brackets). The full stop
of “1.” is written one way in one report: where “1.” and “1．” both occur, the rarer one is
reported (numbering-dot-width).

Numbering restarts under every parent, and at the top level after a part heading
(“2021年工作思路”), just as `outline.parse` reads it. The first top-level number is not
judged: one section is often checked on its own and may start at “二、”. A skipped level
(（一） straight to （1）) is reported as info; “1、” straight under “一、” is not a skip but
the common office style that uses “1、” as the second level (the 顿号 marks it: GB/T 9704's
third level is “1.”).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from webapp.text.numbering import render_number
from webapp.text.outline import HeadingNumber, is_part_like, match_number
from webapp.text.proofing.finding import ProofFinding, Severity, finding_at, line_spans

GAP_CODE = "numbering-gap"
DUPLICATE_CODE = "numbering-duplicate"
MIXED_STYLE_CODE = "numbering-mixed-style"
PUNCT_CODE = "numbering-punct"
LEVEL_SKIP_CODE = "numbering-level-skip"
DOT_WIDTH_CODE = "numbering-dot-width"
_DOTS = ("#.", "#．")


@dataclass
class _Run:
    """The siblings seen so far at one level under the current parent."""

    level: int
    last_index: int
    style: str
    first_label: str


@dataclass(frozen=True)
class _Heading:
    """A heading number and where it sits in the checked text."""

    number: HeadingNumber
    start: int
    end: int


def check(text: str) -> Iterator[ProofFinding]:
    """Gaps, duplicates, mixed styles, stray punctuation, skipped levels, “1.” beside “1．”."""
    headings: list[_Heading] = []
    findings = list(_read(text, headings))
    yield from findings
    reported = {finding.start for finding in findings if finding.code == MIXED_STYLE_CODE}
    yield from _dot_width(text, [h for h in headings if h.start not in reported])


def _read(text: str, headings: list[_Heading]) -> Iterator[ProofFinding]:
    """The findings of reading the numbers line by line; every heading is added to `headings`."""
    path: list[_Run] = []
    top_level: int | None = None
    after_part = False
    for start, end in line_spans(text):
        line = text[start:end]
        number = match_number(line)
        if number is None:
            after_part = after_part or is_part_like(line)
            continue
        heading = _Heading(number, start + number.start, start + number.end)
        headings.append(heading)
        top_level = number.level if top_level is None else min(top_level, number.level)
        if after_part and number.index == 1 and number.level <= top_level:
            path = []  # a part heading restarts the numbering
        after_part = False
        yield from _stray_punct(text, heading)
        while path and path[-1].level > number.level:
            path.pop()
        if path and path[-1].level == number.level:
            yield from _next_sibling(text, heading, path[-1])
        else:
            yield from _first_child(text, heading, path[-1] if path else None)
            path.append(_Run(number.level, number.index, _base_style(number), number.label))


def _base_style(number: HeadingNumber) -> str:
    """The style with the stray punctuation reported by `_stray_punct` corrected."""
    if number.level == 1:
        return "#、"
    if number.level == 2:
        return "（#）"
    return number.style.removesuffix("、") if number.style[0] in "（(" else number.style


def _stray_punct(text: str, heading: _Heading) -> Iterator[ProofFinding]:
    number = heading.number
    if number.style != _base_style(number):
        fixed = _base_style(number).replace("#", number.numeral)
        message = f"标题编号“{number.label}”的标点不规范，应为“{fixed}”"
        yield _finding(text, heading, PUNCT_CODE, "warning", message, fixed)


def _next_sibling(text: str, heading: _Heading, run: _Run) -> Iterator[ProofFinding]:
    number = heading.number
    expected = run.last_index + 1
    if number.index != expected:
        wanted = _relabel(number, expected)
        code = GAP_CODE if number.index > expected else DUPLICATE_CODE
        problem = "不连续" if number.index > expected else "重复或倒序"
        message = f"标题编号{problem}：“{number.label}”处应为“{wanted}”"
        yield _finding(text, heading, code, "warning", message, wanted)
    style = _base_style(number)
    if style != run.style:
        wanted = run.style.replace("#", number.numeral)
        message = f"同级标题编号格式不一致：此处为“{number.label}”，前文为“{run.first_label}”"
        yield _finding(text, heading, MIXED_STYLE_CODE, "warning", message, wanted)
    run.last_index = number.index


def _first_child(text: str, heading: _Heading, parent: _Run | None) -> Iterator[ProofFinding]:
    number = heading.number
    if parent is None:
        return  # a section checked on its own may well start at “二、”
    if number.index != 1:
        wanted = _relabel(number, 1)
        message = f"标题编号应从“{wanted}”开始，此处为“{number.label}”"
        yield _finding(text, heading, GAP_CODE, "warning", message, wanted)
    if number.level > parent.level + 1 and number.style != "#、":
        skipped = render_number(parent.level + 1, 1)
        message = f"标题层级跳过了“{skipped}”一级：上级标题之下直接使用了“{number.label}”"
        yield _finding(text, heading, LEVEL_SKIP_CODE, "info", message, None)


def _dot_width(text: str, headings: list[_Heading]) -> Iterator[ProofFinding]:
    dotted = [h for h in headings if h.number.level == 3 and h.number.style in _DOTS]
    counts = {style: sum(h.number.style == style for h in dotted) for style in _DOTS}
    if not all(counts.values()):
        return
    usual = "#." if counts["#."] >= counts["#．"] else "#．"
    for heading in dotted:
        if heading.number.style != usual:
            wanted = usual.replace("#", heading.number.numeral)
            message = f"标题编号“{heading.number.label}”与本文其他同级编号（{wanted}）的点号不一致"
            yield _finding(text, heading, DOT_WIDTH_CODE, "warning", message, wanted)


def _relabel(number: HeadingNumber, index: int) -> str:
    """`index` written in the same style as `number` (“1、” stays a 顿号 style)."""
    numeral = render_number(number.level, index)
    digits = numeral.strip("、.（）")
    return _base_style(number).replace("#", digits)


def _finding(
    text: str,
    heading: _Heading,
    code: str,
    severity: Severity,
    message: str,
    suggestion: str | None,
) -> ProofFinding:
    return finding_at(text, heading.start, heading.end, code, severity, message, suggestion)
