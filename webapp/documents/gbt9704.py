"""Render a DocumentSpec as a DOCX in the GB/T 9704-2012 layout (A4, 22 lines × 28 characters).

The package is built in two layers so a re-assembly after one changed section is cheap:

- a skeleton (styles, settings, page setup, headers and footers, fonts table) made once per
  `draft` flag with python-docx and kept as finished zip bytes;
- the body: one WordprocessingML paragraph string per numbered block, memoised in a
  `DocxCache` keyed by the block itself (number, heading, body text, run-in flag), and the
  XML of each section's subtree keyed by its node and number, so an unchanged chapter costs
  one lookup and a changed one re-renders only the path down to the change.

Every paragraph refers to a real Word style (公文标题, 部分标题, 公文正文 …); the four heading
levels use Word's built-in Heading 1 … Heading 4, restyled (一、 黑体, （一） 楷体, 1./（1） 仿宋)
with their outline levels, so the navigation pane, a table of contents and WPS's 标题 1–4 work.
The unused styles of python-docx's template (blue Calibri headings, Title, Quote, tables …)
are removed. The same spec always yields the same bytes: zip entries carry a fixed timestamp
and the core properties derive from the spec.

Part headings (“2021年工作思路”) are set as 部分标题: 黑体 3号, centred, no indent, one grid
line — a rank above 一、 headings, which are 黑体 but indented like the body.
"""

from __future__ import annotations

import io
import threading
import unicodedata
import zipfile
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import KW_ONLY, dataclass
from xml.sax.saxutils import escape

import docx
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Twips
from lxml import etree

from webapp.documents.model import (
    DRAFT_MARK,
    Block,
    DocumentSpec,
    closing_blocks,
    front_blocks,
    own_blocks,
)
from webapp.documents.title import title_lines
from webapp.text.nodes import OutlineNode, numbered_siblings

# GB/T 9704-2012 §5.2.1: A4 paper (210 × 297 mm).
PAGE_WIDTH_TWIPS = 11906
PAGE_HEIGHT_TWIPS = 16838
# GB/T 9704-2012 §5.2.1 页边与版心: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm,
# leaving a 156 × 225 mm type area (8845 × 12756 twips).
MARGIN_TOP_TWIPS = 2098
MARGIN_BOTTOM_TWIPS = 1984
MARGIN_LEFT_TWIPS = 1587
MARGIN_RIGHT_TWIPS = 1474
TYPE_AREA_WIDTH_TWIPS = PAGE_WIDTH_TWIPS - MARGIN_LEFT_TWIPS - MARGIN_RIGHT_TWIPS
TYPE_AREA_HEIGHT_TWIPS = PAGE_HEIGHT_TWIPS - MARGIN_TOP_TWIPS - MARGIN_BOTTOM_TWIPS
# GB/T 9704-2012 §7.3.3: body in 3号 (16 pt); §7.3.1: title in 2号 (22 pt); §7.5: page numbers 4号.
BODY_SIZE_HALF_POINTS = 32
TITLE_SIZE_HALF_POINTS = 44
PAGE_NUMBER_SIZE_HALF_POINTS = 28
# GB/T 9704-2012 §5.2.2: 22 lines of 28 characters.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# Exact 579-twip lines on a grid of the same pitch: 22 × 579 = 12738 ≤ 12756 (580 overflows).
LINE_PITCH_TWIPS = TYPE_AREA_HEIGHT_TWIPS // LINES_PER_PAGE
# 28 characters: a `lines` grid plus −5 twips (−0.25 pt) character spacing on the 16 pt runs,
# so each character advances 315 twips and 28 × 315 = 8820 fit the 8845-twip line. (A
# linesAndChars grid with w:charSpace would suit Word, but LibreOffice lets a 16 pt character
# wider than the 15.8 pt cell take two cells, halving the line.)
CHAR_ADVANCE_TWIPS = TYPE_AREA_WIDTH_TWIPS // CHARS_PER_LINE
BODY_CHARACTER_SPACING = CHAR_ADVANCE_TWIPS - BODY_SIZE_HALF_POINTS * 10  # twentieths of a pt
FIRST_LINE_INDENT_TWIPS = 2 * CHAR_ADVANCE_TWIPS
# GB/T 9704-2012 §7.5: the page number's dashes (一字线) 7 mm below the type area, one 4号
# character in from the outside edge. The footer line is an exact 14 pt with the dash at its
# middle, and Word measures the footer distance to the line's bottom.
PAGE_NUMBER_LINE_TWIPS = 280
PAGE_NUMBER_INDENT_TWIPS = 280
SEVEN_MM_TWIPS = 397
FOOTER_DISTANCE_TWIPS = MARGIN_BOTTOM_TWIPS - SEVEN_MM_TWIPS - PAGE_NUMBER_LINE_TWIPS // 2
HEADER_DISTANCE_TWIPS = 851  # 15 mm: the draft mark sits well above the type area

