"""parse_docx on Word files built in the test with python-docx."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from webapp.text.docx_import import CorruptDocx, parse_docx
from webapp.text.nodes import OutlineNode


def _bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _tree(nodes: tuple[OutlineNode, ...]) -> list[tuple]:
    return [(n.kind, n.level, n.heading, n.run_in, n.body, _tree(n.children)) for n in nodes]


def test_heading_styles_give_levels_without_typed_numbers() -> None:
    document = docx.Document()
    document.add_paragraph("来源：网络整理，仅供参考！")
    document.add_heading("县发改局2020年工作总结", level=0)
    document.add_paragraph("2020年，我局较好完成了全年目标任务。")
    document.add_heading("主要经济指标稳中有进", level=1)
    document.add_paragraph("全年实现地区生产总值增长5%。")
    document.add_heading("重点项目建设", level=1)
    document.add_heading("项目谋划", level=2)
    document.add_paragraph("谋划储备重大项目120个。")
    parsed = parse_docx(_bytes(document))
    assert parsed.title == "县发改局2020年工作总结"
    assert parsed.dropped == ("来源：网络整理，仅供参考！",)
    assert _tree(parsed.sections) == [
        ("preamble", 0, "", False, "2020年，我局较好完成了全年目标任务。", []),
        ("numbered", 1, "主要经济指标稳中有进", False, "全年实现地区生产总值增长5%。", []),
        (
            "numbered",
            1,
            "重点项目建设",
            False,
            "",
            [("numbered", 2, "项目谋划", False, "谋划储备重大项目120个。", [])],
        ),
    ]


def test_word_list_numbering_becomes_level_three_run_in_items() -> None:
    document = docx.Document()
    document.add_heading("工作总结", level=0)
    document.add_heading("重点项目建设扎实推进", level=1)
    document.add_paragraph("项目谋划储备持续加强。围绕国家政策投向。", style="List Number")
    document.add_paragraph("项目建设提速提效。全年新开工项目20个。", style="List Number")
    (section,) = parse_docx(_bytes(document)).sections
    assert [(c.level, c.heading, c.run_in, c.body) for c in section.children] == [
        (3, "项目谋划储备持续加强。", True, "围绕国家政策投向。"),
        (3, "项目建设提速提效。", True, "全年新开工项目20个。"),
    ]


def test_typed_numbers_in_plain_paragraphs_use_the_text_rules() -> None:
    document = docx.Document()
    for line in [
        "县发改局2020年工作总结和2021年工作思路",
        "2020年，我局认真履职。",
        "一、主要经济指标稳中有进",
        "1、项目谋划储备持续加强。围绕国家政策投向。",
        "2021年工作思路",
        "2021年是开局之年。",
        "一、科学编制规划",
    ]:
        document.add_paragraph(line)
    parsed = parse_docx(_bytes(document))
    assert parsed.title == "县发改局2020年工作总结和2021年工作思路"
    kinds = [(n.kind, n.heading) for n in parsed.sections]
    assert kinds == [
        ("preamble", ""),
        ("numbered", "主要经济指标稳中有进"),
        ("part", "2021年工作思路"),
    ]
    assert parsed.sections[1].children[0].heading == "项目谋划储备持续加强。"
    assert parsed.sections[2].children[0].heading == "科学编制规划"


def test_typed_number_in_a_heading_style_is_not_doubled() -> None:
    document = docx.Document()
    document.add_heading("工作总结", level=0)
    document.add_heading("一、总体情况", level=1)
    document.add_heading("（一）经济运行", level=2)
    (section,) = parse_docx(_bytes(document)).sections
    assert (section.heading, section.children[0].heading) == ("总体情况", "经济运行")


def test_part_heading_between_heading_styles_restarts_numbering() -> None:
    document = docx.Document()
    document.add_heading("工作总结和工作思路", level=0)
    document.add_heading("主要成效", level=1)
    document.add_heading("存在问题", level=1)
    document.add_paragraph("2021年工作思路")
    document.add_paragraph("2021年是开局之年。")
    document.add_heading("科学编制规划", level=1)
    parsed = parse_docx(_bytes(document))
    assert [(n.kind, n.heading) for n in parsed.sections] == [
        ("numbered", "主要成效"),
        ("numbered", "存在问题"),
        ("part", "2021年工作思路"),
    ]
    assert parsed.sections[2].body == "2021年是开局之年。"
    assert [c.heading for c in parsed.sections[2].children] == ["科学编制规划"]


def test_line_breaks_and_tables_keep_their_text() -> None:
    document = docx.Document()
    document.add_heading("工作总结", level=0)
    document.add_heading("主要指标", level=1)
    paragraph = document.add_paragraph("第一行内容。")
    paragraph.add_run().add_break()
    paragraph.add_run("第二行内容。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "地区生产总值"
    table.cell(0, 1).text = "120亿元"
    (section,) = parse_docx(_bytes(document)).sections
    assert section.body == "第一行内容。\n第二行内容。\n地区生产总值\t120亿元"


def test_document_without_styles_reads_like_plain_text() -> None:
    document = docx.Document()
    for line in ["报告", "前言。", "一、甲", "正文。"]:
        document.add_paragraph(line)
    parsed = parse_docx(_bytes(document))
    assert parsed.title == "报告"
    assert [(n.kind, n.heading, n.body) for n in parsed.sections] == [
        ("preamble", "", "前言。"),
        ("numbered", "甲", "正文。"),
    ]


@pytest.mark.parametrize(
    "data",
    [b"", b"not a zip at all", b"PK\x03\x04truncated"],
    ids=["empty", "text", "truncated-zip"],
)
def test_corrupt_files_raise_a_clear_error(data: bytes) -> None:
    with pytest.raises(CorruptDocx, match="无法读取该 Word 文件"):
        parse_docx(data)


def test_zip_that_is_not_a_word_document_is_rejected() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(CorruptDocx):
        parse_docx(buffer.getvalue())


def test_legacy_doc_gets_its_own_message() -> None:
    with pytest.raises(CorruptDocx, match=r"\.doc"):
        parse_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)


def test_corrupt_docx_is_a_value_error() -> None:
    assert issubclass(CorruptDocx, ValueError)
