"""Years and periods that contradict the title.

- plan-year: a full-year summary of year Y that plans for Y (“力争2021年建成” in a 2021
  summary): the plan is meant for Y+1. Only a plan word right before the year counts, and
  not 原计划/按计划/年初计划 (an account of the old plan) nor Y年底/Y年内 (still ahead when
  the summary is written in December). In the summary part only 力争/争取/计划 count:
  预计2021年 and 确保2021年 are how a summary written before the year ends speaks of the
  year itself. In a plan part (“2022年工作思路”) 确保 and 有望 count too; 预计 never does
  (a plan states last year's estimate as its baseline: “预计2021年增长7%，2022年……”).
- period-exceeds-title: a report on part of a year (上半年, 一季度, 前三季度) that states
  what was done in the whole year (“全年完成”, “全年新增”); targets (完成全年目标任务的55%)
  and plan sentences are not read as done.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from webapp.text.consistency.context import PLAN_MARKERS, Mood, TitleTime
from webapp.text.consistency.finding import ConsistencyFinding, SectionText, place_in
from webapp.text.consistency.numerals import fold_digits, year_value

PLAN_YEAR_CODE = "plan-year"
PERIOD_CODE = "period-exceeds-title"

_YEAR_AFTER_PLAN_WORD = (
    r")[在于到]?((?:19|20)\d{2}|[一二]〇[〇一二三四五六七八九]{2})年(?!底|末|内|以来|来|同期|前)"
)
_PLAN_YEAR_IN_SUMMARY = re.compile(r"(?<![原按照如初])(?:力争|争取|计划" + _YEAR_AFTER_PLAN_WORD)
_PLAN_YEAR_IN_PLAN = re.compile(
    r"(?<![原按照如初])(?:力争|争取|计划|确保|有望" + _YEAR_AFTER_PLAN_WORD
)
_DONE_VERBS = "完成|实现|新增|新建|建成|接种|排查|开展|办理|受理|达到|累计|共|投入|争取到|发放"
_WHOLE_YEAR_DONE = re.compile(rf"全年(?:已|共|累计)?(?:{_DONE_VERBS})")
_LONGER_THAN = {"Q1": ("全年", "上半年", "前三季度"), "H1": ("全年", "前三季度"), "Q3": ("全年",)}
_PERIOD_NAMES = {"Q1": "一季度", "H1": "上半年", "Q3": "前三季度"}
_CLAUSE_BREAK = "。；！？;!?\n"
# “全年接种任务完成60%”: the year's target, not what the year did.
_TARGET_AFTER = re.compile(r"[^，。；]{0,3}(?:任务|目标|计划|指标)")


def check(
    sections: Sequence[SectionText], moods: Sequence[Mood], title: TitleTime
) -> Iterator[ConsistencyFinding]:
    for section, mood in zip(sections, moods, strict=True):
        if title.is_full_year_summary:
            pattern = _PLAN_YEAR_IN_PLAN if mood == "plan" else _PLAN_YEAR_IN_SUMMARY
            yield from _plan_years(section, title.summary_year, pattern)
        if title.summary_period in _LONGER_THAN and mood == "actual":
            yield from _longer_periods(section, title)


def _plan_years(
    section: SectionText, summary_year: int | None, pattern: re.Pattern[str]
) -> Iterator[ConsistencyFinding]:
    for found in pattern.finditer(fold_digits(section.body)):
        if year_value(found.group(1)) != summary_year:
            continue
        yield ConsistencyFinding(
            code=PLAN_YEAR_CODE,
            message=f"本报告总结{summary_year}年工作，计划语句却写“{found.group(1)}年”",
            suggestion=f"改为“{summary_year + 1}年”",
            places=(place_in(section, found.start(1), found.end(1) + 1),),
        )


def _longer_periods(section: SectionText, title: TitleTime) -> Iterator[ConsistencyFinding]:
    text = section.body
    name = _PERIOD_NAMES[title.summary_period]
    for word in _LONGER_THAN[title.summary_period]:
        pattern = _WHOLE_YEAR_DONE if word == "全年" else re.compile(rf"{word}(?:{_DONE_VERBS})")
        for found in pattern.finditer(text):
            if _is_plan(text, found.start()) or _TARGET_AFTER.match(text, found.end()):
                continue
            yield ConsistencyFinding(
                code=PERIOD_CODE,
                message=f"本报告是{name}报告，此处却写“{found.group(0)}”",
                suggestion=f"改为“{name}”，或写明所指时段",
                places=(place_in(section, found.start(), found.start() + len(word)),),
            )


def _is_plan(text: str, index: int) -> bool:
    start = max((text.rfind(ch, 0, index) for ch in _CLAUSE_BREAK), default=-1) + 1
    ends = [text.find(ch, index) for ch in _CLAUSE_BREAK]
    end = min((e for e in ends if e >= 0), default=len(text))
    return PLAN_MARKERS.search(text[start:end]) is not None
