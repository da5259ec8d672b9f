"""Properties of `check` on any input: it never fails, and places always match their text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.text.consistency import ConsistencyFinding, Place, check
from webapp.text.numbering import chinese_numeral

_PIECES = st.sampled_from(
    ["新建学校", "12所", "15所", "五十八所", "，其中", "小学", "5所", "。", "\n", "1.", "3.",
     "力争", "2021年", "全年完成", "市卫生健康委员会", "市卫健委", "（以下简称“市卫健委”）",
     "一是", "三是", "亿元", "3.2", "约", "以上", "、", "２", "十"]
)  # fmt: skip
_BODY = st.lists(_PIECES, max_size=25).map("".join)
_TITLES = st.sampled_from(
    ["某县教育局2021年工作总结", "某市卫生健康委员会2021年上半年工作总结", "县教育局工作要点", ""]
)


@settings(max_examples=300, deadline=None)
@given(title=_TITLES, bodies=st.lists(_BODY, max_size=5))
def test_places_are_always_the_text_at_their_offsets(title: str, bodies: list[str]) -> None:
    sections = [(i, "", body) for i, body in enumerate(bodies)]
    for finding in check(title, 2021, sections):
        assert finding.places
        for place in finding.places:
            assert bodies[place.section_id][place.start : place.end] == place.text


def test_a_finding_without_places_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="at least one place"):
        ConsistencyFinding("quantity-mismatch", "m", "s", ())


def test_json_shape() -> None:
    finding = ConsistencyFinding("plan-year", "消息", "2022年", (Place(3, 0, 5, "2021年"),))
    assert finding.to_dict() == {
        "code": "plan-year",
        "message": "消息",
        "suggestion": "2022年",
        "places": [{"section_id": 3, "start": 0, "end": 5, "text": "2021年"}],
    }


_SUBJECTS = st.sampled_from(["新建学校", "招商引资", "新增学位", "组建医共体", "排查重点人员"])
_UNITS = st.sampled_from(["所", "个", "人次", "万元", "亿元"])
_VALUES = st.integers(min_value=2, max_value=999)


@settings(max_examples=200, deadline=None)
@given(subject=_SUBJECTS, unit=_UNITS, value=_VALUES)
def test_a_figure_restated_in_chinese_numerals_is_never_flagged(
    subject: str, unit: str, value: int
) -> None:
    sections = [
        (1, "甲", f"全年{subject}{value}{unit}。"),
        (2, "乙", f"{subject}{chinese_numeral(value)}{unit}。"),
    ]
    assert check("某县教育局2021年工作总结", 2021, sections) == []


@settings(max_examples=200, deadline=None)
@given(subject=_SUBJECTS, unit=_UNITS, first=_VALUES, second=_VALUES)
def test_two_values_of_one_figure_are_always_flagged_once(
    subject: str, unit: str, first: int, second: int
) -> None:
    sections = [(1, "甲", f"全年{subject}{first}{unit}。"), (2, "乙", f"{subject}{second}{unit}。")]
    findings = check("某县教育局2021年工作总结", 2021, sections)
    expected = [] if first == second else ["quantity-mismatch"]
    assert [finding.code for finding in findings] == expected
