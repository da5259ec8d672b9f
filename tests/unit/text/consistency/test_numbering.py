"""Hand numbering that runs on across sections."""

from __future__ import annotations

from support.consistency_reports import SUMMARY_2021, codes, run

CODE = "numbering-across-sections"


def test_list_continues_into_the_next_section() -> None:
    (finding,) = run(
        SUMMARY_2021, ("甲", "1.加强领导。\n2.强化考核。"), ("乙", "3.强化保障。\n4.强化人才。")
    )
    assert finding.code == CODE
    assert [(p.section_id, p.text) for p in finding.places] == [(1, "2."), (2, "3.")]


def test_ordinals_continue_into_the_next_section() -> None:
    sections = (("甲", "一是人才短缺。二是能力不足。"), ("乙", "三是信息化水平不高。"))
    (finding,) = run(SUMMARY_2021, *sections)
    assert [p.text for p in finding.places] == ["二是", "三是"]


def test_list_starting_late_after_nothing() -> None:
    (finding,) = run(SUMMARY_2021, ("甲", "（2）强化资金保障。\n（3）强化人才保障。"))
    assert [p.text for p in finding.places] == ["（2）"]


def test_every_section_restarting_at_one_is_right() -> None:
    sections = (
        ("甲", "1.加强领导。\n2.强化考核。"),
        ("乙", "无编号的段落。"),
        ("丙", "1.强化保障。\n2.强化人才。"),
        ("丁", "一是投入不足。二是机制不活。"),
    )
    assert codes(SUMMARY_2021, *sections) == []


def test_a_different_style_is_a_different_list() -> None:
    assert (
        codes(SUMMARY_2021, ("甲", "1.加强领导。\n2.强化考核。"), ("乙", "（1）强化保障。")) == []
    )
