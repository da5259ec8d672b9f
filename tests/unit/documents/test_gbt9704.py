"""The DOCX renderer, read back with python-docx and lxml against GB/T 9704-2012's numbers."""

from __future__ import annotations

import dataclasses
import datetime
import io
import zipfile

import docx
import pytest
from docx.document import Document as WordDocument
from lxml import etree

from webapp.documents.gbt9704 import DocxCache, render_docx
from webapp.documents.model import DocumentSpec
from webapp.text.nodes import OutlineNode

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def xpath(element: object, path: str) -> list:
    return etree.XPath(path, namespaces=NS)(element)


def attr(name: str) -> str:
    return f"{{{W}}}{name}"


def open_docx(spec: DocumentSpec) -> WordDocument:
    return docx.Document(io.BytesIO(render_docx(spec, DocxCache())))


def style_element(document: WordDocument, style_id: str) -> etree._Element:
    return document.styles.element.xpath(f'w:style[@w:styleId="{style_id}"]')[0]


def effective(document: WordDocument, style_id: str, path: str, name: str) -> str | None:
    """A style property as Word resolves it: the style, its basedOn chain, then docDefaults."""
    while style_id:
        style = style_element(document, style_id)
        found = xpath(style, path)
        if found and found[0].get(attr(name)) is not None:
            return found[0].get(attr(name))
        based_on = xpath(style, "w:basedOn/@w:val")
        style_id = based_on[0] if based_on else ""
    defaults = xpath(document.styles.element, f"w:docDefaults//{path}")
    return defaults[0].get(attr(name)) if defaults else None


def paragraph_rows(document: WordDocument) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


@pytest.fixture
def document(spec: DocumentSpec) -> WordDocument:
    return open_docx(spec)


def test_page_is_a4_with_the_standard_margins(document):
    sect_pr = document.sections[0]._sectPr
    size = sect_pr.find(attr("pgSz"))
    margins = sect_pr.find(attr("pgMar"))
    assert (size.get(attr("w")), size.get(attr("h"))) == ("11906", "16838")
    assert {k: margins.get(attr(k)) for k in ("top", "bottom", "left", "right")} == {
        "top": "2098",
        "bottom": "1984",
        "left": "1587",
        "right": "1474",
    }
    assert 11906 - 1587 - 1474 == 8845 and 16838 - 2098 - 1984 == 12756


def test_grid_of_579_twips_holds_exactly_22_lines(document):
    grid = document.sections[0]._sectPr.find(attr("docGrid"))
    assert grid.get(attr("type")) == "lines"
    assert grid.get(attr("linePitch")) == "579"
    assert 22 * 579 <= 12756 < 23 * 579


