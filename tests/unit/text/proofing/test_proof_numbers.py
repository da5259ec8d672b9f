"""numbers: GB/T 15835 zeros in Chinese-numeral years, hyphenated ranges, mixed numerals."""

from __future__ import annotations

import pytest

from webapp.text import proofing
from webapp.text.proofing import numbers


def _found(text: str) -> list[tuple[str, str, str | None]]:
    return [(f.code, f.text, f.suggestion) for f in numbers.check(text)]


@pytest.mark.parametrize(
    ("text", "written", "fixed"),
    [
        ("二0二一年是开局之年", "二0二一", "二〇二一"),
        ("二零二一年工作要点", "二零二一", "二〇二一"),
        ("二O二一年三月", "二O二一", "二〇二一"),
        ("二○二○年十二月", "二○二○", "二〇二〇"),
        ("二０二二年", "二０二二", "二〇二二"),
    ],
)
def test_zero_in_a_chinese_numeral_year(text: str, written: str, fixed: str) -> None:
    assert _found(text) == [("number-year-zero", written, fixed)]


def test_zero_written_ling_is_a_warning_and_the_rest_errors() -> None:
    assert [f.severity for f in numbers.check("二零二一年，二0二一年，二零0三年")] == [
        "warning",
        "error",
        "error",
    ]


def test_circle_zero_is_not_also_a_placeholder() -> None:
    assert [f.code for f in proofing.check("二○二○年十二月")] == ["number-year-zero"]


@pytest.mark.parametrize(
    ("text", "written", "fixed"),
    [
        ("审批时限压缩至3-5个工作日", "3-5", "3～5"),
        ("增长5-8%", "5-8", "5～8"),
        ("每亩补贴50-100元", "50-100", "50～100"),
        ("1.5-2倍", "1.5-2", "1.5～2"),
        ("1-6月累计", "1-6", "1—6"),
    ],
)
def test_ranges_with_a_hyphen(text: str, written: str, fixed: str) -> None:
    assert _found(text) == [("number-range-hyphen", written, fixed)]


@pytest.mark.parametrize(
    ("text", "written", "fixed"),
    [
        ("新增就业3千5百人", "3千5百", "3500"),
        ("新增就业五十3人", "五十3", "53"),
        ("投资5千万元", "5千", "5000"),
        ("约3千5人", "3千5", "3500"),
        ("培训班1百余期", "1百", "100"),
        ("新增市场主体2万3千户", "2万3千", "23000"),
    ],
)
def test_mixed_numerals(text: str, written: str, fixed: str) -> None:
    assert _found(text) == [("number-mixed", written, fixed)]


@pytest.mark.parametrize(
    "text",
    [
        "二〇二一年十二月三十一日",
        "2021年",
        "二十一世纪",
        "审批时限压缩至3～5个工作日",
        "2018-2019年",  # the year rule's
        "电话0571-88888888",
        "执行GB/T 15834-2011标准",
        "2021-3-5日",
        "3.5万元，12亿元，5千瓦，3千米，2个百分点",
        "统一3个标准",
        "十分重要，第十一届",
        "编号A3-5个",
    ],
)
def test_correct_numbers_are_not_reported(text: str) -> None:
    assert _found(text) == []


def test_mixed_value() -> None:
    assert numbers.mixed_value("3千5百") == 3500
    assert numbers.mixed_value("五十3") == 53
    assert numbers.mixed_value("3千5") == 3500
    assert numbers.mixed_value("2万3千5") == 23500
    assert numbers.mixed_value("3五") is None