# The faces offices have installed; Word/WPS show them as is, the PDF maps them by fontconfig.
FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
# What Word should fall back to where the _GB2312 faces are missing (Windows ships 仿宋, 楷体).
_FONT_ALTERNATIVES = {
    FANGSONG: "仿宋",
    KAITI: "楷体",
    HEITI: "SimHei",
    XIAOBIAOSONG: "宋体",
    SONGTI: "SimSun",
}

_PARAGRAPH_CACHE_SIZE = 50_000
_SECTION_CACHE_CHARS = 20_000_000  # about 40 MB of subtree XML
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
_PER_DOCUMENT_PARTS = ("word/document.xml", "docProps/core.xml")


@dataclass(frozen=True)
class _ParagraphStyle:
    style_id: str
    name: str
    font: str
    _: KW_ONLY
    is_builtin: bool = False
    size_half_points: int = BODY_SIZE_HALF_POINTS
    alignment: str = "both"
    first_line_indent: bool = True
    keep_next: bool = False
    snap_to_grid: bool = True
    outline_level: int | None = None
    space_after_twips: int = 0
    character_spacing: int = BODY_CHARACTER_SPACING


# GB/T 9704-2012 §7.3.1 (title), §7.3.3 (body and the four heading levels).
_PARAGRAPH_STYLES = (
    _ParagraphStyle(
        "TonggaoTitle",
        "公文标题",
        XIAOBIAOSONG,
        size_half_points=TITLE_SIZE_HALF_POINTS,
        alignment="center",
        first_line_indent=False,
        keep_next=True,
        snap_to_grid=False,
        space_after_twips=LINE_PITCH_TWIPS,
        character_spacing=0,
    ),
    # §7.2.4: 发文字号 centred, two lines above the title (§7.3.1).
    _ParagraphStyle(
        "TonggaoDocNumber",
        "发文字号",
        FANGSONG,
        alignment="center",
        first_line_indent=False,
        keep_next=True,
        space_after_twips=2 * LINE_PITCH_TWIPS,
    ),
    # §7.3.2: 主送机关 one line below the title, flush left, lines run on flush left.
    _ParagraphStyle(
        "TonggaoAddressee", "主送机关", FANGSONG, first_line_indent=False, keep_next=True
    ),
    _ParagraphStyle(
        "TonggaoPart",
        "部分标题",
        HEITI,
        alignment="center",
        first_line_indent=False,
        keep_next=True,
        outline_level=0,
    ),
    # Word's own heading styles, so navigation pane, TOC and WPS's 标题 1–4 know them.
    *(
        _ParagraphStyle(
            f"Heading{level}",
            f"heading {level}",
            font,
            is_builtin=True,
            keep_next=True,
            outline_level=level - 1,
        )
        for level, font in enumerate((HEITI, KAITI, FANGSONG, FANGSONG), start=1)
    ),
    _ParagraphStyle("TonggaoBody", "公文正文", FANGSONG),
    _ParagraphStyle(
        "TonggaoSignature", "发文机关署名", FANGSONG, alignment="right", first_line_indent=False
    ),
    _ParagraphStyle(
        "TonggaoDate", "成文日期", FANGSONG, alignment="right", first_line_indent=False
    ),
)
# A run-in heading (“1.标题句。正文”) keeps its level's face inside a body paragraph.
_HEADING_CHARACTER_STYLES = (
    ("TonggaoHeading1Char", "一级标题字符", HEITI),
    ("TonggaoHeading2Char", "二级标题字符", KAITI),
    ("TonggaoHeading3Char", "三级标题字符", FANGSONG),
    ("TonggaoHeading4Char", "四级标题字符", FANGSONG),
)


