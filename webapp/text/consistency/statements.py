"""Quantities stated in a report: “全年招商引资3.2亿元” read as subject 招商引资, 3.2×10⁸ 元,
for the whole year, as an account of what was done, at these offsets of this section.

Only plain statements are read. A number is skipped when it is a bound or an estimate (约,
超过, 以上, 余), a change (同比增长, 比上年增加), an ordinal (第3), a rate (每), a range
(5—8个), part of a breakdown's items when they are distributed (分别), or when what it counts
cannot be told from the clause at all. A subject of fewer than three Chinese characters
(小学, 新建) is kept for breakdowns but is not specific enough to compare across sections.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from webapp.text.consistency.context import (
    PLAN_MARKERS,
    YEAR_TOKEN,
    Mood,
    TitleTime,
    period_in,
)
from webapp.text.consistency.finding import SectionText
from webapp.text.consistency.numerals import (
    MAGNITUDES,
    NUMBER,
    fold_digits,
    parse_number,
    year_value,
)

# Longest first, so “个百分点” is not read as “个”.
UNITS = (
    "个百分点", "个工作日", "万千瓦时", "千瓦时", "平方公里", "平方米", "公里", "千米", "公顷",
    "人次", "剂次", "户次", "家次", "件次", "千瓦", "元", "所", "个", "家", "人", "名", "位",
    "项", "件", "次", "户", "套", "座", "条", "台", "辆", "张", "份", "吨", "亩", "床", "处",
    "支", "批", "场", "篇", "天", "%", "％",
)  # fmt: skip
_UNIT = "|".join(re.escape(unit) for unit in UNITS)
_QUANTITY = re.compile(rf"(?<![\d.,])({NUMBER})(万亿|亿|万|千|百)?({_UNIT})")
_CLAUSE_BREAK = "，。；：！？、,;:!?（）()“”‘’《》「」【】\n\t "
_SENTENCE_BREAK = "。；！？;!?\n"
_CLAUSE_SPLIT = re.compile(f"[{re.escape(_CLAUSE_BREAK)}]")
_TAIL_BREAK = re.compile(r"[和及与并、]")
MAX_TAIL_CHARS = 4
MIN_SUBJECT_CHARS = 3
MAX_TIME_CLAUSE_CHARS = 6  # “2021年上半年，”, “今年以来，”

_BOUND_BEFORE = re.compile(
    r"(?:约|近|超过|超|逾|突破|不少于|不低于|不足|不到|至少|最多|高于|低于|多于|少于|每|第|前)$"
)
_BOUND_AFTER = re.compile(r"^(?:以上|以下|以内|左右|上下|多|余|之多|[-—～~至到]\s*\d)")
_CHANGE = re.compile(
    r"(?:比|同比|环比|较|增长|增加|减少|下降|提高|降低|提升|增幅|增速|占|分别)(?![到至])"
)
_LEADING = re.compile(
    rf"^(?:预计|全年|今年|本年|年内|当年|上半年|下半年|第一季度|一季度|前三季度|截至目前|目前|累计|"
    rf"共计|合计|总计|共|已经|已|其中|完成|实现|虽然|尽管|但是|但|并且|并|同时|此外|另外|({YEAR_TOKEN})年)"
)
_TRAILING = re.compile(
    r"(?:完成了|完成|实现了|实现|达到了|达到|达|为|共计|共|累计|合计|总计|了|已)$"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ATTRIBUTE = re.compile(r"总|其|该|平均|均")
_SENTENCE_YEAR = re.compile(rf"({YEAR_TOKEN})年(?!以来|来|起)")
_WHOLE_YEAR_WORDS = ("全年", "今年", "本年", "年内", "当年")
_ESTIMATE_OF_THIS_YEAR = re.compile(r"预计(?=全年|今年|本年|年底|到年底)")
_MONTH = r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})"
_LEADING_SPAN = re.compile(
    rf"(?:截至|截止|到)?(?:{_MONTH}[-—–~～至到])?{_MONTH}月(?:份|底|末|中旬|上旬|下旬)?"
)
_SPANS = re.compile(
    rf"(?:{_MONTH}[-—–~～至到])?{_MONTH}月(?:份|底|末|中旬|上旬|下旬)?"
    r"|(?:近|过去)[两二三四五六七八九十\d]+年|[两二三四五六七八九十\d]+年来|以来|期间|同期"
)


@dataclass(frozen=True)
class Statement:
    """One quantity: `section.body[start:end]` is the number with its unit."""

    section: SectionText
    start: int
    end: int
    subject: str
    value: float
    unit: str
    year: int | None
    period: str
    mood: Mood
    is_part: bool
    is_specific: bool  # the subject says what is counted (not just “小学”, “新建”)
    sentence_end: int

    @property
    def key(self) -> tuple[str, str, int | None, str, str]:
        """Statements with one key speak of the same thing and must agree. The subject's
        characters are compared in any order: 新增城镇就业 and 城镇新增就业 count the same jobs."""
        return ("".join(sorted(self.subject)), self.unit, self.year, self.period, self.mood)


def statements(section: SectionText, title: TitleTime, mood: Mood) -> Iterator[Statement]:
    """Every plain quantity of the section's body, in order."""
    text = fold_digits(section.body)
    for found in _QUANTITY.finditer(text):
        statement = _read(section, text, found, title, mood)
        if statement is not None:
            yield statement


def all_statements(
    sections: Sequence[SectionText], title: TitleTime, moods: Sequence[Mood]
) -> list[Statement]:
    return [
        found
        for section, mood in zip(sections, moods, strict=True)
        for found in statements(section, title, mood)
    ]


