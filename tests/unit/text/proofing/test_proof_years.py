"""years: year-mismatch at paragraph openings, far future years, hyphenated ranges."""

from __future__ import annotations

from webapp.text.proofing import years

TITLE = "县发展和改革局2020年工作总结和2021年工作思路\n"


def _found(text: str) -> list[tuple[str, str, str | None]]:
    return [(f.code, f.text, f.suggestion) for f in years.check(text)]


def test_title_years_and_ranges() -> None:
    assert years.title_years("县发改局2020年工作总结和2021年工作思路") == {2020, 2021}
    assert years.title_years("“十四五”规划（2021—2025年）") == {2021, 2022, 2023, 2024, 2025}
    assert years.title_years("工作总结") == set()


def test_paragraph_opening_with_last_years_date_is_a_warning() -> None:
    text = "县发改局2020年工作总结\n2019年，我局完成各项任务。"
    assert _found(text) == [("year-mismatch", "2019", "2020")]
    assert next(years.check(text)).severity == "warning"


def test_opening_with_the_next_year_is_expected() -> None:
    assert _found("县发改局2020年工作总结\n2021年，我们将继续努力。\n2021年是开局之年。") == []


def test_history_horizons_and_plans_are_not_reported() -> None:
    text = TITLE + (
        "2016年以来累计投资500亿元，比2015年翻一番，2012年建成的污水厂完成改造。"
        "到2025年基本建成，2035年远景目标，“十四五”（2021—2025年）期间，2023年底前完成。"
    )
    assert _found(text) == []


def test_a_year_far_after_the_title_is_info() -> None:
    text = TITLE + "力争2027年全面完成改造任务。"
    assert _found(text) == [("year-outside-title", "2027", None)]
    assert next(years.check(text)).severity == "info"


def test_no_title_years_means_no_year_checks() -> None:
    assert _found("工作总结\n2019年，完成任务。力争2027年完成。") == []


def test_hyphenated_year_range() -> None:
    assert _found("2018-2019年全县累计完成投资。") == [
        ("year-range-hyphen", "2018-2019", "2018—2019")
    ]
    assert _found("2018－2019年和2018–2019年") == [
        ("year-range-hyphen", "2018－2019", "2018—2019"),
        ("year-range-hyphen", "2018–2019", "2018—2019"),
    ]
    assert _found("2018—2019年，电话0531-2019") == []


def test_years_in_the_title_itself_are_not_judged() -> None:
    assert _found("县发改局2027年工作要点\n一、目标") == []
