"""A total that its own breakdown exceeds."""

from __future__ import annotations

import pytest

from support.consistency_reports import SUMMARY_2021, codes, run


def test_breakdown_above_total() -> None:
    (finding,) = run(SUMMARY_2021, ("甲", "全年新建学校12所，其中小学5所、初中8所。"))
    assert finding.code == "total-mismatch"
    assert [p.text for p in finding.places] == ["12所", "5所", "8所"]


def test_breakdown_in_another_magnitude() -> None:
    body = "全年争取上级资金2.1亿元，其中中央预算内投资1.2亿元、地方政府专项债券9500万元。"
    assert codes(SUMMARY_2021, ("甲", body)) == ["total-mismatch"]


@pytest.mark.parametrize(
    "body",
    [
        "共新建学校12所，其中小学5所、初中7所。",
        "共新建学校12所，其中小学5所、初中4所。",
        "全年新开工项目35个，其中亿元以上项目12个、省重点项目30个。",
        "新建学校12所，投资3亿元。新建小学8所、初中9所。",
        "新建学校12所，其中小学5所，投资1.5亿元、2亿元。",
        "新增学位1200个，其中小学学位占60%、初中学位占50%。",
    ],
)
def test_not_a_contradiction(body: str) -> None:
    assert codes(SUMMARY_2021, ("甲", body)) == []
