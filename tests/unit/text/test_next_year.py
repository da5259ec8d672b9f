"""Titles, headings and dates moved one year on for next year's report."""

from __future__ import annotations

from datetime import date

import pytest

from webapp.text.next_year import next_title, next_year_date, shift_years, title_years


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2023年工作总结", "2024年工作总结"),
        ("某局2022年上半年工作总结", "某局2023年上半年工作总结"),
        (
            "县发展和改革局2020年工作总结和2021年工作思路",
            "县发展和改革局2021年工作总结和2022年工作思路",
        ),
        (
            "市卫生健康委员会2021年上半年工作总结暨下半年重点工作安排及二〇二二年工作谋划",
            "市卫生健康委员会2022年上半年工作总结暨下半年重点工作安排及二〇二三年工作谋划",
        ),
        ("二〇一九年工作总结", "二〇二〇年工作总结"),
        ("2029年工作要点", "2030年工作要点"),
        ("“十四五”规划2021—2025年实施情况2023年报告", "“十四五”规划2021—2025年实施情况2024年报告"),
        ("2021-2025年发展规划", "2021-2025年发展规划"),
        ("县发改局工作总结", "县发改局工作总结"),
    ],
)
def test_next_title(title: str, expected: str) -> None:
    assert next_title(title) == expected


def test_title_years_leave_ranges_out() -> None:
    assert title_years("规划2021—2025年实施情况2023年报告及二〇二四年计划") == {2023, 2024}


def test_headings_move_only_the_titles_years() -> None:
    assert shift_years("2021年工作思路", {2020, 2021}) == "2022年工作思路"
    assert shift_years("2016年以来主要成效", {2020, 2021}) == "2016年以来主要成效"
    assert shift_years("20210年", {2021}) == "20210年"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 12, 20), date(2024, 12, 20)),
        (date(2024, 2, 29), date(2025, 2, 28)),
        (None, None),
    ],
)
def test_dates_one_year_on(day: date | None, expected: date | None) -> None:
    assert next_year_date(day) == expected
