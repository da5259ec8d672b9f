"""outline.parse / outline.render on hand-written reports."""

from __future__ import annotations

from webapp.text import outline
from webapp.text.nodes import Outline, OutlineNode


def _headings(nodes: tuple[OutlineNode, ...]) -> list[tuple]:
    return [(n.kind, n.level, n.heading, n.run_in, _headings(n.children)) for n in nodes]


def test_source_line_before_title_is_dropped_and_title_found() -> None:
    parsed = outline.parse(
        "来源：网络整理，仅供参考！\n县发改局2020年工作总结\n一、总体情况\n正文。"
    )
    assert parsed.title == "县发改局2020年工作总结"
    assert parsed.dropped == ("来源：网络整理，仅供参考！",)


def test_sentence_before_title_is_not_the_title() -> None:
    parsed = outline.parse("本文仅供内部参考。\n县发改局工作总结\n一、总体情况")
    assert parsed.title == "县发改局工作总结"
    assert parsed.dropped == ("本文仅供内部参考。",)


def test_report_without_title_keeps_opening_paragraph_as_preamble() -> None:
    parsed = outline.parse("2020年，我局认真履职。\n一、总体情况\n正文。")
    assert parsed.title == ""
    assert parsed.dropped == ()
    assert parsed.sections[0] == OutlineNode("preamble", 0, "", "2020年，我局认真履职。")


def test_text_before_first_heading_is_the_preamble() -> None:
    parsed = outline.parse("工作总结\n第一段。\n第二段：\n一、主要成效\n成效正文。")
    preamble, first = parsed.sections
    assert preamble.kind == "preamble" and preamble.level == 0 and preamble.heading == ""
    assert preamble.body == "第一段。\n第二段："
    assert (first.kind, first.level, first.heading, first.body) == (
        "numbered",
        1,
        "主要成效",
        "成效正文。",
    )


def test_all_four_levels_nest_with_every_number_variant() -> None:
    text = "\n".join(
        [
            "报告",
            "一、甲",
            "（一）乙",
            "1、丙",
            "（1）丁",
            "(2)戊",
            "2．己",
            "3.庚",
            "(二)辛",
            "二．壬",
        ]
    )
    parsed = outline.parse(text)
    assert _headings(parsed.sections) == [
        (
            "numbered",
            1,
            "甲",
            False,
            [
                (
                    "numbered",
                    2,
                    "乙",
                    False,
                    [
                        (
                            "numbered",
                            3,
                            "丙",
                            False,
                            [("numbered", 4, "丁", False, []), ("numbered", 4, "戊", False, [])],
                        ),
                        ("numbered", 3, "己", False, []),
                        ("numbered", 3, "庚", False, []),
                    ],
                ),
                ("numbered", 2, "辛", False, []),
            ],
        ),
        ("numbered", 1, "壬", False, []),
    ]


def test_windows_line_ends_do_not_end_up_in_headings() -> None:
    parsed = outline.parse("报告\r\n一、甲\r\n正文。\r\n")
    assert (parsed.title, parsed.sections[0].heading, parsed.sections[0].body) == (
        "报告",
        "甲",
        "正文。",
    )


def test_leading_half_and_full_width_spaces_are_ignored() -> None:
    parsed = outline.parse("报告\n  一、甲\n\u3000\u3000（一）乙\n \u3000 正文。")
    (first,) = parsed.sections
    assert first.heading == "甲"
    assert first.children[0].heading == "乙"
    assert first.children[0].body == "正文。"


def test_run_in_item_keeps_first_sentence_as_heading() -> None:
    parsed = outline.parse(
        "报告\n一、项目\n   1、项目谋划储备持续加强。围绕政策投向，谋划项目。\n补充段落。"
    )
    item = parsed.sections[0].children[0]
    assert item.run_in is True
    assert item.heading == "项目谋划储备持续加强。"
    assert item.body == "围绕政策投向，谋划项目。\n补充段落。"