@dataclass(frozen=True)
class _Skeleton:
    """A finished package minus word/document.xml and docProps/core.xml."""

    package_zip: bytes
    document_head: str
    document_tail: str


class DocxCache:
    """Memoised skeletons, top-level sections' XML and paragraph XML, shared across renders
    (thread-safe, bounded)."""

    def __init__(
        self,
        max_paragraphs: int = _PARAGRAPH_CACHE_SIZE,
        max_section_chars: int = _SECTION_CACHE_CHARS,
    ) -> None:
        self._max_paragraphs = max_paragraphs
        self._paragraphs: OrderedDict[Block, str] = OrderedDict()
        # Subtree XML is large (a whole chapter): bounded by its total size, not a count.
        self._max_section_chars = max_section_chars
        self._section_chars = 0
        self._sections: OrderedDict[tuple[OutlineNode, str], str] = OrderedDict()
        self._skeletons: dict[bool, _Skeleton] = {}
        self._lock = threading.Lock()
        self.paragraph_hits = 0
        self.paragraph_misses = 0

    @property
    def section_chars(self) -> int:
        """Characters of subtree XML held now."""
        return self._section_chars

    def skeleton(self, draft: bool) -> _Skeleton:
        with self._lock:
            if draft not in self._skeletons:
                self._skeletons[draft] = _build_skeleton(draft)
            return self._skeletons[draft]

    def section_xml(self, node: OutlineNode, number: str) -> str:
        """A section and its subtree: an unchanged one costs one lookup, a changed one
        re-renders its own paragraphs and looks its children up the same way."""
        key = (node, number)
        with self._lock:
            xml = self._sections.get(key)
            if xml is not None:
                self._sections.move_to_end(key)
                return xml
        xml = "".join(self.paragraph_xml(b) for b in own_blocks(node, number))
        xml += "".join(self.section_xml(c, n) for c, n in numbered_siblings(node.children))
        with self._lock:
            if key not in self._sections:
                self._sections[key] = xml
                self._section_chars += len(xml)
            while self._section_chars > self._max_section_chars and self._sections:
                self._section_chars -= len(self._sections.popitem(last=False)[1])
        return xml

    def paragraph_xml(self, block: Block) -> str:
        with self._lock:
            xml = self._paragraphs.get(block)
            if xml is not None:
                self._paragraphs.move_to_end(block)
                self.paragraph_hits += 1
                return xml
            self.paragraph_misses += 1
        xml = block_xml(block)
        with self._lock:
            self._paragraphs[block] = xml
            if len(self._paragraphs) > self._max_paragraphs:
                self._paragraphs.popitem(last=False)
        return xml


_SHARED_CACHE = DocxCache()


def render_docx(spec: DocumentSpec, cache: DocxCache | None = None) -> bytes:
    """The GB/T 9704-2012 DOCX for `spec`; pass a DocxCache to control memoisation."""
    cache = cache if cache is not None else _SHARED_CACHE
    body = [cache.paragraph_xml(b) for b in front_blocks(spec)]
    body.extend(
        cache.section_xml(node, number) for node, number in numbered_siblings(spec.sections)
    )
    closing = closing_blocks(spec)
    if closing:
        properties = closing_properties(closing)
        body.append(blank_line_xml())
        body.extend(block_xml(b, properties[b.kind]) for b in closing)
    return package_docx(spec, "".join(body), cache)


def package_docx(spec: DocumentSpec, body_xml: str, cache: DocxCache | None = None) -> bytes:
    """A finished DOCX around the body paragraphs' XML (styles, page setup, footers …)."""
    skeleton = (cache if cache is not None else _SHARED_CACHE).skeleton(spec.draft)
    document_xml = skeleton.document_head + body_xml + skeleton.document_tail
    return _finish_package(skeleton, document_xml, _core_properties_xml(spec))


