"""Plain-text and Markdown exports: same numbering as the DOCX, every character kept."""

from __future__ import annotations

from webapp.documents.model import DocumentSpec
from webapp.documents.plaintext import render_markdown, render_txt
from webapp.text.nodes import OutlineNode

SENTENCE = "全面推进各项工作任务落地见效，我们坚持稳中求进工作总基调。"


def test_txt_starts_with_title_lines_and_a_blank_line(spec):
    lines = render_txt(spec).decode().split("\n")
    assert lines[:4] == [
        "某某市发展和改革委员会",
        "2020年工作总结和2021年工作思路",
        "",
        "　　2020年，在市委、市政府的坚强领导下，我委圆满完成各项任务。",
    ]


def test_txt_indents_headings_and_paragraphs_with_two_full_width_spaces(spec):
    lines = render_txt(spec).decode().split("\n")
    assert "2020年工作总结" in lines
    assert "　　一、经济运行稳中向好" in lines
    assert "　　（一）项目建设提速增效" in lines
    assert "　　1.抓好重大项目。全年实施“十大工程”。" in lines
    assert "　　（1）土地保障" in lines
    assert lines.index("2021年工作思路") + 1 == lines.index("　　一、总体要求")


def test_txt_ends_with_blank_line_issuer_date_and_a_final_lf(spec):
    text = render_txt(spec).decode()
    assert text.endswith("\n\n某某市发展和改革委员会\n2021年1月8日\n")
    assert "\r" not in text


def test_txt_keeps_every_character_in_order(spec):
    text = "".join(render_txt(spec).decode().split())
    expected = "".join("".join(n.heading + n.body for n in walk(spec.sections)).split())
    remaining = iter(text)
    assert all(character in remaining for character in expected)


def walk(nodes: tuple[OutlineNode, ...]) -> list[OutlineNode]:
    return [m for n in nodes for m in (n, *walk(n.children))]


def test_markdown_maps_title_parts_and_levels_to_heading_marks(spec):
    lines = render_markdown(spec).decode().split("\n\n")
    assert lines[0] == "# 某某市发展和改革委员会2020年工作总结和2021年工作思路"
    assert "## 2020年工作总结" in lines
    assert "### 一、经济运行稳中向好" in lines
    assert "#### （一）项目建设提速增效" in lines
    assert "###### （1）土地保障" in lines


def test_markdown_without_parts_starts_numbered_headings_at_level_two():
    spec = DocumentSpec("标题", (OutlineNode("numbered", 1, "总体要求", SENTENCE),))
    assert render_markdown(spec).decode() == f"# 标题\n\n## 一、总体要求\n\n{SENTENCE}\n"


def test_markdown_bolds_run_in_heading_and_leaves_final_punctuation_outside(spec):
    paragraphs = render_markdown(spec).decode().split("\n\n")
    assert "**1.抓好重大项目**。全年实施“十大工程”。" in paragraphs


def test_markdown_escapes_markup_and_list_like_paragraph_starts():
    body = "1. 不是列表\n# 不是标题\n*强调* [链接](x) <b> A&B"
    spec = DocumentSpec("标题", (OutlineNode("preamble", 0, body=body),))
    paragraphs = render_markdown(spec).decode().rstrip("\n").split("\n\n")
    assert paragraphs[1:] == [
        "1\\. 不是列表",
        "\\# 不是标题",
        "\\*强调\\* \\[链接\\](x) \\<b\\> A\\&B",
    ]


def test_draft_txt_says_it_is_a_draft_on_its_first_line(draft_spec, spec):
    assert render_txt(draft_spec).decode().split("\n")[:3] == [
        "【征求意见稿】",
        "",
        "某某市发展和改革委员会",
    ]
    assert "征求意见稿" not in render_txt(spec).decode()


def test_draft_markdown_says_it_is_a_draft_before_the_title(draft_spec, spec):
    assert render_markdown(draft_spec).decode().startswith("**【征求意见稿】**\n\n# ")
    assert "征求意见稿" not in render_markdown(spec).decode()


def test_txt_puts_document_number_above_and_addressee_below_the_title():
    spec = DocumentSpec(
        "关于报送工作总结的报告",
        (OutlineNode("preamble", 0, body="现报告如下。"),),
        doc_number="某发改〔2021〕3号",
        addressee="市发展和改革委员会：",
    )
    assert render_txt(spec).decode().split("\n") == [
        "某发改〔2021〕3号",
        "关于报送工作总结的报告",
        "",
        "市发展和改革委员会：",
        "　　现报告如下。",
        "",
    ]
