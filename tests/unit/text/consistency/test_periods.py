"""Years and periods that contradict the title."""

from __future__ import annotations

import pytest

from support.consistency_reports import SUMMARY_2021, codes, run

HALF_YEAR = "某市卫生健康委员会2021年上半年工作总结"


def test_plan_naming_the_summarised_year() -> None:
    (finding,) = run(SUMMARY_2021, ("下一步", "力争2021年建成县一中新校区。"))
    assert finding.code == "plan-year"
    assert (finding.places[0].text, finding.suggestion) == ("2021年", "改为“2022年”")


def test_plan_part_naming_the_summarised_year() -> None:
    title = "县发展和改革局2020年工作总结和2021年工作思路"
    sections = (("2021年工作思路", "重点抓好以下工作："), ("规划", "确保2020年完成规划编制。"))
    assert codes(title, *sections) == ["plan-year"]


def test_plan_part_reads_确保_as_a_plan_too() -> None:
    title = "某县教育局2021年工作总结和2022年工作计划"
    assert codes(title, ("2022年工作计划", "确保2021年新增学位3000个。")) == ["plan-year"]
    baseline = "预计2021年新增学位3000个，2022年新增学位3500个。"
    assert codes(title, ("2022年工作计划", baseline)) == []


def test_chinese_digits_year() -> None:
    assert codes("某县教育局二〇二一年工作总结", ("甲", "争取二〇二一年实现优质均衡。")) == [
        "plan-year"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "县一中新校区原计划2021年建成，受疫情影响推迟。",
        "按计划2021年完成的项目全部完工。",
        "确保2021年底前完成主体工程。",
        "力争2022年建成县一中新校区。",
        "2021年计划新建学校15所，实际完成12所。",
        "2021年，全县新建学校12所。",
        "年初计划2021年建成10个项目，实际建成12个。",
        "预计2021年全年实现地区生产总值286亿元。",
        "确保2021年圆满完成全年目标任务。",
    ],
)
def test_plans_that_are_right(body: str) -> None:
    assert codes(SUMMARY_2021, ("甲", body)) == []


def test_plan_year_is_for_full_year_summaries_only() -> None:
    assert codes(HALF_YEAR, ("甲", "力争2021年建成发热门诊5个。")) == []


def test_half_year_report_stating_the_whole_year_done() -> None:
    (finding,) = run(HALF_YEAR, ("一、上半年工作开展情况", "全年完成疫苗接种65万剂次。"))
    assert finding.code == "period-exceeds-title"
    assert finding.places[0].text == "全年"


def test_first_quarter_report_stating_the_half_year_done() -> None:
    title = "某县统计局2021年一季度工作总结"
    assert codes(title, ("甲", "上半年完成各类统计调查12项。")) == ["period-exceeds-title"]


@pytest.mark.parametrize(
    "body",
    [
        "上半年完成疫苗接种36万剂次，完成全年目标任务的55%。",
        "确保全年完成接种任务。",
        "力争全年完成医共体建设任务。",
        "全年目标任务完成过半。",
        "全年接种任务已完成60%。",
        "全年新增医共体指标已分解到各县。",
    ],
)
def test_half_year_report_speaking_of_annual_targets(body: str) -> None:
    assert codes(HALF_YEAR, ("一、上半年工作开展情况", body)) == []


def test_whole_year_in_a_plan_section_of_a_half_year_report() -> None:
    assert codes(HALF_YEAR, ("二、下半年重点工作", "全年新增医共体5个。")) == []


def test_full_year_report_may_speak_of_its_first_half() -> None:
    assert codes(SUMMARY_2021, ("甲", "上半年完成投资40亿元，全年完成投资86亿元。")) == []