# --- body paragraphs -------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A stretch of one paragraph's text in one character style ("" for the paragraph's)."""

    text: str
    character_style: str = ""


def block_layout(block: Block) -> tuple[str, tuple[Segment, ...]]:
    """The paragraph style of a block and its text in styled segments."""
    if block.kind == "heading" and block.run_in:
        # “1.标题句。正文” is one body paragraph; the heading keeps its level's face.
        heading = Segment(block.number + block.text, f"TonggaoHeading{block.level}Char")
        return "TonggaoBody", (heading, Segment(block.run_in_body))
    if block.kind == "heading":
        return f"Heading{block.level}", (Segment(block.number + block.text),)
    if block.kind == "title":
        # GB/T 9704-2012 §7.3.1: explicit breaks between words, so every word processor agrees.
        return "TonggaoTitle", (Segment("\n".join(title_lines(block.text))),)
    return _BLOCK_STYLES.get(block.kind, "TonggaoBody"), (Segment(block.text),)


_BLOCK_STYLES = {
    "part": "TonggaoPart",
    "doc_number": "TonggaoDocNumber",
    "addressee": "TonggaoAddressee",
    "signature": "TonggaoSignature",
    "date": "TonggaoDate",
}


def block_xml(block: Block, extra_properties: str = "") -> str:
    """One block as a paragraph; `extra_properties` go into its w:pPr (e.g. an indent)."""
    style, segments = block_layout(block)
    runs = "".join(run_xml(s.text, s.character_style) for s in segments if s.text)
    return paragraph_xml(style, runs, extra_properties)


def closing_properties(blocks: list[Block]) -> dict[str, str]:
    """GB/T 9704-2012 §7.3.5.2: the right indents of 发文机关署名 and 成文日期, by block kind;
    the date's first character sits two characters right of the issuing body's first."""
    texts = {b.kind: b.text for b in blocks if b.kind in ("signature", "date")}
    if not texts:
        return {}
    indents = _closing_indents(texts.get("signature", ""), texts.get("date", ""))
    return {kind: _right_indent(indents[kind]) for kind in texts}


def blank_line_xml() -> str:
    """An empty body paragraph: the blank line between the body and the 署名 (§7.3.5.2)."""
    return paragraph_xml("TonggaoBody", "")


def _closing_indents(signature: str, date: str) -> dict[str, float]:
    """Right indents in characters that put the date's first character two to the right of
    the issuing body's first character, with the smaller indent being two."""
    if not signature:
        return {"date": 4.0}
    if not date:
        return {"signature": 2.0}
    overhang = _width_in_chars(signature) - 2 - _width_in_chars(date)
    if overhang >= 0:
        return {"signature": 2.0, "date": 2.0 + overhang}
    return {"signature": 2.0 - overhang, "date": 2.0}


def _width_in_chars(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def _right_indent(chars: float) -> str:
    twips = round(chars * CHAR_ADVANCE_TWIPS)
    return f'<w:ind w:rightChars="{round(chars * 100)}" w:right="{twips}"/>'


def paragraph_xml(style_id: str, runs: str, extra_properties: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{extra_properties}</w:pPr>{runs}</w:p>'


def run_xml(text: str, character_style: str = "") -> str:
    """A run whose ambiguous characters (“” — …) take the East Asian face (w:hint)."""
    style = f'<w:rStyle w:val="{character_style}"/>' if character_style else ""
    content = escape(text).replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    content = content.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    return (
        f'<w:r><w:rPr>{style}<w:rFonts w:hint="eastAsia"/></w:rPr>'
        f'<w:t xml:space="preserve">{content}</w:t></w:r>'
    )


# --- the package around the body -------------------------------------------------------


def _core_properties_xml(spec: DocumentSpec) -> bytes:
    """docProps/core.xml from the spec alone, so equal specs give equal bytes."""
    creator = escape(spec.issuer.strip() or "统稿 Tonggao")
    dates = ""
    if spec.date_of_issue is not None:
        stamp = f"{spec.date_of_issue.isoformat()}T00:00:00Z"
        dates = (
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(spec.title.replace(chr(10), ''))}</dc:title>"
        f"<dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{creator}</cp:lastModifiedBy>"
        f"<cp:revision>1</cp:revision>{dates}</cp:coreProperties>"
    ).encode()


def _finish_package(skeleton: _Skeleton, document_xml: str, core_xml: bytes) -> bytes:
    # Appending to the finished skeleton zip reuses its compressed parts as they are.
    buffer = io.BytesIO(skeleton.package_zip)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as package:
        # Level 1: a third less time than the default on a long document.xml, a few per cent
        # larger; this part is compressed again on every render.
        package.writestr(_zip_entry("word/document.xml"), document_xml.encode(), compresslevel=1)
        package.writestr(_zip_entry("docProps/core.xml"), core_xml)
    return buffer.getvalue()


def _zip_entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=_ZIP_TIMESTAMP)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.create_system = 0
    entry.external_attr = 0
    return entry


_APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>Tonggao</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _build_skeleton(draft: bool) -> _Skeleton:
    document = docx.Document()
    _drop_template_extras(document)
    _install_styles(document)
    _install_settings(document)
    section = document.sections[0]
    _set_page_layout(section)
    _set_page_number_footers(section)
    if draft:
        _set_draft_headers(section)
    saved = io.BytesIO()
    document.save(saved)
    return _skeleton_from_package(saved.getvalue())


def _skeleton_from_package(package_bytes: bytes) -> _Skeleton:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package_bytes)) as source,
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        document_xml = source.read("word/document.xml").decode()
        for name in source.namelist():
            if name in _PER_DOCUMENT_PARTS:
                continue
            data = source.read(name)
            if name == "docProps/app.xml":
                data = _APP_XML
            elif name == "word/fontTable.xml":
                data = _fonts_table_xml(data)
            target.writestr(_zip_entry(name), data)
    head, body_tag, rest = document_xml.partition("<w:body>")
    tail_start = rest.rindex("<w:sectPr")
    return _Skeleton(buffer.getvalue(), head + body_tag, rest[tail_start:])


def _drop_template_extras(document: WordDocument) -> None:
    """python-docx's template carries a Word thumbnail, customXml and stylesWithEffects that
    describe an empty English document; none of them belongs in ours."""
    unwanted = ("thumbnail", "customXml", "stylesWithEffects")
    for rels in (document.part.package.rels, document.part.rels):
        for rId in [r for r, rel in rels.items() if rel.reltype.endswith(unwanted)]:
            del rels[rId]


# The template's styles Tonggao keeps: the defaults Word expects, and the header and footer
# styles the page number and draft mark build on. Every other one is dropped.
_KEPT_TEMPLATE_STYLES = frozenset(
    {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
    | {"Header", "HeaderChar", "Footer", "FooterChar"}
)


def _install_styles(document: WordDocument) -> None:
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEPT_TEMPLATE_STYLES:
            styles.remove(style)
    styles.replace(styles.find(qn("w:docDefaults")), parse_xml(_doc_defaults_xml()))
    normal = document.styles["Normal"].element
    styles.replace(normal, parse_xml(_normal_style_xml()))
    for style in _PARAGRAPH_STYLES:
        styles.append(parse_xml(_paragraph_style_xml(style)))
    for style_id, name, font in _HEADING_CHARACTER_STYLES:
        styles.append(parse_xml(_character_style_xml(style_id, name, font)))
    styles.append(parse_xml(_page_number_style_xml()))
    styles.append(parse_xml(_draft_mark_style_xml()))


def _fonts_xml(font: str) -> str:
    return (
        f'<w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}" w:cs="{font}"'
        ' w:hint="eastAsia"/>'
    )


def _run_properties_xml(font: str, half_points: int, spacing: int = BODY_CHARACTER_SPACING) -> str:
    return (
        f'<w:rPr>{_fonts_xml(font)}<w:spacing w:val="{spacing}"/>'
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    )


def _doc_defaults_xml() -> str:
    # Language zh-CN drives East Asian line breaking (kinsoku) and font fallback.
    return (
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{_fonts_xml(FANGSONG)}"
        f'<w:sz w:val="{BODY_SIZE_HALF_POINTS}"/><w:szCs w:val="{BODY_SIZE_HALF_POINTS}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN"'
        ' w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
    )


def _normal_style_xml() -> str:
    """Normal = body text without indent: 3号仿宋, exact 28.95 pt lines, justified.

    Widow control is off so every full page holds exactly 22 lines (GB/T 9704-2012 §5.2.2);
    automatic CJK/Latin spacing is off so digits do not push characters off the grid.
    Punctuation may overflow the line (Word's own default, stated for LibreOffice): without
    it LibreOffice hangs a line-final 。，、 into the margin, and the PDF loses it.
    """
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:default="1" w:styleId="Normal">'
        '<w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/>'
        '<w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH_TWIPS}" w:lineRule="exact"/>'
        f'<w:jc w:val="both"/></w:pPr>{_run_properties_xml(FANGSONG, BODY_SIZE_HALF_POINTS)}'
        "</w:style>"
    )


