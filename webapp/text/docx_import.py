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
from docx.oxml.numbering import CT_Numbering
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


# Heading-styled paragraphs without Word numbering are counted together, as one outline.
STYLE_COUNTER = "styles"


class CorruptDocx(ValueError):
    """The bytes are not a readable .docx file; the message is shown to the user."""


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
    """The outline of a .docx report; raises CorruptDocx for anything Word could not open."""
    blocks = list(_blocks(_open(data)))
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
        return docx.Document(io.BytesIO(data))
    except _OPEN_ERRORS as error:
        raise CorruptDocx("无法读取该 Word 文件：文件已损坏或不是 .docx 格式") from error


def _blocks(document: Document) -> Iterator[_Block]:
    """Paragraphs and table rows in document order."""
    numbering = _numbering_root(document)
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield _paragraph_block(Paragraph(child, document), numbering)
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


def _numbering_root(document: Document) -> CT_Numbering | None:
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _paragraph_block(paragraph: Paragraph, numbering: CT_Numbering | None) -> _Block:
    style_name = paragraph.style.name if paragraph.style is not None else ""
    if style_name.strip().lower() in _TITLE_STYLES:
        return _Block(paragraph.text, is_title=True)
    num_id, depth = _num_pr(paragraph)
    heading = _HEADING_STYLE.fullmatch(style_name.strip())
    if heading and 1 <= int(heading.group(1)) <= MAX_LEVEL:
        level = int(heading.group(1))
        if num_id:
            return _Block(paragraph.text, level, f"num:{num_id}", depth)
        return _Block(paragraph.text, level, STYLE_COUNTER, level - 1)
    level = _list_level(numbering, num_id, depth) if num_id else None
    if level is None:
        return _Block(paragraph.text)
    return _Block(paragraph.text, level, f"num:{num_id}", depth)


def _num_pr(paragraph: Paragraph) -> tuple[str | None, int]:
    """(numId, ilvl) of the paragraph's numbering, from the paragraph or its styles."""
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for p_pr in candidates:
        num_pr = p_pr.numPr if p_pr is not None else None
        if num_pr is not None and num_pr.numId is not None:
            num_id = str(num_pr.numId.val)
            depth = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
            return (None, 0) if num_id == "0" else (num_id, depth)
    return None, 0


def _list_level(numbering: CT_Numbering | None, num_id: str, depth: int) -> int | None:
    """GB/T 9704 level of a Word list level: 一、→1, （一）→2, 1.→3, （1）→4, bullets → None."""
    if numbering is None:
        return None
    abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
    if not abstract:
        return None
    lvl = f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{depth}"]'
    formats = numbering.xpath(f"{lvl}/w:numFmt/@w:val")
    texts = numbering.xpath(f"{lvl}/w:lvlText/@w:val")
    bracketed = any(ch in (texts[0] if texts else "") for ch in "（(")
    if formats and formats[0] in _CHINESE_FORMATS:
        return 2 if bracketed else 1
    if formats and formats[0] in _ARABIC_FORMATS:
        return 4 if bracketed else 3
    return None


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
