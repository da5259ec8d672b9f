"""What the title and headings say about time."""

from __future__ import annotations

from webapp.text.consistency.context import read_title, section_moods
from webapp.text.consistency.finding import SectionText


def test_full_year_summary_with_next_years_plan() -> None:
    time = read_title("县发展和改革局2020年工作总结和2021年工作思路")
    assert (time.summary_year, time.summary_period, time.plan_years) == (2020, "year", {2021})
    assert time.is_full_year_summary
    assert time.own_level == "县"


def test_half_year_summary_with_chinese_year_plan() -> None:
    time = read_title(
        "市卫生健康委员会2021年上半年工作总结暨下半年重点工作安排及二〇二二年工作谋划"
    )
    assert (time.summary_year, time.summary_period, time.plan_years) == (2021, "H1", {2022})
    assert not time.is_full_year_summary


def test_year_from_the_report_when_the_title_has_none() -> None:
    time = read_title("县教育局一季度工作总结", 2023)
    assert (time.summary_year, time.summary_period) == (2023, "Q1")


def test_a_plan_only_title_sums_up_nothing() -> None:
    time = read_title("县教育局2022年工作要点")
    assert time.summary_year is None and time.plan_years == {2022}


def test_plan_headings_turn_the_following_sections_into_plans() -> None:
    headings = [
        "一、上半年工作开展情况",
        "（一）疫情防控",
        "二、下半年重点工作",
        "（一）疫苗接种",
        "三、存在的主要问题",
    ]
    sections = [SectionText(i, heading, "") for i, heading in enumerate(headings)]
    assert section_moods(sections) == ["actual", "actual", "plan", "plan", "actual"]


def test_a_heading_about_planning_work_done_is_no_plan() -> None:
    headings = [
        "二、重点项目建设扎实推进",
        "1.项目谋划储备持续加强",
        "2021年工作思路",
        "一、科学编制规划",
    ]
    sections = [SectionText(i, heading, "") for i, heading in enumerate(headings)]
    assert section_moods(sections) == ["actual", "actual", "plan", "plan"]