def _paragraph_style_xml(style: _ParagraphStyle) -> str:
    properties = "<w:keepNext/>" if style.keep_next else ""
    if not style.snap_to_grid:
        properties += '<w:snapToGrid w:val="0"/>'
    properties += (
        f'<w:spacing w:before="0" w:after="{style.space_after_twips}"'
        f' w:line="{LINE_PITCH_TWIPS}" w:lineRule="exact"/>'
    )
    if style.first_line_indent:
        properties += f'<w:ind w:firstLineChars="200" w:firstLine="{FIRST_LINE_INDENT_TWIPS}"/>'
    else:
        properties += '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
    properties += f'<w:jc w:val="{style.alignment}"/>'
    if style.outline_level is not None:
        properties += f'<w:outlineLvl w:val="{style.outline_level}"/>'
    custom = "" if style.is_builtin else ' w:customStyle="1"'
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph"{custom}'
        f' w:styleId="{style.style_id}"><w:name w:val="{style.name}"/>'
        f'<w:basedOn w:val="Normal"/><w:next w:val="TonggaoBody"/><w:qFormat/>'
        f"<w:pPr>{properties}</w:pPr>"
        f"{_run_properties_xml(style.font, style.size_half_points, style.character_spacing)}"
        "</w:style>"
    )


def _character_style_xml(style_id: str, name: str, font: str) -> str:
    return (
        f'<w:style {nsdecls("w")} w:type="character" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
        f"<w:rPr>{_fonts_xml(font)}</w:rPr></w:style>"
    )


def _page_number_style_xml() -> str:
    """GB/T 9704-2012 §7.5: 4号半角宋体 page numbers, off the body grid."""
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1"'
        ' w:styleId="TonggaoPageNumber"><w:name w:val="页码"/><w:basedOn w:val="Footer"/>'
        '<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0"'
        f' w:line="{PAGE_NUMBER_LINE_TWIPS}" w:lineRule="exact"/>'
        '<w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr>'
        f"{_run_properties_xml(SONGTI, PAGE_NUMBER_SIZE_HALF_POINTS, 0)}</w:style>"
    )


def _draft_mark_style_xml() -> str:
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1"'
        ' w:styleId="TonggaoDraftMark"><w:name w:val="征求意见稿标记"/><w:basedOn w:val="Header"/>'
        '<w:pPr><w:snapToGrid w:val="0"/><w:ind w:firstLineChars="0" w:firstLine="0"/>'
        f'<w:jc w:val="right"/></w:pPr>{_run_properties_xml(HEITI, BODY_SIZE_HALF_POINTS, 0)}'
        "</w:style>"
    )


def _fonts_table_xml(original: bytes) -> bytes:
    """Declare each face with charset 86 (GB2312) and the Windows name Word can substitute."""
    root = etree.fromstring(original)
    for name, alternative in _FONT_ALTERNATIVES.items():
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>'
                "</w:font>"
            )
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _install_settings(document: WordDocument) -> None:
    settings = document.settings
    # GB/T 9704-2012 §7.5: odd pages number on the right, even pages on the left.
    settings.odd_and_even_pages_header_footer = True
    theme_lang = settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


