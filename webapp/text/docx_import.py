"""Import a Word (.docx) report into a section tree.

Word documents carry structure the plain text lacks: Heading 1–4 (标题 1–4) styles, the
Title (标题) style, and automatic numbering whose numbers are not in the paragraph text.
Each paragraph becomes one line for `outline.parse`; a heading or numbered paragraph whose
text has no typed number gets the number Word would show, in GB/T 9704 form (一、 （一）
1. （1）), so the text rules see the structure. Without styles or numbering the document is
read exactly as its plain text would be. Table rows become lines with cells separated by tabs.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from webapp.text.nodes import MAX_LEVEL, Outline
from webapp.text.numbering import render_number
from webapp.text.outline import is_part_like, match_number, parse, parse_sections

_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "标题"})
# Word number formats that write Chinese numerals (一、 or （一）) and Arabic ones (1. or （1）).
_CHINESE_FORMATS = frozenset(
    {
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "ideographTraditional",
        "ideographDigital",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    }
)
_ARABIC_FORMATS = frozenset({"decimal", "decimalZero", "decimalFullWidth", "decimalHalfWidth"})
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
_OPEN_ERRORS = (
    PackageNotFoundError,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    EOFError,
    etree.XMLSyntaxError,
)


# Limits against zip bombs and CPU exhaustion; a long real report is far below each of them.
MAX_DOCX_ENTRIES = 1000
MAX_DOCX_INFLATED_BYTES = 64 * 2**20
MAX_DOCX_BLOCKS = 20_000
# A parsed XML element costs ~115 bytes: one million is ~115 MB, and ~40 elements for each of
# MAX_DOCX_BLOCKS paragraphs. 60 MiB of empty paragraphs would otherwise be ~10 million.
MAX_DOCX_XML_ELEMENTS = 1_000_000
_XML_PARTS = (".xml", ".rels")
# Word's list levels are ilvl 0–8.
MAX_WORD_DEPTH = 8

# Heading-styled paragraphs without Word numbering are counted together, as one outline.
STYLE_COUNTER = "styles"


class CorruptDocx(ValueError):
    """The bytes are not a readable .docx file; the message is shown to the user."""


class DocxTooLarge(CorruptDocx):
    """Readable, perhaps, but bigger than any report: refused before it costs memory or time."""


@dataclass(frozen=True)
class _Block:
    """One paragraph (or table row) with the structure Word gives it."""

    text: str
    level: int | None = None  # numbering level 1–4 from a heading style or list numbering
    counter: str = STYLE_COUNTER  # which sequence counts it: a Word numId, or the heading styles
    depth: int = 0  # position within that sequence: Word's ilvl, or heading level − 1
    is_title: bool = False


@dataclass
class _Counters:
    """Numbers Word would display, per numbering sequence and level."""

    counts: dict[str, list[int]] = field(default_factory=dict)

    def next(self, counter: str, depth: int) -> int:
        levels = self.counts.setdefault(counter, [0] * 9)
        levels[depth] += 1
        levels[depth + 1 :] = [0] * (len(levels) - depth - 1)
        return levels[depth]

    def restart(self, counter: str) -> None:
        self.counts.pop(counter, None)


def parse_docx(data: bytes) -> Outline:
    """The outline of a .docx report; raises CorruptDocx for anything Word could not open,
    and DocxTooLarge for one that would take more memory or time than a report needs."""
    document = _open(data)
    blocks = list(_blocks(document))
    lines = _numbered_lines(blocks)
    title_at = next((i for i, block in enumerate(blocks) if block.is_title), None)
    if title_at is None:
        return parse("\n".join(lines))
    dropped = tuple(line.strip() for line in lines[:title_at] if line.strip())
    return Outline(blocks[title_at].text.strip(), parse_sections(lines[title_at + 1 :]), dropped)


def _open(data: bytes) -> Document:
    if data.startswith(_OLE_SIGNATURE):
        raise CorruptDocx("这是旧版 Word（.doc）或 WPS 文件，请另存为 .docx 后再导入")
    try:
        _check_archive(data)
        return docx.Document(io.BytesIO(data))
    except DocxTooLarge:
        raise
    except _OPEN_ERRORS as error:
        raise CorruptDocx("无法读取该 Word 文件：文件已损坏或不是 .docx 格式") from error


def _check_archive(data: bytes) -> None:
    """Refuse a zip bomb from its directory alone, before anything is inflated.

    zipfile never returns more than an entry's declared size (more fails its CRC check), so
    the declared sizes bound what python-docx can read into memory."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        if len(entries) > MAX_DOCX_ENTRIES:
            raise DocxTooLarge(
                f"Word 文件包含的部件过多（{len(entries)} 个，上限 {MAX_DOCX_ENTRIES}）"
            )
        inflated = sum(entry.file_size for entry in entries)
        if inflated > MAX_DOCX_INFLATED_BYTES:
            limit_mib = MAX_DOCX_INFLATED_BYTES // 2**20
            raise DocxTooLarge(
                f"Word 文件解压后过大（{inflated // 2**20} MiB，上限 {limit_mib} MiB）"
            )
        _count_xml_elements(archive)


