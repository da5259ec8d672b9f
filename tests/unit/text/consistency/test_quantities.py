"""The same quantity stated with two values in two sections."""

from __future__ import annotations

import pytest

from support.consistency_reports import SUMMARY_2021, codes, run

MISMATCH = "quantity-mismatch"


def test_new_schools_12_here_and_15_there() -> None:
    (finding,) = run(
        SUMMARY_2021, ("甲", "全年新建学校12所。"), ("乙", "新建学校15所，投资3亿元。")
    )
    assert finding.code == MISMATCH
    assert [(p.section_id, p.start, p.end, p.text) for p in finding.places] == [
        (1, 6, 9, "12所"),
        (2, 4, 7, "15所"),
    ]
    assert "新建学校" in finding.message and finding.suggestion


def test_investment_with_and_without_全年_and_完成() -> None:
    found = run(SUMMARY_2021, ("甲", "全年招商引资3.2亿元。"), ("乙", "招商引资完成3.5亿元。"))
    assert [f.code for f in found] == [MISMATCH]
    assert [p.text for p in found[0].places] == ["3.2亿元", "3.5亿元"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("全县现有中小学58所。", "全县现有中小学五十八所。"),
        ("全年招商引资3.2亿元。", "招商引资完成32000万元。"),
        ("新建学校12所。", "新建学校１２所。"),
        ("新建12所学校。", "新建学校12所。"),
        ("全县新建学校12所。", "新建学校12所。"),
        ("新增学位1,200个。", "新增学位1200个。"),
        ("完成进出口总额86亿元。", "虽然完成进出口总额86亿元，但外贸主体偏少。"),
    ],
)
def test_restatements_agree(first: str, second: str) -> None:
    assert codes(SUMMARY_2021, ("甲", first), ("乙", second)) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("2020年新建学校12所。", "2021年新建学校15所。"),
        ("新建学校12所。", "力争明年新建学校15所。"),
        ("新建学校12所，比上年增加3所。", "新建学校12所。"),
        ("新建学校超过10所。", "新建学校12所。"),
        ("新建学校12所以上。", "新建学校15所。"),
        ("新建学校约12所。", "新建学校15所。"),
        ("新建学校12所。", "改扩建学校15所。"),
        ("在全市评估中位列第3名。", "在全市评估中位列第5名。"),
        ("1—10月完成固定资产投资1860亿元。", "全年完成固定资产投资2230亿元。"),
        ("五年来新建学校42所。", "全年新建学校9所。"),
        ("夏粮播种面积41万亩，总产量17万吨。", "秋粮播种面积45万亩，总产量21万吨。"),
        ("新建中小学23所、幼儿园31所。", "现有中小学300所、幼儿园420所。"),
        ("全市地区生产总值同比增长8.2%。", "地区生产总值同比增长6%。"),
        ("新建学校5—8所。", "新建学校6所。"),
        ("累计建成5G基站3200个。", "全年建成5G基站1200个。"),
        ("新建学校12所。", "下一步，我们将新建学校15所。"),
    ],
)
def test_not_the_same_quantity(first: str, second: str) -> None:
    assert codes(SUMMARY_2021, ("甲", first), ("乙", second)) == []


def test_two_values_in_one_section_are_left_to_the_section() -> None:
    assert codes(SUMMARY_2021, ("甲", "新建学校12所。新建学校15所。")) == []


def test_plans_are_compared_with_plans() -> None:
    title = "某县教育局2021年工作总结和2022年工作计划"
    done_and_planned = (("办学条件", "新建学校12所。"), ("2022年工作计划", "新建学校15所。"))
    assert codes(title, *done_and_planned) == []
    two_plans = (("2022年工作计划", "计划新建学校15所。"), ("学校建设", "计划新建学校18所。"))
    assert codes(title, *two_plans) == [MISMATCH]


def test_percentages_and_chinese_numerals_disagree_too() -> None:
    assert codes(SUMMARY_2021, ("甲", "接种率达到85%。"), ("乙", "接种率达到88%。")) == [MISMATCH]
    assert codes(SUMMARY_2021, ("甲", "现有中小学五十八所。"), ("乙", "现有中小学56所。")) == [
        MISMATCH
    ]


def test_three_values_make_one_finding_naming_each() -> None:
    (finding,) = run(
        SUMMARY_2021, ("甲", "新建学校12所。"), ("乙", "新建学校15所。"), ("丙", "新建学校十二所。")
    )
    assert [p.text for p in finding.places] == ["12所", "15所"]


def test_a_plan_in_a_later_clause_leaves_the_figure_done() -> None:
    sections = (("甲", "全年新建学校12所。"), ("乙", "新建学校15所，力争明年再建10所。"))
    assert codes(SUMMARY_2021, *sections) == [MISMATCH]


def test_an_earlier_clause_that_narrows_the_scope() -> None:
    sections = (
        ("甲", "开展校园食品安全专项整治，出动执法人员3500人次。"),
        ("乙", "组织特种设备安全隐患排查，出动执法人员1200人次。"),
    )
    assert codes(SUMMARY_2021, *sections) == []


def test_time_clauses_and_figures_before_do_not_narrow() -> None:
    sections = (("甲", "2021年，新建学校12所，新增学位5400个。"), ("乙", "新增学位5000个。"))
    assert codes(SUMMARY_2021, *sections) == [MISMATCH]


def test_a_series_of_three_sections_each_with_its_own_value() -> None:
    sections = (
        ("甲镇", "新建农田1.2万亩。"),
        ("乙镇", "新建农田0.8万亩。"),
        ("丙镇", "新建农田2万亩。"),
    )
    assert codes(SUMMARY_2021, *sections) == []


def test_three_sections_where_one_differs_is_no_series() -> None:
    sections = (("甲", "新建学校12所。"), ("乙", "新建学校12所。"), ("丙", "新建学校15所。"))
    (finding,) = run(SUMMARY_2021, *sections)
    assert [(p.section_id, p.text) for p in finding.places] == [(1, "12所"), (3, "15所")]


def test_parallel_sections_differ_in_every_shared_measure() -> None:
    sections = (
        ("食品", "出动执法人员3500人次，检查经营主体1.2万户。"),
        ("价格", "出动执法人员800人次，检查经营主体6000户。"),
    )
    assert codes(SUMMARY_2021, *sections) == []


def test_sections_agreeing_on_one_measure_are_not_parallel() -> None:
    sections = (
        ("甲", "新建学校12所，新增学位5400个。"),
        ("乙", "新建学校15所，新增学位5400个。"),
    )
    assert codes(SUMMARY_2021, *sections) == [MISMATCH]


def test_word_order_of_the_subject_does_not_matter() -> None:
    sections = (("甲", "全年新增城镇就业5.6万人。"), ("乙", "城镇新增就业5.8万人。"))
    assert codes(SUMMARY_2021, *sections) == [MISMATCH]


def test_an_estimate_of_the_year_summed_up_is_what_was_done() -> None:
    sections = (("", "预计全年实现地区生产总值286亿元。"), ("经济", "地区生产总值达到268亿元。"))
    assert codes(SUMMARY_2021, *sections) == [MISMATCH]