def test_short_numbered_heading_without_full_stop_is_not_run_in() -> None:
    parsed = outline.parse("报告\n1、加强组织领导\n各级要高度重视。")
    (item,) = parsed.sections
    assert (item.heading, item.run_in, item.body) == ("加强组织领导", False, "各级要高度重视。")


def test_run_in_sentence_end_inside_quotes_does_not_split() -> None:
    parsed = outline.parse("报告\n1、落实“谁主管、谁负责。”要求。正文。")
    (item,) = parsed.sections
    assert item.heading == "落实“谁主管、谁负责。”要求。"
    assert item.body == "正文。"


def test_yishi_ershi_inside_a_paragraph_is_body_text() -> None:
    parsed = outline.parse("报告\n一、做法\n一是加强领导。二是完善制度。")
    (first,) = parsed.sections
    assert first.children == ()
    assert first.body == "一是加强领导。二是完善制度。"


def test_decimal_at_line_start_is_not_a_heading() -> None:
    parsed = outline.parse("报告\n一、指标\n1.5亿元的投资已经到位。")
    assert parsed.sections[0].body == "1.5亿元的投资已经到位。"


def test_part_heading_takes_preamble_and_restarted_sections() -> None:
    text = "\n".join(
        [
            "县发改局2020年工作总结和2021年工作思路",
            "一、成效",
            "成效正文。",
            "二、问题",
            "问题正文。",
            "2021年工作思路",
            "2021年是开局之年。",
            "一、编制规划",
            "规划正文。",
            "二、抓好项目",
        ]
    )
    parsed = outline.parse(text)
    assert [n.kind for n in parsed.sections] == ["numbered", "numbered", "part"]
    part = parsed.sections[2]
    assert (part.level, part.heading, part.body) == (0, "2021年工作思路", "2021年是开局之年。")
    assert [c.heading for c in part.children] == ["编制规划", "抓好项目"]


def test_report_split_into_two_parts_from_the_start() -> None:
    text = "报告\n前言。\n2019年工作总结\n一、甲\n二、乙\n2020年工作计划\n一、丙"
    parsed = outline.parse(text)
    assert [(n.kind, n.heading) for n in parsed.sections] == [
        ("preamble", ""),
        ("part", "2019年工作总结"),
        ("part", "2020年工作计划"),
    ]
    assert [c.heading for c in parsed.sections[1].children] == ["甲", "乙"]


def test_subtitle_before_first_heading_is_not_a_part_without_a_later_part() -> None:
    parsed = outline.parse("工作报告\n——在全县发展改革工作会议上的讲话\n同志们：\n一、成效\n正文。")
    assert parsed.sections[0].kind == "preamble"
    assert parsed.sections[0].body == "——在全县发展改革工作会议上的讲话\n同志们："


def test_short_line_followed_by_continued_numbering_is_body_text() -> None:
    parsed = outline.parse("报告\n一、甲\n表1 主要指标\n二、乙")
    assert [n.heading for n in parsed.sections] == ["甲", "乙"]
    assert parsed.sections[0].body == "表1 主要指标"


def test_closing_part_without_numbered_sections() -> None:
    parsed = outline.parse("报告\n一、甲\n正文。\n下一步工作打算\n我们将继续努力。")
    assert [(n.kind, n.heading) for n in parsed.sections] == [
        ("numbered", "甲"),
        ("part", "下一步工作打算"),
    ]
    assert parsed.sections[1].body == "我们将继续努力。"


def test_signature_lines_at_the_end_stay_in_the_last_section() -> None:
    parsed = outline.parse("报告\n一、甲\n正文。\n县发展和改革局\n2021年1月5日")
    assert len(parsed.sections) == 1
    assert parsed.sections[0].body == "正文。\n县发展和改革局\n2021年1月5日"


def test_skipped_level_nests_under_nearest_shallower_heading() -> None:
    parsed = outline.parse("报告\n（一）甲\n（1）子一\n（2）子二\n（二）乙")
    first, second = parsed.sections
    assert [(c.level, c.heading) for c in first.children] == [(4, "子一"), (4, "子二")]
    assert second.heading == "乙"