def _count_xml_elements(archive: zipfile.ZipFile) -> None:
    """Stream every XML part once, in bounded memory, before python-docx builds trees of them."""
    total = 0
    for entry in archive.infolist():
        if not entry.filename.endswith(_XML_PARTS):
            continue
        with archive.open(entry) as stream:
            events = etree.iterparse(
                stream, events=("end",), resolve_entities=False, no_network=True
            )
            for _, element in events:
                total += 1
                if total > MAX_DOCX_XML_ELEMENTS:
                    raise DocxTooLarge("Word 文件结构过于复杂（XML 元素过多），请精简后再导入")
                element.clear()  # and drop finished siblings: the tree never grows
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]


def _blocks(document: Document) -> Iterator[_Block]:
    """Paragraphs and table rows in document order."""
    body = document.element.body
    if len(body) > MAX_DOCX_BLOCKS:
        raise DocxTooLarge(f"Word 文件段落过多（{len(body)} 段，上限 {MAX_DOCX_BLOCKS}）")
    styles = _Styles.of(document)
    numbering = _Numbering.of(document)
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield _paragraph_block(Paragraph(child, document), styles, numbering)
        elif child.tag == qn("w:tbl"):
            for row in Table(child, document).rows:
                yield _Block("\t".join(_unique_cell_texts(row.cells)))


def _unique_cell_texts(cells: list[_Cell]) -> list[str]:
    # A merged cell is returned once per grid column it spans; keep its text once.
    texts, seen = [], set()
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            texts.append(cell.text)
    return texts


@dataclass(frozen=True)
class _Style:
    """What the import needs of a paragraph style: its name and inherited list numbering."""

    name: str
    num_pr: tuple[str | None, int] | None  # (numId, ilvl) from the style or a base style


@dataclass(frozen=True)
class _Styles:
    """Paragraph styles resolved once per document (python-docx scans every style on every
    lookup, which made 30,000 paragraphs take 42 s)."""

    by_id: dict[str, _Style]
    default: _Style

    @classmethod
    def of(cls, document: Document) -> _Styles:
        elements = {
            element.get(qn("w:styleId")): element
            for element in document.styles.element.iterchildren(qn("w:style"))
            if element.get(qn("w:type")) == "paragraph"
        }
        by_id = {style_id: _resolve(style_id, elements) for style_id in elements}
        default_id = next(
            (i for i, e in elements.items() if e.get(qn("w:default")) in ("1", "true")), None
        )
        return cls(by_id, by_id.get(default_id, _Style("", None)))

    def of_paragraph(self, paragraph: Paragraph) -> _Style:
        return self.by_id.get(paragraph._p.style, self.default)


