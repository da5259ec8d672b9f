"""What the title and the headings say about time: which year and period a report sums up,
and whether a sentence reports what was done or plans what is to be done.

“市卫生健康委员会2021年上半年工作总结暨下半年重点工作安排及二〇二二年工作谋划” sums up the
first half of 2021 and plans 2022; a heading such as “2021年工作思路” or “三、下半年重点工作”
turns the sections from it on into plans, until a heading such as “一、上半年工作开展情况”
turns them back into an account of what was done.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from webapp.text.consistency.finding import SectionText
from webapp.text.consistency.numerals import year_value

LEVELS = "省市县区州旗镇乡"
OWN_LEVEL_WITHIN_CHARS = 6
Period = Literal["year", "H1", "H2", "Q1", "Q3"]
Mood = Literal["actual", "plan"]

YEAR_TOKEN = r"(?:19|20)\d{2}|[一二]〇[〇一二三四五六七八九]{2}"
_TITLE_YEAR = re.compile(rf"({YEAR_TOKEN})年")
_SUMMARY_WORDS = re.compile(r"总结|回顾|述职|情况|报告")
_PERIOD_WORDS: tuple[tuple[str, Period], ...] = (
    ("前三季度", "Q3"),
    ("第一季度", "Q1"),
    ("一季度", "Q1"),
    ("上半年", "H1"),
    ("下半年", "H2"),
)
# “项目谋划储备持续加强” reports work done: only 工作谋划 and the like announce a plan.
_PLAN_HEADING = re.compile(
    r"思路|打算|安排|工作计划|年度计划|工作谋划|工作要点|重点工作|工作重点|目标任务|展望|下一步|下步"
)
_ACTUAL_HEADING = re.compile(r"情况|成效|成绩|回顾|总结|进展|问题|做法|经验")
# Words that make a sentence a plan or a target rather than an account of what was done.
PLAN_MARKERS = re.compile(r"力争|争取|计划|预计|确保|目标|有望|预期|拟|将|下一步|下步|明年|今后")


@dataclass(frozen=True)
class TitleTime:
    """The year (and part of it) that the report sums up, and the years it plans."""

    summary_year: int | None
    summary_period: Period
    plan_years: frozenset[int]
    own_level: str  # 市, 县, 区, 省 … the issuing body's level, read from the title's start

    @property
    def is_full_year_summary(self) -> bool:
        return self.summary_year is not None and self.summary_period == "year"


def read_title(title: str, year: int | None = None) -> TitleTime:
    """The title's years, each read with the words after it up to the next year."""
    found = list(_TITLE_YEAR.finditer(title))
    summary_year, summary_period, plan_years = None, "year", set()
    for i, match in enumerate(found):
        value = year_value(match.group(1))
        segment = title[match.end() : found[i + 1].start() if i + 1 < len(found) else len(title)]
        summary = _SUMMARY_WORDS.search(segment)
        if summary and summary_year is None and value is not None:
            summary_year, summary_period = value, period_in(segment[: summary.start()]) or "year"
        elif value is not None:
            plan_years.add(value)
    if summary_year is None and year is not None and _SUMMARY_WORDS.search(title):
        summary_year = year
        summary_period = period_in(title) or "year"
    level = next((ch for ch in title[:OWN_LEVEL_WITHIN_CHARS] if ch in LEVELS), "")
    return TitleTime(summary_year, summary_period, frozenset(plan_years), level)


def period_in(text: str) -> Period | None:
    """The first part-of-year word in `text` (上半年 → "H1"), or None."""
    hits = [(text.find(word), period) for word, period in _PERIOD_WORDS if word in text]
    return min(hits)[1] if hits else None


def section_moods(sections: Sequence[SectionText]) -> list[Mood]:
    """For each section, whether its heading (or the last telling heading before it) plans."""
    moods: list[Mood] = []
    mood: Mood = "actual"
    for section in sections:
        if _PLAN_HEADING.search(section.heading):
            mood = "plan"
        elif _ACTUAL_HEADING.search(section.heading):
            mood = "actual"
        moods.append(mood)
    return moods