def _read(
    section: SectionText, text: str, found: re.Match[str], title: TitleTime, mood: Mood
) -> Statement | None:
    numeral, magnitude, unit = found.groups()
    value = parse_number(numeral)
    if value is None or (not numeral[0].isdigit() and value <= 1):
        return None  # 一个, 一批: an article, not a count
    clause_start = _last_break(text, found.start(), _CLAUSE_BREAK)
    sentence_start = _last_break(text, found.start(), _SENTENCE_BREAK)
    prefix = text[clause_start : found.start()]
    tail = _tail(text, found.end())
    if tail is None or not _is_plain(prefix, text[found.end() : found.end() + 4]):
        return None
    subject, leading = _subject(prefix, title.own_level)
    subject += tail
    if not _CJK.search(subject):
        return None
    # A plan word before the number or in its own clause makes it a plan; one in a later
    # clause (“新建学校15所，力争明年再建10所”) does not. “预计全年” is a summary written
    # before the year ends estimating that year: what was done, not a plan.
    up_to_clause_end = _ESTIMATE_OF_THIS_YEAR.sub(
        "", text[sentence_start : _next_break(text, found.end(), _CLAUSE_BREAK)]
    )
    before = text[sentence_start : found.start()]
    is_plan = mood == "plan" or PLAN_MARKERS.search(up_to_clause_end) is not None
    return Statement(
        section=section,
        start=found.start(),
        end=found.end(),
        subject=subject,
        value=value * MAGNITUDES.get(magnitude or "", 1),
        unit="%" if unit == "％" else unit,
        year=_year(before, title, is_plan),
        period=_period(before, leading, title),
        mood="plan" if is_plan else "actual",
        is_part="其中" in leading or prefix.startswith("其中"),
        is_specific=_is_specific(subject) and not _is_scoped(text, sentence_start, clause_start),
        sentence_end=_next_break(text, found.end(), _SENTENCE_BREAK),
    )


def _is_plain(prefix: str, after: str) -> bool:
    """Not a bound or estimate (约12所, 12所以上), an ordinal (第3), a rate (每) or a change
    (比上年增加3所, 同比增长12%)."""
    return not (_BOUND_BEFORE.search(prefix) or _BOUND_AFTER.match(after) or _CHANGE.search(prefix))


def _is_specific(subject: str) -> bool:
    """Whether the subject names what is counted on its own: “总产量”, “总投资” belong to
    whatever the clause before them is about."""
    return len(_CJK.findall(subject)) >= MIN_SUBJECT_CHARS and not _ATTRIBUTE.match(subject)


def _is_scoped(text: str, sentence_start: int, clause_start: int) -> bool:
    """Whether an earlier clause of the sentence narrows what the number counts: “开展校园食品
    安全专项整治，出动执法人员3500人次” counts one campaign's staff, not the year's. Clauses
    that state figures themselves (“新建学校12所，新增学位5400个”) or only say when
    (“2021年，”) narrow nothing; an item after 、 shares a verb it does not repeat."""
    if text[clause_start - 1 : clause_start] == "、":
        return True
    earlier = _CLAUSE_SPLIT.split(text[sentence_start:clause_start])
    return any(
        len(clause) > MAX_TIME_CLAUSE_CHARS and not _QUANTITY.search(clause) for clause in earlier
    )


def _last_break(text: str, index: int, breaks: str) -> int:
    while index > 0 and text[index - 1] not in breaks:
        index -= 1
    return index


def _next_break(text: str, index: int, breaks: str) -> int:
    while index < len(text) and text[index] not in breaks:
        index += 1
    return index


def _tail(text: str, index: int) -> str | None:
    """The noun after the unit (“新建12所学校”), or None when the clause goes on too long."""
    end = _next_break(text, index, _CLAUSE_BREAK)
    tail = text[index:end]
    cut = _TAIL_BREAK.search(tail)
    if cut:
        tail = tail[: cut.start()]
    if len(tail) > MAX_TAIL_CHARS or any(ch.isdigit() for ch in tail):
        return None
    return tail


def _subject(prefix: str, own_level: str) -> tuple[str, str]:
    """The clause before the number without its time words, the report's own scope (全县 in
    a county's report) and verbs of completion; returns (subject, the leading words removed)."""
    subject, leading = prefix.strip(), ""
    own_scope = "全" + own_level if own_level else None
    while True:
        if own_scope and subject.startswith(own_scope):
            subject = subject[len(own_scope) :]
            continue
        found = _LEADING.match(subject) or _LEADING_SPAN.match(subject)
        if found is None or found.end() == 0:
            break
        leading += found.group(0)
        subject = subject[found.end() :]
    while (found := _TRAILING.search(subject)) is not None and found.start() < len(subject):
        subject = subject[: found.start()]
    return subject, leading


def _year(before: str, title: TitleTime, is_plan: bool) -> int | None:
    years = [year_value(found.group(1)) for found in _SENTENCE_YEAR.finditer(before)]
    if years:
        return years[-1]
    if is_plan:
        return min(title.plan_years) if title.plan_years else None
    return title.summary_year


def _period(before: str, leading: str, title: TitleTime) -> str:
    """The time a figure covers, “·累计” added for a running total (another quantity than
    the period's increment)."""
    period = _span(before, leading, title)
    return period + "·累计" if "累计" in before else period


def _span(before: str, leading: str, title: TitleTime) -> str:
    """全年 said right before the subject wins; then months (1—5月), spans (五年来), 上半年
    and the like anywhere before the number; else the period the title sums up."""
    if any(word in leading for word in _WHOLE_YEAR_WORDS):
        return "year"
    if spans := _SPANS.findall(before):
        return spans[-1]
    if period := period_in(before):
        return period
    if any(word in before for word in _WHOLE_YEAR_WORDS):
        return "year"
    return title.summary_period
