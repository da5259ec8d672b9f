"""numbering: gaps, duplicates, mixed styles, 「（一）、」 and skipped levels."""

from __future__ import annotations

from webapp.text.proofing import numbering


def _found(text: str) -> list[tuple[str, str, str | None]]:
    return [(f.code, f.text, f.suggestion) for f in numbering.check(text)]


def test_gap() -> None:
    assert _found("一、总体要求\n二、主要任务\n四、保障措施") == [("numbering-gap", "四、", "三、")]


def test_duplicate() -> None:
    assert _found("（一）甲\n（二）乙\n（二）丙") == [("numbering-duplicate", "（二）", "（三）")]


def test_first_child_must_start_at_one() -> None:
    assert _found("一、甲\n（二）乙") == [("numbering-gap", "（二）", "（一）")]


def test_first_number_of_a_fragment_may_start_anywhere() -> None:
    assert _found("二、主要做法\n三、存在问题") == []


def test_mixed_styles_within_one_level() -> None:
    assert _found("1、加强领导。\n2.完善制度。\n3、强化考核。") == [
        ("numbering-mixed-style", "2.", "2、")
    ]
    assert _found("（1）甲\n(2)乙") == [("numbering-mixed-style", "(2)", "（2）")]


def test_styles_may_differ_between_sibling_runs() -> None:
    assert _found("一、甲\n1、子\n2、子\n二、乙\n1.子\n2.子") == [
        ("numbering-level-skip", "1.", None),
    ]


def test_dunhao_after_brackets_and_dot_after_chinese_numeral() -> None:
    assert _found("（一）、加强领导\n（二）、完善制度") == [
        ("numbering-punct", "（一）、", "（一）"),
        ("numbering-punct", "（二）、", "（二）"),
    ]
    assert _found("一．总体要求\n二、主要任务") == [("numbering-punct", "一．", "一、")]


def test_level_skip_is_info() -> None:
    findings = list(numbering.check("（一）甲\n（1）子\n（2）子"))
    assert [(f.code, f.severity, f.text) for f in findings] == [
        ("numbering-level-skip", "info", "（1）")
    ]


def test_numbering_restarts_after_part_heading_and_under_each_parent() -> None:
    text = "\n".join(
        [
            "县发改局2020年工作总结和2021年工作思路",
            "一、成效",
            "（一）甲",
            "（二）乙",
            "二、问题",
            "（一）丙",
            "2021年工作思路",
            "2021年是开局之年。",
            "一、目标",
            "二、任务",
        ]
    )
    assert _found(text) == []


def test_short_body_line_does_not_hide_a_restart_below_the_top_level() -> None:
    assert _found("一、甲\n主要做法\n（一）子\n（二）子\n二、乙") == []


def test_offsets_cover_the_number_after_indentation() -> None:
    text = "一、甲\n   三、乙"
    (finding,) = numbering.check(text)
    assert text[finding.start : finding.end] == "三、"


def test_chinese_numeral_in_halfwidth_brackets() -> None:
    assert _found("(一)加强领导\n(二)完善制度") == [
        ("numbering-punct", "(一)", "（一）"),
        ("numbering-punct", "(二)", "（二）"),
    ]


def test_dot_width_is_one_style_in_a_report() -> None:
    text = "（一）甲\n1.子\n2.子\n（二）乙\n1.子\n（三）丙\n1．子\n2．子\n（四）丁\n1.子"
    findings = [f for f in numbering.check(text) if f.code == "numbering-dot-width"]
    assert [(f.text, f.suggestion, f.severity) for f in findings] == [
        ("1．", "1.", "warning"),
        ("2．", "2.", "warning"),
    ]


def test_one_dot_style_throughout_is_fine() -> None:
    assert _found("（一）甲\n1．子\n2．子\n（二）乙\n1．子") == []
