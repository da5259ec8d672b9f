"""Years that disagree with the title's years, and year ranges written with a hyphen.

The title (the first title-like line, as `outline.find_title` reads it) names the years the
report is about: “2020年工作总结和2021年工作思路” → {2020, 2021}. Reports legitimately
mention the year before (比2019年增长), the year after (2021年工作思路), plan horizons
(到2025年, 2035年远景目标) and history (2016年以来), so the rules stay narrow:

- year-mismatch (warning): a paragraph that opens with “YYYY年，” or “YYYY年是” — the
  year the paragraph is about — where YYYY is before the title's first year or more than one
  year after its last: the typical leftover of last year's report copied forward.
- year-outside-title (info): any other “YYYY年” more than one year after the title's last
  year, except plan horizons (years divisible by 5: 2025, 2035), years in a range or after
  到/至/截至/自/从, and years followed by 以来/起/前/底前/后/远景. Earlier years are not reported:
  history (2012年建成的, 比2015年翻一番) is too common in reports to call it suspicious.
- year-range-hyphen (info): “2018-2019年” should be written with the 一字线, “2018—2019年”
  (GB/T 15834-2011 §4.13).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from webapp.text.outline import EDGE_SPACE, find_title
from webapp.text.proofing.finding import ProofFinding, finding_at, line_spans

MISMATCH_CODE = "year-mismatch"
OUTSIDE_CODE = "year-outside-title"
RANGE_CODE = "year-range-hyphen"
MAX_RANGE_YEARS = 30
PLAN_HORIZON_YEARS = 5

_YEAR = r"(?:19|20)\d{2}"
_TITLE_YEAR = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")
_TITLE_RANGE = re.compile(rf"(?<!\d)({_YEAR})\s*[-－‐‑–—~～至到]\s*({_YEAR})(?!\d)")
_HYPHEN_RANGE = re.compile(rf"(?<![\d.])({_YEAR})\s*[-－‐‑–]\s*({_YEAR})(?=\s*年)")
_BODY_YEAR = re.compile(rf"(?<![\d.０-９])({_YEAR})(?=年)")
_OPENING_YEAR = re.compile(rf"[{EDGE_SPACE}]*({_YEAR})年(?=[，,]|是)")
_HORIZON_BEFORE = re.compile(r"(?:到|至|截至|截止|自|从|直至|[-－‐‑–—~～])\s*$")
_HORIZON_AFTER = re.compile(
    r"年(?:以来|来|起|以前|之前|前|底前|以后|之后|后|远景|[-－‐‑–—~～至到])"
)


def check(text: str) -> Iterator[ProofFinding]:
    """Year ranges with hyphens everywhere; years out of line with the title after the title."""
    yield from _hyphen_ranges(text)
    title = find_title(text)
    years = title_years(title)
    if not years:
        return
    body_start = _end_of_line(text, title)
    low, high = min(years), max(years)
    openings = set()
    for start, end in line_spans(text):
        if start < body_start:
            continue
        found = _OPENING_YEAR.match(text, start, end)
        if found and not low <= int(found.group(1)) <= high + 1:
            openings.add(found.start(1))
            yield _mismatch(text, found.start(1), years)
    for found in _BODY_YEAR.finditer(text, body_start):
        if found.start() not in openings and _is_outside(text, found, high):
            yield _outside(text, found.start(), years)


def title_years(title: str) -> set[int]:
    """The years a title names, ranges (“2021—2025年”) expanded."""
    years = {int(year) for year in _TITLE_YEAR.findall(title)}
    for first, last in _TITLE_RANGE.findall(title):
        if 0 < int(last) - int(first) <= MAX_RANGE_YEARS:
            years.update(range(int(first), int(last) + 1))
    return years


def _end_of_line(text: str, title: str) -> int:
    for start, end in line_spans(text):
        if title and text[start:end].strip(EDGE_SPACE) == title:
            return end
    return 0


def _is_outside(text: str, found: re.Match[str], high: int) -> bool:
    year = int(found.group(1))
    if year <= high + 1 or year % PLAN_HORIZON_YEARS == 0:
        return False
    before = text[max(0, found.start() - 3) : found.start()]
    return not _HORIZON_BEFORE.search(before) and not _HORIZON_AFTER.match(text, found.end())


def _describe(years: set[int]) -> str:
    return "、".join(f"{year}年" for year in sorted(years))


def _mismatch(text: str, start: int, years: set[int]) -> ProofFinding:
    message = f"段首年份“{text[start : start + 4]}年”与标题中的年份（{_describe(years)}）不一致"
    suggestion = str(min(years)) if len(years) == 1 else None
    return finding_at(text, start, start + 4, MISMATCH_CODE, "warning", message, suggestion)


def _outside(text: str, start: int, years: set[int]) -> ProofFinding:
    message = (
        f"年份“{text[start : start + 4]}年”与标题中的年份（{_describe(years)}）之后较远，请核对"
    )
    return finding_at(text, start, start + 4, OUTSIDE_CODE, "info", message)


def _hyphen_ranges(text: str) -> Iterator[ProofFinding]:
    for found in _HYPHEN_RANGE.finditer(text):
        first, last = found.groups()
        suggestion = f"{first}—{last}"
        message = f"年份范围“{found.group(0)}”应使用一字线“—”，写作“{suggestion}”"
        yield finding_at(text, *found.span(), RANGE_CODE, "info", message, suggestion)