def _resolve(style_id: str, elements: dict) -> _Style:
    element = elements[style_id]
    name_element = element.find(qn("w:name"))
    name = _val(name_element) or ""  # the stored name ("heading 1"): matched ignoring case
    seen: set[str] = set()
    while element is not None and style_id not in seen:  # basedOn may form a cycle
        seen.add(style_id)
        num_pr = _own_num_pr(element.find(qn("w:pPr")))
        if num_pr is not None:
            return _Style(name, num_pr)
        style_id = _val(element.find(qn("w:basedOn")))
        element = elements.get(style_id)
    return _Style(name, None)


def _val(element) -> str | None:
    return None if element is None else element.get(qn("w:val"))


def _own_num_pr(p_pr) -> tuple[str | None, int] | None:
    """(numId, ilvl) written on this pPr; (None, 0) when numbering is switched off (numId 0)."""
    num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
    num_id = _val(num_pr.find(qn("w:numId"))) if num_pr is not None else None
    if num_id is None:
        return None
    if num_id == "0":
        return None, 0
    ilvl = _val(num_pr.find(qn("w:ilvl")))
    return num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0


@dataclass(frozen=True)
class _Numbering:
    """Word list definitions as dictionaries: no XPath is ever built from document text."""

    abstract_of: dict[str, str]  # numId → abstractNumId
    levels: dict[tuple[str, int], tuple[str, str]]  # (abstractNumId, ilvl) → (numFmt, lvlText)

    @classmethod
    def of(cls, document: Document) -> _Numbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return cls({}, {})
        abstract_of = {
            num.get(qn("w:numId")): _val(num.find(qn("w:abstractNumId")))
            for num in root.iterchildren(qn("w:num"))
        }
        levels = {}
        for abstract in root.iterchildren(qn("w:abstractNum")):
            for lvl in abstract.iterchildren(qn("w:lvl")):
                ilvl = lvl.get(qn("w:ilvl")) or ""
                if ilvl.isdigit():
                    key = (abstract.get(qn("w:abstractNumId")), int(ilvl))
                    levels[key] = (
                        _val(lvl.find(qn("w:numFmt"))) or "",
                        _val(lvl.find(qn("w:lvlText"))) or "",
                    )
        return cls(abstract_of, levels)

    def level(self, num_id: str, depth: int) -> int | None:
        """GB/T 9704 level of a list level: 一、→1, （一）→2, 1.→3, （1）→4, bullets → None."""
        number_format, text = self.levels.get((self.abstract_of.get(num_id), depth), ("", ""))
        bracketed = any(ch in text for ch in "（(")
        if number_format in _CHINESE_FORMATS:
            return 2 if bracketed else 1
        if number_format in _ARABIC_FORMATS:
            return 4 if bracketed else 3
        return None


def _paragraph_block(paragraph: Paragraph, styles: _Styles, numbering: _Numbering) -> _Block:
    style = styles.of_paragraph(paragraph)
    if style.name.strip().lower() in _TITLE_STYLES:
        return _Block(paragraph.text, is_title=True)
    num_id, depth = _own_num_pr(paragraph._p.pPr) or style.num_pr or (None, 0)
    depth = min(depth, MAX_WORD_DEPTH)
    heading = _HEADING_STYLE.fullmatch(style.name.strip())
    if heading and 1 <= int(heading.group(1)) <= MAX_LEVEL:
        level = int(heading.group(1))
        if num_id:
            return _Block(paragraph.text, level, f"num:{num_id}", depth)
        return _Block(paragraph.text, level, STYLE_COUNTER, level - 1)
    level = numbering.level(num_id, depth) if num_id else None
    if level is None:
        return _Block(paragraph.text)
    return _Block(paragraph.text, level, f"num:{num_id}", depth)


def _numbered_lines(blocks: list[_Block]) -> list[str]:
    """Paragraph texts, with the number Word displays put in front of numbered ones."""
    counters = _Counters()
    lines = []
    for block in blocks:
        text = block.text
        if block.level is None:
            if is_part_like(text):
                counters.restart(STYLE_COUNTER)  # a part heading restarts unnumbered headings
            lines.append(text)
            continue
        index = counters.next(block.counter, block.depth)
        if match_number(text) is None:
            text = render_number(block.level, index) + text.strip()
        lines.append(text)
    return lines
