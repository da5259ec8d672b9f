"""Reading numerals as offices write them."""

from __future__ import annotations

import pytest

from webapp.text.consistency.numerals import fold_digits, parse_number, year_value


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("58", 58),
        ("1,200", 1200),
        ("3.2", 3.2),
        ("五十八", 58),
        ("十二", 12),
        ("十", 10),
        ("两", 2),
        ("一百零五", 105),
        ("三百零五", 305),
        ("一万二千", 12000),
        ("三千五百万", 35_000_000),
        ("二十万", 200_000),
    ],
)
def test_numeral_values(numeral: str, value: float) -> None:
    assert parse_number(numeral) == value


@pytest.mark.parametrize("numeral", ["一二", "十四五", "二〇二一"])
def test_digit_runs_and_slogans_are_no_quantity(numeral: str) -> None:
    assert parse_number(numeral) is None


def test_years_in_arabic_and_chinese_digits() -> None:
    assert (year_value("2021"), year_value("二〇二二"), year_value("58")) == (2021, 2022, None)


def test_full_width_digits_fold_without_moving_offsets() -> None:
    text = "新建学校１２所"
    assert fold_digits(text) == "新建学校12所"
    assert len(fold_digits(text)) == len(text)
