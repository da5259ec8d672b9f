"""numbered_blocks: the one place heading numbers are generated for every renderer."""

from __future__ import annotations

import datetime

from webapp.documents.model import (
    Block,
    DocumentSpec,
    format_date_of_issue,
    numbered_blocks,
    paragraphs_of,
)
from webapp.text.nodes import OutlineNode


def headings(spec: DocumentSpec) -> list[str]:
    return [b.number + b.text for b in numbered_blocks(spec) if b.kind in ("part", "heading")]


def test_numbers_follow_the_four_levels_and_restart_under_each_parent_and_part(spec):
    assert headings(spec) == [
        "2020年工作总结",
        "一、经济运行稳中向好",
        "（一）项目建设提速增效",
        "1.抓好重大项目。",
        "2.强化要素保障。",
        "（1）土地保障",
        "（2）资金保障",
        "（二）改革开放持续深化",
        "二、民生保障有力有效",
        "2021年工作思路",
        "一、总体要求",
        "二、重点任务",
        "（一）着力扩大有效投资",
    ]


def test_document_starts_with_the_title_and_ends_with_issuer_and_date(spec):
    blocks = numbered_blocks(spec)
    assert blocks[0] == Block("title", "某某市发展和改革委员会\n2020年工作总结和2021年工作思路")
    assert blocks[1] == Block(
        "paragraph", "2020年，在市委、市政府的坚强领导下，我委圆满完成各项任务。"
    )
    assert blocks[-2:] == [
        Block("signature", "某某市发展和改革委员会"),
        Block("date", "2021年1月8日"),
    ]


def test_run_in_heading_takes_the_first_body_paragraph_into_its_own_paragraph(spec):
    run_ins = [b for b in numbered_blocks(spec) if b.run_in]
    first = run_ins[0]
    assert (first.number, first.text, first.run_in_body) == (
        "1.",
        "抓好重大项目。",
        "全年实施“十大工程”。",
    )
    blocks = numbered_blocks(spec)
    second = blocks.index(run_ins[1])
    assert blocks[second + 1] == Block("paragraph", "土地、资金、能耗指标优先保障重点项目。")


def test_top_level_numbering_restarts_after_a_part_heading_even_without_nesting():
    spec = DocumentSpec(
        "报告",
        (
            OutlineNode("numbered", 1, "甲"),
            OutlineNode("part", 0, "2021年工作思路"),
            OutlineNode("numbered", 1, "乙"),
        ),
    )
    assert headings(spec) == ["一、甲", "2021年工作思路", "一、乙"]


def test_body_paragraphs_lose_indents_blank_lines_and_control_characters():
    body = "　　第一段。\r\n\n  第二\x0b段。\t\n\u3000"
    assert paragraphs_of(body) == ["第一段。", "第二段。"]


def test_spec_without_issuer_or_date_has_no_closing_blocks():
    blocks = numbered_blocks(DocumentSpec("标题", ()))
    assert blocks == [Block("title", "标题")]


def test_date_of_issue_has_no_leading_zeros():
    assert format_date_of_issue(datetime.date(2024, 3, 5)) == "2024年3月5日"
    assert format_date_of_issue(datetime.date(2024, 12, 31)) == "2024年12月31日"
