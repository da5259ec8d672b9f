"""One body named two ways: “市卫生健康委员会” in one place, “市卫健委” in another, without the
short form introduced at the first full mention (“（以下简称‘市卫健委’）”), as 《党政机关公文
处理工作条例》 asks for abbreviations.

Only the body text of sections is read: the report's title names the issuing body in full by
custom and does not introduce the short form the text then uses. A level prefix (市, 县 …) is
part of the name, so 县发改局 and 市发改委 are two bodies. The list covers the bodies that
offices abbreviate most; a name not in it is never reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from webapp.text.consistency.context import LEVELS
from webapp.text.consistency.finding import ConsistencyFinding, Place, SectionText, place_in

CODE = "name-two-ways"

# Full name → its usual short forms (without the level prefix).
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "卫生健康委员会": ("卫健委", "卫生健康委"),
    "卫生健康局": ("卫健局",),
    "发展和改革委员会": ("发改委", "发展改革委"),
    "发展和改革局": ("发改局",),
    "人力资源和社会保障局": ("人社局",),
    "人力资源和社会保障厅": ("人社厅",),
    "市场监督管理局": ("市场监管局",),
    "住房和城乡建设局": ("住建局",),
    "住房和城乡建设厅": ("住建厅",),
    "疾病预防控制中心": ("疾控中心",),
    "工业和信息化局": ("工信局",),
    "文化和旅游局": ("文旅局", "文化旅游局"),
    "科学技术局": ("科技局",),
    "交通运输局": ("交通局",),
    "应急管理局": ("应急局",),
    "医疗保障局": ("医保局",),
    "退役军人事务局": ("退役军人局",),
    "自然资源和规划局": ("自然资源局", "资规局"),
    "生态环境局": ("环境局", "环保局"),
    "农业农村局": ("农业局",),
    "教育体育局": ("教体局",),
    "政务服务管理局": ("政务服务局", "政务局"),
    "城市管理综合行政执法局": ("城管局", "城管执法局"),
    "机关事务管理局": ("机关事务局",),
    "广播电视台": ("广电台",),
    "人民检察院": ("检察院",),
    "人民法院": ("法院",),
}
_INTRODUCTION = re.compile(r"（(?:以下)?简称[“‘\"]?([^”’\"）]{1,12})[”’\"]?）")
# Every form of every name, longest first (卫生健康委员会 before its short form 卫生健康委).
_FULL_OF = {full: full for full in SHORT_FORMS} | {
    short: full for full, shorts in SHORT_FORMS.items() for short in shorts
}
_NAME = re.compile(
    f"([{LEVELS}])({'|'.join(map(re.escape, sorted(_FULL_OF, key=len, reverse=True)))})"
)


@dataclass(frozen=True)
class _Mention:
    section: SectionText
    start: int
    end: int
    is_full: bool
    introduces: str  # the short form defined right after this mention, if any


def check(sections: Sequence[SectionText]) -> Iterator[ConsistencyFinding]:
    """One pass over the bodies; then each body (level + full name) judged on its mentions."""
    mentions: dict[str, list[_Mention]] = defaultdict(list)
    for section in sections:
        for found in _NAME.finditer(section.body):
            level, name = found.groups()
            introduction = _INTRODUCTION.match(section.body, found.end())
            mentions[level + _FULL_OF[name]].append(
                _Mention(
                    section,
                    found.start(),
                    found.end(),
                    is_full=name in SHORT_FORMS,
                    introduces=introduction.group(1) if introduction else "",
                )
            )
    for full_name, found in mentions.items():
        finding = _judge(full_name, found)
        if finding is not None:
            yield finding


def _judge(full_name: str, mentions: list[_Mention]) -> ConsistencyFinding | None:
    """Fine when only one form is used, or the first full mention introduces a short form
    before any short one is used."""
    first_full = next((m for m in mentions if m.is_full), None)
    first_short = next((m for m in mentions if not m.is_full), None)
    if first_full is None or first_short is None:
        return None
    introduced = next((m for m in mentions if m.introduces), None)
    if introduced is not None and mentions.index(introduced) < mentions.index(first_short):
        return None
    places = _places(sorted((first_full, first_short), key=mentions.index))
    short_name = places[1].text if places[1].text != full_name else places[0].text
    return ConsistencyFinding(
        code=CODE,
        message=f"同一机构有两种写法：“{full_name}”与“{short_name}”，简称未在首次出现时注明",
        suggestion=f"首次出现时写作：{full_name}（以下简称“{short_name}”），或全文统一用一种写法",
        places=places,
    )


def _places(mentions: list[_Mention]) -> tuple[Place, ...]:
    return tuple(place_in(m.section, m.start, m.end) for m in mentions)
