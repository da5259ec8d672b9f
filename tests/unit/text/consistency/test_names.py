"""One body named two ways without the short form introduced."""

from __future__ import annotations

import pytest

from support.consistency_reports import codes, run

CITY = "某市人民政府2021年工作总结"


def test_full_and_short_form_in_two_sections() -> None:
    (finding,) = run(CITY, ("医疗", "市卫生健康委员会牵头。"), ("防控", "市卫健委配合。"))
    assert finding.code == "name-two-ways"
    assert [(p.section_id, p.text) for p in finding.places] == [
        (1, "市卫生健康委员会"),
        (2, "市卫健委"),
    ]
    assert "以下简称" in finding.suggestion


def test_short_form_used_before_it_is_introduced() -> None:
    sections = (
        ("防控", "市卫健委配合。"),
        ("医疗", "市卫生健康委员会（以下简称“市卫健委”）牵头。"),
    )
    (finding,) = run(CITY, *sections)
    assert [p.text for p in finding.places] == ["市卫健委", "市卫生健康委员会"]


@pytest.mark.parametrize(
    "sections",
    [
        (("医疗", "市卫生健康委员会（以下简称“市卫健委”）牵头。"), ("防控", "市卫健委配合。")),
        (("医疗", "市卫生健康委员会（简称市卫健委）牵头。"), ("防控", "市卫健委配合。")),
        (("甲", "县发改局牵头。"), ("乙", "县发改局会同县住建局推进。")),
        (("甲", "县发展和改革局牵头编制规划，报市发改委备案。"),),
        (("甲", "市卫生健康委员会牵头。"), ("乙", "市卫生健康委员会配合。")),
        (("甲", "加快市疾控中心实验室改造。"),),
    ],
)
def test_consistent_naming(sections: tuple[tuple[str, str], ...]) -> None:
    assert codes(CITY, *sections) == []


def test_the_title_does_not_count_as_a_mention() -> None:
    title = "县发展和改革局2020年工作总结"
    assert codes(title, ("甲", "2020年，县发改局在县委的领导下较好完成了任务。")) == []