def test_stray_dunhao_after_bracketed_number_is_not_kept() -> None:
    (node,) = outline.parse("报告\n（一）、加强领导").sections
    assert (node.level, node.heading) == (2, "加强领导")


def test_render_uses_canonical_numbers_and_run_in_on_one_line() -> None:
    tree = Outline(
        "报告",
        (
            OutlineNode("preamble", 0, body="前言。"),
            OutlineNode(
                "numbered",
                1,
                "甲",
                children=(
                    OutlineNode("numbered", 3, "项目。", "正文一。\n正文二。", run_in=True),
                    OutlineNode("numbered", 3, "乙", "正文。"),
                ),
            ),
            OutlineNode(
                "part",
                0,
                "2021年工作思路",
                "开局之年。",
                children=(OutlineNode("numbered", 1, "丙"),),
            ),
        ),
    )
    assert outline.render(tree) == (
        "报告\n前言。\n一、甲\n1.项目。正文一。\n正文二。\n2.乙\n正文。\n2021年工作思路\n开局之年。\n一、丙\n"
    )
    assert outline.parse(outline.render(tree)) == tree


def test_render_of_empty_outline_is_empty() -> None:
    assert outline.render(Outline("")) == ""


def test_match_number_reports_level_index_and_style() -> None:
    number = outline.match_number("  （十二）、标题")
    assert number is not None
    assert (number.level, number.index, number.numeral, number.style) == (2, 12, "十二", "（#）、")
    assert (number.start, number.end, number.label) == (2, 7, "（十二）、")
    assert outline.match_number("2020年，全县") is None
    assert outline.match_number("十四五规划") is None


def test_find_title_matches_parse() -> None:
    text = "来源：某网站！\n\n县发改局2020年工作总结\n正文。"
    assert outline.find_title(text) == outline.parse(text).title == "县发改局2020年工作总结"
    assert outline.find_title("一、甲\n二、乙") == ""


def test_lone_sentence_item_is_a_numbered_paragraph() -> None:
    parsed = outline.parse("报告\n一、甲\n（1）新增公办幼儿园××所。\n（2）新增学位××个。")
    items = parsed.sections[0].children
    assert [(i.heading, i.run_in, i.body) for i in items] == [
        ("", True, "新增公办幼儿园××所。"),
        ("", True, "新增学位××个。"),
    ]


def test_item_whose_first_sentence_has_a_comma_is_prose_even_with_more_text() -> None:
    parsed = outline.parse("报告\n（1）新增公办幼儿园××所，新增学位××个。另有扩建。\n续段。")
    (item,) = parsed.sections
    assert (item.heading, item.run_in) == ("", True)
    assert item.body == "新增公办幼儿园××所，新增学位××个。另有扩建。\n续段。"


def test_lone_sentence_with_children_stays_a_heading() -> None:
    parsed = outline.parse("报告\n一、加强组织领导。\n（一）健全机制")
    (item,) = parsed.sections
    assert (item.heading, item.run_in, item.body) == ("加强组织领导。", True, "")


def test_numbered_paragraph_renders_number_and_text_on_one_line() -> None:
    tree = Outline("报告", (OutlineNode("numbered", 4, "", "新增学位××个，扩建园舍。", True),))
    assert outline.render(tree) == "报告\n（1）新增学位××个，扩建园舍。\n"
    assert outline.parse(outline.render(tree)) == tree


def test_carriage_returns_alone_end_lines_too() -> None:
    parsed = outline.parse("报告\r一、甲\r正文。\r")
    assert (parsed.sections[0].heading, parsed.sections[0].body) == ("甲", "正文。")


def test_numbered_walk_gives_the_numbers_a_reader_sees() -> None:
    from webapp.text.nodes import numbered_walk

    tree = outline.parse("报告\n一、甲\n（一）乙\n（二）丙\n二、丁\n2021年工作思路\n正文。\n一、戊")
    assert [number + node.heading for node, number in numbered_walk(tree.sections)] == [
        "一、甲",
        "（一）乙",
        "（二）丙",
        "二、丁",
        "2021年工作思路",
        "一、戊",
    ]