def test_body_is_16pt_fangsong_justified_on_exact_579_twip_lines(document):
    assert effective(document, "TonggaoBody", "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert effective(document, "TonggaoBody", "w:rPr/w:rFonts", "hint") == "eastAsia"
    assert effective(document, "TonggaoBody", "w:rPr/w:sz", "val") == "32"
    assert effective(document, "TonggaoBody", "w:pPr/w:jc", "val") == "both"
    assert effective(document, "TonggaoBody", "w:pPr/w:spacing", "line") == "579"
    assert effective(document, "TonggaoBody", "w:pPr/w:spacing", "lineRule") == "exact"


def test_body_has_a_two_character_first_line_indent(document):
    assert effective(document, "TonggaoBody", "w:pPr/w:ind", "firstLineChars") == "200"
    assert effective(document, "TonggaoBody", "w:pPr/w:ind", "firstLine") == "630"


def test_28_characters_fit_the_type_area_width(document):
    spacing = int(effective(document, "TonggaoBody", "w:rPr/w:spacing", "val"))
    advance_twips = 16 * 20 + spacing
    assert 28 * advance_twips <= 8845 < 29 * advance_twips


def test_title_is_22pt_xiaobiaosong_centred_and_off_the_grid(document):
    assert effective(document, "TonggaoTitle", "w:rPr/w:rFonts", "eastAsia") == "方正小标宋简体"
    assert effective(document, "TonggaoTitle", "w:rPr/w:sz", "val") == "44"
    assert effective(document, "TonggaoTitle", "w:pPr/w:jc", "val") == "center"
    assert effective(document, "TonggaoTitle", "w:pPr/w:snapToGrid", "val") == "0"


@pytest.mark.parametrize(
    ("style_id", "font"),
    [
        ("Heading1", "黑体"),
        ("Heading2", "楷体_GB2312"),
        ("Heading3", "仿宋_GB2312"),
        ("Heading4", "仿宋_GB2312"),
        ("TonggaoPart", "黑体"),
    ],
)
def test_heading_faces_by_level_are_16pt_and_not_bold(document, style_id, font):
    assert effective(document, style_id, "w:rPr/w:rFonts", "eastAsia") == font
    assert effective(document, style_id, "w:rPr/w:sz", "val") == "32"
    assert not xpath(style_element(document, style_id), ".//w:b")


def test_part_heading_is_centred_without_indent(document):
    assert effective(document, "TonggaoPart", "w:pPr/w:jc", "val") == "center"
    assert effective(document, "TonggaoPart", "w:pPr/w:ind", "firstLine") == "0"


def test_document_defaults_declare_chinese_and_the_east_asian_face(document):
    defaults = document.styles.element.find(attr("docDefaults"))
    assert xpath(defaults, ".//w:lang/@w:eastAsia") == ["zh-CN"]
    assert xpath(defaults, ".//w:rFonts/@w:eastAsia") == ["仿宋_GB2312"]


def test_paragraphs_are_numbered_styled_and_in_order(document):
    sentence = "为深入贯彻落实党中央、国务院决策部署，全面推进各项工作任务落地见效，"
    sentence += "我们坚持稳中求进工作总基调。"
    assert paragraph_rows(document) == [
        ("公文标题", "某某市发展和改革委员会\n2020年工作总结和2021年工作思路"),
        ("公文正文", "2020年，在市委、市政府的坚强领导下，我委圆满完成各项任务。"),
        ("部分标题", "2020年工作总结"),
        ("公文正文", "这一年，我们迎难而上、砥砺前行。"),
        ("Heading 1", "一、经济运行稳中向好"),
        ("公文正文", sentence),
        ("公文正文", "全年地区生产总值增长3.5%，高于全省平均水平。"),
        ("Heading 2", "（一）项目建设提速增效"),
        ("公文正文", sentence),
        ("公文正文", "1.抓好重大项目。全年实施“十大工程”。"),
        ("公文正文", "2.强化要素保障。" + sentence),
        ("公文正文", "土地、资金、能耗指标优先保障重点项目。"),
        ("Heading 4", "（1）土地保障"),
        ("公文正文", sentence),
        ("Heading 4", "（2）资金保障"),
        ("公文正文", sentence),
        ("Heading 2", "（二）改革开放持续深化"),
        ("公文正文", sentence),
        ("Heading 1", "二、民生保障有力有效"),
        ("公文正文", sentence * 2),
        ("部分标题", "2021年工作思路"),
        ("Heading 1", "一、总体要求"),
        ("公文正文", sentence),
        ("Heading 1", "二、重点任务"),
        ("公文正文", sentence),
        ("Heading 2", "（一）着力扩大有效投资"),
        ("公文正文", sentence),
        ("公文正文", ""),
        ("发文机关署名", "某某市发展和改革委员会"),
        ("成文日期", "2021年1月8日"),
    ]


def test_run_in_item_keeps_heading_face_inside_one_body_paragraph():
    spec = DocumentSpec(
        "标题",
        (OutlineNode("numbered", 1, "坚持党的领导。", "全面加强党的建设。", run_in=True),),
    )
    paragraph = open_docx(spec).paragraphs[1]
    runs = [(run.style.name, run.text) for run in paragraph.runs]
    assert paragraph.style.name == "公文正文"
    assert runs == [
        ("一级标题字符", "一、坚持党的领导。"),
        ("Default Paragraph Font", "全面加强党的建设。"),
    ]


def test_every_run_asks_for_the_east_asian_face():
    runs = open_docx(DocumentSpec("标题", (OutlineNode("preamble", 0, body="“十四五”——开局"),)))
    hints = xpath(runs.element.body, ".//w:r/w:rPr/w:rFonts/@w:hint")
    assert hints == ["eastAsia", "eastAsia"]


def test_issuer_and_date_sit_right_with_the_date_two_characters_further_in(document):
    signature, date = document.paragraphs[-2:]
    signature_indent = xpath(signature._p, "w:pPr/w:ind")[0]
    date_indent = xpath(date._p, "w:pPr/w:ind")[0]
    # 某某市发展和改革委员会 is 11 characters, 2021年1月8日 6 (digits are half width):
    # the date starts 2 characters right of the issuer, so its right indent is 2 + 11 − 2 − 6.
    assert signature_indent.get(attr("rightChars")) == "200"
    assert date_indent.get(attr("rightChars")) == "500"
    for style_id in ("TonggaoSignature", "TonggaoDate"):
        assert effective(document, style_id, "w:pPr/w:jc", "val") == "right"
        assert effective(document, style_id, "w:rPr/w:sz", "val") == "32"


def footer_paragraph(part: object) -> etree._Element:
    return xpath(part.element, "w:p")[0]


def test_page_numbers_sit_on_the_outside_edge_of_odd_and_even_pages(document):
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    odd = footer_paragraph(section.footer.part)
    even = footer_paragraph(section.even_page_footer.part)
    assert xpath(odd, "w:pPr/w:jc/@w:val") == ["right"]
    assert xpath(odd, "w:pPr/w:ind/@w:right") == ["280"]
    assert xpath(even, "w:pPr/w:jc/@w:val") == ["left"]
    assert xpath(even, "w:pPr/w:ind/@w:left") == ["280"]


def test_page_number_is_a_page_field_between_dashes_in_14pt_songti(document):
    odd = footer_paragraph(document.sections[0].footer.part)
    assert "".join(xpath(odd, ".//w:t/text()")) == "— 1 —"
    assert xpath(odd, ".//w:instrText/text()") == [" PAGE "]
    assert effective(document, "TonggaoPageNumber", "w:rPr/w:rFonts", "eastAsia") == "宋体"
    assert effective(document, "TonggaoPageNumber", "w:rPr/w:sz", "val") == "28"


def test_footer_puts_the_dashes_7mm_below_the_type_area(document):
    section = document.sections[0]
    line_twips = int(effective(document, "TonggaoPageNumber", "w:pPr/w:spacing", "line"))
    dash_from_page_bottom = section.footer_distance.twips + line_twips // 2
    assert 1984 - dash_from_page_bottom == 397  # 7 mm


def test_draft_copy_carries_the_mark_on_odd_and_even_headers(draft_spec):
    section = open_docx(draft_spec).sections[0]
    for header in (section.header, section.even_page_header):
        assert [p.text for p in header.paragraphs] == ["征求意见稿"]


def test_draft_copy_carries_a_watermark_behind_the_text(draft_spec):
    section = open_docx(draft_spec).sections[0]
    vml = {"v": "urn:schemas-microsoft-com:vml"}
    for header in (section.header, section.even_page_header):
        shapes = etree.XPath("//v:shape", namespaces=vml)(header.part.element)
        assert [shape.get("id").startswith("PowerPlusWaterMarkObject") for shape in shapes] == [
            True
        ]
        assert etree.XPath("//v:textpath/@string", namespaces=vml)(shapes[0]) == ["征求意见稿"]


def test_final_copy_has_no_header(document):
    section = document.sections[0]
    assert section.header.is_linked_to_previous
    assert not any(p.text for p in section.header.paragraphs)


def test_styles_are_real_word_styles_with_english_ids(document):
    names = {
        "TonggaoTitle": "公文标题",
        "TonggaoPart": "部分标题",
        "TonggaoBody": "公文正文",
    }
    for style_id, name in names.items():
        assert document.styles[name].style_id == style_id
    assert document.styles["Heading 1"].base_style.name == "Normal"


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_headings_use_words_builtin_styles_with_outline_levels(document, level):
    style = style_element(document, f"Heading{level}")
    assert xpath(style, "w:name/@w:val") == [f"heading {level}"]
    assert style.get(attr("customStyle")) is None
    assert xpath(style, "w:pPr/w:outlineLvl/@w:val") == [str(level - 1)]


def test_no_blue_calibri_template_style_is_left(document):
    ids = set(xpath(document.styles.element, "w:style/@w:styleId"))
    assert not ids & {"Title", "Heading5", "Heading1Char", "Quote", "IntenseQuote", "TableGrid"}
    assert not xpath(document.styles.element, ".//w:color")
    assert not xpath(document.styles.element, ".//w:rFonts[@w:asciiTheme]")


def test_normal_style_lets_punctuation_overflow_the_line(document):
    # Without it LibreOffice hangs a line-final 。 into the margin and the PDF loses it.
    assert effective(document, "Normal", "w:pPr/w:overflowPunct", "val") == "1"


def test_long_title_breaks_between_words_with_explicit_line_breaks():
    title = "市卫生健康委员会2021年上半年工作总结暨下半年重点工作安排及二〇二二年工作谋划"
    paragraph = open_docx(DocumentSpec(title, ())).paragraphs[0]
    assert len(xpath(paragraph._p, ".//w:br")) == 1
    assert paragraph.text.split("\n") == [
        "市卫生健康委员会2021年上半年工作总结暨",
        "下半年重点工作安排及二〇二二年工作谋划",
    ]


def test_document_number_above_the_title_and_addressee_below_it():
    spec = DocumentSpec(
        "关于报送2020年工作总结的报告",
        (OutlineNode("preamble", 0, body="现将有关情况报告如下。"),),
        doc_number="某发改〔2021〕3号",
        addressee="市发展和改革委员会",
    )
    assert paragraph_rows(open_docx(spec)) == [
        ("发文字号", "某发改〔2021〕3号"),
        ("公文标题", "关于报送2020年工作总结的报告"),
        ("主送机关", "市发展和改革委员会："),
        ("公文正文", "现将有关情况报告如下。"),
    ]


def section_texts(nodes: tuple[OutlineNode, ...]) -> str:
    return "".join(n.heading + n.body + section_texts(n.children) for n in nodes)


def without_whitespace(text: str) -> str:
    return "".join(text.split())


def is_subsequence(needle: str, haystack: str) -> bool:
    remaining = iter(haystack)
    return all(character in remaining for character in needle)


def test_every_character_of_every_heading_and_body_appears_in_order(spec):
    text = "\n".join(p.text for p in open_docx(spec).paragraphs)
    assert is_subsequence(
        without_whitespace(section_texts(spec.sections)), without_whitespace(text)
    )


def test_markup_characters_survive_and_xml_breaking_controls_are_dropped():
    body = "A&B <tag> “引号” 5>3\x0b\x01结束"
    spec = DocumentSpec("R&D <报告>", (OutlineNode("preamble", 0, body=body),))
    document = open_docx(spec)
    assert [p.text for p in document.paragraphs] == ["R&D <报告>", "A&B <tag> “引号” 5>3结束"]


def test_same_spec_gives_the_same_bytes_with_fixed_zip_timestamps(spec):
    first = render_docx(spec, DocxCache())
    second = render_docx(spec)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"
        assert not any("thumbnail" in n or "WithEffects" in n for n in package.namelist())


def test_core_properties_come_from_the_spec(document):
    properties = document.core_properties
    assert properties.title == "某某市发展和改革委员会2020年工作总结和2021年工作思路"
    assert properties.author == "某某市发展和改革委员会"
    assert properties.created == datetime.datetime(2021, 1, 8, tzinfo=datetime.UTC)
    assert properties.modified == datetime.datetime(2021, 1, 8, tzinfo=datetime.UTC)


def test_re_render_after_one_changed_section_reuses_every_other_paragraph(spec):
    cache = DocxCache()
    render_docx(spec, cache)
    first_misses = cache.paragraph_misses
    changed = dataclasses.replace(spec.sections[0], body="修改后的前言。")
    render_docx(dataclasses.replace(spec, sections=(changed, *spec.sections[1:])), cache)
    assert cache.paragraph_misses == first_misses + 1


def test_paragraph_cache_is_bounded():
    cache = DocxCache(max_paragraphs=3)
    spec = DocumentSpec("标题", (OutlineNode("preamble", 0, body="甲\n乙\n丙\n丁"),))
    uncached = render_docx(spec, DocxCache())
    assert render_docx(spec, cache) == uncached
    assert render_docx(spec, cache) == uncached


def test_subtree_cache_is_bounded_by_its_size():
    cache = DocxCache(max_section_chars=1)
    spec = DocumentSpec("标题", (OutlineNode("numbered", 1, "甲", "乙"),))
    uncached = render_docx(spec, DocxCache())
    assert render_docx(spec, cache) == uncached
    assert render_docx(spec, cache) == uncached
    assert cache.section_chars <= 1