def _set_page_layout(section: Section) -> None:
    section.page_width = Twips(PAGE_WIDTH_TWIPS)
    section.page_height = Twips(PAGE_HEIGHT_TWIPS)
    section.top_margin = Twips(MARGIN_TOP_TWIPS)
    section.bottom_margin = Twips(MARGIN_BOTTOM_TWIPS)
    section.left_margin = Twips(MARGIN_LEFT_TWIPS)
    section.right_margin = Twips(MARGIN_RIGHT_TWIPS)
    section.header_distance = Twips(HEADER_DISTANCE_TWIPS)
    section.footer_distance = Twips(FOOTER_DISTANCE_TWIPS)
    section.gutter = Twips(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def _set_page_number_footers(section: Section) -> None:
    _replace_content(section.footer.part.element, [_page_number_xml("right")])
    _replace_content(section.even_page_footer.part.element, [_page_number_xml("left")])


def _page_number_xml(side: str) -> str:
    """“— 1 —” with a PAGE field, one character in from the outside edge."""
    dash = (
        '<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
    )
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    indent = f'<w:ind w:{side}="{PAGE_NUMBER_INDENT_TWIPS}"/><w:jc w:val="{side}"/>'
    return (
        f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="TonggaoPageNumber"/>{indent}</w:pPr>'
        f"{dash.format('— ')}{field}{dash.format(' —')}</w:p>"
    )


def _set_draft_headers(section: Section) -> None:
    """征求意见稿 in the odd and even page headers, and a horizontal watermark behind the text."""
    headers = (section.header, section.even_page_header)
    for shape_number, header in enumerate(headers, start=1):
        runs = run_xml(DRAFT_MARK) + _watermark_run_xml(shape_number)
        paragraph = paragraph_xml("TonggaoDraftMark", runs)
        paragraph = paragraph.replace("<w:p>", f"<w:p {nsdecls('w')} {_VML_NAMESPACES}>", 1)
        _replace_content(header.part.element, [paragraph])


def _watermark_run_xml(shape_number: int) -> str:
    """Word's own text-watermark shape (PowerPlusWaterMarkObject): Word and LibreOffice both
    recognise it as a watermark, and it repeats on every page through the header. Horizontal,
    because LibreOffice 7.4 shifts a rotated one off the centre of the page."""
    return (
        '<w:r><w:rPr><w:noProof/></w:rPr><w:pict><v:shapetype id="_x0000_t136"'
        ' coordsize="21600,21600" o:spt="136" adj="10800"'
        ' path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
        + "".join(f'<v:f eqn="{eqn}"/>' for eqn in _TEXTPATH_FORMULAS)
        + '</v:formulas><v:path textpathok="t" o:connecttype="custom"'
        ' o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
        '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight"'
        ' xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/>'
        f'</v:shapetype><v:shape id="PowerPlusWaterMarkObject{shape_number}"'
        f' o:spid="_x0000_s{2048 + shape_number}" type="#_x0000_t136"'
        ' style="position:absolute;margin-left:0;margin-top:0;width:400pt;height:80pt;'
        "z-index:-251657216;mso-position-horizontal:center;"
        "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
        'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="silver"'
        ' stroked="f"><v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;{HEITI}&quot;;font-size:1pt"'
        f' string="{DRAFT_MARK}"/><w10:wrap anchorx="margin" anchory="margin"/>'
        "</v:shape></w:pict></w:r>"
    )


_VML_NAMESPACES = (
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
_TEXTPATH_FORMULAS = (
    "sum #0 0 10800",
    "prod #0 2 1",
    "sum 21600 0 @1",
    "sum 0 0 @2",
    "sum 21600 0 @3",
    "if @0 @3 0",
    "if @0 21600 @1",
    "if @0 0 @2",
    "if @0 @4 21600",
    "mid @5 @6",
    "mid @8 @5",
    "mid @7 @8",
    "mid @6 @7",
    "sum @6 0 @5",
)


def _replace_content(container: object, paragraphs_xml: Iterable[str]) -> None:
    for child in list(container):
        container.remove(child)
    for xml in paragraphs_xml:
        container.append(parse_xml(xml))
