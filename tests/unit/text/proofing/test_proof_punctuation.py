"""punctuation: half-width marks in Chinese, full-width digits and letters, repeated marks."""

from __future__ import annotations

import pytest

from webapp.text.proofing import punctuation


def _found(text: str) -> list[tuple[str, str, str | None]]:
    return [(f.code, f.text, f.suggestion) for f in punctuation.check(text)]


@pytest.mark.parametrize(
    ("text", "mark", "suggestion"),
    [
        ("竣工投产15个,完成投资", ",", "，"),
        ("主要做法如下:一是", ":", "："),
        ("加强领导;完善制度", ";", "；"),
        ("是否完成?请核实", "?", "？"),
        ("全面完成任务!", "!", "！"),
        ("完成全年任务.", ".", "。"),
        ("增长5%, 比上年", ",", "，"),
        ("涉及交通、水利...等领域", "...", "……"),
    ],
)
def test_halfwidth_marks_touching_chinese(text: str, mark: str, suggestion: str) -> None:
    assert _found(text) == [("halfwidth-punct", mark, suggestion)]


def test_halfwidth_brackets_around_chinese() -> None:
    assert _found("详见(附件)说明") == [
        ("halfwidth-punct", "(", "（"),
        ("halfwidth-punct", ")", "）"),
    ]


def test_heading_number_in_halfwidth_brackets_is_left_to_the_numbering_rule() -> None:
    assert _found("(一)加强领导") == []


@pytest.mark.parametrize(
    "text",
    [
        "增长3.5%，达到1,200亿元",
        "会议时间10:30开始",
        "登录http://www.gov.cn/a?b=1,2查询",
        "邮件发送至office@example.gov.cn即可",
        "支持Python, Java等语言",
        "国家发展改革委(NDRC)发布",
        "1.加强组织领导",
        "  2.完善工作制度",
        "一.总体要求",
        "详见第(1)项",
        "X.X%",
    ],
)
def test_decimals_times_urls_english_and_line_numbers_are_fine(text: str) -> None:
    assert [f for f in punctuation.check(text) if f.code == "halfwidth-punct"] == []


def test_fullwidth_digits_and_letters() -> None:
    assert _found("完成投资１２亿元，ＧＤＰ增长３．５%") == [
        ("fullwidth-alnum", "１２", "12"),
        ("fullwidth-alnum", "ＧＤＰ", "GDP"),
        ("fullwidth-alnum", "３．５", "3.5"),
    ]


def test_fullwidth_x_placeholder_is_left_to_the_placeholder_rule() -> None:
    assert _found("编制ＸＸ个规划") == []


@pytest.mark.parametrize(
    ("text", "marks", "suggestion"),
    [
        ("会议强调，，要求", "，，", "，"),
        ("压实责任。。", "。。", "。"),
        ("等等。。。", "。。。", "……"),
        ("完成任务，。", "，。", "。"),
        ("是否完成？？", "？？", "？"),
        ("完成了吗？。", "？。", "？"),
        ("太好了！，继续", "！，", "！"),
        ("是这样吗。？", "。？", "？"),
    ],
)
def test_repeated_punctuation(text: str, marks: str, suggestion: str | None) -> None:
    assert _found(text) == [("repeated-punct", marks, suggestion)]


def test_question_and_exclamation_together_and_ellipsis_are_fine() -> None:
    assert _found("难道不是吗？！……——") == []
